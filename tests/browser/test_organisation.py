"""A citizen opens the department's organisation page from the directory (ND 224/2026/NĐ-CP Điều 10):
functions, the organisation chart drawn from the units' tree (a nested list, no script), the leaders'
biographies and assignments; on a desktop and on a 390 px phone."""

import pytest

from .conftest import MOBILE
from .test_journeys import main_menu, page_scrolls_sideways, ui

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

pytestmark = pytest.mark.browser

CHART = ui("Sơ đồ cơ cấu tổ chức", "Organisation chart")
BOXES = "ul.cchc-orgchart__level1 > li > .cchc-orgchart__box"


def boxes_of(page):
    """The bounding boxes of the department's units in the chart, in list order."""
    return [page.locator(BOXES).nth(i).bounding_box() for i in range(page.locator(BOXES).count())]


def test_citizen_reads_the_organisation_chart_and_leaders(page, new_context, demo_site, shot):
    from cchc_pages.models import OrganisationUnit

    department = OrganisationUnit.objects.get(parent=None, locale__language_code="vi")
    page.goto(demo_site.url + "/")
    main_menu(page).get_by_role("link", name="Danh bạ, thông tin liên hệ").click()
    page.get_by_role("link", name=ui("Chức năng, nhiệm vụ, sơ đồ tổ chức và lãnh đạo", "Functions, duties")).click()
    expect(page).to_have_url(f"{demo_site.url}/danh-ba/don-vi/{department.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(department.name)
    expect(page.get_by_role("heading", name=ui("Chức năng, nhiệm vụ, quyền hạn", "Functions, duties"))).to_be_visible()

    # The chart is a nested list: the department, its units, a centre's own units one level deeper.
    chart = page.get_by_role("figure", name=CHART)
    expect(chart).to_be_visible()
    top = chart.get_by_role("listitem").filter(has=page.locator(f"[aria-current=page]:text-is('{department.name}')"))
    expect(top).to_have_count(1)
    units = OrganisationUnit.objects.filter(parent=department).count()
    expect(page.locator(BOXES)).to_have_count(units)
    centre = chart.get_by_role("listitem").filter(has=page.get_by_role("link", name="Trung tâm Dịch vụ việc làm")).last
    expect(centre.get_by_role("list").get_by_role("link")).to_have_text(
        ["Phòng Tư vấn, giới thiệu việc làm", "Sàn giao dịch việc làm"]
    )
    # Drawn, not only listed: on a desktop the units stand in two columns either side of a trunk line.
    first, second, third = boxes_of(page)[:3]
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"] + first["width"]
    assert third["y"] > first["y"] + first["height"]
    line = page.evaluate(
        "() => getComputedStyle(document.querySelector('.cchc-orgchart__level1 > li'), '::after').borderLeftWidth"
    )
    assert line == "2px"
    assert page.evaluate("() => document.querySelectorAll('.cchc-orgchart script, .cchc-orgchart img').length") == 0
    leader = page.locator(".cchc-leader").filter(has=page.get_by_role("heading", name="Trần Thị Bình"))
    expect(leader).to_contain_text("2018 – nay")
    expect(leader).to_contain_text(ui("Phân công nhiệm vụ", "Duties assigned"))
    expect(leader.get_by_role("link", name="Phòng Cải cách hành chính")).to_be_visible()
    assert not page_scrolls_sideways(page)
    shot(page, "organisation-desktop")

    # A unit's box leads to its own page, where it is the unit marked in the same chart.
    chart.get_by_role("link", name="Phòng Cải cách hành chính").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phòng Cải cách hành chính")
    expect(page.get_by_role("figure", name=CHART).locator("[aria-current=page]")).to_have_text(
        "Phòng Cải cách hành chính"
    )

    # On a 390 px phone: one column down a trunk line on the left, nothing wider than the screen.
    phone = new_context(MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    phone.goto(f"{demo_site.url}/danh-ba/don-vi/{department.slug}/")
    expect(phone.get_by_role("figure", name=CHART)).to_be_visible()
    first, second = boxes_of(phone)[:2]
    assert second["y"] > first["y"] + first["height"] and abs(first["x"] - second["x"]) < 2
    assert first["x"] + first["width"] <= MOBILE["width"]
    assert not page_scrolls_sideways(phone)
    shot(phone, "organisation-phone")
