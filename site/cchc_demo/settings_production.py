"""Production settings: the environment-driven demo settings plus HTTPS, secure cookies, CSP and
whitenoise. Run with DJANGO_SETTINGS_MODULE=cchc_demo.settings_production (README, "Deploy")."""

import json
import os

from django.core.exceptions import ImproperlyConfigured

from .environment import media_origin
from .login_throttle import MIDDLEWARE as THROTTLE_MIDDLEWARE
from .login_throttle import throttle_settings
from .settings import *  # noqa: F401,F403
from .settings import INSTALLED_APPS, MIDDLEWARE

DEBUG = False

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 32 or SECRET_KEY.startswith("demo-only"):
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a random string of at least 32 characters.")
ALLOWED_HOSTS = [host for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if host]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS to the site's host names, comma-separated.")
CSRF_TRUSTED_ORIGINS = [f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS if host != "*"]
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

# Without DJANGO_EMAIL_HOST the demo's console backend would print every message, citizens' names,
# email addresses and subjects included, to the server's log. Refuse to start, unless mail is
# switched off explicitly (DJANGO_EMAIL_DISABLED=1): then nothing is sent and nothing is printed.
if EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":  # noqa: F405
    if os.environ.get("DJANGO_EMAIL_DISABLED", "") != "1":
        raise ImproperlyConfigured(
            "Set DJANGO_EMAIL_HOST (and DJANGO_EMAIL_USER, DJANGO_EMAIL_PASSWORD) to the department's mail "
            "server, or DJANGO_EMAIL_DISABLED=1 to send no email at all; production never prints mail to the log."
        )
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

# Notices by text message through Zalo's ZNS when the official account's token and the approved
# templates (JSON: {"received": "<template id>", ...}) are given; otherwise none are offered.
CCHC_ZALO_ZNS_ACCESS_TOKEN = os.environ.get("CCHC_ZALO_ZNS_ACCESS_TOKEN") or None
CCHC_ZALO_ZNS_TEMPLATES = json.loads(os.environ.get("CCHC_ZALO_ZNS_TEMPLATES") or "{}")
CCHC_FEEDBACK_PHONE_SENDER = "feedback.notices.zalo.ZaloZNSSender" if CCHC_ZALO_ZNS_ACCESS_TOKEN else None

# The client's address for the per-address limits of polls, feedback, counters and the login, as
# nginx passes it (deploy/nginx.conf sets X-Real-IP); set CCHC_CLIENT_IP_HEADER="" when no proxy is
# in front. The header is believed only from CCHC_TRUSTED_PROXIES (nginx's addresses as the app
# servers see them, comma-separated; default: this machine only).
CCHC_CLIENT_IP_HEADER = os.environ.get("CCHC_CLIENT_IP_HEADER", "HTTP_X_REAL_IP") or None
CCHC_TRUSTED_PROXIES = [
    entry.strip() for entry in os.environ.get("CCHC_TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if entry.strip()
]

# HTTPS, terminated by nginx (which sets X-Forwarded-Proto).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's preview frames the site itself
# W019: SAMEORIGIN on purpose (above); W021: HSTS preload is the department's own decision.
SILENCED_SYSTEM_CHECKS = ["security.W019", "security.W021"]
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)
if _media := media_origin(os.environ):  # images served from object storage (its endpoint or custom domain)
    CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("img-src 'self' data:", f"img-src 'self' data: {_media}")

# Static files served by the app servers themselves (or by nginx from STATIC_ROOT).
MIDDLEWARE = list(MIDDLEWARE)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware"
)
# Above the page cache, so cached pages carry the policy too (PageCacheMiddleware refuses the other order).
MIDDLEWARE.insert(
    MIDDLEWARE.index("cchc_pages.page_cache.PageCacheMiddleware"),
    "cchc_demo.middleware.ContentSecurityPolicyMiddleware",
)
# The admin login throttle (django-axes; DJANGO_LOGIN_FAILURE_LIMIT, DJANGO_LOGIN_LOCKOUT_MINUTES).
INSTALLED_APPS = [*INSTALLED_APPS, "axes"]
MIDDLEWARE.append(THROTTLE_MIDDLEWARE)  # last, as django-axes requires
globals().update(throttle_settings(os.environ))
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}  # noqa: F405

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"cchc_pages": {"level": "INFO"}, "cchc_demo": {"level": "INFO"}},
}
