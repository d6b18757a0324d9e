"""Attachments are checked by their structure, never decoded or read whole: a 7000 x 7000 PNG is
checked in milliseconds with bounded memory; a submission's files are bounded together; a DOCX
carrying a macro (whatever its name), an embedded program or a zip bomb is refused with a clear
Vietnamese message, nothing saved. The hostile files are made here, in memory."""

import io
import time
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.test import override_settings
from PIL import ImageFile

from feedback.models import Submission
from feedback.submissions.files import AttachmentError, check_upload, sniff

from ..hostile_files import deflated_zeros, huge_png, raw_zip
from .conftest import EXE, PDF, docx_bytes, png_bytes, stored_files, upload, valid_post

NOT_VALID = "không phải là tệp PDF, JPG, PNG hoặc DOCX hợp lệ"


def post(client, page, files):
    return client.post(page.url, {**valid_post(), "attachments": list(files)}, HTTP_ACCEPT_LANGUAGE="vi")


def on_disk(name, data):
    """An upload as Django keeps a large one: in a temporary file."""
    upload = TemporaryUploadedFile(name, "application/octet-stream", len(data), None)
    upload.write(data)
    upload.seek(0)
    return upload


@pytest.fixture(scope="module")
def png_49mp():
    return huge_png()


def test_a_huge_png_is_checked_without_decoding_its_pixels(png_49mp, monkeypatch):
    def no_decoding(self, *args, **kwargs):
        raise AssertionError("the check decoded the pixels")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    upload = on_disk("anh-chup.png", png_49mp)
    assert len(png_49mp) < 1_000_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        kind, pixels = check_upload(upload)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (kind, pixels) == ("png", 49_000_000)
    assert elapsed < 0.5, elapsed
    assert peak < 5_000_000, peak  # the file (650 KB) at most, not its 147 MB of pixels
    print(f"7000x7000 PNG checked in {elapsed * 1000:.0f} ms, Python peak {peak / 1e6:.2f} MB")


def test_a_large_file_is_checked_in_place_not_read_into_memory():
    upload = on_disk("ho-so.pdf", PDF + b"%" * (6 * 1024 * 1024))
    tracemalloc.start()
    try:
        assert check_upload(upload)[0] == "pdf"
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, peak


def test_three_49_megapixel_images_in_one_submission_are_refused(client, form_page, private_root, png_49mp):
    files = [upload(f"anh{n}.png", png_49mp) for n in range(3)]
    response = post(client, form_page, files)
    assert response.status_code == 400
    assert "Các ảnh cộng lại có hơn 100 megapixel" in response.content.decode()
    assert Submission.objects.count() == 0 and stored_files(private_root) == []
    two = [upload(f"anh{n}.png", png_49mp) for n in range(2)]
    assert post(client, form_page, two).status_code == 302  # two of them are fine


@override_settings(CCHC_FEEDBACK_MAX_IMAGE_PIXELS=1_000_000)
def test_an_image_over_the_pixel_cap_is_refused_with_its_own_message(client, form_page):
    response = post(client, form_page, [upload("anh.png", png_bytes((1200, 1000)))])
    assert response.status_code == 400
    assert "Ảnh “anh.png” quá lớn: tối đa 1 megapixel" in response.content.decode()


@override_settings(CCHC_FEEDBACK_MAX_TOTAL_UPLOAD_SIZE=2000)
def test_the_attachments_together_are_bounded(client, form_page, private_root):
    files = [upload(f"don{n}.pdf", PDF + b"%" * 900) for n in range(3)]
    response = post(client, form_page, files)
    assert response.status_code == 400
    assert "Các tệp đính kèm cộng lại lớn hơn" in response.content.decode()
    assert Submission.objects.count() == 0 and stored_files(private_root) == []


# --- DOCX ---------------------------------------------------------------------------------------

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>{extra}'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCUMENT_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
    'Target="https://dichvucong.gov.vn/" TargetMode="External"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
    'Target="media/image1.png"/></Relationships>'
)


def docx(*extra_parts, content_types_extra=""):
    """A Word document as Word writes it (deflated XML, a photo, a web link), plus extra parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(extra=content_types_extra))
        body = "<w:p><w:r><w:t>Kính gửi Ủy ban nhân dân phường.</w:t></w:r></w:p>" * 2000
        archive.writestr("word/document.xml", f"<w:document><w:body>{body}</w:body></w:document>")
        archive.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        archive.writestr("word/media/image1.png", png_bytes())
        for name, data in extra_parts:
            archive.writestr(name, data)
    return out.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"VBA project"


def bomb(megabytes=200, declared=None, crc_of_declared=False):
    stream, crc = deflated_zeros(megabytes)
    size = (megabytes << 20) if declared is None else declared
    if crc_of_declared:
        crc = zlib.crc32(bytes(size))
    stored = [
        (name, data.encode(), 0, zlib.crc32(data.encode()), len(data.encode()))
        for name, data in (
            ("[Content_Types].xml", CONTENT_TYPES.format(extra="")),
            ("word/document.xml", "<w:document/>"),
        )
    ]
    return raw_zip(stored + [("word/media/image1.png", stream, 8, crc, size)])


def test_a_real_word_document_is_accepted():
    assert sniff(docx()) == "docx"
    assert sniff(docx_bytes()) == "docx"


@pytest.mark.parametrize(
    "case, make",
    [
        ("macro part as Word names it", lambda: docx(("word/vbaProject.bin", OLE))),
        ("macro part renamed", lambda: docx(("word/media/image2.png", OLE))),
        (
            "macro declared by content type",
            lambda: docx(
                ("word/anh.dat", b"Attribute VB_Name"),
                content_types_extra=(
                    '<Override PartName="/word/anh.dat" ContentType="application/vnd.ms-office.vbaProject"/>'
                ),
            ),
        ),
        (
            "macro-enabled main part",
            lambda: docx(
                content_types_extra=(
                    '<Override PartName="/word/x.xml" '
                    'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/>'
                )
            ),
        ),
        ("embedded executable", lambda: docx(("word/embeddings/oleObject1.bin", EXE))),
        ("embedded workbook", lambda: docx(("word/embeddings/Microsoft_Excel_Worksheet.xlsx", docx_bytes()))),
        ("executable renamed as a photo", lambda: docx(("word/media/image3.jpeg", EXE))),
        (
            "remote template",
            lambda: docx(
                (
                    "word/_rels/settings.xml.rels",
                    (
                        '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        'relationships/attachedTemplate" Target="https://evil.example/t.dotm" TargetMode="External"/>'
                        "</Relationships>"
                    ),
                )
            ),
        ),
        ("200 MB zip bomb", lambda: bomb()),
        ("zip bomb whose header understates its size", lambda: bomb(declared=1 << 20)),
        ("zip bomb whose header and CRC understate its size", lambda: bomb(declared=1 << 20, crc_of_declared=True)),
    ],
)
def test_hostile_docx_files_are_refused(case, make):
    data = make()
    started = time.perf_counter()
    assert sniff(data) is None, case
    assert time.perf_counter() - started < 1, case


def test_a_hostile_docx_is_refused_by_the_form_and_nothing_is_saved(client, form_page, private_root):
    response = post(client, form_page, [upload("don.docx", docx(("word/media/image2.png", OLE)))])
    assert response.status_code == 400
    text = response.content.decode()
    assert "Tệp “don.docx” chứa macro, tệp nhúng hoặc liên kết tới nội dung bên ngoài" in text and "PDF" in text
    response = post(client, form_page, [upload("don.docx", bomb())])
    assert response.status_code == 400 and NOT_VALID in response.content.decode()
    assert Submission.objects.count() == 0 and stored_files(private_root) == []


def test_check_upload_messages_are_attachment_errors():
    with pytest.raises(AttachmentError):
        check_upload(on_disk("don.docx", bomb()))
