"""The documented MIDDLEWARE path ``cchc_pages.page_cache.PageCacheMiddleware`` (README, "Page
cache"): the middleware lives in caching.page_cache."""

from .caching.page_cache import PageCacheMiddleware

__all__ = ["PageCacheMiddleware"]
