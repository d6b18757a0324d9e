"""The two page types of citizens' feedback: the submission form with its receipt and tracking,
and the public questions and answers."""

from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from cchc_pages.core.client import hashed_ip
from cchc_pages.core.errors import ClientError
from cchc_pages.core.slugs import VietnameseSlugMixin
from cchc_pages.metadata import register as register_metadata

from . import conf, views, workflow
from .forms import SubmissionForm, procedure_for_code, rate_limited, uncount
from .metadata import answers_metadata
from .models import Submission

RECEIPT_SESSION_KEY = "cchc_feedback_receipt"


class NeverCachedPageMixin:
    """Pages with a form token or a citizen's own data: never stored by a browser or a cache."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class FeedbackFormPage(NeverCachedPageMixin, VietnameseSlugMixin, RoutablePageMixin, Page):
    """Where citizens send a "phản ánh, kiến nghị" (the page itself), read their receipt
    (``da-gui/``) and track it (``tra-cuu/``). Never cached: every response carries a CSRF token
    or a citizen's own data.

    A department changes the form or the receipt in a subclass, keeping the routes, through the
    seams wagtail.contrib.forms' pages have: ``get_form_class`` / ``get_form`` (the form),
    ``process_form_submission`` (what a valid form becomes; it also gets the request, whose
    address the rate limit and the stored hash come from) and ``render_landing_page`` (the
    receipt), with ``form_template`` and ``landing_page_template``.
    """

    form_template = "feedback/submissions/form_page.html"
    landing_page_template = "feedback/submissions/receipt.html"

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

    # --- seams (as wagtail.contrib.forms' AbstractForm) ------------------------------------

    def get_form_class(self):
        return SubmissionForm

    def get_form(self, *args, **kwargs):
        return self.get_form_class()(*args, **kwargs)

    def get_initial(self, request):
        """The form pre-filled with the procedure a citizen came from (?thu-tuc=<MaTTHC>)."""
        procedure = procedure_for_code(request.GET.get("thu-tuc"))
        return {"procedure_code": procedure.code, "procedure_text": procedure.title} if procedure else {}

    def process_form_submission(self, form, request):
        """Record a valid submission (with its attachments and the first audit event); returns it."""
        ip_hash = hashed_ip(request, "feedback.submissions")
        return workflow.receive(form.submission_data(), form.cleaned_data["attachments"], ip_hash)

    def render_form(self, request, form, status=200):
        max_size_mb = round(conf.get("CCHC_FEEDBACK_MAX_UPLOAD_SIZE") / 1048576, 1)
        context = {**self.get_context(request), "form": form, "max_size_mb": max_size_mb}
        return TemplateResponse(request, self.form_template, context, status=status)

    def render_landing_page(self, request, submission):
        """The receipt: the tracking code, shown once."""
        context = {**self.get_context(request), "submission": submission}
        return TemplateResponse(request, self.landing_page_template, context)

    # --- routes ----------------------------------------------------------------------------

    @path("")
    def form_route(self, request):
        """The form; a POST is counted against the address's limit only if it is accepted.

        With the cache (Redis) unreachable the limit cannot be checked, and the submission is
        accepted unchecked (a warning is logged): sending a "phản ánh, kiến nghị" is a citizen's
        right with legal deadlines, which an outage of an auxiliary server must not suspend, while
        the harm of letting a few extra through is small: every submission is read by a moderator
        before anything is published, carries the hashed address it came from, and still passes
        the honeypot (and the check question when it is on). A vote, by contrast, is refused
        while the cache is down (polls/voting.py): an unchecked vote would change a published result.
        """
        if request.method != "POST":
            return self.render_form(request, self.get_form(initial=self.get_initial(request)))
        ip_hash = hashed_ip(request, "feedback.submissions")
        if rate_limited("submit", ip_hash, conf.get("CCHC_FEEDBACK_RATE_LIMIT")):
            uncount("submit", ip_hash)
            message = gettext("Too many submissions from your connection. Please try again in an hour.")
            return views.error(request, self, ClientError(429, message))
        try:
            form = self.get_form(request.POST, request.FILES)
            if not form.is_valid():
                uncount("submit", ip_hash)  # a mistake to correct is not a submission
                return self.render_form(request, form, status=400)
            submission = self.process_form_submission(form, request)
        except BaseException:
            uncount("submit", ip_hash)
            raise
        request.session[RECEIPT_SESSION_KEY] = submission.pk
        return HttpResponseRedirect(self.url + self.reverse_subpage("receipt"))

    @path("da-gui/", name="receipt")
    def receipt_route(self, request):
        """The receipt after the redirect; a reload (the code already shown) goes to the look-up."""
        pk = request.session.pop(RECEIPT_SESSION_KEY, None)
        submission = Submission.objects.filter(pk=pk).first() if pk else None
        if submission is None:
            return HttpResponseRedirect(self.url + self.reverse_subpage("lookup"))
        return self.render_landing_page(request, submission)

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


register_metadata(FeedbackAnswersPage)(answers_metadata)
