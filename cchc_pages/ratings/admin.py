"""The admin's view of "was this useful?": the pages ranked least useful first, and one page's
answers with their reasons and comments, each for a date range and as CSV/XLSX (Wagtail's
ReportView and its SpreadsheetExportMixin). Comments are citizens' free text, so both need the
"view page rating" permission."""

import django_filters
from django.db.models import Case, Count, ExpressionWrapper, F, FloatField, IntegerField, Q, When
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from ..core import conf
from .models import PageRating, Reason

permission_policy = ModelPermissionPolicy(PageRating)


class RatingDatesFilterSet(WagtailFilterSet):
    """The date range of the answers counted (both ends included)."""

    rated_from = django_filters.DateFilter(
        label=pgettext_lazy("page rating", "Answers from"), method="keep", widget=AdminDateInput
    )
    rated_to = django_filters.DateFilter(
        label=pgettext_lazy("page rating", "Answers until"), method="keep", widget=AdminDateInput
    )

    def keep(self, queryset, name, value):
        return queryset  # the range is applied to the answers, see RatingRange

    def is_valid(self):
        if not super().is_valid():
            return False
        start, end = self.form.cleaned_data.get("rated_from"), self.form.cleaned_data.get("rated_to")
        if start and end and start > end:
            self.form.add_error("rated_to", _("The end of the range is before its start."))
            return False
        return True

    class Meta:
        model = PageRating
        fields = []


class RatingRange:
    """The filter's date range as lookups on PageRating (prefix: the path to it)."""

    filterset_class = RatingDatesFilterSet

    def range_q(self, prefix=""):
        query = Q()
        if self.filters is not None and self.filters.is_valid():
            start = self.filters.form.cleaned_data.get("rated_from")
            end = self.filters.form.cleaned_data.get("rated_to")
            if start:
                query &= Q(**{f"{prefix}created_at__date__gte": start})
            if end:
                query &= Q(**{f"{prefix}created_at__date__lte": end})
        return query

    def get(self, request, *args, **kwargs):
        if self.filters is not None and not self.filters.is_valid() and self.is_export:
            errors = "; ".join(str(e) for errors in self.filters.form.errors.values() for e in errors)
            return HttpResponseBadRequest(_("The date range is not valid: %(errors)s") % {"errors": errors})
        return super().get(request, *args, **kwargs)


def _percent(value):
    return "–" if value is None else f"{number_format(value * 100, 0)} %"


class LeastUsefulView(RatingRange, ReportView):
    """Pages with answers in the range, least useful first. Pages with fewer answers than
    CCHC_RATING_RANKING_MIN come after the ranked ones: two "no"s are not yet a verdict."""

    page_title = gettext_lazy("Usefulness of the information")
    header_icon = "help"
    index_url_name = "cchc_ratings_report"
    index_results_url_name = "cchc_ratings_report_results"
    permission_policy = permission_policy
    permission_required = "view"
    export_filename = "danh-gia-huu-ich"
    list_export = ["title", "url_path", "total", "yes", "no", "useful_share", "top_reason"]
    no_results_message = gettext_lazy("No page has been rated in this period.")

    @cached_property
    def export_headings(self):
        return {
            "title": pgettext_lazy("page rating", "Page"),
            "url_path": pgettext_lazy("page rating", "Address"),
            "total": pgettext_lazy("page rating", "Answers"),
            "yes": pgettext_lazy("page rating", "Useful"),
            "no": pgettext_lazy("page rating", "Not useful"),
            "useful_share": pgettext_lazy("page rating", "Share useful"),
            "top_reason": pgettext_lazy("page rating", "Most given reason"),
        }

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=pgettext_lazy("page rating", "Page"),
                get_url=lambda page: reverse("cchc_ratings_page", args=[page.pk]),
            ),
            Column("total", label=pgettext_lazy("page rating", "Answers")),
            Column("yes", label=pgettext_lazy("page rating", "Useful")),
            Column("no", label=pgettext_lazy("page rating", "Not useful")),
            Column("share_text", label=pgettext_lazy("page rating", "Share useful")),
            Column("top_reason", label=pgettext_lazy("page rating", "Most given reason")),
        ]

    def get_queryset(self):
        in_range = self.range_q("cchc_ratings__")
        share = ExpressionWrapper(F("yes") * 1.0 / F("total"), output_field=FloatField())
        ranked = Case(
            When(total__gte=conf.get("CCHC_RATING_RANKING_MIN"), then=0), default=1, output_field=IntegerField()
        )
        return (
            Page.objects.annotate(
                total=Count("cchc_ratings", filter=in_range),
                yes=Count("cchc_ratings", filter=in_range & Q(cchc_ratings__useful=True)),
                no=Count("cchc_ratings", filter=in_range & Q(cchc_ratings__useful=False)),
            )
            .filter(total__gt=0)
            .annotate(useful_share=share, unranked=ranked)
            .order_by("unranked", "useful_share", "-no", "title", "pk")
            .only("id", "title", "url_path")
        )

    def decorate_paginated_queryset(self, object_list):
        """The most given reason of each page listed: one query for the whole page of results."""
        pages = list(object_list)
        rows = (
            PageRating.objects.filter(self.range_q(), page__in=[p.pk for p in pages], useful=False)
            .exclude(reason="")
            .values("page", "reason")
            .annotate(n=Count("id"))
            .order_by("page", "-n", "reason")
        )
        top = {}
        for row in rows:
            top.setdefault(row["page"], row["reason"])
        labels = dict(Reason.choices)
        for page in pages:
            page.top_reason = str(labels.get(top.get(page.pk), ""))
            page.share_text = _percent(page.useful_share)
            page.useful_share = round(page.useful_share, 4)
        return pages

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(self.decorate_paginated_queryset(queryset), spreadsheet_format)


class PageAnswersView(RatingRange, ReportView):
    """One page's answers in the range: totals per answer and reason above, each answer below."""

    header_icon = "help"
    index_url_name = "cchc_ratings_page"
    index_results_url_name = "cchc_ratings_page_results"
    results_template_name = "cchc_pages/admin/ratings/page_results.html"
    permission_policy = permission_policy
    permission_required = "view"
    list_export = ["created_at", "answer", "reason_label", "comment"]
    no_results_message = gettext_lazy("This page has no answers in this period.")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.rated_page = get_object_or_404(Page, pk=kwargs["page_id"])

    def get_page_title(self):
        return _("Usefulness: %(title)s") % {"title": self.rated_page.title}

    def get_filename(self):
        return f"danh-gia-huu-ich-trang-{self.rated_page.pk}"

    @cached_property
    def index_url(self):
        return reverse(self.index_url_name, args=[self.rated_page.pk])

    @cached_property
    def index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.rated_page.pk])

    def get_export_url(self, format):
        params = self.request.GET.copy()
        params["export"] = format
        return self.index_url + "?" + params.urlencode()

    @cached_property
    def export_headings(self):
        return {
            "created_at": pgettext_lazy("page rating", "Rated at"),
            "answer": pgettext_lazy("page rating", "Answer"),
            "reason_label": pgettext_lazy("page rating", "Reason"),
            "comment": pgettext_lazy("page rating", "Comment"),
        }

    @cached_property
    def columns(self):
        return [
            DateColumn("created_at", label=pgettext_lazy("page rating", "Rated at")),
            Column("answer", label=pgettext_lazy("page rating", "Answer")),
            Column("reason_label", label=pgettext_lazy("page rating", "Reason")),
            Column("comment", label=pgettext_lazy("page rating", "Comment")),
        ]

    def get_queryset(self):
        return PageRating.objects.filter(self.range_q(), page=self.rated_page).order_by("-created_at", "-pk")

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        for rating in rows:
            rating.answer = str(
                pgettext_lazy("page rating", "Yes") if rating.useful else pgettext_lazy("page rating", "No")
            )
            rating.reason_label = rating.get_reason_display()
        return rows

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(self.decorate_paginated_queryset(queryset), spreadsheet_format)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        answers = PageRating.objects.filter(self.range_q(), page=self.rated_page)
        totals = answers.aggregate(total=Count("id"), yes=Count("id", filter=Q(useful=True)))
        reasons = dict(answers.filter(useful=False).values_list("reason").annotate(n=Count("id")).order_by())
        context.update(
            rated_page=self.rated_page,
            total=totals["total"],
            yes=totals["yes"],
            no=totals["total"] - totals["yes"],
            share=_percent(totals["yes"] / totals["total"]) if totals["total"] else "–",
            reasons=[(label, reasons.get(value, 0)) for value, label in Reason.choices],
            no_reason=reasons.get("", 0),
            report_url=reverse("cchc_ratings_report"),
        )
        return context


def admin_urls():
    return [
        path("cchc-huu-ich/", LeastUsefulView.as_view(), name="cchc_ratings_report"),
        path("cchc-huu-ich/results/", LeastUsefulView.as_view(results_only=True), name="cchc_ratings_report_results"),
        path("cchc-huu-ich/<int:page_id>/", PageAnswersView.as_view(), name="cchc_ratings_page"),
        path(
            "cchc-huu-ich/<int:page_id>/results/",
            PageAnswersView.as_view(results_only=True),
            name="cchc_ratings_page_results",
        ),
    ]


class RatingsMenuItem(MenuItem):
    def is_shown(self, request):
        return permission_policy.user_has_permission(request.user, "view")


def menu_item():
    return RatingsMenuItem(
        pgettext_lazy("admin menu", "Usefulness of the information"),
        reverse("cchc_ratings_report"),
        icon_name="help",
        order=800,
    )
