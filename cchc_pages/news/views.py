"""The site search: reform news ignoring diacritics and case, with the procedures it matches first."""

from django.template.response import TemplateResponse

from ..core import conf
from ..core.errors import ClientError
from ..core.listing import page_query, paginate, param
from ..procedures.pages import procedure_matches
from .models import search_articles


def search(request):
    """Search all reform news, ignoring diacritics and case."""
    query = param(request.GET, "q", 200)
    context = {"search_query": query, "page_obj": None, "results": []}
    status = 200
    if query:
        context.update(procedure_matches(query))
        try:
            results = search_articles(query)
            limit = conf.get("CCHC_SEARCH_COUNT_LIMIT")
            # Counted up to the limit, as one query that stops there: a broad search is not read whole.
            counted = min(results[: limit + 1].count(), limit + 1)
            page_obj = paginate(request, results, conf.get("CCHC_NEWS_PER_PAGE"), count=min(counted, limit))
            context.update(
                page_obj=page_obj,
                results=page_obj.object_list,
                page_query=page_query(request.GET, keys=("q",)),
                more_results=counted > limit,
            )
        except ClientError as error:
            context["error_message"] = error.message
            status = error.status
    return TemplateResponse(request, "cchc_pages/search.html", context, status=status)
