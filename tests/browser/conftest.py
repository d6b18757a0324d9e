"""Fixtures for the browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

Each test gets the demo content (home page, /tin-tuc/ and the five seed articles) in the live
server's database, a fresh browser context in Vietnamese, and a `shot` helper that saves screenshots
to test-artifacts/screenshots/.
"""

import io
import mimetypes
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from ..wagtail_base import wagtail_base

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
ADMIN_USERNAME = "bientap"
ADMIN_PASSWORD = "mat-khau-thu-nghiem"
# Readers of these portals use Vietnamese browsers; the demo's language follows the address, not
# the browser (tests/browser/test_english.py uses an English one).
BROWSER_LOCALE = "vi-VN"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
# Time limit for each Playwright action or assertion (ms): generous for a loaded CI machine.
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a module of journeys.

    Module scope, not session: while Playwright's sync API is started, the test thread has a running
    asyncio loop, so it is stopped before the rest of the suite runs (pytest-django runs the
    live-server tests as a block).
    """
    if not CHROMIUM.exists():
        pytest.skip(f"browser journeys need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    # Django refuses ORM calls from a thread with a running loop unless told it is safe; it is here:
    # the loop only drives the browser, and the fixtures and the live server use the ORM synchronously.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_api.sync_playwright().start()
    try:
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        except Exception as error:  # a Chromium that cannot start here is an environment problem, not a bug
            pytest.skip(f"Chromium at {CHROMIUM} could not be started: {error}")
        sync_api.expect.set_options(timeout=TIMEOUT_MS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module", autouse=True)
def _leave_wagtail_base(django_db_blocker):
    """Transactional tests end with an empty database; put back the Wagtail base the rest of the
    suite expects from the migrations (tests/conftest.py's fixtures build under the root page)."""
    yield
    with django_db_blocker.unblock():
        wagtail_base()


@pytest.fixture
def demo_site(live_server, transactional_db, monkeypatch):
    """The demo portal served by the live server, with the default Wagtail Site pointed at it so
    full URLs (print view, feeds) are the ones the browser uses."""
    from django.core.management import call_command
    from wagtail.models import Site

    from cchc_pages.caching import counters
    from cchc_pages.models import NewsArticlePage, NewsIndexPage

    # Counts go to a buffer of this test (the live server runs in this process); nothing is
    # flushed to a database that the next test empties.
    buffer = counters.CounterBuffer()
    monkeypatch.setattr(buffer, "_ensure_flusher", lambda: None)
    monkeypatch.setattr(counters, "buffer", buffer)

    wagtail_base()
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    parts = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname = parts.hostname
    site.port = parts.port
    site.save()

    class Demo:
        url = live_server.url
        news = NewsIndexPage.objects.get()

        @staticmethod
        def article(title_start):
            return NewsArticlePage.objects.get(title__startswith=title_start)

    return Demo


def _serve_media(route):
    """The test settings run with DEBUG off, so nothing serves MEDIA_URL: answer the browser's
    requests for media (the demo articles' image renditions) from MEDIA_ROOT."""
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT).resolve()
    path = unquote(urlsplit(route.request.url).path)
    file = (root / path[len(settings.MEDIA_URL) :]).resolve()
    if file.is_relative_to(root) and file.is_file():
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=file.read_bytes(), content_type=content_type)
    else:
        route.fulfill(status=404, body="not found")


@pytest.fixture
def new_context(browser, demo_site):
    """new_context(viewport=DESKTOP, **options): a fresh browser context (no cookies, no session
    storage) in Vietnamese, closed after the test."""
    from django.conf import settings

    contexts = []

    def make(viewport=DESKTOP, **options):
        options.setdefault("locale", BROWSER_LOCALE)
        context = browser.new_context(viewport=viewport, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.route(re.compile(r"^https?://[^/]+" + re.escape(settings.MEDIA_URL)), _serve_media)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def mobile_page(new_context):
    return new_context(MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()


@pytest.fixture
def editor(transactional_db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(ADMIN_USERNAME, "bientap@example.invalid", ADMIN_PASSWORD)


@pytest.fixture
def shot(request):
    """shot(page, "step-name") saves a full-page screenshot as test-artifacts/screenshots/<test>--NN-step-name.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test = request.node.name.removeprefix("test_")
    for old in SCREENSHOTS.glob(f"{test}--*.png"):
        old.unlink()
    counter = {"n": 0}

    def take(page, step, full_page=True):
        counter["n"] += 1
        path = SCREENSHOTS / f"{test}--{counter['n']:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
