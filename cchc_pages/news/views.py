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
            page_obj = paginate(request, search_articles(query), conf.get("CCHC_NEWS_PER_PAGE"))
            context.update(
                page_obj=page_obj, results=page_obj.object_list, page_query=page_query(request.GET, keys=("q",))
            )
        except ClientError as error:
            context["error_message"] = error.message
            status = error.status
    return TemplateResponse(request, "cchc_pages/search.html", context, status=status)
