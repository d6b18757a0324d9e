"""Settings of the demo site, and of a production site through the environment.

Every service is chosen by an environment variable with an embedded default (README, "Production
and scale-out"): DATABASE_URL (SQLite), REDIS_URL (local memory), CCHC_SEARCH_BACKEND (database),
AWS_STORAGE_BUCKET_NAME (local media), DJANGO_EMAIL_* (console), CCHC_FRONTEND_CACHE_URL (no
front-end cache to purge). settings_production adds the security settings on top of these.
"""

import os
from pathlib import Path

from .environment import (
    cache_settings,
    database_settings,
    email_settings,
    frontend_cache_settings,
    search_settings,
    storage_settings,
)

PROJECT_DIR = Path(__file__).resolve().parent  # site/cchc_demo
BASE_DIR = PROJECT_DIR.parent.parent  # repository root

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "demo-only-not-secret-0d9f8a7b6c5e4d3c2b1a")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")

INSTALLED_APPS = [
    "cchc_demo",
    "cchc_pages",
    "feedback",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",  # "Translate" in the admin: pages and snippets (docs/english.md)
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.locales",  # Settings › Locales
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # The https redirect and security headers first, for cached pages too; then the page cache,
    # so a cached page costs no session, locale or CSRF work (see cchc_pages/caching/page_cache.py).
    "django.middleware.security.SecurityMiddleware",
    "cchc_pages.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cchc_demo.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cchc_demo.wsgi.application"

DATABASES = database_settings(os.environ, default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index on PostgreSQL has SearchVectorField and GinIndex fields, which Django 6.1's
    # checks accept only with django.contrib.postgres installed (postgres.E005).
    INSTALLED_APPS.append("django.contrib.postgres")
CACHES, SESSION_ENGINE, CCHC_COUNTER_BACKEND = cache_settings(os.environ)
# Seconds an anonymous page stays in the full-page cache (0: off); see cchc_pages/page_cache.py.
CCHC_PAGE_CACHE_SECONDS = int(os.environ.get("CCHC_PAGE_CACHE_SECONDS", "300"))
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True  # Redis down: pages render from the database, and it is logged
# Varnish/nginx caches in front (CCHC_FRONTEND_CACHE_URL): PURGE a changed page and the listings
# that show it (cchc_pages/frontend_cache.py).
_frontend_cache = frontend_cache_settings(os.environ)
if _frontend_cache:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = _frontend_cache

# Django's four validators: at least 8 characters, not like the username or email, not a common
# password ("12345678"), not all digits.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English second; dates as dd/mm/yyyy. The language follows the URL only
# (urls.py: i18n_patterns without a prefix for Vietnamese, English under /en/): LocaleMiddleware then
# gives every unprefixed address Vietnamese, whatever the browser's Accept-Language or a cookie say.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Content in both languages through Wagtail's locales (ND 42/2022/NĐ-CP Điều 7): a page tree and
# translatable snippets per language, translated with wagtail.contrib.simple_translation.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["cchc_pages.formats"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
# AWS_STORAGE_BUCKET_NAME: media in an S3-compatible bucket; CCHC_FEEDBACK_BUCKET_NAME: citizens'
# attachments in a private one (STORAGES["cchc_feedback"]); their options are in environment.py.
STORAGES = storage_settings(os.environ)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "Cổng thông tin cải cách hành chính"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
# Readable ASCII slugs from Vietnamese titles ("Đánh giá" -> "danh-gia").
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_BACKENDS = search_settings(os.environ)
# Refuse uploads above CCHC_MAX_UPLOAD_SIZE (20 MB by default) with a clear message.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cchc_pages.uploads.SizeLimitedDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "cchc_pages.uploads.SizeLimitedImageForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "zip", "jpg", "png"]
# What one request may hold in a worker's memory: an uploaded file over 256 KB waits in a temporary
# file (mode 0600) rather than in memory, at most 10 files per request (a feedback form takes 3),
# and Django's 2.5 MB for the other fields. The feedback check reads attachments in place.
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Console by default (the demo prints mail); DJANGO_EMAIL_HOST switches to SMTP.
_email = email_settings(os.environ)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
DEFAULT_FROM_EMAIL = _email["DEFAULT_FROM_EMAIL"]
# Notices by text message: printed (number masked) like the mail; production uses Zalo's ZNS when
# it is given a token (settings_production.py).
CCHC_FEEDBACK_PHONE_SENDER = "feedback.notices.senders.ConsoleSender"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "cchc_pages": {"handlers": ["console"], "level": "INFO"},
        "feedback": {"handlers": ["console"], "level": "INFO"},
    },
}
