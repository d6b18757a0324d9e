"""The list of datasets: the page citizens read (/cchc/du-lieu-mo/) and the same list as JSON at
the API's root (/api/v2/), for machines and national data portals to harvest."""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from ..core import conf
from . import catalogue


@require_GET
def datasets(request):
    try:
        api_url = reverse("cchc_api_catalogue")
    except NoReverseMatch:  # the API is not mounted: the page lists the exports alone
        api_url = ""
    context = {"datasets": catalogue.datasets(request), "licence": catalogue.LICENCE, "api_url": api_url}
    return TemplateResponse(request, "cchc_pages/open_data.html", context)


@require_GET
def catalogue_json(request):
    data = {
        "licence": {key: str(value) for key, value in catalogue.LICENCE.items()},
        "max_limit": conf.get("CCHC_API_MAX_LIMIT"),
        "datasets": [
            {
                "key": dataset.key,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "update_frequency": str(dataset.frequency),
                "formats": [
                    {"label": str(f.label), "media_type": f.media_type, "url": request.build_absolute_uri(f.url)}
                    for f in formats
                ],
            }
            for dataset, formats in catalogue.datasets(request)
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    patch_cache_control(response, public=True, max_age=conf.get("CCHC_API_CACHE_SECONDS"))
    return response
