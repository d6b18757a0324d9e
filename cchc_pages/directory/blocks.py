"""The contact card block: a leader's card in any StreamField body (see core/blocks.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from .models import ContactCard, listed_cards, localized_cards


class ContactCardBlock(blocks.StructBlock):
    """A leader's contact card dropped into any page; only its public contact points show."""

    card = SnippetChooserBlock("cchc_pages.ContactCard", label=_("Contact card"))

    class Meta:
        icon = "user"
        label = _("Contact card")
        template = "cchc_pages/blocks/contact_card.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        card = value.get("card") if value else None
        # The chosen card in the reader's language (its translation on an English page), else itself.
        found = (
            localized_cards(listed_cards(ContactCard.objects.filter(translation_key=card.translation_key)))
            if card
            else []
        )
        context["card"] = found[0] if found else None
        return context
