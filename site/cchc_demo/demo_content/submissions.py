"""Demo "phản ánh, kiến nghị": the form and Q&A pages, units, the public holidays of 2026 and a
dozen submissions in every state, some published with their answers. Idempotent: submissions are
matched by subject, holidays by date, units by name, pages by slug."""

import datetime

from django.utils import timezone

from feedback.models import (
    FeedbackAnswersPage,
    FeedbackFormPage,
    FeedbackUnit,
    Holiday,
    Submission,
    SubmissionEvent,
)
from feedback.submissions import conf
from feedback.submissions.models import Status, new_code
from feedback.submissions.workdays import add_working_days

# Official days off of 2026 for public servants (Bộ luật Lao động 2019, Điều 112; the Tết and
# 2/9 arrangement as announced by the Ministry of Home Affairs). Weekends inside a break are listed
# too, so the admin shows the whole break; editors adjust the list each year.
HOLIDAYS_2026 = [
    ("2026-01-01", "Tết Dương lịch"),
    *[(f"2026-02-{d}", "Nghỉ Tết Nguyên đán Bính Ngọ") for d in range(14, 23)],
    ("2026-04-26", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    ("2026-04-27", "Nghỉ bù Giỗ Tổ Hùng Vương"),
    ("2026-04-30", "Ngày Chiến thắng"),
    ("2026-05-01", "Ngày Quốc tế Lao động"),
    ("2026-09-01", "Nghỉ lễ Quốc khánh"),
    ("2026-09-02", "Quốc khánh"),
]

UNITS = [
    "Sở Tư pháp",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Trung tâm Phục vụ hành chính công tỉnh",
]

# (days ago, status, (consent, shown as, ward or commune typed for publication), unit, sector, person, address,
#  phone, email, subject, content, procedure, answer)
SUBMISSIONS = [
    (
        120,
        Status.PUBLISHED,
        ("publish", "initials", "phường Phan Đình Phùng"),
        "Sở Nông nghiệp và Môi trường",
        "Đất đai",
        "Nguyễn Văn An",
        "Số 12 Lê Lợi, phường Phan Đình Phùng, tỉnh Thái Nguyên",
        "0912345678",
        "an.nguyen@example.invalid",
        "Quá hạn cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        "Tôi nộp hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất lần đầu tại Trung tâm Phục vụ hành chính công "
        "từ ngày 02/6/2026, phiếu hẹn trả kết quả ngày 02/7/2026 nhưng đến nay vẫn chưa nhận được kết quả và "
        "không được thông báo lý do chậm trễ.",
        "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu",
        "Sở Nông nghiệp và Môi trường đã kiểm tra: hồ sơ của ông chậm do phải xác minh nguồn gốc đất với UBND phường. "
        "Văn phòng Đăng ký đất đai đã có văn bản xin lỗi và hẹn lại; Giấy chứng nhận đã được trao cho ông ngày "
        "15/8/2026. Sở đã chấn chỉnh việc thông báo bằng văn bản khi hồ sơ trễ hạn, theo đúng quy định.",
    ),
    (
        95,
        Status.PUBLISHED,
        ("publish", "anonymous", ""),
        "Sở Tư pháp",
        "Tư pháp",
        "Trần Thị Bích",
        "Tổ 5, phường Đức Xuân, tỉnh Thái Nguyên",
        "0987111222",
        "",
        "Lệ phí cấp bản sao trích lục khai sinh",
        "Khi xin cấp bản sao trích lục khai sinh, tôi được yêu cầu nộp 8.000 đồng mỗi bản. Xin hỏi mức thu này "
        "có đúng quy định không và có được nộp trực tuyến không?",
        "Cấp bản sao trích lục hộ tịch",
        "Mức phí cấp bản sao trích lục hộ tịch là 8.000 đồng/bản theo Thông tư 281/2016/TT-BTC (đã được sửa đổi). "
        "Công dân có thể nộp hồ sơ và phí trực tuyến trên Cổng Dịch vụ công quốc gia và nhận bản sao qua bưu chính.",
    ),
    (
        80,
        Status.PUBLISHED,
        ("publish", "anonymous", "xã Bằng Thành"),
        "Sở Xây dựng",
        "Xây dựng",
        "Lê Minh Hoàng",
        "Thôn Nà Pài, xã Bằng Thành, tỉnh Thái Nguyên",
        "0978333444",
        "hoang.le@example.invalid",
        "Hồ sơ cấp giấy phép xây dựng nhà ở riêng lẻ phải bổ sung nhiều lần",
        "Hồ sơ xin phép xây dựng nhà ở của gia đình tôi bị yêu cầu bổ sung ba lần, mỗi lần một nội dung khác nhau. "
        "Đề nghị cơ quan hướng dẫn đầy đủ một lần.",
        "Cấp giấy phép xây dựng đối với nhà ở riêng lẻ",
        "Sở Xây dựng ghi nhận phản ánh. Theo quy định, cơ quan tiếp nhận chỉ được yêu cầu bổ sung hồ sơ một lần. "
        "Sở đã kiểm điểm công chức liên quan và ban hành danh mục kiểm tra hồ sơ để hướng dẫn đầy đủ ngay từ đầu.",
    ),
    (
        60,
        Status.PUBLISHED,
        ("publish", "initials", ""),
        "Trung tâm Phục vụ hành chính công tỉnh",
        "Hộ tịch",
        "Phạm Thu Hà",
        "Số 3 Hoàng Văn Thụ, phường Phan Đình Phùng, tỉnh Thái Nguyên",
        "",
        "thuha.pham@example.invalid",
        "Không nhận được thông báo kết quả đăng ký kết hôn qua email",
        "Tôi đăng ký kết hôn trực tuyến, hệ thống báo đã có kết quả nhưng tôi không nhận được email thông báo lịch "
        "hẹn trao giấy chứng nhận.",
        "Đăng ký kết hôn",
        "Trung tâm đã kiểm tra: địa chỉ email trong hồ sơ bị nhập sai một ký tự. Trung tâm đã gọi điện hẹn bà "
        "nhận kết quả và bổ sung bước xác nhận email khi tiếp nhận hồ sơ trực tuyến.",
    ),
    (
        40,
        Status.ANSWERED,
        ("none", "anonymous", ""),
        "Sở Tư pháp",
        "Chứng thực",
        "Hoàng Văn Dũng",
        "Xóm Đồng Tâm, xã Phú Lương, tỉnh Thái Nguyên",
        "0911555666",
        "",
        "Chứng thực bản sao tại Ủy ban nhân dân xã",
        "Ủy ban nhân dân xã từ chối chứng thực bản sao văn bằng do nước ngoài cấp. Xin hỏi tôi phải đến đâu?",
        "Chứng thực bản sao từ bản chính",
        "Văn bằng do cơ quan nước ngoài cấp được chứng thực bản sao tại Phòng Tư pháp hoặc tổ chức hành nghề công "
        "chứng; bản chính phải được hợp pháp hóa lãnh sự, trừ trường hợp được miễn.",
    ),
    (
        25,
        Status.PROCESSING,
        ("publish", "initials", ""),
        "Sở Nông nghiệp và Môi trường",
        "Môi trường",
        "Đỗ Thị Lan",
        "Tổ 12, phường Gia Sàng, tỉnh Thái Nguyên",
        "0904777888",
        "lan.do@example.invalid",
        "Thủ tục cấp giấy phép môi trường cho cơ sở sản xuất nhỏ",
        "Cơ sở sản xuất đồ gỗ của gia đình có cần giấy phép môi trường không? Hồ sơ gồm những gì?",
        "Cấp giấy phép môi trường",
        "",
    ),
    (
        20,
        Status.ASSIGNED,
        ("publish", "anonymous", ""),
        "Sở Xây dựng",
        "Xây dựng",
        "Vũ Quang Minh",
        "Số 88 Cách Mạng Tháng Tám, phường Phan Đình Phùng, tỉnh Thái Nguyên",
        "0913999000",
        "",
        "Thời gian thẩm định thiết kế xây dựng kéo dài",
        "Doanh nghiệp chúng tôi nộp hồ sơ thẩm định thiết kế từ hơn một tháng trước nhưng chưa có kết quả.",
        "Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng",
        "",
    ),
    (
        16,
        Status.ACCEPTED,
        ("publish", "initials", ""),
        "",
        "Hộ tịch",
        "Bùi Thị Mai",
        "Thôn Làng Mới, xã Đại Phúc, tỉnh Thái Nguyên",
        "0965123123",
        "",
        "Đăng ký thường trú cho con mới sinh",
        "Tôi muốn đăng ký thường trú cho con mới sinh cùng lúc với đăng ký khai sinh. Có thực hiện liên thông trực "
        "tuyến được không?",
        "Liên thông đăng ký khai sinh, thường trú, cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi",
        "",
    ),
    (
        21,
        Status.RECEIVED,
        ("publish", "initials", ""),
        "",
        "",
        "Ngô Văn Tùng",
        "Xóm Chợ, xã Tân Cương, tỉnh Thái Nguyên",
        "0946222333",
        "tung.ngo@example.invalid",
        "Bộ phận một cửa không niêm yết thủ tục hành chính",
        "Tại Bộ phận một cửa xã, các thủ tục hành chính không được niêm yết công khai, người dân phải hỏi nhiều lần.",
        "",
        "",
    ),
    (
        3,
        Status.RECEIVED,
        ("publish", "anonymous", ""),
        "",
        "",
        "Đinh Thị Hương",
        "Tổ 7, phường Quang Trung, tỉnh Thái Nguyên",
        "0932444555",
        "",
        "Đề nghị kéo dài giờ làm việc buổi sáng thứ Bảy",
        "Đề nghị Trung tâm Phục vụ hành chính công tiếp nhận hồ sơ buổi sáng thứ Bảy để người lao động đi nộp "
        "hồ sơ được thuận tiện.",
        "",
        "",
    ),
    (
        30,
        Status.REJECTED,
        ("none", "anonymous", ""),
        "",
        "",
        "Trịnh Văn Khải",
        "Xóm Trại, xã Thần Sa, tỉnh Thái Nguyên",
        "0987666777",
        "",
        "Tranh chấp ranh giới đất với hộ liền kề",
        "Hộ liền kề lấn sang đất nhà tôi khoảng 1 m, đề nghị cơ quan giải quyết.",
        "",
        "Tranh chấp đất đai không phải là phản ánh về quy định hành chính: đề nghị ông gửi đơn đến UBND xã "
        "để được hòa giải theo Luật Đất đai.",
    ),
    (
        18,
        Status.MERGED,
        ("publish", "initials", ""),
        "",
        "Đất đai",
        "Nguyễn Thị Hạnh",
        "Số 20 Lê Lợi, phường Phan Đình Phùng, tỉnh Thái Nguyên",
        "0915000111",
        "",
        "Chậm cấp giấy chứng nhận quyền sử dụng đất",
        "Hồ sơ cấp giấy chứng nhận của tôi quá hẹn ba tuần mà chưa có kết quả.",
        "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu",
        "",
    ),
]


def load(command, home, site):
    answers = command.child(
        home,
        FeedbackAnswersPage,
        "hoi-dap-phan-anh",
        show_in_menus=True,
        title="Hỏi đáp phản ánh, kiến nghị",
        intro="<p>Các câu hỏi, phản ánh của người dân, doanh nghiệp và trả lời của cơ quan, được "
        "công khai khi người gửi đồng ý.</p>",
    )
    form = command.child(
        home,
        FeedbackFormPage,
        "phan-anh-kien-nghi",
        show_in_menus=True,
        title="Gửi phản ánh, kiến nghị",
        intro="<p>Tiếp nhận phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính và việc "
        "giải quyết thủ tục hành chính (Nghị định 20/2008/NĐ-CP, được sửa đổi, bổ sung).</p>",
        answers_page=answers,
    )
    if answers.form_page_id is None:
        answers.form_page = form
        answers.save_revision().publish()
    for day, name in HOLIDAYS_2026:
        Holiday.objects.get_or_create(date=datetime.date.fromisoformat(day), defaults={"name": name})
    units = {name: FeedbackUnit.objects.get_or_create(name=name)[0] for name in UNITS}
    created = sum(_submission(spec, units) for spec in SUBMISSIONS)
    command.stdout.write(f"Feedback demo ready: {created} submission(s) created.")


def _submission(spec, units):
    (days_ago, status, publication, unit, sector, name, address, phone, email, subject, content, procedure, text) = spec
    consent, shown_as, locality = publication
    if Submission.objects.filter(subject=subject).exists():
        return 0
    received = timezone.now().replace(hour=9, minute=30) - datetime.timedelta(days=days_ago)
    day = timezone.localdate(received)
    item = Submission(
        code=new_code(day.year),
        received_at=received,
        status=status,
        consent=consent,
        shown_as=shown_as,
        public_locality=locality,
        full_name=name,
        address=address,
        phone=phone,
        email=email,
        subject=subject,
        content=content,
        procedure_text=procedure,
        sector=sector,
        unit=units.get(unit),
        accept_due=add_working_days(day, conf.get("CCHC_FEEDBACK_DAYS_TO_ACCEPT")),
    )
    events = [(received, SubmissionEvent.Action.RECEIVED, "", Status.RECEIVED, "")]
    moment = received
    if status == Status.REJECTED:
        moment = received + datetime.timedelta(days=4)
        item.rejection_reason, item.closed_at = text, moment
        events.append((moment, SubmissionEvent.Action.REJECTED, Status.RECEIVED, Status.REJECTED, text))
    elif status == Status.MERGED:
        item.duplicate_of = Submission.objects.filter(subject=SUBMISSIONS[0][9]).first()
        moment = received + datetime.timedelta(days=1)
        item.closed_at = moment
        code = item.duplicate_of.code if item.duplicate_of else ""
        events.append((moment, SubmissionEvent.Action.MERGED, Status.RECEIVED, Status.MERGED, code))
    elif status != Status.RECEIVED:
        moment = received + datetime.timedelta(days=2)
        item.accepted_at = moment
        item.answer_due = add_working_days(timezone.localdate(moment), conf.get("CCHC_FEEDBACK_DAYS_TO_ANSWER"))
        events.append((moment, SubmissionEvent.Action.ACCEPTED, Status.RECEIVED, Status.ACCEPTED, ""))
        previous = Status.ACCEPTED
        for step, action in (
            (Status.ASSIGNED, SubmissionEvent.Action.ASSIGNED),
            (Status.PROCESSING, SubmissionEvent.Action.PROCESSING),
            (Status.ANSWERED, SubmissionEvent.Action.ANSWERED),
            (Status.PUBLISHED, SubmissionEvent.Action.PUBLISHED),
        ):
            if _order(status) < _order(step) or (step == Status.ASSIGNED and not unit):
                break
            moment += datetime.timedelta(days=5 if step != Status.PUBLISHED else 1)
            detail = unit if step == Status.ASSIGNED else ""
            events.append((moment, action, previous, step, detail))
            previous = step
            if step == Status.ANSWERED:
                item.answer, item.answered_at, item.closed_at = text, moment, moment
        if status == Status.PUBLISHED:
            item.published_at = moment
            item.fill_public_wording()
    item.refresh_folded_text()
    item.save()
    SubmissionEvent.objects.bulk_create(
        SubmissionEvent(submission=item, at=at, action=action, from_status=before, to_status=after, detail=detail)
        for at, action, before, after, detail in events
    )
    return 1


def _order(status):
    return [
        Status.RECEIVED,
        Status.ACCEPTED,
        Status.ASSIGNED,
        Status.PROCESSING,
        Status.ANSWERED,
        Status.PUBLISHED,
    ].index(status)
