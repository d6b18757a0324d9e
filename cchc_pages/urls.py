"""Include under any prefix: path("cchc/", include("cchc_pages.urls"))."""

from django.urls import path

from .news import views

app_name = "cchc_pages"

urlpatterns = [
    path("luot-xem/", views.hit, name="hit"),
    path("tim-kiem/", views.search, name="search"),
    path("danh-ba/<slug:slug>.vcf", views.vcard, name="vcard"),
]
