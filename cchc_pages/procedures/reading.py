"""Reading procedure files into [(position label, raw record)] for importing.py to check;
ImportFileError when the file as a whole cannot be read. What is read, as the national portal and
its services give it (docs/procedures.md, "Formats"):

- JSON: a list of records; {"data": [...]}; the LGSP/NDXP reply {"error_code", "result": [...]}
  (an error_code other than 0 stops the run with the code and message); a provincial proxy's
  {"message": "<that reply as a JSON string>"}; a portal rest.jsp list (flat rows with TTHC_MA or
  PROCEDURE_CODE, read as a list import).
- CSV/XLSX: this site's export (a header row of record keys), or the portal's "Danh sách TTHC"
  list (layout A, "Mã số | Tên | Cơ quan ban hành | Cơ quan thực hiện | Lĩnh vực", under a title
  row; layout B, "Mã TTHC | Tên TTHC | ..."), the header row found by its content.
"""

import csv
import datetime
import io
import json
import zipfile
from pathlib import Path

from django.utils.translation import gettext
from openpyxl import load_workbook

from ..core.ooxml import PackageError, check_package
from ..core.text import fold
from .record import NESTED_KEYS

FORMATS = ("json", "csv", "xlsx")
# Captions of the portal's XLSX lists (national spec §7), folded -> record key. Layout A (found
# in real files) and layout B (expected by a reader of export_exel_list_tthc.jsp).
LIST_CAPTIONS = {
    "ma so": "MATTHC",
    "ten": "TENTTHC",
    "co quan ban hanh": "TENCOQUANCONGBO",
    "co quan thuc hien": "COQUANTHUCHIEN",
    "linh vuc": "LINHVUCTHUCHIEN",
    "ma tthc": "MATTHC",
    "ten tthc": "TENTTHC",
    "doi tuong": "DOITUONGTHUCHIEN",
    "co quan cong khai": "TENCOQUANCONGBO",
    "cap thuc hien": "CAPTHUCHIEN",
    "tinh trang": "TRANGTHAI",
    "qd cong bo": "QUYETDINHCONGBO",
}
# rest.jsp rows (upper-case English keys, national spec §1.3, §6.4) -> record key.
REST_KEYS = {"TTHC_MA": "MATTHC", "PROCEDURE_CODE": "MATTHC", "NAME": "TENTTHC", "PROCEDURE_NAME": "TENTTHC"}
HEADER_SEARCH_ROWS = 20


class Records(list):
    """[(position, raw record)], with how the file reads: mode "full" (records, merged field by
    field) or "list" (a list of procedures: code, name, agencies, sector), and its layout."""

    def __init__(self, items=(), mode="full", layout="records"):
        super().__init__(items)
        self.mode, self.layout = mode, layout


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
    payload = _json(data)
    for _depth in range(3):  # a proxy's {"message": "<JSON>"} around an LGSP {"error_code", "result"}
        if not isinstance(payload, dict):
            break
        lower = {str(k).lower(): v for k, v in payload.items()}
        if "error_code" in lower:
            code = lower["error_code"]
            if str(code).strip() not in ("0", ""):
                detail = lower.get("message") or lower.get("error_message") or lower.get("result") or ""
                raise ImportFileError(
                    gettext("The national service answered with error code %(code)s: %(detail)s")
                    % {"code": str(code)[:20], "detail": str(detail)[:200] or "–"}
                )
        if "result" in lower:
            payload = lower["result"]
            if isinstance(payload, dict) and isinstance(payload.get("data"), list):  # LayDVC
                payload = payload["data"]
            continue
        if isinstance(lower.get("message"), str) and lower["message"].strip()[:1] in "{[":
            try:
                payload = json.loads(lower["message"])
            except json.JSONDecodeError:
                raise ImportFileError(gettext("The “message” of the reply is not valid JSON.")) from None
            continue
        if "data" in lower:
            payload = lower["data"]
        break
    if not isinstance(payload, list):
        raise ImportFileError(
            gettext(
                'The JSON file must hold a list of procedure records (or {"data": [...]}, '
                "or a reply of the national service)."
            )
        )
    rows = [(_json_position(i), item) for i, item in enumerate(payload, start=1)]
    if rows and all(isinstance(r, dict) and REST_KEYS.keys() & r.keys() and "MATTHC" not in r for _p, r in rows):
        return Records(((p, _rest_row(r)) for p, r in rows), mode="list", layout="rest.jsp")
    if rows and all(isinstance(r, dict) and set(map(str.upper, r)) <= {"MATTHC", "TENTTHC"} for _p, r in rows):
        return Records(rows, mode="list", layout="LayDanhSachTTHC")
    return Records(rows)


def _rest_row(row):
    record = {}
    for key, value in row.items():
        record[REST_KEYS.get(key, key)] = value
    return record


def _json(data):
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFileError(gettext("The file is not UTF-8 text.")) from None
    except json.JSONDecodeError as error:
        raise ImportFileError(
            gettext("The file is not valid JSON (line %(line)s, column %(col)s).")
            % {"line": error.lineno, "col": error.colno}
        ) from None
    return payload


def _cells_to_record(header, cells):
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
                value = ""  # an empty cell under a present column: the field is empty
        record[key] = value
    return record


def _list_row(header, cells):
    """A row of the portal's list: only what it says (an empty cell says nothing), agencies
    joined by newlines split into a list, a sector named without its code."""
    record = {}
    for key, value in zip(header, cells, strict=False):
        if not key or value is None or not str(value).strip():
            continue
        value = str(value).strip()
        if key == "COQUANTHUCHIEN":
            value = [{"TENDONVI": line.strip()} for line in value.splitlines() if line.strip()]
        elif key == "LINHVUCTHUCHIEN":
            value = [{"TENLINHVUC": value}]
        elif key in ("CAPTHUCHIEN", "DOITUONGTHUCHIEN"):
            value = [part.strip() for part in value.replace("\n", ",").replace(";", ",").split(",") if part.strip()]
        elif key == "QUYETDINHCONGBO":
            value = {"SOQUYETDINH": value}
        record[key] = value
    return record


class CellError:
    """A nested cell that is not valid JSON: reported when its record is checked."""

    def __init__(self, key):
        self.key = key


def _find_header(rows):
    """(row index, header keys, layout): this site's record keys, or the captions of the
    portal's lists, in the first rows whatever the title rows above."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [str(c or "").strip() for c in row]
        upper = [c.upper() for c in cells]
        if "MATTHC" in upper:
            return i, upper, "records"
        folded = [" ".join(fold(c).replace(".", " ").split()) for c in cells]
        if "ma so" in folded or "ma tthc" in folded:
            return i, [LIST_CAPTIONS.get(c, c and cells[n]) for n, c in enumerate(folded)], "list"
    raise ImportFileError(
        gettext(
            "No header row found: the file needs a row of column names with MATTHC (this site's export) "
            "or “Mã số” / “Mã TTHC” (the national portal's list)."
        )
    )


def _table_records(rows, first_row_number):
    start, header, layout = _find_header(rows)
    records = []
    for n, row in enumerate(rows[start + 1 :], start=start + 1 + first_row_number):
        cells = [_xlsx_cell(c) for c in row]
        if not any(str(c).strip() for c in cells if c is not None):
            continue
        if layout == "list":
            records.append((_row_position(n), _list_row(header, cells)))
        else:
            records.append((_row_position(n), _cells_to_record(header, cells)))
    return Records(records, mode="list" if layout == "list" else "full", layout=layout)


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
    return _table_records(rows, 1)


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
        # Not read-only: the portal's lists have a merged title row, which read-only mode misreads.
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise ImportFileError(gettext("The file is not a readable Excel (.xlsx) workbook.")) from None
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    if not rows:
        raise ImportFileError(gettext("The file is empty."))
    return _table_records(rows, 1)


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
