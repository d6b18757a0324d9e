"""The site search: reform news ignoring diacritics and case, with the procedures it matches first."""

from django.template.response import TemplateResponse
from django.utils.functional import cached_property

from ..caching.fragments import peek
from ..core import conf
from ..core.errors import ClientError
from ..core.listing import page_query, paginate, param
from ..procedures.pages import procedure_matches
from .models import search_articles


class _Results:
    """One page of a search's articles and their count (up to CCHC_SEARCH_COUNT_LIMIT), computed
    on first use."""

    def __init__(self, request, query):
        self.request, self.query = request, query

    @cached_property
    def page_obj(self):
        results = search_articles(self.query)
        limit = conf.get("CCHC_SEARCH_COUNT_LIMIT")
        # Counted up to the limit, as one query that stops there: a broad search is not read whole.
        self.counted = min(results[: limit + 1].count(), limit + 1)
        return paginate(self.request, results, conf.get("CCHC_NEWS_PER_PAGE"), count=min(self.counted, limit))

    @property
    def more(self):
        self.page_obj  # noqa: B018 -- counts
        return self.counted > conf.get("CCHC_SEARCH_COUNT_LIMIT")


def search(request):
    """Search all reform news, ignoring diacritics and case. The results (count, cards, pager) are
    kept rendered per query and page until a page is published or unpublished, like the news
    listings (see caching/fragments.py): a popular search is asked again and again."""
    query = param(request.GET, "q", 200)
    context = {"search_query": query, "page_obj": None, "results": []}
    status = 200
    if query:
        context.update(procedure_matches(query))
        results = _Results(request, query)
        results_parts = (query, param(request.GET, "page", 50))
        results_html = peek(request, "site-search", results_parts)
        try:
            if results_html is None:
                results.page_obj  # noqa: B018 -- computed now, for its ClientError
        except ClientError as error:
            context["error_message"] = error.message
            status = error.status
        else:
            context.update(
                # Callables: read (and the database asked) only when the results are rendered.
                page_obj=lambda: results.page_obj,
                results=lambda: results.page_obj.object_list,
                more_results=lambda: results.more,
                page_query=page_query(request.GET, keys=("q",)),
                results_html=results_html,
                results_parts=results_parts,
            )
    return TemplateResponse(request, "cchc_pages/search.html", context, status=status)
