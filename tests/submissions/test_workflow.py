"""Handling a submission: tracking by code and contact, transitions and their audit trail,
working-day deadlines on the Vietnamese calendar, publication with consented identity, retention."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from feedback.models import FeedbackUnit, Holiday, Submission, SubmissionEvent
from feedback.submissions import workflow
from feedback.submissions.forms import clean_locality
from feedback.submissions.models import abbreviate_name
from feedback.submissions.workdays import add_working_days

from .conftest import receive, stored_files


def lookup(client, page, code, contact, **extra):
    return client.post(page.url + "tra-cuu/", {"code": code, "contact": contact}, HTTP_ACCEPT_LANGUAGE="vi", **extra)


def test_lookup_needs_the_code_and_the_phone_or_email(client, form_page, submission):
    for contact in ("0912345678", "0912.345.678", "AN.NGUYEN@example.invalid"):
        response = lookup(client, form_page, submission.code.lower(), contact)
        assert response.status_code == 200, contact
        text = response.content.decode()
        assert "Đã tiếp nhận" in text and submission.subject in text
        assert "no-store" in response["Cache-Control"]
    wrong_phone = lookup(client, form_page, submission.code, "0987654321")
    wrong_code = lookup(client, form_page, "PA-2026-000001-XXXX", "0912345678")
    assert wrong_phone.status_code == wrong_code.status_code == 404
    message = "Không tìm thấy phản ánh khớp với mã phản ánh và số điện thoại hoặc email đã nhập"
    assert message in wrong_phone.content.decode() and message in wrong_code.content.decode()
    assert submission.subject not in wrong_phone.content.decode()
    empty = client.post(form_page.url + "tra-cuu/", {"code": "", "contact": ""})
    assert empty.status_code == 400


def test_lookup_shows_the_answer_but_never_internal_notes(client, form_page, submission, unit, moderator):
    workflow.accept(submission, moderator)
    workflow.add_note(submission, moderator, "Gọi lại cho anh An để hỏi thêm")
    workflow.assign(submission, moderator, unit)
    workflow.give_answer(submission, moderator, "Hồ sơ của ông đã được giải quyết ngày 20/3/2026.")
    text = lookup(client, form_page, submission.code, "0912345678").content.decode()
    assert "Hồ sơ của ông đã được giải quyết" in text and "Phòng Tư pháp" in text
    assert "Gọi lại" not in text and moderator.username not in text


def test_transitions_are_audited_and_notify_the_citizen(
    submission, unit, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.accept(submission, moderator)
        workflow.assign(submission, moderator, unit)
        workflow.start_processing(submission, moderator)
        workflow.give_answer(submission, moderator, "Trả lời: đã xử lý.")
        workflow.publish(submission, moderator)
    submission.refresh_from_db()
    assert submission.status == "published" and submission.public_name == "Nguyễn V. A., phường Hòa Bình"
    trail = list(submission.events.values_list("action", "from_status", "to_status", "user__username"))
    assert trail == [
        ("received", "", "received", None),
        ("accepted", "received", "accepted", "kiemduyet"),
        ("assigned", "accepted", "assigned", "kiemduyet"),
        ("processing", "assigned", "processing", "kiemduyet"),
        ("answered", "processing", "answered", "kiemduyet"),
        ("published", "answered", "published", "kiemduyet"),
    ]
    subjects = [m.subject for m in mail.outbox]
    assert any("đã được thụ lý" in s for s in subjects) and any("đã được trả lời" in s for s in subjects)
    assert submission.answered_on_time is True


def test_impossible_transitions_are_refused_in_vietnamese(submission, moderator):
    with pytest.raises(workflow.TransitionError, match="Không thể thực hiện thao tác này"):
        workflow.publish(submission, moderator)
    with pytest.raises(workflow.TransitionError, match="lý do"):
        workflow.reject(submission, moderator, "  ")
    workflow.reject(submission, moderator, "Không thuộc thẩm quyền giải quyết của Sở.")
    with pytest.raises(workflow.TransitionError):
        workflow.accept(submission, moderator)
    assert Submission.objects.get().status == "rejected"


def test_no_publication_without_consent(db, moderator):
    item = receive(consent="none")
    workflow.accept(item, moderator)
    workflow.give_answer(item, moderator, "Đã trả lời riêng.")
    with pytest.raises(workflow.TransitionError, match="không đồng ý công khai"):
        workflow.publish(item, moderator)


def test_merge_passes_the_answer_on_to_the_duplicate(db, moderator):
    original, duplicate, late = receive(), receive(phone="0988000111", email=""), receive()
    workflow.merge(duplicate, moderator, original)
    workflow.accept(original, moderator)
    workflow.give_answer(original, moderator, "Câu trả lời chung.")
    duplicate.refresh_from_db()
    assert duplicate.status == "merged" and duplicate.duplicate_of == original
    assert duplicate.answer == "Câu trả lời chung."
    workflow.merge(late, moderator, original)  # a duplicate arriving after the answer gets it at once
    late.refresh_from_db()
    assert late.answer == "Câu trả lời chung." and late.answered_at


def test_deadlines_skip_weekends_and_holidays(db):
    Holiday.objects.create(date=datetime.date(2026, 4, 27), name="Nghỉ bù Giỗ Tổ Hùng Vương")
    Holiday.objects.create(date=datetime.date(2026, 4, 30), name="Ngày Chiến thắng")
    Holiday.objects.create(date=datetime.date(2026, 5, 1), name="Quốc tế Lao động")
    # Friday 24/4/2026 + 3 working days: Tue 28, Wed 29, then Mon 4/5 (27, 30/4, 1/5 off; weekend).
    assert add_working_days(datetime.date(2026, 4, 24), 3) == datetime.date(2026, 5, 4)
    assert add_working_days(datetime.date(2026, 4, 24), 1) == datetime.date(2026, 4, 28)


def test_overdue_items_are_flagged(db, moderator):
    item = receive()
    Submission.objects.filter(pk=item.pk).update(accept_due=timezone.localdate() - datetime.timedelta(days=1))
    item.refresh_from_db()
    assert item.is_overdue
    workflow.accept(item, moderator)
    item.refresh_from_db()
    assert not item.is_overdue and item.answer_due > timezone.localdate()


def test_identity_is_reduced_to_what_was_consented():
    assert abbreviate_name("Nguyễn Văn An") == "Nguyễn V. A."
    assert abbreviate_name("Lê Thị Minh Hằng") == "Lê T. M. H."
    assert abbreviate_name("0912345678 Bình") == "Bình"  # digits typed into the name are not initials
    assert clean_locality("  Phường   Đức Xuân ") == "Phường Đức Xuân"
    assert clean_locality("xã Bằng Thành") == "xã Bằng Thành" and clean_locality("") == ""
    for typed in ("Hà Nội", "Thôn Nà Pài, xã Bằng Thành", "phường Hòa Bình tổ 5", "xã 0912345678"):
        assert clean_locality(typed) is None, typed


def published_item(moderator, **fields):
    item = receive(**fields)
    workflow.accept(item, moderator)
    workflow.give_answer(item, moderator, fields.get("answer_text", "Sở đã hướng dẫn ông hoàn thiện hồ sơ."))
    return workflow.publish(item, moderator)


def test_public_listing_shows_published_items_only_anonymised(client, answers_page, moderator, submission):
    item = published_item(moderator, subject="Chậm trả kết quả đăng ký hộ kinh doanh")
    anonymous = published_item(moderator, subject="Phí cấp bản sao trích lục", shown_as="anonymous", public_locality="")
    response = client.get(answers_page.url)
    text = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert item.subject in text and anonymous.subject in text and submission.subject not in text
    assert "Nguyễn V. A., phường Hòa Bình" in text and "Một công dân" in text
    for secret in ("Nguyễn Văn An", "0912 345 678", "an.nguyen@example.invalid", "Số 12 Lê Lợi"):
        assert secret not in text
    detail = client.get(f"{answers_page.url}{item.pk}/")
    assert detail.status_code == 200 and "Sở đã hướng dẫn ông" in detail.content.decode()
    assert "Nguyễn Văn An" not in detail.content.decode()
    hidden = client.get(f"{answers_page.url}{submission.pk}/")
    assert hidden.status_code == 404 and "chưa được công khai" in hidden.content.decode()


def test_public_search_ignores_diacritics_and_filters(client, answers_page, moderator):
    land = published_item(moderator, subject="Cấp giấy chứng nhận quyền sử dụng đất chậm")
    land.sector = "Đất đai"
    land.save()
    workflow.classify(land, moderator, "Đất đai", land.procedure_text, None)
    other = published_item(moderator, subject="Thời gian tiếp công dân", procedure_text="")
    found = client.get(answers_page.url, {"q": "quyen su dung dat"}).content.decode()
    assert land.subject in found and other.subject not in found
    by_sector = client.get(answers_page.url, {"linh-vuc": "Đất đai"}).content.decode()
    assert land.subject in by_sector and other.subject not in by_sector
    by_procedure = client.get(answers_page.url, {"thu-tuc": land.procedure_text}).content.decode()
    assert land.subject in by_procedure and other.subject not in by_procedure
    year = timezone.localdate().year
    assert other.subject in client.get(answers_page.url, {"nam": year}).content.decode()
    assert other.subject not in client.get(answers_page.url, {"nam": year - 1}).content.decode()
    bad = client.get(answers_page.url, {"nam": "abc"})
    assert bad.status_code == 400 and "không phải là năm hợp lệ" in bad.content.decode()
    assert client.get(answers_page.url, {"page": "99"}).status_code == 404


def test_retention_erases_personal_data_and_files_of_old_closed_items(
    db, moderator, settings, private_root, django_capture_on_commit_callbacks
):
    from .conftest import PDF

    old = published_item(moderator)
    old_file = receive(files=[("pdf", "giay-to.pdf", PDF)])
    workflow.reject(old_file, moderator, "Trùng nội dung.")
    recent = receive(files=[("pdf", "moi.pdf", PDF)])
    workflow.reject(recent, moderator, "Trùng nội dung.")
    settings.CCHC_FEEDBACK_RETENTION_DAYS = 365
    long_ago = timezone.now() - datetime.timedelta(days=366)
    Submission.objects.filter(pk__in=[old.pk, old_file.pk]).update(closed_at=long_ago)
    assert len(stored_files(private_root)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_feedback_personal_data", stdout=open("/dev/null", "w"))
    old.refresh_from_db(), old_file.refresh_from_db(), recent.refresh_from_db()
    assert (old.full_name, old.phone, old.email, old.address) == ("", "", "", "")
    assert old.erased_at and old.public_name == "Nguyễn V. A., phường Hòa Bình" and old.status == "published"
    assert old_file.attachments.count() == 0 and recent.attachments.count() == 1
    assert recent.full_name == "Nguyễn Văn An"
    assert len(stored_files(private_root)) == 1
    assert SubmissionEvent.objects.filter(action="erased").count() == 2


def test_logs_carry_no_personal_data(db, moderator, caplog, unit):
    caplog.set_level("DEBUG")
    item = receive()
    workflow.accept(item, moderator)
    workflow.assign(item, moderator, FeedbackUnit.objects.get())
    for secret in ("Nguyễn Văn An", "0912 345 678", "an.nguyen", "Lê Lợi", "192.0.2.10"):
        assert secret not in caplog.text
    assert item.code in caplog.text


def _publish_many(n, start=0):
    for i in range(start, start + n):
        item = Submission.objects.create(
            code=f"PA-2026-{i:06d}-TEST",
            full_name="Nguyễn Văn An",
            phone="0912345678",
            subject=f"Câu hỏi số {i}",
            content="Nội dung",
            public_subject=f"Câu hỏi số {i}",
            public_content="Nội dung",
            status="published",
            published_at=timezone.now(),
            answer="Trả lời",
            answered_at=timezone.now(),
            sector="Tư pháp",
            public_name="Nguyễn V. A.",
        )
        item.refresh_folded_text()
        item.save()


def test_public_listing_and_admin_list_cost_the_same_queries_for_5_or_50_items(client, answers_page, moderator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.force_login(moderator)
    admin_list = reverse("cchc_feedback_submission_modeladmin_index")
    _publish_many(5)
    count(answers_page.url), count(admin_list)  # warm the site and session caches
    few = count(answers_page.url), count(admin_list)
    _publish_many(45, start=5)
    many = count(answers_page.url), count(admin_list)
    assert few == many, (few, many)
    print("queries (Q&A listing, admin list):", many)


def test_lookup_is_rate_limited(client, form_page, submission, settings):
    settings.CCHC_FEEDBACK_LOOKUP_RATE_LIMIT = 2
    for _i in range(2):
        assert lookup(client, form_page, submission.code, "0000000000").status_code == 404
    blocked = lookup(client, form_page, submission.code, "0912345678")
    assert blocked.status_code == 429 and "Quá nhiều lượt tra cứu" in blocked.content.decode()


def test_rejection_and_merge_notices_carry_the_code_but_no_reason_or_name(
    db, moderator, django_capture_on_commit_callbacks
):
    first, second, third = receive(), receive(), receive()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.reject(first, moderator, "Nội dung thuộc thẩm quyền của Ủy ban nhân dân xã.")
        with pytest.raises(workflow.TransitionError, match="chưa bị gộp hoặc từ chối"):
            workflow.merge(second, moderator, first)
        workflow.merge(second, moderator, third)
    rejected, merged = mail.outbox
    assert "không được tiếp nhận" in rejected.subject and first.code in rejected.body
    assert "thẩm quyền" not in rejected.body  # shown by the look-up, to whoever has code and contact
    assert second.code in merged.subject and second.code in merged.body
    assert "Kính gửi Ông/Bà," in merged.body and "Nguyễn Văn An" not in merged.body


def test_lookup_limit_ignores_an_address_header_not_sent_by_a_trusted_proxy(client, form_page, submission, settings):
    settings.CCHC_FEEDBACK_LOOKUP_RATE_LIMIT = 2
    settings.CCHC_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.CCHC_TRUSTED_PROXIES = ["10.0.0.2"]
    statuses = [
        lookup(
            client, form_page, submission.code, "0000000000", REMOTE_ADDR="198.51.100.4", HTTP_X_REAL_IP=f"192.0.2.{n}"
        ).status_code
        for n in range(3)
    ]
    assert statuses == [404, 404, 429]
