"""The apps' page types' own metadata: the JSON-LD type each one is, its description and sharing image.

A page type not registered here (a feedback form, a poll page, a site's own page) gets the defaults
of builder.py: a WebPage with the page's search description or introduction.
"""

from django.utils import timezone
from django.utils.translation import gettext
from wagtail.images.shortcuts import get_rendition_or_not_found

from ..caching.fragments import kept
from ..core import jsonld
from ..core.absolute import absolute, absolute_page_url
from ..directory.models import ContactDirectoryPage
from ..documents.models import DocumentIndexPage, DocumentPage
from ..news.models import NewsArticlePage
from ..news.pages import NewsIndexPage
from ..procedures.models import ProcedurePage
from ..procedures.pages import ProcedureIndexPage
from .builder import plain, register, web_page

# The article page shows its featured image at this size: sharing it costs no new rendition.
NEWS_IMAGE_RENDITION = "width-800"


@register(NewsIndexPage, ProcedureIndexPage, DocumentIndexPage)
def listing(meta, page, request, context):
    heading = context.get("listing_heading")
    if heading:
        meta.title = f"{meta.title} › {heading}"
    meta.jsonld = [web_page(meta, "CollectionPage")]


@register(NewsArticlePage)
def news_article(meta, page, request, context):
    meta.description = meta.description or plain(page.sapo)
    meta.og_type = "article"
    if page.featured_image_id:
        # Kept like the fragments (an image's change makes it stale): the image and its rendition
        # cost a query each.
        url = kept(
            request,
            lambda: get_rendition_or_not_found(page.featured_image, NEWS_IMAGE_RENDITION).url,
            "rendition",
            page.featured_image_id,
            NEWS_IMAGE_RENDITION,
        )
        meta.image = absolute(request, url)
    meta.extra_og = [("article:published_time", timezone.localtime(page.date).isoformat())]
    if page.last_published_at:
        meta.extra_og.append(("article:modified_time", timezone.localtime(page.last_published_at).isoformat()))
    meta.jsonld = [
        jsonld.news_article(page, request, image=meta.image, publisher=meta.site_name, description=meta.description)
    ]


@register(DocumentPage)
def document(meta, page, request, context):
    meta.description = meta.description or plain(page.summary)
    meta.jsonld = [jsonld.document(page, request)]


@register(ProcedurePage)
def procedure(meta, page, request, context):
    meta.title = page.seo_title or page.name or meta.title
    meta.description = meta.description or plain(page.description) or page.name
    meta.jsonld = [jsonld.procedure(page, request)]


@register(ContactDirectoryPage)
def directory(meta, page, request, context):
    """The directory (its units as a GovernmentOrganization), a contact card (a Person) or a unit's
    organisation page (a GovernmentOrganization with its departments and leaders)."""
    unit_base = context.get("unit_base", "")

    def unit_url(unit):
        return absolute(request, f"{unit_base}{unit.slug}/")

    def card_url(card):
        return absolute_page_url(page, request, page.reverse_subpage("card", args=[card.slug]))

    card, unit = context.get("card"), context.get("unit")
    if card is not None:
        meta.title = f"{card.name} – {card.position}"
        meta.description = plain(f"{card.position}, {card.unit.name}. {' '.join(card.duty_lines)}")
        meta.og_type = "profile"
        if card.photo:
            meta.image = absolute(request, card.photo_rendition.url)
        meta.jsonld = [jsonld.person(card, request, url=meta.url)]
    elif unit is not None:
        meta.title = unit.name
        meta.description = plain(unit.description) or gettext("Functions, duties and organisation of %(unit)s") % {
            "unit": unit.name
        }
        children = context["unit_node"][1]
        meta.jsonld = [
            jsonld.organisation_page(unit, children, context.get("leaders", ()), request, unit_url, card_url)
        ]
    elif context.get("unit_tree") is not None:
        meta.description = meta.description or plain(page.intro)
        graph = jsonld.directory(context["unit_tree"])
        meta.jsonld = graph if isinstance(graph, list) else [graph]
