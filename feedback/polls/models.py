"""Satisfaction polls and staff/counter ratings ("Đánh giá thái độ tiếp công dân").

Every vote is one INSERT of a Ballot (plus one BallotChoice per chosen option) inside one
transaction; totals are always computed by aggregate queries. Nothing is ever read, changed in
Python and written back, so concurrent voters cannot overwrite each other's votes.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count
from django.db.models.functions import TruncDay, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from cchc_pages.core.slugs import VietnameseSlugMixin

from . import conf
from .forms import PollAdminForm


class RatingTarget(models.Model):
    """A one-stop-shop counter or an officer citizens can rate."""

    COUNTER = "counter"
    OFFICER = "officer"
    KIND_CHOICES = [(COUNTER, _("Counter")), (OFFICER, _("Officer"))]

    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES, default=COUNTER)
    name = models.CharField(pgettext_lazy("poll", "name"), max_length=255)
    label = models.CharField(
        _("position or unit"), max_length=255, blank=True, help_text=_("E.g. “Quầy số 2 – Lĩnh vực đất đai”.")
    )
    code = models.CharField(
        _("short code"),
        max_length=32,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9-]+$", _("Use lower-case letters without marks, digits and hyphens."))],
        help_text=_("Used in the short address printed on the desk sign, e.g. “quay-2”."),
    )
    active = models.BooleanField(pgettext_lazy("poll", "active"), default=True)
    # The unit the counter or officer belongs to: its one-stop evaluations roll up to it.
    unit = models.ForeignKey(
        "cchc_pages.OrganisationUnit",
        verbose_name=pgettext_lazy("one-stop evaluation", "unit"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The unit whose one-stop evaluation this counter or officer counts towards."),
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("code")]),
        FieldPanel("name"),
        FieldPanel("label"),
        FieldPanel("unit"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("rating target")
        verbose_name_plural = _("counters and officers")

    def __str__(self):
        return f"{self.name} ({self.label})" if self.label else self.name


class Poll(ClusterableModel):
    """A question citizens answer once each; managed in the admin under "Polls"."""

    VISIBLE_ALWAYS = "always"
    VISIBLE_AFTER_VOTE = "after_vote"
    VISIBLE_AFTER_CLOSE = "after_close"
    VISIBLE_EDITORS = "editors"
    VISIBILITY_CHOICES = [
        (VISIBLE_ALWAYS, _("Always")),
        (VISIBLE_AFTER_VOTE, _("After voting")),
        (VISIBLE_AFTER_CLOSE, _("After the poll closes")),
        (VISIBLE_EDITORS, _("Editors only")),
    ]

    question = models.CharField(_("question"), max_length=255)
    description = models.TextField(pgettext_lazy("poll", "description"), blank=True)
    multiple = models.BooleanField(_("several answers allowed"), default=False)
    max_choices = models.PositiveSmallIntegerField(
        _("maximum answers"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("With several answers allowed: how many a voter may tick at most (empty: all)."),
    )
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True, help_text=_("Empty: open until archived."))
    results_visibility = models.CharField(
        _("results shown"), max_length=12, choices=VISIBILITY_CHOICES, default=VISIBLE_ALWAYS
    )
    archived = models.BooleanField(_("archived"), default=False, help_text=_("An archived poll takes no more votes."))
    show_in_sidebar = models.BooleanField(
        _("show in the sidebar"),
        default=False,
        help_text=_("The sidebar widget ({% cchc_poll %}) shows the newest open poll ticked here."),
    )
    targets = ParentalManyToManyField(
        RatingTarget,
        blank=True,
        related_name="polls",
        verbose_name=_("counters and officers rated"),
        help_text=_("Leave empty for an ordinary poll. When set, citizens rate one of these (by its short address)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    base_form_class = PollAdminForm
    panels = [
        FieldPanel("question"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("multiple"), FieldPanel("max_choices")]),
                InlinePanel(
                    "choices",
                    min_num=2,
                    label=_("Answers"),
                    help_text=_("Editable until the first vote; after that, answers can only be added."),
                ),
            ],
            heading=_("Answers"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("results_visibility"),
                FieldRowPanel([FieldPanel("show_in_sidebar"), FieldPanel("archived")]),
            ],
            heading=_("Timing and display"),
        ),
        FieldPanel("targets", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self):
        return self.question

    def clean(self):
        super().clean()
        if self.closes_at and self.opens_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The poll must close after it opens.")})
        if self.max_choices and not self.multiple:
            self.max_choices = None

    # --- state -------------------------------------------------------------------------

    def is_open(self, now=None):
        now = now or timezone.now()
        return not self.archived and self.opens_at <= now and (self.closes_at is None or now < self.closes_at)

    def has_closed(self, now=None):
        now = now or timezone.now()
        return self.archived or (self.closes_at is not None and now >= self.closes_at)

    @property
    def is_rating(self):
        return bool(self.pk) and len(self.targets.all()) > 0  # uses a prefetched list when there is one

    def answer_limit(self):
        """How many choices one ballot may carry."""
        if not self.multiple:
            return 1
        return self.max_choices or len(self.choices.all())

    def results_visible_to(self, request, has_voted):
        if request is not None and request.user.is_authenticated and request.user.is_staff:
            return True
        if self.results_visibility == self.VISIBLE_ALWAYS:
            return True
        if self.results_visibility == self.VISIBLE_AFTER_VOTE:
            return has_voted or self.has_closed()
        if self.results_visibility == self.VISIBLE_AFTER_CLOSE:
            return self.has_closed()
        return False

    # --- aggregates --------------------------------------------------------------------

    def results(self, ballots=None):
        """Counts per choice: {"total": ballots, "choices": [{id, label, votes, percent}]}.

        Two aggregate queries; `ballots` narrows them (e.g. one target, one quarter).
        """
        ballots = self.ballots.all() if ballots is None else ballots
        total = ballots.count()
        counts = dict(
            BallotChoice.objects.filter(ballot__in=ballots.values("pk"))
            .values_list("choice_id")
            .annotate(n=Count("pk"))
            .values_list("choice_id", "n")
        )
        return results_table(self.choices.all(), total, counts)

    def timeline(self, by="day"):
        """Ballots per day or per week, oldest first, with the choices' counts: [(date, {choice_id: n}, total)]."""
        trunc = TruncWeek if by == "week" else TruncDay
        rows = (
            BallotChoice.objects.filter(ballot__poll=self)
            .annotate(period=trunc("ballot__created_at"))
            .values_list("period", "choice_id")
            .annotate(n=Count("pk"))
            .order_by("period")
        )
        totals = dict(
            self.ballots.annotate(period=trunc("created_at"))
            .values_list("period")
            .annotate(n=Count("pk"))
            .values_list("period", "n")
        )
        series = {}
        for period, choice_id, n in rows:
            series.setdefault(period, {})[choice_id] = n
        return [(_as_date(period), series[period], totals.get(period, 0)) for period in sorted(series)]

    def target_results(self, published_only=True):
        """Per target and per quarter, newest quarter first: [(target, [(quarter label, ballots, results or None)])].

        Two aggregate queries for all targets. A quarter with fewer ballots than
        CCHC_POLL_MIN_PUBLISHED_VOTES gives None when published_only, so that no single voter's
        rating can be singled out.
        """
        minimum = conf.get("CCHC_POLL_MIN_PUBLISHED_VOTES")
        totals = (
            self.ballots.filter(target__isnull=False)
            .values_list("target_id", "created_at__year", "created_at__quarter")
            .annotate(n=Count("pk"))
        )
        picks = (
            BallotChoice.objects.filter(ballot__poll=self, ballot__target__isnull=False)
            .values_list("ballot__target_id", "ballot__created_at__year", "ballot__created_at__quarter", "choice_id")
            .annotate(n=Count("pk"))
        )
        counts = {}
        for target_id, year, quarter, choice_id, n in picks:
            counts.setdefault((target_id, year, quarter), {})[choice_id] = n
        cells = {}
        for target_id, year, quarter, total in totals:
            cells.setdefault(target_id, []).append((year, quarter, total))
        choices = list(self.choices.all())
        out = []
        for target in self.targets.all():
            row = []
            for year, quarter, total in sorted(cells.get(target.pk, []), reverse=True):
                result = None
                if total >= minimum or not published_only:
                    result = results_table(choices, total, counts.get((target.pk, year, quarter), {}))
                row.append((f"Q{quarter}/{year}", total, result))
            out.append((target, row))
        return out

    def published_overall(self, target_results=None):
        """A rating poll's overall result as citizens see it: the sum of the published quarters
        of target_results() (given, or counted here), in the shape of results().

        Complementary suppression, by the rule "the overall counts only what is published": a
        quarter below CCHC_POLL_MIN_PUBLISHED_VOTES is left out of the overall total and the
        overall count of every choice, as are ballots without a target or for a target no longer
        rated in this poll. Every number published (the overall, each published quarter) is thus
        a sum of published quarters only, so no hidden quarter can be derived by subtracting
        published numbers from one another. (The full count stays in the admin's results.)
        """
        cells = self.target_results() if target_results is None else target_results
        total, counts = 0, {}
        for _target, row in cells:
            for _quarter, _ballots, result in row:
                if result is None:
                    continue
                total += result["total"]
                for choice in result["choices"]:
                    counts[choice["id"]] = counts.get(choice["id"], 0) + choice["votes"]
        return results_table(self.choices.all(), total, counts)


def results_table(choices, total, counts):
    """{"total", "choices": [{id, label, votes, percent}]} from a ballot total and picks per choice id."""
    rows = []
    for choice in choices:
        votes = counts.get(choice.pk, 0)
        percent = round(100 * votes / total, 1) if total else 0.0
        rows.append({"id": choice.pk, "label": choice.label, "votes": votes, "percent": percent})
    return {"total": total, "choices": rows}


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


class PollChoice(Orderable):
    poll = ParentalKey(Poll, related_name="choices", on_delete=models.CASCADE)
    label = models.CharField(_("poll answer"), max_length=255)

    panels = [FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("poll answer")
        verbose_name_plural = _("poll answers")

    def __str__(self):
        return self.label


class Ballot(models.Model):
    """One vote: inserted once, never updated. Holds no IP address, only its salted hash."""

    poll = models.ForeignKey(Poll, related_name="ballots", on_delete=models.CASCADE)
    target = models.ForeignKey(RatingTarget, related_name="ballots", null=True, blank=True, on_delete=models.PROTECT)
    dossier_code = models.CharField(_("dossier code"), max_length=64, blank=True)
    # The token's nonce: unique, so a replayed token can never record a second ballot.
    nonce = models.CharField(max_length=32, unique=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["poll", "created_at"], name="cchc_ballot_poll_time"),
        ]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self):
        return f"{self.poll_id}#{self.pk}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, related_name="picks", on_delete=models.CASCADE)
    # PROTECT: an answer that received votes cannot disappear with them.
    choice = models.ForeignKey(PollChoice, related_name="picks", on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "choice"], name="cchc_ballot_choice_once")]


class PollPage(VietnameseSlugMixin, Page):
    """A page for one poll: its question, the voting form and (when visible) its results."""

    intro = models.TextField(_("introduction"), blank=True)
    poll = models.ForeignKey(Poll, verbose_name=_("poll"), on_delete=models.PROTECT, related_name="poll_pages")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("poll")]
    subpage_types = []
    template = "feedback/polls/poll_page.html"

    class Meta:
        verbose_name = _("poll page")
        verbose_name_plural = _("poll pages")
