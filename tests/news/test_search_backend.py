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
