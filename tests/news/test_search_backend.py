"""The site's search backend (cchc_pages.core.search) as readers and editors meet it: folded
queries ("cai cach", "dang ky") find what is written with diacritics and đ, through the site's
searches and through Wagtail's own search API; odd queries never fail; a search page costs the
same queries for one hit or many; on SQLite the folded index holds each text once, follows edits
and deletions, and never holds what only moderators may see."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cchc_pages.core import search_table
from cchc_pages.models import DocumentIndexPage, DocumentPage, NewsArticlePage, search_articles

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the folded FTS5 index is SQLite's")

ODD_QUERIES = [
    "",
    " ",
    "cải cách " * 125,  # 1,000 characters
    "!!! ... ??? ,,, ;;;",
    '"',
    '""',
    "'",
    "*",
    "cai*",
    "NEAR(cai cach)",
    "NEAR",
    "-",
    "-cai",
    "cai -cach",
    "OR",
    "cai OR cach",
    "AND NOT",
    "(",
    ")",
    "title:cai",
    "{title body}: cai",
    "^cai",
    "đ",
    "\x00",
]


@pytest.fixture
def articles(make_article):
    return {
        "reform": make_article(title="Cải cách hành chính ở Bạc Liêu", sapo="Tuyên truyền sâu rộng."),
        "birth": make_article(title="Đăng ký khai sinh trực tuyến", sapo="Người dân đăng ký tại nhà."),
        "other": make_article(title="Tin thể thao", sapo="Không liên quan."),
    }


def test_folded_and_written_queries_find_the_same_articles(articles):
    reform, birth = articles["reform"].pk, articles["birth"].pk
    for query in ("cai cach", "cải cách", "CẢI CÁCH", "Cai Cách", "bac lieu"):
        assert [p.pk for p in search_articles(query)] == [reform], query
    for query in ("dang ky", "đăng ký", "ĐĂNG KÝ", "Dang Ky khai sinh", "khai sinh truc tuyen"):
        assert [p.pk for p in search_articles(query)] == [birth], query


def test_wagtails_search_api_folds_too(articles):
    """The admin's page search and any code of the site call Wagtail's API, ranked by relevance."""
    birth = articles["birth"].specific
    for query in ("đăng ký", "dang ky", "ĐĂNG KÝ"):
        assert [p.pk for p in Page.objects.live().search(query)] == [birth.pk], query
    assert [p.pk for p in NewsArticlePage.objects.search("khai sinh", operator="or")][:1] == [birth.pk]
    assert birth.pk in [p.pk for p in Page.objects.autocomplete("Đăng")]
    assert birth.pk in [p.pk for p in Page.objects.autocomplete("dang k")]


def test_search_follows_edits_and_deletions(articles):
    birth = articles["birth"]
    birth.title = "Đăng ký kết hôn trực tuyến"
    birth.save_revision().publish()
    assert [p.pk for p in search_articles("ket hon")] == [birth.pk]
    assert search_articles("khai sinh truc tuyen").count() == 0
    birth.delete()
    assert search_articles("ket hon").count() == 0
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {search_table.FTS_TABLE} WHERE {search_table.FTS_TABLE} MATCH 'hon'")
            assert cursor.fetchone()[0] == 0


@sqlite_only
def test_the_text_is_kept_once_folded_and_wagtails_copy_is_empty(articles):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(LENGTH(title) + LENGTH(COALESCE(body, '')) + LENGTH(COALESCE(autocomplete, ''))), 0) "
            "FROM wagtailsearch_indexentry_fts"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(f"SELECT title || ' ' || body FROM {search_table.TEXT_TABLE}")
        texts = " ".join(row[0] for row in cursor.fetchall())
    assert "Dang ky khai sinh" in texts and "đ" not in texts.lower() and "ả" not in texts


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_never_fail(client, articles, query):
    for url in ("/cchc/tim-kiem/", "/tin-tuc/"):
        response = client.get(url, {"q": query})
        assert response.status_code < 500, (url, query)
    assert response.status_code in (200, 400)


def test_odd_queries_in_the_admin_page_search(admin_client, articles):
    for query in ODD_QUERIES:
        assert admin_client.get("/admin/pages/search/", {"q": query}).status_code == 200, query


def test_a_search_page_costs_the_same_queries_for_one_hit_or_many(client, make_article):
    make_article(title="Thí điểm mô hình mới", tags=["một cửa"])
    for n in range(12):
        make_article(title=f"Cải cách hành chính số {n}", tags=["một cửa"])
    counts = {}
    for query in ("thi diem", "cai cach"):
        client.get("/cchc/tim-kiem/", {"q": query})  # warm: site root paths
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/cchc/tim-kiem/", {"q": query}).content.decode()
        counts[query] = len(ctx.captured_queries)
        assert ("Thí điểm mô hình mới" in html) == (query == "thi diem")
    assert counts["thi diem"] == counts["cai cach"], counts


def test_a_first_search_asks_the_index_for_its_breadth_count_and_page_only(client, make_article):
    """A query string nobody asked before: one look at how broad the word is (SQLite), one count
    that stops at the limit, one page; the same for a rare word and a word in every article."""
    make_article(title="Thí điểm mô hình mới")
    for n in range(4):
        make_article(title=f"Cải cách hành chính số {n}")
    client.get("/cchc/tim-kiem/", {"q": "warm"})
    index_table = search_table.FTS_TABLE if connection.vendor == "sqlite" else "wagtailsearch_indexentry"
    for query, shown in (("thi diem", 1), ("cai cach", 4), ("Thi Diem", 1), ("CAI cach", 4)):
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/cchc/tim-kiem/", {"q": query}).content.decode()
        assert f"{shown} kết quả cho “{query}”" in html, query
        searches = [q["sql"] for q in ctx.captured_queries if index_table in q["sql"]]
        assert len(searches) == (3 if connection.vendor == "sqlite" else 2), searches


def test_document_search_folds_diacritics_and_d(client, home):
    index = home.add_child(instance=DocumentIndexPage(title="Văn bản", slug="van-ban", per_page=10))
    index.save_revision().publish()
    for title in ("Kế hoạch đăng ký kinh doanh trực tuyến", "Báo cáo cải cách hành chính"):
        page = index.add_child(
            instance=DocumentPage(
                title=title, issuing_body="UBND tỉnh Bắc Kạn", summary=title, issue_date=datetime.date(2026, 7, 1)
            )
        )
        page.save_revision().publish()
    for query, wanted in (("dang ky kinh doanh", 0), ("ĐĂNG KÝ", 0), ("cai cach", 1), ("cải cách hành chính", 1)):
        html = client.get(index.url, {"q": query}).content.decode()
        titles = ["Kế hoạch đăng ký kinh doanh trực tuyến", "Báo cáo cải cách hành chính"]
        assert [t for t in titles if t in html] == [titles[wanted]], query


def test_a_broad_search_is_counted_up_to_the_limit(client, make_article, settings, django_assert_max_num_queries):
    """A word in most articles: the page says "more than N", shows the newest, and the count is
    one query that stops at the limit."""
    settings.CCHC_SEARCH_COUNT_LIMIT = 3
    settings.CCHC_NEWS_PER_PAGE = 2
    for day in range(1, 6):
        make_article(
            title=f"Cải cách hành chính ngày {day}", date=datetime.datetime(2026, 3, day, 8, tzinfo=datetime.UTC)
        )
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/cchc/tim-kiem/", {"q": "cai cach"}).content.decode()
    assert "Hơn 3 kết quả cho “cai cach”" in html
    assert html.index("ngày 5") < html.index("ngày 4") and "ngày 3" not in html  # the newest first
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"] and "newsarticlepage" in q["sql"]]
    assert len(counts) == 1 and "LIMIT 4" in counts[0]
    assert "Trang 2/2" in client.get("/cchc/tim-kiem/", {"q": "cai cach", "page": 2}).content.decode()
    assert client.get("/cchc/tim-kiem/", {"q": "cai cach", "page": 3}).status_code == 404
    exact = client.get("/cchc/tim-kiem/", {"q": "ngay 5"}).content.decode()
    assert "1 kết quả cho “ngay 5”" in exact and "Hơn" not in exact


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the vector index is PostgreSQL's")
def test_postgresql_matches_through_the_index_of_title_and_body(articles):
    """The site's searches match ``title || body``, the expression migration 0013 indexes (Wagtail
    matches it on every entry): with sequential scans off, the plan reads the index."""
    results = search_articles("bac lieu")
    assert [p.pk for p in results] == [articles["reform"].pk]
    with CaptureQueriesContext(connection) as ctx:
        assert search_articles("bac lieu").count() == 1
    sql = ctx.captured_queries[-1]["sql"]
    assert "EXISTS" in sql and "ORDER BY" not in sql  # a count needs no order: the planner picks the walk
    match = "(U0.\"title\" || U0.\"body\") @@ (to_tsquery('cchc_folded'::regconfig, '''bac'''))"
    assert match.split(" @@ ")[0] in sql.replace('"U0"', "U0")  # Django 6.1 quotes the alias
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN SELECT U0.id FROM wagtailsearch_indexentry U0 WHERE {match}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "cchc_search_vector_gin" in plan, plan


def _search_sql(query):
    with CaptureQueriesContext(connection) as ctx:
        results = search_articles(query)
        found = [p.pk for p in results]
        count = results[:1001].count()
    return found, count, [q["sql"] for q in ctx.captured_queries]


@sqlite_only
def test_a_word_in_most_entries_reads_the_articles_in_their_order(articles, make_article, monkeypatch):
    """Past BROAD_MATCHES matching entries, SQLite walks the articles in the listing's order instead
    of sorting every match: asking the index entry by entry (``rowid = ? AND MATCH``) when the word
    is in nearly all of the newest entries, else keeping those in the matches (the ``+pk`` form).
    The results and their count are the same on every path."""
    from cchc_pages.core import search

    make_article(title="Cải cách hành chính ở Hà Nội", date=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    few = _search_sql("cai cach")
    monkeypatch.setattr(search, "BROAD_MATCHES", 0)
    monkeypatch.setattr(search, "MOST_MATCHES", 0)
    most = _search_sql("cai cach")
    monkeypatch.setattr(search, "MOST_MATCHES", 1.01)  # no word fills more than every entry
    many = _search_sql("cai cach")
    assert few[:2] == most[:2] == many[:2] and len(few[0]) == few[1] == 2
    page = [q for q in most[2] if "cchc_pages_newsarticlepage" in q and "COUNT(" not in q][0]
    assert 'U0."rowid" = (V0."id")' in page.replace("U0.rowid", 'U0."rowid"') and "+" not in page.split("MATCH")[0]
    assert any('+"cchc_pages_newsarticlepage"."page_ptr_id" IN' in q for q in many[2])


@sqlite_only
def test_a_word_of_old_articles_only_is_not_asked_entry_by_entry(make_article, monkeypatch):
    """A word in many entries but not in the newest ones ("2019" over years of news): walking the
    newest articles and asking the index about each would ask about every newer one first."""
    from cchc_pages.core import search

    monkeypatch.setattr(search, "BROAD_MATCHES", 2)
    old = [make_article(title=f"Tổng kết năm 2019 số {n}") for n in range(3)]
    newer = [make_article(title=f"Tin mới số {n}") for n in range(6)]
    found, count, sql = _search_sql("2019")
    assert count == 3 and set(found) == {p.pk for p in old}
    assert any('+"cchc_pages_newsarticlepage"."page_ptr_id" IN' in q for q in sql)
    found, count, sql = _search_sql("tin moi")
    assert count == 6 and found == [p.pk for p in reversed(newer)]  # newest first
    assert not any('+"cchc_pages_newsarticlepage"."page_ptr_id" IN' in q for q in sql)


@sqlite_only
def test_a_search_is_counted_from_the_index_and_stops_at_the_limit(articles, make_article):
    """The count walks the index's matches and keeps those whose article is live, stopping at the
    limit: no sort, and the same number as counting the listing."""
    draft = make_article(title="Cải cách hành chính bản nháp")
    draft.unpublish()
    make_article(title="Cải cách hành chính ở Hà Nội")
    with CaptureQueriesContext(connection) as ctx:
        assert search_articles("cai cach")[:1001].count() == 2
        assert search_articles("cai cach")[:1].count() == 1
        assert search_articles("cai cach")[1:5].count() == 1
        assert search_articles("cai cach").count() == 2
    counts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(*) FROM (SELECT")]
    counts = [q for q in counts if "cchc_pages_newsarticlepage" in q]
    assert len(counts) == 3 and all('FROM "cchc_search_fts" WHERE' in q and "ORDER BY" not in q for q in counts)
    assert "LIMIT 1001" in counts[0]
    # Wagtail's API counts what it lists: pages of several types (the section's page matches too)
    pages = Page.objects.live().search("cai cach", order_by_relevance=False)
    assert pages.count() == len(list(pages)) == 3
