"""Turn environment variables into settings, failing at start-up with a clear message when one is wrong.

Kept apart from settings.py so that each rule is a function with a test (tests/test_environment.py).
"""

from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

REDIS_SCHEMES = ("redis", "rediss", "unix")
SEARCH_BACKENDS = ("database", "postgres", "opensearch", "elasticsearch")


def database_settings(env, default):
    url = env.get("DATABASE_URL") or default
    try:
        config = dj_database_url.parse(url, conn_max_age=int(env.get("DATABASE_CONN_MAX_AGE", "0")))
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL ({error}); expected e.g. "
            "postgres://user:password@host:5432/name or sqlite:////path/to/db.sqlite3"
        ) from error
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers proceed while the counter flusher writes.
        config["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    elif not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL names no database (the path after the host, e.g. /cchc).")
    return {"default": config}


def cache_settings(env):
    """(CACHES, SESSION_ENGINE, CCHC_COUNTER_BACKEND): Redis when REDIS_URL is set, else local memory."""
    url = env.get("REDIS_URL", "")
    if not url:
        return (
            {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
            "django.contrib.sessions.backends.db",
            "memory",
        )
    parts = urlsplit(url)
    if parts.scheme not in REDIS_SCHEMES or (parts.scheme != "unix" and not parts.hostname):
        raise ImproperlyConfigured(f"REDIS_URL must look like redis://host:6379/0 (got {url!r}).")
    try:
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as error:
        raise ImproperlyConfigured(f"REDIS_URL has an invalid port ({url!r}).") from error
    caches = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": env.get("CACHE_KEY_PREFIX", "cchc"),
            "OPTIONS": {
                # An unreachable Redis is a cache miss (logged), not an error page.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    return caches, "django.contrib.sessions.backends.cached_db", "redis"


def search_settings(env):
    backend = env.get("CCHC_SEARCH_BACKEND", "database")
    if backend not in SEARCH_BACKENDS:
        raise ImproperlyConfigured(
            f"CCHC_SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKENDS)} (got {backend!r})."
        )
    if backend in ("database", "postgres"):
        # Wagtail's database backend uses PostgreSQL full-text search when the database is PostgreSQL.
        return {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}}
    url = env.get("OPENSEARCH_URL", "")
    if not urlsplit(url).hostname:
        raise ImproperlyConfigured(f"CCHC_SEARCH_BACKEND={backend} needs OPENSEARCH_URL, e.g. http://127.0.0.1:9200.")
    return {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [url],
            "INDEX": env.get("OPENSEARCH_INDEX", "cchc"),
            "TIMEOUT": 5,
        }
    }


def storage_settings(env):
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    if env.get("AWS_STORAGE_BUCKET_NAME"):
        return {"default": {"BACKEND": "storages.backends.s3.S3Storage"}, "staticfiles": static}
    return {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, "staticfiles": static}


def email_settings(env):
    host = env.get("DJANGO_EMAIL_HOST", "")
    try:
        port = int(env.get("DJANGO_EMAIL_PORT", "587"))
    except ValueError as error:
        raise ImproperlyConfigured("DJANGO_EMAIL_PORT must be a number.") from error
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"
        if host
        else "django.core.mail.backends.console.EmailBackend",
        "EMAIL_HOST": host or "localhost",
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": env.get("DJANGO_EMAIL_USER", ""),
        "EMAIL_HOST_PASSWORD": env.get("DJANGO_EMAIL_PASSWORD", ""),
        "EMAIL_USE_TLS": env.get("DJANGO_EMAIL_TLS", "1") == "1",
        "DEFAULT_FROM_EMAIL": env.get("DJANGO_DEFAULT_FROM_EMAIL", "cchc@localhost"),
    }


def frontend_cache_settings(env):
    """WAGTAILFRONTENDCACHE from CCHC_FRONTEND_CACHE_URL (comma-separated Varnish/nginx addresses that
    accept PURGE): one HTTP backend each, so every cache drops a changed page and its listings.
    None when unset (no front-end cache)."""
    raw = env.get("CCHC_FRONTEND_CACHE_URL", "").strip()
    if not raw:
        return None
    backends = {}
    for url in raw.split(","):
        url = url.strip()
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises ValueError on a port that is not a number
        except ValueError:  # also an unclosed [IPv6 address
            parts = None
        # HTTPBackend keeps only the scheme and host:port; a path or query would be silently dropped.
        if (
            not parts
            or parts.scheme not in ("http", "https")
            or not parts.hostname
            or parts.path.strip("/")
            or parts.query
        ):
            raise ImproperlyConfigured(
                "CCHC_FRONTEND_CACHE_URL must be comma-separated addresses of caches that accept PURGE, "
                f"e.g. http://10.0.0.21:6081,http://10.0.0.22:6081 (got {url!r})."
            )
        backends[f"cache-{len(backends) + 1}"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"{parts.scheme}://{parts.netloc}",
        }
    return backends


def verify_services(using="default"):
    """Connect to the database and ping Redis once, at start-up (wsgi.py), so a wrong URL fails now.

    The database is required; an unreachable Redis is only reported, because the site runs without it.
    """
    import logging

    from django.conf import settings
    from django.db import connections
    from django.db.utils import OperationalError

    try:
        connections[using].ensure_connection()
    except OperationalError as error:
        raise ImproperlyConfigured(f"Cannot connect to the database named by DATABASE_URL: {error}") from error
    if settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
        from django_redis import get_redis_connection

        try:
            get_redis_connection("default").ping()
        except Exception as error:  # noqa: BLE001 - any client error means the same to the operator
            logging.getLogger("cchc_demo").error(
                "Redis at REDIS_URL is unreachable (%s); pages render without it, counters buffer in-process", error
            )
            return False
    return True
