"""{% cchc_metadata %}: the meta description, canonical link, Open Graph tags and JSON-LD of a page.

The apps' base templates print it in <head> (see cchc_pages/metadata/); a site's own templates may
too. {% cchc_absolute_url page %} gives a page's address on the request's host.
"""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Site

from ..caching.fragments import kept
from ..core import jsonld
from ..core.absolute import absolute_page_url
from ..core.i18n import i18n_enabled, page_translations
from ..metadata import page_metadata
from ..metadata.builder import page_subpath

register = template.Library()


@register.inclusion_tag("cchc_pages/includes/metadata.html", takes_context=True)
def cchc_metadata(context):
    """The page's metadata; the meta description only when the page has no search description,
    which the site's base.html prints itself (as Wagtail's project template does)."""
    page = context.get("page")
    meta = page_metadata(context)
    return {
        "meta": meta,
        "print_description": not (page is not None and page.search_description),
        "jsonld_scripts": [jsonld.script(data) for data in meta.jsonld],
    }


@register.simple_tag(takes_context=True)
def cchc_absolute_url(context, page, subpath=""):
    """A page's absolute address on the host the reader used."""
    return absolute_page_url(page, context.get("request"), subpath)


@register.simple_tag(takes_context=True)
def cchc_language_links(context):
    """[(code, name in its own language, address, is current)] for a language switcher: the current
    page's translation in each language, else that language's home page; [] on a site without i18n.
    {% cchc_language_links as languages %}. The page's translations cost one query, shared with the
    hreflang links; a language the page lacks one more, for its home."""
    request = context.get("request")
    if not i18n_enabled() or request is None:
        return []
    page = context.get("page")
    current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    found = dict(page_translations(page, request)) if page is not None else {}
    subpath = page_subpath(page, request) if found else ""
    given = context.get("language_urls") or {}  # a view without a page names its own (untranslated.html)
    links = []
    for code, _name in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES):
        target = found.get(code)
        if code in given:
            url = given[code]
        elif target is not None:
            url = (target.get_url(request=request) or "") + subpath
        else:
            url = _home_url(request, code)
        if url:
            info = translation.get_language_info(code)
            links.append((code, info["name_local"], url, code == current))
    return links


def _home_url(request, code):
    """The address of the site's home page in language `code` (None if it has none), kept like the
    rendered fragments until a page is published, unpublished or moved: a language switcher on a
    page without that translation asks it on every request."""

    def find():
        site = Site.find_for_request(request)
        home = site and site.root_page.get_translations(inclusive=True).live().filter(locale__language_code=code)
        home = home.first() if home else None
        return (home.get_url(request=request) if home else None) or ""

    return kept(request, find, "language-home", code) or None
