"""The moderators' side in the Wagtail admin (wagtail-modeladmin): the submissions list, overdue
first; a handling page per submission with one explicit action per transition; units and public
holidays; the dashboard panel; the periodic report (CSV, XLSX) and the attachment download.

Everything about submissions requires the "moderate" permission (cchc_feedback.moderate_submission):
an editor without it sees neither the menu nor any personal data or file. The one edit view is the
public wording's (PublicWordingView): moderators redact what the public pages show, next to the
original, which no view changes."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponseRedirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_required
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import AdminPageChooser
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdminGroup
from wagtail_modeladmin.views import EditView, InspectView

from cchc_pages.core import dates
from cchc_pages.core.modeladmin import GuardedModelAdmin
from cchc_pages.procedures.models import ProcedurePage

from . import report, views, workflow
from .models import (
    OPEN_STATUSES,
    Consent,
    FeedbackUnit,
    Holiday,
    Status,
    Submission,
)

MODERATE = views.MODERATE


def admin_display(description, order_field):
    def decorate(func):
        func.short_description = description
        if order_field:
            func.admin_order_field = order_field
        return func

    return decorate


def overdue_first(queryset):
    """Annotate `overdue` (1 when the current stage's legal deadline has passed) for ordering."""
    today = timezone.localdate()
    return queryset.annotate(
        overdue=Case(
            When(status=Status.RECEIVED, accept_due__lt=today, then=Value(1)),
            When(status__in=OPEN_STATUSES[1:], answer_due__lt=today, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


class ModeratorOnly(PermissionHelper):
    """Listing, handling and the public wording need the moderate permission; submissions are
    never created or deleted by hand, and what the citizen sent is never edited (citizens create
    them, transitions change their handling, the retention command erases). "Edit" is the public
    wording of a submission the citizen agreed to publish (PublicWordingView)."""

    def user_can_list(self, user):
        return user.has_perm(MODERATE)

    def user_can_inspect_obj(self, user, obj):
        return user.has_perm(MODERATE)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return user.has_perm(MODERATE) and obj.consent != Consent.NONE

    def user_can_delete_obj(self, user, obj):
        return False


class ActionForm(forms.Form):
    action = forms.CharField()
    reason = forms.CharField(required=False, max_length=5000)
    unit = forms.ModelChoiceField(queryset=FeedbackUnit.objects.all(), required=False)
    answer = forms.CharField(required=False, max_length=50_000)
    note = forms.CharField(required=False, max_length=5000)
    original_code = forms.CharField(required=False, max_length=40)


class ClassifyForm(forms.Form):
    sector = forms.CharField(label=_("Sector"), required=False, max_length=200)
    procedure_text = forms.CharField(label=_("Procedure concerned"), required=False, max_length=500)
    procedure_page = forms.ModelChoiceField(
        label=_("Procedure page"),
        queryset=None,
        required=False,
        widget=AdminPageChooser(target_models=[ProcedurePage]),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure_page"].queryset = ProcedurePage.objects.all()


class HandleView(InspectView):
    """One submission: details (personal data included: this view needs the permission), files,
    audit trail, and the forms of the actions its status allows."""

    def get_template_names(self):
        return ["feedback/submissions/admin/handle.html"]

    def get_page_title(self):
        return gettext("Handle a submission")

    def get_meta_title(self):
        return gettext("Handle submission %(code)s") % {"code": self.instance.code}

    def get_context_data(self, **kwargs):
        submission = self.instance
        context = super().get_context_data(**kwargs)
        context.update(
            submission=submission,
            attachments=submission.attachments.all(),
            events=submission.events.select_related("user"),
            units=FeedbackUnit.objects.all(),
            classify_form=kwargs.get("classify_form")
            or ClassifyForm(
                initial={
                    "sector": submission.sector,
                    "procedure_text": submission.procedure_text,
                    "procedure_page": submission.procedure_page,
                }
            ),
            Status=Status,
            duplicates=Submission.objects.filter(duplicate_of=submission),
            action_error=kwargs.get("action_error"),
        )
        return context

    def post(self, request, *args, **kwargs):
        submission, user = self.instance, request.user
        form = ActionForm(request.POST)
        if not form.is_valid():
            return self._failed(gettext("The form was not valid."))
        data = form.cleaned_data
        action = data["action"]
        try:
            if action == "accept":
                workflow.accept(submission, user)
            elif action == "reject":
                workflow.reject(submission, user, data["reason"])
            elif action == "assign":
                if data["unit"] is None:
                    return self._failed(gettext("Choose a unit."))
                workflow.assign(submission, user, data["unit"])
            elif action == "process":
                workflow.start_processing(submission, user)
            elif action == "answer":
                workflow.give_answer(submission, user, data["answer"])
            elif action == "publish":
                workflow.publish(submission, user)
            elif action == "unpublish":
                workflow.unpublish(submission, user)
            elif action == "note":
                workflow.add_note(submission, user, data["note"])
            elif action == "merge":
                original = Submission.objects.filter(code=data["original_code"].strip().upper()).first()
                if original is None:
                    return self._failed(gettext("No submission has this tracking code."))
                workflow.merge(submission, user, original)
            elif action == "classify":
                classify = ClassifyForm(request.POST)
                if not classify.is_valid():
                    return self._failed(gettext("The classification was not valid."), classify_form=classify)
                workflow.classify(submission, user, **classify.cleaned_data)
            else:
                return self._failed(gettext("Unknown action."))
        except workflow.TransitionError as failure:
            return self._failed(str(failure))
        messages.success(
            request,
            gettext("Done: %(code)s is now “%(status)s”.")
            % {"code": submission.code, "status": Submission.objects.get(pk=submission.pk).get_status_display()},
        )
        return HttpResponseRedirect(request.path)

    def _failed(self, message, **extra):
        self.instance.refresh_from_db()
        context = self.get_context_data(action_error=message, **extra)
        return self.render_to_response(context, status=400)


class SubmissionButtons(ButtonHelper):
    """A row of the list opens the handling page; its "edit" button is the public wording's."""

    def get_primary_button(self, obj):
        if self.permission_helper.user_can_inspect_obj(self.request.user, obj):
            return self.inspect_button(obj.pk)
        return None

    def edit_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().edit_button(pk, classnames_add, classnames_exclude)
        button.update(label=gettext("Public wording"), title=gettext("Review and edit what the public pages show"))
        return button


class PublicWordingForm(WagtailAdminModelForm):
    """The three public fields only: the form cannot reach the original or the personal data."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("public_subject", "public_content"):
            self.fields[name].required = True
        self.fields["public_name"].help_text = gettext(
            "Leave it empty to show “A citizen”. Never an address, a phone number or a full name."
        )


class PublicWordingView(EditView):
    """The published wording of one submission, editable, next to the original, read-only: a
    moderator removes a name, a phone or a plate number from what the public pages show and
    search, while what the citizen sent stays as it was. Pre-filled from the original the first
    time; saved through workflow.reword (only the public fields, audited)."""

    def get_template_names(self):
        return ["feedback/submissions/admin/wording.html"]

    def get_page_title(self):
        return gettext("Public wording")

    def get_meta_title(self):
        return gettext("Public wording of %(code)s") % {"code": self.instance.code}

    def get_page_subtitle(self):
        return self.instance.code

    def get_form_kwargs(self):
        self.instance.fill_public_wording()  # in memory: shown pre-filled, saved only on "Save"
        return super().get_form_kwargs()

    def get_success_url(self):
        return self.url_helper.get_action_url("inspect", quote(self.instance.pk))

    def get_context_data(self, **kwargs):
        original = Submission.objects.get(pk=self.instance.pk)
        return super().get_context_data(original=original, handle_url=self.get_success_url(), **kwargs)

    def form_invalid(self, form):
        response = super().form_invalid(form)  # the form again, with its errors
        response.status_code = 400
        return response

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            workflow.reword(
                self.instance, self.request.user, data["public_subject"], data["public_content"], data["public_name"]
            )
        except workflow.TransitionError as failure:
            form.add_error(None, str(failure))
            return self.form_invalid(form)
        messages.success(
            self.request, gettext("The public wording of %(code)s is saved.") % {"code": self.instance.code}
        )
        return HttpResponseRedirect(self.get_success_url())


class SubmissionAdmin(GuardedModelAdmin):
    model = Submission
    menu_label = _("Submissions")
    menu_icon = "mail"
    inspect_view_enabled = True
    inspect_view_class = HandleView
    edit_view_class = PublicWordingView
    permission_helper_class = ModeratorOnly
    button_helper_class = SubmissionButtons
    edit_handler = ObjectList(
        [
            FieldPanel("public_subject", heading=pgettext_lazy("feedback", "Public subject")),
            FieldPanel("public_content", heading=_("Public question text")),
            FieldPanel("public_name", heading=_("Public identity")),
        ],
        base_form_class=PublicWordingForm,
    )
    list_display = ("code", "subject", "status_label", "unit", "received_at", "deadline")
    list_filter = ("status", "unit")
    search_fields = ("code", "subject", "full_name", "phone", "email")  # moderators only
    list_per_page = 50
    index_template_name = "feedback/submissions/admin/index.html"

    def get_queryset(self, request):
        queryset = overdue_first(Submission.objects.select_related("unit"))
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ["-overdue", "-received_at"]

    @admin_display(_("status"), "status")
    def status_label(self, obj):
        return obj.get_status_display()

    @admin_display(_("deadline"), None)
    def deadline(self, obj):
        due = obj.due_date
        if due is None:
            return "–"
        if obj.is_overdue:
            return format_html(
                '<strong class="w-text-critical-200">⚠ {} – {}</strong>', dates.format_date(due), gettext("overdue")
            )
        return dates.format_date(due)


class UnitAdmin(GuardedModelAdmin):
    model = FeedbackUnit
    menu_label = _("Units")
    menu_icon = "group"
    list_display = ("name", "email")


class HolidayAdmin(GuardedModelAdmin):
    model = Holiday
    menu_label = _("Public holidays")
    menu_icon = "date"
    list_display = ("date", "name")
    list_filter = ("date",)


class FeedbackGroup(ModelAdminGroup):
    menu_label = _("Citizen feedback")
    menu_icon = "mail"
    menu_order = 250
    items = (SubmissionAdmin, UnitAdmin, HolidayAdmin)


class DashboardPanel(Component):
    """Counts per status and the overdue submissions, for moderators, on the admin home page."""

    name = "cchc_feedback_submissions"
    order = 150
    template_name = "feedback/submissions/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        counts = report.counts_by_status(Submission.objects.all())
        overdue = overdue_first(Submission.objects.filter(status__in=OPEN_STATUSES)).filter(overdue=1)
        return {
            "counts": counts,
            "overdue_count": overdue.count(),
            "overdue": overdue.order_by("received_at")[:10],
            "index_url": reverse("cchc_feedback_submission_modeladmin_index"),
            "report_url": reverse(f"{ADMIN_NAMESPACE}:report"),
        }


def construct_homepage_panels(request, panels):
    if request.user.has_perm(MODERATE):
        panels.append(DashboardPanel(request))


# The admin URLs' namespace: reverse("cchc_feedback_admin:report"), ("...:attachment", args=[pk]).
ADMIN_NAMESPACE = "cchc_feedback_admin"


@permission_required(MODERATE)  # without it: Wagtail's "no permission" message and redirect
def export_report(request):
    return report.export(request)


def admin_urls():
    download = views.download_attachment
    urls = [path("tep/<int:pk>/", download, name="attachment"), path("bao-cao/", export_report, name="report")]
    return [
        path("phan-anh/", include((urls, ADMIN_NAMESPACE))),
        # The names before the namespace, kept for templates that a site overrides.
        path("phan-anh/tep/<int:pk>/", download, name="cchc_feedback_attachment"),
        path("phan-anh/bao-cao/", export_report, name="cchc_feedback_report"),
    ]
