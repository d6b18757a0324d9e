"""Compatibility path for migration 0003, which names ``cchc_pages.validators.validate_phone``:
the validators live in core.validators."""

from .core.validators import validate_phone

__all__ = ["validate_phone"]
