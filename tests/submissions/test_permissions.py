"""Who reaches what: anonymous visitors, editors without the moderate permission, moderators and
administrators, over every public page, admin view and attachment URL; and the moderators' tools
(actions, dashboard panel, report) as they use them in the admin."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from feedback.models import Submission, SubmissionEvent
from feedback.submissions import workflow

from .conftest import PASSWORD, PDF, receive

ROLES = ["anonymous", "editor", "moderator", "superuser"]
SECRETS = ("Nguyễn Văn An", "0912 345 678", "an.nguyen@example.invalid")


@pytest.fixture
def world(form_page, answers_page, unit, editor, moderator, superuser):
    item = receive(files=[("pdf", "don-khieu-nai.pdf", PDF)])
    published = receive(subject="Hỏi về lệ phí chứng thực")
    workflow.accept(published, moderator)
    workflow.give_answer(published, moderator, "Lệ phí theo quy định hiện hành.")
    workflow.publish(published, moderator)
    return {
        "users": {"editor": editor, "moderator": moderator, "superuser": superuser},
        "item": item,
        "published": published,
        "attachment": item.attachments.get(),
        "form_page": form_page,
        "answers_page": answers_page,
    }


def login(client, world, role):
    if role != "anonymous":
        assert client.login(username=world["users"][role].username, password=PASSWORD)


def urls(world):
    item, attachment = world["item"], world["attachment"]
    return {
        "form": (world["form_page"].url, "public"),
        "lookup": (world["form_page"].url + "tra-cuu/", "public"),
        "answers": (world["answers_page"].url, "public"),
        "answer_detail": (f"{world['answers_page'].url}{world['published'].pk}/", "public"),
        "unpublished_detail": (f"{world['answers_page'].url}{item.pk}/", "nobody"),
        "submission_list": (reverse("cchc_feedback_submission_modeladmin_index"), "moderator"),
        "submission_handle": (reverse("cchc_feedback_submission_modeladmin_inspect", args=[item.pk]), "moderator"),
        "attachment": (reverse("cchc_feedback_attachment", args=[attachment.pk]), "moderator"),
        "report_csv": (reverse("cchc_feedback_report") + "?format=csv", "moderator"),
        "report_xlsx": (reverse("cchc_feedback_report") + "?format=xlsx", "moderator"),
        "units": (reverse("cchc_feedback_feedbackunit_modeladmin_index"), "admin"),
        "holidays": (reverse("cchc_feedback_holiday_modeladmin_index"), "admin"),
    }


def allowed(rule, role):
    return {
        "public": True,
        "nobody": False,
        "moderator": role in ("moderator", "superuser"),
        "admin": role == "superuser",
    }[rule]


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role):
    login(client, world, role)
    for name, (url, rule) in urls(world).items():
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if allowed(rule, role):
            assert response.status_code == 200, (name, role, response.status_code)
        else:
            assert response.status_code in (302, 403, 404), (name, role, response.status_code)
            if response.status_code == 302:
                target = "/admin/login/" if role == "anonymous" else "/admin/"
                assert response["Location"].startswith(target), (name, role, response["Location"])
            assert body != PDF
        if rule in ("public", "nobody") or not allowed(rule, role):
            text = body.decode("utf-8", "replace")
            for secret in SECRETS:
                assert secret not in text, (name, role, secret)


@pytest.mark.parametrize("role, sees_data", [("editor", False), ("moderator", True), ("superuser", True)])
def test_attachment_download_and_personal_data(client, world, role, sees_data):
    login(client, world, role)
    response = client.get(reverse("cchc_feedback_attachment", args=[world["attachment"].pk]))
    if sees_data:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        handle = client.get(reverse("cchc_feedback_submission_modeladmin_inspect", args=[world["item"].pk]))
        text = handle.content.decode()
        assert all(secret in text for secret in SECRETS) and "don-khieu-nai.pdf" in text
    else:
        assert response.status_code == 302


def test_attachments_are_not_under_media_root(world, settings):
    from pathlib import Path

    path = Path(world["attachment"].file.path).resolve()
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError):
        _ = world["attachment"].file.url


def act(client, item, action, **data):
    return client.post(
        reverse("cchc_feedback_submission_modeladmin_inspect", args=[item.pk]), {"action": action, **data}
    )


def test_moderator_handles_a_submission_in_the_admin(client, world, unit):
    item = world["item"]
    login(client, world, "moderator")
    assert act(client, item, "publish").status_code == 400  # not answered yet
    assert act(client, item, "accept").status_code == 302
    assert act(client, item, "assign", unit=unit.pk).status_code == 302
    assert act(client, item, "note", note="Đã gọi điện xác minh").status_code == 302
    assert act(client, item, "process").status_code == 302
    assert act(client, item, "classify", sector="Tư pháp", procedure_text="Chứng thực bản sao").status_code == 302
    assert act(client, item, "answer", answer="Ông/bà liên hệ Phòng Tư pháp.").status_code == 302
    assert act(client, item, "publish").status_code == 302
    item.refresh_from_db()
    assert item.status == "published" and item.sector == "Tư pháp"
    actions = list(item.events.values_list("action", flat=True))
    assert actions == ["received", "accepted", "assigned", "note", "processing", "classified", "answered", "published"]
    assert set(item.events.exclude(action="received").values_list("user__username", flat=True)) == {"kiemduyet"}
    handle = client.get(reverse("cchc_feedback_submission_modeladmin_inspect", args=[item.pk])).content.decode()
    assert "Đã gọi điện xác minh" in handle and "Nhật ký xử lý" in handle
    bad = act(client, item, "merge", original_code="PA-1999-000000-ZZZZ")
    assert bad.status_code == 400 and "Không có phản ánh nào mang mã này" in bad.content.decode()


def test_editor_cannot_post_actions(client, world):
    login(client, world, "editor")
    response = act(client, world["item"], "accept")
    assert response.status_code == 302
    assert Submission.objects.get(pk=world["item"].pk).status == "received"
    assert SubmissionEvent.objects.filter(submission=world["item"], action="accepted").count() == 0


def test_list_puts_overdue_first_and_dashboard_counts(client, world):
    import datetime

    from django.utils import timezone

    late = receive(subject="Phản ánh đã quá hạn thụ lý")
    Submission.objects.filter(pk=late.pk).update(
        accept_due=timezone.localdate() - datetime.timedelta(days=2),
        received_at=timezone.now() - datetime.timedelta(days=30),
    )
    login(client, world, "moderator")
    listing = client.get(reverse("cchc_feedback_submission_modeladmin_index")).content.decode()
    assert listing.index(late.code) < listing.index(world["item"].code)
    assert "quá hạn" in listing
    home = client.get("/admin/").content.decode()
    assert "1 phản ánh quá hạn" in home and late.code in home
    client.logout()
    login(client, world, "editor")
    assert late.code not in client.get("/admin/").content.decode()


def test_report_counts_per_status_unit_and_timeliness(client, world, unit):
    workflow.accept(world["item"], world["users"]["moderator"])
    workflow.assign(world["item"], world["users"]["moderator"], unit)
    login(client, world, "moderator")
    response = client.get(reverse("cchc_feedback_report"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    as_dict = {row[0]: row[1:] for row in rows if row}
    assert as_dict["Đã công khai"] == ["1"] and as_dict["Đã chuyển đơn vị xử lý"] == ["1"]
    assert as_dict["Phòng Tư pháp"] == ["1", "0", "0", "1", "0"]
    assert as_dict["Tổng cộng"][-5:] == ["2", "1", "0", "1", "0"]
    xlsx = client.get(reverse("cchc_feedback_report"), {"format": "xlsx", "nam": "2026"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert (sheet["A1"].value, sheet["B1"].value) == ("Báo cáo tình hình tiếp nhận, xử lý phản ánh, kiến nghị", "2026")
    assert [sheet.cell(row=r, column=1).value for r in range(1, sheet.max_row + 1)].count("Tổng cộng") == 2
    bad = client.get(reverse("cchc_feedback_report"), {"nam": "20x6"})
    assert bad.status_code == 400 and "không phải là năm hợp lệ" in bad.content.decode()
