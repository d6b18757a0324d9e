"""Admin of the one-stop evaluation: the dossiers' evaluations, where the one-stop shop records the
indicators that come from the dossier (indicators.DOSSIER), and the roll-up report per officer,
counter, unit and quarter with its CSV/XLSX download. Both need the model's "change" permission:
the report shows unpublished quarters too."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from wagtail.admin.auth import permission_required
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.views import CreateView, EditView

from cchc_pages.core.errors import ClientError
from cchc_pages.core.modeladmin import GuardedModelAdmin
from cchc_pages.core.spreadsheets import CSV, XLSX, spreadsheet_response

from . import indicators, scoring
from .models import DossierEvaluation
from .rating import normalize

ADMIN_NAMESPACE = "cchc_evaluation_admin"
evaluation_permission = permission_required("cchc_feedback.change_dossierevaluation")


class RecordingMixin:
    """Saving the form records who gave the dossier-side scores and when (the model's clean()
    normalizes the code)."""

    def form_valid(self, form):
        instance = form.instance
        if any(field in form.changed_data for field in (i.field for i in indicators.DOSSIER_INDICATORS)):
            instance.recorded_by = self.request.user
            instance.recorded_at = timezone.now()
        if instance.target_id and not instance.unit_id:
            instance.unit_id = instance.target.unit_id
        return super().form_valid(form)


class RecordCreateView(RecordingMixin, CreateView):
    def get_initial(self):
        """The dossier code typed in the report's "record" box."""
        initial = super().get_initial()
        try:
            initial["dossier_code"] = normalize(self.request.GET.get("ma-ho-so", ""))
        except ClientError:
            pass
        return initial


class RecordEditView(RecordingMixin, EditView):
    pass


class DossierEvaluationAdmin(GuardedModelAdmin):
    model = DossierEvaluation
    create_view_class = RecordCreateView
    edit_view_class = RecordEditView
    menu_label = gettext_lazy("One-stop evaluation")
    menu_icon = "tasks"
    menu_order = 410
    add_to_settings_menu = False
    list_display = ("dossier_code", "target", "created_at", "citizen", "dossier_side", "points", "report_link")
    list_filter = ("target__kind",)
    search_fields = ("dossier_code", "procedure_code")
    list_select_related = ("target",)

    def citizen(self, evaluation):
        return pgettext("one-stop evaluation", "Rated") if evaluation.citizen_rated else "–"

    citizen.short_description = gettext_lazy("citizen's rating")

    def dossier_side(self, evaluation):
        given = sum(getattr(evaluation, i.field) is not None for i in indicators.DOSSIER_INDICATORS)
        return f"{given}/{len(indicators.DOSSIER_INDICATORS)}"

    dossier_side.short_description = gettext_lazy("dossier indicators given")

    def points(self, evaluation):
        return f"{evaluation.total}/{indicators.MAX_TOTAL}"

    points.short_description = pgettext_lazy("one-stop evaluation", "points")

    def report_link(self, evaluation):
        return format_html(
            '<a href="{}">{}</a>', reverse(f"{ADMIN_NAMESPACE}:report"), pgettext("one-stop evaluation", "Report")
        )

    report_link.short_description = pgettext_lazy("one-stop evaluation", "report")


def _report_rows(by):
    """The header and rows of the report (every quarter, published or not)."""
    heading = {
        scoring.TARGET: _("Counter or officer"),
        scoring.UNIT: pgettext("one-stop evaluation", "Unit"),
        scoring.QUARTER: _("Quarter"),
    }[by]
    header = [
        heading,
        pgettext("one-stop evaluation", "Kind"),
        _("Quarter"),
        _("Dossiers rated"),
        _("Complete evaluations"),
    ]
    header.append(_("Average points (of %(n)d)") % {"n": indicators.MAX_TOTAL})
    header += [_("Indicator %(n)d") % {"n": i.number} for i in indicators.INDICATORS]
    header.append(_("Published dossiers"))
    rows = []
    found = scoring.cells()
    published = {(r.key, r.year, r.quarter): r.n for r in scoring.rollups(by, True, of_cells=found)}
    for rollup in scoring.rollups(by, False, of_cells=found):
        label = rollup.label if by != scoring.QUARTER else _("All")
        rows.append(
            [label, rollup.kind, rollup.quarter_label, rollup.n, rollup.complete, rollup.average_total]
            + rollup.averages
            + [published.get((rollup.key, rollup.year, rollup.quarter), 0)]
        )
    return header, rows


@evaluation_permission
def report(request):
    return _report(request)


def _report(request, error=None, status=200):
    by = request.GET.get("theo", scoring.TARGET)
    if by not in scoring.DIMENSIONS:
        by = scoring.TARGET
    header, rows = _report_rows(by)
    fmt = request.GET.get("export")
    if fmt in (CSV, XLSX):
        return spreadsheet_response([header, *rows], f"danh-gia-mot-cua-{by}", fmt)
    context = {
        "header": header,
        "rows": rows,
        "by": by,
        "dimensions": [
            (scoring.TARGET, _("Counter or officer")),
            (scoring.UNIT, pgettext("one-stop evaluation", "Unit")),
            (scoring.QUARTER, _("Quarter")),
        ],
        "indicators": indicators.INDICATORS,
        "minimum_published": scoring.conf.get("CCHC_POLL_MIN_PUBLISHED_VOTES"),
        "list_url": DossierEvaluationAdmin().url_helper.index_url,
        "error": error,
    }
    return TemplateResponse(request, "feedback/evaluation/admin/report.html", context, status=status)


@evaluation_permission
def find(request):
    """Open a dossier's evaluation by its code (typed at the desk), or start one for it."""
    raw = request.GET.get("ma-ho-so", "")
    try:
        code = normalize(raw)
    except ClientError as error:  # no code yet: the report and its box; a bad one: why, 400
        return _report(request, error=error.message if raw.strip() else None, status=400 if raw.strip() else 200)
    evaluation = DossierEvaluation.objects.filter(dossier_code=code).first()
    helper = DossierEvaluationAdmin().url_helper
    if evaluation is None:
        return redirect(helper.create_url + "?ma-ho-so=" + code)
    return redirect(helper.get_action_url("edit", evaluation.pk))


_urls = [
    path("", report, name="report"),
    path("find/", find, name="find"),
]
urlpatterns = [path("cchc-evaluation/", include((_urls, ADMIN_NAMESPACE)))]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("cchc_feedback.change_dossierevaluation")


def menu_item():
    return ReportMenuItem(
        pgettext_lazy("admin menu", "One-stop evaluation"),
        reverse(f"{ADMIN_NAMESPACE}:report"),
        icon_name="tasks",
        order=810,
    )
