"""Purge a front-end cache (Varnish, nginx, a CDN) of the listings that show a page, not only the page.

Wagtail's ``wagtail.contrib.frontend_cache`` purges a page's own URLs (its ``get_cached_paths()``)
when it is published or unpublished. Readers also meet a news article, a procedure or a document in
listings: its section's first pages and feeds, the category, tag and date archives it is filed
under, the home page's latest news and the "newer/older news" boxes of the articles around it.
Without this module those stay stale in the CDN until their TTL.

Publishing, unpublishing (deleting a live page unpublishes it first) or moving such a page sends
one ``PurgeBatch`` with the listings that show it now and those that showed it before (the
previous categories, tags and date of a republished article; the old section of a moved page),
plus the page's old URLs after a move or a slug change. The URLs Wagtail purges itself are left
out. The batch goes out after the transaction commits: purged earlier, the CDN could fetch the
old listing again before the change is visible.

``CchcPagesConfig.ready()`` connects this only when ``wagtail.contrib.frontend_cache`` is installed;
without ``WAGTAILFRONTENDCACHE`` (or its backends) every handler returns at once.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.db import transaction
from django.db.models.signals import pre_save
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import HTTPBackend as WagtailHTTPBackend
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from ..documents.models import DocumentPage
from ..news.models import NewsArticlePage
from ..procedures.models import ProcedurePage

logger = logging.getLogger(__name__)

LISTED = (NewsArticlePage, ProcedurePage, DocumentPage)

# URLs of a page being moved, from pre_page_move (old place) to post_page_move (new place).
_before_move = {}


def enabled():
    return bool(get_backends())


def _add(batch, page, paths):
    root = page.get_full_url(batch)
    if root:  # None for a page outside any site
        batch.add_urls(root + path.lstrip("/") for path in paths)


def own_urls(page):
    """What Wagtail purges for `page` itself: its URL with each of its get_cached_paths()."""
    batch = PurgeBatch()
    _add(batch, page, page.get_cached_paths())
    return batch.urls


def listing_urls(page):
    """Full URLs of the listings that show `page` where it is now."""
    batch = PurgeBatch()
    parent = page.get_parent()
    parent = parent.specific if parent else None
    if hasattr(parent, "listing_paths_for"):
        _add(batch, parent, parent.listing_paths_for(page))
    if isinstance(page, NewsArticlePage):
        for neighbour in page.neighbours():  # their boxes, not their print views
            _add(batch, neighbour, ["/"])
        site = page.get_site()
        if site is not None:  # the home page lists the latest news
            home = site.root_page.specific_deferred
            _add(batch, home, home.get_cached_paths())
    return batch.urls


def _purge(urls):
    if urls:
        batch = PurgeBatch(urls)
        transaction.on_commit(batch.purge, robust=True)


def _remember_published_state(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a full save (publishing saves the whole page; drafts only touch revision fields),
    note the URLs that show the live version, which the new one may no longer be listed in."""
    if raw or update_fields is not None or instance.pk is None or not enabled():
        return
    live = sender.objects.filter(pk=instance.pk, live=True).first()
    if live is not None:
        instance._cchc_purge_before = own_urls(live) | listing_urls(live)


def _published_or_unpublished(sender, instance, **kwargs):
    if not isinstance(instance, LISTED) or not enabled():
        return
    urls = listing_urls(instance) | getattr(instance, "_cchc_purge_before", set())
    instance._cchc_purge_before = set()
    # Wagtail's own handler purges these (wagtail.contrib.frontend_cache.signal_handlers).
    _purge(urls - own_urls(instance))


def _moving(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    if url_path_before == url_path_after or not instance.live or not enabled():
        _before_move.pop(instance.pk, None)
        return
    page = instance.specific
    _before_move[instance.pk] = own_urls(page) | (listing_urls(page) if isinstance(page, LISTED) else set())


def _moved(sender, instance, **kwargs):
    urls = _before_move.pop(instance.pk, None)
    if urls is None:  # a reorder, a draft, or no front-end cache
        return
    page = Page.objects.get(pk=instance.pk).specific  # fresh: the new url_path and parent
    urls |= own_urls(page)
    if isinstance(page, LISTED):
        urls |= listing_urls(page)
    _purge(urls)


def connect():
    for model in LISTED:
        pre_save.connect(_remember_published_state, sender=model, dispatch_uid=f"cchc-frontend-cache-{model.__name__}")
    page_published.connect(_published_or_unpublished, dispatch_uid="cchc-frontend-cache-published")
    page_unpublished.connect(_published_or_unpublished, dispatch_uid="cchc-frontend-cache-unpublished")
    pre_page_move.connect(_moving, dispatch_uid="cchc-frontend-cache-moving")
    post_page_move.connect(_moved, dispatch_uid="cchc-frontend-cache-moved")


class PurgeRequest(Request):
    """An HTTP PURGE request.

    Wagtail has the same class in ``wagtail.contrib.frontend_cache.backends.http``, but as a helper
    of its backend, not a documented name: three lines are not worth depending on it.
    """

    def get_method(self):
        return "PURGE"


class HTTPBackend(WagtailHTTPBackend):
    """Wagtail's PURGE backend, with a timeout (``TIMEOUT``, default 2 seconds) and a batch that stops
    at the first cache that cannot be reached.

    Purges run in the editor's request; Wagtail's backend waits on a silent cache until the
    operating system gives up, once per URL, and a news article purges about thirty. Here a cache
    that stops answering delays a publish by ``TIMEOUT`` once, and is logged.
    """

    def __init__(self, params):
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", 2.0))
        # Wagtail's backend keeps the parsed LOCATION in attributes it does not document; keep our own.
        location = urlsplit(params["LOCATION"])
        self.location_scheme, self.location_netloc = location.scheme, location.netloc
        super().__init__(params)

    def purge(self, url):
        self._send(url)

    def purge_batch(self, urls):
        for url in urls:
            if not self._send(url):
                logger.error("Front-end cache %s unreachable: %d URLs not purged", self.location_netloc, len(urls))
                return

    def _send(self, url):
        """PURGE one URL: False when the cache cannot be reached (an HTTP error is only logged)."""
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        target = urlunsplit([self.location_scheme, self.location_netloc, parts.path, parts.query, parts.fragment])
        request = PurgeRequest(
            url=target, headers={"Host": host, "User-Agent": f"Wagtail-frontendcache/{wagtail_version}"}
        )
        try:
            urlopen(request, timeout=self.timeout).close()  # noqa: S310 - the scheme comes from settings
        except HTTPError as error:
            logger.error("Could not purge %s from the front-end cache: HTTP %d", url, error.code)
        except (URLError, OSError) as error:  # refused, timed out
            logger.error("Could not purge %s from the front-end cache: %s", url, getattr(error, "reason", error))
            return False
        return True
