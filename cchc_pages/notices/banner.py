"""Which outage notices pages show, and how the banner reaches pages served from the page cache.

A notice is shown from the moment it is saved until its window ends. Saving or deleting one (a
snippet) already makes every cached page stale (caching.page_cache invalidates on snippet saves),
so the banner appears on the next request. For its disappearance, a page rendered while a notice
is shown asks the page cache to keep it no longer than until that notice ends (``limit_age``), so
no cached page outlives the window. The list of notices itself is kept in Django's cache, refreshed
on every save or delete, so rendering a page costs no query.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from ..caching.page_cache import limit_age
from .models import OutageNotice

CACHE_KEY = "cchc:outage-notices"
CACHE_SECONDS = 3600


def _pending():
    """Notices not yet ended, as (start, end, message, pk), from the cache or one query."""
    rows = cache.get(CACHE_KEY)
    if rows is None:
        rows = list(OutageNotice.objects.filter(end__gt=timezone.now()).values_list("start", "end", "message", "pk"))
        cache.set(CACHE_KEY, rows, CACHE_SECONDS)
    return rows


def current_notices(request=None, now=None):
    """The notices to show now, earliest first, each a dict for the template."""
    now = now or timezone.now()
    shown = [
        {"start": start, "end": end, "message": message, "pk": pk, "under_way": start <= now}
        for start, end, message, pk in _pending()
        if end > now
    ]
    if shown and request is not None:
        limit_age(request, min(item["end"] for item in shown) - now)
    return sorted(shown, key=lambda item: item["start"])


def forget(**kwargs):
    cache.delete(CACHE_KEY)


def connect():
    post_save.connect(forget, sender=OutageNotice, dispatch_uid="cchc-outage-notice-saved")
    post_delete.connect(forget, sender=OutageNotice, dispatch_uid="cchc-outage-notice-deleted")
