from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
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
    path("api/v2/", include("cchc_pages.api.urls")),  # open data (TT 22/2023/TT-BTTTT)
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The pages: Vietnamese at their own addresses, English under /en/ (docs/english.md). The language
# comes from the address only; an English address of a page that has no English version says so.
urlpatterns += i18n_patterns(path("", include("cchc_pages.i18n.urls")), prefix_default_language=False)
