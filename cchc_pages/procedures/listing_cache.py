"""What the procedure listing computes over the whole catalogue (its facet counts), kept in
Django's cache: one version number in every key, bumped when a procedure is published,
unpublished, moved or deleted, or a sector changes, so every cached count is stale at once.

Counting the facets scans every procedure of the index (ten thousand for a ministry's catalogue)
and is most of a listing's cost; the counts change only with what is published.
CCHC_LISTING_CACHE_SECONDS bounds how long an entry lives, as for the news sections' counts.
"""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..caching import versions
from ..core import conf
from .models import ProcedurePage, ProcedureSector

VERSION_KEY = "cchc:procedures:listing-version"


def version():
    return versions.current(VERSION_KEY)


def changed(**kwargs):
    """A procedure or sector changed: stale now (this transaction's own reads) and again once it
    commits (until then other processes still read, and may cache, the old counts)."""
    bump()
    transaction.on_commit(bump)


def bump():
    """Make every cached procedure count stale (safe to call anywhere: a cache that is down only
    means the counts are computed afresh)."""
    try:
        versions.bump(VERSION_KEY)
    except Exception:  # noqa: S110 -- an unreachable cache must not make publishing fail
        pass


def key(index, name, *parts):
    """The key of `name` computed for procedure index `index` from `parts` (the filters, the
    search): hashed, as a search may hold any text and cache keys must be short and plain."""
    return site_key(name, index.pk, *parts)


def site_key(name, *parts):
    """The key of `name` computed over every procedure of the site (e.g. the site search's matches)."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"cchc:procedures:{name}:{version()}:{digest}"


def get_or_build(cache_key, build):
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, conf.get("CCHC_LISTING_CACHE_SECONDS"))
    return value


def _page_moved(sender, instance=None, **kwargs):
    if isinstance(instance.specific_deferred, ProcedurePage):
        changed()


def connect():
    for signal in (page_published, page_unpublished):
        signal.connect(changed, sender=ProcedurePage, dispatch_uid=f"cchc-procedure-listing-{id(signal)}")
    post_delete.connect(changed, sender=ProcedurePage, dispatch_uid="cchc-procedure-listing-delete")
    post_page_move.connect(_page_moved, dispatch_uid="cchc-procedure-listing-move")
    post_save.connect(changed, sender=ProcedureSector, dispatch_uid="cchc-procedure-listing-sector-save")
    post_delete.connect(changed, sender=ProcedureSector, dispatch_uid="cchc-procedure-listing-sector-delete")
