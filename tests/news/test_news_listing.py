"""What a reader sees on a news section: order, pagination, filters, archives, bad URLs."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cchc_pages.models import NewsArticlePage, NewsCategory


def local(y, m, d, h=9, mi=0):
    return timezone.make_aware(datetime.datetime(y, m, d, h, mi))


def titles(response):
    return re.findall(r'<h2 class="cchc-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_index_lists_newest_first_with_pagination(client, news_index, make_article):
    for day in range(1, 13):
        make_article(title=f"Tin ngày {day:02d}", date=local(2023, 3, day))
    first = client.get("/tin-tuc/")
    assert first.status_code == 200
    assert titles(first) == [f"Tin ngày {d:02d}" for d in range(12, 2, -1)]
    second = client.get("/tin-tuc/?page=2")
    assert titles(second) == ["Tin ngày 02", "Tin ngày 01"]


def test_draft_articles_are_not_listed(client, news_index, make_article):
    make_article(title="Tin đã xuất bản")
    draft = make_article(title="Bản nháp")
    draft.unpublish()
    assert titles(client.get("/tin-tuc/")) == ["Tin đã xuất bản"]


def test_filter_by_category_and_tag(client, news_index, make_article, category):
    make_article(title="Tin thủ tục", categories=[category], tags=["một cửa"])
    make_article(title="Tin khác", tags=["tuyên truyền"])
    by_category = client.get(f"/tin-tuc/chuyen-muc/{category.slug}/")
    assert category.slug == "cai-cach-thu-tuc-hanh-chinh"
    assert titles(by_category) == ["Tin thủ tục"]
    assert "Cải cách thủ tục hành chính" in by_category.content.decode()
    by_tag = client.get("/tin-tuc/the/mot-cua/")
    assert by_tag.status_code == 200
    assert titles(by_tag) == ["Tin thủ tục"]


def test_archive_by_year_month_and_day(client, news_index, make_article):
    make_article(title="Tin tháng tư", date=local(2017, 4, 15, 10))
    make_article(title="Tin tháng năm", date=local(2017, 5, 12, 12, 4))
    make_article(title="Tin năm sau", date=local(2018, 1, 2))
    assert titles(client.get("/tin-tuc/2017/")) == ["Tin tháng năm", "Tin tháng tư"]
    assert titles(client.get("/tin-tuc/2017/4/")) == ["Tin tháng tư"]
    day = client.get("/tin-tuc/2017/04/15/")
    assert titles(day) == ["Tin tháng tư"]
    html = day.content.decode()
    # The calendar shows April 2017 with the 15th linked and selected.
    assert 'href="/tin-tuc/2017/4/15/" aria-current="date">15</a>' in html
    assert "4/2017" in html


def test_archive_uses_local_time(client, news_index, make_article):
    """23:30 on 14/04 in Hà Nội is 16:30 UTC: it belongs to the 14th, not the 15th."""
    make_article(title="Tin buổi tối", date=local(2017, 4, 14, 23, 30))
    assert titles(client.get("/tin-tuc/2017/4/14/")) == ["Tin buổi tối"]
    assert titles(client.get("/tin-tuc/2017/4/15/")) == []


def test_browse_by_day_form_redirects_to_the_day(client, news_index):
    response = client.get("/tin-tuc/xem-theo-ngay/", {"ngay": "2017-04-15"})
    assert response.status_code == 302
    assert response["Location"] == "/tin-tuc/2017/4/15/"
    assert client.get("/tin-tuc/xem-theo-ngay/", {"ngay": "15/04/2017"})["Location"] == "/tin-tuc/2017/4/15/"


@pytest.mark.parametrize(
    "url, status, message",
    [
        ("/tin-tuc/?page=abc", 400, "“abc” không phải là số trang hợp lệ."),
        ("/tin-tuc/?page=-1", 400, "“-1” không phải là số trang hợp lệ."),
        ("/tin-tuc/?page=99999", 404, "Không có trang 99999; danh sách này chỉ có 1 trang."),
        ("/tin-tuc/2021/02/30/", 404, "Ngày 30/02/2021 không tồn tại."),
        ("/tin-tuc/2021/13/01/", 404, "Ngày 01/13/2021 không tồn tại."),
        ("/tin-tuc/chuyen-muc/khong-ton-tai/", 404, "Không có chuyên mục “khong-ton-tai”."),
        ("/tin-tuc/the/khong-ton-tai/", 404, "Không có từ khóa “khong-ton-tai”."),
        ("/tin-tuc/the/khong-ton-tai/rss/", 404, "Không có từ khóa “khong-ton-tai”."),
        ("/tin-tuc/xem-theo-ngay/?ngay=2021-02-30", 400, "“2021-02-30” không phải là ngày hợp lệ."),
        ("/tin-tuc/xem-theo-ngay/?ngay=hom-qua", 400, "“hom-qua” không phải là ngày hợp lệ."),
        ("/cchc/tim-kiem/?q=cai+cach&page=abc", 400, "“abc” không phải là số trang hợp lệ."),
    ],
)
def test_bad_listing_urls_get_a_clear_message_not_a_server_error(
    client, news_index, make_article, url, status, message
):
    make_article()
    response = client.get(url)
    assert response.status_code == status
    alert = response.content.decode().split('role="alert"')[1]
    assert message in alert


def test_listing_query_count_does_not_grow_with_items(
    client, news_index, make_article, category, django_assert_max_num_queries
):
    """200 articles on one page cost the same queries as 20: nothing is fetched per item."""
    news_index.per_page = 500
    news_index.save_revision().publish()

    def count_queries(url):
        client.get(url)  # warm per-process caches (site root paths, the section's sidebar)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(titles(response))

    for _ in range(20):
        make_article(categories=[category], tags=["một cửa", "tuyên truyền"])
    few_queries, few_items = count_queries("/tin-tuc/")
    for _ in range(180):
        make_article(categories=[category], tags=["một cửa", "tuyên truyền"])
    many_queries, many_items = count_queries("/tin-tuc/")
    assert (few_items, many_items) == (20, 200)
    assert many_queries == few_queries
    tag_queries, _ = count_queries("/tin-tuc/the/mot-cua/")
    assert tag_queries <= few_queries + 1


def test_article_shows_newer_and_older_in_its_section(client, news_index, make_article):
    old = make_article(title="Tin cũ", date=local(2017, 1, 1))
    middle = make_article(title="Tin giữa", date=local(2017, 2, 1), byline="Mị Nương", source="Báo Bạc Liêu")
    new = make_article(title="Tin mới", date=local(2017, 3, 1))
    html = client.get(middle.url).content.decode()
    newer = html.split('id="cchc-newer-title"')[1].split("</section>")[0]
    older = html.split('id="cchc-older-title"')[1].split("</section>")[0]
    assert new.title in newer and old.title not in newer
    assert old.title in older and new.title not in older
    assert "Mị Nương" in html and "Báo Bạc Liêu" in html
    assert "01/02/2017 09:00" in html


def test_print_view_shows_url_and_date(client, news_index, make_article):
    article = make_article(title="Kế hoạch tuyên truyền", date=local(2020, 12, 30, 8))
    response = client.get(article.url + "ban-in/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kế hoạch tuyên truyền" in html
    assert "http://testserver/tin-tuc/ke-hoach-tuyen-truyen/" in html
    assert "30/12/2020 08:00" in html
    assert "data-cchc-print" in html and "cchc_pages/print.js" in html  # the Print button


def test_related_articles_fall_back_to_shared_tags(client, news_index, make_article):
    make_article(title="Cùng từ khóa", tags=["một cửa"])
    make_article(title="Không liên quan", tags=["khác"])
    article = make_article(title="Bài chính", tags=["một cửa"])
    related = client.get(article.url).content.decode().split('id="cchc-related-title"')[1].split("</section>")[0]
    assert "Cùng từ khóa" in related and "Không liên quan" not in related


def test_empty_slug_is_filled_with_readable_ascii(news_index):
    page = NewsArticlePage(title="Đánh giá thái độ tiếp công dân")
    news_index.add_child(instance=page)
    assert page.slug == "danh-gia-thai-do-tiep-cong-dan"
    second = NewsArticlePage(title="Đánh giá thái độ tiếp công dân")
    news_index.add_child(instance=second)
    assert second.slug == "danh-gia-thai-do-tiep-cong-dan-2"


def test_category_and_tag_slugs_are_ascii(news_index, make_article):
    assert NewsCategory.objects.create(name="Đường dây nóng").slug == "duong-day-nong"
    article = make_article(tags=["Đối thoại doanh nghiệp"])
    assert [t.tag.slug for t in article.tagged_items.all()] == ["doi-thoai-doanh-nghiep"]


def test_cached_sidebar_follows_publishing(client, news_index, make_article, category):
    make_article(title="Tin tháng ba", date=local(2017, 3, 5))
    assert "Tháng 03/2017" in client.get("/tin-tuc/").content.decode()
    late = make_article(title="Tin tháng sáu", date=local(2017, 6, 5), categories=[category])
    html = client.get("/tin-tuc/").content.decode()
    assert "Tháng 06/2017" in html
    assert f'href="/tin-tuc/chuyen-muc/{category.slug}/"' in html
    late.unpublish()
    html = client.get("/tin-tuc/").content.decode()
    assert "Tháng 06/2017" not in html
    assert f'href="/tin-tuc/chuyen-muc/{category.slug}/"' not in html
    late.save_revision().publish()
    category.name = "Thủ tục hành chính mới"
    category.save()
    assert "Thủ tục hành chính mới" in client.get("/tin-tuc/").content.decode()


def test_article_query_count_does_not_grow_with_tags(client, news_index, make_article, category):
    def queries(article):
        client.get(article.url)  # warm per-process caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(article.url).status_code == 200
        return len(ctx.captured_queries)

    one_tag = make_article(tags=["một cửa"], categories=[category])
    many_tags = make_article(tags=["một cửa", "tuyên truyền", "dịch vụ công", "PAR INDEX"], categories=[category])
    assert queries(many_tags) == queries(one_tag)


def test_page_size_setting_sets_new_sections_and_site_search(client, news_index, make_article, settings):
    settings.CCHC_NEWS_PER_PAGE = 3
    from cchc_pages.models import NewsIndexPage

    assert NewsIndexPage(title="Chuyên mục mới").per_page == 3
    for n in range(4):
        make_article(title=f"Cải cách hành chính {n}")
    first = client.get("/cchc/tim-kiem/", {"q": "cai cach"})
    assert len(titles(first)) == 3
    assert len(titles(client.get("/cchc/tim-kiem/", {"q": "cai cach", "page": 2}))) == 1


def test_pagination_keeps_the_search(client, news_index, make_article):
    for day in range(1, 13):
        make_article(title=f"Tin cai cach ngày {day:02d}", date=local(2023, 3, day))
    html = client.get("/tin-tuc/?q=cai+cach").content.decode()
    assert 'href="?q=cai+cach&amp;page=2"' in html
    assert 'aria-current="page">Trang 1/2</span>' in html
    assert titles(client.get("/tin-tuc/?q=cai+cach&page=2")) == ["Tin cai cach ngày 02", "Tin cai cach ngày 01"]
