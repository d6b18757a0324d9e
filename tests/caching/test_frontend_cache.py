"""Front-end cache purging (cchc_pages/frontend_cache.py), as the Varnish in front sees it: a real
HTTP server records every PURGE request that publishing, unpublishing, moving or deleting sends."""

import datetime
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from cchc_pages.models import (
    DocumentIndexPage,
    DocumentPage,
    NewsArticlePage,
    NewsCategory,
    NewsIndexPage,
    ProcedureIndexPage,
    ProcedurePage,
    ReformIndicesPage,
)


class PurgeRecorder(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.server.requests.append((self.command, self.headers["Host"], self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def frontend_caches(*locations):
    """WAGTAILFRONTENDCACHE with the apps' HTTP backend (Wagtail's, with a timeout) for each cache, as
    the demo builds it from CCHC_FRONTEND_CACHE_URL (tests/demo/test_environment.py)."""
    return {
        f"cache-{n}": {"BACKEND": "cchc_pages.frontend_cache.HTTPBackend", "LOCATION": location}
        for n, location in enumerate(locations, 1)
    }


def start_recorder():
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.requests = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def varnish(settings, home):
    """A recording cache at 127.0.0.1:<free port>, configured as the demo configures it (after the
    `home` fixture has replaced the default site, which Wagtail purges)."""
    server = start_recorder()
    settings.WAGTAILFRONTENDCACHE = frontend_caches(f"http://127.0.0.1:{server.server_port}")
    yield server
    server.shutdown()
    server.server_close()


def purged(server):
    """Paths purged since the last call; every request is a PURGE for the site's host, and none repeats."""
    requests, server.requests[:] = list(server.requests), []
    assert {(method, host) for method, host, _path in requests} <= {("PURGE", "testserver")}
    paths = [path for _method, _host, path in requests]
    assert len(paths) == len(set(paths)), f"purged twice: {sorted(p for p in paths if paths.count(p) > 1)}"
    return set(paths)


def pages(path):
    return {path, f"{path}?page=2", f"{path}?page=3"}


def local(y, m, d, h=9):
    return timezone.make_aware(datetime.datetime(y, m, d, h))


def section(prefix):
    """What a CDN holds of a news section: its first pages and feeds."""
    return pages(prefix) | {f"{prefix}rss/", f"{prefix}atom/"}


def listing(prefix):
    """A category or tag listing: first pages and feeds."""
    return pages(prefix) | {f"{prefix}rss/", f"{prefix}atom/"}


def article_listings(prefix, day, *, category=None, tag=None):
    """Everything in a section that lists an article of `day` filed under `category` and `tag`."""
    paths = section(prefix)
    paths |= pages(f"{prefix}{day.year}/") | pages(f"{prefix}{day.year}/{day.month}/")
    paths |= pages(f"{prefix}{day.year}/{day.month}/{day.day}/")
    if category:
        paths |= listing(f"{prefix}chuyen-muc/{category}/")
    if tag:
        paths |= listing(f"{prefix}the/{tag}/")
    return paths


@pytest.fixture
def one_stop(db):
    return NewsCategory.objects.create(name="Một cửa", slug="mot-cua")


def test_publishing_an_article_purges_it_and_every_listing_that_shows_it(
    varnish, news_index, make_article, one_stop, django_capture_on_commit_callbacks
):
    older = [make_article(slug=f"tin-cu-{n}", date=local(2024, 3, n)) for n in (1, 2)]

    article = news_index.add_child(
        instance=NewsArticlePage(
            title="Dịch vụ công trực tuyến", slug="dich-vu-cong", date=local(2024, 3, 15), live=False
        )
    )
    article.categories.set([one_stop])
    article.tags.set(["Thủ tục"])
    purged(varnish)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article.save_revision().publish()

    expected = {"/tin-tuc/dich-vu-cong/", "/tin-tuc/dich-vu-cong/ban-in/"}  # Wagtail's own purge
    expected |= article_listings("/tin-tuc/", datetime.date(2024, 3, 15), category="mot-cua", tag="thu-tuc")
    expected |= {page.url for page in older}  # their "Newer news" boxes now list it
    expected |= {"/"}  # the home page's latest news
    assert purged(varnish) == expected
    # One batch, sent after the commit.
    assert sum(isinstance(getattr(c, "__self__", None), PurgeBatch) for c in callbacks) == 1


def test_unpublishing_and_deleting_purge_the_listings_too(
    varnish, news_index, make_article, one_stop, django_capture_on_commit_callbacks
):
    article = make_article(slug="se-go", date=local(2024, 5, 2), categories=[one_stop])
    kept = make_article(slug="con-lai", date=local(2024, 5, 1))
    purged(varnish)
    listings = article_listings("/tin-tuc/", datetime.date(2024, 5, 2), category="mot-cua")

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert purged(varnish) == listings | {"/tin-tuc/se-go/", "/tin-tuc/se-go/ban-in/", kept.url, "/"}

    with django_capture_on_commit_callbacks(execute=True):
        kept.delete()
    assert purged(varnish) == article_listings("/tin-tuc/", datetime.date(2024, 5, 1)) | {
        "/tin-tuc/con-lai/",
        "/tin-tuc/con-lai/ban-in/",
        "/",
    }


def test_republishing_in_another_category_purges_the_old_listings_as_well(
    varnish, news_index, make_article, one_stop, django_capture_on_commit_callbacks
):
    online = NewsCategory.objects.create(name="Trực tuyến", slug="truc-tuyen")
    article = make_article(slug="doi-chuyen-muc", date=local(2024, 6, 1), categories=[one_stop])
    purged(varnish)

    article.categories.set([online])
    article.date = local(2024, 7, 9)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    paths = purged(varnish)
    assert listing("/tin-tuc/chuyen-muc/mot-cua/") <= paths  # it left this one
    assert listing("/tin-tuc/chuyen-muc/truc-tuyen/") <= paths  # and joined this one
    assert pages("/tin-tuc/2024/6/1/") | pages("/tin-tuc/2024/7/9/") <= paths


def test_moving_an_article_purges_both_sections_and_its_old_address(
    varnish, home, news_index, make_article, django_capture_on_commit_callbacks
):
    archive = home.add_child(instance=NewsIndexPage(title="Lưu trữ", slug="luu-tru"))
    archive.save_revision().publish()
    article = make_article(slug="se-chuyen", date=local(2024, 8, 8))
    purged(varnish)

    with django_capture_on_commit_callbacks(execute=True):
        article.move(archive, pos="last-child")

    day = datetime.date(2024, 8, 8)
    paths = purged(varnish)
    assert paths == (
        article_listings("/tin-tuc/", day)
        | article_listings("/luu-tru/", day)
        | {"/tin-tuc/se-chuyen/", "/tin-tuc/se-chuyen/ban-in/", "/luu-tru/se-chuyen/", "/luu-tru/se-chuyen/ban-in/"}
        | {"/"}
        | {"/tin-tuc/se-chuyen"}  # wagtail.contrib.redirects purges the redirect it creates
    )


def test_publishing_a_procedure_purges_the_procedure_listing_only(
    varnish, home, news_index, django_capture_on_commit_callbacks
):
    index = home.add_child(instance=ProcedureIndexPage(title="Thủ tục hành chính", slug="thu-tuc"))
    index.save_revision().publish()
    purged(varnish)

    with django_capture_on_commit_callbacks(execute=True):
        procedure = index.add_child(
            instance=ProcedurePage(title="Đăng ký khai sinh", slug="khai-sinh", code="1.001193")
        )
        procedure.save_revision().publish()

    assert purged(varnish) == pages("/thu-tuc/") | {
        "/thu-tuc/xuat-du-lieu/csv/",
        "/thu-tuc/xuat-du-lieu/json/",
        "/thu-tuc/khai-sinh/",
        "/thu-tuc/khai-sinh/ban-in/",
    }


def test_publishing_a_document_purges_the_document_listing(varnish, home, django_capture_on_commit_callbacks):
    index = home.add_child(instance=DocumentIndexPage(title="Văn bản", slug="van-ban"))
    index.save_revision().publish()
    purged(varnish)

    with django_capture_on_commit_callbacks(execute=True):
        document = index.add_child(
            instance=DocumentPage(
                title="Kế hoạch cải cách hành chính 2025",
                slug="ke-hoach-2025",
                doc_type="ke-hoach",
                issue_date=datetime.date(2025, 1, 6),
                issuing_body="UBND tỉnh",
                summary="Kế hoạch cải cách hành chính năm 2025",
            )
        )
        document.save_revision().publish()

    assert purged(varnish) == pages("/van-ban/") | {"/van-ban/ke-hoach-2025/", "/van-ban/ke-hoach-2025/phu-luc/csv/"}


def test_a_page_outside_the_listed_sections_purges_only_itself(
    varnish, home, news_index, make_article, django_capture_on_commit_callbacks
):
    make_article(slug="tin")
    purged(varnish)
    with django_capture_on_commit_callbacks(execute=True):
        page = home.add_child(instance=ReformIndicesPage(title="Chỉ số cải cách hành chính", slug="chi-so"))
        page.save_revision().publish()
    assert purged(varnish) == {"/chi-so/"}


def test_every_cache_named_in_the_variable_gets_each_purge_once(
    settings, news_index, make_article, django_capture_on_commit_callbacks
):
    first, second = start_recorder(), start_recorder()
    try:
        settings.WAGTAILFRONTENDCACHE = frontend_caches(
            f"http://127.0.0.1:{first.server_port}", f"http://127.0.0.1:{second.server_port}"
        )
        with django_capture_on_commit_callbacks(execute=True):
            make_article(slug="hai-may", date=local(2024, 9, 9))
        paths = purged(first)
        assert section("/tin-tuc/") | {"/tin-tuc/hai-may/", "/"} <= paths
        assert purged(second) == paths
    finally:
        for server in (first, second):
            server.shutdown()
            server.server_close()


def test_a_silent_cache_delays_a_publish_by_one_timeout_and_the_others_are_still_purged(
    settings, news_index, make_article, django_capture_on_commit_callbacks, caplog
):
    silent = socket.socket()  # accepts connections (the kernel does) and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)
    working = start_recorder()
    default_timeout = socket.getdefaulttimeout()
    socket.setdefaulttimeout(3)  # with Wagtail's own backend this test would then fail, not hang
    try:
        caches = frontend_caches(
            f"http://127.0.0.1:{silent.getsockname()[1]}", f"http://127.0.0.1:{working.server_port}"
        )
        caches["cache-1"]["TIMEOUT"] = 0.5
        settings.WAGTAILFRONTENDCACHE = caches
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            make_article(slug="may-im-lang", date=local(2024, 9, 9))
        elapsed = time.monotonic() - started
        paths = purged(working)
        assert section("/tin-tuc/") | {"/tin-tuc/may-im-lang/", "/"} <= paths
        assert elapsed < 0.5 * 4, f"the publish waited {elapsed:.1f} s on the silent cache"  # ~30 URLs, one timeout
        assert "unreachable" in caplog.text
    finally:
        socket.setdefaulttimeout(default_timeout)
        silent.close()
        working.shutdown()
        working.server_close()


def test_nothing_is_purged_without_a_configured_cache(settings, news_index, make_article, monkeypatch):
    settings.WAGTAILFRONTENDCACHE = {}
    from cchc_pages.caching import frontend_cache

    monkeypatch.setattr(frontend_cache, "listing_urls", lambda *a, **k: pytest.fail("computed listings for no cache"))
    make_article()
