"""Attachments: checked by their content (not their name), kept in a private storage that no URL
serves (a local folder, or the project's STORAGES["cchc_feedback"], e.g. a private bucket); the
admin streams them to users holding the moderate permission."""

import io
import struct
import warnings

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.translation import gettext
from PIL import Image, UnidentifiedImageError

from cchc_pages.core.ooxml import PackageError, check_package

from . import conf

ALLOWED = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSIONS = {"pdf": "pdf", "jpg": "jpg", "jpeg": "jpg", "png": "png", "docx": "docx"}


@deconstructible
class PrivateStorage(FileSystemStorage):
    """FileSystemStorage under conf.private_root(), read at use time (tests and sites override it),
    with no base URL: Django's storage .url() raises rather than leak a public address. Files are
    created 0600 and folders 0700 whatever the site's FILE_UPLOAD_PERMISSIONS and umask: only the
    account the site runs as reads citizens' attachments."""

    FILE_MODE = 0o600
    DIRECTORY_MODE = 0o700

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(conf.private_root())

    @property
    def location(self):
        return str(conf.private_root().resolve())

    @cached_property
    def base_url(self):
        return None

    @property
    def file_permissions_mode(self):
        return self.FILE_MODE

    @property
    def directory_permissions_mode(self):
        return self.DIRECTORY_MODE

    def url(self, name):
        raise ValueError("feedback attachments have no public URL")


# The STORAGES alias a project defines to keep attachments elsewhere than on this server's disk.
STORAGE_ALIAS = "cchc_feedback"


class AttachmentStorage(Storage):
    """The attachments' storage: STORAGES["cchc_feedback"] when the project defines it, else a
    PrivateStorage. Chosen at each use, not when models load, so settings changes (tests,
    override_settings) apply; and whatever the backend, url() refuses: a moderator gets a file only
    through the permission-checked download view, never from a (signed or public) storage URL."""

    _private = PrivateStorage()

    @property
    def backend(self):
        if STORAGE_ALIAS in settings.STORAGES:
            return storages[STORAGE_ALIAS]
        return self._private

    def url(self, name):
        raise ValueError("feedback attachments have no public URL")

    def path(self, name):
        return self.backend.path(name)

    def open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def get_valid_name(self, name):
        return self.backend.get_valid_name(name)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def size(self, name):
        return self.backend.size(name)

    def get_accessed_time(self, name):
        return self.backend.get_accessed_time(name)

    def get_created_time(self, name):
        return self.backend.get_created_time(name)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)


_attachment_storage = AttachmentStorage()


def attachment_storage():
    """The FileField's storage= callable: migrations record this function, not a backend, so
    choosing another storage needs no migration."""
    return _attachment_storage


class AttachmentError(ValueError):
    """An attachment refused, with the message(s) shown to the citizen."""

    def __init__(self, *messages):
        super().__init__(*messages)
        self.messages = list(messages)

    def __str__(self):
        return " ".join(self.messages)


class TooManyPixels(Exception):
    """An image over CCHC_FEEDBACK_MAX_IMAGE_PIXELS (its pixel count in .pixels)."""

    def __init__(self, pixels):
        super().__init__(pixels)
        self.pixels = pixels


class PackageRefused(Exception):
    """A DOCX refused for what it carries (macros, embedded files, a bomb): .reason of PackageError."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _image_kind(fileobj):
    """("png" | "jpg", pixels) from the image's header and structure, without decoding its pixels:
    Image.open reads the header only, verify() walks a PNG's chunks and their checksums (IDAT
    included, still compressed). A 7000 x 7000 PNG is checked in milliseconds, not decoded into
    150 MB. Raises TooManyPixels; None when it is no readable image."""
    fileobj.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fileobj, formats=("PNG", "JPEG")) as image:
                fmt = image.format
                pixels = image.width * image.height * max(getattr(image, "n_frames", 1), 1)
                if pixels > conf.get("CCHC_FEEDBACK_MAX_IMAGE_PIXELS"):
                    raise TooManyPixels(pixels)
                image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise TooManyPixels(0) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error, EOFError):
        return None
    kind = {"PNG": "png", "JPEG": "jpg"}.get(fmt)
    return (kind, pixels) if kind else None


def inspect(fileobj):
    """(kind, pixels) of the seekable file `fileobj` by its content: kind is "pdf", "jpg", "png",
    "docx" or None; pixels is an image's pixel count (0 for other kinds). Nothing is read whole.
    Raises TooManyPixels or PackageRefused."""
    fileobj.seek(0)
    head = fileobj.read(8)
    if head.startswith(b"%PDF-"):
        return "pdf", 0
    if head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff"):
        found = _image_kind(fileobj)
        return found if found else (None, 0)
    if head.startswith(b"PK\x03\x04"):
        try:
            check_package(fileobj, required=("[Content_Types].xml", "word/document.xml"))
        except PackageError as error:
            if error.reason in ("corrupt", "bomb"):  # no real document is either
                return None, 0
            raise PackageRefused(error.reason) from None
        return "docx", 0
    return None, 0


def sniff(data):
    """The kind of file the bytes `data` really are ("pdf", "jpg", "png", "docx"), or None."""
    try:
        return inspect(io.BytesIO(data))[0]
    except (TooManyPixels, PackageRefused):
        return None


def _megabytes(size):
    return round(size / 1024 / 1024, 1)


def check_upload(upload):
    """Check one uploaded file by its content; return (kind, pixels). The file is read in place
    (Django keeps a large upload in a temporary file, FILE_UPLOAD_MAX_MEMORY_SIZE), never whole
    into memory. Raises AttachmentError."""
    name = (upload.name or "")[:100]
    limit = conf.get("CCHC_FEEDBACK_MAX_UPLOAD_SIZE")
    if upload.size == 0:
        raise AttachmentError(gettext("The file “%(name)s” is empty.") % {"name": name})
    if upload.size > limit:
        raise AttachmentError(
            gettext("The file “%(name)s” is larger than %(limit)s MB.") % {"name": name, "limit": _megabytes(limit)}
        )
    extension = EXTENSIONS.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None
    try:
        kind, pixels = inspect(upload)
    except TooManyPixels:
        limit = conf.get("CCHC_FEEDBACK_MAX_IMAGE_PIXELS")
        raise AttachmentError(
            gettext(
                "The image “%(name)s” is too large: at most %(limit)s megapixels. Reduce its size and attach it again."
            )
            % {"name": name, "limit": round(limit / 1_000_000)}
        ) from None
    except PackageRefused:
        raise AttachmentError(
            gettext(
                "The file “%(name)s” contains macros, embedded files or links to outside content, which are not "
                "accepted. Save it as PDF and attach that."
            )
            % {"name": name}
        ) from None
    finally:
        upload.seek(0)
    if extension is None or kind is None or kind != extension:
        raise AttachmentError(
            gettext("The file “%(name)s” is not a valid PDF, JPG, PNG or DOCX file.") % {"name": name}
        )
    return kind, pixels


def check_uploads(uploads):
    """Check a submission's uploads, each and together; return [(kind, name, upload)] for
    workflow.receive. Together they may hold at most CCHC_FEEDBACK_MAX_TOTAL_UPLOAD_SIZE bytes and
    CCHC_FEEDBACK_MAX_TOTAL_PIXELS pixels. Raises AttachmentError with every message."""
    checked, errors, pixels = [], [], 0
    for upload in uploads:
        try:
            kind, count = check_upload(upload)
        except AttachmentError as error:
            errors.extend(error.messages)
        else:
            checked.append((kind, upload.name, upload))
            pixels += count
    if errors:
        raise AttachmentError(*errors)
    total_limit = conf.get("CCHC_FEEDBACK_MAX_TOTAL_UPLOAD_SIZE")
    if sum(upload.size for upload in uploads) > total_limit:
        errors.append(
            gettext("The attachments together are larger than %(limit)s MB.") % {"limit": _megabytes(total_limit)}
        )
    pixel_limit = conf.get("CCHC_FEEDBACK_MAX_TOTAL_PIXELS")
    if pixels > pixel_limit:
        errors.append(
            gettext("The images together have more than %(limit)s megapixels. Reduce their size and attach them again.")
            % {"limit": round(pixel_limit / 1_000_000)}
        )
    if errors:
        raise AttachmentError(*errors)
    return checked
