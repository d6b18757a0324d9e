"""The anonymous full-page cache: hits cost no query, publishing refreshes, per-visitor pages are never stored."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc_pages.caching.page_cache import HEADER


@pytest.fixture(autouse=True)
def page_cache_on(settings, home):
    settings.CCHC_PAGE_CACHE_SECONDS = 300


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def test_second_anonymous_view_is_a_hit_without_queries(client, make_article):
    article = make_article(title="Cải cách thủ tục cấp phép")
    first = get(client, article.url)
    assert first[HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = get(client, article.url)
    assert second[HEADER] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert second["Content-Type"].startswith("text/html")
    assert "Cải cách thủ tục cấp phép" in second.content.decode()


def test_publishing_refreshes_the_listing_that_shows_the_article(client, news_index, make_article):
    make_article(title="Tin cũ về một cửa")
    assert "Tin cũ về một cửa" in get(client, news_index.url).content.decode()
    assert get(client, news_index.url)[HEADER] == "hit"

    make_article(title="Tin mới về dịch vụ công trực tuyến")
    page = get(client, news_index.url)
    assert page[HEADER] == "miss"
    assert "Tin mới về dịch vụ công trực tuyến" in page.content.decode()


def test_unpublished_and_moved_pages_are_not_served_from_the_cache(client, home, news_index, make_article):
    article = make_article(title="Tin sẽ gỡ")
    get(client, article.url)
    article.unpublish()
    assert client.get(article.url).status_code == 404
    assert "Tin sẽ gỡ" not in get(client, news_index.url).content.decode()

    other = make_article(title="Tin sẽ chuyển")
    old_url = other.url
    get(client, old_url)
    archive = home.add_child(instance=type(news_index)(title="Lưu trữ", slug="luu-tru"))
    archive.save_revision().publish()
    other.move(archive, pos="last-child")
    moved = client.get(old_url)
    assert moved.status_code == 301  # Wagtail's redirect to the new place, not the cached old page
    assert moved["Location"].endswith("/luu-tru/tin-se-chuyen/")


def test_snippet_edits_refresh_pages(client, news_index, make_article, category):
    make_article(title="Tin có chuyên mục", categories=[category])
    assert "Cải cách thủ tục hành chính" in get(client, news_index.url).content.decode()
    category.name = "Chuyên mục đã đổi tên"
    category.save()
    assert "Chuyên mục đã đổi tên" in get(client, news_index.url).content.decode()


def test_logged_in_editors_always_see_fresh_pages(client, django_user_model, make_article):
    article = make_article()
    get(client, article.url)
    editor = django_user_model.objects.create_superuser("bientap", "bt@example.org", "x")
    client.force_login(editor)
    response = get(client, article.url)
    assert HEADER not in response


def test_pages_with_a_csrf_token_are_never_stored(client, home):
    """The admin login form carries a token: it must never be replayed to another visitor."""
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert HEADER not in response
    # Outside the excluded prefixes, a page that uses the token is not stored either.
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from cchc_pages.caching.page_cache import PageCacheMiddleware

    def view(request):
        return HttpResponse(f"<form>{get_token(request)}</form>")

    from django.test import RequestFactory

    middleware = PageCacheMiddleware(view)
    request = RequestFactory().get("/bieu-mau/")
    first = middleware(request)
    assert HEADER not in first
    assert HEADER not in middleware(RequestFactory().get("/bieu-mau/"))


def test_languages_are_cached_apart(client, make_article):
    article = make_article()
    vietnamese = get(client, article.url, HTTP_ACCEPT_LANGUAGE="vi")
    english = get(client, article.url, HTTP_ACCEPT_LANGUAGE="en")
    assert english[HEADER] == "miss"
    assert vietnamese.content != english.content
    assert get(client, article.url, HTTP_ACCEPT_LANGUAGE="en").content == english.content


def test_counters_still_count_on_cached_pages(client, make_article):
    from cchc_pages.caching import counters

    article = make_article()
    get(client, article.url)
    for _ in range(3):
        assert get(client, article.url)[HEADER] == "hit"
        data = {"page": article.pk, "token": f"trinh-duyet-so-{len(str(_))}{_:06d}"}
        assert client.post("/cchc/luot-xem/", data).status_code == 200
    assert counters.current(counters.PAGE_VIEWS, article.pk) == 3  # three browsers


def test_cache_outage_serves_uncached_pages(client, settings, make_article):
    article = make_article(title="Trang vẫn hiện khi bộ đệm hỏng")
    settings.CACHES = {**settings.CACHES, "broken": {"BACKEND": "tests.broken_cache.UnreachableCache"}}
    settings.CCHC_PAGE_CACHE_ALIAS = "broken"
    for _ in range(2):
        response = get(client, article.url)
        assert "Trang vẫn hiện khi bộ đệm hỏng" in response.content.decode()
        assert HEADER not in response


def test_shared_links_with_tracking_parameters_are_hits(client, make_article):
    article = make_article(title="Tin chia sẻ trên mạng xã hội")
    assert get(client, article.url)[HEADER] == "miss"
    for query in (
        "utm_source=zalo&utm_medium=social",
        "fbclid=IwAR0abc",
        "zarsrc=30&utm_campaign=x",
        "gclid=1&_ga=2.1&mc_cid=a&mc_eid=b&igshid=c&yclid=d&msclkid=e&dclid=f&zl_x=1&UTM_Term=y",
    ):
        response = get(client, f"{article.url}?{query}")
        assert response[HEADER] == "hit", query
        assert "Tin chia sẻ trên mạng xã hội" in response.content.decode()
    # 300 random tracking codes: 300 hits, nothing more stored.
    assert all(get(client, f"{article.url}?utm_source=r{i}")[HEADER] == "hit" for i in range(300))


def test_other_parameters_still_vary_the_key(client, news_index, make_article):
    for i in range(12):
        make_article(title=f"Tin số {i}")
    first = get(client, f"{news_index.url}?page=1&utm_source=x")
    second = get(client, f"{news_index.url}?page=2")
    assert (first[HEADER], second[HEADER]) == ("miss", "miss")
    assert first.content != second.content
    assert get(client, f"{news_index.url}?utm_source=y&page=2")[HEADER] == "hit"


def test_the_number_of_stored_variants_of_a_path_is_bounded(client, settings, make_article):
    settings.CCHC_PAGE_CACHE_MAX_VARIANTS = 5
    article = make_article()
    for i in range(5):
        assert get(client, f"{article.url}?x={i}")[HEADER] == "miss"
    for i in range(5, 40):
        response = get(client, f"{article.url}?x={i}")
        assert HEADER not in response  # served, not stored
        assert HEADER not in get(client, f"{article.url}?x={i}")
    assert get(client, f"{article.url}?x=3")[HEADER] == "hit"  # the stored ones stay
    assert get(client, article.url)[HEADER] == "miss"  # the page itself is always stored
    assert get(client, article.url)[HEADER] == "hit"


def test_a_tagged_link_stores_the_page_its_plain_address_serves(client, news_index, make_article):
    """The first reader comes from Facebook or Zalo: the page stored then is the plain page (its
    pager links carry no tracking code), and the plain address is a hit with it."""
    for i in range(12):
        make_article(title=f"Tin số {i}")
    tagged = get(client, f"{news_index.url}?utm_source=facebook&fbclid=IwAR0xyz&zarsrc=30")
    assert tagged[HEADER] == "miss"
    html = tagged.content.decode()
    assert "?page=2" in html  # the pager is there, without the codes
    assert not any(code in html for code in ("utm_source", "fbclid", "IwAR0xyz", "zarsrc"))
    plain = get(client, news_index.url)
    assert plain[HEADER] == "hit"
    assert plain.content == tagged.content
    # Tracking codes mixed with a parameter that matters: the page=2 entry, pager free of them.
    second = get(client, f"{news_index.url}?utm_medium=social&page=2&gclid=abc")
    assert second[HEADER] == "miss"
    assert "gclid" not in second.content.decode() and "utm_medium" not in second.content.decode()
    assert get(client, f"{news_index.url}?page=2")[HEADER] == "hit"


@pytest.mark.parametrize(
    "query",
    [
        "utm_source=%ff%fe",
        "utm_source",
        "fbclid=&fbclid=&fbclid",
        "utm_source=%00",
        "UTM_Source=" + "x" * 5000,
        "%75tm_source=1",
        "utm_source=a;b=c",
        "&&utm_x=1&",
        "utm_source=%zz&zl_=%",
        "&&&",
    ],
)
def test_odd_tracking_values_are_hits_of_the_plain_page(client, make_article, query):
    article = make_article(title="Tin chia sẻ trên mạng xã hội")
    assert get(client, article.url)[HEADER] == "miss"
    response = client.get(f"{article.url}?{query}")
    assert response.status_code == 200, query
    assert response[HEADER] == "hit", query


def test_odd_values_beside_a_tracking_code_get_the_views_own_answer(client, news_index, make_article):
    make_article()
    response = client.get(f"{news_index.url}?page=%ff&utm_source=x")
    assert response.status_code == 400  # the page number's message, not a server error
    assert "utm_source" not in response.content.decode()
