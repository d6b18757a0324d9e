"""Test settings: the demo settings with fast hashing and an isolated media folder.

DATABASE_URL picks the database as in the demo (SQLite in memory unless it names PostgreSQL).
"""

import os
import tempfile

from .login_throttle import BACKENDS, throttle_settings
from .settings import *  # noqa: F401,F403
from .settings import DATABASES, INSTALLED_APPS, MIDDLEWARE

if "DATABASE_URL" not in os.environ:
    # A file, not ":memory:": Django's live server shares one in-memory connection across its
    # request threads, and a page request racing the counter beacon then fails with "table is locked".
    DATABASES["default"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.path.join(tempfile.gettempdir(), "cchc-test.sqlite3"),
        "OPTIONS": {"timeout": 20},
        "TEST": {"NAME": os.path.join(tempfile.mkdtemp(prefix="cchc-test-db-"), "test.sqlite3")},
    }

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="cchc-test-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"
DEBUG = False
# Tests that exercise the page cache turn it on themselves; elsewhere a test sees every change at once.
CCHC_PAGE_CACHE_SECONDS = 0
# Tests flush counters explicitly. A background flusher started by one test (any view that counts a
# hit) must not write another test's buffered or Redis hits into the database behind its back.
CCHC_COUNTER_FLUSH_INTERVAL = 24 * 3600
# Installed as in the apps' test settings (tests/settings.py, where tests/caching/test_frontend_cache.py
# points WAGTAILFRONTENDCACHE at a recording server); no backends here, so nothing is purged.
if "wagtail.contrib.frontend_cache" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.frontend_cache"]
WAGTAILFRONTENDCACHE = {}
# The production login throttle, installed (its tables exist) but off: tests/demo/test_login_throttle.py
# turns it on with the production values (login_throttle.throttle_settings).
INSTALLED_APPS = [*INSTALLED_APPS, "axes"]
MIDDLEWARE = [*MIDDLEWARE, "axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = BACKENDS
globals().update({k: v for k, v in throttle_settings({}).items() if k != "AUTHENTICATION_BACKENDS"})
AXES_ENABLED = False
