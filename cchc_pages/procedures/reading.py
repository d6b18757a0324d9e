"""Reading procedure files: JSON, CSV and XLSX in the national record shape (see record.py), into
[(position label, raw record)] for importing.py to check; ImportFileError when the file as a whole
cannot be read."""

import csv
import datetime
import io
import json
import zipfile
from pathlib import Path

from django.utils.translation import gettext
from openpyxl import load_workbook

from ..core.ooxml import PackageError, check_package
from .record import NESTED_KEYS

FORMATS = ("json", "csv", "xlsx")


class ImportFileError(Exception):
    """The file as a whole cannot be read (too big, not JSON, no header...)."""


def detect_format(filename):
    ext = Path(filename or "").suffix.lower().lstrip(".")
    if ext not in FORMATS:
        raise ImportFileError(
            gettext("Unsupported file type “%(ext)s”: use a .json, .csv or .xlsx file.") % {"ext": ext or "?"}
        )
    return ext


def read_records(data, fmt, max_bytes=None):
    """[(position label, raw record)] from the bytes of a file; ImportFileError if unreadable."""
    if max_bytes is not None and len(data) > max_bytes:
        raise ImportFileError(
            gettext("The file is %(size)s MB; the largest accepted is %(limit)s MB.")
            % {"size": megabytes(len(data)), "limit": megabytes(max_bytes)}
        )
    if fmt == "json":
        return _read_json(data)
    if fmt == "csv":
        return _read_csv(data)
    if fmt == "xlsx":
        return _read_xlsx(data)
    raise ImportFileError(gettext("Unsupported format “%(fmt)s”.") % {"fmt": fmt})


def megabytes(size):
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _json_position(n):
    return gettext("Record %(n)s") % {"n": n}


def _row_position(n):
    return gettext("Row %(n)s") % {"n": n}


def _read_json(data):
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFileError(gettext("The file is not UTF-8 text.")) from None
    except json.JSONDecodeError as error:
        raise ImportFileError(
            gettext("The file is not valid JSON (line %(line)s, column %(col)s).")
            % {"line": error.lineno, "col": error.colno}
        ) from None
    if isinstance(payload, dict):
        payload = payload.get("data", payload.get("DATA"))
    if not isinstance(payload, list):
        raise ImportFileError(gettext('The JSON file must hold a list of procedure records (or {"data": [...]}).'))
    return [(_json_position(i), item) for i, item in enumerate(payload, start=1)]


def _cells_to_record(header, cells, position):
    record = {}
    for key, value in zip(header, cells, strict=False):
        if not key:
            continue
        value = "" if value is None else value
        if key in NESTED_KEYS and isinstance(value, str):
            if value.strip():
                try:
                    value = json.loads(value)
                except json.JSONDecodeError:
                    value = CellError(key)
            else:
                value = None
        record[key] = value
    return record


class CellError:
    """A nested cell that is not valid JSON: reported when its record is checked."""

    def __init__(self, key):
        self.key = key


def _normalise_header(header):
    return [str(h or "").strip().upper() for h in header]


def _check_header(header):
    if "MATTHC" not in header:
        raise ImportFileError(gettext("The first row must hold the column names; the column MATTHC is missing."))


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(gettext("The file is not UTF-8 text.")) from None
    if "\0" in text:
        raise ImportFileError(gettext("The file is not a CSV text file."))
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ImportFileError(gettext("The CSV file cannot be read: %(error)s") % {"error": error}) from None
    if not rows:
        raise ImportFileError(gettext("The file is empty."))
    header = _normalise_header(rows[0])
    _check_header(header)
    return [
        (_row_position(n), _cells_to_record(header, row, n))
        for n, row in enumerate(rows[1:], start=2)
        if any(cell.strip() for cell in row)
    ]


def _read_xlsx(data):
    try:
        # A zip bomb would be inflated row by row into memory: refuse it before openpyxl reads it.
        check_package(io.BytesIO(data))
    except PackageError as error:
        if error.reason == "bomb":
            raise ImportFileError(
                gettext("The workbook unpacks to far more data than a list of procedures holds; it was not read.")
            ) from None
        # Other reasons do not matter here: only cell values are read, nothing is kept or opened.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise ImportFileError(gettext("The file is not a readable Excel (.xlsx) workbook.")) from None
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    if not rows:
        raise ImportFileError(gettext("The file is empty."))
    header = _normalise_header(rows[0])
    _check_header(header)
    records = []
    for n, row in enumerate(rows[1:], start=2):
        cells = [_xlsx_cell(c) for c in row]
        if any(str(c).strip() for c in cells if c is not None):
            records.append((_row_position(n), _cells_to_record(header, cells, n)))
    return records


def _xlsx_cell(value):
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return value
