"""Validation of listing URLs (page numbers, archive dates) with messages a reader understands
(a ClientError, see errors.py), and the paths of a listing a front-end cache holds."""

import datetime
import re

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext

from . import conf
from .errors import ClientError

# Control characters: PostgreSQL refuses NUL in text (a 500 if it reaches a query); none has a
# meaning in a search or a filter.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NUMBER_DIGITS = 9


def clean(value, limit=500):
    """A value from the query string as text every database accepts: without control characters,
    stripped, at most `limit` characters."""
    return _CONTROL.sub("", value).strip()[:limit]


def param(params, key, limit=500):
    """`params[key]` (a QueryDict, e.g. request.GET) cleaned, "" if absent. Every listing reads its
    query-string parameters through here (or param_list), so that no hostile value reaches a query."""
    return clean(params.get(key, ""), limit)


def param_list(params, key, limit=500):
    """Every non-empty value of `key`, cleaned."""
    return [value for value in (clean(v, limit) for v in params.getlist(key)) if value]


def is_number(raw, digits=NUMBER_DIGITS):
    """True for a plain number of at most `digits` ASCII digits: what int() takes without a limit
    error ("9" * 4300) or a unicode digit it cannot convert ("²")."""
    return raw.isascii() and raw.isdigit() and len(raw) <= digits


class CachedCountPaginator(Paginator):
    """A Paginator whose count is kept in Django's cache under `count_key` (None: counted each
    time). The key must change when the items do (see NewsIndexPage._cache_key)."""

    def __init__(self, object_list, per_page, count_key=None, known_count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key, self.known_count = count_key, known_count

    @cached_property
    def count(self):
        if self.known_count is not None:  # the caller counted already (e.g. from its facets)
            return self.known_count
        if self.count_key is None:
            return super().count
        count = cache.get(self.count_key)
        if count is None:
            count = Paginator(self.object_list, self.per_page).count
            cache.set(self.count_key, count, conf.get("CCHC_LISTING_CACHE_SECONDS"))
        return count


def paginate(request, items, per_page, count_key=None, count=None):
    """The page of `items` the request asks for (?page=), or ClientError. `count`: the number of
    items when the caller knows it, else counted (and cached under `count_key`, see above)."""
    raw = param(request.GET, "page", 50) or "1"
    if not is_number(raw, 18) or int(raw) < 1:
        raise ClientError(400, gettext("“%(page)s” is not a valid page number.") % {"page": raw[:20]})
    paginator = CachedCountPaginator(items, per_page, count_key=count_key, known_count=count)
    number = int(raw)
    if number > max(paginator.num_pages, 1):
        raise ClientError(
            404,
            ngettext(
                "Page %(page)s does not exist; this list has %(count)s page.",
                "Page %(page)s does not exist; this list has %(count)s pages.",
                paginator.num_pages,
            )
            % {"page": number, "count": paginator.num_pages},
        )
    return paginator.page(number)


def page_query(params, keys=None):
    """`params` (a QueryDict) without `page`, urlencoded: what the pager's links keep of the
    listing's filters. With `keys`, only those keys and only when not empty."""
    kept = params.copy()
    kept.pop("page", None)
    if keys is not None:
        for key in list(kept):
            if key not in keys or not any(kept.getlist(key)):
                del kept[key]
    return kept.urlencode()


def parse_day(year, month, day):
    """The archive's date; a 404 with the date in words for one that does not exist, and for the
    first and last years of the calendar, whose neighbouring days or time-zone shifts overflow."""
    try:
        if not datetime.MINYEAR < int(year) < datetime.MAXYEAR:
            raise ValueError(year)
        return datetime.date(int(year), int(month), int(day))
    except (ValueError, OverflowError):
        raise ClientError(
            404,
            gettext("The date %(day)s/%(month)s/%(year)s does not exist.")
            % {"day": str(day).zfill(2), "month": str(month).zfill(2), "year": year},
        ) from None


def cached_listing_paths(path=""):
    """`path` (relative to its page, "" for the page itself) and its next pages (?page=2, ...) up to
    CCHC_FRONTEND_CACHE_LISTING_PAGES: what a front-end cache holds of a listing that a change
    shifts. Deeper pages wait for the cache's TTL (or a purge rule covering query strings)."""
    pages = range(2, conf.get("CCHC_FRONTEND_CACHE_LISTING_PAGES") + 1)
    return [path or "/"] + [f"{path}?page={n}" for n in pages]
