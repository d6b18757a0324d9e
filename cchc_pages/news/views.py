"""Small views outside the page tree: the uncached counter endpoint and site search."""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page, Site

from ..caching import counters
from ..core import conf
from ..core.listing import ListingError, page_query, paginate
from ..directory.models import vcard_response
from .models import search_articles


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


def search(request):
    """Search all reform news, ignoring diacritics and case."""
    query = request.GET.get("q", "").strip()[:200]
    context = {"search_query": query, "page_obj": None, "results": []}
    status = 200
    if query:
        context.update(procedure_matches(query))
        try:
            page_obj = paginate(request, search_articles(query), conf.get("CCHC_NEWS_PER_PAGE"))
            context.update(
                page_obj=page_obj, results=page_obj.object_list, page_query=page_query(request.GET, keys=("q",))
            )
        except ListingError as error:
            context["error_message"] = error.message
            status = error.status
    return TemplateResponse(request, "cchc_pages/search.html", context, status=status)


def procedure_matches(query, shown=5):
    """The first procedures matching a site search, and where to see them all (a citizen searching
    "khai sinh" wants the procedure before the news about it)."""
    from urllib.parse import urlencode

    from ..procedures.models import ProcedureIndexPage, ProcedurePage

    matches = ProcedureIndexPage._search(ProcedurePage.objects.live(), query).order_by("sort_title", "pk")
    count = matches.count()
    if not count:
        return {"procedure_count": 0}
    index = ProcedureIndexPage.objects.live().first()
    return {
        "procedure_count": count,
        "procedures": list(matches[:shown]),
        "procedure_search_url": f"{index.url}?{urlencode({'q': query})}" if index else None,
    }


def vcard(request, slug):
    """A contact card as a vCard 3.0 file (public contact points only)."""
    return vcard_response(slug)
