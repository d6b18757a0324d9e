"""{% cchc_today_schedule %}: today's entries of the published schedules, for a sidebar."""

from django import template

from ..schedules.pages import today_entries

register = template.Library()


@register.inclusion_tag("cchc_pages/includes/today_schedule.html", takes_context=True)
def cchc_today_schedule(context):
    """Today's entries of every live work calendar and reception schedule, grouped by schedule
    (two queries); nothing is shown on a day without entries."""
    return {"groups": today_entries(), "request": context.get("request")}
