"""The demo site's own pages and settings; departments bring their own."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from cchc_pages.models import NewsArticlePage, listed_articles


@register_setting(icon="site")
class DepartmentSettings(BaseSiteSetting):
    """Who runs the site: shown in the header and footer (hotlines are cchc_pages snippets)."""

    parent_body = models.CharField(_("Parent body"), max_length=255, blank=True)
    department_name = models.CharField(_("Department name"), max_length=255)
    address = models.CharField(_("Address"), max_length=255, blank=True)
    phone = models.CharField(_("Phone"), max_length=50, blank=True)
    email = models.EmailField(pgettext_lazy("contact channel", "Email"), blank=True)

    panels = [
        FieldPanel("parent_body"),
        FieldPanel("department_name"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
    ]

    class Meta:
        verbose_name = _("Department details")


class HomePage(Page):
    """The portal's front page: the latest reform news and the section menu."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1

    class Meta:
        verbose_name = _("Home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = listed_articles(NewsArticlePage.objects.live().descendant_of(self)).order_by(
            "-date", "-pk"
        )[:6]
        return context
