"""Tabular downloads: CSV that Excel opens with its Vietnamese letters intact, and XLSX.

Every CSV or XLSX the apps offer (the procedure export, a plan's appendix, poll results and
ballots, the feedback report) goes through `spreadsheet_response`. Wagtail's own
SpreadsheetExportMixin (wagtail.admin.views.mixins) exports a ListView's queryset by its
``list_export`` fields and writes CSV without a byte-order mark, which Excel reads in the local
code page; these downloads are page routes and report rows, so they share this helper, which
keeps the mixin's guard against text a spreadsheet would run as a formula.
"""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

CSV = "csv"
XLSX = "xlsx"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def csv_bytes(rows):
    """`rows` (lists of cells) as UTF-8 CSV with a byte-order mark, lines ending in CRLF."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that Excel opens the UTF-8 file with its Vietnamese letters intact
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows, *, sheet_title=None, column_widths=None):
    """`rows` as a one-sheet workbook; text starting with "=" stays text, never a formula."""
    book = Workbook()
    sheet = book.active
    if sheet_title:
        sheet.title = str(sheet_title)[:31]  # Excel's limit for a sheet name
    for row in rows:
        sheet.append(list(row))
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
    for column, width in (column_widths or {}).items():
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def spreadsheet_response(rows, name, fmt=CSV, **xlsx_options):
    """A download of `rows` (header first) as `name`.csv or `name`.xlsx."""
    content = xlsx_bytes(rows, **xlsx_options) if fmt == XLSX else csv_bytes(rows)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
