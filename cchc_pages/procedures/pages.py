"""The procedure index: the department's procedures faceted by sector, level, agency and online
service level, searchable without diacritics, exportable as CSV/JSON in the national record shape."""

from urllib.parse import urlencode

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from ..caching.fragments import peek
from ..core import conf
from ..core.errors import ClientError, render_error
from ..core.listing import cached_listing_paths, page_query, paginate, param, param_list
from ..core.slugs import VietnameseSlugMixin
from ..core.text import fold
from . import exporting, listing_cache
from .models import DEFAULT_SORT, LEVELS, ONLINE_CHOICES, SORTS, STATUS_CHOICES, ProcedurePage, ProcedureSector

# The status facet (?trang-thai=): query value -> status. Without it, abolished procedures are left
# out of the listing, its counts and the exports (they keep their pages, see decisions.py).
STATUS_KEYS = {"con-hieu-luc": "in_force", "sua-doi": "amended", "bai-bo": "abolished", "chua-ro": "unknown"}
HIDDEN_BY_DEFAULT = ("abolished",)
FACET_KEYS = ("linh-vuc", "cap", "co-quan", "muc-do", "trang-thai")
# What a listing card does not show: the nested parts (JSON, decoded on load) and the long texts.
CARD_DEFERRED = (
    "steps",
    "channels",
    "dossier",
    "results",
    "legal_basis",
    "field_hashes",
    "search_text",
    "description",
    "requirements",
    "target_description",
    "agency_description",
    "competent_agency_description",
)


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
        """Live procedures of this index, as a queryset the database can read in the order of the
        procedure table's own indexes (sort_title): Wagtail's child_of() and live() put their
        conditions on the joined page table, and SQLite then reads every page of the site and
        sorts all the procedures for the twenty it shows. In a correlated EXISTS (as the news
        sections do, see news/models.py) each procedure is checked by primary key instead."""
        in_index = Page.objects.filter(pk=OuterRef("pk"), path__startswith=self.path, depth=self.depth + 1, live=True)
        return ProcedurePage.objects.filter(Exists(in_index))

    # --- filters and facets ----------------------------------------------------------------

    def parse_filters(self, params):
        """The listing's filters from the query string: {facet: [values]}, query and sort.
        Unknown values are a 400 with a message, not an empty list the reader cannot explain."""
        filters = {
            "linh-vuc": param_list(params, "linh-vuc"),
            "cap": param_list(params, "cap"),
            "co-quan": param_list(params, "co-quan"),
            "muc-do": param_list(params, "muc-do"),
            "trang-thai": param_list(params, "trang-thai"),
        }
        for value in filters["trang-thai"]:
            if value not in STATUS_KEYS:
                raise ClientError(400, gettext("“%(value)s” is not a procedure status.") % {"value": value[:50]})
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
        if skip != "trang-thai":
            if filters["trang-thai"]:
                q &= Q(status__in=[STATUS_KEYS[v] for v in filters["trang-thai"]])
            else:
                q &= ~Q(status__in=HIDDEN_BY_DEFAULT)
        return q

    @staticmethod
    def _search(procedures, query):
        for term in fold(query).split():
            procedures = procedures.filter(search_text__contains=term)
        return procedures

    def filtered(self, filters, query, sort):
        procedures = self._search(self.procedures(), query).filter(self._conditions(filters))
        return procedures.order_by(*SORTS[sort][1])

    def facet_counts(self, filters, query):
        """Counts per facet value, each counted with the other facets' filters applied (so a reader
        sees how many results choosing it would add): five aggregate queries over the catalogue,
        kept in the cache until a procedure or a sector changes (listing_cache.py)."""
        terms = tuple(fold(query).split())
        cache_key = listing_cache.key(self, "facets", terms, *(tuple(sorted(set(filters[k]))) for k in FACET_KEYS))
        return listing_cache.get_or_build(cache_key, lambda: self._count_facets(filters, query))

    def _count_facets(self, filters, query):
        base = self._search(self.procedures(), query)

        def within(skip):
            return base.filter(self._conditions(filters, skip=skip))

        sectors = (
            ProcedureSector.objects.filter(procedures__in=within("linh-vuc").values("pk"))
            .annotate(n=Count("procedures", distinct=True))
            .order_by("name")
            .values_list("slug", "name", "n")
        )
        levels = within("cap").aggregate(**{key: Count("pk", filter=Q(**{field: True})) for field, key, _l in LEVELS})
        agencies = (
            within("co-quan")
            .exclude(main_agency_code="")
            .values_list("main_agency_code", "main_agency_name")
            .annotate(n=Count("pk"))
            .order_by("main_agency_name", "main_agency_code")
        )
        online = within("muc-do").values_list("online_level").annotate(n=Count("pk")).order_by()
        statuses = within("trang-thai").values_list("status").annotate(n=Count("pk")).order_by()
        return {
            "sectors": list(sectors),
            "levels": levels,
            "agencies": list(agencies),
            "online": dict(online),
            "statuses": dict(statuses),
        }

    @staticmethod
    def listed_count(filters, counts):
        """How many procedures the listing shows, from the status facet's counts (counted with every
        other filter applied, and each procedure has one status): the COUNT query it saves."""
        shown = {STATUS_KEYS[v] for v in filters["trang-thai"]}
        statuses = counts["statuses"]
        if shown:
            return sum(n for status, n in statuses.items() if status in shown)
        return sum(n for status, n in statuses.items() if status not in HIDDEN_BY_DEFAULT)

    def facets(self, filters, counts):
        """The facets as the template shows them: title, and each value with its label and count."""
        sectors, levels, agencies = counts["sectors"], counts["levels"], counts["agencies"]
        online, statuses = counts["online"], counts["statuses"]
        status_labels = dict(STATUS_CHOICES)

        def option(key, value, label, n):
            return {"value": value, "label": label, "count": n, "selected": value in filters[key]}

        return [
            {
                "key": "linh-vuc",
                "title": gettext("Sector"),
                "options": [option("linh-vuc", slug, name, n) for slug, name, n in sectors],
            },
            {
                "key": "cap",
                "title": gettext("Level of government"),
                "options": [option("cap", key, label, levels[key]) for _f, key, label in LEVELS if levels[key]],
            },
            {
                "key": "co-quan",
                "title": gettext("Agency"),
                "options": [option("co-quan", code, name or code, n) for code, name, n in agencies],
            },
            {
                "key": "muc-do",
                "title": gettext("Online service"),
                "options": [
                    option("muc-do", key, label, online[key]) for key, label in ONLINE_CHOICES if online.get(key)
                ],
            },
            {
                "key": "trang-thai",
                "title": pgettext("procedure facet", "Status"),
                "options": [
                    option("trang-thai", key, status_labels[status], statuses[status])
                    for key, status in STATUS_KEYS.items()
                    if statuses.get(status)
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
            listing = _Listing(self, request, filters, query, sort)
            # The results, facets and pager as rendered for these parameters, kept until a
            # procedure, a sector or a page changes: a hit skips the counts, the rows and most of
            # the rendering. On a miss they are computed here, so that a bad page number is a 4xx.
            listing_parts = (self.pk, listing_cache.version(), sorted(request.GET.lists()))
            listing_html = peek(request, "procedure-listing", listing_parts)
            if listing_html is None:
                listing.page_obj  # noqa: B018 -- computed now, for its ClientError
        except ClientError as error:
            return self.render_error(request, error)
        export_query = page_query(request.GET)
        return self.render(
            request,
            context_overrides={
                # Callables: a template reads them (and the database is asked) only when it renders
                # the results, i.e. not on a cached rendering, unless a site's own template does.
                "procedures": lambda: listing.page_obj.object_list,
                "page_obj": lambda: listing.page_obj,
                "facets": lambda: listing.facets,
                "active_filters": lambda: listing.active,
                "listing_parts": listing_parts,
                "listing_html": listing_html,
                "search_query": query,
                "sort": sort,
                "sorts": [(key, label) for key, (label, _o) in SORTS.items()],
                "hidden_filters": [(k, v) for k in FACET_KEYS for v in filters[k]],
                "export_query": export_query,
                "page_query": export_query,
                "is_filtered": bool(query or any(filters.values())),
            },
        )

    def _page_procedures(self, filters, query, sort, page_obj):
        """The procedures of one listing page, in order. Their ids come from the procedure table
        alone, which the database reads in the order of its sort_title index and stops after a
        page (the full rows joined with the page table would be read and sorted whole); they are
        kept in the cache like the counts (a popular search is asked again and again), and the
        twenty rows are then read by primary key."""
        terms = tuple(fold(query).split())
        facet_values = (tuple(sorted(set(filters[k]))) for k in FACET_KEYS)
        cache_key = listing_cache.key(self, "page", terms, sort, self.per_page, page_obj.number, *facet_values)
        ids = listing_cache.get_or_build(cache_key, lambda: list(page_obj.object_list))
        found = ProcedurePage.objects.filter(pk__in=ids).defer(*CARD_DEFERRED).prefetch_related("sectors").in_bulk()
        return [found[pk] for pk in ids if pk in found]

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


class _Listing:
    """What one listing page shows (its page of procedures with the counts, and the facets with
    their links), each computed on first use."""

    def __init__(self, index, request, filters, query, sort):
        self.index, self.request, self.filters, self.query, self.sort = index, request, filters, query, sort

    @cached_property
    def counts(self):
        return self.index.facet_counts(self.filters, self.query)

    @cached_property
    def page_obj(self):
        index, filters, query, sort = self.index, self.filters, self.query, self.sort
        ids = index.filtered(filters, query, sort).values_list("pk", flat=True)
        page_obj = paginate(self.request, ids, index.per_page, count=index.listed_count(filters, self.counts))
        page_obj.object_list = index._page_procedures(filters, query, sort, page_obj)
        return page_obj

    @cached_property
    def facets(self):
        facets = self.index.facets(self.filters, self.counts)
        for facet in facets:
            for opt in facet["options"]:
                opt["url"] = self.index._toggle_url(self.request.GET, facet["key"], opt["value"])
        return facets

    @cached_property
    def active(self):
        return [
            {"label": opt["label"], "url": opt["url"], "facet": facet["title"]}
            for facet in self.facets
            for opt in facet["options"]
            if opt["selected"]
        ]


def procedure_matches(query, shown=5):
    """The first procedures matching a site search, and where to see them all (a citizen searching
    "khai sinh" wants the procedure before the news about it). Kept in the cache like the listing's
    counts, until a procedure or sector changes: the match reads every procedure's text. A site
    without procedures learns it once (kept the same way), not at each new search: there SQLite,
    with no statistics of an empty table, would read every page to join them to none."""
    if not listing_cache.get_or_build(listing_cache.site_key("any"), lambda: _shown_procedures().exists()):
        return {"procedure_count": 0}
    return listing_cache.get_or_build(
        listing_cache.site_key("matches", query, shown),
        lambda: _procedure_matches(query, shown),
    )


def _shown_procedures():
    return ProcedurePage.objects.live().exclude(status__in=HIDDEN_BY_DEFAULT)


def _procedure_matches(query, shown):
    procedures = _shown_procedures()
    matches = ProcedureIndexPage._search(procedures, query).order_by("sort_title", "pk")
    count = matches.count()
    if not count:
        return {"procedure_count": 0}
    index = ProcedureIndexPage.objects.live().first()
    return {
        "procedure_count": count,
        "procedures": [{"title": p.title, "url": p.url} for p in matches[:shown]],
        "procedure_search_url": f"{index.url}?{urlencode({'q': query})}" if index else None,
    }
