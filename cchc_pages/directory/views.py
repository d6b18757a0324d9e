"""A contact card as a vCard file."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext

from .models import ContactCard, listed_cards, localized_cards
from .vcard import card_to_vcard


def vcard(request, slug):
    """A contact card as a vCard 3.0 file (public contact points only)."""
    # One card per language shares the slug: the reader's (Vietnamese outside /en/), else Vietnamese.
    found = localized_cards(listed_cards(ContactCard.objects.filter(slug=slug)))
    card = found[0] if found else None
    if card is None:
        raise Http404(gettext("No contact card “%(slug)s” exists.") % {"slug": slug})
    response = HttpResponse(card_to_vcard(card).encode("utf-8"), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{card.slug}.vcf"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
