"""The news index and articles keep their rendered cards, body and boxes in the cache: the queries
of a reading do not grow with the section, and what editors publish shows at once. Query counts
only: times are for bench/."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cchc_pages.models import Hotline, NewsArticlePage, NewsIndexPage

# On the stock test site: the site, the section's route, its privacy check and the visit
# counter; an article adds itself and its view counter.
INDEX_QUERIES, ARTICLE_QUERIES = 6, 8


def local(day, month=3):
    return timezone.make_aware(datetime.datetime(2025, month, day, 9))


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def cold_and_warm(client, url):
    cache.clear()  # as after a publication: nothing rendered yet
    return queries(client, url), queries(client, url)


def test_index_and_article_cost_the_same_queries_with_3_or_15_articles(client, news_index, make_article):
    def measure():
        article = NewsArticlePage.objects.live().order_by("date")[1]
        return [cold_and_warm(client, url) for url in ("/tin-tuc/", "/tin-tuc/?page=2", article.url)]

    news_index.per_page = 2  # a second page with 3 articles as with 15
    news_index.save_revision().publish()
    for day in range(1, 4):
        make_article(date=local(day), tags=["một cửa", "kế hoạch"][: day % 3])
    small = measure()
    for day in range(4, 16):
        make_article(date=local(day, month=4 + day % 3), tags=["một cửa"])
    big = measure()
    assert big == small
    (index_cold, index_warm), _, (article_cold, article_warm) = big
    assert index_warm <= INDEX_QUERIES < index_cold
    assert article_warm <= ARTICLE_QUERIES < article_cold


def test_what_editors_publish_shows_at_once_in_the_cached_parts(client, news_index, make_article, category):
    reading = make_article(title="Tin đang đọc", date=local(2), categories=[category], tags=["một cửa"])
    for url in ("/tin-tuc/", reading.url, "/tin-tuc/the/mot-cua/"):
        client.get(url)  # rendered and kept

    newer = make_article(title="Tin mới đăng", date=local(3), categories=[category], tags=["một cửa"])
    assert "Tin mới đăng" in client.get("/tin-tuc/").content.decode()
    assert "Tin mới đăng" in client.get("/tin-tuc/the/mot-cua/").content.decode()
    boxes = client.get(reading.url).content.decode().split('id="cchc-newer-title"')
    assert len(boxes) == 2 and "Tin mới đăng" in boxes[1]

    reading.title = "Tin đang đọc, đã sửa"
    reading.save_revision().publish()
    html = client.get(reading.url).content.decode()
    assert "<h1" in html and "Tin đang đọc, đã sửa</h1>" in html
    assert "Tin đang đọc, đã sửa" in client.get("/tin-tuc/").content.decode()

    category.name = "Chuyên mục đổi tên"
    category.save()
    assert "Chuyên mục đổi tên" in client.get(reading.url).content.decode()  # the breadcrumb

    newer.unpublish()
    assert "Tin mới đăng" not in client.get("/tin-tuc/").content.decode()
    assert "Tin mới đăng" not in client.get(reading.url).content.decode()


def test_a_preview_is_rendered_afresh_and_leaves_the_public_page_alone(client, news_index, make_article):
    article = make_article(title="Bản đã đăng")
    client.get(article.url)
    article.title = "Bản nháp chưa đăng"
    draft = article.save_revision().as_object()
    assert "Bản nháp chưa đăng" in draft.make_preview_request().content.decode()
    html = client.get(article.url).content.decode()
    assert "Bản đã đăng" in html and "Bản nháp chưa đăng" not in html


def test_a_new_hotline_shows_at_once(db):
    tag = Template("{% load cchc_contacts %}{% cchc_hotlines %}")
    Hotline.objects.create(label="Đường dây nóng", number="0209 3870 000")
    assert "0209 3870 000" in tag.render(Context())
    Hotline.objects.create(label="Tổng đài dịch vụ công", number="1900 1234")
    html = tag.render(Context())
    assert "0209 3870 000" in html and "1900 1234" in html


def test_private_sections_articles_and_their_aliases_stay_private(client, home, news_index, make_article):
    """The privacy check reads the branch's restrictions in one query and finds what Wagtail's
    finds: a restriction on the section covers its articles, one on an article its aliases."""
    article = make_article(title="Tin nội bộ", sapo="Chỉ dành cho cán bộ.")
    other = home.add_child(instance=NewsIndexPage(title="Tin tổng hợp", slug="tong-hop"))
    other.save_revision().publish()
    alias = article.create_alias(parent=other)
    for url in ("/tin-tuc/", article.url, alias.url):
        assert "Chỉ dành cho cán bộ." in client.get(url).content.decode(), url  # rendered and kept
    login = PageViewRestriction.objects.create(page=news_index, restriction_type=PageViewRestriction.LOGIN)
    for url in ("/tin-tuc/", article.url):
        response = client.get(url)
        assert response.status_code == 302 and "Chỉ dành cho cán bộ." not in response.content.decode(), url
    # An alias elsewhere takes its source page's own restrictions, not those of the source's section.
    assert client.get(alias.url).status_code == 200
    login.delete()
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.PASSWORD, password="x1")
    assert "Chỉ dành cho cán bộ." in client.get("/tin-tuc/").content.decode()  # the section is public again
    for url in (article.url, alias.url):
        html = client.get(url).content.decode()
        assert 'name="password"' in html and "Chỉ dành cho cán bộ." not in html, url
