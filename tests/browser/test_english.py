"""The English directory in Chromium (ND 42/2022/NĐ-CP Điều 7): a reader whose browser asks for
English still gets Vietnamese at "/", finds the visible "English" link, reads the organisation, the
directory and a leader's card in English, on a desktop and on a 390 px phone, and comes back to
Vietnamese on the same page; a page without an English version says so and links the Vietnamese one."""

import re

import pytest

from .conftest import MOBILE
from .test_journeys import page_scrolls_sideways

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

pytestmark = pytest.mark.browser


def english_journey(page, demo_site, shot, device):
    page.goto(demo_site.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    switcher = page.get_by_role("navigation", name="Ngôn ngữ")
    switcher.get_by_role("link", name="English").click()
    expect(page).to_have_url(demo_site.url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Administrative Reform Portal")
    expect(page.get_by_role("banner")).to_contain_text("Administrative Reform Section")
    shot(page, f"{device}-english-home")
    if device == "phone":
        page.get_by_text(re.compile(r"☰\s*Menu")).click()
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Directory and contact information"
    ).click()
    expect(page).to_have_url(demo_site.url + "/en/danh-ba/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Directory and contact information")
    one_stop = page.get_by_role("region", name="One-Stop Shop", exact=True)
    expect(one_stop).to_contain_text("Monday – Friday")
    expect(one_stop.get_by_role("link", name="0209 3870 150")).to_have_attribute("href", "tel:02093870150")
    director = page.locator(".cchc-contact").filter(has=page.get_by_role("heading", name="Nguyễn Văn An"))
    expect(director).to_contain_text("Director of the Department")
    expect(director.get_by_role("link", name="nvan@sonoivu.example.gov.vn")).to_be_visible()
    expect(director).not_to_contain_text("0912 345 111")  # the hidden mobile stays hidden
    expect(page.get_by_role("region", name="Hotlines")).to_contain_text("Public services call centre")
    assert not page_scrolls_sideways(page)
    shot(page, f"{device}-english-directory")

    page.get_by_role("link", name="Provincial Department of Home Affairs (demo)").first.click()
    expect(page).to_have_url(demo_site.url + "/en/danh-ba/don-vi/so-noi-vu-tinh-ban-trinh-dien/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Provincial Department of Home Affairs (demo)")
    expect(page.locator("main")).to_contain_text("Main duties and powers")
    expect(page.locator("main")).to_contain_text("Master of Public Management")
    assert not page_scrolls_sideways(page)
    shot(page, f"{device}-english-organisation")

    # Back to Vietnamese on the same page.
    page.get_by_role("navigation", name="Language").locator('a[hreflang="vi"]').click()
    expect(page).to_have_url(demo_site.url + "/danh-ba/don-vi/so-noi-vu-tinh-ban-trinh-dien/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sở Nội vụ tỉnh (bản trình diễn)")

    # A page with no English version.
    page.goto(demo_site.url + "/en/tin-tuc/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This page has no English version")
    page.get_by_role("main").get_by_role("link", name="Tin tức cải cách hành chính").click()
    expect(page).to_have_url(demo_site.url + "/tin-tuc/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_english_reader_finds_the_directory_on_a_desktop(new_context, demo_site, shot):
    page = new_context(locale="en-US").new_page()
    english_journey(page, demo_site, shot, "desktop")


def test_english_reader_finds_the_directory_on_a_phone(new_context, demo_site, shot):
    page = new_context(MOBILE, is_mobile=True, has_touch=True, locale="en-US").new_page()
    english_journey(page, demo_site, shot, "phone")
