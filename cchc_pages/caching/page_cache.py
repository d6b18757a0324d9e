"""A full-page cache for anonymous readers, invalidated when published content changes.

Add ``cchc_pages.page_cache.PageCacheMiddleware`` to MIDDLEWARE right after the middleware that
add security headers or redirect to https (SecurityMiddleware, a Content-Security-Policy
middleware; see CCHC_PAGE_CACHE_AFTER) and before the rest. Those then wrap the cache: a hit is
redirected to https first and gets exactly the headers a miss gets. A cache listed above one of
them would answer without it, so that order is refused (ImproperlyConfigured when the middleware
loads, and the system check cchc_pages.E001). Anonymous GET/HEAD
requests (no session cookie) are answered from the cache; everything that carries per-visitor
state (a CSRF token, a cookie being set, ``Cache-Control: private/no-store/no-cache``) is never
stored, so forms keep working and the dynamic parts of our pages (view counters, poll widgets)
reach their own uncached endpoints.

The key is the language (as LocaleMiddleware picks it: from the URL's prefix under i18n_patterns,
else the cookie or Accept-Language), the host, the path and the query string without the tracking
parameters that links shared on social networks and in newsletters carry
(CCHC_PAGE_CACHE_IGNORED_PARAMS: utm_*, fbclid, zarsrc, ...), its other parameters in a fixed order;
so a shared link is a hit. Those parameters are also taken off the request before the view sees it
(request.GET and the query string), so the page stored from a tagged link does not repeat one
reader's tracking code in its own links (pager, filters, language switch) to every later reader.
Each path keeps at most CCHC_PAGE_CACHE_MAX_VARIANTS query-string variants per cache period: past
that, a new variant is served uncached rather than stored, so random query strings cannot flush the
cache. The page without a query string is always stored.

Invalidation is by generation: publishing, unpublishing, moving or deleting a page, and saving or
deleting a snippet, an image, a document, a site or a site setting, bumps one number that every
stored page carries, so the page and every listing that shows it are fresh on the next request.
The generation and the page are read in one round trip (get_many): a hit costs one, and so does
the miss of an uncached view (a poll's vote token, say); a page of an older generation is a miss
and is overwritten in place. A page that shows something ending at a known moment (an outage
banner) calls ``limit_age`` while it renders, so its cached copy does not outlive it.
"""

import datetime
import functools
import hashlib
import logging
from urllib.parse import parse_qsl, unquote_plus, urlencode

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.utils import translation
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from ..core import conf

logger = logging.getLogger(__name__)

GENERATION_KEY = "cchc:page-cache:generation"
HEADER = "X-CCHC-Cache"
# Response headers replayed from the cache; the rest (Date, Server) are the server's own. A stored
# response's Cache-Control is public by then (private, no-store and no-cache are never stored):
# the open-data API's "public, max-age" must reach downstream caches from a hit too.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Vary",
    "Link",
    "Last-Modified",
    "X-Frame-Options",
    "Cache-Control",
)


def _cache():
    return caches[conf.get("CCHC_PAGE_CACHE_ALIAS")]


def generation():
    return _cache().get_or_set(GENERATION_KEY, 1, None)


def _generation_and_page(cache, key):
    """(generation, the stored page of that generation or None), in one round trip when the
    generation is set (always, but for the first request after the cache was emptied)."""
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY)
    if current is None:
        current = generation()
    stored = found.get(key)
    if stored is None or len(stored) != 3 or stored[0] != current:
        return current, None
    return current, stored[1:]


def invalidate(**kwargs):
    """Make every cached page stale (called from content signals; safe to call anywhere)."""
    cache = _cache()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, None)
    except Exception:  # an unreachable cache must not make publishing fail
        logger.warning("Page cache could not be invalidated", exc_info=True)


def limit_age(request, seconds):
    """Keep the page rendered for `request` in the cache for at most `seconds` (a number or a
    timedelta; 0 = do not store it): for a page showing something that ends at a known moment,
    such as an outage notice, which must not outlive it in the cache."""
    if isinstance(seconds, datetime.timedelta):
        seconds = seconds.total_seconds()
    seconds = max(0, int(seconds))
    current = getattr(request, "_cchc_cache_max_age", None)
    request._cchc_cache_max_age = seconds if current is None else min(current, seconds)


def cache_control_directives(value):
    """The directive names of a Cache-Control header value, lower-cased ("max-age", "private").

    Django has no public parser for this header (``django.utils.cache.cc_delim_re``, which this
    module used to split on, was never documented and is gone in Django 6.1), and splitting on
    commas is all RFC 9111 asks for the names.
    """
    return {part.split("=", 1)[0].strip().lower() for part in value.split(",")} - {""}


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not any(request.path.startswith(prefix) for prefix in conf.get("CCHC_PAGE_CACHE_EXCLUDE"))


def _cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A page that used a CSRF token. Django's documented signal is the CSRF cookie on the response,
    # caught above when CsrfViewMiddleware sits below this one. This flag (set by get_token(), not
    # documented) also catches a token used where that middleware does not run after the view;
    # tests/test_page_cache.py fails if a Django release stops setting it.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if cache_control_directives(response.get("Cache-Control", "")) & {"private", "no-store", "no-cache"}:
        return False
    # "Vary: Cookie" is not a reason to skip: requests with a session cookie never reach the cache,
    # the language cookie is part of the key, and a CSRF token in the page is caught above.
    return "*" not in response.get("Vary", "")


def page_language(request):
    """The language LocaleMiddleware will choose for `request`, as it chooses it (the cache runs
    before it): with i18n_patterns, the URL's prefix, or LANGUAGE_CODE for an unprefixed address
    when the default language has none (a browser set to English gets the Vietnamese page at "/");
    without them, the language cookie or Accept-Language. So an English and a Vietnamese page never
    share a key."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    patterns_used, prefixed_default = is_language_prefix_patterns_used(urlconf)
    language = translation.get_language_from_request(request, check_path=patterns_used)
    if patterns_used and not prefixed_default and not translation.get_language_from_path(request.path_info):
        language = settings.LANGUAGE_CODE
    return language


def _is_page_cache(path):
    return path.rsplit(".", 1)[-1] == "PageCacheMiddleware" and path.startswith("cchc_pages.")


def _must_wrap_the_cache(path):
    """Whether the middleware at dotted `path` adds security headers or redirects (named in
    CCHC_PAGE_CACHE_AFTER, or a class name with "Security" or "CSP" in it)."""
    name = path.rsplit(".", 1)[-1]
    return path in conf.get("CCHC_PAGE_CACHE_AFTER") or "Security" in name or "CSP" in name


def bypassed_middleware(middleware=None):
    """The security middleware that MIDDLEWARE lists after the page cache: a cache hit would be
    answered without them (no https redirect, no security headers). Empty when the order is right."""
    middleware = list(settings.MIDDLEWARE if middleware is None else middleware)
    cache_at = next((i for i, path in enumerate(middleware) if _is_page_cache(path)), None)
    if cache_at is None:
        return []
    return [path for path in middleware[cache_at + 1 :] if _must_wrap_the_cache(path)]


def order_problem(middleware=None):
    """The explanation of a MIDDLEWARE order that bypasses security middleware, or None."""
    bypassed = bypassed_middleware(middleware)
    if not bypassed:
        return None
    return (
        f"PageCacheMiddleware is listed in MIDDLEWARE before {', '.join(bypassed)}, so pages served from "
        "the cache would skip them (no redirect to https, no security headers). Move PageCacheMiddleware "
        "below them, right after the last one."
    )


def _ignored(name, patterns):
    name = name.lower()
    return any(name.startswith(p[:-1]) if p.endswith("*") else name == p for p in patterns)


def _patterns():
    return [p.lower() for p in conf.get("CCHC_PAGE_CACHE_IGNORED_PARAMS")]


def cache_query(request):
    """The query string that keys the page: tracking parameters dropped, the others sorted by name
    (the values of one name keep their order, which a view may depend on)."""
    patterns = _patterns()
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    return urlencode(sorted((pair for pair in pairs if not _ignored(pair[0], patterns)), key=lambda pair: pair[0]))


def strip_tracking(request):
    """Take the tracking parameters off `request` (its query string and request.GET), so that the
    view renders the page every reader of the key gets. The other parameters are kept byte for
    byte, as sent: only whole ``name=value`` pieces are dropped, nothing is decoded and re-encoded."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    patterns = _patterns()
    pieces = query.split("&")
    kept = [piece for piece in pieces if not _ignored(unquote_plus(piece.split("=", 1)[0]), patterns)]
    if len(kept) != len(pieces):
        request.META["QUERY_STRING"] = "&".join(kept)
        # As Django builds request.GET from the WSGI environment (raw bytes, the request's encoding).
        request.GET = QueryDict(get_bytes_from_wsgi(request.META, "QUERY_STRING", ""), encoding=request.encoding)


class PageCacheMiddleware:
    """Serve anonymous page views from the cache (see the module docstring)."""

    def __init__(self, get_response):
        problem = order_problem()
        if problem:
            raise ImproperlyConfigured(problem)
        self.get_response = get_response

    def __call__(self, request):
        seconds = conf.get("CCHC_PAGE_CACHE_SECONDS")
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        cache = _cache()
        strip_tracking(request)
        try:
            key = self._key(request)
            current, stored = _generation_and_page(cache, key)
        except Exception:  # the cache being down degrades to uncached pages, not to errors
            logger.warning("Page cache unavailable; serving uncached", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(b"" if request.method == "HEAD" else content)
            for name, value in headers:
                response[name] = value
            response["Content-Length"] = str(len(content))
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        seconds = min(seconds, getattr(request, "_cchc_cache_max_age", seconds))
        if request.method == "GET" and seconds > 0 and _cacheable_response(request, response):
            headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
            try:
                if not self._may_store(cache, request, seconds, current):
                    return response
                cache.set(key, (current, response.content, headers), seconds)
            except Exception:
                logger.warning("Page cache unavailable; page not stored", exc_info=True)
            response[HEADER] = "miss"
        return response

    def _prefix(self, request):
        return f"{page_language(request)}:{request.get_host()}"

    def _key(self, request):
        digest = hashlib.sha256(f"{request.path}?{cache_query(request)}".encode()).hexdigest()
        return f"cchc:page:{self._prefix(request)}:{digest}"

    def _may_store(self, cache, request, seconds, current):
        """Whether another query-string variant of this path may be stored in generation `current`
        (the bare path always may)."""
        if not cache_query(request):
            return True
        digest = hashlib.sha256(request.path.encode()).hexdigest()
        counter = f"cchc:page-variants:{current}:{self._prefix(request)}:{digest}"
        cache.add(counter, 0, seconds)
        try:
            stored = cache.incr(counter)
        except ValueError:  # expired between add and incr
            cache.set(counter, 1, seconds)
            stored = 1
        return stored <= conf.get("CCHC_PAGE_CACHE_MAX_VARIANTS")


@functools.cache
def _is_content(sender):
    """Whether saving or deleting a `sender` changes what readers see (cached per model class:
    post_save fires for every model, sessions and log entries included)."""
    return (
        issubclass(sender, (Page, Site, BaseSiteSetting, BaseGenericSetting))
        or sender in get_snippet_models()
        or sender in (get_image_model(), get_document_model())
    )


def _content_saved(sender, **kwargs):
    # Page saves happen on every draft; only publishing (its own signal) changes what readers see.
    if not kwargs.get("raw") and not issubclass(sender, Page) and _is_content(sender):
        invalidate()


def _content_deleted(sender, **kwargs):
    if _is_content(sender):
        invalidate()


def connect():
    page_published.connect(invalidate, dispatch_uid="cchc-page-cache-published")
    page_unpublished.connect(invalidate, dispatch_uid="cchc-page-cache-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="cchc-page-cache-moved")
    post_save.connect(_content_saved, dispatch_uid="cchc-page-cache-saved")
    post_delete.connect(_content_deleted, dispatch_uid="cchc-page-cache-deleted")
