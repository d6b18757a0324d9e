"""Poll and rating URLs (Vietnamese paths); included by feedback/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("binh-chon/<int:poll_id>/", views.ballot, name="poll_ballot"),
    path("binh-chon/<int:poll_id>/token/", views.token, name="poll_token"),
    path("binh-chon/<int:poll_id>/gui/", views.vote, name="poll_vote"),
    path("binh-chon/<int:poll_id>/ket-qua/", views.results, name="poll_results"),
    path("binh-chon/<int:poll_id>/ket-qua.json", views.results_json, name="poll_results_json"),
    path("danh-gia/<slug:code>/", views.rate, name="rate"),
    path("danh-gia/<slug:code>/ma-qr/", views.qr_sign, name="rate_qr"),
]
