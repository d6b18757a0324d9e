"""Include under any prefix: path("cchc/", include("cchc_pages.urls")). The open-data API has its own
URLs (cchc_pages.api.urls), mounted where the department wants it."""

from django.urls import path

from .api import views as api_views
from .caching import views as caching_views
from .directory import views as directory_views
from .news import views as news_views
from .ratings import views as rating_views

app_name = "cchc_pages"

urlpatterns = [
    path("luot-xem/", caching_views.hit, name="hit"),
    path("tim-kiem/", news_views.search, name="search"),
    path("danh-ba/<slug:slug>.vcf", directory_views.vcard, name="vcard"),
    path("huu-ich/<int:page_id>/", rating_views.confirm, name="rating_confirm"),
    path("huu-ich/<int:page_id>/token/", rating_views.token, name="rating_token"),
    path("huu-ich/<int:page_id>/gui/", rating_views.send, name="rating_send"),
    path("huu-ich/<int:page_id>/cam-on/", rating_views.thanks, name="rating_thanks"),
    path("du-lieu-mo/", api_views.datasets, name="open_data"),
]
