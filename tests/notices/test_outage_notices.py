"""Planned outage notices (ND 224/2026, Article 13): the site-wide banner, the page cache, the admin's warning."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from cchc_pages.caching import page_cache
from cchc_pages.core.workdays import add_working_days
from cchc_pages.models import OutageNotice, WorkCalendarPage
from feedback.models import Holiday

BANNER = 'class="cchc-outage"'


@pytest.fixture
def schedule(home):
    page = home.add_child(instance=WorkCalendarPage(title="Lịch công tác tuần", slug="lich"))
    page.save_revision().publish()
    return page


def notice(start_in, end_in, message="Hệ thống dịch vụ công tạm dừng để nâng cấp; liên hệ Bộ phận một cửa."):
    now = timezone.now()
    return OutageNotice.objects.create(start=now + start_in, end=now + end_in, message=message)


def test_banner_shows_from_saving_until_the_end_on_a_stock_base(client, schedule):
    assert BANNER not in client.get("/lich/").content.decode()
    notice(datetime.timedelta(days=10), datetime.timedelta(days=10, hours=4))
    html = client.get("/lich/").content.decode()
    assert BANNER in html and 'role="status"' in html
    assert "Tạm dừng hệ thống theo kế hoạch" in html  # the heading says it in words, not colour
    assert "Hệ thống dịch vụ công tạm dừng để nâng cấp" in html
    assert html.count(BANNER) == 1


def test_banner_says_when_the_window_is_under_way_and_goes_after_it(client, schedule, monkeypatch):
    item = notice(-datetime.timedelta(hours=1), datetime.timedelta(hours=1))
    html = client.get("/lich/").content.decode()
    assert "Hệ thống đang bảo trì" in html and "đang diễn ra" in html
    later = item.end + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert BANNER not in client.get("/lich/").content.decode()


@pytest.fixture
def page_cache_on(settings):
    settings.CCHC_PAGE_CACHE_SECONDS = 300


def test_a_cached_page_shows_a_notice_saved_after_it_was_cached(client, schedule, page_cache_on, admin_user):
    first = client.get("/lich/")
    assert first["X-CCHC-Cache"] == "miss" and BANNER not in first.content.decode()
    assert client.get("/lich/")["X-CCHC-Cache"] == "hit"
    start = timezone.localtime() + datetime.timedelta(days=20)
    admin = client.__class__()
    admin.force_login(admin_user)
    response = admin.post(
        "/admin/snippets/cchc_pages/outagenotice/add/",
        {
            "start": start.strftime("%Y-%m-%d %H:%M"),
            "end": (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%d %H:%M"),
            "message": "Cổng dịch vụ công bảo trì định kỳ.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    again = client.get("/lich/")
    assert "Cổng dịch vụ công bảo trì định kỳ." in again.content.decode()


def test_a_cached_page_with_the_banner_is_kept_no_longer_than_the_window(client, schedule, page_cache_on, monkeypatch):
    stored = []
    cache = page_cache._cache()
    real_set = cache.set

    def recording_set(key, value, timeout=None, **kwargs):
        if key.startswith("cchc:page:"):
            stored.append(timeout)
        return real_set(key, value, timeout, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)
    client.get("/lich/")
    assert stored == [300]  # no notice: the usual period
    notice(-datetime.timedelta(minutes=5), datetime.timedelta(seconds=90))
    response = client.get("/lich/")
    assert BANNER in response.content.decode() and response["X-CCHC-Cache"] == "miss"
    assert 85 <= stored[-1] <= 90  # expires with the window, not 5 minutes later
    assert client.get("/lich/")["X-CCHC-Cache"] == "hit"
    OutageNotice.objects.all().delete()
    notice(-datetime.timedelta(minutes=5), datetime.timedelta(milliseconds=500))
    response = client.get("/lich/")
    assert BANNER in response.content.decode()
    assert "X-CCHC-Cache" not in response  # ending within the second: not stored at all


def test_rendering_costs_no_query_once_the_notices_are_known(rf, schedule, django_assert_num_queries):
    from django.template import Context, Template

    notice(datetime.timedelta(days=9), datetime.timedelta(days=9, hours=1))
    template = Template("{% load cchc_notices %}{% cchc_outage_notice %}")
    template.render(Context({"request": rf.get("/")}))
    with django_assert_num_queries(0):
        html = template.render(Context({"request": rf.get("/")}))
    assert BANNER in html


def _post_notice(admin_client, start, hours=2):
    return admin_client.post(
        "/admin/snippets/cchc_pages/outagenotice/add/",
        {
            "start": start.strftime("%Y-%m-%d %H:%M"),
            "end": (start + datetime.timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M"),
            "message": "Nâng cấp máy chủ.",
        },
        follow=True,
    )


def test_admin_warns_but_saves_when_less_than_7_working_days_ahead(admin_client, home):
    today = timezone.localdate()
    seventh, eighth = add_working_days(today, 7), add_working_days(today, 8)
    at_nine = datetime.datetime.combine(seventh, datetime.time(9), tzinfo=timezone.get_current_timezone())
    html = _post_notice(admin_client, at_nine).content.decode()
    assert "ít hơn 7 ngày làm việc" not in html
    # A public holiday among those days (the feedback workflow's calendar) makes the same start too soon.
    Holiday.objects.create(date=add_working_days(today, 2), name="Nghỉ bù")
    html = _post_notice(admin_client, at_nine).content.decode()
    assert "ít hơn 7 ngày làm việc" in html and "Điều 13" in html
    assert eighth.strftime("%d/%m/%Y") in html  # the earliest start that complies
    assert OutageNotice.objects.count() == 2  # warned, not blocked


def test_admin_refuses_a_window_that_ends_before_it_starts(admin_client, home):
    start = timezone.localtime() + datetime.timedelta(days=30)
    response = _post_notice(admin_client, start, hours=-1)
    assert "Thời điểm kết thúc phải sau thời điểm bắt đầu." in response.content.decode()
    assert not OutageNotice.objects.exists()


def test_workdays_keep_their_old_import_path():
    from feedback.submissions import workdays

    assert workdays.add_working_days is add_working_days


@override_settings(LANGUAGE_CODE="en")
def test_banner_in_english(client, schedule):
    notice(datetime.timedelta(days=10), datetime.timedelta(days=10, hours=1))
    html = client.get("/lich/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Planned interruption of the system" in html
