"""{% cchc_today_schedule %}: today's entries of the published schedules, for a sidebar."""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone

from ..caching.fragments import cached_fragment
from ..schedules.pages import today_entries

register = template.Library()


@register.simple_tag(takes_context=True)
def cchc_today_schedule(context):
    """Today's entries of every live work calendar and reception schedule, grouped by schedule;
    nothing is shown on a day without entries. The box is on every page of a site's sidebar, so it
    is kept rendered per day until a page is published or unpublished (entries are part of their
    schedule page): two queries on the first request of the day, none after."""
    request = context.get("request")
    today = timezone.localdate()

    def render():
        return render_to_string(
            "cchc_pages/includes/today_schedule.html",
            {"groups": today_entries(today), "request": request, "today": today},
        )

    return cached_fragment(request, render, "today-schedule", today.isoformat())
