"""The API's endpoints: Wagtail's pages, images and documents viewsets and one viewset per snippet,
each narrowed to public content and public fields (fields.py), and answering every bad parameter
with a 400 and a Vietnamese message.

Answers do not depend on who asks: no authentication is read, pages under any view restriction
and files of any restricted collection are left out for everyone (an editor's session sees what
the public sees), so they may carry ``Cache-Control: public``.
"""

from django.db import models
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import BasePagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from taggit.managers import TaggableManager
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError, parse_boolean
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection, CollectionViewRestriction, Page, Site
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from ..core import conf
from ..core.i18n import default_locale_only
from ..core.text import search_terms
from ..directory.models import ContactCard, Hotline, OrganisationUnit, PersonContactPoint, UnitContactPoint
from ..news.models import NewsCategory
from ..procedures.models import ProcedureSector
from . import fields

# Largest id, offset or number filter accepted: what every database's 64-bit integer holds.
MAX_INTEGER = 2**63 - 1
# Parameters Wagtail reads as page ids.
ID_PARAMETERS = ("id", "child_of", "ancestor_of", "descendant_of", "translation_of")


class Refused(BadRequestError):
    """A 400 whose message is ours, already in the reader's language."""


def bounded_integer(value, name):
    """`value` as an int from 0 to MAX_INTEGER, or a Refused naming the parameter."""
    if not (value.isascii() and value.isdigit() and len(value) <= 19 and int(value) <= MAX_INTEGER):
        message = gettext("“%(name)s” must be a whole number from 0 to %(max)s.") % {"name": name, "max": MAX_INTEGER}
        raise Refused(message)
    return int(value)


class Pagination(BasePagination):
    """Wagtail's ?limit=&offset= with the limit capped by CCHC_API_MAX_LIMIT: a larger limit is a
    400 that says the maximum (never a silent cut a client would take for the whole list)."""

    def paginate_queryset(self, queryset, request, view=None):
        limit_max = conf.get("CCHC_API_MAX_LIMIT")
        offset = bounded_integer(request.GET.get("offset", "0"), "offset")
        limit = bounded_integer(request.GET.get("limit", str(min(20, limit_max))), "limit")
        if limit > limit_max:
            raise Refused(gettext("“limit” may be at most %(max)s.") % {"max": limit_max})
        self.total_count = queryset.count()
        return queryset[offset : offset + limit]

    def get_paginated_response(self, data):
        return Response({"meta": {"total_count": self.total_count}, "items": data})


class PublicFieldsFilter(BaseFilterBackend):
    """?name=value on the endpoint's filter fields only: text, yes/no, numbers and tags."""

    def filter_queryset(self, request, queryset, view):
        allowed = view.filter_fields(queryset.model)
        for name, value in request.GET.items():
            if name not in allowed:
                continue
            field = queryset.model._meta.get_field(name)
            if isinstance(field, TaggableManager):
                for tag in value.split(","):
                    queryset = queryset.filter(**{f"{name}__name": tag})
                queryset._filtered_by_tag = True  # Wagtail's search refuses to mix the two
                continue
            if isinstance(field, models.BooleanField):
                try:
                    value = parse_boolean(value)
                except ValueError:
                    raise Refused(gettext("“%(name)s” must be true or false.") % {"name": name}) from None
            elif isinstance(field, models.IntegerField | models.AutoField | models.ForeignKey):
                value = bounded_integer(value, name)
            queryset = queryset.filter(**{name: value})
        return queryset


class PublicOrderingFilter(BaseFilterBackend):
    """?order=name,-name on the endpoint's ordering fields, or ?order=random (without offset)."""

    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order")
        if not order:
            return queryset
        names = order.split(",")
        if names == ["random"] and "offset" not in request.GET:
            return queryset.order_by("?")
        allowed = view.ordering_fields(queryset.model)
        for name in names:
            if name.removeprefix("-") not in allowed:
                message = gettext("This list cannot be ordered by “%(name)s”; it can be by: %(allowed)s.")
                raise Refused(message % {"name": name[:50], "allowed": ", ".join(sorted(allowed)) + ", random"})
        return queryset.order_by(*names)


class PublicSearchFilter(BaseFilterBackend):
    """?search= read as the site's own searches read it: folded words only (core.text.search_terms),
    so no full-text syntax reaches the backend (a lone quote is an error to SQLite's FTS5)."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if getattr(queryset, "_filtered_by_tag", False):
            raise Refused(gettext("Search for text or filter by tags, not both at once."))
        operator = request.GET.get("search_operator") or None
        if operator not in (None, "and", "or"):
            raise Refused(gettext("“search_operator” must be “and” or “or”."))
        terms = search_terms(request.GET["search"][:200])
        if not terms:
            return queryset.none()
        try:
            return get_search_backend().search(
                terms, queryset, operator=operator, order_by_relevance="order" not in request.GET
            )
        except (FilterFieldError, OrderByFieldError) as error:
            raise Refused(
                gettext("This search cannot be combined with “%(name)s”.") % {"name": error.field_name}
            ) from None


class PublicEndpointMixin:
    """What every endpoint of the open-data API shares: JSON only, no authentication (answers are
    the same for everyone), public fields, checked parameters, limits and cache headers."""

    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = []
    pagination_class = Pagination
    # Filters and orderings of every model of this endpoint.
    base_filters = ["id"]
    base_orderings = ["id"]
    # Seconds caches may keep an answer (None: CCHC_API_CACHE_SECONDS; 0: "no-cache", for lists
    # that change without a page being published, such as poll totals).
    cache_seconds = None

    @classmethod
    def public_fields(cls, model):
        return list(getattr(model, "api_fields", ()))

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(cls.body_fields + cls.public_fields(model))

    @classmethod
    def filter_fields(cls, model):
        return set(cls.base_filters)

    @classmethod
    def ordering_fields(cls, model):
        return set(cls.base_orderings) | cls.filter_fields(model)

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        if db_fields_only:  # what Wagtail's own filters would read: ours only
            return sorted(cls.filter_fields(model))
        return super().get_available_fields(model)

    def initial(self, request, *args, **kwargs):
        """Values no query may receive, refused before any view builds one: NUL characters (which
        PostgreSQL refuses in text) and ids beyond what the databases hold."""
        super().initial(request, *args, **kwargs)
        for name, value in request.GET.items():
            if "\x00" in name or "\x00" in value:
                raise Refused(gettext("A parameter holds a NUL character, which no field contains."))
            if name in ID_PARAMETERS and not (name != "id" and value == "root"):
                bounded_integer(value, name)

    def check_query_parameters(self, queryset):
        if "search" in self.request.GET and PublicSearchFilter not in self.filter_backends:
            raise Refused(gettext("This list cannot be searched; filter it by its fields instead."))
        allowed = self.filter_fields(queryset.model) | self.known_query_parameters
        unknown = sorted(set(self.request.GET) - allowed)
        if unknown:
            message = gettext("Unknown parameter: %(names)s. This list takes: %(allowed)s.")
            raise Refused(
                message % {"names": ", ".join(n[:50] for n in unknown), "allowed": ", ".join(sorted(allowed))}
            )

    def get_object(self):
        bounded_integer(str(self.kwargs.get("pk", "")), "id")
        return super().get_object()

    def find_object(self, queryset, request):
        if "id" in request.GET:
            return queryset.filter(id=bounded_integer(request.GET["id"], "id")).first()
        return super().find_object(queryset, request)

    def detail_view(self, request, pk):
        self.check_query_parameters(self.get_queryset())
        return super().detail_view(request, pk)

    def handle_exception(self, exc):
        if isinstance(exc, Refused):
            return Response({"message": str(exc)}, status=400)
        if isinstance(exc, BadRequestError):  # Wagtail's own checks (fields, type, rich text format)
            message = gettext("The request cannot be answered as written.")
            return Response({"message": message, "detail": str(exc)}, status=400)
        if isinstance(exc, Http404):
            return Response({"message": gettext("Nothing is published at this address.")}, status=404)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            seconds = conf.get("CCHC_API_CACHE_SECONDS") if self.cache_seconds is None else self.cache_seconds
            if seconds:
                patch_cache_control(response, public=True, max_age=seconds)
            else:
                patch_cache_control(response, no_cache=True)
        return response


def restricted_collection_ids():
    """Every collection under a view restriction, with the collections below it, whoever asks."""
    paths = Collection.objects.filter(pk__in=CollectionViewRestriction.objects.values("collection_id")).values_list(
        "path", flat=True
    )
    query = models.Q()
    for path in paths:
        query |= models.Q(path__startswith=path)
    return Collection.objects.filter(query).values("pk") if paths else Collection.objects.none().values("pk")


class PagesEndpoint(PublicEndpointMixin, PagesAPIViewSet):
    """Live pages outside every view restriction, of the request's site; the apps' page types
    with their public fields (fields.PAGE_FIELDS)."""

    # Wagtail's tree, translation and locale filters between ours; the search must come last.
    filter_backends = [
        PublicFieldsFilter,
        *[f for f in PagesAPIViewSet.filter_backends if f not in (FieldsFilter, OrderingFilter, SearchFilter)],
        PublicOrderingFilter,
        PublicSearchFilter,
    ]
    base_filters = ["id", "title", "slug"]
    base_orderings = ["id", "title", "slug", "first_published_at"]
    detail_only_fields = fields.DETAIL_ONLY

    @classmethod
    def public_fields(cls, model):
        for page_type in model.__mro__:
            if page_type in fields.PAGE_FIELDS:
                return list(fields.PAGE_FIELDS[page_type])
        return super().public_fields(model)

    @classmethod
    def filter_fields(cls, model):
        return set(cls.base_filters) | set(fields.PAGE_FILTERS.get(model, ()))

    @classmethod
    def ordering_fields(cls, model):
        return set(cls.base_orderings) | cls.filter_fields(model) | set(fields.PAGE_ORDERINGS.get(model, ()))

    def requested_site(self):
        """The request's site, or the one ?site=hostname[:port] names (as Wagtail's pages API reads it)."""
        value = self.request.GET.get("site")
        if not value:
            return Site.find_for_request(self.request)
        hostname, _colon, port = value.partition(":")
        sites = Site.objects.filter(hostname=hostname[:255])
        if port:
            sites = sites.filter(port=bounded_integer(port, "site"))
        found = list(sites[:2])
        if len(found) != 1:
            raise Refused(gettext("No single site answers to “%(site)s”.") % {"site": value[:100]})
        return found[0]

    def get_base_queryset(self):
        site = self.requested_site()
        if site is None:
            return Page.objects.none()
        return Page.objects.live().public().descendant_of(site.root_page, inclusive=True)

    def get_queryset(self):
        queryset = super().get_queryset()
        related, prefetched = fields.PAGE_PREFETCH.get(queryset.model, ([], []))
        # "locale" is a meta field of every page.
        return queryset.select_related("locale", *related).prefetch_related(*prefetched)


class FilesMixin:
    """Images and documents outside every restricted collection, with their tags prefetched."""

    filter_backends = [PublicFieldsFilter, PublicOrderingFilter, PublicSearchFilter]
    base_filters = ["id", "title"]
    base_orderings = ["id", "title"]
    meta_fields = ["type", "detail_url", fields.computed("tags", fields.tag_names), "download_url"]

    def get_queryset(self):
        return (
            self.model.objects.exclude(collection__in=restricted_collection_ids())
            .prefetch_related("tags")
            .order_by("id")
        )


class ImagesEndpoint(FilesMixin, PublicEndpointMixin, ImagesAPIViewSet):
    pass


class DocumentsEndpoint(FilesMixin, PublicEndpointMixin, DocumentsAPIViewSet):
    pass


class SnippetEndpoint(PublicEndpointMixin, BaseAPIViewSet):
    """A snippet model's rows with their public fields (fields.SNIPPET_FIELDS), in display order."""

    filter_backends = [PublicFieldsFilter, PublicOrderingFilter]
    listing_default_fields = ["id", "type", "detail_url", "name"]
    nested_default_fields = ["id", "type", "detail_url", "name"]
    filters = []
    orderings = []

    @classmethod
    def public_fields(cls, model):
        return list(fields.SNIPPET_FIELDS[model])

    @classmethod
    def filter_fields(cls, model):
        return set(cls.base_filters) | set(cls.filters)

    @classmethod
    def ordering_fields(cls, model):
        return set(cls.base_orderings) | cls.filter_fields(model) | set(cls.orderings)

    def get_queryset(self):
        return self.model.objects.all()


class NewsCategoriesEndpoint(SnippetEndpoint):
    model = NewsCategory
    filters = ["slug"]
    orderings = ["name"]


class ProcedureSectorsEndpoint(SnippetEndpoint):
    model = ProcedureSector
    listing_default_fields = SnippetEndpoint.listing_default_fields + ["code"]
    nested_default_fields = SnippetEndpoint.nested_default_fields + ["code"]
    filters = ["code", "slug"]
    orderings = ["name"]


class UnitsEndpoint(SnippetEndpoint):
    model = OrganisationUnit
    listing_default_fields = SnippetEndpoint.listing_default_fields + ["kind", "parent"]
    filters = ["code", "kind", "parent"]
    orderings = ["name", "sort_order"]

    def get_queryset(self):
        points = models.Prefetch("contact_points", queryset=UnitContactPoint.objects.public(), to_attr="_public_points")
        return default_locale_only(OrganisationUnit.objects.select_related("parent").prefetch_related(points))


class ContactCardsEndpoint(SnippetEndpoint):
    model = ContactCard
    listing_default_fields = SnippetEndpoint.listing_default_fields + ["position", "unit"]
    filters = ["slug", "unit"]
    orderings = ["name", "sort_order"]

    def get_queryset(self):
        points = models.Prefetch(
            "contact_points", queryset=PersonContactPoint.objects.public(), to_attr="_public_points"
        )
        return default_locale_only(ContactCard.objects.select_related("unit", "photo").prefetch_related(points))


class HotlinesEndpoint(SnippetEndpoint):
    """The hotlines shown on the site (is_active) only."""

    model = Hotline
    listing_default_fields = ["id", "type", "detail_url", "label", "number", "note"]
    nested_default_fields = ["id", "type", "detail_url", "label", "number"]

    def get_queryset(self):
        return default_locale_only(Hotline.objects.filter(is_active=True))
