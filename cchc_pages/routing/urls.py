"""Wagtail's page URLs with the kept routing (kept.py): ``path("", include("cchc_pages.routing.urls"))``
in place of ``path("", include(wagtail_urls))``, last in the site's urls.py. The same URLs and pages;
an address costs fewer queries. A site with i18n_patterns uses ``cchc_pages.i18n.urls``, which
routes the same way."""

from django.urls import re_path
from wagtail import urls as wagtail_urls

from .views import serve


def page_urlpatterns(view):
    """Wagtail's page URLs (its password and login helpers too), with `view` as the page view."""
    patterns = [pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", "") != "wagtail_serve"]
    return [*patterns, re_path(wagtail_urls.serve_pattern, view, name="wagtail_serve")]


urlpatterns = page_urlpatterns(serve)
