"""Keep cached section sidebars fresh when what they show changes."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..news.models import NewsArticlePage, NewsCategory
from .sidebar import bump_sidebar_version


def _article_changed(sender, instance=None, **kwargs):
    bump_sidebar_version()


def _page_moved(sender, instance=None, **kwargs):
    if isinstance(instance.specific_deferred, NewsArticlePage):
        bump_sidebar_version()


def connect():
    for signal in (page_published, page_unpublished):
        signal.connect(_article_changed, sender=NewsArticlePage, dispatch_uid=f"cchc-sidebar-{id(signal)}")
    post_delete.connect(_article_changed, sender=NewsArticlePage, dispatch_uid="cchc-sidebar-delete")
    post_page_move.connect(_page_moved, dispatch_uid="cchc-sidebar-move")
    post_save.connect(_article_changed, sender=NewsCategory, dispatch_uid="cchc-sidebar-category-save")
    post_delete.connect(_article_changed, sender=NewsCategory, dispatch_uid="cchc-sidebar-category-delete")
