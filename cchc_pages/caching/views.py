"""The uncached counter endpoint the counter script posts to from (possibly cached) pages."""

from django.http import JsonResponse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page, Site

from . import counters


@csrf_exempt  # a counter beacon carries no user data and must work from cached pages
@never_cache
@require_POST
def hit(request):
    """Count a page view and, once per browser session, a site visit; return both totals."""
    raw_page = request.POST.get("page", "")
    page_id = None
    if raw_page:
        if not raw_page.isdigit() or not Page.objects.live().filter(pk=int(raw_page)).exists():
            return JsonResponse({"error": gettext("Unknown page.")}, status=400)
        page_id = int(raw_page)
    site = Site.find_for_request(request)
    if site is None:
        return JsonResponse({"error": gettext("Unknown site.")}, status=400)
    if page_id is not None:
        counters.hit(counters.PAGE_VIEWS, page_id)
    if request.POST.get("visit") == "1":
        counters.hit(counters.SITE_VISITS, site.pk)
    data = {"site_visits": counters.current(counters.SITE_VISITS, site.pk)}
    if page_id is not None:
        data["page_views"] = counters.current(counters.PAGE_VIEWS, page_id)
    return JsonResponse(data)
