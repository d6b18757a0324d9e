"""Which fields of each model the open-data API serves, filters on and orders by: lists of public
fields, never the model's own columns wholesale, so a column added later stays private until it is
listed here. A page type of the department's own (not listed) serves its ``api_fields``, as in any
Wagtail site.

No field listed holds a citizen's personal data: feedback's own endpoints keep the published
wording only (feedback/submissions/api.py), contact cards and units their public contact points.
"""

from rest_framework.fields import Field
from wagtail.api import APIField

from ..directory.models import ContactCard, ContactDirectoryPage, Hotline, OrganisationUnit
from ..documents.models import DocumentIndexPage, DocumentPage, ReformIndicesPage
from ..news.models import NewsArticlePage, NewsCategory
from ..news.pages import NewsIndexPage
from ..procedures.models import ProcedurePage, ProcedureSector
from ..procedures.pages import ProcedureIndexPage


class Computed(Field):
    """A read-only value computed from the object by `function(instance, context)`: a list of
    related rows shaped for readers, or a value that is not a column."""

    def __init__(self, function, **kwargs):
        super().__init__(read_only=True, **kwargs)
        self.function = function

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        return self.function(instance, self.context)


def computed(name, function):
    return APIField(name, serializer=Computed(function))


def tag_names(instance, context):
    """Tag names, from prefetched tags (a listing costs no query per item)."""
    return sorted(tag.name for tag in instance.tags.all())


def article_tag_names(page, context):
    return sorted(item.tag.name for item in page.tagged_items.all())


def public_points(owner, context):
    """An owner's public contact points only (ContactPoint.is_public): hidden ones never leave."""
    return [
        {"kind": point.kind, "value": point.value, "label": point.label, "href": point.href}
        for point in owner.public_points
    ]


def attachments(page, context):
    request = context["request"]
    return [
        {"title": item.link_text, "document": item.document_id, "url": request.build_absolute_uri(item.document.url)}
        for item in page.attachment_items
    ]


def appendix(page, context):
    fields = ("section", "number", "task", "form", "lead_agency", "cooperating_agencies", "timeframe", "status")
    return [{name: getattr(row, name) for name in fields} for row in page.appendix_rows.all()]


def index_values(page, context):
    fields = ("index_name", "year", "value", "max_value", "rank", "rank_of", "note")
    return [
        {name: str(getattr(v, name)) if name in ("value", "max_value") else getattr(v, name) for name in fields}
        for v in page.index_values.all()
    ]


PROCEDURE_FIELDS = [
    "code",
    "full_name",
    "national_id",
    "description",
    "procedure_type",
    "status",
    "status_code",
    "effective_date",
    "keywords",
    "level_ministry",
    "level_province",
    "level_district",
    "level_commune",
    "level_other",
    "level_undetermined",
    "sectors",
    "target_groups",
    "target_group_codes",
    "target_description",
    "publishing_agency_code",
    "publishing_agency_name",
    "agency_code",
    "agency_name",
    "agency_description",
    "competent_agency_code",
    "competent_agency_name",
    "competent_agency_description",
    "authorised_agency_code",
    "authorised_agency_name",
    "coordinating_agency_code",
    "coordinating_agency_name",
    "receiving_address",
    "steps",
    "channels",
    "dossier",
    "results",
    "requirements",
    "legal_basis",
    "online_level",
    "online_url",
    "related_codes",
    "linked_codes",
    "decision_id",
    "decision_number",
    "decision_date",
    "decision_issuer",
    "abolished_decision_number",
    "abolished_decision_date",
]

# Body fields per page type, beside Wagtail's id, title and meta fields (type, html_url, slug, ...).
PAGE_FIELDS = {
    NewsIndexPage: ["intro"],
    NewsArticlePage: [
        "date",
        "sapo",
        "byline",
        "source",
        "featured_image",
        "featured_image_caption",
        "categories",
        computed("tags", article_tag_names),
        "body",
    ],
    ProcedureIndexPage: ["intro"],
    ProcedurePage: PROCEDURE_FIELDS,
    DocumentIndexPage: ["intro"],
    DocumentPage: [
        "doc_number",
        "doc_type",
        "issuing_body",
        "place",
        "issue_date",
        "effective_date",
        "signer",
        "signer_title",
        "summary",
        "body",
        "recipients",
        computed("files", attachments),
        "appendix_title",
        "appendix_note",
        computed("appendix", appendix),
    ],
    ReformIndicesPage: ["intro", computed("index_values", index_values)],
    ContactDirectoryPage: ["intro"],
}
# Fields that read more rows per item than a listing prefetches: served by the detail view only
# (a listing's cost stays the same for 10 or 100 items).
DETAIL_ONLY = ["parent", "body", "dossier", "results", "files", "appendix", "index_values"]
# What a page type's listing prefetches for its fields.
PAGE_PREFETCH = {
    NewsArticlePage: (["featured_image"], ["categories", "tagged_items__tag"]),
    ProcedurePage: ([], ["sectors"]),
}
# Filters (?name=value) per page type, beside id, title and slug: text, yes/no and number columns only.
PAGE_FILTERS = {
    NewsArticlePage: ["source", "tags"],
    ProcedurePage: ["code", "status", "online_level", "level_province", "level_commune"],
    DocumentPage: ["doc_number", "doc_type", "issuing_body"],
}
# Orderings (?order=name or -name) per page type, beside id, title, slug and first_published_at.
PAGE_ORDERINGS = {
    NewsArticlePage: ["date"],
    ProcedurePage: ["code", "effective_date"],
    DocumentPage: ["doc_number", "issue_date", "effective_date"],
}

SNIPPET_FIELDS = {
    NewsCategory: ["name", "slug", "description"],
    ProcedureSector: ["code", "name", "slug"],
    OrganisationUnit: [
        "name",
        "code",
        "kind",
        "parent",
        "address",
        "opening_hours",
        "description",
        "sort_order",
        computed("contact_points", public_points),
    ],
    ContactCard: [
        "name",
        "slug",
        "position",
        "unit",
        "photo",
        "duties",
        "sort_order",
        computed("contact_points", public_points),
    ],
    Hotline: ["label", "number", "note", "sort_order"],
}
