"""Admin menu "Danh bạ, văn bản": organisation units, contact cards and hotlines as snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import ContactCard, Hotline, OrganisationUnit


class OrganisationUnitViewSet(SnippetViewSet):
    model = OrganisationUnit
    icon = "group"
    menu_label = _("Organisation units")
    list_display = ["name", "parent", "kind", "sort_order"]
    list_filter = ["kind"]
    ordering = ["sort_order", "name"]


class ContactCardViewSet(SnippetViewSet):
    model = ContactCard
    icon = "user"
    menu_label = _("Contact cards")
    list_display = ["name", "position", "unit", "sort_order"]
    list_filter = ["unit"]
    ordering = ["unit__sort_order", "sort_order", "name"]


class HotlineViewSet(SnippetViewSet):
    model = Hotline
    icon = "mobile-alt"
    menu_label = _("Hotlines")
    list_display = ["label", "number", "is_active", "sort_order"]
    ordering = ["sort_order", "pk"]


class ContactsGroup(SnippetViewSetGroup):
    menu_label = _("Contacts")
    menu_icon = "group"
    menu_order = 300
    items = (OrganisationUnitViewSet, ContactCardViewSet, HotlineViewSet)
