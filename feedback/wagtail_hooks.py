"""Wagtail admin registrations of the feedback app; polls and submissions keep theirs in admin.py."""

from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from .evaluation import admin as evaluation_admin
from .polls import admin as polls_admin
from .submissions import admin as submissions_admin

modeladmin_register(polls_admin.PollsGroup)
modeladmin_register(evaluation_admin.DossierEvaluationAdmin)
modeladmin_register(submissions_admin.FeedbackGroup)
hooks.register("construct_homepage_panels", submissions_admin.construct_homepage_panels)
hooks.register("register_admin_urls", submissions_admin.admin_urls)


@hooks.register("register_admin_urls")
def register_poll_admin_urls():
    return polls_admin.urlpatterns


@hooks.register("register_admin_urls")
def register_evaluation_admin_urls():
    return evaluation_admin.urlpatterns


@hooks.register("register_reports_menu_item")
def register_evaluation_report_menu_item():
    return evaluation_admin.menu_item()
