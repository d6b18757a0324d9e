"""Admin registrations of the feedback app, one module per area."""

from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from .polls import admin as polls_admin

modeladmin_register(polls_admin.PollsGroup)


@hooks.register("register_admin_urls")
def register_poll_admin_urls():
    return polls_admin.urlpatterns
