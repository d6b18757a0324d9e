"""The documented upload form paths ``cchc_pages.uploads.SizeLimitedDocumentForm`` and
``SizeLimitedImageForm`` (README, WAGTAILDOCS_DOCUMENT_FORM_BASE / WAGTAILIMAGES_IMAGE_FORM_BASE):
the forms live in core.uploads."""

from .core.uploads import SizeLimitedDocumentForm, SizeLimitedImageForm

__all__ = ["SizeLimitedDocumentForm", "SizeLimitedImageForm"]
