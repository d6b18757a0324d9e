"""{% cchc_metadata %}: the meta description, canonical link, Open Graph tags and JSON-LD of a page.

The apps' base templates print it in <head> (see cchc_pages/metadata/); a site's own templates may
too. {% cchc_absolute_url page %} gives a page's address on the request's host.
"""

from django import template

from ..core import jsonld
from ..core.absolute import absolute_page_url
from ..metadata import page_metadata

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
