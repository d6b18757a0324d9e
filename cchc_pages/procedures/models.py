"""Administrative procedures (thủ tục hành chính, TTHC): one page per record of the national
procedure database, its sectors and the blocks of its nested parts (the index is in pages.py).

The fields follow the national record one to one; record.py names them as the record does
(MATTHC, TENTTHC, ...; see README, "Administrative procedures"), importing.py and exporting.py
map them to and from it.
"""

import contextlib
import contextvars
from urllib.parse import urlencode

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.search import signal_handlers as search_signal_handlers
from wagtail.snippets.models import register_snippet

from ..core.i18n import localize
from ..core.slugs import VietnameseSlugMixin
from ..core.text import fold, slugify_vi
from ..directory.models import ContactDirectoryPage, OrganisationUnit

# While set, saving a procedure does not update the search index (the importer indexes the pages
# it wrote in bulk at the end); a context variable, so other threads' saves are indexed as usual.
_SEARCH_INDEX_DEFERRED = contextvars.ContextVar("cchc_procedure_search_index_deferred", default=False)


@contextlib.contextmanager
def defer_search_index():
    token = _SEARCH_INDEX_DEFERRED.set(True)
    try:
        yield
    finally:
        _SEARCH_INDEX_DEFERRED.reset(token)


# --- vocabularies ---------------------------------------------------------------------------

# TRANGTHAI (national spec §4.3): only 1 = published / in force is known; any other value is kept
# in status_code and shown as "not known", never guessed.
STATUS_CHOICES = [
    ("in_force", _("In force")),
    ("amended", _("Amended")),
    ("abolished", _("Abolished")),
    ("unknown", pgettext_lazy("procedure status", "Not known")),
]
# CAPTHUCHIEN (national spec §4.1): 0 ministry, 1 province, 2 district (abolished on 1 July 2025,
# kept for older records), 3 commune, 5 undetermined; "Cơ quan khác" has a label but no known code.
LEVELS = [  # (field, facet key, label)
    ("level_ministry", "bo", _("Ministry")),
    ("level_province", "tinh", _("Province")),
    ("level_district", "huyen", _("District (before July 2025)")),
    ("level_commune", "xa", _("Commune")),
    ("level_other", "khac", _("Other agency")),
    ("level_undetermined", "chua-xac-dinh", _("Level not determined")),
]
# The LayThuTuc record carries no online level (national spec §4.5, §9.8): "unknown" when nothing
# says, "online" when the record lists an online channel without saying the level.
ONLINE_CHOICES = [
    ("full", _("Fully online (toàn trình)")),
    ("partial", _("Partly online (một phần)")),
    ("level4", _("Online service level 4")),
    ("level3", _("Online service level 3")),
    ("online", _("Online (level not stated)")),
    ("none", _("Not online")),
    ("unknown", _("Online service not stated")),
]
CHANNEL_CHOICES = [("direct", _("In person")), ("online", _("Online")), ("postal", _("By post"))]
SORTS = {  # query value -> (label, ordering)
    "ten": (_("Name A–Z"), ["sort_title", "pk"]),
    "ma": (pgettext_lazy("procedure sort", "Code"), ["code", "pk"]),
    "moi": (_("Newest effective date"), ["-effective_date", "sort_title", "pk"]),
}
DEFAULT_SORT = "ten"


@register_snippet
class ProcedureSector(models.Model):
    """A sector (lĩnh vực) of the national list, e.g. "Hộ tịch" or "Hoạt động xây dựng"."""

    code = models.CharField(_("code"), max_length=50, unique=True, help_text=_("The sector code (MALINHVUC)."))
    name = models.CharField(pgettext_lazy("procedure sector", "name"), max_length=255)
    slug = models.SlugField(pgettext_lazy("procedure sector", "slug"), max_length=255, unique=True, blank=True)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("procedure sector")
        verbose_name_plural = _("procedure sectors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = (slugify_vi(self.name)[:200] or "linh-vuc") + "-" + slugify_vi(self.code)[:50]
        super().save(*args, **kwargs)


# --- blocks of the nested parts -----------------------------------------------------------------


class StepCaseBlock(blocks.StructBlock):
    case = blocks.CharBlock(label=_("Case"), required=False, help_text=_("Empty when the steps apply to everyone."))
    steps = blocks.ListBlock(blocks.TextBlock(label=_("Step")), label=_("Steps"))

    class Meta:
        icon = "list-ol"
        label = _("Steps of a case")


class FeeBlock(blocks.StructBlock):
    """One PHILEPHI item: SOTIEN as written ("50.000", "Không") and, when it reads as a number,
    that number (amount_value) for sorting and machines."""

    code = blocks.CharBlock(label=_("Fee code"), required=False)
    amount = blocks.CharBlock(label=_("Amount"), required=False)
    amount_value = blocks.DecimalBlock(label=_("Amount as a number"), required=False, min_value=0)
    unit = blocks.CharBlock(label=_("Unit"), required=False, help_text=_("E.g. “Đồng”."))
    description = blocks.TextBlock(label=pgettext_lazy("procedure block", "Description"), required=False)
    file_name = blocks.CharBlock(label=_("Attachment name"), required=False)
    attachment = blocks.CharBlock(label=_("Attachment link"), required=False)


class ProcessingTimeBlock(blocks.StructBlock):
    value = blocks.DecimalBlock(label=pgettext_lazy("procedure time", "Time"), required=False, min_value=0)
    unit = blocks.CharBlock(label=_("Unit"), required=False, help_text=_("E.g. “Ngày làm việc”."))
    note = blocks.TextBlock(label=_("Note"), required=False)
    fees = blocks.ListBlock(FeeBlock(), label=_("Fees and charges"), default=[])


class ChannelBlock(blocks.StructBlock):
    """One CACHTHUCTHUCHIEN item. Fees are kept where the record had them: in a processing time
    (THOIGIAN[].PHILEPHI, as most readers have them) or beside the times (national spec §3)."""

    channel = blocks.ChoiceBlock(choices=CHANNEL_CHOICES, label=_("Channel"))
    times = blocks.ListBlock(ProcessingTimeBlock(), label=_("Processing time"), default=[])
    fees = blocks.ListBlock(FeeBlock(), label=_("Fees and charges"), default=[])

    class Meta:
        icon = "site"
        label = _("Channel")


class DossierItemBlock(blocks.StructBlock):
    code = blocks.CharBlock(label=_("Document code"), required=False)
    name = blocks.TextBlock(label=pgettext_lazy("procedure dossier", "Document"))
    originals = blocks.IntegerBlock(label=_("Originals"), required=False, min_value=0)
    copies = blocks.IntegerBlock(label=_("Copies"), required=False, min_value=0)
    template = DocumentChooserBlock(label=_("Form template"), required=False)
    template_url = blocks.CharBlock(label=_("Form template link"), required=False)
    template_name = blocks.CharBlock(label=_("Form template name"), required=False)
    substitute_result = blocks.CharBlock(
        label=_("Substituting result code"),
        required=False,
        help_text=_("MA_KQ_THAYTHE: the code of a result that can be shown instead of this document."),
    )


class DossierCaseBlock(blocks.StructBlock):
    case = blocks.CharBlock(label=_("Case"), required=False)
    items = blocks.ListBlock(DossierItemBlock(), label=pgettext_lazy("procedure dossier", "Documents"))

    class Meta:
        icon = "doc-full"
        label = _("Dossier of a case")


class ResultBlock(blocks.StructBlock):
    code = blocks.CharBlock(label=_("Result code"), required=False)
    name = blocks.TextBlock(label=_("Result"))
    template = DocumentChooserBlock(label=_("Template"), required=False)
    template_url = blocks.CharBlock(label=_("Template link"), required=False)
    template_name = blocks.CharBlock(label=_("Template name"), required=False)

    class Meta:
        icon = "tick"
        label = _("Result")


class LegalBasisBlock(blocks.StructBlock):
    number = blocks.CharBlock(label=pgettext_lazy("legal basis", "Number"), required=False)
    title = blocks.TextBlock(label=pgettext_lazy("legal basis", "Title"))
    issued = blocks.DateBlock(label=_("Issue date"), required=False)
    effective = blocks.DateBlock(label=_("Effective date"), required=False)
    issuer = blocks.CharBlock(label=_("Issuing body"), required=False)
    url = blocks.CharBlock(label=pgettext_lazy("legal basis", "Link"), required=False)

    class Meta:
        icon = "doc-full-inverse"
        label = _("Legal document")


# --- pages ----------------------------------------------------------------------------------


class ProcedurePage(VietnameseSlugMixin, RoutablePageMixin, Page):
    """One administrative procedure as the national database records it."""

    code = models.CharField(
        _("procedure code"), max_length=50, db_index=True, help_text=_("MaTTHC, unique within the site.")
    )
    # Wagtail's title holds 255 characters; the national name may be longer (92 of 2,642 real
    # names are): the title is then the name cut at a word with "…", full_name the whole name.
    full_name = models.TextField(
        _("full name"), blank=True, help_text=_("The whole name when it is longer than the title (255 characters).")
    )
    national_id = models.CharField(
        _("national record ID"), max_length=50, blank=True, help_text=_("The record's ID in the national database.")
    )
    description = models.TextField(pgettext_lazy("procedure", "description"), blank=True)
    procedure_type = models.CharField(_("procedure type"), max_length=255, blank=True)
    status = models.CharField(
        pgettext_lazy("procedure", "status"), max_length=20, choices=STATUS_CHOICES, default="in_force", db_index=True
    )
    status_code = models.CharField(
        _("status code"), max_length=20, blank=True, help_text=_("TRANGTHAI as the national record has it.")
    )
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    keywords = models.TextField(_("keywords"), blank=True)
    level_ministry = models.BooleanField(_("performed at ministry level"), default=False)
    level_province = models.BooleanField(_("performed at province level"), default=False)
    level_district = models.BooleanField(_("performed at district level (before July 2025)"), default=False)
    level_commune = models.BooleanField(_("performed at commune level"), default=False)
    level_other = models.BooleanField(_("performed by another agency"), default=False)
    level_undetermined = models.BooleanField(_("level not determined"), default=False)
    sectors = ParentalManyToManyField(ProcedureSector, verbose_name=_("sectors"), blank=True, related_name="procedures")
    target_groups = models.TextField(_("target groups"), blank=True, help_text=_("One per line."))
    target_group_codes = models.TextField(
        _("target group codes"), blank=True, help_text=_("MADOITUONG, one per line, in the order of the groups.")
    )
    target_description = models.TextField(_("who may apply, described"), blank=True)
    publishing_agency_code = models.CharField(_("publishing agency code"), max_length=50, blank=True)
    publishing_agency_name = models.CharField(_("publishing agency name"), max_length=500, blank=True)
    # Agencies: codes and names one per line, in the same order (a record may name several).
    agency_code = models.CharField(_("implementing agency codes"), max_length=1000, blank=True)
    agency_name = models.TextField(_("implementing agencies"), blank=True, help_text=_("One per line."))
    agency_description = models.TextField(_("implementing agencies, described"), blank=True)
    competent_agency_code = models.CharField(_("competent agency codes"), max_length=1000, blank=True)
    competent_agency_name = models.TextField(_("competent agencies"), blank=True, help_text=_("One per line."))
    competent_agency_description = models.TextField(_("competent agency, described"), blank=True)
    authorised_agency_code = models.CharField(_("authorised agency codes"), max_length=1000, blank=True)
    authorised_agency_name = models.TextField(_("authorised agencies"), blank=True, help_text=_("One per line."))
    coordinating_agency_code = models.CharField(_("coordinating agency codes"), max_length=1000, blank=True)
    coordinating_agency_name = models.TextField(_("coordinating agencies"), blank=True, help_text=_("One per line."))
    receiving_address = models.TextField(_("where dossiers are received"), blank=True)
    steps = StreamField([("case", StepCaseBlock())], verbose_name=_("steps"), blank=True)
    channels = StreamField([("channel", ChannelBlock())], verbose_name=_("channels"), blank=True)
    dossier = StreamField([("case", DossierCaseBlock())], verbose_name=_("dossier components"), blank=True)
    results = StreamField([("result", ResultBlock())], verbose_name=_("results"), blank=True)
    requirements = models.TextField(_("requirements and conditions"), blank=True)
    legal_basis = StreamField([("document", LegalBasisBlock())], verbose_name=_("legal basis"), blank=True)
    online_level = models.CharField(
        _("online service level"), max_length=10, choices=ONLINE_CHOICES, default="unknown", db_index=True
    )
    online_url = models.URLField(_("link to submit online"), max_length=1000, blank=True)
    related_codes = models.CharField(
        _("related procedures"), max_length=1000, blank=True, help_text=_("Procedure codes, separated by commas.")
    )
    linked_codes = models.CharField(
        _("linked (liên thông) procedures"),
        max_length=1000,
        blank=True,
        help_text=_("Procedure codes, separated by commas."),
    )
    decision_id = models.CharField(
        _("announcing decision ID"), max_length=50, blank=True, help_text=_("IDQUYETDINHCONGBO")
    )
    decision_number = models.CharField(_("announcing decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("announcing decision date"), null=True, blank=True)
    decision_issuer = models.CharField(_("announcing decision issuer"), max_length=255, blank=True)
    abolished_decision_number = models.CharField(_("abolishing decision number"), max_length=100, blank=True)
    abolished_decision_date = models.DateField(_("abolishing decision date"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")
    # The title folded, so "Đăng ký" sorts among the "D"s on every database, not after "Z".
    sort_title = models.CharField(editable=False, max_length=255, blank=True, default="", db_index=True)
    # The first implementing agency: the agency facet (?co-quan=) groups by it.
    main_agency_code = models.CharField(editable=False, max_length=50, blank=True, default="", db_index=True)
    main_agency_name = models.CharField(editable=False, max_length=500, blank=True, default="")
    # What the importer last wrote, hashed per field (importing.py): a record whose values hash
    # the same writes nothing. Emptied whenever the page is saved another way (an editor's edit).
    content_hash = models.CharField(editable=False, max_length=64, blank=True, default="")
    field_hashes = models.JSONField(editable=False, blank=True, default=dict)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("full_name"),
                FieldRowPanel([FieldPanel("code"), FieldPanel("national_id"), FieldPanel("procedure_type")]),
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("status"), FieldPanel("status_code"), FieldPanel("effective_date")]),
                FieldPanel("keywords"),
            ],
            heading=_("Procedure"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("level_ministry"), FieldPanel("level_province"), FieldPanel("level_commune")]
                ),
                FieldRowPanel(
                    [FieldPanel("level_district"), FieldPanel("level_other"), FieldPanel("level_undetermined")]
                ),
                FieldPanel("sectors"),
                FieldRowPanel([FieldPanel("target_groups"), FieldPanel("target_group_codes")]),
                FieldPanel("target_description"),
            ],
            heading=_("Scope"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("publishing_agency_code"), FieldPanel("publishing_agency_name")]),
                FieldRowPanel([FieldPanel("agency_code"), FieldPanel("agency_name")]),
                FieldPanel("agency_description"),
                FieldRowPanel([FieldPanel("competent_agency_code"), FieldPanel("competent_agency_name")]),
                FieldPanel("competent_agency_description"),
                FieldRowPanel([FieldPanel("authorised_agency_code"), FieldPanel("authorised_agency_name")]),
                FieldRowPanel([FieldPanel("coordinating_agency_code"), FieldPanel("coordinating_agency_name")]),
                FieldPanel("receiving_address"),
            ],
            heading=_("Agencies"),
        ),
        FieldPanel("steps"),
        FieldPanel("channels"),
        FieldPanel("dossier"),
        FieldPanel("results"),
        FieldPanel("requirements"),
        FieldPanel("legal_basis"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("online_level"), FieldPanel("online_url")]),
                FieldPanel("related_codes"),
                FieldPanel("linked_codes"),
                FieldRowPanel(
                    [FieldPanel("decision_number"), FieldPanel("decision_date"), FieldPanel("decision_issuer")]
                ),
                FieldPanel("decision_id"),
                FieldRowPanel([FieldPanel("abolished_decision_number"), FieldPanel("abolished_decision_date")]),
            ],
            heading=_("Online service, related procedures and announcement"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("full_name"),
        index.SearchField("description"),
        index.SearchField("search_text"),
        index.FilterField("code"),
    ]
    parent_page_types = ["cchc_pages.ProcedureIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")

    def __str__(self):
        return self.title

    # Saves and deletes are indexed by _index_saved / _unindex_deleted below, which skip the work
    # (the search task re-reads the page) while the importer defers it and indexes in bulk.
    search_auto_update = False

    # --- derived values -------------------------------------------------------------------

    def get_indexed_instance(self):
        if _SEARCH_INDEX_DEFERRED.get():
            return None
        return super().get_indexed_instance()

    @property
    def name(self):
        """The procedure's whole name (the H1): the title, or the full name when the title is cut."""
        return self.full_name or self.title

    def build_search_text(self, sector_names=None):
        """Name, code, keywords, description, sectors and agency without diacritics:
        "giay phep xay dung" finds "Giấy phép xây dựng"."""
        if sector_names is None:
            sector_names = [s.name for s in self.sectors.all()]
        parts = [self.name, self.code, self.keywords, self.description, self.agency_name, *sector_names]
        return fold(" ".join(p for p in parts if p))

    def set_derived_fields(self):
        """The columns computed from the others (search text, sort title, main agency), set before
        every save; the importer's bulk insert of new pages calls it too."""
        self.search_text = self.build_search_text(getattr(self, "_sector_names", None))
        self.sort_title = fold(self.name)[:255]
        self.main_agency_code = first_line(self.agency_code)[:50]
        self.main_agency_name = first_line(self.agency_name)[:500]
        if not getattr(self, "_imported", False):  # saved another way: the next import compares afresh
            self.content_hash, self.field_hashes = "", {}

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.code and not getattr(self, "code_checked", False):
            self.code = self.code.strip()
            site_root = None
            parent = self.get_parent() if self.path else None  # None for a page not yet in the tree
            if parent is not None:
                site = parent.get_site()
                site_root = site.root_page if site else None
            clash = ProcedurePage.objects.filter(code=self.code).exclude(pk=self.pk)
            if site_root is not None:
                clash = clash.descendant_of(site_root)
            if clash.exists():
                raise ValidationError(
                    {"code": gettext("Another procedure of this site has the code %(code)s.") % {"code": self.code}}
                )

    @property
    def levels(self):
        return [label for field, _key, label in LEVELS if getattr(self, field)]

    @property
    def target_group_list(self):
        return [line.strip() for line in self.target_groups.splitlines() if line.strip()]

    @property
    def related_code_list(self):
        return split_codes(self.related_codes)

    @property
    def linked_code_list(self):
        return split_codes(self.linked_codes)

    @cached_property
    def sector_list(self):
        return list(self.sectors.all())

    def channel_rows(self):
        """Channels with their label and times written as a reader expects ("15", "1,5"); a time of 0
        with a note ("Ngay trong ngày …") shows the note alone rather than "0 Ngày". Fees are those
        of the channel and of each of its times (THOIGIAN[].PHILEPHI); "No fee" only when the
        record lists channels with fee entries elsewhere, "–" when it says nothing of fees."""
        labels = dict(CHANNEL_CHOICES)
        rows = []
        any_fee = False
        for block in self.channels:
            value = block.value
            times, fees = [], list(value["fees"])
            for t in value["times"]:
                same_day = t["value"] is not None and t["value"] == 0 and t["note"]
                times.append(
                    {
                        "value": "" if same_day else _number(t["value"]),
                        "unit": "" if same_day else t["unit"],
                        "note": t["note"],
                    }
                )
                fees.extend(t.get("fees") or [])
            any_fee = any_fee or bool(fees)
            rows.append(
                {
                    "channel": value["channel"],
                    "label": labels.get(value["channel"], value["channel"]),
                    "times": times,
                    "fees": fees,
                }
            )
        for row in rows:
            row["fees_known"] = any_fee
        return rows

    @cached_property
    def agencies(self):
        """(label, code, name, unit, directory_url) per agency, several per role when the record
        names several: unit is the department's own organisation unit with that code
        (OrganisationUnit.code), so a citizen finds its address and phones in the directory; at
        most two queries."""
        roles = [
            (_("Implementing agency"), self.agency_code, self.agency_name),
            (_("Competent agency"), self.competent_agency_code, self.competent_agency_name),
            (_("Authorised agency"), self.authorised_agency_code, self.authorised_agency_name),
            (_("Coordinating agency"), self.coordinating_agency_code, self.coordinating_agency_name),
        ]
        rows = []
        for label, codes, names in roles:
            codes, names = lines(codes), lines(names)
            for i in range(max(len(codes), len(names))):
                rows.append((label, codes[i] if i < len(codes) else "", names[i] if i < len(names) else ""))
        codes = {code for _label, code, _name in rows if code}
        # The units in the reader's language (a translation keeps its unit's code).
        units = {unit.code: unit for unit in localize(OrganisationUnit.objects.filter(code__in=codes))} if codes else {}
        directory = ContactDirectoryPage.objects.live().first() if units else None
        directory = directory.localized if directory else None
        return [
            (label, code, name, units.get(code), directory and units.get(code) and directory.url)
            for label, code, name in rows
        ]

    def linked_pages(self):
        """Linked and related procedures as (code, page or None): a code links to its page when
        this site publishes it, in one query."""
        codes = set(self.related_code_list) | set(self.linked_code_list)
        if not codes:
            return {}
        pages = ProcedurePage.objects.live().filter(code__in=codes)
        site = self.get_site()
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        found = {p.code: p for p in pages}
        return {
            "linked": [(code, found.get(code)) for code in self.linked_code_list],
            "related": [(code, found.get(code)) for code in self.related_code_list],
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["index_page"] = self.get_parent().specific
        context["linked"] = self.linked_pages()
        context["feedback_url"] = self.feedback_url(request)
        return context

    def feedback_url(self, request):
        """The site's feedback form pre-filled with this procedure, when the feedback app is installed."""
        if not apps.is_installed("feedback"):
            return None
        form_page = apps.get_model("cchc_feedback", "FeedbackFormPage").objects.live().first()
        if form_page is None:
            return None
        return f"{form_page.get_url(request)}?{urlencode({'thu-tuc': self.code})}"

    def get_cached_paths(self):
        return ["/", self.reverse_subpage("print")]

    @path("ban-in/", name="print")
    def print_route(self, request):
        return self.render(request, template="cchc_pages/procedure_page_print.html")


def _index_saved(instance, **kwargs):
    if not _SEARCH_INDEX_DEFERRED.get():
        search_signal_handlers.post_save_signal_handler(instance, **kwargs)


def _unindex_deleted(instance, **kwargs):
    search_signal_handlers.post_delete_signal_handler(instance, **kwargs)


post_save.connect(_index_saved, sender=ProcedurePage, dispatch_uid="cchc-procedure-search-saved")
post_delete.connect(_unindex_deleted, sender=ProcedurePage, dispatch_uid="cchc-procedure-search-deleted")


def _number(value):
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def first_line(value):
    for line in (value or "").splitlines():
        if line.strip():
            return line.strip()
    return ""


def lines(value):
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def split_codes(value):
    return [c.strip() for c in (value or "").split(",") if c.strip()]
