"""The demo site's own pages and settings; departments bring their own."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page

from cchc_pages.caching.settings import KeptSiteSetting
from cchc_pages.models import NewsArticlePage, listed_articles


@register_setting(icon="site")
class DepartmentSettings(KeptSiteSetting, BaseSiteSetting):
    """Who runs the site: shown in the header and footer of every page, so kept in the cache
    (KeptSiteSetting); hotlines are cchc_pages snippets."""

    parent_body = models.CharField(_("Parent body"), max_length=255, blank=True)
    department_name = models.CharField(_("Department name"), max_length=255)
    address = models.CharField(_("Address"), max_length=255, blank=True)
    phone = models.CharField(_("Phone"), max_length=50, blank=True)
    email = models.EmailField(pgettext_lazy("contact channel", "Email"), blank=True)
    # The same in English, for the pages under /en/ (ND 42/2022/NĐ-CP Điều 7); empty: the Vietnamese.
    parent_body_en = models.CharField(_("Parent body in English"), max_length=255, blank=True)
    department_name_en = models.CharField(_("Department name in English"), max_length=255, blank=True)
    address_en = models.CharField(_("Address in English"), max_length=255, blank=True)

    panels = [
        FieldPanel("parent_body"),
        FieldPanel("department_name"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
        MultiFieldPanel(
            [FieldPanel("parent_body_en"), FieldPanel("department_name_en"), FieldPanel("address_en")],
            heading=_("In English"),
        ),
    ]

    class Meta:
        verbose_name = _("Department details")

    @property
    def shown(self):
        """What the header and footer show in the current language: {parent_body, department_name,
        address, lang}, lang being the language those texts are in (Vietnamese when no English name
        was given), for a lang attribute when it is not the page's."""
        if (translation.get_language() or "").startswith("en") and self.department_name_en:
            return {
                "parent_body": self.parent_body_en,
                "department_name": self.department_name_en,
                "address": self.address_en,
                "lang": "en",
            }
        return {
            "parent_body": self.parent_body,
            "department_name": self.department_name,
            "address": self.address,
            "lang": "vi",
        }


class HomePage(Page):
    """The portal's front page: the latest reform news and the section menu."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1

    class Meta:
        verbose_name = _("Home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home, context["news_language"] = self, ""
        if not NewsArticlePage.objects.live().descendant_of(self).exists():
            # A translated home page whose language has no news yet shows the default language's,
            # marked as such (lang attribute and a note), rather than an empty section.
            default = Locale.get_default()
            if self.locale_id != default.pk:
                home = self.get_translation_or_none(default) or self
                context["news_language"] = default.language_code if home is not self else ""
        context["latest_news"] = listed_articles(NewsArticlePage.objects.live().descendant_of(home)).order_by(
            "-date", "-pk"
        )[:6]
        return context
