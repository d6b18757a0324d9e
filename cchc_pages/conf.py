"""Compatibility path for migrations 0002 and 0004, which name the per-page defaults
``cchc_pages.conf.default_news_per_page`` and ``default_procedures_per_page``: the settings
live in core.conf."""

from .core.conf import default_news_per_page, default_procedures_per_page

__all__ = ["default_news_per_page", "default_procedures_per_page"]
