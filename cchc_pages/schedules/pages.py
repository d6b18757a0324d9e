"""The schedule page types and their views: the week (?tuan=2026-W49), a day, print, iCalendar."""

import datetime

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from ..core import dates
from ..core.errors import ClientError, render_error
from ..core.slugs import VietnameseSlugMixin
from . import ical
from .models import ReceptionEntry, WorkCalendarEntry
from .weeks import monday_of, parse_day, parse_week, week_code

# Entries the iCalendar feed carries from the past (the future is carried whole).
FEED_PAST_DAYS = 92
WEEKEND = {5, 6}


def sorted_entries(entries):
    return sorted(entries, key=lambda entry: entry.sort_key)


class SchedulePage(VietnameseSlugMixin, RoutablePageMixin, Page):
    """A published schedule whose entries are rows of the page (abstract)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    print_template = "cchc_pages/schedule_page_print.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        HelpPanel(
            _(
                "Add one entry per activity. Tick “changed” and say what changed when an entry changes after "
                "publication: citizens see the change marked next to the entry."
            )
        ),
        InlinePanel("entries", heading=_("Entries"), label=pgettext_lazy("schedule", "entry")),
    ]

    class Meta:
        abstract = True

    # --- data ---------------------------------------------------------------------------------

    def entries_between(self, first, last):
        """The entries from `first` to `last` (dates, both included) in time order; one query."""
        rows = self.entries.filter(date__gte=first, date__lte=last).select_related("leader")
        return sorted_entries(rows)

    def week_days(self, monday):
        """The week's days as (date, entries, day view URL); Saturday and Sunday only when they hold entries."""
        sunday = monday + datetime.timedelta(days=6)
        by_day = {}
        for entry in self.entries_between(monday, sunday):
            by_day.setdefault(entry.date, []).append(entry)
        days = [monday + datetime.timedelta(days=i) for i in range(7)]
        return [
            (day, by_day.get(day, []), self.day_url(day))
            for day in days
            if day.weekday() not in WEEKEND or day in by_day
        ]

    @property
    def base_url(self):
        """The page's URL; empty in the preview of a page not yet saved, which has none."""
        return self.url or ""

    def week_url(self, monday):
        return f"{self.base_url}?tuan={week_code(monday)}"

    def requested_week(self, request):
        value = request.GET.get("tuan", "")
        if not value:
            return monday_of(timezone.localdate())
        return parse_week(value)

    def week_context(self, monday):
        sunday = monday + datetime.timedelta(days=6)
        today = timezone.localdate()
        days = self.week_days(monday)
        return {
            "week_monday": monday,
            "week_sunday": sunday,
            "week_code": week_code(monday),
            "week_number": monday.isocalendar()[1],
            "week_label": format_week(monday),
            "week_days": days,
            "week_has_entries": any(entries for _day, entries, _url in days),
            "previous_week_url": self.week_url(monday - datetime.timedelta(days=7)),
            "next_week_url": self.week_url(monday + datetime.timedelta(days=7)),
            "this_week_url": (self.base_url or "?") if monday != monday_of(today) else None,
            "today": today,
            "print_url": f"{self.base_url}{self.reverse_subpage('print')}?tuan={week_code(monday)}",
            "ical_url": self.base_url + self.reverse_subpage("ical"),
        }

    def day_url(self, day):
        return self.base_url + self.reverse_subpage("day", args=[day.isoformat()])

    # --- views --------------------------------------------------------------------------------

    def render_error(self, request, error):
        return render_error(request, error, page=self)

    def get_cached_paths(self):
        return ["/", self.reverse_subpage("print"), self.reverse_subpage("ical")]

    @path("")
    def week_route(self, request):
        try:
            monday = self.requested_week(request)
        except ClientError as error:
            return self.render_error(request, error)
        return self.render(request, context_overrides=self.week_context(monday))

    @path("ngay/<str:day>/", name="day")
    def day_route(self, request, day):
        try:
            day = parse_day(day)
        except ClientError as error:
            return self.render_error(request, error)
        context = self.week_context(monday_of(day))
        context.update(
            view_day=day,
            day_entries=self.entries_between(day, day),
            previous_day_url=self.day_url(day - datetime.timedelta(days=1)),
            next_day_url=self.day_url(day + datetime.timedelta(days=1)),
            week_of_day_url=self.week_url(monday_of(day)),
        )
        return self.render(request, context_overrides=context)

    @path("ban-in/", name="print")
    def print_route(self, request):
        try:
            monday = self.requested_week(request)
        except ClientError as error:
            return self.render_error(request, error)
        return self.render(request, template=self.print_template, context_overrides=self.week_context(monday))

    @path("ical/", name="ical")
    def ical_route(self, request):
        since = timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)
        entries = sorted_entries(self.entries.filter(date__gte=since).select_related("leader"))
        week_urls = {}

        def url_for(entry):
            monday = monday_of(entry.date)
            if monday not in week_urls:
                week_urls[monday] = request.build_absolute_uri(self.week_url(monday))
            return week_urls[monday]

        body = ical.calendar(self.title, entries, uid_domain=request.get_host().split(":")[0], url_for=url_for)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{self.slug or "lich"}.ics"'
        return response


class ReceptionSchedulePage(SchedulePage):
    """Lịch tiếp công dân: the days and sessions the unit receives citizens, the head's own included
    (ND 154/2026/NĐ-CP, Điều 11: the schedule is published at the reception place and on the site)."""

    place = models.CharField(
        _("reception place"),
        max_length=500,
        blank=True,
        help_text=_("Where citizens are received, shown on the schedule; an entry's own location overrides it."),
    )

    content_panels = [*SchedulePage.content_panels[:1], FieldPanel("place"), *SchedulePage.content_panels[1:]]

    template = "cchc_pages/schedule_page.html"

    class Meta:
        verbose_name = _("citizen reception schedule")
        verbose_name_plural = _("citizen reception schedules")


class WorkCalendarPage(SchedulePage):
    """Lịch công tác tuần: the leaders' weekly work calendar that citizens and the press look up daily."""

    template = "cchc_pages/schedule_page.html"

    class Meta:
        verbose_name = _("leaders' work calendar")
        verbose_name_plural = _("leaders' work calendars")


def today_entries(today=None):
    """The day's entries (today's by default) of every live schedule, for the sidebar tag:
    [(page, [entries])], two queries."""
    today = today or timezone.localdate()
    groups = {}
    for model in (WorkCalendarEntry, ReceptionEntry):
        rows = model.objects.filter(date=today, page__live=True).select_related("leader", "page")
        for entry in rows:
            groups.setdefault(entry.page_id, (entry.page, []))[1].append(entry)
    return [(page, sorted_entries(entries)) for page, entries in groups.values()]


def format_week(monday):
    """“Tuần 49 (30/11/2026 – 06/12/2026)”."""
    sunday = monday + datetime.timedelta(days=6)
    return gettext("Week %(number)s (%(first)s – %(last)s)") % {
        "number": monday.isocalendar()[1],
        "first": dates.format_date(monday),
        "last": dates.format_date(sunday),
    }
