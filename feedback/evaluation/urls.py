"""One-stop evaluation URLs (Vietnamese paths); included by feedback/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("danh-gia-ho-so/", views.evaluate, name="evaluation"),
    path("danh-gia-ho-so/gui/", views.submit, name="evaluation_submit"),
    path("danh-gia-ho-so/ket-qua/", views.results, name="evaluation_results"),
    path("danh-gia-ho-so/ket-qua.json", views.results_json, name="evaluation_results_json"),
]
