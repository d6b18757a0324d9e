"""Wagtail's page URLs for a site with i18n_patterns (README, "English and other languages"):
``i18n_patterns(path("", include("cchc_pages.i18n.urls")), prefix_default_language=False)`` in
place of ``include(wagtail_urls)``. The same URLs, with the page view wrapped so that an English
address of a page that exists only in Vietnamese says so and links it (views.py, serve), routed
as cchc_pages.routing.urls routes."""

from ..routing.urls import page_urlpatterns
from .views import serve

urlpatterns = page_urlpatterns(serve)
