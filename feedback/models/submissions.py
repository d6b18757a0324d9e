"""Compatibility path for migrations 0002 and 0003, which name the upload path
``feedback.models.submissions.attachment_path``: the models live in submissions.models."""

from ..submissions.models import attachment_path

__all__ = ["attachment_path"]
