"""Schedules: the work calendar and the citizen reception schedule as a reader and an editor meet them."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cchc_pages.models import (
    ContactCard,
    OrganisationUnit,
    ReceptionEntry,
    ReceptionSchedulePage,
    WorkCalendarEntry,
    WorkCalendarPage,
)
from cchc_pages.schedules.ical import fold

MONDAY = datetime.date(2026, 11, 30)  # ISO week 2026-W49


@pytest.fixture
def leader(db):
    unit = OrganisationUnit.objects.create(name="Sở Nội vụ tỉnh Thái Nguyên", kind="department")
    return ContactCard.objects.create(name="Nguyễn Văn An", position="Giám đốc Sở", unit=unit)


@pytest.fixture
def calendar(home, leader):
    page = WorkCalendarPage(title="Lịch công tác tuần của Lãnh đạo Sở", slug="lich-cong-tac")
    page.entries.add(
        WorkCalendarEntry(
            date=MONDAY,
            start_time=datetime.time(7, 30),
            end_time=datetime.time(9, 0),
            leader=leader,
            content="Giao ban Lãnh đạo Sở",
            location="Phòng họp tầng 2",
            participants="Trưởng các phòng",
        )
    )
    page.entries.add(
        WorkCalendarEntry(
            date=MONDAY + datetime.timedelta(days=2),
            start_time=datetime.time(14, 0),
            person="Phó Giám đốc Trần Thị Bình",
            content="Làm việc với UBND xã Tân Thành về cải cách hành chính",
            location="UBND xã Tân Thành",
            is_changed=True,
            change_note="Chuyển từ 8h00 sang 14h00",
        )
    )
    page.entries.add(
        WorkCalendarEntry(
            date=MONDAY + datetime.timedelta(days=7), person="Lãnh đạo Sở", content="Hội nghị tổng kết năm 2026"
        )
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_week_view_lists_the_weeks_entries_with_changes_marked(client, calendar):
    response = client.get("/lich-cong-tac/?tuan=2026-W49")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tuần 49 (30/11/2026 – 06/12/2026)" in html
    assert "Giao ban Lãnh đạo Sở" in html and "Nguyễn Văn An – Giám đốc Sở" in html
    assert "07:30" in html and "09:00" in html and "Phòng họp tầng 2" in html
    # The change is shown as such, in words.
    assert re.search(r"Thay đổi</strong>\s*Chuyển từ 8h00 sang 14h00", html)
    assert "Hội nghị tổng kết năm 2026" not in html  # next week's
    assert 'href="/lich-cong-tac/?tuan=2026-W48"' in html and 'href="/lich-cong-tac/?tuan=2026-W50"' in html
    nxt = client.get("/lich-cong-tac/?tuan=2026-W50").content.decode()
    assert "Hội nghị tổng kết năm 2026" in nxt and "Giao ban Lãnh đạo Sở" not in nxt


def test_week_view_defaults_to_the_current_week(client, calendar):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    html = client.get("/lich-cong-tac/").content.decode()
    assert f"Tuần {monday.isocalendar()[1]} ({monday:%d/%m/%Y}" in html


@pytest.mark.parametrize(
    "value", ["2026-W54", "2026-W00", "2025-W53", "abc", "9999-W01", "2026-W49x", "%00", "2026-W4" + "9" * 50]
)
def test_a_bad_week_is_refused_in_vietnamese(client, calendar, value):
    response = client.get("/lich-cong-tac/", {"tuan": value})
    assert response.status_code == 400
    assert "không phải là một tuần" in response.content.decode()
    assert client.get("/lich-cong-tac/ban-in/", {"tuan": value}).status_code == 400


def test_week_53_of_a_long_year_exists(client, calendar):
    assert client.get("/lich-cong-tac/?tuan=2026-W53").status_code == 200


def test_day_view_and_bad_days(client, calendar):
    html = client.get("/lich-cong-tac/ngay/2026-12-02/").content.decode()
    assert "Làm việc với UBND xã Tân Thành" in html and "Giao ban Lãnh đạo Sở" not in html
    assert 'href="/lich-cong-tac/ngay/2026-12-01/"' in html and 'href="/lich-cong-tac/ngay/2026-12-03/"' in html
    for bad in ("2026-02-30", "hom-nay", "2026-13-01", "0001-01-01"):
        response = client.get(f"/lich-cong-tac/ngay/{bad}/")
        assert response.status_code == 400, bad
        assert "không phải là một ngày" in response.content.decode()


def test_print_view(client, calendar):
    html = client.get("/lich-cong-tac/ban-in/?tuan=2026-W49").content.decode()
    assert "Giao ban Lãnh đạo Sở" in html and 'name="robots" content="noindex"' in html
    assert "http://testserver/lich-cong-tac/?tuan=2026-W49" in html


def test_week_view_query_count_does_not_grow_with_entries(client, calendar, leader, django_assert_max_num_queries):
    client.get("/lich-cong-tac/?tuan=2026-W49")  # warm the site root cache
    with django_assert_max_num_queries(12) as few:
        client.get("/lich-cong-tac/?tuan=2026-W49")
    for i in range(30):
        WorkCalendarEntry.objects.create(
            page=calendar, date=MONDAY + datetime.timedelta(days=i % 5), leader=leader, content=f"Việc {i}"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/lich-cong-tac/?tuan=2026-W49").content.decode()
    assert "Việc 29" in html


def test_an_entry_needs_someone_and_consistent_times_and_a_change_note(admin_client, home, leader):
    page = WorkCalendarPage(title="Lịch công tác", slug="lich")
    home.add_child(instance=page)
    entry = {
        "date": "2026-12-01",
        "start_time": "14:00",
        "end_time": "08:00",
        "leader": "",
        "person": "",
        "content": "Họp",
        "location": "",
        "participants": "",
        "is_changed": "on",
        "change_note": "",
    }
    data = nested_form_data(
        {"title": "Lịch công tác", "slug": "lich", "intro": rich_text(""), "entries": inline_formset([entry])}
    )
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chọn một lãnh đạo hoặc ghi người tham gia." in html
    assert "Giờ kết thúc phải sau giờ bắt đầu." in html
    assert "Ghi rõ nội dung thay đổi" in html
    assert not WorkCalendarEntry.objects.exists()


def test_editors_enter_a_week_of_entries_in_one_form(admin_client, home, leader):
    page = WorkCalendarPage(title="Lịch công tác", slug="lich")
    home.add_child(instance=page)
    rows = [
        {
            "date": (MONDAY + datetime.timedelta(days=i % 5)).isoformat(),
            "start_time": f"{7 + i % 9:02d}:30",
            "end_time": "",
            "leader": str(leader.pk) if i % 2 else "",
            "person": "" if i % 2 else "Lãnh đạo Sở",
            "content": f"Nội dung công tác số {i}",
            "location": "Trụ sở Sở",
            "participants": "",
            "change_note": "",
        }
        for i in range(24)
    ]
    data = nested_form_data(
        {
            "title": "Lịch công tác",
            "slug": "lich",
            "intro": rich_text(""),
            "entries": inline_formset(rows),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302
    assert WorkCalendarEntry.objects.filter(page=page).count() == 24
    assert "Nội dung công tác số 23" in admin_client.get("/lich/?tuan=2026-W49").content.decode()


@pytest.fixture
def reception(home, leader):
    page = ReceptionSchedulePage(
        title="Lịch tiếp công dân năm 2026", slug="tiep-cong-dan", place="Trụ sở Tiếp công dân tỉnh"
    )
    page.entries.add(
        ReceptionEntry(
            date=datetime.date(2026, 12, 10),
            start_time=datetime.time(7, 30),
            end_time=datetime.time(11, 30),
            leader=leader,
            by_head=True,
            content="Tiếp công dân định kỳ",
        )
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_reception_schedule_shows_the_heads_days_and_place(client, reception):
    html = client.get("/tiep-cong-dan/?tuan=2026-W50").content.decode()
    assert "Tiếp công dân định kỳ" in html
    assert "Người đứng đầu trực tiếp tiếp công dân" in html
    assert html.count("Trụ sở Tiếp công dân tỉnh") >= 2  # the page's place, and the entry's location


# --- iCalendar ------------------------------------------------------------------------------


def parse_ical(data):
    """A strict reading of RFC 5545's content lines: CRLF endings, folds of at most 75 octets,
    unfolded into (name, params, value) with TEXT values unescaped."""
    assert data.endswith(b"\r\n")
    raw_lines = data[:-2].split(b"\r\n")
    for line in raw_lines:
        assert b"\n" not in line and b"\r" not in line
        assert len(line) <= 75, line
    logical = []
    for line in raw_lines:
        if line.startswith(b" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    events, current, stack = [], None, []
    for line in (item.decode("utf-8") for item in logical):
        head, value = re.match(r"^([^:]+):(.*)$", line).groups()
        name, *params = head.split(";")
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                current = {}
        elif name == "END":
            assert stack.pop() == value
            if value == "VEVENT":
                events.append(current)
                current = None
        elif current is not None:
            if name in ("SUMMARY", "DESCRIPTION", "LOCATION"):
                assert not re.search(r"(?<!\\)[,;]", value.replace("\\\\", "")), value
                value = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)
            current[name] = (params, value)
    assert not stack
    return events


def test_ical_feed_is_valid_rfc5545(client, calendar):
    WorkCalendarEntry.objects.create(
        page=calendar,
        date=MONDAY + datetime.timedelta(days=3),
        person="Lãnh đạo Sở; Văn phòng Sở",
        content=(
            "Hội nghị trực tuyến toàn tỉnh về chuyển đổi số, cải cách hành chính; "
            "đánh giá chỉ số PAR INDEX\\SIPAS\ndòng hai"
        ),
        location="Hội trường A, tầng 3",
    )
    response = client.get("/lich-cong-tac/ical/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = parse_ical(response.content)
    assert len(events) == 4
    for event in events:
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= event.keys()
        assert event["DTSTAMP"][1].endswith("Z")
    assert len({event["UID"][1] for event in events}) == 4
    meeting = next(e for e in events if e["SUMMARY"][1].startswith("Giao ban"))
    assert meeting["DTSTART"][1] == "20261130T003000Z"  # 07:30 in Hà Nội is 00:30 UTC
    assert meeting["DTEND"][1] == "20261130T020000Z"
    long_one = next(e for e in events if "PAR INDEX" in e["DESCRIPTION"][1])
    assert long_one["LOCATION"][1] == "Hội trường A, tầng 3"
    assert long_one["SUMMARY"][1].endswith("PAR INDEX\\SIPAS")  # the first line of the text
    assert "dòng hai" in long_one["DESCRIPTION"][1] and "Lãnh đạo Sở; Văn phòng Sở" in long_one["DESCRIPTION"][1]
    all_day = next(e for e in events if e["SUMMARY"][1] == "Hội nghị tổng kết năm 2026")
    assert all_day["DTSTART"] == (["VALUE=DATE"], "20261207")
    changed = next(e for e in events if "Tân Thành" in e["SUMMARY"][1])
    assert changed["SUMMARY"][1].startswith("[Thay đổi]") and "Chuyển từ 8h00 sang 14h00" in changed["DESCRIPTION"][1]


def test_folding_never_splits_a_character():
    line = "SUMMARY:" + "Hội nghị tổng kết công tác cải cách hành chính " * 5
    folded = fold(line)
    parts = folded[:-2].split(b"\r\n")
    assert all(len(part) <= 75 for part in parts)
    for part in parts:
        part.decode("utf-8")  # each physical line is whole UTF-8
    assert b"".join(p[1:] if i else p for i, p in enumerate(parts)).decode() == line


# --- today's entries ------------------------------------------------------------------------


def test_todays_entries_tag(rf, calendar, reception, leader, django_assert_max_num_queries):
    from django.template import Context, Template

    today = timezone.localdate()
    WorkCalendarEntry.objects.create(
        page=calendar, date=today, start_time=datetime.time(8), leader=leader, content="Họp hôm nay"
    )
    ReceptionEntry.objects.create(page=reception, date=today, leader=leader, by_head=True, content="Tiếp dân hôm nay")
    WorkCalendarEntry.objects.create(
        page=calendar, date=today + datetime.timedelta(days=1), leader=leader, content="Ngày mai"
    )
    template = Template("{% load cchc_schedules %}{% cchc_today_schedule %}")
    request = rf.get("/")
    template.render(Context({"request": request}))  # site root paths cached, the box kept rendered
    with django_assert_max_num_queries(0):  # on every page's sidebar: kept rendered for the day
        html = template.render(Context({"request": request}))
    assert "Lịch hôm nay" in html and "Họp hôm nay" in html and "Tiếp dân hôm nay" in html
    assert "Ngày mai" not in html
    assert 'href="/lich-cong-tac/"' in html and 'href="/tiep-cong-dan/"' in html
    calendar.unpublish()
    assert "Họp hôm nay" not in template.render(Context({"request": request}))


def test_a_preview_shows_entries_not_yet_saved(home, leader):
    """Wagtail's preview renders the page from the form, its entries held in memory (modelcluster)."""
    page = WorkCalendarPage(title="Lịch công tác", slug="lich")
    page.entries.add(WorkCalendarEntry(date=MONDAY, start_time=datetime.time(14), leader=leader, content="Chiều"))
    page.entries.add(WorkCalendarEntry(date=MONDAY, start_time=datetime.time(8), leader=leader, content="Sáng"))
    page.entries.add(WorkCalendarEntry(date=MONDAY + datetime.timedelta(days=7), person="A", content="Tuần sau"))
    days = page.week_days(MONDAY)
    assert [entry.content for entry in days[0][1]] == ["Sáng", "Chiều"]
    assert [day for day, _entries, _url in days] == [MONDAY + datetime.timedelta(days=i) for i in range(5)]


def test_editors_preview_a_new_calendar(admin_client, home, leader):
    url = f"/admin/pages/add/cchc_pages/workcalendarpage/{home.pk}/preview/"
    row = {
        "date": timezone.localdate().isoformat(),
        "start_time": "08:00",
        "end_time": "",
        "leader": str(leader.pk),
        "person": "",
        "content": "Giao ban xem trước",
        "location": "",
        "participants": "",
        "change_note": "",
    }
    data = nested_form_data(
        {"title": "Lịch mới", "slug": "lich-moi", "intro": rich_text(""), "entries": inline_formset([row])}
    )
    assert admin_client.post(url, data).json()["is_valid"]
    html = admin_client.get(url).content.decode()
    assert "Giao ban xem trước" in html and "Nguyễn Văn An – Giám đốc Sở" in html
