"""Demo schedules: the department's 2026 citizen reception schedule, the leaders' work calendar
around the week the demo is loaded, and a past planned outage notice.

The department is the demo's provincial Sở Nội vụ; since 1 July 2025 local government has two
levels, so the leaders' visits go to communes and wards (xã, phường), never to a district. The
reception schedule publishes the Director's own monthly day (the head of the unit, ND 154/2026/NĐ-CP
Điều 11) and the deputies' days. The outage notice lies in the past, so the demo's banner shows only
when an editor schedules one.
"""

import datetime

from django.utils import timezone

from cchc_pages.models import (
    ContactCard,
    OutageNotice,
    ReceptionEntry,
    ReceptionSchedulePage,
    WorkCalendarEntry,
    WorkCalendarPage,
)

RECEPTION_PLACE = "Trụ sở Tiếp công dân tỉnh, số 5 đường Trường Chinh, phường Trung tâm (địa chỉ minh họa)"
RECEPTION_INTRO = (
    "<p>Lãnh đạo Sở Nội vụ tiếp công dân định kỳ theo lịch dưới đây, tại Trụ sở Tiếp công dân tỉnh. "
    "Giám đốc Sở trực tiếp tiếp công dân ít nhất một ngày trong mỗi tháng. Ngoài các ngày này, "
    "công chức tiếp công dân thường xuyên của Văn phòng Sở tiếp nhận vào giờ hành chính các ngày làm việc.</p>"
    "<p>Khi lịch thay đổi, nội dung thay đổi được ghi ngay bên ngày tiếp.</p>"
)
WORK_INTRO = (
    "<p>Lịch công tác tuần của Giám đốc và các Phó Giám đốc Sở; cập nhật khi có thay đổi. "
    "Mục có ghi “Thay đổi” là nội dung đã điều chỉnh so với lịch đã đăng.</p>"
)
OUTAGE = (
    datetime.datetime(2026, 6, 27, 22, 0),
    datetime.datetime(2026, 6, 28, 2, 0),
    "Cổng thông tin tạm dừng để nâng cấp hệ thống trước khi Nghị định 224/2026/NĐ-CP có hiệu lực. "
    "Trong thời gian này, người dân nộp hồ sơ trực tiếp tại Bộ phận một cửa hoặc gọi đường dây nóng 0209 3870 999.",
)

T = datetime.time


def _working_day_on_or_after(day):
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _first_weekday(year, month, weekday):
    day = datetime.date(year, month, 1)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def reception_entries(director, deputies):
    """The Director's day (the 15th, or the next working day) and a deputy's first Tuesday, each month."""
    rows = []
    for month in range(1, 13):
        head_day = _working_day_on_or_after(datetime.date(2026, month, 15))
        changed = month == 7
        if changed:  # moved by a session of the provincial People's Council
            head_day = datetime.date(2026, 7, 16)
        rows.append(
            ReceptionEntry(
                date=head_day,
                start_time=T(7, 30),
                end_time=T(11, 30),
                leader=director,
                by_head=True,
                content="Giám đốc Sở tiếp công dân định kỳ",
                participants="Chánh Văn phòng Sở; lãnh đạo phòng chuyên môn liên quan",
                is_changed=changed,
                change_note="Chuyển từ thứ Tư 15/7 sang thứ Năm 16/7 do trùng kỳ họp HĐND tỉnh" if changed else "",
            )
        )
        rows.append(
            ReceptionEntry(
                date=_first_weekday(2026, month, 1),
                start_time=T(14, 0),
                end_time=T(17, 0),
                leader=deputies[month % len(deputies)],
                content="Phó Giám đốc Sở tiếp công dân định kỳ",
                participants="Công chức tiếp công dân Văn phòng Sở",
            )
        )
    return rows


def work_entries(monday, director, deputies, head_of_reform):
    """About twenty items of the week of `monday`, a few of the next week and one of the last."""
    d = [monday + datetime.timedelta(days=i) for i in range(-7, 12)]
    prev, week, nxt = d[0:7], d[7:14], d[14:19]
    binh, cuong = deputies
    rows = [
        (
            prev[3],
            T(8, 0),
            T(11, 0),
            director,
            "",
            "Dự Hội nghị sơ kết công tác cải cách hành chính quý IV",
            "Hội trường UBND tỉnh",
            "Trưởng phòng Cải cách hành chính",
        ),
        (
            week[0],
            T(7, 30),
            T(9, 0),
            director,
            "",
            "Giao ban Lãnh đạo Sở đầu tuần",
            "Phòng họp tầng 2, trụ sở Sở",
            "Các Phó Giám đốc; Chánh Văn phòng; Trưởng các phòng",
        ),
        (
            week[0],
            T(9, 30),
            T(11, 30),
            binh,
            "",
            "Làm việc với Phòng Tổ chức, biên chế về đề án vị trí việc làm",
            "Phòng họp tầng 3",
            "Phòng Tổ chức, biên chế và tổ chức phi chính phủ",
        ),
        (
            week[0],
            T(14, 0),
            T(17, 0),
            director,
            "",
            "Dự họp UBND tỉnh thường kỳ tháng",
            "Phòng họp số 1, UBND tỉnh",
            "",
        ),
        (
            week[0],
            T(14, 0),
            T(16, 30),
            cuong,
            "",
            "Kiểm tra công tác cải cách hành chính tại UBND xã Tân Thành",
            "UBND xã Tân Thành",
            "Phòng Cải cách hành chính; đại diện Trung tâm Phục vụ hành chính công tỉnh",
        ),
        (
            week[1],
            T(8, 0),
            T(11, 30),
            director,
            "",
            "Làm việc với UBND phường Trung tâm về sắp xếp công chức cấp xã",
            "UBND phường Trung tâm",
            "Phòng Tổ chức, biên chế; Văn phòng Sở",
        ),
        (
            week[1],
            T(8, 0),
            T(10, 0),
            None,
            "Phó Giám đốc Trần Thị Bình",
            "Họp Hội đồng thi đua, khen thưởng ngành Nội vụ",
            "Phòng họp tầng 2",
            "Thành viên Hội đồng",
        ),
        (
            week[1],
            T(14, 0),
            T(17, 0),
            binh,
            "",
            "Tiếp và làm việc với Đoàn công tác của Bộ Nội vụ",
            "Phòng họp tầng 2",
            "Giám đốc Sở; Trưởng phòng Cải cách hành chính",
        ),
        (
            week[2],
            T(7, 30),
            T(11, 30),
            director,
            "",
            "Hội nghị trực tuyến toàn quốc triển khai Nghị định 224/2026/NĐ-CP về chuyển đổi số",
            "Điểm cầu UBND tỉnh",
            "Lãnh đạo các sở, ngành; Chủ tịch UBND các xã, phường",
        ),
        (
            week[2],
            T(8, 0),
            T(11, 0),
            cuong,
            "",
            "Thẩm định hồ sơ đề nghị công nhận xã đạt chuẩn chuyển đổi số",
            "Phòng họp tầng 3",
            "Phòng Cải cách hành chính",
        ),
        (
            week[2],
            T(14, 0),
            T(16, 0),
            head_of_reform,
            "",
            "Hướng dẫn nghiệp vụ đánh giá Chỉ số CCHC năm 2026 cho công chức cấp xã",
            "Hội trường Trung tâm Phục vụ hành chính công tỉnh",
            "Công chức Văn phòng HĐND và UBND các xã, phường",
        ),
        (
            week[2],
            T(14, 30),
            T(17, 0),
            binh,
            "",
            "Làm việc với UBND xã Hòa Bình về công tác tôn giáo",
            "UBND xã Hòa Bình",
            "Phòng Quản lý nhà nước về tôn giáo",
        ),
        (week[3], T(7, 30), T(11, 30), director, "", "Tiếp công dân định kỳ", RECEPTION_PLACE, "Chánh Văn phòng Sở"),
        (
            week[3],
            T(8, 0),
            T(11, 0),
            cuong,
            "",
            "Kiểm tra Bộ phận một cửa tại UBND xã Yên Lạc",
            "UBND xã Yên Lạc",
            "Phòng Cải cách hành chính",
        ),
        (
            week[3],
            T(14, 0),
            T(17, 0),
            None,
            "Lãnh đạo Sở",
            "Họp Ban Chỉ đạo cải cách hành chính tỉnh",
            "Phòng họp số 2, UBND tỉnh",
            "Giám đốc Sở; Trưởng phòng CCHC",
        ),
        (
            week[3],
            T(14, 0),
            T(16, 0),
            binh,
            "",
            "Dự Hội nghị tổng kết công tác văn thư, lưu trữ",
            "Hội trường Sở",
            "Trung tâm Lưu trữ lịch sử tỉnh",
        ),
        (week[4], T(7, 30), T(9, 30), director, "", "Họp chi bộ Văn phòng Sở", "Phòng họp tầng 2", "Đảng viên chi bộ"),
        (
            week[4],
            T(9, 30),
            T(11, 30),
            cuong,
            "",
            "Làm việc với Trung tâm Phục vụ hành chính công tỉnh về số hóa hồ sơ",
            "Trung tâm Phục vụ hành chính công tỉnh",
            "Phòng Cải cách hành chính",
        ),
        (
            week[4],
            T(14, 0),
            T(16, 30),
            director,
            "",
            "Nghe báo cáo kết quả khảo sát mức độ hài lòng (SIPAS) năm 2026",
            "Phòng họp tầng 2",
            "Các Phó Giám đốc; Phòng Cải cách hành chính",
        ),
        (
            week[4],
            T(15, 0),
            T(17, 0),
            binh,
            "",
            "Giao ban công tác tổ chức, biên chế với các xã, phường (trực tuyến)",
            "Phòng họp trực tuyến tầng 3",
            "Công chức phụ trách nội vụ các xã, phường",
        ),
        (week[5], None, None, None, "Cán bộ trực Văn phòng Sở", "Trực cơ quan", "Trụ sở Sở", ""),
        (
            nxt[0],
            T(7, 30),
            T(9, 0),
            director,
            "",
            "Giao ban Lãnh đạo Sở đầu tuần",
            "Phòng họp tầng 2, trụ sở Sở",
            "Các Phó Giám đốc; Chánh Văn phòng; Trưởng các phòng",
        ),
        (
            nxt[1],
            T(8, 0),
            T(17, 0),
            cuong,
            "",
            "Kiểm tra công tác cải cách hành chính tại các xã vùng cao",
            "UBND xã Quang Minh, UBND xã Phúc Lộc",
            "Phòng Cải cách hành chính",
        ),
        (
            nxt[3],
            T(14, 0),
            T(17, 0),
            director,
            "",
            "Hội nghị tổng kết công tác nội vụ năm 2026",
            "Hội trường UBND tỉnh",
            "Lãnh đạo Sở; Trưởng các phòng; Chủ tịch UBND các xã, phường",
        ),
    ]
    entries = []
    for date, start, end, leader, person, content, location, participants in rows:
        entries.append(
            WorkCalendarEntry(
                date=date,
                start_time=start,
                end_time=end,
                leader=leader,
                person=person,
                content=content,
                location=location,
                participants=participants,
            )
        )
    moved = entries[11]  # Wednesday afternoon's visit, moved after publication
    moved.is_changed = True
    moved.start_time, moved.end_time = T(14, 30), T(17, 0)
    moved.change_note = "Chuyển từ 8h00 sang 14h30; địa điểm không đổi"
    return entries


def _card(name):
    # The Vietnamese card: its English translation (english.py) has the same name.
    return ContactCard.objects.filter(name=name).order_by("pk").first()


def load(command, home, site):
    director = _card("Nguyễn Văn An")
    deputies = [_card("Trần Thị Bình"), _card("Lê Minh Cường")]
    head_of_reform = _card("Phạm Thu Hà")
    if not ReceptionSchedulePage.objects.child_of(home).filter(slug="lich-tiep-cong-dan").exists():
        page = ReceptionSchedulePage(
            title="Lịch tiếp công dân năm 2026",
            slug="lich-tiep-cong-dan",
            intro=RECEPTION_INTRO,
            place=RECEPTION_PLACE,
            show_in_menus=True,
        )
        for order, entry in enumerate(reception_entries(director, deputies)):
            entry.sort_order = order
            page.entries.add(entry)
        home.add_child(instance=page)
        page.save_revision().publish()
    if not WorkCalendarPage.objects.child_of(home).filter(slug="lich-cong-tac").exists():
        today = timezone.localdate()
        page = WorkCalendarPage(
            title="Lịch công tác tuần của Lãnh đạo Sở", slug="lich-cong-tac", intro=WORK_INTRO, show_in_menus=True
        )
        monday = today - datetime.timedelta(days=today.weekday())
        for order, entry in enumerate(work_entries(monday, director, deputies, head_of_reform)):
            entry.sort_order = order
            page.entries.add(entry)
        home.add_child(instance=page)
        page.save_revision().publish()
    start, end, message = OUTAGE
    tz = timezone.get_default_timezone()
    OutageNotice.objects.get_or_create(
        start=timezone.make_aware(start, tz), defaults={"end": timezone.make_aware(end, tz), "message": message}
    )
    command.stdout.write("Demo schedules ready: reception schedule 2026, leaders' work calendar, outage notice.")
