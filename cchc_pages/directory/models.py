"""Who citizens can reach: organisation units, leaders' contact cards, contact points and hotlines.

Units also carry what ND 224/2026/NĐ-CP Điều 10 (carried over from ND 42/2022 Điều 4 k1) says a
department publishes about itself: functions, duties and powers, a short history and its organisation
chart; leaders' cards carry a short biography and the duties assigned to them (phân công nhiệm vụ).

Contact points carry a public/hidden switch. Everything readers get (pages, the card block, vCards,
JSON-LD) reads them through ``public_points`` / ``ContactPoint.objects.public()``, never the raw
relation, so a hidden number or address cannot leak through one forgotten template.
"""

import base64

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Prefetch
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.images import get_image_model, get_image_model_string
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from ..core.errors import ClientError, render_error
from ..core.i18n import localize, reading_locales
from ..core.slugs import VietnameseSlugMixin
from ..core.text import slugify_vi
from ..core.validators import national_number, phone_digits, validate_email, validate_phone, validate_url

# Rich text of a unit's functions and history: structure (lists, headings of clauses), no media.
UNIT_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]

# A card's photo as the card template and JSON-LD show it: listed_cards prefetches it, photo_rendition
# gives it to both; the one place the spec is written.
PHOTO_RENDITION = "fill-240x300-c100"


class ContactPointQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class ContactPoint(Orderable):
    """One way to reach a unit or a person: a phone number, an email, a website, ...

    Abstract: units and cards each keep their own rows (see UnitContactPoint, PersonContactPoint).
    """

    OFFICE_PHONE = "office_phone"
    MOBILE = "mobile"
    EMAIL = "email"
    FAX = "fax"
    WEBSITE = "website"
    ZALO = "zalo"
    KIND_CHOICES = [
        (OFFICE_PHONE, _("Office phone")),
        (MOBILE, _("Mobile phone")),
        (EMAIL, pgettext_lazy("contact channel", "Email")),
        (FAX, _("Fax")),
        (WEBSITE, _("Website")),
        (ZALO, _("Zalo")),
    ]
    PHONE_KINDS = {OFFICE_PHONE, MOBILE, FAX, ZALO}

    kind = models.CharField(_("type"), max_length=20, choices=KIND_CHOICES, default=OFFICE_PHONE)
    value = models.CharField(
        _("number or address"),
        max_length=255,
        help_text=_("A phone number (0209 3870 123, 1900 1234, 1022), an email address or a web address."),
    )
    label = models.CharField(
        pgettext_lazy("contact channel", "label"),
        max_length=100,
        blank=True,
        help_text=_("Optional, e.g. “Giờ hành chính” or “Tiếp công dân”."),
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Untick to keep this contact point for internal use only.")
    )

    objects = ContactPointQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("value")]),
        FieldRowPanel([FieldPanel("label"), FieldPanel("is_public")]),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        super().clean()
        self.value = (self.value or "").strip()
        if not self.value:
            return
        try:
            if self.kind in self.PHONE_KINDS:
                validate_phone(self.value)
            elif self.kind == self.EMAIL:
                validate_email(self.value)
            elif self.kind == self.WEBSITE:
                validate_url(self.value)
        except ValidationError as error:
            raise ValidationError({"value": error.messages}) from None

    # --- what templates, vCards and JSON-LD use ----------------------------------------------

    @property
    def is_phone(self):
        return self.kind in {self.OFFICE_PHONE, self.MOBILE}

    @property
    def is_email(self):
        return self.kind == self.EMAIL

    @property
    def tel(self):
        """The tel: target: digits, with "+84" kept when written."""
        return phone_digits(self.value)

    @property
    def href(self):
        if self.is_phone:
            return f"tel:{self.tel}"
        if self.kind == self.WEBSITE:
            return self.value
        if self.kind == self.ZALO:
            return f"https://zalo.me/{national_number(self.value)}"
        return ""

    @property
    def obfuscated(self):
        """The email reversed and base64-encoded: decoded by contacts.js, unreadable to a scraper
        that looks for "x@y" or "mailto:" in the HTML."""
        return base64.b64encode(self.value[::-1].encode()).decode() if self.is_email else ""

    @property
    def email_parts(self):
        """(user, domain) for the no-script text "user [at] domain"."""
        user, _sep, domain = self.value.partition("@")
        return user, domain


class PublicPointsMixin:
    """``public_points`` for a model with ``contact_points``."""

    @property
    def public_points(self):
        """Public contact points only (prefetched into ``_public_points`` by the directory's queries)."""
        if hasattr(self, "_public_points"):
            return self._public_points
        return list(self.contact_points.public())


class OrganisationUnit(PublicPointsMixin, TranslatableMixin, ClusterableModel):
    """A sở, phòng, ban or the one-stop shop ("Bộ phận một cửa"), nested under its parent."""

    KIND_CHOICES = [
        ("department", _("Department (sở, ban, ngành)")),
        ("division", _("Division (phòng)")),
        ("board", _("Board or office (ban, văn phòng)")),
        ("one_stop", _("One-stop shop (bộ phận một cửa)")),
        ("centre", _("Centre or agency (trung tâm, chi cục)")),
        ("other", _("Other")),
    ]

    name = models.CharField(pgettext_lazy("directory", "name"), max_length=255)
    code = models.CharField(
        _("agency code"),
        max_length=50,
        blank=True,
        db_index=True,
        help_text=_("The unit's code in the national procedure database (MADONVI): procedures it handles link here."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES, default="division")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Leave empty for the department itself."),
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    opening_hours = models.TextField(
        _("opening hours"), blank=True, help_text=_("One line per period, e.g. “Thứ Hai – Thứ Sáu: 7h30 – 11h30”.")
    )
    slug = models.SlugField(
        pgettext_lazy("organisation unit", "slug"),
        max_length=255,
        blank=True,
        help_text=_("The end of the unit's page address; filled from the name."),
    )
    description = RichTextField(
        _("functions, duties and powers"),
        blank=True,
        features=UNIT_TEXT_FEATURES,
        help_text=_("Chức năng, nhiệm vụ, quyền hạn, as the decision establishing the unit lists them."),
    )
    history = RichTextField(
        _("history"),
        blank=True,
        features=UNIT_TEXT_FEATURES,
        help_text=_("A short history: when the unit was established, merged or renamed, and by which decision."),
    )
    sort_order = models.PositiveIntegerField(_("display order"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("parent"), FieldPanel("sort_order")]),
        FieldPanel("address"),
        FieldPanel("opening_hours"),
        FieldPanel("description"),
        FieldPanel("history"),
        FieldPanel("slug"),
        InlinePanel("contact_points", label=_("Contact points")),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        # A translation keeps its item's slug, so the English page of a unit is the Vietnamese
        # address under /en/: unique within a locale.
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="cchc_unit_slug_locale")]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id and self.parent else self.name

    def clean(self):
        super().clean()
        ancestor, seen = self.parent, set()
        while ancestor is not None and self.pk:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError({"parent": gettext("A unit cannot be placed under itself or its own sub-unit.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def save(self, *args, **kwargs):
        if not self.slug:
            if self.locale_id is None:  # set by Wagtail's pre_save, too late for the slug
                self.locale = self.get_default_locale()
            self.slug = unique_slug(OrganisationUnit, self.name, "don-vi", self.pk, self.locale_id)
        super().save(*args, **kwargs)

    @property
    def opening_hours_lines(self):
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]


class UnitContactPoint(ContactPoint):
    owner_field = "unit"
    unit = ParentalKey(OrganisationUnit, related_name="contact_points", on_delete=models.CASCADE)

    class Meta(ContactPoint.Meta):
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")


class ContactCard(PublicPointsMixin, TranslatableMixin, index.Indexed, ClusterableModel):
    """A leader's or official's card: name, position, unit, photo and typed contact points."""

    name = models.CharField(_("full name"), max_length=255)
    slug = models.SlugField(
        pgettext_lazy("contact card", "slug"),
        max_length=255,
        blank=True,
        help_text=_("Filled from the name."),
    )
    position = models.CharField(_("position"), max_length=255, help_text=_("E.g. “Giám đốc Sở”, “Phó Trưởng phòng”."))
    unit = models.ForeignKey(OrganisationUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="cards")
    photo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duties = models.TextField(
        _("duties assigned"),
        blank=True,
        help_text=_("Phân công nhiệm vụ: the tasks the head of the unit assigned to this person, one per line."),
    )
    overseen_fields = models.TextField(
        _("fields overseen"),
        blank=True,
        help_text=_("Lĩnh vực phụ trách, one per line, e.g. “Cải cách hành chính”."),
    )
    overseen_units = ParentalManyToManyField(
        OrganisationUnit,
        verbose_name=_("units overseen"),
        blank=True,
        related_name="overseers",
        help_text=_("The divisions and centres this person directs or oversees (theo dõi, chỉ đạo)."),
    )
    education = models.TextField(
        _("education"),
        blank=True,
        help_text=_("Degrees and political theory level, one per line, e.g. “Thạc sĩ Luật”."),
    )
    sort_order = models.PositiveIntegerField(
        _("display order"), default=0, help_text=_("Smaller numbers come first within the unit.")
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("position")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("sort_order")]),
        FieldPanel("photo"),
        FieldPanel("duties"),
        FieldPanel("overseen_fields"),
        FieldPanel("overseen_units", widget=forms.CheckboxSelectMultiple),
        FieldPanel("education"),
        InlinePanel("career_steps", heading=_("Career"), label=_("Career step")),
        FieldPanel("slug"),
        InlinePanel("contact_points", label=_("Contact points")),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("position"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["unit__sort_order", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="cchc_card_slug_locale")]
        verbose_name = _("contact card")
        verbose_name_plural = _("contact cards")

    def __str__(self):
        return f"{self.name} – {self.position}"

    def save(self, *args, **kwargs):
        if not self.slug:
            if self.locale_id is None:  # set by Wagtail's pre_save, too late for the slug
                self.locale = self.get_default_locale()
            self.slug = unique_slug(ContactCard, self.name, "can-bo", self.pk, self.locale_id)
        super().save(*args, **kwargs)

    @property
    def duty_lines(self):
        return _lines(self.duties)

    @property
    def overseen_field_lines(self):
        return _lines(self.overseen_fields)

    @property
    def education_lines(self):
        return _lines(self.education)

    @property
    def has_biography(self):
        return bool(self.education.strip() or self.career_list)

    @property
    def overseen_list(self):
        """Units overseen, in the reader's language when localized_cards resolved them."""
        if hasattr(self, "_overseen"):
            return self._overseen
        return list(self.overseen_units.all())

    @property
    def career_list(self):
        """Career steps in order (prefetched by listed_cards)."""
        return list(self.career_steps.all())

    @property
    def photo_rendition(self):
        """The photo at PHOTO_RENDITION (prefetched by listed_cards), or None."""
        return get_rendition_or_not_found(self.photo, PHOTO_RENDITION) if self.photo else None

    def directory_url(self):
        directory = ContactDirectoryPage.objects.live().first()
        directory = directory.localized if directory else None
        return directory.url + directory.reverse_subpage("card", args=[self.slug]) if directory else ""


def unique_slug(model, name, fallback, pk=None, locale_id=None):
    """An ASCII slug of `name` that no other row of `model` in that locale has ("-2", "-3", ...
    when taken)."""
    base = slugify_vi(name)[:240] or fallback
    slug, n = base, 1
    others = model.objects.exclude(pk=pk)
    if locale_id is not None:
        others = others.filter(locale_id=locale_id)
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CareerStep(Orderable):
    """One step of a leader's career (quá trình công tác): from year, to year (empty: to date), position."""

    card = ParentalKey(ContactCard, related_name="career_steps", on_delete=models.CASCADE)
    start_year = models.PositiveSmallIntegerField(
        _("from year"), validators=[MinValueValidator(1945), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("to year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1945), MaxValueValidator(2100)],
        help_text=_("Leave empty for the current position."),
    )
    position = models.CharField(
        _("position and workplace"), max_length=500, help_text=_("E.g. “Trưởng phòng Cải cách hành chính, Sở Nội vụ”.")
    )

    panels = [FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]), FieldPanel("position")]

    class Meta(Orderable.Meta):
        verbose_name = _("career step")
        verbose_name_plural = _("career steps")

    def __str__(self):
        return f"{self.start_year}–{self.end_year or ''}: {self.position}"

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": gettext("The end year cannot come before the start year.")})


class PersonContactPoint(ContactPoint):
    owner_field = "card"
    card = ParentalKey(ContactCard, related_name="contact_points", on_delete=models.CASCADE)

    class Meta(ContactPoint.Meta):
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")


class Hotline(TranslatableMixin, models.Model):
    """A hotline (đường dây nóng, tổng đài dịch vụ công) shown site-wide by {% cchc_hotlines %}."""

    label = models.CharField(pgettext_lazy("directory", "name"), max_length=255, help_text=_("E.g. “Đường dây nóng”."))
    number = models.CharField(_("number"), max_length=50, validators=[validate_phone])
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("E.g. “Tiếp nhận phản ánh về thủ tục hành chính”.")
    )
    is_active = models.BooleanField(_("shown on the site"), default=True)
    sort_order = models.PositiveIntegerField(_("display order"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("number")]),
        FieldPanel("note"),
        FieldRowPanel([FieldPanel("is_active"), FieldPanel("sort_order")]),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "pk"]
        verbose_name = _("hotline")
        verbose_name_plural = _("hotlines")

    def __str__(self):
        return f"{self.label}: {self.number}"

    @property
    def tel(self):
        return phone_digits(self.number)


def listed_cards(cards=None):
    """Cards with their unit, photo renditions and public contact points: a fixed number of queries."""
    cards = ContactCard.objects.all() if cards is None else cards
    images = get_image_model().objects.prefetch_renditions(PHOTO_RENDITION)
    return cards.select_related("unit", "unit__parent").prefetch_related(
        Prefetch("photo", queryset=images),
        Prefetch("contact_points", queryset=PersonContactPoint.objects.public(), to_attr="_public_points"),
    )


def leader_cards(cards):
    """listed_cards with what an organisation page shows of a leader: career steps and units overseen."""
    return listed_cards(cards).prefetch_related("career_steps", "overseen_units")


def unit_tree(locales=None):
    """All units as nested (unit, children) pairs in display order, with public contact points, in
    the reader's language (each unit's translation, else its Vietnamese row); two queries.

    Units nest by their parent's translation key: a translation copied by simple_translation still
    points at the Vietnamese parent, and is placed under the parent's translation all the same."""
    units = localize(
        OrganisationUnit.objects.annotate(parent_key=F("parent__translation_key")).prefetch_related(
            Prefetch("contact_points", queryset=UnitContactPoint.objects.public(), to_attr="_public_points")
        ),
        locales,
    )
    by_key = {unit.translation_key: unit for unit in units}
    by_parent = {}
    for unit in units:
        parent = by_key.get(unit.parent_key)
        if parent is not None:
            unit.parent = parent  # the parent in the reader's language, read without a query
        by_parent.setdefault(unit.parent_key, []).append(unit)

    def build(parent_key, depth=0):
        return [(unit, build(unit.translation_key, depth + 1)) for unit in by_parent.get(parent_key, []) if depth < 10]

    return build(None)


def tree_units(tree):
    """{translation key: unit} of a unit_tree."""
    found, stack = {}, list(tree)
    while stack:
        unit, children = stack.pop()
        found[unit.translation_key] = unit
        stack.extend(children)
    return found


def localized_cards(cards, units=None, locales=None):
    """The cards of queryset `cards` in the reader's language, their unit (and units overseen, when
    prefetched) the units' translations: `units` ({translation key: unit}, e.g. tree_units) or one
    query more. A fixed number of queries whatever the number of cards."""
    locales = reading_locales() if locales is None else locales
    rows = localize(cards.annotate(unit_key=F("unit__translation_key")), locales)
    if not locales or locales[0] == locales[1] or not rows:
        return rows
    if units is None:
        keys = {card.unit_key for card in rows}
        for card in rows:
            if "overseen_units" in getattr(card, "_prefetched_objects_cache", {}):
                keys.update(unit.translation_key for unit in card.overseen_units.all())
        found = localize(OrganisationUnit.objects.filter(translation_key__in=keys).select_related("parent"), locales)
        units = {unit.translation_key: unit for unit in found}
    for card in rows:
        if card.unit_key in units:
            card.unit = units[card.unit_key]
        if "overseen_units" in getattr(card, "_prefetched_objects_cache", {}):
            card._overseen = [units.get(unit.translation_key, unit) for unit in card.overseen_units.all()]
    return rows


def find_unit(tree, slug):
    """(the node (unit, children) whose unit has `slug`, [its ancestors from the top]) or None."""
    stack = [(node, []) for node in reversed(tree)]
    while stack:
        (unit, children), ancestors = stack.pop()
        if unit.slug == slug:
            return (unit, children), ancestors
        stack.extend((child, [*ancestors, unit]) for child in reversed(children))
    return None


class ContactDirectoryPage(VietnameseSlugMixin, RoutablePageMixin, Page):
    """The directory ("Danh bạ, thông tin liên hệ"): units with their leaders' cards, and each card."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("contact directory")
        verbose_name_plural = _("contact directories")

    def sections(self, tree):
        """[(unit, depth, cards)] in tree order; units without cards or contact details still show."""
        cards_by_unit = {}
        for card in localized_cards(listed_cards(), tree_units(tree)):
            cards_by_unit.setdefault(card.unit_id, []).append(card)
        rows = []

        def walk(nodes, depth):
            for unit, children in nodes:
                rows.append((unit, depth, cards_by_unit.get(unit.pk, [])))
                walk(children, depth + 1)

        walk(tree, 0)
        return rows

    @path("")
    def index_route(self, request):
        tree = unit_tree()
        return self.render(request, context_overrides={"unit_tree": tree, "sections": self.sections(tree)})

    @path("<slug:slug>/", name="card")
    def card_route(self, request, slug):
        found = localized_cards(leader_cards(ContactCard.objects.filter(slug=slug)))
        card = found[0] if found else None
        if card is None:
            message = gettext("No contact card “%(slug)s” exists.") % {"slug": slug}
            return render_error(request, ClientError(404, message), page=self)
        return self.render(request, template="cchc_pages/contact_card_page.html", context_overrides={"card": card})

    @path("don-vi/<slug:slug>/", name="unit")
    def unit_route(self, request, slug):
        """A unit's organisation page (ND 224/2026 Điều 10; ND 42/2022 Điều 4 k1 a): functions, duties
        and powers, history, the chart of its sub-units drawn from the tree, and its leaders."""
        tree = unit_tree()
        found = find_unit(tree, slug)
        if found is None:
            message = gettext("No organisation unit “%(slug)s” exists.") % {"slug": slug}
            return render_error(request, ClientError(404, message), page=self)
        node, ancestors = found
        # The chart is the whole department's, this unit marked in it: where it sits says as much as
        # what sits under it.
        top = next(root for root in tree if root[0].pk == ancestors[0].pk) if ancestors else node
        leaders = localized_cards(
            leader_cards(ContactCard.objects.filter(unit__translation_key=node[0].translation_key)), tree_units(tree)
        )
        return self.render(
            request,
            template="cchc_pages/organisation_page.html",
            context_overrides={
                "unit": node[0],
                "unit_node": node,
                "chart": [top],
                "ancestors": ancestors,
                "leaders": leaders,
            },
        )

    def unit_url_base(self):
        """The address that a unit's slug and "/" complete into its organisation page."""
        return (self.url or "") + self.reverse_subpage("unit", args=["_"])[:-2]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["unit_base"] = self.unit_url_base()
        return context
