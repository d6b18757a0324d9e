"""Media on S3-compatible object storage, as a department configures it (AWS_STORAGE_BUCKET_NAME).

moto's S3 server runs on 127.0.0.1 as the object store (the s3_endpoint fixture, tests/conftest.py);
Django's STORAGES come from the same storage_settings() the demo settings call. Editors upload
through the Wagtail admin, readers get pages whose images and documents are fetched from the store
over HTTP.
"""

import io
import json
import os
import re
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import boto3
import pytest
from cchc_demo.environment import media_origin, storage_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from storages.backends.s3 import S3Storage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from ..s3 import CREDENTIALS, bucket_objects

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path):
    """A fresh bucket, and Django's media in it, configured as the demo settings do from the environment."""
    name = f"cchc-media-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=name)
    # What README asks of the department: anyone may read the bucket's objects (public media).
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read_policy(name)))
    env = {"AWS_STORAGE_BUCKET_NAME": name, "AWS_S3_ENDPOINT_URL": s3_endpoint, "AWS_S3_REGION_NAME": "us-east-1"}
    settings.MEDIA_ROOT = str(tmp_path / "media")  # must stay empty: nothing may fall back to the disk
    settings.STORAGES = storage_settings(env)  # setting_changed drops Django's cached storage instances
    assert isinstance(default_storage, S3Storage)
    assert isinstance(get_image_model()._meta.get_field("file").storage, S3Storage)
    assert isinstance(get_document_model()._meta.get_field("file").storage, S3Storage)
    yield {"name": name, "client": client, "endpoint": s3_endpoint, "env": env}
    assert not any(Path(settings.MEDIA_ROOT).rglob("*")), "a file was written to MEDIA_ROOT"


def public_read_policy(name):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*"}
        ],
    }


def objects(bucket):
    return bucket_objects(bucket["client"], bucket["name"])


def stored_bytes(bucket, key):
    return bucket["client"].get_object(Bucket=bucket["name"], Key=key)["Body"].read()


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a local test server
        return response.status, response.read()


def png(size, colour="#0b4f9c"):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def noise_png(size):
    out = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(out, "PNG")
    return out.getvalue()


def test_an_uploaded_image_is_stored_in_the_bucket_and_its_rendition_served_from_it(
    admin_client, client, make_article, bucket
):
    photo = png((1000, 600))
    upload = SimpleUploadedFile("tiep-cong-dan.png", photo, content_type="image/png")
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Tiếp công dân", "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]

    image = get_image_model().objects.get()
    assert image.file.name in objects(bucket)
    assert stored_bytes(bucket, image.file.name) == photo

    article = make_article(title="Lãnh đạo tiếp công dân định kỳ", featured_image=image)
    html = client.get(article.url).content.decode()
    src = re.search(r'<img[^>]+class="cchc-figure__img"[^>]*>', html).group(0)
    src = re.search(r'src="([^"]+)"', src).group(1)
    # Unsigned (public media), at the storage endpoint: the browser fetches it from the store.
    assert src.startswith(f"{bucket['endpoint']}/{bucket['name']}/images/") and "?" not in src
    rendition_key = src.removeprefix(f"{bucket['endpoint']}/{bucket['name']}/")
    assert rendition_key in objects(bucket)
    # The production Content-Security-Policy allows images from where they are served.
    assert f"{urlsplit(src).scheme}://{urlsplit(src).netloc}" == media_origin(bucket["env"])

    status, body = fetch(src)
    assert status == 200
    with Image.open(io.BytesIO(body)) as served:
        served.verify()
    with Image.open(io.BytesIO(body)) as served:
        assert served.size == (800, 480)  # width-800 of the 1000x600 original read back from the bucket


def test_documents_are_stored_in_the_bucket_and_downloaded_from_it(admin_client, client, bucket):
    first = b"%PDF-1.4\n% Ke hoach cai cach hanh chinh 2024\n" + os.urandom(2048)
    second = b"%PDF-1.4\n% Ke hoach cai cach hanh chinh 2025\n" + os.urandom(2048)
    for title, content in (("Kế hoạch 2024", first), ("Kế hoạch 2025", second)):
        upload = SimpleUploadedFile("ke-hoach.pdf", content, content_type="application/pdf")
        response = admin_client.post(reverse("wagtaildocs:add"), {"title": title, "file": upload})
        assert response.status_code == 302, response.content.decode()[:2000]

    documents = get_document_model().objects.order_by("pk")
    assert [doc.title for doc in documents] == ["Kế hoạch 2024", "Kế hoạch 2025"]
    # Same file name twice: two objects, neither overwrites the other.
    assert documents[0].file.name != documents[1].file.name
    stored = objects(bucket)
    for doc, content in zip(documents, (first, second), strict=True):
        assert doc.file.name in stored
        assert stored_bytes(bucket, doc.file.name) == content
        assert doc.url == f"/documents/{doc.pk}/{doc.filename}"
        response = client.get(doc.url)
        assert response.status_code == 302  # Wagtail redirects to the object store
        location = response["Location"]
        assert location.startswith(f"{bucket['endpoint']}/{bucket['name']}/documents/")
        status, body = fetch(location)
        assert status == 200 and body == content


def test_an_oversized_upload_is_refused_and_nothing_reaches_the_bucket(admin_client, bucket, settings):
    settings.CCHC_MAX_UPLOAD_SIZE = 20 * 1024
    big = SimpleUploadedFile("anh-hoi-nghi.png", noise_png((200, 200)), content_type="image/png")
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Hội nghị", "file": big})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert "Tệp “anh-hoi-nghi.png” quá lớn" in errors and "20,0\xa0KB" in errors
    attachment = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n" + b"0" * 30 * 1024, content_type="application/pdf")
    response = admin_client.post(reverse("wagtaildocs:add"), {"title": "Báo cáo", "file": attachment})
    assert response.status_code == 200
    assert "Tệp “bao-cao.pdf” quá lớn" in " ".join(response.context["form"].errors["file"])
    assert not get_image_model().objects.exists() and not get_document_model().objects.exists()
    assert objects(bucket) == {}


@pytest.mark.parametrize(
    "env, message",
    [
        ({"AWS_S3_ENDPOINT_URL": "not a url"}, "AWS_S3_ENDPOINT_URL"),
        ({"AWS_S3_ENDPOINT_URL": "s3.example.vn"}, "AWS_S3_ENDPOINT_URL"),
        ({"AWS_S3_ENDPOINT_URL": "https://s3.example.vn:port"}, "AWS_S3_ENDPOINT_URL"),
        ({"AWS_S3_CUSTOM_DOMAIN": "https://media.example.gov.vn"}, "AWS_S3_CUSTOM_DOMAIN"),
        ({"AWS_S3_ADDRESSING_STYLE": "subdomain"}, "AWS_S3_ADDRESSING_STYLE"),
    ],
)
def test_a_malformed_storage_setting_is_refused_at_start_up(env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        storage_settings({"AWS_STORAGE_BUCKET_NAME": "x", **env})


def test_media_stay_on_disk_without_a_bucket():
    assert storage_settings({})["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert media_origin({}) is None


def test_a_custom_domain_serves_the_media_over_https():
    env = {
        "AWS_STORAGE_BUCKET_NAME": "cchc-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.vn",
        "AWS_S3_CUSTOM_DOMAIN": "media.sonoivu.example.gov.vn",
    }
    storage = S3Storage(**storage_settings(env)["default"]["OPTIONS"])
    assert storage.url("images/anh.width-800.png") == "https://media.sonoivu.example.gov.vn/images/anh.width-800.png"
    assert media_origin(env) == "https://media.sonoivu.example.gov.vn"


def test_the_production_policy_allows_images_from_the_object_store():
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DJANGO_"))},
        **CREDENTIALS,
        "DJANGO_SECRET_KEY": "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "cchc.example.gov.vn",
        "DJANGO_EMAIL_DISABLED": "1",
        "AWS_STORAGE_BUCKET_NAME": "cchc-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.vn",
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "site")]),
    }
    code = "from cchc_demo import settings_production as s; print(s.CONTENT_SECURITY_POLICY); print(s.STORAGES)"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "img-src 'self' data: https://s3.example.vn;" in result.stdout
    assert "storages.backends.s3.S3Storage" in result.stdout
