"""Compatibility path for migration 0003, which names ``cchc_pages.models.documents.TaskField``:
the field lives in documents.models."""

from ..documents.models import TaskField

__all__ = ["TaskField"]
