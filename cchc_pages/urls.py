"""Include under any prefix: path("cchc/", include("cchc_pages.urls"))."""

from django.urls import path

from .caching import views as caching_views
from .directory import views as directory_views
from .news import views as news_views

app_name = "cchc_pages"

urlpatterns = [
    path("luot-xem/", caching_views.hit, name="hit"),
    path("tim-kiem/", news_views.search, name="search"),
    path("danh-ba/<slug:slug>.vcf", directory_views.vcard, name="vcard"),
]
