"""Turn environment variables into settings, failing at start-up with a clear message when one is wrong.

Kept apart from settings.py so that each rule is a function with a test (tests/demo/test_environment.py).
"""

import re
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

REDIS_SCHEMES = ("redis", "rediss", "unix")
SEARCH_BACKENDS = ("database", "postgres", "opensearch", "elasticsearch")
ADDRESSING_STYLES = ("auto", "path", "virtual")


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
        # Wagtail's database backend (PostgreSQL full-text search on PostgreSQL), with a query shape
        # SQLite can plan and planner statistics after each index rebuild: cchc_pages/core/search.py.
        return {"default": {"BACKEND": "cchc_pages.core.search"}}  # folded text search config on PostgreSQL
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
    """STORAGES: media in MEDIA_ROOT, or in an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set;
    citizens' feedback attachments in a private bucket when CCHC_FEEDBACK_BUCKET_NAME is set.

    The bucket's options go to django-storages' S3Storage through STORAGES["default"]["OPTIONS"]:
    AWS_S3_ENDPOINT_URL (MinIO or a provider's S3 service; unset: Amazon S3), AWS_S3_REGION_NAME,
    AWS_S3_CUSTOM_DOMAIN (a CDN or host name in front of the bucket, served over HTTPS) and
    AWS_S3_ADDRESSING_STYLE (path, the default with an endpoint, or virtual). Credentials are not
    settings: django-storages reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment.
    Media of a public portal are public: URLs are unsigned (so cached pages keep working) and no ACL
    is sent (many S3-compatible services refuse ACLs), so the bucket's policy must allow anonymous
    reads. Files are never overwritten: two uploads named "anh.png" get two objects.
    """
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    bucket = env.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        result = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}, "staticfiles": static}
    else:
        options = {"bucket_name": bucket, "querystring_auth": False, "default_acl": None, "file_overwrite": False}
        options.update(_s3_connection_options(env))
        domain = env.get("AWS_S3_CUSTOM_DOMAIN", "")
        if domain:
            if "://" in domain or not urlsplit(f"https://{domain}").hostname or any(c.isspace() for c in domain):
                raise ImproperlyConfigured(
                    f"AWS_S3_CUSTOM_DOMAIN is a host name without https://, e.g. media.example.gov.vn (got {domain!r})."
                )
            options["custom_domain"] = domain.rstrip("/")
        result = {"default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, "staticfiles": static}
    feedback = feedback_storage(env)
    if feedback:
        result[FEEDBACK_STORAGE_ALIAS] = feedback
    return result


FEEDBACK_STORAGE_ALIAS = "cchc_feedback"  # feedback.submissions.files.STORAGE_ALIAS
# S3's bucket naming rules (3-63 characters, lower case, digits, dots, hyphens), which MinIO follows.
BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def feedback_storage(env):
    """STORAGES["cchc_feedback"] for citizens' attachments (ID scans, photos) when
    CCHC_FEEDBACK_BUCKET_NAME is set, else None (they stay in CCHC_FEEDBACK_PRIVATE_ROOT on this
    server's disk, which several app servers must then share, e.g. over NFS).

    Same service, region, addressing and credentials as the media bucket, but a bucket of its own
    that must stay private: no custom domain, no ACL sent (objects are private unless a bucket
    policy says otherwise: give it none), signed URLs (not that any are made: the app streams the
    files to moderators itself), and never an overwrite.
    """
    bucket = env.get("CCHC_FEEDBACK_BUCKET_NAME", "")
    if not bucket:
        return None
    if not BUCKET_NAME.fullmatch(bucket) or ".." in bucket:
        raise ImproperlyConfigured(
            f"CCHC_FEEDBACK_BUCKET_NAME must be a bucket name, e.g. cchc-feedback-private (got {bucket!r})."
        )
    if bucket == env.get("AWS_STORAGE_BUCKET_NAME", ""):
        raise ImproperlyConfigured(
            f"CCHC_FEEDBACK_BUCKET_NAME must name a private bucket of its own, not the public media bucket "
            f"AWS_STORAGE_BUCKET_NAME ({bucket!r}): anyone may read the media bucket's objects."
        )
    options = {"bucket_name": bucket, "querystring_auth": True, "default_acl": None, "file_overwrite": False}
    options.update(_s3_connection_options(env))
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def _s3_connection_options(env):
    """Where the S3-compatible service is and how to address it (shared by both buckets)."""
    options = {}
    endpoint = env.get("AWS_S3_ENDPOINT_URL", "")
    if endpoint:
        if not _http_url(endpoint):
            raise ImproperlyConfigured(
                f"AWS_S3_ENDPOINT_URL must be the storage service's URL, e.g. https://s3.example.vn (got {endpoint!r})."
            )
        options["endpoint_url"] = endpoint
    if env.get("AWS_S3_REGION_NAME"):
        options["region_name"] = env["AWS_S3_REGION_NAME"]
    style = env.get("AWS_S3_ADDRESSING_STYLE", "")
    if style:
        if style not in ADDRESSING_STYLES:
            raise ImproperlyConfigured(
                f"AWS_S3_ADDRESSING_STYLE must be one of {', '.join(ADDRESSING_STYLES)} (got {style!r})."
            )
        options["addressing_style"] = style
    return options


def _http_url(url):
    """urlsplit(url) when it is an http(s) URL with a host and, if any, a numeric port; else None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:  # also an unclosed [IPv6 address
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts


def media_origin(env):
    """The origin (scheme://host[:port]) of media URLs on object storage, for the Content-Security-Policy;
    None for media on disk (served by the site itself)."""
    options = storage_settings(env)["default"].get("OPTIONS")
    if not options:
        return None
    if "custom_domain" in options:
        return "https://" + options["custom_domain"].split("/")[0]
    # The URL django-storages gives without signing (querystring_auth off), computed the same way, offline.
    import boto3
    from botocore import UNSIGNED
    from botocore.config import Config

    config = Config(signature_version=UNSIGNED, s3={"addressing_style": options.get("addressing_style", "auto")})
    client = boto3.session.Session().client(
        "s3", endpoint_url=options.get("endpoint_url"), region_name=options.get("region_name"), config=config
    )
    url = client.generate_presigned_url("get_object", Params={"Bucket": options["bucket_name"], "Key": "x"})
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


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
        parts = _http_url(url)
        # HTTPBackend keeps only the scheme and host:port; a path or query would be silently dropped.
        if not parts or parts.path.strip("/") or parts.query:
            raise ImproperlyConfigured(
                "CCHC_FRONTEND_CACHE_URL must be comma-separated addresses of caches that accept PURGE, "
                f"e.g. http://10.0.0.21:6081,http://10.0.0.22:6081 (got {url!r})."
            )
        backends[f"cache-{len(backends) + 1}"] = {
            "BACKEND": "cchc_pages.frontend_cache.HTTPBackend",  # Wagtail's, with a timeout
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
