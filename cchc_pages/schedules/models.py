"""Schedule entries: what a leader does when and where, as rows of a schedule page.

Entries are an orderable of their page, edited in the page's own form (one InlinePanel: a week of
twenty entries is one form and one publish, and Wagtail's moderation and revisions apply to the
schedule as a whole). "Who" is a leader's contact card (cchc_pages.directory) or free text. A
change made after publication is marked as such with what changed, and shown so to citizens
(ND 154/2026 Điều 11 asks a reception schedule to be public and kept up to date).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable


class ScheduleEntry(Orderable):
    """One entry of a schedule (abstract: each page type keeps its own rows)."""

    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True, help_text=_("Empty: all day."))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    leader = models.ForeignKey(
        "cchc_pages.ContactCard",
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A leader from the directory; or write the name below."),
    )
    person = models.CharField(
        pgettext_lazy("schedule", "person in charge"),
        max_length=255,
        blank=True,
        help_text=_("Free text, shown instead of the leader's card, e.g. “Lãnh đạo Sở”."),
    )
    content = models.TextField(pgettext_lazy("schedule", "activity"))
    location = models.CharField(pgettext_lazy("schedule", "location"), max_length=500, blank=True)
    participants = models.TextField(_("participants"), blank=True)
    is_changed = models.BooleanField(
        _("changed"), default=False, help_text=_("Tick when this entry changed after the schedule was published.")
    )
    change_note = models.CharField(
        _("what changed"), max_length=500, blank=True, help_text=_("E.g. “Chuyển từ 8h00 sang 14h00”.")
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldRowPanel([FieldPanel("leader"), FieldPanel("person")]),
        FieldPanel("content"),
        FieldRowPanel([FieldPanel("location"), FieldPanel("participants")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("is_changed"), FieldPanel("change_note")])],
            heading=pgettext_lazy("schedule", "Changes"),
            classname="collapsed",
        ),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.who}: {self.content[:60]}"

    def clean(self):
        super().clean()
        errors = {}
        self.person = (self.person or "").strip()
        self.change_note = (self.change_note or "").strip()
        if not self.person and not self.leader_id:
            errors["person"] = gettext("Choose a leader or write who takes part.")
        if self.end_time and not self.start_time:
            errors["start_time"] = gettext("Enter the start time too, or leave both times empty.")
        elif self.end_time and self.start_time and self.end_time <= self.start_time:
            errors["end_time"] = gettext("The end time must be after the start time.")
        if self.is_changed and not self.change_note:
            errors["change_note"] = gettext("Say what changed: citizens see it next to the entry.")
        if errors:
            raise ValidationError(errors)

    @property
    def who(self):
        if self.person:
            return self.person
        if self.leader is not None:
            return f"{self.leader.name} – {self.leader.position}"
        return ""

    @property
    def sort_key(self):
        return (self.date, self.start_time or datetime.time.min, self.sort_order or 0, self.pk or 0)

    @property
    def is_all_day(self):
        return self.start_time is None

    def starts_at(self, tz):
        return datetime.datetime.combine(self.date, self.start_time or datetime.time.min, tzinfo=tz)

    def ends_at(self, tz):
        if self.start_time is None:
            return datetime.datetime.combine(self.date + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        if self.end_time is None:
            return None
        return datetime.datetime.combine(self.date, self.end_time, tzinfo=tz)


class ReceptionEntry(ScheduleEntry):
    """A day or session of citizen reception (lịch tiếp công dân)."""

    page = ParentalKey("cchc_pages.ReceptionSchedulePage", related_name="entries", on_delete=models.CASCADE)
    by_head = models.BooleanField(
        _("the head of the unit receives"),
        default=False,
        help_text=_("The head's own reception days are published too (ND 154/2026, Article 11)."),
    )

    panels = [*ScheduleEntry.panels[:2], FieldPanel("by_head"), *ScheduleEntry.panels[2:]]

    class Meta(ScheduleEntry.Meta):
        verbose_name = _("reception entry")
        verbose_name_plural = _("reception entries")
        indexes = [models.Index(fields=["page", "date"], name="cchc_reception_page_date")]


class WorkCalendarEntry(ScheduleEntry):
    """An item of the leaders' weekly work calendar (lịch công tác tuần)."""

    page = ParentalKey("cchc_pages.WorkCalendarPage", related_name="entries", on_delete=models.CASCADE)

    class Meta(ScheduleEntry.Meta):
        verbose_name = _("work calendar entry")
        verbose_name_plural = _("work calendar entries")
        indexes = [models.Index(fields=["page", "date"], name="cchc_workcal_page_date")]
