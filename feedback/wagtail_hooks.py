"""Wagtail admin registrations of the feedback app, one module per area."""

from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from .submissions import admin as submissions_admin

modeladmin_register(submissions_admin.FeedbackGroup)
hooks.register("construct_homepage_panels", submissions_admin.construct_homepage_panels)
hooks.register("register_admin_urls", submissions_admin.admin_urls)
