"""The admin login throttle of the production settings (django-axes): after
DJANGO_LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that username is
refused from that address, the right password included, for DJANGO_LOGIN_LOCKOUT_MINUTES."""

import datetime

from django.core.exceptions import ImproperlyConfigured
from django.template.response import TemplateResponse

BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
MIDDLEWARE = "axes.middleware.AxesMiddleware"


def _positive(env, name, default):
    try:
        value = int(env.get(name, str(default)))
    except ValueError:
        value = 0
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least 1.")
    return value


def throttle_settings(env):
    """The AXES_* settings and AUTHENTICATION_BACKENDS; the caller adds the app and MIDDLEWARE."""
    return {
        "AUTHENTICATION_BACKENDS": BACKENDS,
        "AXES_FAILURE_LIMIT": _positive(env, "DJANGO_LOGIN_FAILURE_LIMIT", 5),
        "AXES_COOLOFF_TIME": datetime.timedelta(minutes=_positive(env, "DJANGO_LOGIN_LOCKOUT_MINUTES", 30)),
        # One username from one address: a guesser is stopped, the real user elsewhere is not.
        "AXES_LOCKOUT_PARAMETERS": [["username", "ip_address"]],
        # The address as the site's other per-address limits see it (CCHC_CLIENT_IP_HEADER from the
        # CCHC_TRUSTED_PROXIES behind nginx; an IPv6 client's /64).
        "AXES_CLIENT_IP_CALLABLE": "cchc_pages.core.client.limit_address",
        "AXES_LOCKOUT_CALLABLE": "cchc_demo.login_throttle.lockout_response",
        "AXES_RESET_ON_SUCCESS": True,
        "AXES_ENABLED": True,
    }


def lockout_response(request, original_response=None, credentials=None):
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return TemplateResponse(request, "cchc_demo/login_locked.html", {"minutes": minutes}, status=429).render()
