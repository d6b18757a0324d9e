"""Citizens' attachments in a private S3-compatible bucket (CCHC_FEEDBACK_BUCKET_NAME), so that
several app servers share them: stored there and nowhere on disk, unreadable without credentials,
streamed to moderators only by the permission-checked view, deleted when a save fails and when
personal data are erased. moto's S3 server (tests/conftest.py) is the object store;
STORAGES["cchc_feedback"] is what the demo builds from CCHC_FEEDBACK_BUCKET_NAME
(tests/demo/test_environment.py)."""

import datetime
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from storages.backends.s3 import S3Storage

from feedback.models import Submission, SubmissionAttachment
from feedback.submissions import workflow

from ..s3 import bucket_objects
from .conftest import PDF, png_bytes, receive, stored_files, upload, valid_post


@pytest.fixture
def private_bucket(s3_endpoint, settings, tmp_path, private_root):
    """A fresh bucket with no policy (private), configured as the demo does from the environment
    (CCHC_FEEDBACK_BUCKET_NAME, AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME)."""
    name = f"cchc-feedback-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=name)
    options = {"bucket_name": name, "querystring_auth": True, "default_acl": None, "file_overwrite": False}
    options.update(endpoint_url=s3_endpoint, region_name="us-east-1")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    feedback = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    settings.STORAGES = {**settings.STORAGES, "cchc_feedback": feedback}
    storage = SubmissionAttachment._meta.get_field("file").storage
    assert isinstance(storage.backend, S3Storage) and storage.backend.bucket_name == name
    bucket = {"name": name, "client": client, "endpoint": s3_endpoint}
    bucket["objects"] = lambda: bucket_objects(client, name)
    yield bucket
    # Nothing may fall back to this server's disk.
    assert stored_files(private_root) == []
    assert not any(Path(settings.MEDIA_ROOT).rglob("*"))


def post(client, page, data, files=()):
    return client.post(page.url, {**data, "attachments": list(files)}, HTTP_ACCEPT_LANGUAGE="vi")


def anonymous_get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the local moto server
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code


def download(client, attachment):
    return client.get(reverse("cchc_feedback_attachment", args=[attachment.pk]))


def test_an_attachment_is_kept_in_the_private_bucket_and_streamed_to_moderators_only(
    client, form_page, private_bucket, moderator, editor
):
    photo = png_bytes()
    response = post(client, form_page, valid_post(), [upload("don.pdf", PDF), upload("anh chup.png", photo)])
    assert response.status_code == 302
    attachments = {a.original_name: a for a in Submission.objects.get().attachments.all()}
    assert set(private_bucket["objects"]()) == {a.file.name for a in attachments.values()}
    stored = private_bucket["client"].get_object(Bucket=private_bucket["name"], Key=attachments["don.pdf"].file.name)
    assert stored["Body"].read() == PDF
    for attachment in attachments.values():
        # The object itself is refused to anyone without credentials, and the app makes no URL for it.
        assert anonymous_get(f"{private_bucket['endpoint']}/{private_bucket['name']}/{attachment.file.name}") == 403
        with pytest.raises(ValueError):
            _ = attachment.file.url

    assert download(client, attachments["don.pdf"])["Location"].startswith("/admin/login/")
    client.force_login(editor)
    refused = download(client, attachments["don.pdf"])
    assert refused.status_code in (302, 403) and not refused.streaming

    client.force_login(moderator)
    for name, data, content_type in (("don.pdf", PDF, "application/pdf"), ("anh chup.png", photo, "image/png")):
        response = download(client, attachments[name])
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == data
        assert response["Content-Type"] == content_type
        assert response["Content-Length"] == str(len(data))
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))

    # An object gone from the bucket is a 404, not an error page.
    private_bucket["client"].delete_object(Bucket=private_bucket["name"], Key=attachments["don.pdf"].file.name)
    assert download(client, attachments["don.pdf"]).status_code == 404


def test_a_failing_save_leaves_no_object_in_the_bucket(client, form_page, private_bucket, monkeypatch):
    written = []

    def boom(*args, **kwargs):
        written.append(len(private_bucket["objects"]()))  # the files did reach the bucket
        raise RuntimeError("database went away")

    monkeypatch.setattr(workflow, "record", boom)
    client.raise_request_exception = False
    response = post(client, form_page, valid_post(), [upload("don.pdf", PDF), upload("anh.png", png_bytes())])
    assert response.status_code == 500
    assert written == [2]
    assert Submission.objects.count() == 0 and SubmissionAttachment.objects.count() == 0
    assert private_bucket["objects"]() == {}


def test_erasing_personal_data_deletes_the_objects(db, moderator, settings, private_bucket):
    old = receive(files=[("pdf", "giay-to.pdf", PDF), ("png", "cccd.png", png_bytes())])
    workflow.reject(old, moderator, "Trùng nội dung.")
    recent = receive(files=[("pdf", "moi.pdf", PDF)])
    workflow.reject(recent, moderator, "Trùng nội dung.")
    assert len(private_bucket["objects"]()) == 3
    settings.CCHC_FEEDBACK_RETENTION_DAYS = 365
    Submission.objects.filter(pk=old.pk).update(closed_at=timezone.now() - datetime.timedelta(days=366))
    call_command("erase_feedback_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(private_bucket["objects"]()) == {recent.attachments.get().file.name}
    assert old.attachments.count() == 0


def test_without_the_alias_attachments_stay_in_the_private_folder(db, private_root):
    from feedback.submissions.files import PrivateStorage

    storage = SubmissionAttachment._meta.get_field("file").storage
    assert isinstance(storage.backend, PrivateStorage)
    item = receive(files=[("pdf", "don.pdf", PDF)])
    assert [p.name for p in stored_files(private_root)] == [Path(item.attachments.get().file.name).name]
