"""What a reader (and an editor) of the demo portal sees in a real browser.

Interface labels are matched in Vietnamese or as their English msgid (translations are optional
for a department); the content, dates and numbers are matched exactly. Every step leaves a
screenshot in test-artifacts/screenshots/.
"""

import re

import pytest
from django.test import Client

from .conftest import ADMIN_PASSWORD, ADMIN_USERNAME

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

pytestmark = pytest.mark.browser

BAC_NINH = "Phổ biến, tuyên truyền cải cách hành chính kịp thời, liên tục, đa chiều với nhiều hình thức"
HA_NOI = "Tuyên truyền cải cách hành chính trên địa bàn thành phố Hà Nội giai đoạn 2017-2020"
BAC_LIEU = "Thành phố Bạc Liêu: Tiếp tục tăng cường công tác tuyên truyền cải cách hành chính năm 2017"
BAC_KAN = "Thành phố Bắc Kạn tăng cường công tác thông tin, tuyên truyền cải cách hành chính"
# Seed 003 (the 2021 plan of Bắc Kạn) is a document page, not news: see test_contacts.py.
NEWEST_FIRST = [BAC_NINH, HA_NOI, BAC_LIEU, BAC_KAN]
NEWS_INDEX = "Tin tức cải cách hành chính"
BAC_LIEU_SEED_VIEWS = 786
SEED_SITE_VISITS = 5164377


def ui(vietnamese, english):
    """A UI label in Vietnamese, or its English msgid while the translation is missing."""
    # Playwright writes a pattern into its selector between slashes: escape them too.
    return re.compile("|".join(re.escape(label).replace("/", r"\/") for label in (vietnamese, english)))


def exactly(*labels):
    return re.compile("^(" + "|".join(re.escape(label).replace("/", r"\/") for label in labels) + ")$")


def cards(page):
    """The titles of the article cards of a listing, top to bottom."""
    return page.locator(".cchc-card__title")


def card(page, title):
    return page.locator(".cchc-card").filter(has=page.get_by_role("link", name=title, exact=True))


def number(text):
    """A displayed count as an int, whatever the thousands separator ("5.164.378", "5164378")."""
    digits = re.sub(r"\D", "", text)
    assert digits, f"no number in {text!r}"
    return int(digits)


def main_menu(page):
    return page.get_by_role("navigation", name=ui("Menu chính", "Main menu"))


def page_scrolls_sideways(page):
    return page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")


# --- a. news section, tags, article, print view, calendar -------------------------------------------------


def test_reader_browses_news_tags_article_print_and_calendar(page, demo_site, shot):
    page.goto(demo_site.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cổng thông tin cải cách hành chính")
    # The home page shows the latest news, newest first.
    expect(cards(page)).to_have_text(NEWEST_FIRST)
    shot(page, "home")

    menu = main_menu(page)
    expect(menu.get_by_role("link", name=ui("Trang chủ", "Home"))).to_have_attribute("aria-current", "page")
    menu.get_by_role("link", name=NEWS_INDEX).click()
    expect(page).to_have_url(demo_site.url + "/tin-tuc/")
    expect(menu.get_by_role("link", name=NEWS_INDEX)).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", level=1)).to_have_text(NEWS_INDEX)
    expect(cards(page)).to_have_text(NEWEST_FIRST)
    expect(card(page, BAC_NINH).locator("time")).to_have_text("13/02/2023 09:19")
    expect(card(page, BAC_LIEU)).to_contain_text("15/04/2017 10:00 · Mị Nương")
    shot(page, "news-index")

    # A tag on a card lists only the articles carrying it, newest first.
    card(page, BAC_KAN).get_by_role("link", name="#Bắc Kạn").click()
    expect(page).to_have_url(demo_site.url + "/tin-tuc/the/bac-kan/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(ui("Từ khóa: Bắc Kạn", "Tag: Bắc Kạn"))
    expect(cards(page)).to_have_text([BAC_KAN])
    shot(page, "tag-bac-kan")

    page.get_by_role("link", name=ui("Xem tất cả tin", "Show all news")).click()
    expect(cards(page)).to_have_text(NEWEST_FIRST)
    card(page, BAC_LIEU).get_by_role("link", name="#Bạc Liêu").click()
    expect(page).to_have_url(demo_site.url + "/tin-tuc/the/bac-lieu/")
    expect(cards(page)).to_have_text([BAC_LIEU])
    shot(page, "tag-bac-lieu")

    # The article as a reader sees it.
    page.get_by_role("link", name=BAC_LIEU, exact=True).click()
    article_url = page.url
    assert article_url.startswith(demo_site.url + "/tin-tuc/thanh-pho-bac-lieu-tiep-tuc-tang-cuong-")
    expect(page.get_by_role("heading", level=1)).to_have_text(BAC_LIEU)
    expect(page.locator(".cchc-article .cchc-meta")).to_contain_text("15/04/2017 10:00")
    expect(page.get_by_text("Mị Nương", exact=True)).to_be_visible()
    expect(page.get_by_text(ui("Số lượt người xem:", "Views:"))).to_be_visible()
    newer = page.get_by_role("region", name=ui("Tin mới hơn", "Newer news"))
    expect(newer.get_by_role("listitem")).to_have_count(2)
    expect(newer.get_by_role("link", name=HA_NOI)).to_be_visible()
    expect(newer).to_contain_text("(12/05/2017)")
    older = page.get_by_role("region", name=ui("Tin đã đưa", "Earlier news"))
    expect(older.get_by_role("listitem")).to_have_text([f"{BAC_KAN} (20/09/2016)"])
    shot(page, "article")

    # The print view: title, date and the article's full address, without the site chrome.
    page.get_by_role("link", name=ui("Bản in", "Print version")).click()
    expect(page).to_have_url(article_url + "ban-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text(BAC_LIEU)
    expect(page.get_by_text(ui("Ngày đăng:", "Published:"))).to_contain_text("15/04/2017 10:00")
    expect(page.get_by_text(ui("Địa chỉ bài viết:", "Article address:"))).to_contain_text(article_url)
    expect(page.get_by_text("Mị Nương", exact=True)).to_be_visible()
    expect(main_menu(page)).to_have_count(0)
    shot(page, "print-view")

    # Back to the section, then "Xem theo ngày": the date form opens the day's archive.
    page.go_back()
    page.get_by_role("link", name=ui("Quay lại", "Back"), exact=True).click()
    expect(page).to_have_url(demo_site.url + "/tin-tuc/")
    calendar = page.get_by_role("region", name=ui("Xem theo ngày", "Browse by day"))
    expect(calendar).to_contain_text(ui("Tháng 2/2023", "Month 2/2023"))
    calendar.get_by_label(ui("Chọn ngày", "Go to date")).fill("2017-04-15")
    shot(page, "calendar-date-filled")
    calendar.get_by_role("button", name=exactly("Xem", "View")).click()
    expect(page).to_have_url(demo_site.url + "/tin-tuc/2017/4/15/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(ui("Tin ngày 15/04/2017", "News of 15/04/2017"))
    expect(cards(page)).to_have_text([BAC_LIEU])
    calendar = page.get_by_role("region", name=ui("Xem theo ngày", "Browse by day"))
    expect(calendar).to_contain_text(ui("Tháng 4/2017", "Month 4/2017"))
    expect(calendar.get_by_role("link", name="15", exact=True)).to_have_attribute("aria-current", "date")
    shot(page, "archive-day-from-form")

    # The same day through the archive's month list and the month's calendar.
    page.get_by_role("navigation", name=ui("Lưu trữ", "Archive")).get_by_role(
        "link", name=ui("Tháng 04/2017", "Month 04/2017")
    ).click()
    expect(page).to_have_url(demo_site.url + "/tin-tuc/2017/4/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(ui("Tin tháng 04/2017", "News of 04/2017"))
    expect(cards(page)).to_have_text([BAC_LIEU])
    calendar = page.get_by_role("region", name=ui("Xem theo ngày", "Browse by day"))
    expect(calendar).to_contain_text(ui("Tháng 4/2017", "Month 4/2017"))
    days_with_news = calendar.get_by_role("link", name=re.compile(r"^\d+$"))
    expect(days_with_news).to_have_text(["15"])
    shot(page, "archive-month")
    days_with_news.click()
    expect(page).to_have_url(demo_site.url + "/tin-tuc/2017/4/15/")
    expect(cards(page)).to_have_text([BAC_LIEU])
    shot(page, "archive-day-from-calendar")


def test_calendar_steps_month_by_month(page, demo_site, shot):
    page.goto(demo_site.url + "/tin-tuc/2017/4/15/")
    calendar = page.get_by_role("region", name=ui("Xem theo ngày", "Browse by day"))
    expect(calendar).to_contain_text(ui("Tháng 4/2017", "Month 4/2017"))
    calendar.get_by_role("link", name=ui("Tháng trước", "Previous month")).click()
    expect(page).to_have_url(demo_site.url + "/tin-tuc/2017/3/")
    expect(cards(page)).to_have_count(0)
    expect(page.get_by_text(ui("Chưa có tin bài.", "No news here yet."))).to_be_visible()
    shot(page, "empty-month")
    calendar = page.get_by_role("region", name=ui("Xem theo ngày", "Browse by day"))
    expect(calendar).to_contain_text(ui("Tháng 3/2017", "Month 3/2017"), timeout=2_000)
    calendar.get_by_role("link", name=ui("Tháng sau", "Next month")).click()
    expect(page).to_have_url(demo_site.url + "/tin-tuc/2017/4/", timeout=2_000)


# --- b. view and visit counters ----------------------------------------------------------------------------


def test_view_counter_counts_the_reader(new_context, page, demo_site, shot):
    article_url = demo_site.url + demo_site.article("Thành phố Bạc Liêu").url

    # Without JavaScript the page shows the stored counts and counts nothing.
    plain = new_context(java_script_enabled=False).new_page()
    plain.goto(article_url)
    expect(plain.get_by_text(ui("Số lượt người xem:", "Views:"))).to_be_visible()
    assert number(plain.locator(".cchc-views").inner_text()) == BAC_LIEU_SEED_VIEWS
    assert number(plain.locator(".cchc-visits__count").inner_text()) == SEED_SITE_VISITS
    shot(plain, "article-without-javascript")

    # With JavaScript the beacon counts the view and the visit and shows the fresh totals.
    with page.expect_response(lambda r: "/cchc/luot-xem/" in r.url) as beacon:
        page.goto(article_url)
    assert beacon.value.status == 200
    views = page.locator(".cchc-views")
    visits = page.get_by_role("region", name=ui("Số lượt truy cập", "Site visits"))
    expect(visits).to_be_visible()
    expect(views).not_to_have_text(re.compile(rf"\b{BAC_LIEU_SEED_VIEWS}\b"))
    assert number(views.inner_text()) >= BAC_LIEU_SEED_VIEWS + 1
    expect(visits.locator(".cchc-visits__count")).not_to_have_text(re.compile(r"^\D*5\D?164\D?377\D*$"))
    first_views = number(views.inner_text())
    first_visits = number(visits.locator(".cchc-visits__count").inner_text())
    assert first_visits >= SEED_SITE_VISITS + 1
    shot(page, "article-counted")

    # Reading it again in the same browser session counts neither another view nor another visit:
    # a page is counted once per browser and interval; the totals are still the live ones.
    with page.expect_response(lambda r: "/cchc/luot-xem/" in r.url) as again:
        page.reload()
    assert again.value.status == 200 and again.value.json()["page_views"] == first_views
    assert number(views.inner_text()) == first_views
    assert number(visits.locator(".cchc-visits__count").inner_text()) == first_visits
    # Another browser counts one more view.
    other = new_context().new_page()
    with other.expect_response(lambda r: "/cchc/luot-xem/" in r.url) as counted:
        other.goto(article_url)
    assert counted.value.json()["page_views"] == first_views + 1
    expect(other.locator(".cchc-views")).not_to_have_text(views.inner_text())
    assert number(other.locator(".cchc-views").inner_text()) == first_views + 1
    shot(page, "article-read-again")


# --- c. search without diacritics --------------------------------------------------------------------------


def test_header_search_finds_article_typed_without_diacritics(page, demo_site, shot):
    page.goto(demo_site.url + "/")
    box = page.locator(".site-header").get_by_role("searchbox", name=ui("Tìm kiếm tin", "Search news"))
    box.fill("cai cach hanh chinh bac lieu")
    shot(page, "query-typed", full_page=False)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/cchc/tim-kiem/\?q=cai\+cach\+hanh\+chinh\+bac\+lieu$"))
    expect(
        page.get_by_text(re.compile(r"\d+ (kết quả cho|results? for) “cai cach hanh chinh bac lieu”"))
    ).to_be_visible()
    expect(cards(page).first).to_have_text(BAC_LIEU)
    expect(page.get_by_role("link", name=BAC_LIEU, exact=True)).to_be_visible()
    shot(page, "results")
    page.get_by_role("link", name=BAC_LIEU, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BAC_LIEU)


# --- d. bad input ------------------------------------------------------------------------------------------


BAD_ADDRESSES = [
    ("/tin-tuc/?page=abc", 400, ui("“abc” không phải là số trang hợp lệ.", "“abc” is not a valid page number.")),
    ("/tin-tuc/?page=99", 404, ui("Không có trang 99", "Page 99 does not exist")),
    ("/tin-tuc/2021/02/30/", 404, ui("Ngày 30/02/2021 không tồn tại.", "The date 30/02/2021 does not exist.")),
    (
        "/tin-tuc/xem-theo-ngay/?ngay=31/02/2021",
        400,
        ui("“31/02/2021” không phải là ngày hợp lệ.", "“31/02/2021” is not a valid date."),
    ),
    ("/tin-tuc/the/khong-co-the-nay/", 404, ui("Không có từ khóa “khong-co-the-nay”.", "No tag “khong-co-the-nay”")),
    (
        "/khong-co-trang-nay/",
        404,
        ui("Trang bạn yêu cầu không tồn tại hoặc đã bị gỡ bỏ.", "The page you asked for does not exist"),
    ),
]


def test_bad_addresses_show_a_clear_message(page, demo_site, shot):
    for path, status, message in BAD_ADDRESSES:
        response = page.goto(demo_site.url + path)
        assert response.status == status, path
        alert = page.get_by_role("alert")
        expect(alert).to_be_visible()
        expect(alert).to_contain_text(message)
        # The reader keeps the site's header and menu, and gets one link onwards.
        expect(main_menu(page)).to_be_visible()
        expect(alert.get_by_role("link")).to_have_count(1)
        expect(page.locator("body")).not_to_contain_text(re.compile("Server Error|Traceback|Lỗi máy chủ"))
        shot(page, re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-"))


# --- e. the editor's slug ----------------------------------------------------------------------------------


def log_in(page, demo_site):
    page.goto(demo_site.url + "/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.locator("#id_username").fill(ADMIN_USERNAME)
    page.locator("#id_password").fill(ADMIN_PASSWORD)
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")
    expect(page).to_have_url(demo_site.url + "/admin/")


def start_news_article(page, demo_site, title):
    """From the news index in the page explorer, add a child page; it can only be a news article."""
    page.goto(f"{demo_site.url}/admin/pages/{demo_site.news.pk}/")
    page.get_by_role("link", name=re.compile("Thêm trang con|Add child page", re.I)).first.click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/add/cchc_pages/newsarticlepage/{demo_site.news.pk}/$"))
    type_title(page, title)


def type_title(page, title):
    """Type the title as an editor does, key by key, then leave the field: the admin fills the slug."""
    title_field = page.locator("#id_title")
    title_field.click()
    title_field.press_sequentially(title, delay=10)
    title_field.blur()


def open_promote_tab(page):
    page.get_by_role("tab", name=re.compile("Quảng bá|Promote", re.I)).click()
    slug = page.locator("#id_slug")
    expect(slug).to_be_visible()
    return slug


def test_admin_slug_from_vietnamese_title(page, demo_site, editor, shot):
    # Logging in through the form is covered by test_editor_publishes_article_readers_find_it.
    client = Client()
    client.force_login(editor)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": demo_site.url}])
    page.goto(f"{demo_site.url}/admin/pages/add/cchc_pages/newsarticlepage/{demo_site.news.pk}/")
    type_title(page, "Đánh giá thái độ tiếp công dân")
    shot(page, "title-typed")
    slug = open_promote_tab(page)
    shot(page, "promote-tab")
    expect(slug).to_have_value("danh-gia-thai-do-tiep-cong-dan", timeout=3_000)


def test_editor_publishes_article_readers_find_it(page, demo_site, editor, shot):
    log_in(page, demo_site)
    shot(page, "dashboard")
    start_news_article(page, demo_site, "Đánh giá thái độ tiếp công dân")
    page.locator("#id_sapo").fill("Kết quả khảo sát mức độ hài lòng của người dân về thái độ tiếp công dân.")
    slug = open_promote_tab(page)
    # The admin fills the slug from the title, as ASCII (see test_admin_slug_from_vietnamese_title
    # for the exact transliteration); the editor keeps what it proposes.
    expect(slug).to_have_value(re.compile(r"^[a-z0-9-]+-cong-dan$"))
    proposed = slug.input_value()
    shot(page, "promote-tab")
    page.get_by_role("button", name=re.compile("Thêm hành động|More actions", re.I)).click()
    page.get_by_role("button", name=re.compile("^(Xuất bản|Publish)$", re.I)).click()
    expect(page).to_have_url(f"{demo_site.url}/admin/pages/{demo_site.news.pk}/")
    expect(page.get_by_text("Đánh giá thái độ tiếp công dân").first).to_be_visible()
    shot(page, "published")

    page.goto(demo_site.url + "/tin-tuc/")
    expect(cards(page).first).to_have_text("Đánh giá thái độ tiếp công dân")
    page.get_by_role("link", name="Đánh giá thái độ tiếp công dân", exact=True).click()
    expect(page).to_have_url(f"{demo_site.url}/tin-tuc/{proposed}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đánh giá thái độ tiếp công dân")
    shot(page, "article-on-site")


# --- f. mobile ---------------------------------------------------------------------------------------------


def test_mobile_article_fits_and_menu_toggles(mobile_page, demo_site, shot):
    page = mobile_page
    article_url = demo_site.url + demo_site.article("Thành phố Bạc Liêu").url
    page.goto(article_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(BAC_LIEU)
    assert not page_scrolls_sideways(page), "the article page scrolls sideways on a 390 px phone"
    shot(page, "article-top", full_page=False)
    shot(page, "article-full")

    menu = main_menu(page)
    home_link = menu.get_by_role("link", name=ui("Trang chủ", "Home"))
    expect(home_link).to_be_hidden()
    toggle = page.get_by_text(re.compile(r"☰\s*Menu"))
    expect(toggle).to_be_visible()
    toggle.click()
    expect(home_link).to_be_visible()
    assert not page_scrolls_sideways(page)
    shot(page, "menu-open", full_page=False)
    toggle.click()
    expect(home_link).to_be_hidden()

    # Keyboard users reach the toggle with Tab, right after the search button, and open it with Space.
    page.locator(".site-header").get_by_role("button", name=exactly("Tìm kiếm", "Search")).focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("checkbox", name=re.compile("Menu"))).to_be_focused()
    page.keyboard.press("Space")
    expect(home_link).to_be_visible()
    shot(page, "menu-open-keyboard", full_page=False)

    # The other pages a reader reaches fit the phone too.
    for step, path in [
        ("home", "/"),
        ("news-index", "/tin-tuc/"),
        ("archive-day", "/tin-tuc/2017/4/15/"),
        ("search", "/cchc/tim-kiem/?q=cai+cach"),
        ("print-view", article_url.removeprefix(demo_site.url) + "ban-in/"),
    ]:
        page.goto(demo_site.url + path)
        assert not page_scrolls_sideways(page), f"{path} scrolls sideways on a 390 px phone"
        shot(page, step)
