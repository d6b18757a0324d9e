"""The apps' test project with pages in several languages, as README's "English and other
languages" sets it up: the page URLs under i18n_patterns, Vietnamese without a prefix. Test modules
that need it override ROOT_URLCONF and WAGTAIL_I18N_ENABLED (tests/directory/test_i18n.py)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from .urls import urlpatterns as stock

urlpatterns = [pattern for pattern in stock if str(pattern.pattern) != ""]
urlpatterns += i18n_patterns(path("", include("cchc_pages.i18n.urls")), prefix_default_language=False)
