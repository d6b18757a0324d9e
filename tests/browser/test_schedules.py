"""A reader browses a week of the leaders' work calendar; an editor schedules an outage and the banner
reaches pages already in the page cache."""

import datetime
import os
import re
import shutil
from pathlib import Path

import pytest

from .test_journeys import log_in, ui

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

pytestmark = pytest.mark.browser

# Copies of the screenshots for a reviewer, besides test-artifacts/screenshots/.
REVIEW_SHOTS = Path(os.environ.get("CCHC_REVIEW_SHOTS", "/tmp/shots-schedules"))


@pytest.fixture
def page_cache_on(settings):
    settings.CCHC_PAGE_CACHE_SECONDS = 300


def test_week_of_the_work_calendar_and_the_outage_banner(page_cache_on, new_context, demo_site, editor, shot):
    from django.utils import timezone

    def keep(page, step, **kwargs):
        path = shot(page, step, **kwargs)
        REVIEW_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, REVIEW_SHOTS / path.name)

    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    code = lambda day: "{}-W{:02d}".format(*day.isocalendar()[:2])  # noqa: E731

    reader = new_context().new_page()
    reader.goto(demo_site.url + "/")
    assert reader.goto(demo_site.url + "/").headers["x-cchc-cache"] == "hit"
    expect(reader.locator(".cchc-outage")).to_have_count(0)  # the demo's notice is in the past

    # The menu leads to the calendar; the current week, with the sidebar's "today" box on weekdays.
    reader.get_by_role("navigation", name=ui("Menu chính", "Main menu")).get_by_role(
        "link", name="Lịch công tác tuần của Lãnh đạo Sở"
    ).click()
    week = reader.locator(".cchc-schedule__heading")
    expect(week).to_have_text(re.compile(rf"^Tuần {monday.isocalendar()[1]} \({monday:%d/%m/%Y}"))
    expect(reader.locator(".cchc-schedule__table")).to_contain_text("Giao ban Lãnh đạo Sở đầu tuần")
    changed = reader.locator(".cchc-schedule__entry--changed")
    expect(changed).to_contain_text("Thay đổi")
    expect(changed).to_contain_text("Chuyển từ 8h00 sang 14h30")
    if today.weekday() < 5:
        expect(reader.get_by_role("region", name=re.compile("Lịch hôm nay"))).to_be_visible()
    keep(reader, "calendar-this-week")

    nav = reader.get_by_role("navigation", name="Chọn tuần")
    nav.get_by_role("link", name=re.compile("Tuần sau")).click()
    expect(reader).to_have_url(re.compile(rf"\?tuan={code(monday + datetime.timedelta(days=7))}$"))
    expect(reader.locator(".cchc-schedule__table")).to_contain_text("Hội nghị tổng kết công tác nội vụ năm 2026")
    expect(reader.locator(".cchc-schedule__table")).not_to_contain_text(
        "Tiếp và làm việc với Đoàn công tác của Bộ Nội vụ"
    )
    reader.get_by_role("navigation", name="Chọn tuần").get_by_role("link", name=re.compile("Tuần trước")).click()
    expect(week).to_have_text(re.compile(rf"^Tuần {monday.isocalendar()[1]} "))
    reader.get_by_role("navigation", name="Chọn tuần").get_by_role("link", name=re.compile("Tuần trước")).click()
    expect(reader).to_have_url(re.compile(rf"\?tuan={code(monday - datetime.timedelta(days=7))}$"))
    expect(reader.locator(".cchc-schedule__table")).to_contain_text("Dự Hội nghị sơ kết công tác cải cách hành chính")
    # A day of the week, from its heading.
    reader.locator(".cchc-schedule__day a").first.click()
    expect(reader).to_have_url(re.compile(r"/ngay/\d{4}-\d{2}-\d{2}/$"))
    expect(reader.get_by_role("navigation", name="Chọn ngày")).to_be_visible()
    # A week typed by hand that does not exist: a message, not an error page.
    response = reader.goto(demo_site.url + "/lich-cong-tac/?tuan=2026-W60")
    assert response.status == 400
    expect(reader.locator(".cchc-error")).to_contain_text("không phải là một tuần")

    # An editor schedules an outage two days ahead: saved, with the 7-working-day warning.
    admin = new_context().new_page()
    log_in(admin, demo_site)
    admin.goto(demo_site.url + "/admin/snippets/cchc_pages/outagenotice/add/")
    start = timezone.localtime() + datetime.timedelta(days=2)
    start = start.replace(hour=22, minute=0, second=0, microsecond=0)
    admin.locator("#id_start").fill(start.strftime("%Y-%m-%d %H:%M"))
    admin.locator("#id_end").fill((start + datetime.timedelta(hours=4)).strftime("%Y-%m-%d %H:%M"))
    admin.locator("#id_message").fill(
        "Cổng thông tin tạm dừng để nâng cấp máy chủ. Người dân gọi đường dây nóng 0209 3870 999."
    )
    admin.locator("#id_message").press("Tab")
    admin.get_by_role("button", name=re.compile("^(Lưu|Save)$")).first.click()
    expect(admin.locator(".messages")).to_contain_text("ít hơn 7 ngày làm việc")
    keep(admin, "admin-short-notice-warning", full_page=False)

    # The home page the reader had from the cache now carries the banner.
    reader.goto(demo_site.url + "/")
    banner = reader.get_by_role("region", name=re.compile("Tạm dừng hệ thống theo kế hoạch"))
    expect(banner).to_be_visible()
    expect(banner.get_by_role("status")).to_contain_text(f"Từ {start:%d/%m/%Y %H:%M}")
    expect(banner).to_contain_text("nâng cấp máy chủ")
    expect(reader.locator(".cchc-outage")).to_have_count(1)
    keep(reader, "home-with-outage-banner", full_page=False)

    phone = new_context({"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    phone.goto(demo_site.url + "/lich-cong-tac/")
    expect(phone.locator(".cchc-outage")).to_be_visible()
    expect(phone.locator(".cchc-schedule__table")).to_contain_text("Giao ban Lãnh đạo Sở đầu tuần")
    keep(phone, "phone-calendar-with-banner")
    phone.goto(demo_site.url + "/lich-tiep-cong-dan/?tuan=2026-W29")
    expect(phone.locator(".cchc-schedule__table")).to_contain_text("Người đứng đầu trực tiếp tiếp công dân")
    expect(phone.locator(".cchc-schedule__entry--changed")).to_contain_text("trùng kỳ họp HĐND tỉnh")
    keep(phone, "phone-reception-changed-day")
