"""Settings of the apps' test project: a stock ``wagtail start`` site (project "testsite") with
cchc installed as README's "Install into your existing Wagtail site" says, and nothing of the demo.

The root page is a plain ``wagtail.models.Page`` (tests/conftest.py); templates/base.html is the
stock project's. DATABASE_URL picks the database (a temporary SQLite file unless it names another,
e.g. PostgreSQL); REDIS_URL, when set, puts Django's cache and the counters in Redis, as a
multi-server site does.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url

TESTS_DIR = Path(__file__).resolve().parent

SECRET_KEY = "tests-only-not-secret-5c0f2e8a9b7d6e4f3a2b1c0d"
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

INSTALLED_APPS = [
    # `wagtail start` (without its project apps "home" and "search")
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # README, "Install", step 2
    "cchc_pages",
    "feedback",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.sitemaps",
    "wagtail_modeladmin",
    # Wagtail's sitemap docs: its sitemap view renders django.contrib.sitemaps' template.
    "django.contrib.sitemaps",
    # README, step 3 (optional): purging a front-end cache. Installed so that the front-end cache
    # tests can point WAGTAILFRONTENDCACHE at a recording server (Wagtail connects its handlers at
    # start-up); no backends elsewhere, so nothing is purged.
    "wagtail.contrib.frontend_cache",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # README, step 3 (optional): the anonymous page cache, right after the security middleware.
    "cchc_pages.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # README, step 3: the site offers English too.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "tests.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [TESTS_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0"))
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        INSTALLED_APPS.append("django.contrib.postgres")  # as the demo does: Django 6.1's postgres.E005
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # As the demo opens SQLite: WAL lets readers proceed while the counter flusher writes.
        DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
else:
    # A file, not ":memory:": Django's live server shares one in-memory connection across its
    # request threads, and a page request racing the counter beacon then fails with "table is locked".
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.path.join(tempfile.gettempdir(), "cchc-apps-test.sqlite3"),
            "OPTIONS": {"timeout": 20},
            "TEST": {"NAME": os.path.join(tempfile.mkdtemp(prefix="cchc-apps-test-db-"), "test.sqlite3")},
        }
    }

if os.environ.get("REDIS_URL"):
    # Several app servers: Django's cache and the counters' pending hits in one Redis.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cchc"),
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    CCHC_COUNTER_BACKEND = "redis"
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# README, step 3.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["cchc_pages.formats"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False

STATIC_URL = "/static/"
STATIC_ROOT = os.path.join(tempfile.gettempdir(), "cchc-apps-test-static")
MEDIA_URL = "/media/"
MEDIA_ROOT = tempfile.mkdtemp(prefix="cchc-apps-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "testsite"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cchc_pages.core.search"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# README, step 5: refuse oversized uploads with a clear message.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cchc_pages.uploads.SizeLimitedDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "cchc_pages.uploads.SizeLimitedImageForm"
# No front-end cache to purge unless a test configures one.
WAGTAILFRONTENDCACHE = {}

# Tests that exercise the page cache turn it on themselves; elsewhere a test sees every change at once.
CCHC_PAGE_CACHE_SECONDS = 0
# Tests flush counters explicitly. A background flusher started by one test (any view that counts a
# hit) must not write another test's buffered or Redis hits into the database behind its back.
CCHC_COUNTER_FLUSH_INTERVAL = 24 * 3600
