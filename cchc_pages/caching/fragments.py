"""Rendered parts of public pages kept in Django's cache until what they show changes.

Every key holds the sidebar version (sidebar.py), which signals.py bumps when a page is
published, unpublished, moved or deleted, or when a category, tag, image, document, contact card
or hotline is saved or deleted: what an article's body, a listing's cards or a box can show. A
reader after the change gets a fresh rendering at once; other processes with a per-process cache
catch up within CCHC_LISTING_CACHE_SECONDS. Previews never read or fill the cache."""

import hashlib

from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..core import conf
from .sidebar import sidebar_version


def fragment_key(request, *parts):
    """The cache key of a fragment shown to `request`, or None when it must be rendered afresh:
    no request, a preview, or a part that is None (the caller's way of saying "do not cache")."""
    if request is None or getattr(request, "is_preview", False) or any(part is None for part in parts):
        return None
    # The language and host change the words and links; the parts are hashed so that a long
    # path never makes a key too long for Memcached.
    digest = hashlib.sha256(repr((get_language(), request.get_host(), *parts)).encode()).hexdigest()[:32]
    return f"cchc:fragment:{sidebar_version()}:{digest}"


def kept(request, build, *parts):
    """build(), from the cache when it was built for the same parts since the last change (see
    fragment_key; built afresh, and not kept, when the key is None)."""
    key = fragment_key(request, *parts)
    if key is None:
        return build()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, conf.get("CCHC_LISTING_CACHE_SECONDS"))
    return value


def peek(request, *parts):
    """What kept() holds for these parts, or None: a view asks before computing what a template
    would render inside {% cchc_cached %}, so that a kept rendering costs it nothing."""
    key = fragment_key(request, *parts)
    return cache.get(key) if key else None


def cached_fragment(request, render, *parts):
    """render() as safe HTML, from the cache when the same fragment was rendered since the last change."""
    return mark_safe(kept(request, lambda: str(render()), *parts))  # noqa: S308 -- our own templates' output
