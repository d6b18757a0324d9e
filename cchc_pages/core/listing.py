"""Validation of listing URLs (page numbers, archive dates) with messages a reader understands
(a ClientError, see errors.py), and the paths of a listing a front-end cache holds."""

import datetime

from django.core.paginator import Paginator
from django.utils.translation import gettext, ngettext

from . import conf
from .errors import ClientError


def paginate(request, items, per_page):
    raw = request.GET.get("page", "1").strip() or "1"
    if not raw.isdigit() or int(raw) < 1:
        raise ClientError(400, gettext("“%(page)s” is not a valid page number.") % {"page": raw[:20]})
    paginator = Paginator(items, per_page)
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
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
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
