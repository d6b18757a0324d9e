"""Journeys through the directory and the documents section of the demo portal, in Chromium.

Interface labels are matched in Vietnamese or as their English msgid; content exactly.
"""

import re
from urllib.parse import urlsplit

import pytest

from .conftest import MOBILE
from .test_journeys import main_menu, page_scrolls_sideways, ui

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

pytestmark = pytest.mark.browser

DIRECTORY = "Danh bạ, thông tin liên hệ"
DOCUMENTS = "Văn bản, kế hoạch"
PLAN = "Kế hoạch tuyên truyền cải cách hành chính năm 2021 trên địa bàn tỉnh Bắc Kạn"


def test_citizen_finds_a_leader_and_calls_or_writes(page, demo_site, shot):
    page.goto(demo_site.url + "/")
    # Hotlines sit in every page's sidebar, as tel: links.
    hotlines = page.get_by_role("region", name=ui("Đường dây nóng", "Hotlines"))
    expect(hotlines.get_by_role("link", name="1022")).to_have_attribute("href", "tel:1022")
    main_menu(page).get_by_role("link", name=DIRECTORY).click()
    expect(page).to_have_url(demo_site.url + "/danh-ba/")
    expect(page.get_by_role("heading", level=1)).to_have_text(DIRECTORY)
    one_stop = page.get_by_role("region", name="Bộ phận một cửa", exact=True)
    expect(one_stop).to_contain_text("Thứ Hai – Thứ Sáu")
    expect(one_stop.get_by_role("link", name="0209 3870 150")).to_have_attribute("href", "tel:02093870150")
    # The script turned the obfuscated address into a mail link; the HTML source has none.
    director = page.locator(".cchc-contact").filter(has=page.get_by_role("heading", name="Nguyễn Văn An"))
    expect(director.get_by_role("link", name="nvan@sonoivu.example.gov.vn")).to_have_attribute(
        "href", "mailto:nvan@sonoivu.example.gov.vn"
    )
    expect(director).not_to_contain_text("0912 345 111")  # the hidden mobile
    source = page.request.get(page.url).text()
    assert "mailto:" not in source and "nvan@sonoivu" not in source
    shot(page, "directory")

    director.get_by_role("link", name="Nguyễn Văn An").click()
    expect(page).to_have_url(demo_site.url + "/danh-ba/nguyen-van-an/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Văn An")
    expect(page.get_by_role("link", name="0209 3870 111")).to_have_attribute("href", "tel:02093870111")
    expect(page.get_by_role("link", name="nvan@sonoivu.example.gov.vn")).to_have_attribute(
        "href", "mailto:nvan@sonoivu.example.gov.vn"
    )
    with page.expect_download() as download_info:
        page.get_by_role("link", name=ui("Lưu danh bạ (vCard)", "Save contact (vCard)")).click()
    download = download_info.value
    assert download.suggested_filename == "nguyen-van-an.vcf"
    vcard = open(download.path(), encoding="utf-8").read()
    assert "FN:Nguyễn Văn An" in vcard and "TEL;TYPE=WORK,VOICE:02093870111" in vcard
    assert "0912345111" not in vcard
    shot(page, "card")


def test_reader_filters_documents_by_year_reads_the_plan_and_downloads_it(page, demo_site, shot):
    page.goto(demo_site.url + "/van-ban/")
    expect(page.get_by_role("heading", level=1)).to_have_text(DOCUMENTS)
    page.get_by_label(ui("Năm", "Year"), exact=True).select_option("2020")
    page.get_by_role("button", name=ui("Lọc", "Apply filters")).click()
    expect(page).to_have_url(re.compile(r"/van-ban/\?.*nam=2020"))
    titles = page.locator(".cchc-doc-table__title")
    expect(titles).to_have_text([PLAN])
    expect(page.locator(".cchc-doc-table")).to_contain_text("892/KH-UBND")
    shot(page, "documents-2020")

    titles.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PLAN)
    assert urlsplit(page.url).path.startswith("/van-ban/ke-hoach-tuyen-truyen-")
    appendix = page.get_by_role("region", name=re.compile("Phụ lục"))
    rows = appendix.locator(".cchc-appendix__row")
    expect(rows).to_have_count(11)
    expect(rows.nth(6)).to_contain_text("Theo tháng hoặc quý")
    shot(page, "plan")
    # Filter the appendix by lead agency, typed without diacritics, and download what is shown.
    appendix.get_by_label(ui("Cơ quan chủ trì", "Lead agency")).fill("bao bac kan")
    appendix.get_by_role("button", name=ui("Lọc", "Apply filters")).click()
    expect(rows).to_have_count(3)
    with page.expect_download() as csv_info:
        page.get_by_role("link", name=ui("Tải về CSV (Excel)", "Download as CSV (Excel)")).click()
    csv_text = open(csv_info.value.path(), encoding="utf-8-sig").read()
    assert csv_text.count("Báo Bắc Kạn") == 3
    with page.expect_download() as pdf_info:
        page.get_by_role("link", name="Kế hoạch 892/KH-UBND (bản PDF)").click()
    assert pdf_info.value.suggested_filename.endswith(".pdf")
    assert open(pdf_info.value.path(), "rb").read(8) == b"%PDF-1.4"
    # On a phone the appendix stacks its cells instead of scrolling the page sideways.
    page.set_viewport_size(MOBILE)
    assert not page_scrolls_sideways(page)
    shot(page, "plan-phone")
