"""Plans and legal documents (Kế hoạch, Quyết định, Báo cáo, Công văn) and the reform indices page.

A plan's appendix ("Phụ lục") is kept as data, one row per task, so readers can filter it and
download it as CSV, and editors can mark each task's status.
"""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..core.blocks import ArticleBodyBlock
from ..core.errors import ClientError, render_error
from ..core.listing import cached_listing_paths, is_number, page_query, paginate, param
from ..core.slugs import VietnameseSlugMixin
from ..core.spreadsheets import spreadsheet_response
from ..core.text import fold, search_terms

DOCUMENT_TYPES = [
    ("ke-hoach", _("Plan (Kế hoạch)")),
    ("quyet-dinh", _("Decision (Quyết định)")),
    ("bao-cao", _("Report (Báo cáo)")),
    ("cong-van", _("Official letter (Công văn)")),
    ("thong-bao", _("Notice (Thông báo)")),
    ("chi-thi", _("Directive (Chỉ thị)")),
]


class DocumentIndexPage(VietnameseSlugMixin, Page):
    """The documents section: newest first, filterable by type, year and issuing body, searchable."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    per_page = models.PositiveSmallIntegerField(
        _("documents per page"), default=20, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("per_page")]
    subpage_types = ["cchc_pages.DocumentPage"]

    class Meta:
        verbose_name = _("document index")
        verbose_name_plural = _("document indexes")

    def documents(self):
        return DocumentPage.objects.live().child_of(self).order_by("-issue_date", "-id")

    def filter_options(self):
        live = self.documents()
        years = sorted({d.year for d in live.dates("issue_date", "year")}, reverse=True)
        bodies = sorted(set(live.exclude(issuing_body="").values_list("issuing_body", flat=True)), key=fold)
        used = set(live.order_by().values_list("doc_type", flat=True).distinct())
        types = [(code, label) for code, label in DOCUMENT_TYPES if code in used]
        return {"years": years, "bodies": bodies, "types": types}

    def _filtered(self, request):
        """(documents, filters) from ?loai=&nam=&co-quan=&q=; ClientError for values that cannot match."""
        documents = self.documents()
        filters = {}
        doc_type = param(request.GET, "loai")
        if doc_type:
            if doc_type not in dict(DOCUMENT_TYPES):
                raise ClientError(404, gettext("No document type “%(value)s” exists.") % {"value": doc_type[:40]})
            documents = documents.filter(doc_type=doc_type)
            filters["loai"] = doc_type
        year = param(request.GET, "nam")
        if year:
            if not (is_number(year) and 1945 <= int(year) <= 2100):
                raise ClientError(400, gettext("“%(value)s” is not a valid year.") % {"value": year[:20]})
            # A date range rather than __year: search backends filter on plain comparisons only.
            start = datetime.date(int(year), 1, 1)
            documents = documents.filter(issue_date__gte=start, issue_date__lte=start.replace(month=12, day=31))
            filters["nam"] = int(year)
        body = param(request.GET, "co-quan")
        if body:
            documents = documents.filter(issuing_body=body)
            filters["co_quan"] = body
        query = param(request.GET, "q", 200)
        if query:
            documents = documents.search(search_terms(query), operator="and", order_by_relevance=False)
            filters["q"] = query
        return documents, filters

    def get_cached_paths(self):
        """The first listing pages (filtered views vary without end)."""
        return cached_listing_paths()

    def listing_paths_for(self, document):
        return self.get_cached_paths()

    def serve(self, request, *args, **kwargs):
        try:
            documents, filters = self._filtered(request)
            page_obj = paginate(request, documents, self.per_page)
        except ClientError as error:
            return render_error(request, error, page=self)
        return TemplateResponse(
            request,
            self.get_template(request),
            {
                **self.get_context(request),
                "documents": page_obj.object_list,
                "page_obj": page_obj,
                "filters": filters,
                "page_query": page_query(request.GET),
                **self.filter_options(),
            },
        )


class DocumentPage(VietnameseSlugMixin, RoutablePageMixin, Page):
    """One plan, decision, report or official letter, as issued and signed."""

    doc_number = models.CharField(
        _("document number"), max_length=100, blank=True, help_text=_("As printed, e.g. “892/KH-UBND”.")
    )
    doc_type = models.CharField(_("document type"), max_length=20, choices=DOCUMENT_TYPES, default="ke-hoach")
    issuing_body = models.CharField(_("issuing body"), max_length=255, help_text=_("E.g. “UBND tỉnh Bắc Kạn”."))
    place = models.CharField(_("place of issue"), max_length=100, blank=True, help_text=_("E.g. “Bắc Kạn”."))
    issue_date = models.DateField(_("issue date"), default=datetime.date.today, db_index=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    signer = models.CharField(_("signed by"), max_length=255, blank=True)
    signer_title = models.CharField(
        _("signing title"), max_length=255, blank=True, help_text=_("E.g. “TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH”.")
    )
    summary = models.TextField(_("summary (trích yếu)"), help_text=_("What the document is about, in one sentence."))
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    recipients = models.TextField(
        _("recipients (nơi nhận)"), blank=True, help_text=_("One recipient per line, as printed.")
    )
    appendix_title = models.CharField(_("appendix title"), max_length=500, blank=True)
    appendix_note = models.CharField(
        _("appendix note"), max_length=500, blank=True, help_text=_("E.g. “(Ban hành kèm theo Kế hoạch số …)”.")
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("doc_number"), FieldPanel("doc_type")]),
                FieldRowPanel([FieldPanel("issuing_body"), FieldPanel("place")]),
                FieldRowPanel([FieldPanel("issue_date"), FieldPanel("effective_date")]),
                FieldRowPanel([FieldPanel("signer"), FieldPanel("signer_title")]),
            ],
            heading=_("Issue"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("recipients"),
        InlinePanel("attachments", label=_("Attachments")),
        MultiFieldPanel([FieldPanel("appendix_title"), FieldPanel("appendix_note")], heading=_("Appendix")),
        InlinePanel("appendix_rows", label=_("Appendix rows (tasks)")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("doc_number"),
        index.SearchField("folded_text"),
        index.FilterField("issue_date"),
        index.FilterField("doc_type"),
        index.FilterField("issuing_body"),
    ]
    parent_page_types = ["cchc_pages.DocumentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def folded_text(self):
        """Number, title, summary, body and appendix tasks without diacritics ("ke hoach" finds "Kế hoạch")."""
        body = " ".join(self.body.stream_block.get_searchable_content(self.body)) if self.body else ""
        tasks = " ".join(row.task for row in self.appendix_rows.all())
        # The number also split at its punctuation: PostgreSQL's parser reads "892/kh-ubnd" as one
        # path-like token, so "892" alone would not find it.
        number_words = re.sub(r"\W+", " ", self.doc_number)
        parts = [self.title, self.doc_number, number_words, self.issuing_body, self.signer, self.summary, body, tasks]
        return fold(" ".join(parts))

    @property
    def recipient_lines(self):
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def signer_title_lines(self):
        return [line.strip() for line in self.signer_title.replace(" / ", "\n").splitlines() if line.strip()]

    @cached_property
    def attachment_items(self):
        return list(self.attachments.select_related("document"))

    # --- appendix ------------------------------------------------------------------------

    def appendix_filters(self, request):
        return {
            "lead": param(request.GET, "chu-tri", 200),
            "status": param(request.GET, "trang-thai", 20),
            "q": param(request.GET, "tim", 200),
        }

    def filtered_rows(self, filters):
        """Appendix rows matching the filters: lead agency and text folded, status exact."""
        rows = list(self.appendix_rows.all())
        if filters["status"]:
            rows = [row for row in rows if row.status == filters["status"]]
        if filters["lead"]:
            needle = fold(filters["lead"])
            rows = [row for row in rows if needle in fold(row.lead_agency)]
        if filters["q"]:
            needle = fold(filters["q"])
            rows = [row for row in rows if needle in fold(" ".join([row.task, row.form, row.cooperating_agencies]))]
        return rows

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = self.appendix_filters(request)
        if filters["status"] and filters["status"] not in dict(AppendixRow.STATUS_CHOICES):
            filters["status"] = ""
        context.update(
            index_page=self.get_parent().specific,
            appendix_filters=filters,
            appendix_filtered=any(filters.values()),
            appendix_rows=self.filtered_rows(filters),
            appendix_total=self.appendix_rows.count(),
            appendix_has_status=self.appendix_rows.exclude(status="").exists(),
            status_choices=AppendixRow.STATUS_CHOICES,
            # None while previewing a page never saved: no CSV link then.
            appendix_csv_url=self.url + self.reverse_subpage("appendix_csv") if self.url else "",
        )
        return context

    @path("")
    def index_route(self, request):
        status = param(request.GET, "trang-thai")
        if status and status not in dict(AppendixRow.STATUS_CHOICES):
            message = gettext("No task status “%(value)s” exists.") % {"value": status[:20]}
            return render_error(request, ClientError(404, message), page=self)
        return self.render(request)

    def get_cached_paths(self):
        return ["/", self.reverse_subpage("appendix_csv")]

    @path("phu-luc/csv/", name="appendix_csv")
    def appendix_csv_route(self, request):
        """The appendix (filtered like the page) as CSV: UTF-8 with a BOM so Excel reads Vietnamese."""
        rows = self.filtered_rows(self.appendix_filters(request))
        table = [AppendixRow.csv_header(), *(row.csv_row() for row in rows)]
        return spreadsheet_response(table, f"{self.slug[:80] or 'phu-luc'}-phu-luc")


class DocumentAttachment(Orderable):
    page = ParentalKey(DocumentPage, related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=pgettext_lazy("document attachment", "file"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("link text"), max_length=255, blank=True, help_text=_("Defaults to the document's title.")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    @property
    def link_text(self):
        return self.title or self.document.title


class TaskField(models.TextField):
    """A required text whose admin form says which row lacks what, not just "this field is required"."""

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        field.error_messages["required"] = self.error_messages["blank"]
        return field


class AppendixRow(Orderable):
    """One task of a plan's appendix: what, how, who leads, who helps, when, and how far it got."""

    STATUS_CHOICES = [
        ("chua-thuc-hien", pgettext_lazy("appendix task status", "Not started")),
        ("dang-thuc-hien", pgettext_lazy("appendix task status", "In progress")),
        ("hoan-thanh", _("Done")),
        ("thuong-xuyen", _("Ongoing")),
    ]

    page = ParentalKey(DocumentPage, related_name="appendix_rows", on_delete=models.CASCADE)
    section = models.CharField(
        _("section heading"),
        max_length=255,
        blank=True,
        help_text=_("Optional group heading shown above this row, e.g. “I. Cải cách thể chế”."),
    )
    number = models.CharField(_("no."), max_length=20, blank=True, help_text=_("As printed (TT), e.g. “1”, “2.a”."))
    task = TaskField(
        pgettext_lazy("appendix", "task"),
        error_messages={"blank": _("Each appendix row needs a task: write it or remove the row.")},
    )
    form = models.TextField(_("form or product"), blank=True)
    lead_agency = models.TextField(_("lead agency"), blank=True)
    cooperating_agencies = models.TextField(_("cooperating agencies"), blank=True)
    timeframe = models.CharField(_("timeframe"), max_length=255, blank=True)
    status = models.CharField(pgettext_lazy("appendix", "status"), max_length=20, choices=STATUS_CHOICES, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("section"), FieldPanel("number")]),
        FieldPanel("task"),
        FieldPanel("form"),
        FieldRowPanel([FieldPanel("lead_agency"), FieldPanel("cooperating_agencies")]),
        FieldRowPanel([FieldPanel("timeframe"), FieldPanel("status")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("appendix row")
        verbose_name_plural = _("appendix rows")

    def __str__(self):
        return f"{self.number}. {self.task[:60]}"

    @staticmethod
    def csv_header():
        return [
            pgettext("appendix", "Section"),
            gettext("No."),
            pgettext("appendix", "Task"),
            gettext("Form or product"),
            gettext("Lead agency"),
            gettext("Cooperating agencies"),
            gettext("Timeframe"),
            pgettext("appendix", "Status"),
        ]

    def csv_row(self):
        return [
            self.section,
            self.number,
            self.task,
            self.form,
            self.lead_agency,
            self.cooperating_agencies,
            self.timeframe,
            self.get_status_display() if self.status else "",
        ]

    @staticmethod
    def lines(text):
        """Cell text as printed lists: "- a; - b" or one item per line -> ["a", "b"]."""
        items = [item.strip().lstrip("-–•").strip() for item in text.splitlines() if item.strip()]
        return items

    @property
    def form_lines(self):
        return self.lines(self.form)

    @property
    def lead_lines(self):
        return self.lines(self.lead_agency)

    @property
    def cooperating_lines(self):
        return self.lines(self.cooperating_agencies)


# --- reform indices ------------------------------------------------------------------------------

STANDARD_INDICES = ["PAR INDEX", "SIPAS", "PCI"]


class ReformIndicesPage(VietnameseSlugMixin, Page):
    """PAR INDEX, SIPAS, PCI and any index editors add, by year: a table and server-drawn charts."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("index_values", label=_("Index values")),
    ]
    subpage_types = []

    class Meta:
        verbose_name = _("reform indices page")
        verbose_name_plural = _("reform indices pages")

    def indices(self):
        """[{name, description, values: [value...] by year}] standard indices first."""
        groups = {}
        for value in sorted(self.index_values.all(), key=lambda v: v.year):
            groups.setdefault(value.index_name, []).append(value)
        order = [name for name in STANDARD_INDICES if name in groups] + sorted(
            (name for name in groups if name not in STANDARD_INDICES), key=fold
        )
        return [{"name": name, "values": groups[name], "chart": bar_chart(groups[name])} for name in order]

    def table(self):
        """Years (newest first) x indices, for the accessible table."""
        indices = self.indices()
        years = sorted({v.year for group in indices for v in group["values"]}, reverse=True)
        cells = {(v.index_name, v.year): v for group in indices for v in group["values"]}
        return {
            "names": [group["name"] for group in indices],
            "rows": [(year, [cells.get((group["name"], year)) for group in indices]) for year in years],
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(indices=self.indices(), index_table=self.table())
        return context


class ReformIndexValue(Orderable):
    page = ParentalKey(ReformIndicesPage, related_name="index_values", on_delete=models.CASCADE)
    index_name = models.CharField(
        _("index"), max_length=100, help_text=_("“PAR INDEX”, “SIPAS”, “PCI” or the name of another index.")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    value = models.DecimalField(_("score"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)])
    max_value = models.DecimalField(
        _("maximum score"),
        max_digits=7,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("100 for percentages."),
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    rank_of = models.PositiveSmallIntegerField(
        _("ranked among"), null=True, blank=True, help_text=_("E.g. 63 provinces.")
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("index_name"), FieldPanel("year")]),
        FieldRowPanel([FieldPanel("value"), FieldPanel("max_value")]),
        FieldRowPanel([FieldPanel("rank"), FieldPanel("rank_of")]),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("index value")
        verbose_name_plural = _("index values")

    def clean(self):
        super().clean()
        self.index_name = " ".join((self.index_name or "").split())
        if self.value is not None and self.max_value and self.value > self.max_value:
            raise ValidationError({"value": gettext("The score cannot be above the maximum score.")})


def _coord(number):
    """An SVG coordinate: always "12.5", never localised ("12,5" would break the drawing)."""
    return f"{number:.1f}".rstrip("0").rstrip(".")


def bar_chart(values, width=360, bar_area=160):
    """Geometry of a vertical bar chart (one bar per year) for the SVG template; no script needed.

    Coordinates are strings, so the template's number localisation cannot touch them.
    """
    if not values:
        return None
    top = max(float(v.max_value) for v in values)
    left, head, bottom, gap = 40, 20, 24, 10
    slot = (width - left - 8) / len(values)
    bar_width = max(min(slot - gap, 56), 8)
    base = head + bar_area
    bars = []
    for i, v in enumerate(values):
        height = bar_area * float(v.value) / top if top else 0
        x = left + i * slot + (slot - bar_width) / 2
        bars.append(
            {
                "x": _coord(x),
                "y": _coord(base - height),
                "width": _coord(bar_width),
                "height": _coord(height),
                "label_x": _coord(x + bar_width / 2),
                "label_y": _coord(base - height - 5),
                "value": v.value,
                "year": str(v.year),
            }
        )
    ticks = [{"y": _coord(base - bar_area * f), "label": round(top * f, 2)} for f in (0, 0.5, 1)]
    return {
        "width": str(width),
        "height": str(base + bottom),
        "bars": bars,
        "ticks": ticks,
        "left": str(left),
        "tick_x": str(left - 6),
        "year_y": str(base + bottom - 6),
    }
