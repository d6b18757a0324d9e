"""Citizens send a "phản ánh, kiến nghị": what is accepted, what is refused (in Vietnamese, with a
4xx, nothing saved and no file left behind), and the receipt with its tracking code."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from feedback.models import Submission, SubmissionAttachment, SubmissionEvent
from feedback.submissions.files import sniff

from .conftest import EXE, PDF, docx_bytes, jpg_bytes, png_bytes, stored_files, upload, valid_post

CODE = re.compile(r"PA-\d{4}-\d{6}-[A-Z2-9]{10}")


def post(client, page, data, files=()):
    """The form as a browser posts it: every field, the files as a list."""
    return client.post(page.url, {**data, "attachments": list(files)}, HTTP_ACCEPT_LANGUAGE="vi")


def test_form_page_is_never_cached_and_carries_a_csrf_token(client, form_page):
    response = client.get(form_page.url)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert b"csrfmiddlewaretoken" in response.content
    assert "Họ và tên" in response.content.decode()


def test_submission_with_attachments_gives_a_code_on_screen_and_by_email(
    client, form_page, private_root, django_capture_on_commit_callbacks
):
    files = [upload("don.pdf", PDF), upload("anh chup.PNG", png_bytes()), upload("to-trinh.docx", docx_bytes())]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, form_page, valid_post(), files)
    assert response.status_code == 302
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200 and "no-store" in receipt["Cache-Control"]
    submission = Submission.objects.get()
    assert CODE.fullmatch(submission.code)
    assert submission.code in receipt.content.decode()
    assert submission.status == "received" and submission.accept_due > submission.received_at.date()
    assert sorted(a.kind for a in submission.attachments.all()) == ["docx", "pdf", "png"]
    assert len(stored_files(private_root)) == 3
    # Stored under random names, never the citizen's file name.
    assert not {p.name for p in stored_files(private_root)} & {"don.pdf", "anh chup.PNG", "to-trinh.docx"}
    assert SubmissionEvent.objects.get().action == "received"
    assert len(mail.outbox) == 1 and submission.code in mail.outbox[0].body
    assert mail.outbox[0].to == ["an.nguyen@example.invalid"]
    # Reloading the receipt does not show the code again: it goes to the look-up form.
    assert client.get(response["Location"]).status_code == 302


def test_codes_are_serial_plus_a_random_part(client, form_page):
    for _i in range(3):
        post(client, form_page, valid_post())
    codes = sorted(Submission.objects.values_list("code", flat=True))
    year = timezone.localdate().year
    assert [c.rsplit("-", 1)[0] for c in codes] == [f"PA-{year}-00000{n}" for n in (1, 2, 3)]
    assert all(CODE.fullmatch(c) for c in codes)


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("trong.pdf", b"", "rỗng"),
        ("chuong-trinh.exe", EXE, "không phải là tệp PDF, JPG, PNG hoặc DOCX hợp lệ"),
        ("don.pdf", EXE, "không phải là tệp PDF, JPG, PNG hoặc DOCX hợp lệ"),  # renamed executable
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50, "không phải là tệp PDF, JPG, PNG hoặc DOCX hợp lệ"),
        ("anh.jpg", None, "không phải là tệp PDF, JPG, PNG hoặc DOCX hợp lệ"),  # truncated JPEG
        ("anh.jpg", "png", "không phải là tệp PDF, JPG, PNG hoặc DOCX hợp lệ"),  # PNG named .jpg
        ("tai-lieu.docx", b"PK\x03\x04not really a zip", "không phải là tệp PDF, JPG, PNG hoặc DOCX hợp lệ"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_saved(client, form_page, private_root, name, data, message):
    if data is None:
        data = jpg_bytes()[:60]
    elif data == "png":
        data = png_bytes()
    response = post(client, form_page, valid_post(), [upload("tot.pdf", PDF), upload(name, data)])
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Submission.objects.count() == 0 and SubmissionAttachment.objects.count() == 0
    assert stored_files(private_root) == []
    assert mail.outbox == []


@override_settings(CCHC_FEEDBACK_MAX_UPLOAD_SIZE=1024)
def test_oversized_attachment_is_refused(client, form_page, private_root):
    response = post(client, form_page, valid_post(), [upload("lon.pdf", PDF + b"0" * 2000)])
    assert response.status_code == 400
    assert "lớn hơn" in response.content.decode()
    assert Submission.objects.count() == 0 and stored_files(private_root) == []


def test_more_than_three_attachments_are_refused(client, form_page, private_root):
    files = [upload(f"don{i}.pdf", PDF) for i in range(4)]
    response = post(client, form_page, valid_post(), files)
    assert response.status_code == 400
    assert "tối đa 3 tệp" in response.content.decode()
    assert Submission.objects.count() == 0 and stored_files(private_root) == []


def test_a_failing_save_leaves_no_orphan_file(client, form_page, private_root, monkeypatch):
    from feedback.submissions import workflow

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(workflow, "record", boom)
    client.raise_request_exception = False
    response = post(client, form_page, valid_post(), [upload("don.pdf", PDF), upload("anh.png", png_bytes())])
    assert response.status_code == 500
    assert Submission.objects.count() == 0 and SubmissionAttachment.objects.count() == 0
    assert stored_files(private_root) == []


def test_missing_reply_channel_is_refused(client, form_page):
    response = post(client, form_page, valid_post(phone="", email=""))
    assert response.status_code == 400
    assert "số điện thoại hoặc địa chỉ email" in response.content.decode()
    assert Submission.objects.count() == 0


def test_a_hundred_kilobytes_of_text_is_refused_with_a_clear_message(client, form_page):
    response = post(client, form_page, valid_post(content="Phản ánh dài. " * 8000))
    assert response.status_code == 400
    assert "quá dài" in response.content.decode()
    assert Submission.objects.count() == 0


def test_script_tags_and_sql_are_stored_as_text_and_shown_escaped(client, form_page, answers_page, moderator):
    from django.urls import reverse

    from feedback.submissions import workflow

    hostile = "<script>alert('x')</script>'; DROP TABLE cchc_feedback_submission; --"
    fields = dict(full_name=hostile, subject=hostile, content=hostile, address=hostile, procedure_text=hostile)
    response = post(client, form_page, valid_post(**fields, email="a@example.invalid", phone="0912345678"))
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.subject == submission.content == submission.procedure_text == hostile
    pages = [client.get(response["Location"]).content.decode()]
    pages.append(client.post(form_page.url + "tra-cuu/", {"code": submission.code, "contact": "0912345678"}).content)
    workflow.accept(submission, moderator)
    workflow.give_answer(submission, moderator, hostile)
    workflow.publish(submission, moderator)
    pages.append(client.get(answers_page.url).content)
    pages.append(client.get(f"{answers_page.url}{submission.pk}/").content)
    pages.append(client.get(answers_page.url, {"q": hostile}).content)
    client.force_login(moderator)
    pages.append(client.get(reverse("cchc_feedback_submission_modeladmin_inspect", args=[submission.pk])).content)
    for page in pages:
        text = page if isinstance(page, str) else page.decode()
        assert "<script>alert" not in text
    assert "&lt;script&gt;alert" in text
    assert Submission.objects.count() == 1  # the table is still there


def test_honeypot_filled_by_a_bot_is_refused(client, form_page):
    response = post(client, form_page, valid_post(website="http://spam.example"))
    assert response.status_code == 400
    assert Submission.objects.count() == 0


@override_settings(CCHC_FEEDBACK_RATE_LIMIT=2)
def test_rate_limit_per_address(client, form_page):
    assert post(client, form_page, valid_post()).status_code == 302
    assert post(client, form_page, valid_post()).status_code == 302
    response = post(client, form_page, valid_post())
    assert response.status_code == 429
    assert "Quá nhiều" in response.content.decode()
    assert Submission.objects.count() == 2
    # Only a keyed hash of the address is kept.
    assert all(len(h) == 64 and "127.0.0.1" not in h for h in Submission.objects.values_list("ip_hash", flat=True))


@override_settings(CCHC_FEEDBACK_CHALLENGE=True)
def test_self_hosted_challenge(client, form_page):
    page = client.get(form_page.url).content.decode()
    question = re.search(r"(\d) \+ (\d)", page)
    assert question
    token = re.search(r'name="challenge_token" value="([^"]+)"', page).group(1)
    right = int(question.group(1)) + int(question.group(2))
    from django.core import signing

    from feedback.submissions.forms import CHALLENGE_SALT

    assert set(signing.loads(token, salt=CHALLENGE_SALT)) == {"n", "c"}  # readable, so no numbers in it
    wrong = post(client, form_page, valid_post(challenge_token=token, challenge_answer=str(right + 1)))
    assert wrong.status_code == 400 and "không đúng" in wrong.content.decode()
    assert post(client, form_page, valid_post(challenge_token=token, challenge_answer=str(right))).status_code == 302


def test_sniffing_accepts_real_files_only():
    assert sniff(PDF) == "pdf"
    assert sniff(png_bytes()) == "png"
    assert sniff(jpg_bytes()) == "jpg"
    assert sniff(docx_bytes()) == "docx"
    assert sniff(EXE) is None
    assert sniff(b"PK\x03\x04") is None


def test_macro_documents_and_pixel_bombs_are_refused():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    assert sniff(out.getvalue()) is None
    from PIL import Image

    bomb = io.BytesIO()
    Image.new("1", (10_000, 6_000)).save(bomb, "PNG")  # 60 megapixels in a few KB
    assert len(bomb.getvalue()) < 100_000 and sniff(bomb.getvalue()) is None


@pytest.mark.parametrize("upload_permissions", [0o644, None])
def test_attachments_are_readable_by_the_site_user_only(client, form_page, private_root, settings, upload_permissions):
    """Files 0600 and folders 0700 whatever FILE_UPLOAD_PERMISSIONS and the umask say: another
    account on the server (or a web server serving the folder by mistake) cannot read them."""
    import os
    import stat

    settings.FILE_UPLOAD_PERMISSIONS = upload_permissions
    settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o755
    old_umask = os.umask(0o022)
    try:
        response = post(client, form_page, valid_post(), [upload("don.pdf", PDF), upload("anh.png", png_bytes())])
    finally:
        os.umask(old_umask)
    assert response.status_code == 302
    files = stored_files(private_root)
    assert len(files) == 2
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    folders = [p for p in private_root.rglob("*") if p.is_dir()] + [private_root]
    for path in folders:
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path


@override_settings(CCHC_FEEDBACK_RATE_LIMIT=2)
def test_mistakes_do_not_count_against_the_rate_limit(client, form_page):
    """A citizen (or a ward office behind one address) correcting the form five times is not locked
    out: only accepted submissions count."""
    for _i in range(5):
        assert post(client, form_page, valid_post(phone="", email="")).status_code == 400
    assert post(client, form_page, valid_post()).status_code == 302
    assert post(client, form_page, valid_post(content="")).status_code == 400
    assert post(client, form_page, valid_post()).status_code == 302
    response = post(client, form_page, valid_post())
    assert response.status_code == 429 and "Quá nhiều" in response.content.decode()
    assert Submission.objects.count() == 2


REDIS_DOWN = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }
}


@pytest.mark.parametrize("backend", ["redis-ignoring-errors", "raising-backend"])
def test_submissions_are_accepted_unchecked_while_the_cache_is_unreachable(
    client, form_page, settings, monkeypatch, backend
):
    """The rate limit counts in Redis; while it is down a citizen's submission is still received
    (a legal right with deadlines), and the look-up refuses in words with a 503, never a 500."""
    if backend == "raising-backend":  # only the rate limit's cache: Wagtail's own would fail first
        from feedback.submissions import forms

        from ..broken_cache import UnreachableCache

        monkeypatch.setattr(forms, "cache", UnreachableCache())
    else:
        settings.CACHES = REDIS_DOWN
    settings.CCHC_FEEDBACK_RATE_LIMIT = 1
    for _i in range(2):
        response = post(client, form_page, valid_post())
        assert response.status_code == 302
    assert Submission.objects.count() == 2
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200 and Submission.objects.first().code in receipt.content.decode()
    submission = Submission.objects.first()
    looked_up = client.post(
        form_page.url + "tra-cuu/", {"code": submission.code, "contact": "0912345678"}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert looked_up.status_code == 503
    text = looked_up.content.decode()
    assert "Chức năng tra cứu tạm thời gián đoạn" in text and submission.subject not in text
    assert client.get(form_page.url + "tra-cuu/").status_code == 200  # the empty form still shows
