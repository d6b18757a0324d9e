"""The version of the site's kept content (sidebars, fragments, the kept routing): one number in
every key, bumped when what they show changes (see signals.py).

A page reads it a dozen times (each fragment, each kept page on its route): within one request it
is read from the cache once and remembered until the request ends or the version is bumped."""

from asgiref.local import Local
from django.core.signals import request_finished, request_started

from . import versions

SIDEBAR_VERSION_KEY = "cchc:news-sidebar-version"

_request = Local()  # per thread or task: {"version": n} while a request is served


def sidebar_version():
    memo = getattr(_request, "memo", None)
    if memo is None:
        return versions.current(SIDEBAR_VERSION_KEY)
    if "version" not in memo:
        memo["version"] = versions.current(SIDEBAR_VERSION_KEY)
    return memo["version"]


def bump_sidebar_version():
    """Invalidate every section's cached sidebar (an article or category changed)."""
    versions.bump(SIDEBAR_VERSION_KEY)
    memo = getattr(_request, "memo", None)
    if memo is not None:
        memo.pop("version", None)


def _start(**kwargs):
    _request.memo = {}


def _finish(**kwargs):
    _request.memo = None


def connect():
    request_started.connect(_start, dispatch_uid="cchc-sidebar-version-start")
    request_finished.connect(_finish, dispatch_uid="cchc-sidebar-version-finish")
