"""Test settings: the demo settings with fast hashing and an isolated media folder.

DATABASE_URL picks the database as in the demo (SQLite in memory unless it names PostgreSQL).
"""

import os
import tempfile

from .settings import *  # noqa: F401,F403
from .settings import DATABASES

if "DATABASE_URL" not in os.environ:
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="cchc-test-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"
DEBUG = False
