"""URLs of the apps' test project: a stock Wagtail project's, with the apps' as README step 4 adds them,
and Wagtail's page URLs with the kept routing (cchc_pages.routing; the stock site of CI keeps Wagtail's own)."""

from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),
    path("cchc/", include("cchc_pages.urls")),
    path("cchc/", include("feedback.urls")),
    path("api/v2/", include("cchc_pages.api.urls")),  # open data
    path("", include("cchc_pages.routing.urls")),
]
