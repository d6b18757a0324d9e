"""Template tags a department's own base template can use anywhere on its site."""

from urllib.parse import quote

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import time as time_filter
from django.utils.formats import number_format
from wagtail.models import Site

from ..caching import visits
from ..caching.fragments import cached_fragment
from ..core import conf, dates

register = template.Library()


@register.inclusion_tag("cchc_pages/includes/visit_counter.html", takes_context=True)
def cchc_visit_counter(context):
    """ "Số lượt truy cập": Đang truy cập / Hôm nay / Tổng (see caching/visits.py), as the page was
    rendered (it may be cached), then kept fresh by the counter script."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"online": 0, "today": 0, "count": 0}
    shown, _counts = visits.totals(site.pk)
    return {"online": shown["online"], "today": shown["today"], "count": shown["total"]}


@register.inclusion_tag("cchc_pages/includes/counter_script.html", takes_context=True)
def cchc_counter_script(context, page=None):
    """Loads the beacon that counts this view (and the visit) from an uncached endpoint.

    Put it once per page, near the end of <body>; pass the page to count its views.
    """
    return {"page": page, "request": context.get("request"), "online_minutes": conf.get("CCHC_VISITS_ONLINE_MINUTES")}


@register.filter(is_safe=True)
def cchc_data_uri(value):
    """Text percent-encoded for a data: URI inside an attribute (quotes, < and # included)."""
    return quote(" ".join(str(value).split()), safe=" =:/,;.-_()<>")


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist, self.parts = nodelist, parts

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]
        return cached_fragment(context.get("request"), lambda: self.nodelist.render(context), *parts)


@register.tag
def cchc_cached(parser, token):
    """{% cchc_cached "name" page.pk … %}…{% endcchc_cached %}: the enclosed HTML, rendered once per
    change of the site's content (see caching/fragments.py) for each language, host and value of
    the parts; a part that is None renders it afresh. Nothing inside may depend on the reader
    (no CSRF token, no user, no live counter)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs at least one part to name the fragment")
    nodelist = parser.parse(("endcchc_cached",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


@register.filter
def cchc_count(value):
    """A count grouped the local way (5.164.377 in Vietnamese), whatever USE_THOUSAND_SEPARATOR says."""
    return "–" if value is None else number_format(value, force_grouping=True)


# Dates and times for people, the same on every page and under any locale (see cchc_pages/core/dates.py).
# expects_localtime: like Django's |date, an aware datetime arrives in the current time zone.


@register.filter(expects_localtime=True, is_safe=False)
def cchc_date(value):
    """28/11/2026."""
    return date_filter(value, dates.DATE)


@register.filter(expects_localtime=True, is_safe=False)
def cchc_time(value):
    """07:33 (24-hour clock)."""
    return time_filter(value, dates.TIME)


@register.filter(expects_localtime=True, is_safe=False)
def cchc_datetime(value):
    """28/11/2026 07:33."""
    return date_filter(value, dates.DATETIME)


@register.filter(expects_localtime=True, is_safe=False)
def cchc_month(value):
    """11/2026."""
    return date_filter(value, dates.MONTH)
