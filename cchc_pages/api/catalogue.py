"""The list of datasets ("danh mục dữ liệu mở"): what each holds, its licence, formats with their
addresses, and how often it changes. One list, shown as a page (views.datasets) and as JSON at
the API's root (views.catalogue).

The licence is the open-data terms of ND 47/2020/NĐ-CP Điều 18, which Vietnamese agencies' open
data carries rather than a named licence: anyone may copy, share, combine and use the data, for
commercial products too, citing the source; not sell it as published; the agency answers for no
loss from its use.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..documents.models import DocumentIndexPage
from ..news.pages import NewsIndexPage
from ..procedures.pages import ProcedureIndexPage
from .router import NAMESPACE

LICENCE = {
    "name": _("Open data of a state agency (Decree 47/2020/NĐ-CP, Article 18)"),
    "terms": _(
        "Free to copy, share, exchange and use, alone or combined with other data, in commercial or "
        "non-commercial products and services; cite this site as the source; do not sell the data as "
        "published; when a commercial product uses it, provide the data with it free of charge. The "
        "agency is not liable for any loss arising from its use."
    ),
}

JSON = "application/json"
CSV = "text/csv"
FEED = "application/rss+xml"


@dataclass
class Format:
    label: str
    media_type: str
    url: str


@dataclass
class Dataset:
    """One dataset: `apis` are (endpoint name, query parameters) of the API, `exports(request)`
    the other formats (Format list) the site already offers."""

    key: str
    title: str
    description: str
    frequency: str
    apis: list = field(default_factory=list)
    exports: object = None

    def formats(self, request):
        found = []
        for endpoint, params in self.apis:
            try:
                url = reverse(f"{NAMESPACE}:{endpoint}:listing")
            except NoReverseMatch:  # the API is not mounted: the other formats remain
                continue
            query = f"?{urlencode(params)}" if params else ""
            found.append(Format(pgettext_lazy("open data format", "JSON (API)"), JSON, url + query))
        if self.exports:
            found.extend(self.exports(request))
        return found


def page_type(name):
    return {"type": name, "fields": "*"}


def news_feeds(request):
    return [
        Format(f"RSS – {index.title}", FEED, index.get_url(request) + index.reverse_subpage("feed_rss"))
        for index in NewsIndexPage.objects.live().public().order_by("path")
    ]


def procedure_exports(request):
    found = []
    for index in ProcedureIndexPage.objects.live().public().order_by("path"):
        url = index.get_url(request)
        found.append(Format(f"JSON – {index.title}", JSON, url + index.reverse_subpage("export_json")))
        found.append(Format(f"CSV – {index.title}", CSV, url + index.reverse_subpage("export_csv")))
    return found


def document_lists(request):
    return [
        Format(
            _("CSV of each plan's appendix, on the plan's page – %(title)s") % {"title": index.title},
            CSV,
            index.get_url(request),
        )
        for index in DocumentIndexPage.objects.live().public().order_by("path")
    ]


DATASETS = [
    Dataset(
        "news",
        _("Administrative reform news"),
        _("Published articles: title, lead, date, byline, source, categories, tags, body and featured image."),
        _("When an article is published"),
        [("pages", page_type("cchc_pages.NewsArticlePage"))],
        news_feeds,
    ),
    Dataset(
        "procedures",
        _("Administrative procedures"),
        _(
            "The procedures this site publishes, field by field as the national procedure database "
            "records them: steps, channels, processing times, fees, dossier, results, legal basis."
        ),
        _("When procedures are imported or synchronised with the national database"),
        [("pages", page_type("cchc_pages.ProcedurePage")), ("procedure-sectors", {})],
        procedure_exports,
    ),
    Dataset(
        "documents",
        _("Plans and documents"),
        _(
            "Plans, decisions, reports and official letters with their number, issuer, dates, signer, "
            "files and appendix tasks."
        ),
        _("When a document is published"),
        [("pages", page_type("cchc_pages.DocumentPage")), ("documents", {})],
        document_lists,
    ),
    Dataset(
        "reform-indices",
        _("Administrative reform indices"),
        _("PAR INDEX, SIPAS, PCI and other indices by year: score, maximum, rank."),
        _("Yearly, when an index is announced"),
        [("pages", page_type("cchc_pages.ReformIndicesPage"))],
    ),
    Dataset(
        "contacts",
        _("Contacts and hotlines"),
        _(
            "Organisation units with their address and opening hours, leaders' cards and hotlines, "
            "with public contact points only."
        ),
        _("When editors change them"),
        [("units", {}), ("contact-cards", {}), ("hotlines", {})],
    ),
    Dataset(
        "news-categories",
        _("News categories"),
        _("The topics articles are filed under."),
        _("When editors change them"),
        [("news-categories", {})],
    ),
]


def register(dataset):
    """Add another app's dataset to the list (feedback adds its polls and answers)."""
    if all(existing.key != dataset.key for existing in DATASETS):
        DATASETS.append(dataset)


def datasets(request):
    """[(dataset, formats)] for this request's site."""
    return [(dataset, dataset.formats(request)) for dataset in DATASETS]
