"""Upload forms for Wagtail documents and images that refuse files above CCHC_MAX_UPLOAD_SIZE.

Wagtail lets a site swap the base form of its document and image upload views:
    WAGTAILDOCS_DOCUMENT_FORM_BASE = "cchc_pages.uploads.SizeLimitedDocumentForm"
    WAGTAILIMAGES_IMAGE_FORM_BASE = "cchc_pages.uploads.SizeLimitedImageForm"
Both keep Wagtail's own checks (an image must be a real image) and add a clear size message,
so an oversized attachment or photo is refused before anything is stored.
"""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from . import conf


def check_size(upload):
    limit = conf.get("CCHC_MAX_UPLOAD_SIZE")
    size = getattr(upload, "size", None)
    if limit and size is not None and size > limit:
        raise ValidationError(
            gettext(
                "“%(name)s” is too large (%(size)s). Files may be at most %(limit)s: "
                "compress it or split it into several files."
            )
            % {"name": upload.name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


class SizeLimitMixin:
    """clean_file() of an upload form: a new file above the limit is refused, an unchanged one kept."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload is not getattr(self.instance, "file", None):
            check_size(upload)
        return upload


class SizeLimitedDocumentForm(SizeLimitMixin, BaseDocumentForm):
    pass


class SizeLimitedImageForm(SizeLimitMixin, BaseImageForm):
    pass
