"""Fixtures and file samples of the feedback submission tests."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from feedback.models import FeedbackAnswersPage, FeedbackFormPage, FeedbackUnit

PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    root = tmp_path / "private"
    settings.CCHC_FEEDBACK_PRIVATE_ROOT = str(root)
    return root


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def answers_page(home):
    page = home.add_child(instance=FeedbackAnswersPage(title="Hỏi đáp phản ánh, kiến nghị", slug="hoi-dap"))
    page.save_revision().publish()
    return page


@pytest.fixture
def form_page(home, answers_page):
    page = home.add_child(
        instance=FeedbackFormPage(title="Gửi phản ánh, kiến nghị", slug="phan-anh", answers_page=answers_page)
    )
    page.save_revision().publish()
    answers_page.form_page = page
    answers_page.save_revision().publish()
    return page


@pytest.fixture
def unit(db):
    return FeedbackUnit.objects.create(name="Phòng Tư pháp", email="tuphap@example.invalid")


def _user(django_user_model, name, groups=(), perms=(), superuser=False):
    if superuser:
        return django_user_model.objects.create_superuser(name, f"{name}@example.invalid", PASSWORD)
    user = django_user_model.objects.create_user(name, f"{name}@example.invalid", PASSWORD)
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
    return user


@pytest.fixture
def editor(db, django_user_model):
    """A Wagtail editor (admin access, pages) without the moderate permission."""
    return _user(django_user_model, "bientapvien", groups=["Editors"])


@pytest.fixture
def moderator(db, django_user_model):
    return _user(django_user_model, "kiemduyet", groups=["Editors"], perms=["cchc_feedback.moderate_submission"])


@pytest.fixture
def superuser(db, django_user_model):
    return _user(django_user_model, "quantri", superuser=True)


def png_bytes(size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def jpg_bytes():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 30, 200)).save(out, "JPEG")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 200
    + b"This program cannot be run in DOS mode"
)


def docx_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def valid_post(**overrides):
    data = {
        "full_name": "Nguyễn Văn An",
        "address": "Số 12 Lê Lợi, phường Hòa Bình, tỉnh Thái Nguyên",
        "phone": "0912 345 678",
        "email": "an.nguyen@example.invalid",
        "subject": "Thời gian cấp giấy chứng nhận quyền sử dụng đất quá hạn",
        "content": "Tôi nộp hồ sơ ngày 02/3/2026 nhưng đến nay chưa nhận được kết quả.",
        "procedure_text": "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        "consent": "publish",
        "shown_as": "initials",
        "public_locality": "phường Hòa Bình",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def receive(files=(), **overrides):
    """A submission as the form would save it (data already validated)."""
    from feedback.submissions import workflow

    data = valid_post(**overrides)
    data.pop("website", None)
    return workflow.receive(data, list(files), "a" * 64)


@pytest.fixture
def submission(db):
    return receive(files=[("pdf", "don-khieu-nai.pdf", PDF)])
