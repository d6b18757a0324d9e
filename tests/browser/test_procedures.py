"""A citizen looks up an administrative procedure on the demo portal: listing, two facets,
a search typed without diacritics, the procedure (a real national record), the print view."""

import json
import re
from pathlib import Path

import pytest

from .test_journeys import main_menu, page_scrolls_sideways, ui

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

pytestmark = pytest.mark.browser

INDEX = "Thủ tục hành chính"
KHAI_SINH = "Thủ tục đăng ký khai sinh"
DEMO_RECORDS = Path(__file__).resolve().parents[2] / "site" / "cchc_demo" / "demo_content" / "procedures.json"


def results(page):
    return page.locator(".cchc-proc-card__title")


def facet(page, title):
    return page.locator(".cchc-facet").filter(has=page.get_by_role("heading", name=title, exact=True))


def test_citizen_finds_a_procedure_reads_it_and_prints_it(page, mobile_page, demo_site, shot):
    total = len(json.loads(DEMO_RECORDS.read_text(encoding="utf-8")))
    page.goto(demo_site.url + "/")
    main_menu(page).get_by_role("link", name=INDEX).click()
    expect(page).to_have_url(demo_site.url + "/thu-tuc-hanh-chinh/")
    expect(page.get_by_role("heading", level=1)).to_have_text(INDEX)
    expect(page.get_by_role("status").first).to_contain_text(str(total))
    shot(page, "listing")

    # Two facets combine; each keeps the other in the URL and the counts follow.
    facet(page, ui("Lĩnh vực", "Sector")).get_by_role("link", name=re.compile(r"^Hộ tịch \(\d+\)$")).click()
    expect(page).to_have_url(re.compile(r"\?linh-vuc=ho-tich[\w-]*$"))
    level = facet(page, ui("Cấp thực hiện", "Level of government"))
    commune = level.get_by_role("link", name=re.compile(r"^(Xã|Commune) \((\d+)\)$"))
    expected = int(re.search(r"\((\d+)\)", commune.inner_text()).group(1))
    commune.click()
    expect(page).to_have_url(re.compile(r"\?linh-vuc=ho-tich[\w-]*&cap=xa$"))
    expect(results(page)).to_have_count(expected)
    expect(page.locator(".cchc-proc-active .cchc-tag")).to_have_count(2)
    shot(page, "two-facets")

    # A search typed without diacritics, within the two facets.
    page.get_by_label(ui("Tìm thủ tục hành chính", "Find a procedure")).fill("dang ky khai sinh")
    page.locator(".cchc-proc-search").get_by_role("button", name=ui("Tìm kiếm", "Search")).click()
    expect(page).to_have_url(re.compile(r"q=dang\+ky\+khai\+sinh.*linh-vuc=ho-tich[\w-]*.*cap=xa"))
    expect(results(page).filter(has_text=re.compile(f"^{KHAI_SINH}$"))).to_have_count(1)
    expect(results(page).filter(has_text="Kết hôn")).to_have_count(0)
    shot(page, "search")

    page.get_by_role("link", name=KHAI_SINH, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(KHAI_SINH)
    expect(page.get_by_role("heading", name=ui("Thành phần hồ sơ", "Dossier"))).to_be_visible()
    expect(page.get_by_text("60/2014/QH13").first).to_be_visible()
    ld = page.locator('script[type="application/ld+json"]').text_content()
    assert '"@type": "GovernmentService"' in ld and '"identifier": "1.001193"' in ld
    # The table of contents jumps to the dossier.
    page.locator(".cchc-toc").get_by_role("link", name=ui("Thành phần hồ sơ", "Dossier")).click()
    expect(page).to_have_url(re.compile(r"#ho-so$"))
    shot(page, "procedure")

    # The national record's content: its result code and a document of its dossier.
    expect(page.get_by_text("KQ.G15.000031").first).to_be_visible()
    expect(page.get_by_text(re.compile("Giấy chứng sinh")).first).to_be_visible()

    procedure_url = page.url.split("#")[0]
    page.get_by_role("link", name=ui("Bản in", "Print version")).first.click()
    expect(page).to_have_url(procedure_url + "ban-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text(KHAI_SINH)
    expect(page.locator(".cchc-print__url")).to_contain_text(procedure_url)
    expect(page.locator("header, nav.cchc-toc")).to_have_count(0)
    shot(page, "print")

    mobile_page.goto(procedure_url)
    expect(mobile_page.get_by_role("heading", level=1)).to_have_text(KHAI_SINH)
    assert not page_scrolls_sideways(mobile_page)
    shot(mobile_page, "procedure-phone")
    mobile_page.goto(demo_site.url + "/thu-tuc-hanh-chinh/?cap=xa")
    assert not page_scrolls_sideways(mobile_page)
    shot(mobile_page, "listing-phone")
