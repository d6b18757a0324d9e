"""Keep cached sidebars, boxes and fragments fresh when what they show changes."""

from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..directory.models import ContactCard, Hotline, OrganisationUnit, PersonContactPoint, UnitContactPoint
from ..news.models import NewsCategory, NewsTag
from . import sidebar
from .sidebar import bump_sidebar_version


def _content_changed(sender, instance=None, **kwargs):
    bump_sidebar_version()


def _page_deleted(sender, instance=None, **kwargs):
    if isinstance(instance, Page):
        bump_sidebar_version()


def connect():
    sidebar.connect()
    # Any page, not only articles: a section's title is in its articles' breadcrumbs, a page's
    # title and URL in the menus and in the links of rich text.
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_content_changed, dispatch_uid=f"cchc-sidebar-{id(signal)}")
    post_delete.connect(_page_deleted, dispatch_uid="cchc-sidebar-delete")
    # What an article's body, a listing's cards or a box shows besides pages.
    shown = (NewsCategory, NewsTag, get_image_model(), get_document_model(), Hotline, ContactCard)
    shown += (OrganisationUnit, PersonContactPoint, UnitContactPoint)
    # The kept routing (cchc_pages.routing) holds a host's Site and its home page in each language.
    shown += (Site, Locale)
    for model in shown:
        label = model._meta.label_lower
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"cchc-sidebar-save-{label}")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"cchc-sidebar-delete-{label}")
