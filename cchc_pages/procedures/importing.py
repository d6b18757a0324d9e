"""Import and export of administrative procedures in the national record shape.

One record is a JSON object whose keys are the field names of the national procedure database
(MATTHC, TENTTHC, TRINHTUTHUCHIEN, ...; the full shape is in README, "Administrative procedures").
CSV and XLSX files use the same names as column headers; a nested part (a list or an object)
goes into its cell as JSON. The management command, the admin upload and the demo loader all
go through `import_records`, and the index page's CSV/JSON export writes the same shape, so an
export imported again gives the same pages.

A run checks every record first. Without strict mode each valid record is saved in its own
transaction and each invalid one is reported (position and reason, in the active language);
with strict mode one invalid record means nothing is saved. A record is never half-saved.
"""

import contextlib
import csv
import datetime
import decimal
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Page, Revision
from wagtail.signals import page_published

from ..core import conf
from ..core.text import fold, slugify_vi

FORMATS = ("json", "csv", "xlsx")

# Scalar fields: record key -> model field.
TEXT_FIELDS = {
    "TENTTHC": "title",
    "MOTA": "description",
    "LOAITTHC": "procedure_type",
    "TUKHOA": "keywords",
    "YEUCAUDIEUKIEN": "requirements",
    "DUONGDANNOPTRUCTUYEN": "online_url",
}
AGENCY_FIELDS = {  # record key -> model field prefix
    "COQUANTHUCHIEN": "agency",
    "COQUANCOTHAMQUYEN": "competent_agency",
    "COQUANDUOCUYQUYEN": "authorised_agency",
    "COQUANPHOIHOP": "coordinating_agency",
}
STATUS_CODES = {"CONHIEULUC": "in_force", "SUADOI": "amended", "HETHIEULUC": "abolished"}
LEVEL_CODES = {"TINH": "level_province", "HUYEN": "level_district", "XA": "level_commune"}
ONLINE_CODES = {"TOANTRINH": "full", "MOTPHAN": "partial", "MUC4": "level4", "MUC3": "level3", "": "none"}
CHANNEL_CODES = {"TRUCTIEP": "direct", "TRUCTUYEN": "online", "BUUCHINH": "postal"}
# Nested keys: a CSV/XLSX cell holds them as JSON.
NESTED_KEYS = (
    "CAPTHUCHIEN",
    "LINHVUCTHUCHIEN",
    "DOITUONGTHUCHIEN",
    *AGENCY_FIELDS,
    "TRINHTUTHUCHIEN",
    "CACHTHUCTHUCHIEN",
    "THANHPHANHOSO",
    "KETQUATHUCHIEN",
    "CANCUPHAPLY",
    "TTHCLIENQUAN",
    "TTHCLIENTHONG",
    "QUYETDINHCONGBO",
)
COLUMNS = (
    "MATTHC",
    "TENTTHC",
    "MOTA",
    "LOAITTHC",
    "TRANGTHAI",
    "NGAYHIEULUC",
    "TUKHOA",
    "CAPTHUCHIEN",
    "LINHVUCTHUCHIEN",
    "DOITUONGTHUCHIEN",
    *AGENCY_FIELDS,
    "TRINHTUTHUCHIEN",
    "CACHTHUCTHUCHIEN",
    "THANHPHANHOSO",
    "KETQUATHUCHIEN",
    "YEUCAUDIEUKIEN",
    "CANCUPHAPLY",
    "MUCDODVC",
    "DUONGDANNOPTRUCTUYEN",
    "TTHCLIENQUAN",
    "TTHCLIENTHONG",
    "QUYETDINHCONGBO",
)
_DOCUMENT_URL = re.compile(r"/documents/(\d+)/")


class ImportFileError(Exception):
    """The file as a whole cannot be read (too big, not JSON, no header...)."""


class RecordError(Exception):
    """One record is invalid; the message says which field and why."""


class _StrictRollback(Exception):
    """Leaves the strict run's transaction so that everything saved so far is rolled back."""


@dataclass
class Rejected:
    position: str
    code: str
    reason: str

    def __str__(self):
        code = f" ({self.code})" if self.code else ""
        return f"{self.position}{code}: {self.reason}"


@dataclass
class ImportReport:
    total: int = 0
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    strict: bool = False

    @property
    def saved(self):
        return len(self.created) + len(self.updated)

    def summary(self):
        if self.strict and self.rejected:
            return gettext("Nothing was imported: %(bad)s of %(total)s records are invalid (strict mode).") % {
                "bad": len(self.rejected),
                "total": self.total,
            }
        return gettext("%(total)s records read: %(created)s created, %(updated)s updated, %(rejected)s rejected.") % {
            "total": self.total,
            "created": len(self.created),
            "updated": len(self.updated),
            "rejected": len(self.rejected),
        }


# --- reading files --------------------------------------------------------------------------


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
            % {"size": _mb(len(data)), "limit": _mb(max_bytes)}
        )
    if fmt == "json":
        return _read_json(data)
    if fmt == "csv":
        return _read_csv(data)
    if fmt == "xlsx":
        return _read_xlsx(data)
    raise ImportFileError(gettext("Unsupported format “%(fmt)s”.") % {"fmt": fmt})


def _mb(size):
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
                    value = _CellError(key)
            else:
                value = None
        record[key] = value
    return record


class _CellError:
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
    import zipfile

    from openpyxl import load_workbook

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


# --- checking one record ------------------------------------------------------------------------


def _text(record, key, *, required=False, max_length=None, where=None):
    value = record.get(key)
    label = where or key
    if value is None or value == "":
        if required:
            raise RecordError(gettext("%(field)s is required.") % {"field": label})
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RecordError(gettext("%(field)s must be text.") % {"field": label})
    if isinstance(value, int | float) and key in ("MATTHC", "MALINHVUC", "MADONVI"):
        raise RecordError(gettext("%(field)s must be text (write the code in quotes).") % {"field": label})
    value = str(value).strip()
    if max_length and len(value) > max_length:
        raise RecordError(gettext("%(field)s is longer than %(max)s characters.") % {"field": label, "max": max_length})
    return value


def _int(obj, key, where):
    value = obj.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise RecordError(gettext("%(field)s must be a whole number.") % {"field": where})


def _decimal(obj, key, where):
    value = obj.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise RecordError(gettext("%(field)s must be a number.") % {"field": where})
    try:
        number = decimal.Decimal(str(value).replace(",", "."))
    except decimal.InvalidOperation:
        raise RecordError(gettext("%(field)s must be a number.") % {"field": where}) from None
    if not number.is_finite() or number < 0:
        raise RecordError(gettext("%(field)s must be a number.") % {"field": where})
    return number


def _date(obj, key, where):
    value = obj.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    raise RecordError(
        gettext("%(field)s is not a valid date (use yyyy-mm-dd or dd/mm/yyyy): “%(value)s”.")
        % {"field": where, "value": str(value)[:40]}
    )


def _list(obj, key, where=None):
    value = obj.get(key)
    if isinstance(value, _CellError):
        raise RecordError(gettext("Column %(field)s does not hold valid JSON.") % {"field": value.key})
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        raise RecordError(gettext("%(field)s must be a list.") % {"field": where or key})
    return value


def _object(value, where):
    if isinstance(value, _CellError):
        raise RecordError(gettext("Column %(field)s does not hold valid JSON.") % {"field": value.key})
    if value is None or value == "":
        return {}
    if not isinstance(value, dict):
        raise RecordError(gettext("%(field)s must be an object.") % {"field": where})
    return value


def _code_of(value, codes, where):
    """A vocabulary code, also accepted spelt out ("Cấp Tỉnh", "Còn hiệu lực", "Trực tuyến")."""
    if value is None:
        value = ""
    if not isinstance(value, str | int):
        raise RecordError(gettext("%(field)s must be text.") % {"field": where})
    key = re.sub(r"[^A-Z0-9]", "", fold(str(value)).upper())
    key = key.removeprefix("CAP").removeprefix("DVC").removeprefix("DICHVUCONG").removeprefix("MUCDO")
    if key in ("3", "4"):
        key = "MUC" + key
    if key not in codes:
        allowed = ", ".join(k for k in codes if k)
        raise RecordError(
            gettext("%(field)s: “%(value)s” is not one of %(allowed)s.")
            % {"field": where, "value": str(value)[:40], "allowed": allowed}
        )
    return codes[key]


def _codes(record, key):
    items = _list(record, key)
    result = []
    for i, item in enumerate(items):
        if isinstance(item, dict):
            item = item.get("MATTHC", "")
        if not isinstance(item, str) or not item.strip():
            raise RecordError(gettext("%(field)s must be a list of procedure codes.") % {"field": f"{key}[{i}]"})
        result.append(item.strip())
    return ", ".join(result)


class _Documents:
    """Resolves form template references: a document URL of this site (/documents/<id>/...),
    the exact title of a document in the library, or an external http(s) link."""

    def __init__(self):
        self.Document = get_document_model()
        self.cache = {}

    def resolve(self, ref, where):
        if not ref:
            return None, ""
        if not isinstance(ref, str):
            raise RecordError(gettext("%(field)s must be text.") % {"field": where})
        ref = ref.strip()
        if ref not in self.cache:
            match = _DOCUMENT_URL.search(ref)
            doc = None
            if match:
                doc = self.Document.objects.filter(pk=int(match.group(1))).first()
            if doc is None and not match:
                doc = self.Document.objects.filter(title=ref).first()
            if doc is not None:
                self.cache[ref] = (doc.pk, "")
            elif ref.startswith(("http://", "https://")):
                self.cache[ref] = (None, ref)
            else:
                self.cache[ref] = None
        if self.cache[ref] is None:
            raise RecordError(
                gettext("%(field)s: no document “%(ref)s” exists in the document library.")
                % {"field": where, "ref": ref[:80]}
            )
        return self.cache[ref]


def clean_record(raw, documents):
    """Model values of one record: a dict ready for `apply`; RecordError with the reason."""
    if not isinstance(raw, dict):
        raise RecordError(gettext("The record is not an object."))
    record = {str(k).strip().upper(): v for k, v in raw.items()}
    values = {"code": _text(record, "MATTHC", required=True, max_length=50)}
    values["title"] = _text(record, "TENTTHC", required=True, max_length=255)
    for key, attr in TEXT_FIELDS.items():
        if attr != "title":
            values[attr] = _text(record, key, max_length=1000 if attr == "online_url" else None)
    if len(values["keywords"]) > 500:
        raise RecordError(gettext("%(field)s is longer than %(max)s characters.") % {"field": "TUKHOA", "max": 500})
    values["procedure_type"] = values["procedure_type"][:255]
    if values["online_url"] and not values["online_url"].startswith(("http://", "https://")):
        raise RecordError(gettext("%(field)s must be a web address (http/https).") % {"field": "DUONGDANNOPTRUCTUYEN"})
    values["status"] = _code_of(record.get("TRANGTHAI") or "CONHIEULUC", STATUS_CODES, "TRANGTHAI")
    values["effective_date"] = _date(record, "NGAYHIEULUC", "NGAYHIEULUC")
    levels = {_code_of(v, LEVEL_CODES, f"CAPTHUCHIEN[{i}]") for i, v in enumerate(_list(record, "CAPTHUCHIEN"))}
    for attr in LEVEL_CODES.values():
        values[attr] = attr in levels
    sectors = []
    for i, item in enumerate(_list(record, "LINHVUCTHUCHIEN")):
        where = f"LINHVUCTHUCHIEN[{i}]"
        item = _object(item, where)
        code = _text(item, "MALINHVUC", required=True, max_length=50, where=f"{where}.MALINHVUC")
        name = _text(item, "TENLINHVUC", required=True, max_length=255, where=f"{where}.TENLINHVUC")
        sectors.append((code, name))
    groups = []
    for i, item in enumerate(_list(record, "DOITUONGTHUCHIEN")):
        if isinstance(item, dict):
            item = item.get("TENDOITUONG", "")
        if not isinstance(item, str):
            raise RecordError(gettext("%(field)s must be text.") % {"field": f"DOITUONGTHUCHIEN[{i}]"})
        if item.strip():
            groups.append(item.strip())
    values["target_groups"] = "\n".join(groups)
    for key, prefix in AGENCY_FIELDS.items():
        agency = _object(record.get(key), key)
        values[f"{prefix}_code"] = _text(agency, "MADONVI", max_length=50, where=f"{key}.MADONVI")
        values[f"{prefix}_name"] = _text(agency, "TENDONVI", max_length=500, where=f"{key}.TENDONVI")
    values["steps"] = _steps(record)
    values["channels"] = _channels(record)
    values["dossier"] = _dossier(record, documents)
    values["results"] = _results(record, documents)
    values["legal_basis"] = _legal_basis(record)
    values["online_level"] = _code_of(record.get("MUCDODVC") or "", ONLINE_CODES, "MUCDODVC")
    values["related_codes"] = _codes(record, "TTHCLIENQUAN")
    values["linked_codes"] = _codes(record, "TTHCLIENTHONG")
    decision = _object(record.get("QUYETDINHCONGBO"), "QUYETDINHCONGBO")
    values["decision_number"] = _text(decision, "SOQUYETDINH", max_length=100, where="QUYETDINHCONGBO.SOQUYETDINH")
    values["decision_date"] = _date(decision, "NGAYBANHANH", "QUYETDINHCONGBO.NGAYBANHANH")
    values["decision_issuer"] = _text(decision, "COQUANBANHANH", max_length=255, where="QUYETDINHCONGBO.COQUANBANHANH")
    return values, sectors


def _steps(record):
    blocks = []
    for i, case in enumerate(_list(record, "TRINHTUTHUCHIEN")):
        where = f"TRINHTUTHUCHIEN[{i}]"
        case = _object(case, where)
        steps = []
        for j, step in enumerate(_list(case, "TRINHTU", f"{where}.TRINHTU")):
            if isinstance(step, dict):
                step = step.get("TENTRINHTU")
            if not isinstance(step, str) or not step.strip():
                raise RecordError(gettext("%(field)s must be text.") % {"field": f"{where}.TRINHTU[{j}]"})
            steps.append(step.strip())
        blocks.append(
            {"type": "case", "value": {"case": _text(case, "TRUONGHOP", where=f"{where}.TRUONGHOP"), "steps": steps}}
        )
    return blocks


def _channels(record):
    blocks = []
    for i, item in enumerate(_list(record, "CACHTHUCTHUCHIEN")):
        where = f"CACHTHUCTHUCHIEN[{i}]"
        item = _object(item, where)
        times = []
        for j, t in enumerate(_list(item, "THOIGIAN", f"{where}.THOIGIAN")):
            w = f"{where}.THOIGIAN[{j}]"
            t = _object(t, w)
            value = _decimal(t, "THOIGIANGIAIQUYET", f"{w}.THOIGIANGIAIQUYET")
            times.append(
                {
                    "value": None if value is None else str(value),
                    "unit": _text(t, "DONVITINH", where=f"{w}.DONVITINH"),
                    "note": _text(t, "MOTA", where=f"{w}.MOTA"),
                }
            )
        fees = []
        for j, f in enumerate(_list(item, "PHILEPHI", f"{where}.PHILEPHI")):
            w = f"{where}.PHILEPHI[{j}]"
            f = _object(f, w)
            fees.append(
                {
                    "code": _text(f, "MAPHILEPHI", where=f"{w}.MAPHILEPHI"),
                    "amount": _text(f, "SOTIEN", where=f"{w}.SOTIEN"),
                    "unit": _text(f, "DONVI", where=f"{w}.DONVI"),
                    "description": _text(f, "MOTA", where=f"{w}.MOTA"),
                    "attachment": _text(f, "TEPDINHKEM", where=f"{w}.TEPDINHKEM"),
                }
            )
        channel = _code_of(item.get("KENH"), CHANNEL_CODES, f"{where}.KENH")
        blocks.append({"type": "channel", "value": {"channel": channel, "times": times, "fees": fees}})
    return blocks


def _dossier(record, documents):
    blocks = []
    for i, case in enumerate(_list(record, "THANHPHANHOSO")):
        where = f"THANHPHANHOSO[{i}]"
        case = _object(case, where)
        items = []
        for j, item in enumerate(_list(case, "GIAYTO", f"{where}.GIAYTO")):
            w = f"{where}.GIAYTO[{j}]"
            item = _object(item, w)
            doc, url = documents.resolve(item.get("MAUDON"), f"{w}.MAUDON")
            items.append(
                {
                    "name": _text(item, "TENGIAYTO", required=True, where=f"{w}.TENGIAYTO"),
                    "originals": _int(item, "SOBANCHINH", f"{w}.SOBANCHINH"),
                    "copies": _int(item, "SOBANSAO", f"{w}.SOBANSAO"),
                    "template": doc,
                    "template_url": url,
                    "template_name": _text(item, "TENMAUDON", where=f"{w}.TENMAUDON"),
                }
            )
        blocks.append(
            {"type": "case", "value": {"case": _text(case, "TRUONGHOP", where=f"{where}.TRUONGHOP"), "items": items}}
        )
    return blocks


def _results(record, documents):
    blocks = []
    for i, item in enumerate(_list(record, "KETQUATHUCHIEN")):
        where = f"KETQUATHUCHIEN[{i}]"
        if isinstance(item, str):
            item = {"TENKETQUA": item}
        item = _object(item, where)
        doc, url = documents.resolve(item.get("MAUKETQUA"), f"{where}.MAUKETQUA")
        blocks.append(
            {
                "type": "result",
                "value": {
                    "name": _text(item, "TENKETQUA", required=True, where=f"{where}.TENKETQUA"),
                    "template": doc,
                    "template_url": url,
                    "template_name": _text(item, "TENMAUKETQUA", where=f"{where}.TENMAUKETQUA"),
                },
            }
        )
    return blocks


def _legal_basis(record):
    blocks = []
    for i, item in enumerate(_list(record, "CANCUPHAPLY")):
        where = f"CANCUPHAPLY[{i}]"
        item = _object(item, where)
        issued = _date(item, "NGAYBANHANH", f"{where}.NGAYBANHANH")
        effective = _date(item, "NGAYHIEULUC", f"{where}.NGAYHIEULUC")
        blocks.append(
            {
                "type": "document",
                "value": {
                    "number": _text(item, "SOVANBAN", where=f"{where}.SOVANBAN"),
                    "title": _text(item, "TENVANBAN", required=True, where=f"{where}.TENVANBAN"),
                    "issued": issued.isoformat() if issued else None,
                    "effective": effective.isoformat() if effective else None,
                    "issuer": _text(item, "COQUANBANHANH", where=f"{where}.COQUANBANHANH"),
                    "url": _text(item, "DIACHITRUYCAP", where=f"{where}.DIACHITRUYCAP"),
                },
            }
        )
    return blocks


# --- saving ---------------------------------------------------------------------------------


def _sectors(pairs, cache):
    from .models import ProcedureSector

    result = []
    for code, name in pairs:
        sector = cache.get(code)
        if sector is None:
            sector, created = ProcedureSector.objects.get_or_create(code=code, defaults={"name": name})
            if not created and sector.name != name:
                sector.name = name
                sector.save(update_fields=["name"])
            cache[code] = sector
        result.append(sector)
    return result


def _existing(index):
    """Procedures of the index's site by code, so a re-run updates instead of duplicating."""
    from .models import ProcedurePage

    pages = ProcedurePage.objects.all()
    site = index.get_site()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    else:
        pages = pages.child_of(index)
    return dict(pages.values_list("code", "pk"))


def apply(index, values, sectors, existing_pk=None, user=None):
    """Create or update one procedure page and publish it. Returns (page, created).

    Publishing goes the short way: one page save, one revision, the "create/edit" and "publish"
    log entries and the page_published signal, where save_revision().publish() would save the
    page three times and re-index it each time (about 3x slower on big imports, see bench/)."""
    from .models import ProcedurePage

    if existing_pk:
        page = ProcedurePage.objects.get(pk=existing_pk)
        created = False
    else:
        slug = f"{slugify_vi(values['title'])[:80].strip('-')}-{slugify_vi(values['code'])}"
        page = ProcedurePage(slug=slug[:255])
        created = True
    for attr, value in values.items():
        setattr(page, attr, value)
    page.sectors.set(sectors)
    now = timezone.now()
    page.draft_title = page.title
    page.live, page.has_unpublished_changes = True, False
    page.last_published_at = now
    page.first_published_at = page.first_published_at or now
    page.code_checked = True  # unique within the site: checked against the whole site above
    if created:
        index.add_child(instance=page)
    else:
        page.save()
    revision = Revision.objects.create(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        user=user,
        content=page.serializable_data(),
        object_str=str(page),
    )
    Page.objects.filter(pk=page.pk).update(
        latest_revision=revision, live_revision=revision, latest_revision_created_at=revision.created_at
    )
    page.latest_revision, page.live_revision = revision, revision
    log(instance=page, action="wagtail.create" if created else "wagtail.edit", user=user, revision=revision)
    log(instance=page, action="wagtail.publish", user=user, revision=revision, content_changed=True)
    page_published.send(sender=ProcedurePage, instance=page, revision=revision)
    return page, created


def import_records(index, records, *, strict=False, progress=None, user=None):
    """Import [(position, raw record)] under `index`. See the module docstring for the rules."""
    report = ImportReport(total=len(records), strict=strict)
    documents = _Documents()
    cleaned, seen = [], {}
    for position, raw in records:
        code = raw.get("MATTHC", raw.get("MaTTHC", "")) if isinstance(raw, dict) else ""
        code = code.strip() if isinstance(code, str) else ""
        try:
            values, sectors = clean_record(raw, documents)
            if values["code"] in seen:
                raise RecordError(
                    gettext("The code %(code)s already appears in %(position)s of this file.")
                    % {"code": values["code"], "position": seen[values["code"]].lower()}
                )
            seen[values["code"]] = position
            cleaned.append((position, values, sectors))
        except RecordError as error:
            report.rejected.append(Rejected(position, code, str(error)))
    if strict and report.rejected:
        return report
    existing = _existing(index)
    sector_cache = {}
    total = len(cleaned)
    outer = transaction.atomic() if strict else contextlib.nullcontext()
    try:
        with outer:
            for n, (position, values, sectors) in enumerate(cleaned, start=1):
                try:
                    with transaction.atomic():
                        page, created = apply(
                            index, values, _sectors(sectors, sector_cache), existing.get(values["code"]), user=user
                        )
                except Exception as error:  # a database or validation error: this record, or the run if strict
                    reason = "; ".join(map(str, getattr(error, "messages", None) or [str(error)]))
                    report.rejected.append(Rejected(position, values["code"], reason))
                    if strict:
                        raise _StrictRollback from error
                    sector_cache.clear()
                    continue
                existing[page.code] = page.pk
                (report.created if created else report.updated).append(page.code)
                if progress and (n % 100 == 0 or n == total):
                    progress(n, total)
    except _StrictRollback:
        report.created, report.updated = [], []
    return report


def import_file(index, data, filename, *, fmt=None, strict=False, progress=None, user=None, max_bytes=None):
    """Read and import a file's bytes; ImportFileError if the file as a whole is unreadable."""
    fmt = fmt or detect_format(filename)
    records = read_records(data, fmt, max_bytes=max_bytes)
    return import_records(index, records, strict=strict, progress=progress, user=user)


def upload_limit():
    return conf.get("CCHC_PROCEDURE_IMPORT_MAX_BYTES")


# --- export ---------------------------------------------------------------------------------


def _reverse(codes):
    return {v: k for k, v in codes.items()}


def _document_ref(doc_id, url, documents):
    if doc_id:
        doc = documents.get(doc_id)
        if doc is not None:
            return doc.url
    return url or ""


def to_record(page, documents):
    """The national record of a page (the exact inverse of clean_record)."""
    record = {"MATTHC": page.code, "TENTTHC": page.title}
    for key, attr in TEXT_FIELDS.items():
        if attr != "title":
            record[key] = getattr(page, attr)
    record["TRANGTHAI"] = _reverse(STATUS_CODES)[page.status]
    record["NGAYHIEULUC"] = page.effective_date.isoformat() if page.effective_date else ""
    record["CAPTHUCHIEN"] = [code for code, attr in LEVEL_CODES.items() if getattr(page, attr)]
    record["LINHVUCTHUCHIEN"] = [{"MALINHVUC": s.code, "TENLINHVUC": s.name} for s in page.sectors.all()]
    record["DOITUONGTHUCHIEN"] = page.target_group_list
    for key, prefix in AGENCY_FIELDS.items():
        record[key] = {"MADONVI": getattr(page, f"{prefix}_code"), "TENDONVI": getattr(page, f"{prefix}_name")}
    raw = {name: getattr(page, name).raw_data for name in ("steps", "channels", "dossier", "results", "legal_basis")}
    record["TRINHTUTHUCHIEN"] = [
        {
            "TRUONGHOP": b["value"].get("case", ""),
            "TRINHTU": [{"TENTRINHTU": s} for s in _list_values(b["value"], "steps")],
        }
        for b in raw["steps"]
    ]
    channel_codes = _reverse(CHANNEL_CODES)
    record["CACHTHUCTHUCHIEN"] = [
        {
            "KENH": channel_codes.get(b["value"].get("channel"), ""),
            "THOIGIAN": [
                {"THOIGIANGIAIQUYET": t.get("value") or "", "DONVITINH": t.get("unit", ""), "MOTA": t.get("note", "")}
                for t in _list_values(b["value"], "times")
            ],
            "PHILEPHI": [
                {
                    "MAPHILEPHI": f.get("code", ""),
                    "SOTIEN": f.get("amount", ""),
                    "DONVI": f.get("unit", ""),
                    "MOTA": f.get("description", ""),
                    "TEPDINHKEM": f.get("attachment", ""),
                }
                for f in _list_values(b["value"], "fees")
            ],
        }
        for b in raw["channels"]
    ]
    record["THANHPHANHOSO"] = [
        {
            "TRUONGHOP": b["value"].get("case", ""),
            "GIAYTO": [
                {
                    "TENGIAYTO": i.get("name", ""),
                    "SOBANCHINH": i.get("originals"),
                    "SOBANSAO": i.get("copies"),
                    "MAUDON": _document_ref(i.get("template"), i.get("template_url"), documents),
                    "TENMAUDON": i.get("template_name", ""),
                }
                for i in _list_values(b["value"], "items")
            ],
        }
        for b in raw["dossier"]
    ]
    record["KETQUATHUCHIEN"] = [
        {
            "TENKETQUA": b["value"].get("name", ""),
            "MAUKETQUA": _document_ref(b["value"].get("template"), b["value"].get("template_url"), documents),
            "TENMAUKETQUA": b["value"].get("template_name", ""),
        }
        for b in raw["results"]
    ]
    record["CANCUPHAPLY"] = [
        {
            "SOVANBAN": b["value"].get("number", ""),
            "TENVANBAN": b["value"].get("title", ""),
            "NGAYBANHANH": b["value"].get("issued") or "",
            "NGAYHIEULUC": b["value"].get("effective") or "",
            "COQUANBANHANH": b["value"].get("issuer", ""),
            "DIACHITRUYCAP": b["value"].get("url", ""),
        }
        for b in raw["legal_basis"]
    ]
    record["MUCDODVC"] = _reverse(ONLINE_CODES)[page.online_level]
    record["TTHCLIENQUAN"] = page.related_code_list
    record["TTHCLIENTHONG"] = page.linked_code_list
    record["QUYETDINHCONGBO"] = {
        "SOQUYETDINH": page.decision_number,
        "NGAYBANHANH": page.decision_date.isoformat() if page.decision_date else "",
        "COQUANBANHANH": page.decision_issuer,
    }
    return {key: record[key] for key in COLUMNS}


def _list_values(value, key):
    """Items of a ListBlock in raw data, old (plain list) or new (list of {"type": "item", "value": ...})."""
    items = value.get(key) or []
    return [i["value"] if isinstance(i, dict) and "type" in i and "value" in i and "id" in i else i for i in items]


def export_records(procedures):
    procedures = procedures.prefetch_related("sectors")
    pages = list(procedures)
    doc_ids = set()
    for page in pages:
        for b in page.dossier.raw_data:
            doc_ids.update(i.get("template") for i in _list_values(b["value"], "items") if i.get("template"))
        doc_ids.update(b["value"].get("template") for b in page.results.raw_data if b["value"].get("template"))
    documents = get_document_model().objects.in_bulk(doc_ids)
    return [to_record(page, documents) for page in pages]


def _cell(value):
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return "" if value is None else str(value)


def export_response(procedures, fmt, filename="thu-tuc-hanh-chinh"):
    records = export_records(procedures)
    if fmt == "json":
        response = HttpResponse(
            json.dumps(records, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        for record in records:
            writer.writerow([_cell(record[key]) for key in COLUMNS])
        # A byte-order mark, so Excel opens the UTF-8 file with its Vietnamese letters intact.
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
