"""Attachments: checked by their content (not their name), kept in a private storage that no URL
serves (a local folder, or the project's STORAGES["cchc_feedback"], e.g. a private bucket); the
admin streams them to users holding the moderate permission."""

import io
import zipfile

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.translation import gettext
from PIL import Image, UnidentifiedImageError

from . import conf

ALLOWED = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# Larger than any phone photo or scan (a 12-megapixel photo is 12e6): beyond it, refuse to decode.
MAX_PIXELS = 50_000_000
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
    """An attachment refused, with the message shown to the citizen."""


def sniff(data):
    """The kind of file `data` really is ("pdf", "jpg", "png", "docx"), or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()  # structure and checksums
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAX_PIXELS:  # a small file that decodes to gigabytes
                    return None
                image.load()  # the pixels decode too (verify() does not catch truncation)
                fmt = image.format
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            return None
        return {"PNG": "png", "JPEG": "jpg"}.get(fmt)
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        # A macro-enabled document (.docm) renamed .docx carries word/vbaProject.bin: refused.
        if "word/document.xml" in names and "[Content_Types].xml" in names and "word/vbaProject.bin" not in names:
            return "docx"
    return None


def check_upload(upload):
    """Read and check one uploaded file; return (kind, data). Raises AttachmentError."""
    name = upload.name or ""
    limit = conf.get("CCHC_FEEDBACK_MAX_UPLOAD_SIZE")
    if upload.size == 0:
        raise AttachmentError(gettext("The file “%(name)s” is empty.") % {"name": name[:100]})
    if upload.size > limit:
        raise AttachmentError(
            gettext("The file “%(name)s” is larger than %(limit)s MB.")
            % {"name": name[:100], "limit": round(limit / 1024 / 1024, 1)}
        )
    extension = EXTENSIONS.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None
    data = upload.read()
    kind = sniff(data)
    if extension is None or kind is None or kind != extension:
        raise AttachmentError(
            gettext("The file “%(name)s” is not a valid PDF, JPG, PNG or DOCX file.") % {"name": name[:100]}
        )
    return kind, data
