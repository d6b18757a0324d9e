"""What a published question shows of its sender and of its text: the identity the citizen chose
on the form (never anything of the free-text address), and the wording moderators reviewed, which
the public pages show and search instead of the original, while the original stays unchanged and
visible to moderators only."""

import importlib
import re

from django.urls import reverse

from feedback.models import Submission, SubmissionEvent
from feedback.submissions import workflow

from .conftest import PASSWORD, receive, valid_post

ADDRESSES = (
    "Số 12 ngõ 34 Lê Lợi phường Hòa Bình tổ 5 SĐT 0912345678",
    "phố Xã Đàn, phường Kim Liên",
)


def send(client, form_page, **fields):
    """Send the form as a citizen does; returns the response."""
    data = valid_post(full_name="Trần Văn Bình", phone="0987 111 222", email="", **fields)
    return client.post(form_page.url, data, HTTP_ACCEPT_LANGUAGE="vi")


def publish(item, moderator, answer="Sở đã hướng dẫn ông hoàn thiện hồ sơ."):
    workflow.accept(item, moderator)
    workflow.give_answer(item, moderator, answer)
    return workflow.publish(item, moderator)


def public_text(client, answers_page, item, **query):
    listing = client.get(answers_page.url, query, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    detail = client.get(f"{answers_page.url}{item.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    return listing + detail


def test_the_address_is_never_published(client, form_page, answers_page, moderator):
    """The two addresses of the report: the former pattern published "phường Hòa Bình tổ 5 SĐT
    0912345678", and "Xã Đàn" (a street) as the commune."""
    items = []
    for n, address in enumerate(ADDRESSES):
        subject = f"Hỏi về thời hạn cấp giấy phép số {n}"
        response = send(client, form_page, address=address, subject=subject, shown_as="initials", public_locality="")
        assert response.status_code == 302, response.content.decode()[:2000]
        items.append(publish(Submission.objects.get(subject=subject), moderator))
    listing = client.get(answers_page.url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    details = [client.get(f"{answers_page.url}{item.pk}/").content.decode() for item in items]
    assert listing.count("Trần V. B. · ") == 2 and all("Trần V. B. · " in d for d in details)  # their choice
    text = listing + "".join(details)
    for part in ("tổ 5", "0912345678", "Lê Lợi", "ngõ 34", "Hòa Bình", "Xã Đàn", "Kim Liên", "Trần Văn Bình"):
        assert part not in text, part
    for words in ("xa dan", "kim lien", "0912345678", "hoa binh"):
        found = client.get(answers_page.url, {"q": words}).content.decode()
        assert "Hỏi về thời hạn" not in found, words


def test_the_citizens_choice_is_respected(client, form_page, answers_page, moderator):
    choices = [
        ("anonymous", "", "Một công dân"),
        ("initials", "", "Trần V. B."),
        ("anonymous", "phường Kim Liên", "phường Kim Liên"),
        ("initials", "xã Bằng Thành", "Trần V. B., xã Bằng Thành"),
    ]
    for n, (shown_as, locality, _shown) in enumerate(choices):
        subject = f"Câu hỏi thứ {n} về lệ phí chứng thực"
        response = send(client, form_page, subject=subject, shown_as=shown_as, public_locality=locality)
        assert response.status_code == 302, response.content.decode()[:2000]
        publish(Submission.objects.get(subject=subject), moderator)
    listing = client.get(answers_page.url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    for n, (_shown_as, _locality, shown) in enumerate(choices):
        entry = listing.split(f"Câu hỏi thứ {n} về lệ phí chứng thực")[1].split("</li>")[0]
        assert f"{shown} · " in entry, (n, entry)
        if "Trần" not in shown:
            assert "Trần" not in entry, (n, entry)
    # Without a choice (an older form, a custom template): anonymous, and the address stays out.
    data = valid_post(full_name="Trần Văn Bình", subject="Không chọn cách hiển thị", public_locality="")
    del data["shown_as"]
    assert client.post(form_page.url, data).status_code == 302
    item = publish(Submission.objects.get(subject="Không chọn cách hiển thị"), moderator)
    assert (item.shown_as, item.public_name) == ("anonymous", "")


def test_the_form_says_what_is_public_and_refuses_bad_choices_in_vietnamese(client, form_page):
    text = client.get(form_page.url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    for words in ("Ẩn danh", "Chữ cái đầu của họ tên", "Phường, xã hoặc đặc khu", "không bao giờ được công khai"):
        assert words in text, words
    assert re.search(r'<input type="radio" name="shown_as" value="anonymous"[^>]* checked', text)  # the default
    for fields, message in [
        ({"shown_as": "full_name"}, "Hãy chọn cách hiển thị"),
        ({"public_locality": ADDRESSES[0]}, "Chỉ ghi tên phường, xã hoặc đặc khu"),
        ({"public_locality": ADDRESSES[1]}, "Chỉ ghi tên phường, xã hoặc đặc khu"),
        ({"public_locality": "phường " + "Hòa Bình " * 10}, "tối đa 60 kí tự"),
    ]:
        response = send(client, form_page, subject="Một câu hỏi có lựa chọn sai", **fields)
        text = response.content.decode()
        assert response.status_code == 400 and message in text, fields  # the form again, with the error
        assert 'name="subject"' in text and "Một câu hỏi có lựa chọn sai" in text  # what was typed is kept
    assert Submission.objects.count() == 0 and SubmissionEvent.objects.count() == 0


def wording_url(item):
    return reverse("cchc_feedback_submission_modeladmin_edit", args=[item.pk])


REDACTED = {
    "public_subject": "Xe bị giữ quá thời hạn tại điểm tiếp nhận",
    "public_content": "Xe biển số [đã lược bỏ] của tôi bị giữ quá hạn; đề nghị trả lại xe.",
    "public_name": "",
}


def test_a_moderators_redaction_is_public_and_the_original_stays_for_moderators(
    client, form_page, answers_page, moderator
):
    original_content = "Xe biển số 20A-123.45 của tôi bị giữ quá hạn; gọi tôi 0912345678. Đề nghị trả lại xe."
    item = publish(receive(subject="Xe 20A-123.45 của Trần Văn Bình bị giữ", content=original_content), moderator)
    assert "Trần Văn Bình" in public_text(client, answers_page, item)  # as sent, until a moderator edits
    assert "Xe 20A" in client.get(answers_page.url, {"q": "0912345678"}).content.decode()

    assert client.login(username=moderator.username, password=PASSWORD)
    form = client.get(wording_url(item), HTTP_ACCEPT_LANGUAGE="vi")
    text = form.content.decode()
    assert form.status_code == 200 and "Bản gốc (chỉ đọc)" in text and original_content in text
    assert text.count("Xe 20A-123.45 của Trần Văn Bình bị giữ") >= 2  # the original and the pre-filled field
    # Extra fields naming the original are ignored: only the public wording can change.
    saved = client.post(wording_url(item), {**REDACTED, "subject": "X", "content": "Y", "full_name": "Z"})
    assert saved.status_code == 302 and saved["Location"].endswith(f"/inspect/{item.pk}/")
    item.refresh_from_db()
    assert (item.subject, item.content, item.full_name) == (
        "Xe 20A-123.45 của Trần Văn Bình bị giữ",
        original_content,
        "Nguyễn Văn An",
    )
    handle = client.get(saved["Location"]).content.decode()
    assert original_content in handle and REDACTED["public_content"] in handle  # both, for moderators
    assert list(item.events.values_list("action", "user__username"))[-1] == ("reworded", "kiemduyet")
    client.logout()

    text = public_text(client, answers_page, item)
    assert REDACTED["public_subject"] in text and "[đã lược bỏ]" in text and "Một công dân" in text
    for secret in ("20A-123.45", "0912345678", "Trần Văn Bình", "Nguyễn V. A.", "Hòa Bình"):
        assert secret not in text, secret
    assert "Xe bị giữ" not in client.get(answers_page.url, {"q": "0912345678"}).content.decode()
    assert "Xe bị giữ" not in client.get(answers_page.url, {"q": "tran van binh"}).content.decode()
    assert "Xe bị giữ" in client.get(answers_page.url, {"q": "da luoc bo"}).content.decode()
    # Unpublished and published again: the moderator's wording stays.
    workflow.unpublish(item, moderator)
    item = workflow.publish(item, moderator)
    assert (item.public_subject, item.public_name) == (REDACTED["public_subject"], "")


def test_an_empty_public_wording_is_refused(client, moderator):
    item = receive()
    assert client.login(username=moderator.username, password=PASSWORD)
    response = client.post(wording_url(item), {**REDACTED, "public_content": "  "}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400 and "Trường này là bắt buộc" in response.content.decode()
    item.refresh_from_db()
    assert not item.public_subject and not item.events.filter(action="reworded").exists()


def test_without_the_moderate_permission_the_public_wording_cannot_be_edited(client, editor, moderator):
    item = publish(receive(), moderator)
    private = receive(consent="none")
    for role, user in (("anonymous", None), ("editor", editor)):
        if user:
            assert client.login(username=user.username, password=PASSWORD)
        target = "/admin/login/" if role == "anonymous" else "/admin/"
        for response in (client.get(wording_url(item)), client.post(wording_url(item), REDACTED)):
            assert response.status_code == 302 and response["Location"].startswith(target), role
            assert item.subject not in response.content.decode()
    item.refresh_from_db()
    assert item.public_subject == item.subject and not item.events.filter(action="reworded").exists()
    # A moderator neither: the citizen did not agree to publication, so there is no public wording.
    assert client.login(username=moderator.username, password=PASSWORD)
    assert client.get(wording_url(private)).status_code == 302


def test_the_migration_keeps_existing_publications_safe(db):
    """Rows as the former version left them: consents "initials"/"anonymous" and identity lines cut
    from the address."""
    rows = [
        ("initials", "published", "Trần V. B., phường Hòa Bình tổ 5 SĐT 0912345678", "Trần V. B."),
        ("initials", "published", "Trần V. B., Xã Đàn", "Trần V. B."),
        ("initials", "published", "phường Kim Liên", ""),  # no name: the line was the address part only
        ("initials", "answered", "0912 B., phường Hòa Bình", ""),  # unpublished since; not initials
        ("anonymous", "published", "", ""),
    ]
    items = []
    for n, (consent, status, shown, _expected) in enumerate(rows):
        item = receive(subject=f"Câu hỏi cũ {n}", content=f"Nội dung cũ {n}, gọi 0912345678")
        Submission.objects.filter(pk=item.pk).update(
            consent=consent,
            status=status,
            public_name=shown,
            shown_as="anonymous",
            public_locality="",
            folded_text="phuong hoa binh to 5 sdt 0912345678",
        )
        items.append(item)
    migration = importlib.import_module("feedback.migrations.0007_public_wording")
    from django.apps import apps

    migration.make_identities_safe(apps, None)
    for item, (consent, status, _shown, expected) in zip(items, rows, strict=True):
        before_subject, before_content = item.subject, item.content
        item.refresh_from_db()
        assert item.consent == "publish" and item.public_name == expected, (item.subject, item.public_name)
        assert item.shown_as == ("initials" if consent == "initials" else "anonymous") and not item.public_locality
        assert (item.subject, item.content) == (before_subject, before_content)
        if status == "published":
            assert (item.public_subject, item.public_content) == (item.subject, item.content)
        else:
            assert item.public_subject == "" and "0912345678" not in item.folded_text
    assert "hoa binh" not in " ".join(Submission.objects.values_list("folded_text", flat=True))
