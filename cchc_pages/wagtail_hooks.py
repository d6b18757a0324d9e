"""Wagtail admin hooks of cchc_pages; each capability keeps its admin code in its package (admin.py)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .directory.admin import ContactsGroup
from .i18n.views import serve_in_its_language
from .notices import admin as admin_notices
from .procedures import admin as admin_procedures
from .ratings import admin as admin_ratings

register_snippet(ContactsGroup)
register_snippet(admin_notices.OutageNoticeViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def warn_short_outage_notice(request, instance):
    admin_notices.warn_if_short(request, instance)


@hooks.register("register_admin_urls")
def register_procedure_import_url():
    return admin_procedures.admin_urls()


@hooks.register("register_admin_menu_item")
def register_procedure_import_menu_item():
    return admin_procedures.menu_item()


@hooks.register("register_page_listing_more_buttons")
def register_procedure_import_button(page, user, next_url=None):
    yield from admin_procedures.listing_buttons(page, user)


@hooks.register("register_admin_urls")
def register_ratings_urls():
    return admin_ratings.admin_urls()


@hooks.register("register_reports_menu_item")
def register_ratings_report_menu_item():
    return admin_ratings.menu_item()


hooks.register("before_serve_page", serve_in_its_language)
