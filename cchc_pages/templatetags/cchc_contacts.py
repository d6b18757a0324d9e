"""Template tags for contacts, documents and procedures: hotlines, contact points, JSON-LD."""

from django import template
from django.core.cache import cache
from django.utils.translation import get_language

from ..caching.sidebar import sidebar_version
from ..core import conf, jsonld
from ..core.i18n import localize
from ..directory.models import Hotline

register = template.Library()


@register.inclusion_tag("cchc_pages/includes/hotlines.html")
def cchc_hotlines(heading=True):
    """The hotlines editors list under Contacts › Hotlines; nothing when there is none.

    {% load cchc_contacts %}{% cchc_hotlines %} anywhere in a site's base template.
    """
    # On every page of the site: read once per change of the content (see caching/signals.py).
    # Each language its own copy: the hotlines' translations on English pages.
    key = f"cchc:hotlines:{get_language()}:{sidebar_version()}"
    hotlines = cache.get_or_set(
        key, lambda: localize(Hotline.objects.filter(is_active=True)), conf.get("CCHC_LISTING_CACHE_SECONDS")
    )
    return {"hotlines": hotlines, "heading": heading}


@register.inclusion_tag("cchc_pages/includes/contact_point.html")
def cchc_contact_point(point):
    """One public contact point: tel:/web links, emails obfuscated for contacts.js to reveal."""
    return {"point": point}


@register.simple_tag(takes_context=True)
def cchc_jsonld(context, kind, obj):
    """{% cchc_jsonld "person" card %}, "document" page, "procedure" page or "directory" tree."""
    request = context.get("request")
    if kind == "person":
        return jsonld.script(jsonld.person(obj, request))
    if kind == "document":
        return jsonld.script(jsonld.document(obj, request))
    if kind == "procedure":
        return jsonld.script(jsonld.procedure(obj))
    if kind == "directory":
        return jsonld.script(jsonld.directory(obj))
    raise template.TemplateSyntaxError(f"cchc_jsonld: unknown kind {kind!r}")
