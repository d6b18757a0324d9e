"""Wagtail's page URLs for a site with i18n_patterns (README, "English and other languages"):
``i18n_patterns(path("", include("cchc_pages.i18n.urls")), prefix_default_language=False)`` in
place of ``include(wagtail_urls)``. The same URLs, with the page view wrapped so that an English
address of a page that exists only in Vietnamese says so and links it (views.py, serve)."""

from django.urls import re_path
from wagtail import urls as wagtail_urls

from .views import serve

urlpatterns = [pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", "") != "wagtail_serve"]
urlpatterns.append(re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve"))
