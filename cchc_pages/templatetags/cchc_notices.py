"""{% cchc_outage_notice %}: the planned outage banner (cchc_pages.notices), once per page."""

from django import template

from ..notices.banner import current_notices

register = template.Library()

SHOWN = "_cchc_outage_notice_shown"


@register.inclusion_tag("cchc_pages/includes/outage_notice.html", takes_context=True)
def cchc_outage_notice(context):
    """The banner of the notices not yet ended. The apps' base template calls it and so may the
    site's own base template (at the top of every page): the first call on a request shows it."""
    request = context.get("request")
    if request is not None:
        if getattr(request, SHOWN, False):
            return {"notices": []}
        setattr(request, SHOWN, True)
    return {"notices": current_notices(request)}
