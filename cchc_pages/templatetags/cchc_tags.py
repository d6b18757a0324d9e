"""Template tags a department's own base template can use anywhere on its site."""

from django import template
from django.utils.formats import number_format
from wagtail.models import Site

from ..caching import counters

register = template.Library()


@register.inclusion_tag("cchc_pages/includes/visit_counter.html", takes_context=True)
def cchc_visit_counter(context):
    """The site visit counter ("Số lượt truy cập"), kept fresh by the counter script."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    count = counters.current(counters.SITE_VISITS, site.pk) if site else 0
    return {"count": count}


@register.inclusion_tag("cchc_pages/includes/counter_script.html", takes_context=True)
def cchc_counter_script(context, page=None):
    """Loads the beacon that counts this view (and the visit) from an uncached endpoint.

    Put it once per page, near the end of <body>; pass the page to count its views.
    """
    return {"page": page, "request": context.get("request")}


@register.filter
def cchc_count(value):
    """A count grouped the local way (5.164.377 in Vietnamese), whatever USE_THOUSAND_SEPARATOR says."""
    return "–" if value is None else number_format(value, force_grouping=True)
