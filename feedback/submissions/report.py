"""The periodic report on citizens' feedback: counts per status, per unit, on time against late;
as CSV or XLSX, for submissions received in a year (or all)."""

from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext

from cchc_pages.core import dates
from cchc_pages.core.spreadsheets import XLSX, spreadsheet_response

from .models import OPEN_STATUSES, Status, Submission


def counts_by_status(queryset):
    found = dict(queryset.values_list("status").annotate(n=Count("pk")).order_by())
    return [(label, found.get(value, 0), value) for value, label in Status.choices]


def timeliness(submissions):
    """(answered on time, answered late, open within deadline, open overdue) of `submissions`."""
    on_time = late = open_ok = open_late = 0
    for item in submissions:
        if item.answered_at:
            if item.answered_on_time is False:
                late += 1
            else:
                on_time += 1
        elif item.status in OPEN_STATUSES:
            if item.is_overdue:
                open_late += 1
            else:
                open_ok += 1
    return on_time, late, open_ok, open_late


def rows(year=None):
    """The report as a list of rows (lists of cells), sections separated by an empty row."""
    queryset = Submission.objects.all()
    if year:
        queryset = queryset.filter(received_at__year=year)
    period = str(year) if year else gettext("all years")
    items = list(
        queryset.select_related("unit").only(
            "status", "unit__name", "answered_at", "answer_due", "accept_due", "received_at"
        )
    )
    out = [
        [gettext("Report on citizens' feedback"), period],
        [gettext("Generated"), dates.format_datetime(timezone.now())],
        [],
    ]
    out.append([gettext("Status"), gettext("Submissions")])
    for label, count, _value in counts_by_status(queryset):
        out.append([str(label), count])
    out.append([gettext("Total"), len(items)])
    out.append([])
    headings = [
        gettext("Answered on time"),
        gettext("Answered late"),
        gettext("Open, within deadline"),
        gettext("Open, overdue"),
    ]
    out.append([gettext("Unit"), gettext("Submissions"), *headings])
    by_unit = {}
    for item in items:
        by_unit.setdefault(item.unit.name if item.unit else gettext("(not assigned)"), []).append(item)
    for unit in sorted(by_unit):
        out.append([unit, len(by_unit[unit]), *timeliness(by_unit[unit])])
    out.append([gettext("Total"), len(items), *timeliness(items)])
    return out


def export(request):
    raw_year = request.GET.get("nam", "").strip()
    if raw_year and not (raw_year.isdigit() and 1900 < int(raw_year) < 3000):
        return TemplateResponse(
            request,
            "feedback/submissions/admin/report_error.html",
            {"error_message": gettext("“%(year)s” is not a valid year.") % {"year": raw_year[:20]}},
            status=400,
        )
    year = int(raw_year) if raw_year else None
    table = rows(year)
    name = f"bao-cao-phan-anh-{year or 'tat-ca'}"
    if request.GET.get("format") == XLSX:
        return spreadsheet_response(table, name, XLSX, sheet_title=gettext("Report"), column_widths={"A": 40})
    return spreadsheet_response(table, name)
