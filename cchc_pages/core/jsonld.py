"""schema.org JSON-LD for contact cards, organisation units, documents, procedures and news articles.

Every URL is absolute on the request's host (core/absolute.py), never the Site record's.

Emails are left out on purpose: the pages hide them from harvesting scrapers, and a plain address
in JSON-LD would undo that. Only public contact points are read (``public_points``).
"""

import json

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .absolute import absolute_page_url

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
LEGISLATION_TYPES = {"quyet-dinh", "chi-thi"}


def script(data):
    """A <script type="application/ld+json"> element that no value can break out of."""
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _phones(points):
    return [p.tel for p in points if p.is_phone]


def organisation(unit, request=None, children=(), *, unit_url=None, members=(), card_url=None):
    """A GovernmentOrganization. Sub-units nest as ``subOrganization`` (the directory) or, given
    ``unit_url`` (unit -> absolute address of its organisation page), as ``department`` with their
    ``url``; ``members`` are the unit's leaders as Persons."""
    data = {"@type": "GovernmentOrganization", "name": unit.name}
    if unit_url is not None:
        data["url"] = unit_url(unit)
    if unit.address:
        data["address"] = {"@type": "PostalAddress", "streetAddress": unit.address, "addressCountry": "VN"}
    phones = _phones(unit.public_points)
    if phones:
        data["telephone"] = phones[0] if len(phones) == 1 else phones
    if unit.opening_hours:
        data["description"] = " ".join(unit.opening_hours_lines)
    if children:
        nested = [organisation(child, request, grandchildren, unit_url=unit_url) for child, grandchildren in children]
        data["department" if unit_url is not None else "subOrganization"] = nested
    if members:
        data["member"] = [
            person(card, request, url=card_url(card) if card_url else "", nested=True) for card in members
        ]
    return data


def organisation_page(unit, children, members, request, unit_url, card_url):
    """A unit's organisation page: the unit with its departments (each with its page) and leaders."""
    data = organisation(unit, request, children, unit_url=unit_url, members=members, card_url=card_url)
    return {"@context": "https://schema.org", **data}


def directory(tree):
    graph = [
        dict(organisation(unit, children=children), **{"@context": "https://schema.org"}) for unit, children in tree
    ]
    return graph[0] if len(graph) == 1 else graph


def person(card, request=None, *, url="", nested=False):
    """A leader's Person (``nested``: inside an organisation's ``member`` list, without @context)."""
    data = {"@type": "Person", "name": card.name, "jobTitle": card.position}
    if not nested:
        data = {"@context": "https://schema.org", **data}
    data["worksFor"] = {"@type": "GovernmentOrganization", "name": card.unit.name}
    if url:
        data["url"] = url
    phones = _phones(card.public_points)
    if phones:
        data["telephone"] = phones[0] if len(phones) == 1 else phones
    if card.unit.address:
        data["workLocation"] = {"@type": "Place", "address": card.unit.address}
    if card.photo and request is not None:
        data["image"] = request.build_absolute_uri(card.photo_rendition.url)
    return data


def document(page, request=None):
    is_law = page.doc_type in LEGISLATION_TYPES
    url = absolute_page_url(page, request)
    issuer = {"@type": "GovernmentOrganization", "name": page.issuing_body}
    data = {
        "@context": "https://schema.org",
        "@type": "Legislation" if is_law else "DigitalDocument",
        "name": page.title,
        "url": url,
        "inLanguage": "vi",
        "abstract": page.summary,
        "datePublished": page.issue_date.isoformat(),
    }
    if is_law:
        data.update(
            legislationIdentifier=page.doc_number,
            legislationDate=page.issue_date.isoformat(),
            legislationPassedBy=issuer,
            legislationType=page.get_doc_type_display(),
        )
        if page.effective_date:
            data["legislationDateVersion"] = page.effective_date.isoformat()
    else:
        data.update(identifier=page.doc_number, publisher=issuer, genre=page.get_doc_type_display())
    if page.signer:
        data["author"] = {"@type": "Person", "name": page.signer}
    attachments = [
        {
            "@type": "MediaObject",
            "name": item.link_text,
            "contentUrl": request.build_absolute_uri(item.document.url) if request else item.document.url,
            "encodingFormat": item.document.content_type,
        }
        for item in page.attachment_items
    ]
    if attachments:
        data["associatedMedia"] = attachments
    return data


def procedure(page, request=None):
    """A GovernmentService describing a ProcedurePage."""
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": page.name,
        "identifier": page.code,
        "serviceType": page.procedure_type or gettext("Administrative procedure"),
        "url": absolute_page_url(page, request),
    }
    if page.description:
        data["description"] = page.description
    if page.main_agency_name:
        data["provider"] = {"@type": "GovernmentOrganization", "name": page.main_agency_name}
        if page.main_agency_code:
            data["provider"]["identifier"] = page.main_agency_code
    if page.target_group_list:
        data["audience"] = [{"@type": "Audience", "audienceType": g} for g in page.target_group_list]
    if page.sector_list:
        data["category"] = [s.name for s in page.sector_list]
    channels = []
    for row in page.channel_rows():
        channel = {"@type": "ServiceChannel", "name": str(row["label"])}
        if row["channel"] == "online" and page.online_url:
            channel["serviceUrl"] = page.online_url
        channels.append(channel)
    if channels:
        data["availableChannel"] = channels
    return data


def news_article(page, request, *, image="", publisher="", description=""):
    """A NewsArticle: what search engines and news aggregators read of an article. No query of its
    own: categories (articleSection) are left out so the article page costs what it did."""
    url = absolute_page_url(page, request)
    published = timezone.localtime(page.date)
    modified = timezone.localtime(page.last_published_at) if page.last_published_at else published
    publisher_data = {"@type": "GovernmentOrganization", "name": publisher} if publisher else None
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": published.isoformat(),
        "dateModified": max(published, modified).isoformat(),
        "inLanguage": "vi",
    }
    if description:
        data["description"] = description
    if image:
        data["image"] = [image]
    if page.byline:
        data["author"] = {"@type": "Person", "name": page.byline}
    elif publisher_data:
        data["author"] = publisher_data
    if publisher_data:
        data["publisher"] = publisher_data
    return data
