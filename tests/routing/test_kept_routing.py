"""Wagtail's routing with the Site and the pages it walks through kept (cchc_pages.routing): the same
pages at the same addresses, fewer queries, and every change of the tree seen at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from cchc_pages.models import NewsIndexPage


def read(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q["sql"] for q in ctx.captured_queries]


def reads(queries, table):
    return [sql for sql in queries if f'FROM "{table}"' in sql]


def test_a_kept_article_address_reads_no_site_locale_or_page_row(client, news_index, make_article):
    article = make_article(title="Một cửa liên thông cấp xã")
    first, cold = read(client, article.url)
    assert first.status_code == 200 and "Một cửa liên thông cấp xã" in first.content.decode()
    assert reads(cold, "wagtailcore_site")
    again, warm = read(client, article.url)
    assert again.content == first.content
    assert not reads(warm, "wagtailcore_site") and not reads(warm, "wagtailcore_locale")
    assert not reads(warm, "wagtailcore_page"), warm  # the privacy check joins pages, but reads from restrictions
    assert not reads(warm, "cchc_pages_newsarticlepage")
    assert len(warm) == 1, warm  # the page's view restrictions, never kept
    index_again, index_warm = read(client, news_index.url)
    assert index_again.status_code == 200 and len(index_warm) < len(cold)


def test_a_published_change_is_served_at_once(client, news_index, make_article):
    article = make_article(title="Bản tin số 1")
    client.get(article.url)
    revision = article.specific
    revision.title = "Bản tin đã sửa"
    revision.save_revision().publish()
    assert "Bản tin đã sửa" in client.get(article.url).content.decode()


def test_an_unpublished_or_deleted_page_is_gone_at_once(client, news_index, make_article):
    article, other = make_article(), make_article()
    assert client.get(article.url).status_code == 200 and client.get(other.url).status_code == 200
    article.unpublish()
    assert client.get(article.url).status_code == 404
    url = other.url
    other.delete()
    assert client.get(url).status_code == 404


def test_a_moved_page_answers_at_its_new_address(client, home, news_index, make_article):
    second = home.add_child(instance=NewsIndexPage(title="Thông báo", slug="thong-bao"))
    second.save_revision().publish()
    article = make_article(title="Thông báo lịch tiếp công dân")
    old_url = article.url
    assert client.get(old_url).status_code == 200
    article.move(second, pos="last-child")
    new_url = "/thong-bao/" + article.slug + "/"
    moved = client.get(old_url)  # Wagtail's redirect of a moved page, not the kept page
    assert moved.status_code == 301 and moved["Location"] == new_url
    response = client.get(new_url)
    assert response.status_code == 200 and "Thông báo lịch tiếp công dân" in response.content.decode()


def test_an_address_that_matched_nothing_is_not_kept(client, home):
    assert client.get("/gioi-thieu/lich-su/").status_code == 404
    about = home.add_child(instance=Page(title="Giới thiệu", slug="gioi-thieu"))
    about.save_revision().publish()
    history = about.add_child(instance=Page(title="Lịch sử hình thành", slug="lich-su"))
    history.save_revision().publish()
    for _ in range(2):  # routed through two plain pages, then kept
        assert client.get("/gioi-thieu/lich-su/").status_code == 200


def test_a_page_that_routes_its_own_way_gets_the_rest_of_the_address(client, news_index, make_article):
    make_article(tags=["một cửa"])
    for _ in range(2):
        response = client.get(news_index.url + "the/mot-cua/")
        assert response.status_code == 200 and "#một cửa" in response.content.decode()
    assert client.get(news_index.url + "khong-co-trang-nay/").status_code == 404


def test_each_host_gets_its_own_site_and_a_changed_site_is_read_again(client, home, news_index, settings):
    settings.ALLOWED_HOSTS = ["testserver", "tanphu.example.vn"]
    other_home = Page.get_first_root_node().add_child(instance=Page(title="Cổng xã Tân Phú", slug="tan-phu"))
    other_home.save_revision().publish()
    Site.objects.create(hostname="tanphu.example.vn", port=80, root_page=other_home, site_name="Xã Tân Phú")
    assert client.get("/tin-tuc/").status_code == 200
    assert client.get("/tin-tuc/", HTTP_HOST="tanphu.example.vn").status_code == 404
    assert "Cổng xã Tân Phú" in client.get("/", HTTP_HOST="tanphu.example.vn").content.decode()
    site = Site.objects.get(hostname="tanphu.example.vn")
    site.root_page = home
    site.save()
    assert client.get("/tin-tuc/", HTTP_HOST="tanphu.example.vn").status_code == 200


def test_a_private_section_stays_private_when_its_address_is_kept(client, news_index, make_article):
    article = make_article()
    assert client.get(article.url).status_code == 200
    PageViewRestriction.objects.create(page=news_index, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(article.url)
    assert response.status_code == 302 and "/_util/login/" in response["Location"]


@pytest.mark.parametrize("path", ["/%C3%A0/", "/tin-tuc/" + "x" * 300 + "/", "/tin-tuc/<script>/"])
def test_odd_addresses_are_not_found(client, news_index, path):
    assert client.get(path).status_code == 404
