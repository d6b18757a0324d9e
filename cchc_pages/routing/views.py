"""Wagtail's page view, routed through kept.py."""

from wagtail.views import serve as wagtail_serve

from .kept import route


def serve(request, path):
    """Wagtail's page view; the route is found with the kept pages first (kept.route), and Wagtail's
    view reads it from the request."""
    route(request, path)
    return wagtail_serve(request, path)
