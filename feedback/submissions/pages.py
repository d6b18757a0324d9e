"""The two page types of citizens' feedback: the submission form with its receipt and tracking,
and the public questions and answers."""

from django.db import models
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from cchc_pages.core.slugs import VietnameseSlugMixin

from . import views


class NeverCachedPageMixin:
    """Pages with a form token or a citizen's own data: never stored by a browser or a cache."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class FeedbackFormPage(NeverCachedPageMixin, VietnameseSlugMixin, RoutablePageMixin, Page):
    """Where citizens send a "phản ánh, kiến nghị" (the page itself), read their receipt
    (``da-gui/``) and track it (``tra-cuu/``). Never cached: every response carries a CSRF token
    or a citizen's own data."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    thank_you_text = RichTextField(
        _("text shown with the tracking code"), blank=True, features=["bold", "italic", "link"]
    )
    answers_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("questions and answers page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("thank_you_text"),
        PageChooserPanel("answers_page", page_type="cchc_feedback.FeedbackAnswersPage"),
    ]
    subpage_types = []

    class Meta:
        verbose_name = _("feedback form page")
        verbose_name_plural = _("feedback form pages")

    @path("")
    def form_route(self, request):
        return views.submit(self, request)

    @path("da-gui/", name="receipt")
    def receipt_route(self, request):
        return views.receipt(self, request)

    @path("tra-cuu/", name="lookup")
    def lookup_route(self, request):
        return views.lookup(self, request)


class FeedbackAnswersPage(NeverCachedPageMixin, VietnameseSlugMixin, RoutablePageMixin, Page):
    """The public questions and answers: published submissions only, each citizen reduced to
    what they agreed to show; searchable without diacritics, filterable by sector, procedure, year."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    form_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("submission form page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        PageChooserPanel("form_page", page_type="cchc_feedback.FeedbackFormPage"),
    ]
    subpage_types = []

    class Meta:
        verbose_name = _("feedback questions and answers page")
        verbose_name_plural = _("feedback questions and answers pages")

    @path("")
    def index_route(self, request):
        return views.answers(self, request)

    @path("<int:pk>/", name="detail")
    def detail_route(self, request, pk):
        return views.answer_detail(self, request, pk)
