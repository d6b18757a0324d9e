"""The app's settings, each with its documented default (see README, "Settings"), and the one
settings reader that every cchc settings module (this one, feedback's polls and submissions) uses."""

from django.conf import settings

DEFAULTS = {
    # Behind a reverse proxy: the request.META key holding the client's address (e.g.
    # "HTTP_X_REAL_IP"), used by the per-address limits of polls, feedback and the counters. None:
    # REMOTE_ADDR. The header is believed only from the CCHC_TRUSTED_PROXIES (addresses or networks;
    # "unix" for a proxy on a Unix socket): by default the same machine only (core/client.py).
    "CCHC_CLIENT_IP_HEADER": None,
    "CCHC_TRUSTED_PROXIES": ["127.0.0.1", "::1"],
    # Articles per page of the site search, and the size a new news section starts with.
    "CCHC_NEWS_PER_PAGE": 10,
    # Site search: results are counted up to this many; beyond, the page says "more than N" and
    # offers the first N (a word found in most articles would otherwise be counted one by one).
    "CCHC_SEARCH_COUNT_LIMIT": 1000,
    # Seconds between flushes of buffered view/visit counts to the database.
    "CCHC_COUNTER_FLUSH_INTERVAL": 5.0,
    # Where hits wait for the flush: "memory" (each process) or "redis" (shared; needs django-redis
    # as the cache named by CCHC_COUNTER_CACHE_ALIAS).
    "CCHC_COUNTER_BACKEND": "memory",
    "CCHC_COUNTER_CACHE_ALIAS": "default",
    # The view counter beacon (/cchc/luot-xem/): seconds within which one browser counts a page (and
    # the site visit) once; User-Agent substrings (case-insensitive) of robots that count nothing;
    # views and visits one address may add per hour
    # (0: no limit; keep it high, a ward office or a school shares one address).
    "CCHC_COUNTER_VIEW_INTERVAL": 1800,
    "CCHC_COUNTER_BOT_AGENTS": [
        "bot",
        "crawl",
        "spider",
        "slurp",
        "facebookexternalhit",
        "curl",
        "wget",
        "python-requests",
        "python-urllib",
        "go-http-client",
        "okhttp",
        "libwww",
        "httpclient",
        "scrapy",
        "phantomjs",
        "lighthouse",
    ],
    "CCHC_COUNTER_BUDGET_PER_ADDRESS": 600,
    # "Đang truy cập": minutes within which a tab that loaded a page counts as reading now.
    "CCHC_VISITS_ONLINE_MINUTES": 5,
    # "Thông tin này có hữu ích không?" (cchc_pages/ratings/): seconds the form's ticket stays valid;
    # the longest comment; days a browser remembers the pages it rated; answers one address may send
    # per hour (a keyed hash in the cache for the hour, never stored; 0: no limit); answers a page
    # needs before the admin's ranking places it among the least useful.
    "CCHC_RATING_TOKEN_MAX_AGE": 1800,
    "CCHC_RATING_COMMENT_MAX_LENGTH": 500,
    "CCHC_RATING_COOKIE_DAYS": 365,
    "CCHC_RATING_MAX_PER_ADDRESS": 30,
    "CCHC_RATING_RANKING_MIN": 3,
    # How many newer / older articles an article page lists.
    "CCHC_NEWER_COUNT": 5,
    "CCHC_OLDER_COUNT": 10,
    # Seconds a section's month archive and category list stay cached at most; publishing,
    # unpublishing, moving or deleting an article, or editing a category, refreshes them at once.
    "CCHC_LISTING_CACHE_SECONDS": 600,
    # Items in each RSS/Atom feed.
    "CCHC_FEED_ITEMS": 30,
    # Full-page cache for anonymous readers (cchc_pages.caching.page_cache.PageCacheMiddleware): seconds a
    # page is kept at most (0 turns it off), the cache alias, and path prefixes never cached.
    "CCHC_PAGE_CACHE_SECONDS": 300,
    "CCHC_PAGE_CACHE_ALIAS": "default",
    "CCHC_PAGE_CACHE_EXCLUDE": ["/admin/", "/django-admin/", "/documents/"],
    # Query parameters left out of the page cache's key (tracking codes that shared links carry; a
    # trailing * matches any name starting so, case-insensitively), and how many query-string
    # variants of one path are stored per cache period (past it, further ones are served uncached).
    "CCHC_PAGE_CACHE_IGNORED_PARAMS": [
        "utm_*",
        "fbclid",
        "gclid",
        "gbraid",
        "wbraid",
        "dclid",
        "msclkid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "yclid",
        "zarsrc",
        "zl_*",
        "_ga",
        "_gl",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref_src",
    ],
    "CCHC_PAGE_CACHE_MAX_VARIANTS": 50,
    # Middleware (dotted paths) that must come before the page cache in MIDDLEWARE, because they
    # redirect to https or add security headers that a cache hit must carry too. Any middleware
    # whose class name contains "Security" or "CSP" counts as well.
    "CCHC_PAGE_CACHE_AFTER": [
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
        "csp.middleware.CSPMiddleware",
    ],
    # Pages of each listing (the first one, then ?page=2, ...) purged from a front-end cache
    # (wagtail.contrib.frontend_cache) when a page it lists changes; see caching/frontend_cache.py.
    "CCHC_FRONTEND_CACHE_LISTING_PAGES": 3,
    # Procedures per page of a new procedure index.
    "CCHC_PROCEDURES_PER_PAGE": 20,
    # Largest procedure file (bytes) the admin upload accepts.
    "CCHC_PROCEDURE_IMPORT_MAX_BYTES": 5 * 1024 * 1024,
    # Synchronising procedures with the national database through LGSP/NDXP or a provincial proxy
    # (procedures/sync.py, docs/procedures-sync.md). Credentials are never settings: the *_ENV
    # settings name the environment variables that hold them.
    "CCHC_TTHC_SYNC_URL": "",
    "CCHC_TTHC_SYNC_MODE": "lgsp",
    "CCHC_TTHC_SYNC_AUTH_PATH": "",
    "CCHC_TTHC_SYNC_SHARE_PATH": "",
    "CCHC_TTHC_SYNC_INTEGRATION_PATH": "",
    "CCHC_TTHC_SYNC_USERNAME_ENV": "TTHC_SYNC_USERNAME",
    "CCHC_TTHC_SYNC_PASSWORD_ENV": "TTHC_SYNC_PASSWORD",
    "CCHC_TTHC_SYNC_TOKEN_ENV": "TTHC_SYNC_TOKEN",
    "CCHC_TTHC_SYNC_UNIT_CODE": "",
    "CCHC_TTHC_SYNC_DSTCODE": "",
    "CCHC_TTHC_SYNC_TIMEOUT": 6.0,
    "CCHC_TTHC_SYNC_RETRIES": 2,
    "CCHC_TTHC_SYNC_RETRY_DELAY": 1.0,
    "CCHC_TTHC_SYNC_AGENCY_CODES": [],
    # The portal's public JSON service, where a publication decision's lists are read.
    "CCHC_TTHC_SYNC_PORTAL_URL": "https://thutuc.dichvucong.gov.vn/jsp/rest.jsp",
    # Largest file (bytes) editors may upload as a document or image through the cchc upload forms
    # (WAGTAILDOCS_DOCUMENT_FORM_BASE / WAGTAILIMAGES_IMAGE_FORM_BASE, see README).
    "CCHC_MAX_UPLOAD_SIZE": 20 * 1024 * 1024,
    # The open-data API (cchc_pages/api/): most items one request may ask for (?limit=; the default
    # page is 20, or this when smaller), and seconds its public answers may be kept by caches.
    "CCHC_API_MAX_LIMIT": 100,
    "CCHC_API_CACHE_SECONDS": 300,
}


def reader(defaults):
    """The get(name) of a settings module: the project's setting, else its documented default in
    `defaults`. Read at each call, so override_settings and per-site settings apply; a name with no
    documented default is a KeyError, never a silent None."""

    def get(name):
        return getattr(settings, name, defaults[name])

    return get


get = reader(DEFAULTS)


def default_news_per_page():
    """Default of NewsIndexPage.per_page (a callable, so the setting is read when a section is made)."""
    return get("CCHC_NEWS_PER_PAGE")


def default_procedures_per_page():
    """Default of ProcedureIndexPage.per_page."""
    return get("CCHC_PROCEDURES_PER_PAGE")
