"""The documented WAGTAILFRONTENDCACHE backend path ``cchc_pages.frontend_cache.HTTPBackend``
(README, "Front-end cache"): the backend lives in caching.frontend_cache."""

from .caching.frontend_cache import HTTPBackend

__all__ = ["HTTPBackend"]
