"""The procedure index: the department's procedures faceted by sector, level, agency and online
service level, searchable without diacritics, exportable as CSV/JSON in the national record shape."""

from urllib.parse import urlencode

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from ..core import conf
from ..core.errors import ClientError, render_error
from ..core.listing import cached_listing_paths, page_query, paginate, param, param_list
from ..core.slugs import VietnameseSlugMixin
from ..core.text import fold
from . import exporting
from .models import DEFAULT_SORT, LEVELS, ONLINE_CHOICES, SORTS, ProcedurePage, ProcedureSector


class ProcedureIndexPage(VietnameseSlugMixin, RoutablePageMixin, Page):
    """The department's procedures: faceted by sector, level, agency and online service level,
    searchable without diacritics, exportable as CSV/JSON in the national record shape."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    per_page = models.PositiveSmallIntegerField(
        _("procedures per page"),
        default=conf.default_procedures_per_page,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("per_page")]
    subpage_types = ["cchc_pages.ProcedurePage"]

    class Meta:
        verbose_name = _("procedure index")
        verbose_name_plural = _("procedure indexes")

    def procedures(self):
        return ProcedurePage.objects.live().child_of(self)

    # --- filters and facets ----------------------------------------------------------------

    def parse_filters(self, params):
        """The listing's filters from the query string: {facet: [values]}, query and sort.
        Unknown values are a 400 with a message, not an empty list the reader cannot explain."""
        filters = {
            "linh-vuc": param_list(params, "linh-vuc"),
            "cap": param_list(params, "cap"),
            "co-quan": param_list(params, "co-quan"),
            "muc-do": param_list(params, "muc-do"),
        }
        level_keys = {key for _f, key, _l in LEVELS}
        for value in filters["cap"]:
            if value not in level_keys:
                raise ClientError(400, gettext("“%(value)s” is not a level of government.") % {"value": value[:50]})
        for value in filters["muc-do"]:
            if value not in dict(ONLINE_CHOICES):
                raise ClientError(400, gettext("“%(value)s” is not an online service level.") % {"value": value[:50]})
        if filters["linh-vuc"]:
            known = set(ProcedureSector.objects.filter(slug__in=filters["linh-vuc"]).values_list("slug", flat=True))
            unknown = [v for v in filters["linh-vuc"] if v not in known]
            if unknown:
                raise ClientError(404, gettext("No sector “%(slug)s” exists.") % {"slug": unknown[0][:50]})
        sort = param(params, "sap-xep") or DEFAULT_SORT
        if sort not in SORTS:
            raise ClientError(400, gettext("“%(value)s” is not a sort order.") % {"value": sort[:50]})
        query = param(params, "q", 200)
        return filters, query, sort

    @staticmethod
    def _conditions(filters, skip=None):
        q = Q()
        if filters["linh-vuc"] and skip != "linh-vuc":
            q &= Q(
                pk__in=ProcedurePage.sectors.through.objects.filter(
                    proceduresector__slug__in=filters["linh-vuc"]
                ).values("procedurepage_id")
            )
        if filters["cap"] and skip != "cap":
            level_q = Q()
            for field, key, _label in LEVELS:
                if key in filters["cap"]:
                    level_q |= Q(**{field: True})
            q &= level_q
        if filters["co-quan"] and skip != "co-quan":
            q &= Q(main_agency_code__in=filters["co-quan"])
        if filters["muc-do"] and skip != "muc-do":
            q &= Q(online_level__in=filters["muc-do"])
        return q

    @staticmethod
    def _search(procedures, query):
        for term in fold(query).split():
            procedures = procedures.filter(search_text__contains=term)
        return procedures

    def filtered(self, filters, query, sort):
        procedures = self._search(self.procedures(), query).filter(self._conditions(filters))
        return procedures.order_by(*SORTS[sort][1])

    def facets(self, filters, query):
        """Counts per facet value, each counted with the other facets' filters applied (so a reader
        sees how many results choosing it would add). Four aggregate queries, whatever the size."""
        base = self._search(self.procedures(), query)

        def within(skip):
            return base.filter(self._conditions(filters, skip=skip))

        sectors = list(
            ProcedureSector.objects.filter(procedures__in=within("linh-vuc").values("pk"))
            .annotate(n=Count("procedures", distinct=True))
            .order_by("name")
        )
        counts = within("cap").aggregate(**{key: Count("pk", filter=Q(**{field: True})) for field, key, _l in LEVELS})
        agencies = list(
            within("co-quan")
            .exclude(main_agency_code="")
            .values("main_agency_code", "main_agency_name")
            .annotate(n=Count("pk"))
            .order_by("main_agency_name", "main_agency_code")
        )
        online = dict(within("muc-do").values_list("online_level").annotate(n=Count("pk")).order_by())

        def option(key, value, label, n):
            return {"value": value, "label": label, "count": n, "selected": value in filters[key]}

        return [
            {
                "key": "linh-vuc",
                "title": gettext("Sector"),
                "options": [option("linh-vuc", s.slug, s.name, s.n) for s in sectors],
            },
            {
                "key": "cap",
                "title": gettext("Level of government"),
                "options": [option("cap", key, label, counts[key]) for _f, key, label in LEVELS if counts[key]],
            },
            {
                "key": "co-quan",
                "title": gettext("Agency"),
                "options": [
                    option("co-quan", a["main_agency_code"], a["main_agency_name"] or a["main_agency_code"], a["n"])
                    for a in agencies
                ],
            },
            {
                "key": "muc-do",
                "title": gettext("Online service"),
                "options": [
                    option("muc-do", key, label, online[key]) for key, label in ONLINE_CHOICES if online.get(key)
                ],
            },
        ]

    # --- front-end cache (wagtail.contrib.frontend_cache, see frontend_cache.py) ------------

    def get_cached_paths(self):
        """The first listing pages and the unfiltered exports (filtered views vary without end)."""
        return cached_listing_paths() + [self.reverse_subpage("export_csv"), self.reverse_subpage("export_json")]

    def listing_paths_for(self, procedure):
        return self.get_cached_paths()

    # --- routes ---------------------------------------------------------------------------

    def render_error(self, request, error):
        return render_error(request, error, page=self)

    @path("")
    def index_route(self, request):
        try:
            filters, query, sort = self.parse_filters(request.GET)
            procedures = self.filtered(filters, query, sort).prefetch_related("sectors")
            page_obj = paginate(request, procedures, self.per_page)
        except ClientError as error:
            return self.render_error(request, error)
        facets = self.facets(filters, query)
        for facet in facets:
            for opt in facet["options"]:
                opt["url"] = self._toggle_url(request.GET, facet["key"], opt["value"])
        active = [
            {"label": opt["label"], "url": opt["url"], "facet": facet["title"]}
            for facet in facets
            for opt in facet["options"]
            if opt["selected"]
        ]
        export_query = page_query(request.GET)
        return self.render(
            request,
            context_overrides={
                "procedures": page_obj.object_list,
                "page_obj": page_obj,
                "facets": facets,
                "active_filters": active,
                "search_query": query,
                "sort": sort,
                "sorts": [(key, label) for key, (label, _o) in SORTS.items()],
                "hidden_filters": [(k, v) for k in ("linh-vuc", "cap", "co-quan", "muc-do") for v in filters[k]],
                "export_query": export_query,
                "page_query": export_query,
                "is_filtered": bool(query or active),
            },
        )

    def _toggle_url(self, params, key, value):
        query = params.copy() if params else QueryDict(mutable=True)
        query.pop("page", None)
        values = query.getlist(key)
        query.setlist(key, [v for v in values if v != value] if value in values else [*values, value])
        encoded = query.urlencode()
        return self.url + ("?" + encoded if encoded else "")

    def _export(self, request, fmt):
        try:
            filters, query, sort = self.parse_filters(request.GET)
        except ClientError as error:
            return self.render_error(request, error)
        procedures = self.filtered(filters, query, sort)
        return exporting.export_response(procedures, fmt, filename=self.slug)

    @path("xuat-du-lieu/csv/", name="export_csv")
    def export_csv_route(self, request):
        return self._export(request, "csv")

    @path("xuat-du-lieu/json/", name="export_json")
    def export_json_route(self, request):
        return self._export(request, "json")


def procedure_matches(query, shown=5):
    """The first procedures matching a site search, and where to see them all (a citizen searching
    "khai sinh" wants the procedure before the news about it)."""
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
