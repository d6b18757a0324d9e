"""What keeps a big news section fast: listings read in date order from the index, counts and the
sidebar fragments computed once per change, the same queries on any page, and a search index
with planner statistics. Query counts and plans only: times are for bench/, never for tests."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cchc_pages.models import NewsArticlePage, NewsTag

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans")


def local(y, m, d, h=9):
    return timezone.make_aware(datetime.datetime(y, m, d, h))


def captured(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


@sqlite_only
def test_listings_and_neighbour_boxes_read_the_date_index_without_sorting(news_index, make_article):
    """A page of ten costs the same with 50,000 articles as with 5: nothing reads and sorts the
    whole section (SQLite's plan says "USE TEMP B-TREE FOR ORDER BY" when it does)."""
    articles = [make_article(date=local(2024, 1, day), tags=["một cửa"]) for day in range(1, 4)]
    middle = NewsArticlePage.objects.get(pk=articles[1].pk)
    tag = NewsTag.objects.get(name="một cửa")
    tag_archive, _, _ = news_index._filter("tag", tag.slug)
    for queryset in (news_index.articles()[:10], middle._after(5), middle._before(5), tag_archive[10:20]):
        found = plan(queryset)
        assert "TEMP B-TREE" not in found, found
        assert "newsarticlepage_date" in found, found
    assert [a.pk for a in middle.newer_articles()] == [articles[2].pk]
    assert [a.pk for a in middle.older_articles()] == [articles[0].pk]
    assert [a.pk for a in tag_archive] == [a.pk for a in reversed(articles)]


def test_every_listing_page_costs_the_same_queries_and_counts_once_per_change(client, news_index, make_article):
    news_index.per_page = 2
    news_index.save_revision().publish()
    for day in range(1, 6):
        make_article(title=f"Tin ngày {day}", date=local(2024, 3, day), tags=["một cửa"])
    for url in ("/tin-tuc/", "/tin-tuc/the/mot-cua/", "/tin-tuc/2024/3/"):
        client.get(url)  # the first reader counts the articles and renders the sidebar
        second, second_sql = captured(client, f"{url}?page=2")  # pages not rendered yet
        last, last_sql = captured(client, f"{url}?page=3")
        assert len(second_sql) == len(last_sql), url
        assert not [sql for sql in second_sql + last_sql if "COUNT(" in sql.upper()], url
        assert "Trang 3/3" in last.content.decode(), url
    for day in (1, 2):  # two more articles: a fourth page, shown at once although the count is kept
        make_article(title=f"Tin tháng tư {day}", date=local(2024, 4, day), tags=["một cửa"])
    for url in ("/tin-tuc/", "/tin-tuc/the/mot-cua/"):
        last = client.get(f"{url}?page=4")
        assert last.status_code == 200 and "Trang 4/4" in last.content.decode(), url
        assert "Tin ngày 1" in last.content.decode(), url


def test_month_archive_and_calendar_are_rendered_once_and_follow_publishing(client, news_index, make_article):
    make_article(title="Tin tháng ba", date=local(2024, 3, 5))
    client.get("/tin-tuc/")
    again, sql = captured(client, "/tin-tuc/")
    assert not [q for q in sql if "django_datetime_trunc" in q or "DATE_TRUNC" in q.upper()]
    html = again.content.decode()
    assert 'href="/tin-tuc/2024/3/5/"' in html and 'href="/tin-tuc/2024/3/"' in html
    late = make_article(title="Tin tháng tư", date=local(2024, 4, 9))
    html = client.get("/tin-tuc/").content.decode()
    assert 'href="/tin-tuc/2024/4/9/"' in html  # the calendar moved to the newest article's month
    assert 'href="/tin-tuc/2024/4/"' in html and "(1)" in html
    late.unpublish()
    html = client.get("/tin-tuc/").content.decode()
    assert 'href="/tin-tuc/2024/4/9/"' not in html and 'href="/tin-tuc/2024/3/5/"' in html


@sqlite_only
def test_rebuilding_the_search_index_leaves_planner_statistics(news_index, make_article):
    make_article(title="Thí điểm mô hình Một cửa tại Đà Nẵng")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    call_command("update_index", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'wagtailsearch_indexentry'")
        assert cursor.fetchone()[0] > 0


def test_search_folds_diacritics_and_d_and_runs_the_match_once(client, news_index, make_article):
    found = make_article(title="Thí điểm mô hình Một cửa tại Đà Nẵng", date=local(2024, 5, 1))
    make_article(title="Tin khác về dịch vụ công", date=local(2024, 5, 2))
    for query in ("thí điểm đà nẵng", "THI DIEM DA NANG", "thi diem da nang"):
        response, sql = captured(client, f"/cchc/tim-kiem/?q={query}")
        html = response.content.decode()
        assert found.title in html and "Tin khác về dịch vụ công" not in html, query
    if connection.vendor == "sqlite":
        # The MATCH stands in a subquery of its own, not in a join SQLite repeats per index row.
        match = [q for q in sql if " MATCH " in q]
        assert match and all("INNER JOIN" not in q.split(" MATCH ")[0].rsplit("IN (", 1)[-1] for q in match)


def test_article_boxes_are_built_once_and_follow_publishing(client, news_index, make_article, category):
    older = make_article(title="Tin cũ cùng chuyên mục", date=local(2024, 6, 1), categories=[category])
    article = make_article(title="Tin đang đọc", date=local(2024, 6, 2), categories=[category])
    first, first_sql = captured(client, article.url)
    again, again_sql = captured(client, article.url)
    assert len(again_sql) <= len(first_sql) - 3  # related, newer and older: from the cache
    html = again.content.decode()
    assert older.title in html and "Tin mới hơn nữa" not in html
    newer = make_article(title="Tin mới hơn nữa", date=local(2024, 6, 3), categories=[category])
    html = client.get(article.url).content.decode()
    assert newer.title in html.split('id="cchc-newer-title"')[1]
    newer.unpublish()
    assert newer.title not in client.get(article.url).content.decode()


def test_a_repeated_search_is_kept_rendered_until_news_is_published(client, news_index, make_article):
    """The site search and a section's search keep their results per query and page: asked again,
    no article is read or counted; a newly published article is found at once."""
    make_article(title="Thí điểm một cửa số 1", date=local(2024, 5, 1))
    for url in ("/cchc/tim-kiem/?q=thi+diem", "/tin-tuc/?q=thi+diem"):
        first, _sql = captured(client, url)
        again, sql = captured(client, url)
        assert "Thí điểm một cửa số 1" in again.content.decode()
        assert not any("cchc_pages_newsarticlepage" in q for q in sql), url
        make_article(title=f"Thí điểm một cửa mới {url}", date=local(2024, 5, 2))
        fresh = client.get(url).content.decode()
        assert f"Thí điểm một cửa mới {url}" in fresh and "Thí điểm một cửa số 1" in fresh
