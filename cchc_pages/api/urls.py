"""Mount the open-data API with one line: path("api/v2/", include("cchc_pages.api.urls")).

The root answers the list of datasets as JSON; the endpoints live below it (pages/, images/,
documents/, units/, contact-cards/, hotlines/, news-categories/, procedure-sectors/, and with
feedback installed polls/ and questions/)."""

from django.urls import include, path

from . import views
from .router import NAMESPACE, api_router

urlpatterns = [
    path("", views.catalogue_json, name="cchc_api_catalogue"),
    path("", include((api_router.get_urlpatterns(), NAMESPACE), namespace=NAMESPACE)),
]
