"""The visits line of Vietnamese portals, "Đang truy cập / Hôm nay / Tổng": browsers reading now,
visits today, visits ever. Nothing about a reader is stored, no address either: the counter
script's tab token decides once-per-visit (views.py), and these are plain numbers.

- Tổng: the site's visit counter (counters.SITE_VISITS).
- Hôm nay: a counter of the same kind per local day (scope "d20261201"), hit with the visit in
  the same round trip; kept in the database like the total, so past days stay readable.
- Đang truy cập: each tab reports itself once per window of CCHC_VISITS_ONLINE_MINUTES (the
  script remembers when it last did); the cache counts the reports of each window (one round
  trip: incr, or add the first time), and the number shown is the larger of the current and the
  previous window's, so it does not drop to zero when a window starts. An estimate, as on every
  portal: a tab open without loading a page is not seen, one reporting across a window's edge may
  count twice. With Redis as the cache every process shares it; with local memory each process
  counts its own readers.
"""

import logging
import time

from django.core.cache import caches
from django.utils import timezone

from ..core import conf
from . import counters

logger = logging.getLogger(__name__)


def day_scope(day=None):
    """The counter scope of a local day's visits."""
    return "d" + (day or timezone.localdate()).strftime("%Y%m%d")


def window_seconds():
    return max(60, int(conf.get("CCHC_VISITS_ONLINE_MINUTES") * 60))


def _key(site_id, window):
    return f"cchc:online:{int(site_id)}:{window}"


def _cache():
    return caches[conf.get("CCHC_COUNTER_CACHE_ALIAS")]


def count_online(site_id, now=None):
    """Count one tab reading now: one cache round trip (two the first time in a window)."""
    seconds = window_seconds()
    key = _key(site_id, int((now or time.time()) // seconds))
    cache = _cache()
    try:
        try:
            cache.incr(key)
        except ValueError:  # the window's first report
            if not cache.add(key, 1, 3 * seconds):
                cache.incr(key)
    except Exception:  # the cache being down must not break the beacon
        logger.warning("Readers online could not be counted: the cache is unreachable", exc_info=True)


def online(site_id, now=None):
    """Tabs reading now (see the module's note), or None when the cache cannot be read."""
    window = int((now or time.time()) // window_seconds())
    keys = [_key(site_id, window - 1), _key(site_id, window)]
    try:
        values = _cache().get_many(keys)
    except Exception:
        logger.warning("Readers online could not be read: the cache is unreachable", exc_info=True)
        return None
    return max(int(values.get(key) or 0) for key in keys)


def visit_keys(site_id):
    """The counters one visit adds to: the total and today's."""
    return [(counters.SITE_VISITS, int(site_id)), (day_scope(), int(site_id))]


def totals(site_id, extra_keys=()):
    """{"online", "today", "total"} for the site (None where unreadable), and the counts of
    `extra_keys`: one database query and a cache round trip or two, whatever is asked."""
    total_key, today_key = visit_keys(site_id)
    counts = counters.current_many([total_key, today_key, *extra_keys])
    return {"online": online(site_id), "today": counts[today_key], "total": counts[total_key]}, counts
