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
import re
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
    ("organisation", "/danh-ba/don-vi/so-noi-vu-tinh-ban-trinh-dien/"),
    ("reception-schedule", "/lich-tiep-cong-dan/"),
    ("work-calendar-week", "/lich-cong-tac/"),
    ("work-calendar-day", "/lich-cong-tac/ngay/2026-12-01/"),
    ("documents", "/van-ban/"),
    ("document", "/van-ban/ke-hoach-cai-cach-hanh-chinh-nam-2024-cua-so-noi-vu/"),
    ("reform-indices", "/chi-so-cai-cach-hanh-chinh/"),
    ("polls", "/binh-chon/"),
    ("feedback-form", "/phan-anh-kien-nghi/"),
    ("questions-and-answers", "/hoi-dap-phan-anh/"),
    ("tracking", "/phan-anh-kien-nghi/tra-cuu/"),
    ("not-found", "/trang-khong-co/"),
    # The English version (ND 42/2022/NĐ-CP Điều 7): the pages translated, and one that is not.
    ("english-home", "/en/"),
    ("english-directory", "/en/danh-ba/"),
    ("english-organisation", "/en/danh-ba/don-vi/so-noi-vu-tinh-ban-trinh-dien/"),
    ("english-card", "/en/danh-ba/nguyen-van-an/"),
    ("english-untranslated", "/en/tin-tuc/"),
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
    assert response.status == (404 if name in ("not-found", "english-untranslated") else 200), path
    violations, undecided = axe(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
    assert undecided == [], "colour contrast left undecided: " + json.dumps(undecided, ensure_ascii=False)


def active(page):
    """The focused element: its tag, accessible text, whether it is inside <main>, and its outline."""
    return page.evaluate(
        """() => { const el = document.activeElement; const style = getComputedStyle(el);
        const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
        return {tag: el.tagName.toLowerCase(), text, inMain: !!el.closest('main'), outline}; }"""
    )


def root_font_px(page):
    return page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_skip_link_focus_order_and_display_controls_that_persist(tabs, demo_url, browser):
    page = tabs["desktop"]
    page.goto(demo_url + ARTICLE)
    shoot(page, "desktop-normal")
    # The first Tab reaches the skip link, visible and outlined; Enter moves the focus to the content.
    page.keyboard.press("Tab")
    first = active(page)
    assert first["tag"] == "a" and first["text"] in ("Chuyển đến nội dung chính", "Skip to content"), first
    assert first["outline"]
    assert page.evaluate("() => document.activeElement.getBoundingClientRect().left >= 0")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert active(page)["inMain"]
    # Focus order through the header follows the reading order: brand, languages, A-, A, A+,
    # contrast, search.
    page.goto(demo_url + ARTICLE)
    order = []
    for _ in range(10):
        page.keyboard.press("Tab")
        state = active(page)
        assert state["outline"], f"no visible focus on {state}"
        order.append(state["text"].split("\n")[0][:20])
    assert order[3] == "English" and order[4:8] == ["A-", "A", "A+", "Tương phản cao"], order
    for name in ("A- Giảm cỡ chữ", "A Cỡ chữ mặc định", "A+ Tăng cỡ chữ"):  # visible text first, then what it does
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()

    # A+ and high contrast, kept in this browser, with no account and no cookie.
    normal = root_font_px(page)
    cookies = page.context.cookies()
    page.get_by_role("button", name="A+ Tăng cỡ chữ").click()
    assert root_font_px(page) == pytest.approx(normal * 1.25)
    expect(page.get_by_role("button", name="A+ Tăng cỡ chữ")).to_have_attribute("aria-pressed", "true")
    shoot(page, "desktop-large-text")
    page.get_by_role("button", name="Tương phản cao").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\bcchc-contrast\b"))
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert page.context.cookies() == cookies  # the choice sets no cookie
    shoot(page, "desktop-contrast-large-text")

    # The next page, even one served from a cache, has both before its first paint: the classes
    # are on <html> when <body> is parsed. And axe finds nothing in the high-contrast look either.
    page.add_init_script(
        """new MutationObserver((_, observer) => { if (document.body) {
          window.__classAtBody = document.documentElement.className; observer.disconnect(); } })
        .observe(document, {childList: true, subtree: true});"""
    )
    page.goto(demo_url + "/thu-tuc-hanh-chinh/")
    at_body = page.evaluate("() => window.__classAtBody")
    assert "cchc-contrast" in at_body and "cchc-text-large" in at_body
    violations, undecided = axe(page)
    assert violations == [] and undecided == [], (violations, undecided)
    shoot(page, "desktop-contrast-procedures")
    # Back to the defaults.
    page.get_by_role("button", name="A Cỡ chữ mặc định").click()
    page.get_by_role("button", name="Tương phản cao").click()
    assert root_font_px(page) == pytest.approx(normal)
    expect(page.locator("html")).not_to_have_class(re.compile(r"\bcchc-contrast\b"))

    # The phone: the same controls in the header, and no sideways scrolling at A+.
    phone = tabs["phone"]
    phone.goto(demo_url + ARTICLE)
    shoot(phone, "phone-normal")
    phone.get_by_role("button", name="A+ Tăng cỡ chữ").click()
    phone.get_by_role("button", name="Tương phản cao").click()
    assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    shoot(phone, "phone-contrast-large-text")
    phone.get_by_role("button", name="A Cỡ chữ mặc định").click()
    phone.get_by_role("button", name="Tương phản cao").click()


def test_reader_rates_a_page_with_and_without_javascript(tabs, demo_url, browser):
    from cchc_pages.ratings.models import PageRating

    page = tabs["desktop"]
    page.goto(demo_url + ARTICLE)
    rating = page.locator("[data-cchc-rating]")
    expect(rating.get_by_text("Thông tin này có hữu ích không?")).to_be_visible()
    reasons = rating.get_by_role("group", name="Nếu không, vì sao? (không bắt buộc)")
    expect(reasons).to_be_hidden()  # shown once "No" is chosen
    rating.get_by_label("Không", exact=True).check()
    expect(reasons).to_be_visible()
    rating.get_by_label("Khó hiểu").check()
    rating.get_by_label("Góp ý của bạn (không bắt buộc)").fill("Nên ghi rõ lệ phí.")
    url = page.url
    rating.get_by_role("button", name="Gửi").click()
    expect(rating.get_by_role("status")).to_have_text(
        "Cảm ơn bạn: câu trả lời của bạn giúp chúng tôi hoàn thiện trang này."
    )
    assert page.url == url  # no reload
    rating.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "desktop-rating-sent.png"))

    # Without JavaScript: the form, a confirmation page, then thanks and the way back.
    context = browser.new_context(locale=BROWSER_LOCALE, java_script_enabled=False, viewport=MOBILE)
    try:
        plain = context.new_page()
        plain.goto(demo_url + "/thu-tuc-hanh-chinh/")
        plain.get_by_label("Có", exact=True).check()
        plain.locator("[data-cchc-rating]").get_by_role("button", name="Gửi").click()
        expect(plain.get_by_role("heading", level=1)).to_have_text("Thông tin này có hữu ích không?")
        expect(plain.get_by_label("Có", exact=True)).to_be_checked()
        plain.get_by_role("button", name="Gửi câu trả lời").click()
        expect(plain.get_by_role("status")).to_have_text(
            "Cảm ơn bạn: câu trả lời của bạn giúp chúng tôi hoàn thiện trang này."
        )
        shoot(plain, "phone-rating-thanks-without-javascript")
        plain.get_by_role("link", name=re.compile("^(Quay lại|Trở về|Về)")).click()
        assert plain.url.endswith("/thu-tuc-hanh-chinh/")
    finally:
        context.close()
    # Read once both are sent: this test's own transaction (SQLite) must not hold the server's writes.
    assert sorted(PageRating.objects.values_list("useful", "reason", "comment")) == [
        (False, "kho-hieu", "Nên ghi rõ lệ phí."),
        (True, "", ""),
    ]
