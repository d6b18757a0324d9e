"""Admin registrations of cchc_pages, one module per area."""

from wagtail.snippets.models import register_snippet

from .admin_contacts import ContactsGroup

register_snippet(ContactsGroup)
