"""Compatibility path for migrations 0001-0005 (and feedback's), which name
``cchc_pages.models.common.VietnameseSlugMixin`` as a page base: the mixin lives in core.slugs."""

from ..core.slugs import VietnameseSlugMixin

__all__ = ["VietnameseSlugMixin"]
