"""Admin for polls and rating targets (wagtail-modeladmin), plus per-poll results, chart and CSV."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import permission_required
from wagtail_modeladmin.options import ModelAdminGroup
from wagtail_modeladmin.views import DeleteView

from cchc_pages.core.modeladmin import GuardedModelAdmin
from cchc_pages.core.spreadsheets import spreadsheet_response

from . import charts
from .models import Ballot, BallotChoice, Poll, RatingTarget


class KeepVotesDeleteView(DeleteView):
    """Votes are the department's satisfaction evidence: what has ballots is archived, not deleted."""

    def post(self, request, *args, **kwargs):
        if self.instance.ballots.exists():
            messages.error(request, self.refusal())
            return redirect(self.index_url)
        return super().post(request, *args, **kwargs)

    def refusal(self):
        if isinstance(self.instance, Poll):
            return _("“%(poll)s” already has votes and cannot be deleted; archive it instead.") % {
                "poll": self.instance
            }
        return _("“%(target)s” has been rated and cannot be deleted; untick “active” instead.") % {
            "target": self.instance
        }


class PollAdmin(GuardedModelAdmin):
    model = Poll
    delete_view_class = KeepVotesDeleteView
    menu_label = gettext_lazy("Polls")
    menu_icon = "list-ul"
    list_display = ("question", "opens_at", "closes_at", "state", "ballot_count", "results_link")
    list_filter = ("archived", "results_visibility")
    search_fields = ("question",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_ballots=Count("ballots"))

    def state(self, poll):
        if poll.archived:
            return _("Archived")
        if poll.is_open():
            return _("Open")
        return _("Closed") if poll.has_closed() else _("Not open yet")

    state.short_description = gettext_lazy("state")

    def ballot_count(self, poll):
        return poll.n_ballots

    ballot_count.short_description = gettext_lazy("votes")

    def results_link(self, poll):
        return format_html('<a href="{}">{}</a>', reverse(f"{ADMIN_NAMESPACE}:results", args=[poll.pk]), _("Results"))

    results_link.short_description = gettext_lazy("results")


class RatingTargetAdmin(GuardedModelAdmin):
    model = RatingTarget
    delete_view_class = KeepVotesDeleteView
    menu_label = gettext_lazy("Counters and officers")
    menu_icon = "user"
    list_display = ("code", "name", "label", "kind", "active", "sign_link")
    list_filter = ("kind", "active")
    search_fields = ("name", "label", "code")

    def sign_link(self, target):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("feedback:rate_qr", args=[target.code]),
            _("Printable QR sign"),
        )

    sign_link.short_description = gettext_lazy("QR sign")


class PollsGroup(ModelAdminGroup):
    menu_label = gettext_lazy("Polls")
    menu_icon = "list-ul"
    menu_order = 400
    items = (PollAdmin, RatingTargetAdmin)


# --- results, chart and CSV ------------------------------------------------------------------

# Without it: Wagtail's "no permission" message and redirect to the dashboard.
poll_permission = permission_required("cchc_feedback.change_poll")
# The admin URLs' namespace: reverse("cchc_polls_admin:results", args=[poll.pk]).
ADMIN_NAMESPACE = "cchc_polls_admin"


@poll_permission
def results(request, poll_id):
    poll = get_object_or_404(Poll.objects.prefetch_related("choices", "targets"), pk=poll_id)
    by = "week" if request.GET.get("by") == "week" else "day"
    timeline = poll.timeline(by)
    choices = list(poll.choices.all())
    context = {
        "poll": poll,
        "results": poll.results(),
        "by": by,
        "chart": charts.timeline_svg(timeline, by),
        "timeline": [(day, [counts.get(c.pk, 0) for c in choices], total) for day, counts, total in timeline],
        "choices": choices,
        "target_results": poll.target_results(published_only=False) if poll.is_rating else None,
        "with_dossier": poll.ballots.exclude(dossier_code="").count(),
    }
    return TemplateResponse(request, "feedback/polls/admin/results.html", context)


@poll_permission
def results_csv(request, poll_id):
    poll = get_object_or_404(Poll, pk=poll_id)
    table = [[_("Counter/officer"), _("Quarter"), _("Poll answer"), _("Votes"), _("Percent"), _("Total votes")]]
    overall = poll.results()
    for row in overall["choices"]:
        table.append([_("All"), _("All"), row["label"], row["votes"], row["percent"], overall["total"]])
    for target, cells in poll.target_results(published_only=False) if poll.is_rating else []:
        for quarter, total, result in cells:
            for row in result["choices"]:
                table.append([target.code, quarter, row["label"], row["votes"], row["percent"], total])
    return spreadsheet_response(table, f"binh-chon-{poll.pk}-ket-qua")


@poll_permission
def ballots_csv(request, poll_id):
    """Every ballot without anything that could point at a voter: no IP hash, nonce or dossier
    code, and times rounded down to the hour."""
    poll = get_object_or_404(Poll, pk=poll_id)
    table = [[_("Ballot"), _("Hour"), _("Counter/officer"), _("Answers")]]
    labels = dict(poll.choices.values_list("pk", "label"))
    picks = {}
    for ballot_id, choice_id in BallotChoice.objects.filter(ballot__poll=poll).values_list("ballot_id", "choice_id"):
        picks.setdefault(ballot_id, []).append(labels.get(choice_id, ""))
    rows = Ballot.objects.filter(poll=poll).order_by("created_at", "pk").values_list("pk", "created_at", "target__code")
    for number, (ballot_id, created_at, code) in enumerate(rows.iterator(), start=1):
        hour = timezone.localtime(created_at).replace(minute=0, second=0, microsecond=0)
        table.append([number, hour.strftime("%Y-%m-%d %H:00"), code or "", "; ".join(sorted(picks.get(ballot_id, [])))])
    return spreadsheet_response(table, f"binh-chon-{poll.pk}-phieu")


_urls = [
    path("<int:poll_id>/results/", results, name="results"),
    path("<int:poll_id>/results.csv", results_csv, name="results_csv"),
    path("<int:poll_id>/ballots.csv", ballots_csv, name="ballots_csv"),
]
urlpatterns = [path("cchc-polls/", include((_urls, ADMIN_NAMESPACE)))]
