"""Importing administrative procedures: checking each record of a file (see reading.py and
record.py) and writing the valid ones as published pages. The management command, the admin
upload, the demo loader and the national sync all go through `import_records`.

The rules (docs/procedures.md, "Import rules"):

- Merge, never erase: a key absent from a record (or null) leaves the page's fields as they are;
  only a key present with an empty value ("" or []) empties them. A list import (the portal's
  "Danh sách TTHC", rest.jsp lists, LayDanhSachTTHC) reads code, name, agencies and sector only.
- Unchanged is free: each key's values are hashed; a record whose hashes equal those the page
  was last imported with writes nothing (no save, no revision, no log entry).
- Nothing silently dropped: every key the importer does not read is reported ("ignored"), and so
  is every value it cannot use as given (an unknown status, an empty form link).
- A run checks every record first. Without strict mode each valid record is saved in its own
  transaction and each invalid one is reported (position and reason, in the active language);
  with strict mode one invalid record means nothing is saved. A record is never half-saved.
"""

import contextlib
import datetime
import decimal
import functools
import hashlib
import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations, get_field_value
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published

from ..core import conf
from ..core.text import fold, slugify_vi
from .models import ProcedurePage, ProcedureSector, defer_search_index
from .reading import FORMATS, CellError, ImportFileError, detect_format, read_records
from .record import (
    AGENCY_FIELDS,
    ALIASES,
    CHANNEL_CODES,
    COLUMNS,
    KEY_FIELDS,
    KNOWN_KEYS,
    LEVEL_CODES,
    LEVEL_FIELDS,
    LIST_KEYS,
    ONLINE_CODES,
    STATUS_CODES,
    TEXT_FIELDS,
    TYPE_LABELS,
)
from .record import cell as _cell

# Besides its own names, what a caller of import_file needs at hand: the formats it reads and the
# error of an unreadable file (reading.py), and the columns and cells of an importable file (record.py).
__all__ = [
    "COLUMNS",
    "FORMATS",
    "ImportFileError",
    "ImportReport",
    "RecordError",
    "Rejected",
    "_cell",
    "apply",
    "clean_record",
    "import_file",
    "import_records",
    "upload_limit",
]

_DOCUMENT_URL = re.compile(r"/documents/(\d+)/")
TITLE_MAX = 255
DERIVED_ONLINE = ("unknown", "online", "none")  # levels the channels may set when the record says none


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
    """What a run did. created/updated/unchanged: procedure codes; changes: code -> the record
    keys whose values changed; warnings: values reported and not used as given; ignored: key ->
    how many records carried it."""

    total: int = 0
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    changes: dict = field(default_factory=dict)
    ignored: Counter = field(default_factory=Counter)
    strict: bool = False
    mode: str = "full"
    layout: str = "records"

    @property
    def saved(self):
        return len(self.created) + len(self.updated)

    def summary(self):
        if self.strict and self.rejected:
            return gettext("Nothing was imported: %(bad)s of %(total)s records are invalid (strict mode).") % {
                "bad": len(self.rejected),
                "total": self.total,
            }
        return gettext(
            "%(total)s records read: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
            "%(rejected)s rejected."
        ) % {
            "total": self.total,
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "rejected": len(self.rejected),
        }

    def ignored_line(self):
        if not self.ignored:
            return ""
        items = ", ".join(f"{key} ({n})" for key, n in sorted(self.ignored.items()))
        return gettext("Ignored (not read by the importer): %(keys)s") % {"keys": items}

    def change_lines(self):
        """One line per updated record: its code and the keys that changed."""
        return [
            gettext("%(code)s updated: %(keys)s") % {"code": code, "keys": ", ".join(self.changes.get(code, []))}
            for code in self.updated
        ]

    def sections(self):
        """The whole report as (kind, line): kind is "summary", "mode", "created", "updated",
        "rejected", "warning" or "ignored". The command prints these lines, the admin upload shows
        them: the same report."""
        out = [("summary", self.summary())]
        if self.mode == "list":
            out.append(("mode", gettext("List import: only code, name, agencies and sector are updated.")))
        if self.created and not (self.strict and self.rejected):
            out.append(("created", gettext("Created: %(codes)s") % {"codes": ", ".join(self.created)}))
        out.extend(("updated", line) for line in self.change_lines())
        out.extend(("rejected", str(r)) for r in self.rejected)
        out.extend(("warning", gettext("Warning: %(warning)s") % {"warning": w}) for w in self.warnings)
        if self.ignored:
            out.append(("ignored", self.ignored_line()))
        return out

    def lines(self):
        return [line for _kind, line in self.sections()]


# --- checking one record ------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096, typed=True)
def _upper_key(key):
    key = str(key).strip().upper()
    return ALIASES.get(key, key)


def _upper(obj):
    """The object with its keys upper case (and aliases resolved); the few distinct keys of a file
    are worked out once."""
    return {_upper_key(k): v for k, v in obj.items()}


def _text(record, key, *, required=False, max_length=None, where=None):
    value = record.get(key)
    label = where or key
    if value is None or value == "":
        if required:
            raise RecordError(gettext("%(field)s is required.") % {"field": label})
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RecordError(gettext("%(field)s must be text.") % {"field": label})
    if isinstance(value, float) and key in ("MATTHC", "MALINHVUC", "MADONVI"):
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
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    raise RecordError(gettext("%(field)s must be a whole number.") % {"field": where})


def _number(value):
    """A number written the Vietnamese way or plainly: 50.000 / 1.5 / 1,5 / 15 -> Decimal, or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = decimal.Decimal(str(value))
        return number if number.is_finite() and number >= 0 else None
    text = str(value).strip().lower()
    text = re.sub(r"\s*(đồng|vnđ|vnd|đ)\.?$", "", text).strip()
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text):  # 50.000 / 1.500.000,5
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(,\d{3})+", text):  # 50,000
        text = text.replace(",", "")
    elif re.fullmatch(r"\d+([.,]\d+)?", text):
        text = text.replace(",", ".")
    else:
        return None
    return decimal.Decimal(text)


_NO_FEE = {"khong", "mien", "mien phi", "khong thu", "khong co", "0"}


def _fee_amount(value):
    """SOTIEN as written and as a number: "50.000" -> 50000; "Không" / "Miễn phí" -> 0; other text
    is kept as written with no number (national spec §3)."""
    if value is None or value == "":
        return "", None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = _number(value)
        return _plain(number), number
    text = str(value).strip()
    if fold(text).strip(" .") in _NO_FEE:
        return text, decimal.Decimal(0)
    return text, _number(text)


def _plain(number):
    if number is None:
        return ""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _date(obj, key, where, warn):
    """A date as yyyy-mm-dd, dd/mm/yyyy or dd-mm-yyyy (with or without a time); another value is
    reported and left out."""
    value = obj.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()[:10] if re.match(r"\d{4}-\d{2}-\d{2}[T ]", value.strip()) else value.strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    warn(
        gettext("%(field)s is not a date (yyyy-mm-dd, dd/mm/yyyy or dd-mm-yyyy): “%(value)s”; left out.")
        % {"field": where, "value": str(value)[:40]}
    )
    return None


def _list(obj, key, where=None):
    value = obj.get(key)
    if isinstance(value, CellError):
        raise RecordError(gettext("Column %(field)s does not hold valid JSON.") % {"field": value.key})
    if value is None or value == "":
        return []
    if isinstance(value, dict):  # one object where a list is expected (older exports, some readers)
        return [value]
    if not isinstance(value, list):
        raise RecordError(gettext("%(field)s must be a list.") % {"field": where or key})
    return value


def _object(value, where):
    if isinstance(value, CellError):
        raise RecordError(gettext("Column %(field)s does not hold valid JSON.") % {"field": value.key})
    if value is None or value == "":
        return {}
    if not isinstance(value, dict):
        raise RecordError(gettext("%(field)s must be an object.") % {"field": where})
    return _upper(value)


def _key(value):
    key = re.sub(r"[^A-Z0-9]", "", fold(str(value)).upper())
    return key.removeprefix("CAP").removeprefix("DVC").removeprefix("DICHVUCONG").removeprefix("MUCDO")


class _Checker:
    """Checks one record; collects its warnings and the nested keys it does not read."""

    def __init__(self, documents):
        self.documents = documents
        self.warnings = []
        self.ignored = set()

    def warn(self, message):
        self.warnings.append(message)

    def seen(self, obj, known, where):
        for key in obj:
            if key not in known:
                self.ignored.add(f"{where}.{key}")

    def link(self, obj, key, where):
        """A download link (form template, fee or result file): an empty or malformed one, such as
        download_file.jsp?ma= with no file code, is reported and not kept."""
        url = _text(obj, key, where=where)
        if not url:
            return ""
        parts = urlsplit(url)
        bad = parts.scheme not in ("http", "https") or not parts.netloc
        if not bad and parts.path.endswith("download_file.jsp"):
            bad = not (parse_qs(parts.query).get("ma") or [""])[0].strip()
        if bad:
            self.warn(
                gettext("%(field)s: the link “%(url)s” is empty or malformed; not shown.")
                % {"field": where, "url": url[:120]}
            )
            return ""
        return url

    # --- the record --------------------------------------------------------------------------

    def clean(self, raw, mode="full"):
        """(values, sectors, ignored keys): values of the record's present keys only, keyed by
        record key -> {model field: value}; sectors: [(code or None, name)] or None if absent."""
        if not isinstance(raw, dict):
            raise RecordError(gettext("The record is not an object."))
        record = _upper(raw)
        code = _text(record, "MATTHC", required=True, max_length=50)
        present = {k for k, v in record.items() if v is not None}
        ignored = {k for k in present if k not in (LIST_KEYS if mode == "list" else KNOWN_KEYS)}
        present -= ignored
        values = {}
        sectors = None
        for key in sorted(present - {"MATTHC"}):
            if key == "LINHVUCTHUCHIEN":
                sectors = self.sectors(record)
                continue
            values[key] = (
                getattr(self, f"k_{key}", None)(record) if hasattr(self, f"k_{key}") else self.k_text(record, key)
            )
        return code, values, sectors, sorted(ignored | self.ignored)

    def k_text(self, record, key):
        return {TEXT_FIELDS[key]: _text(record, key, max_length=1000 if key == "DUONGDANNOPTRUCTUYEN" else None)}

    def k_DUONGDANNOPTRUCTUYEN(self, record):
        url = _text(record, "DUONGDANNOPTRUCTUYEN", max_length=1000)
        if url and not url.startswith(("http://", "https://")):
            raise RecordError(
                gettext("%(field)s must be a web address (http/https).") % {"field": "DUONGDANNOPTRUCTUYEN"}
            )
        return {"online_url": url}

    def k_ID(self, record):
        return {"national_id": _text(record, "ID", max_length=50)}

    def k_IDQUYETDINHCONGBO(self, record):
        return {"decision_id": _text(record, "IDQUYETDINHCONGBO", max_length=50)}

    def k_MACOQUANCONGBO(self, record):
        return {"publishing_agency_code": _text(record, "MACOQUANCONGBO", max_length=50)}

    def k_TENCOQUANCONGBO(self, record):
        return {"publishing_agency_name": _text(record, "TENCOQUANCONGBO", max_length=500)}

    def k_TENTTHC(self, record):
        name = " ".join(_text(record, "TENTTHC", required=True).split())
        return {"title": cut_title(name), "full_name": name if len(name) > TITLE_MAX else ""}

    def k_LOAITTHC(self, record):
        value = _text(record, "LOAITTHC")
        return {"procedure_type": TYPE_LABELS.get(value, value)[:255]}

    def k_TRANGTHAI(self, record):
        """TRANGTHAI per the national code table (spec §4.3): 1 is published / in force; this site's
        words; any other value is kept as the status code, shown "not known" and reported."""
        value = record.get("TRANGTHAI")
        if value == "" or value is None:
            return {"status": "in_force", "status_code": ""}
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise RecordError(gettext("%(field)s must be text.") % {"field": "TRANGTHAI"})
        raw = _plain(decimal.Decimal(value)) if isinstance(value, int | float) else str(value).strip()
        key = _key(raw)
        folded = fold(raw).strip()
        status = STATUS_CODES.get(key) or {"con hieu luc": "in_force", "het hieu luc": "abolished"}.get(folded)
        if status is None and folded in ("sua doi", "sua doi, bo sung", "da sua doi"):
            status = "amended"
        if status is None:
            self.warn(
                gettext(
                    "TRANGTHAI “%(value)s” is not in the national code table (only 1 = published is known); "
                    "shown as not known."
                )
                % {"value": raw[:20]}
            )
            return {"status": "unknown", "status_code": raw[:20]}
        return {"status": status, "status_code": raw[:20] if key == "1" else ""}

    def k_NGAYHIEULUC(self, record):
        return {"effective_date": _date(record, "NGAYHIEULUC", "NGAYHIEULUC", self.warn)}

    def k_CAPTHUCHIEN(self, record):
        """Levels as objects {CAPTHUCHIEN, TENCAP} (the code first, the label when the code is not
        known), bare codes or labels ("Cấp Bộ"): 0 ministry, 1 province, 2 district, 3 commune,
        5 undetermined (spec §4.1); an unknown one is reported."""
        found = set()
        for i, item in enumerate(_list(record, "CAPTHUCHIEN")):
            where = f"CAPTHUCHIEN[{i}]"
            candidates = []
            if isinstance(item, dict):
                item = _upper(item)
                self.seen(item, {"CAPTHUCHIEN", "TENCAP", "MACAP"}, "CAPTHUCHIEN[]")
                candidates = [item.get("CAPTHUCHIEN"), item.get("MACAP"), item.get("TENCAP")]
            else:
                candidates = [item]
            level = None
            for value in candidates:
                if value is not None and not isinstance(value, bool) and str(value).strip():
                    level = LEVEL_CODES.get(
                        _key(_plain(decimal.Decimal(value)) if isinstance(value, int | float) else value)
                    )
                    if level:
                        break
            if level is None:
                shown = " / ".join(str(v) for v in candidates if v not in (None, ""))
                self.warn(
                    gettext("%(field)s: the level “%(value)s” is not known; left out.")
                    % {"field": where, "value": shown[:60]}
                )
                continue
            found.add(level)
        return {attr: attr in found for attr in LEVEL_FIELDS}

    def sectors(self, record):
        sectors = []
        for i, item in enumerate(_list(record, "LINHVUCTHUCHIEN")):
            where = f"LINHVUCTHUCHIEN[{i}]"
            if isinstance(item, str):
                item = {"TENLINHVUC": item}
            item = _object(item, where)
            self.seen(item, {"MALINHVUC", "TENLINHVUC"}, "LINHVUCTHUCHIEN[]")
            code = _text(item, "MALINHVUC", max_length=50, where=f"{where}.MALINHVUC") or None
            name = _text(item, "TENLINHVUC", required=code is None, max_length=255, where=f"{where}.TENLINHVUC")
            sectors.append((code, name or code))
        return sectors

    def k_DOITUONGTHUCHIEN(self, record):
        names, codes = [], []
        for i, item in enumerate(_list(record, "DOITUONGTHUCHIEN")):
            code = ""
            if isinstance(item, dict):
                item = _upper(item)
                self.seen(item, {"MADOITUONG", "TENDOITUONG"}, "DOITUONGTHUCHIEN[]")
                code = _text(item, "MADOITUONG", where=f"DOITUONGTHUCHIEN[{i}].MADOITUONG")
                item = item.get("TENDOITUONG", "")
            if not isinstance(item, str):
                raise RecordError(gettext("%(field)s must be text.") % {"field": f"DOITUONGTHUCHIEN[{i}]"})
            if item.strip():
                names.append(" ".join(item.split()))
                codes.append(code)
        return {"target_groups": "\n".join(names), "target_group_codes": "\n".join(codes) if any(codes) else ""}

    def _agencies(self, record, key):
        """An agency list [{MADONVI, TENDONVI}] (also one object, or names joined by newlines):
        codes and names one per line, in the same order."""
        value = record.get(key)
        if isinstance(value, str) and not isinstance(value, CellError):
            value = [{"TENDONVI": line} for line in value.splitlines() if line.strip()]
        codes, names = [], []
        for i, item in enumerate(_list({key: value}, key)):
            where = f"{key}[{i}]"
            if isinstance(item, str):
                item = {"TENDONVI": item}
            item = _object(item, where)
            self.seen(item, {"MADONVI", "TENDONVI"}, f"{key}[]")
            code = _text(item, "MADONVI", max_length=50, where=f"{where}.MADONVI")
            name = " ".join(_text(item, "TENDONVI", where=f"{where}.TENDONVI").split())
            if code or name:
                codes.append(code)
                names.append(name)
        prefix = AGENCY_FIELDS[key]
        return {f"{prefix}_code": "\n".join(codes) if any(codes) else "", f"{prefix}_name": "\n".join(names)}

    def k_COQUANTHUCHIEN(self, record):
        return self._agencies(record, "COQUANTHUCHIEN")

    def k_COQUANCOTHAMQUYEN(self, record):
        return self._agencies(record, "COQUANCOTHAMQUYEN")

    def k_COQUANDUOCUYQUYEN(self, record):
        return self._agencies(record, "COQUANDUOCUYQUYEN")

    def k_COQUANPHOIHOP(self, record):
        return self._agencies(record, "COQUANPHOIHOP")

    def k_TRINHTUTHUCHIEN(self, record):
        blocks = []
        for i, case in enumerate(_list(record, "TRINHTUTHUCHIEN")):
            where = f"TRINHTUTHUCHIEN[{i}]"
            case = _object(case, where)
            self.seen(case, {"TRUONGHOP", "TRINHTU"}, "TRINHTUTHUCHIEN[]")
            steps = []
            for j, step in enumerate(_list(case, "TRINHTU", f"{where}.TRINHTU")):
                if isinstance(step, dict):
                    step = _upper(step)
                    self.seen(step, {"TENTRINHTU"}, "TRINHTUTHUCHIEN[].TRINHTU[]")
                    step = step.get("TENTRINHTU")
                if not isinstance(step, str) or not step.strip():
                    raise RecordError(gettext("%(field)s must be text.") % {"field": f"{where}.TRINHTU[{j}]"})
                steps.append(step.strip())
            blocks.append(
                {
                    "type": "case",
                    "value": {"case": _text(case, "TRUONGHOP", where=f"{where}.TRUONGHOP"), "steps": steps},
                }
            )
        return {"steps": blocks}

    def _fees(self, obj, key, where, known_where):
        fees = []
        for j, f in enumerate(_list(obj, key, f"{where}.{key}")):
            w = f"{where}.{key}[{j}]"
            f = _object(f, w)
            self.seen(f, {"MAPHILEPHI", "SOTIEN", "DONVI", "MOTA", "TENTEP", "URL", "TEPDINHKEM"}, known_where)
            amount, number = _fee_amount(f.get("SOTIEN"))
            fees.append(
                {
                    "code": _text(f, "MAPHILEPHI", where=f"{w}.MAPHILEPHI"),
                    "amount": amount,
                    "amount_value": None if number is None else _plain(number),
                    "unit": _text(f, "DONVI", where=f"{w}.DONVI"),
                    "description": _text(f, "MOTA", where=f"{w}.MOTA"),
                    "file_name": _text(f, "TENTEP", where=f"{w}.TENTEP"),
                    "attachment": self.link(f, "URL" if f.get("URL") not in (None, "") else "TEPDINHKEM", f"{w}.URL"),
                }
            )
        return fees

    def k_CACHTHUCTHUCHIEN(self, record):
        """Channels (KENH 1/2/3 or words), each with its processing times and its fees, nested in
        THOIGIAN[].PHILEPHI or beside THOIGIAN (national spec §3): kept where they were."""
        blocks = []
        for i, item in enumerate(_list(record, "CACHTHUCTHUCHIEN")):
            where = f"CACHTHUCTHUCHIEN[{i}]"
            item = _object(item, where)
            self.seen(item, {"KENH", "THOIGIAN", "PHILEPHI"}, "CACHTHUCTHUCHIEN[]")
            times = []
            for j, t in enumerate(_list(item, "THOIGIAN", f"{where}.THOIGIAN")):
                w = f"{where}.THOIGIAN[{j}]"
                t = _object(t, w)
                self.seen(t, {"THOIGIANGIAIQUYET", "DONVITINH", "MOTA", "PHILEPHI"}, "CACHTHUCTHUCHIEN[].THOIGIAN[]")
                raw_value = t.get("THOIGIANGIAIQUYET")
                value = _number(raw_value)
                note = _text(t, "MOTA", where=f"{w}.MOTA")
                if value is None and raw_value not in (None, ""):
                    self.warn(
                        gettext("%(field)s “%(value)s” is not a number; kept in the note.")
                        % {"field": f"{w}.THOIGIANGIAIQUYET", "value": str(raw_value)[:40]}
                    )
                    note = f"{raw_value}\n{note}".strip()
                times.append(
                    {
                        "value": None if value is None else _plain(value),
                        "unit": _text(t, "DONVITINH", where=f"{w}.DONVITINH"),
                        "note": note,
                        "fees": self._fees(t, "PHILEPHI", w, "CACHTHUCTHUCHIEN[].THOIGIAN[].PHILEPHI[]"),
                    }
                )
            fees = self._fees(item, "PHILEPHI", where, "CACHTHUCTHUCHIEN[].PHILEPHI[]")
            kenh = item.get("KENH")
            channel = None
            if kenh is not None and not isinstance(kenh, bool) and str(kenh).strip():
                channel = CHANNEL_CODES.get(
                    _key(_plain(decimal.Decimal(kenh)) if isinstance(kenh, int | float) else kenh)
                )
            if channel is None:
                raise RecordError(
                    gettext("%(field)s: “%(value)s” is not one of %(allowed)s.")
                    % {
                        "field": f"{where}.KENH",
                        "value": str(kenh)[:40],
                        "allowed": "1, 2, 3, TRUCTIEP, TRUCTUYEN, BUUCHINH",
                    }
                )
            blocks.append({"type": "channel", "value": {"channel": channel, "times": times, "fees": fees}})
        return {"channels": blocks}

    def k_THANHPHANHOSO(self, record):
        blocks = []
        for i, case in enumerate(_list(record, "THANHPHANHOSO")):
            where = f"THANHPHANHOSO[{i}]"
            case = _object(case, where)
            self.seen(case, {"TRUONGHOP", "GIAYTO"}, "THANHPHANHOSO[]")
            items = []
            for j, item in enumerate(_list(case, "GIAYTO", f"{where}.GIAYTO")):
                w = f"{where}.GIAYTO[{j}]"
                item = _object(item, w)
                self.seen(
                    item,
                    {"MAGIAYTO", "TENGIAYTO", "TENMAUDON", "URL", "MAUDON", "SOBANCHINH", "SOBANSAO", "MA_KQ_THAYTHE"},
                    "THANHPHANHOSO[].GIAYTO[]",
                )
                doc, url = self.documents.resolve(item.get("MAUDON"), f"{w}.MAUDON")
                if not doc and not url:
                    url = self.link(item, "URL", f"{w}.URL")
                items.append(
                    {
                        "code": _text(item, "MAGIAYTO", where=f"{w}.MAGIAYTO"),
                        "name": _text(item, "TENGIAYTO", required=True, where=f"{w}.TENGIAYTO"),
                        "originals": _int(item, "SOBANCHINH", f"{w}.SOBANCHINH"),
                        "copies": _int(item, "SOBANSAO", f"{w}.SOBANSAO"),
                        "template": doc,
                        "template_url": url,
                        "template_name": _text(item, "TENMAUDON", where=f"{w}.TENMAUDON"),
                        "substitute_result": _text(item, "MA_KQ_THAYTHE", where=f"{w}.MA_KQ_THAYTHE"),
                    }
                )
            blocks.append(
                {
                    "type": "case",
                    "value": {"case": _text(case, "TRUONGHOP", where=f"{where}.TRUONGHOP"), "items": items},
                }
            )
        return {"dossier": blocks}

    def k_KETQUATHUCHIEN(self, record):
        blocks = []
        for i, item in enumerate(_list(record, "KETQUATHUCHIEN")):
            where = f"KETQUATHUCHIEN[{i}]"
            if isinstance(item, str):
                item = {"TENKETQUA": item}
            item = _object(item, where)
            self.seen(item, {"MAKETQUA", "TENKETQUA", "TENTEP", "URL", "MAUKETQUA", "TENMAUKETQUA"}, "KETQUATHUCHIEN[]")
            doc, url = self.documents.resolve(item.get("MAUKETQUA"), f"{where}.MAUKETQUA")
            if not doc and not url:
                url = self.link(item, "URL", f"{where}.URL")
            blocks.append(
                {
                    "type": "result",
                    "value": {
                        "code": _text(item, "MAKETQUA", where=f"{where}.MAKETQUA"),
                        "name": _text(item, "TENKETQUA", required=True, where=f"{where}.TENKETQUA"),
                        "template": doc,
                        "template_url": url,
                        "template_name": _text(item, "TENTEP", where=f"{where}.TENTEP")
                        or _text(item, "TENMAUKETQUA", where=f"{where}.TENMAUKETQUA"),
                    },
                }
            )
        return {"results": blocks}

    def k_CANCUPHAPLY(self, record):
        blocks = []
        for i, item in enumerate(_list(record, "CANCUPHAPLY")):
            where = f"CANCUPHAPLY[{i}]"
            item = _object(item, where)
            self.seen(
                item,
                {"SOVANBAN", "TENVANBAN", "COQUANBANHANH", "NGAYBANHANH", "NGAYHIEULUC", "DIACHITRUYCAP"},
                "CANCUPHAPLY[]",
            )
            issued = _date(item, "NGAYBANHANH", f"{where}.NGAYBANHANH", self.warn)
            effective = _date(item, "NGAYHIEULUC", f"{where}.NGAYHIEULUC", self.warn)
            number = _text(item, "SOVANBAN", where=f"{where}.SOVANBAN")
            blocks.append(
                {
                    "type": "document",
                    "value": {
                        "number": number,
                        "title": _text(item, "TENVANBAN", required=not number, where=f"{where}.TENVANBAN") or number,
                        "issued": issued.isoformat() if issued else None,
                        "effective": effective.isoformat() if effective else None,
                        "issuer": _text(item, "COQUANBANHANH", where=f"{where}.COQUANBANHANH"),
                        "url": _text(item, "DIACHITRUYCAP", where=f"{where}.DIACHITRUYCAP"),
                    },
                }
            )
        return {"legal_basis": blocks}

    def k_MUCDODVC(self, record):
        value = record.get("MUCDODVC")
        if value in ("", None):
            return {"online_level": "unknown"}
        key = _key(
            _plain(decimal.Decimal(value)) if isinstance(value, int | float) and not isinstance(value, bool) else value
        )
        if key in ("3", "4"):
            key = "MUC" + key
        level = ONLINE_CODES.get(key)
        if level is None:
            self.warn(
                gettext("MUCDODVC “%(value)s” is not a known online service level; shown as not stated.")
                % {"value": str(value)[:40]}
            )
            level = "unknown"
        return {"online_level": level}

    def _codes(self, record, key):
        result = []
        for i, item in enumerate(_list(record, key)):
            if isinstance(item, dict):
                item = _upper(item)
                item = item.get("MATTHC", "")
            if isinstance(item, int | float) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                raise RecordError(gettext("%(field)s must be a list of procedure codes.") % {"field": f"{key}[{i}]"})
            result.append(item.strip())
        return ", ".join(result)

    def k_TTHCLIENQUAN(self, record):
        return {"related_codes": self._codes(record, "TTHCLIENQUAN")[:1000]}

    def k_TTHCLIENTHONG(self, record):
        return {"linked_codes": self._codes(record, "TTHCLIENTHONG")[:1000]}

    def k_QUYETDINHCONGBO(self, record):
        d = _object(record.get("QUYETDINHCONGBO"), "QUYETDINHCONGBO")
        self.seen(d, {"SOQUYETDINH", "NGAYBANHANH", "NGAYQUYETDINH", "COQUANBANHANH"}, "QUYETDINHCONGBO")
        date_key = "NGAYQUYETDINH" if d.get("NGAYQUYETDINH") not in (None, "") else "NGAYBANHANH"
        return {
            "decision_number": _text(d, "SOQUYETDINH", max_length=100, where="QUYETDINHCONGBO.SOQUYETDINH"),
            "decision_date": _date(d, date_key, f"QUYETDINHCONGBO.{date_key}", self.warn),
            "decision_issuer": _text(d, "COQUANBANHANH", max_length=255, where="QUYETDINHCONGBO.COQUANBANHANH"),
        }

    def k_QUYETDINHBAIBO(self, record):
        d = _object(record.get("QUYETDINHBAIBO"), "QUYETDINHBAIBO")
        self.seen(d, {"SOQUYETDINH", "NGAYQUYETDINH", "NGAYBANHANH"}, "QUYETDINHBAIBO")
        date_key = "NGAYQUYETDINH" if d.get("NGAYQUYETDINH") not in (None, "") else "NGAYBANHANH"
        return {
            "abolished_decision_number": _text(d, "SOQUYETDINH", max_length=100, where="QUYETDINHBAIBO.SOQUYETDINH"),
            "abolished_decision_date": _date(d, date_key, f"QUYETDINHBAIBO.{date_key}", self.warn),
        }


def cut_title(name):
    """The name as a page title (255 characters at most): cut at a word, ending with "…"."""
    if len(name) <= TITLE_MAX:
        return name
    head = name[: TITLE_MAX - 1]
    if " " in head:
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,;:-–") + "…"


def clean_record(raw, documents, mode="full"):
    """Model values of one record, as a flat dict of the fields its present keys fill, and its
    sectors ([(code, name)], None when the record has no LINHVUCTHUCHIEN); RecordError with the
    reason. (Kept for callers of the earlier API; import_records uses _Checker directly.)"""
    checker = _Checker(documents)
    code, by_key, sectors, _ignored = checker.clean(raw, mode)
    values = {"code": code}
    for fields in by_key.values():
        values.update(fields)
    return values, sectors or []


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


# --- hashing: what the page holds per record key -------------------------------------------------


_PLAIN = frozenset({str, int, bool, float, type(None)})


def _normalise(value):
    """A field's value in one comparable form: StreamField raw data without block ids, list items
    unwrapped, empty values dropped ("", None, [], {}), dates and decimals as text. (Called for
    every value of every record: the common types are tested first.)"""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, dict):
        if value.get("type") == "item" and "value" in value and "id" in value:
            return _normalise(value["value"])
        out = {}
        for k, v in value.items():
            if k == "id":
                continue
            v = _normalise(v)
            if v is None or (isinstance(v, str | list | dict) and not v):
                continue
            out[k] = v
        return out
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    if isinstance(value, datetime.date | decimal.Decimal):
        return str(value)
    if hasattr(value, "raw_data"):  # a StreamValue
        return _normalise(list(value.raw_data))
    if type(value).__name__ == "RawDataView":
        return _normalise(list(value))
    return value


# json.dumps(value, ensure_ascii=False, sort_keys=True, default=str), without a new encoder per call
_HASHED_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)


def _digest(value):
    data = _HASHED_JSON.encode(_normalise(value))
    return hashlib.blake2b(data.encode(), digest_size=8).hexdigest()


def page_hashes(page, sector_codes, keys=None):
    """The hash of each record key's values as the page holds them now (of `keys` only, if given)."""
    hashes = {}
    for key, fields in KEY_FIELDS.items():
        if keys is not None and key not in keys:
            continue
        if key == "LINHVUCTHUCHIEN":
            hashes[key] = _digest(sorted(sector_codes))
        else:
            hashes[key] = _digest([getattr(page, f) for f in fields])
    return hashes


def _content_hash(hashes):
    return hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()


# --- sectors ---------------------------------------------------------------------------------


class _Sectors:
    """Sectors by code and by name, loaded once per run: a sector named without its code (the
    portal's XLSX lists) is found by its name, or created with a code made from it."""

    def __init__(self):
        self.by_code, self.by_name = {}, {}
        for sector in ProcedureSector.objects.all():
            self._keep(sector)

    def _keep(self, sector):
        self.by_code[sector.code] = sector
        self.by_name.setdefault(fold(sector.name).strip(), sector)

    def _find(self, code, name):
        return self.by_code.get(code) if code else self.by_name.get(fold(name).strip())

    def settled(self, pairs):
        """Whether resolving these pairs only reads (no sector to create or to rename)."""
        for code, name in pairs:
            sector = self._find(code, name)
            if sector is None or (code and name and sector.name != name):
                return False
        return True

    def resolve(self, pairs):
        result = []
        for code, name in pairs:
            sector = self._find(code, name)
            if sector is None:
                if code is None:
                    code = (slugify_vi(name)[:50] or "linh-vuc").strip("-")
                    n = 1
                    while code in self.by_code:
                        n += 1
                        code = f"{code[:45]}-{n}"
                sector = ProcedureSector.objects.create(code=code, name=name)
                self._keep(sector)
            elif code and name and sector.name != name:
                sector.name = name
                sector.save(update_fields=["name"])
                self._keep(sector)
            if sector not in result:
                result.append(sector)
        return result


# --- saving ---------------------------------------------------------------------------------


def _existing(index):
    """Procedures of the index's site by code, so a re-run updates instead of duplicating:
    code -> (pk, content hash, field hashes, online level)."""
    pages = ProcedurePage.objects.all()
    site = index.get_site()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    else:
        pages = pages.child_of(index)
    rows = pages.values_list("code", "pk", "content_hash", "field_hashes", "online_level")
    return {code: (pk, content_hash, hashes, online) for code, pk, content_hash, hashes, online in rows}


class _Paths:
    """Tree paths for new children of the index, allocated here rather than by add_child (which
    reads the last child and updates the parent for every page)."""

    def __init__(self, index):
        self.index = index
        last = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1).order_by("-path").first()
        self.next = (Page._str2int(last.path[-Page.steplen :]) + 1) if last else 1
        self.added = 0

    def take(self):
        path = Page._get_path(self.index.path, self.index.depth + 1, self.next)
        self.next += 1
        self.added += 1
        return path

    def finish(self):
        if self.added:
            Page.objects.filter(pk=self.index.pk).update(
                numchild=Page.objects.filter(path__startswith=self.index.path, depth=self.index.depth + 1).count()
            )
            self.index.numchild = Page.objects.get(pk=self.index.pk).numchild
            self.added = 0


def _write(index, page, created, sectors, user, paths=None, hashes=None, batch=None, note=None):
    """Save and publish one page the short way: one page save, one revision, the "create/edit"
    and "publish" log entries and the page_published signal (save_revision().publish() would save
    the page three times and re-index it each time). A new page of a bulk batch is not saved here:
    the batch inserts its new pages together (see _Batch.flush)."""
    now = timezone.now()
    page.draft_title = page.title
    page.live, page.has_unpublished_changes = True, False
    page.last_published_at = now
    page.first_published_at = page.first_published_at or now
    page.code_checked = True  # unique within the site: checked against the whole site by the caller
    page.sectors.set(sectors)
    page._import_sectors = list(sectors)
    page._sector_names = [s.name for s in sectors]
    page._imported = True
    if hashes is None:
        hashes = page_hashes(page, [s.code for s in sectors])
    page.content_hash = _content_hash(hashes)
    page.field_hashes = {**hashes, **(note or {})}
    if created:
        if paths is None:
            index.add_child(instance=page)
        else:
            page.path, page.depth, page.numchild = paths.take(), index.depth + 1, 0
            page._cached_parent_obj = index
            page.locale_id = index.locale_id
            page._is_site_root = False
            if batch is not None and batch.bulk:
                page.set_url_path(index)  # what Page.save does for a new page
                page.set_derived_fields()  # and ProcedurePage.save
                batch.add(page, created)
                return page
            # log_action=None: the create entry is written with the revision (below or in _Batch)
            page.save(clean=False, log_action=None)
    else:
        page._is_site_root = False
        page.save(clean=False)
    if batch is not None:  # revision, log entries and signal for the whole batch (see _Batch)
        batch.add(page, created)
        return page
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
    if not created or paths is not None:  # a page saved by add_child has logged its creation
        log(instance=page, action="wagtail.create" if created else "wagtail.edit", user=user, revision=revision)
    log(instance=page, action="wagtail.publish", user=user, revision=revision, content_changed=True)
    page_published.send(sender=ProcedurePage, instance=page, revision=revision)
    return page


def _new_page(values):
    title = values.get("title") or values["code"]
    slug = f"{slugify_vi(title)[:80].strip('-')}-{slugify_vi(values['code'])}"
    return ProcedurePage(slug=slug[:255], title=title)


def apply(index, values, sectors, existing_pk=None, user=None):
    """Create or update one procedure page from flat model values and publish it. Returns
    (page, created). Every value given is written (callers that merge pass only what changes)."""
    created = not existing_pk
    page = ProcedurePage.objects.get(pk=existing_pk) if existing_pk else _new_page(values)
    for attr, value in values.items():
        setattr(page, attr, value)
    if sectors is None:
        sectors = list(page.sectors.all()) if not created else []
    _write(index, page, created, sectors, user)
    return page, created


def _derived_online(by_key, current):
    """The online level when the record has none (national spec §4.5): "online" if it lists an
    online channel, "none" if it lists channels without one; only over a level that was itself
    derived or unknown, never over a level a record or an editor stated."""
    if "MUCDODVC" in by_key or "CACHTHUCTHUCHIEN" not in by_key:
        return None
    if current is not None and current not in DERIVED_ONLINE:
        return None
    channels = by_key["CACHTHUCTHUCHIEN"]["channels"]
    if not channels:
        return "unknown"
    return "online" if any(b["value"]["channel"] == "online" for b in channels) else "none"


BATCH = 200  # records per transaction: one commit per batch, one savepoint per record


def _raw_digest(raw, mode):
    """The hash of a record as it came: the same record imported again by the same mode over a
    page nobody edited since is unchanged without checking it field by field."""
    try:
        data = _HASHED_JSON.encode(raw)
    except (TypeError, ValueError):
        return None
    return hashlib.blake2b(f"{mode}:{data}".encode(), digest_size=12).hexdigest()


def import_records(index, records, *, strict=False, progress=None, user=None, mode=None):
    """Import [(position, raw record)] under `index`; returns an ImportReport.

    records: pairs of a position label ("Record 3", "Row 7") and a raw record, a dict in the
    national LayThuTuc shape (see record.py); the national sync passes LayThuTuc results as they
    come. mode: "full" (the default) merges every key the importer reads; "list" reads only code,
    name, agencies and sector (the portal's lists) and reports the rest as ignored; None takes the
    mode the reader found (reading.Records.mode), else "full". strict: nothing is saved if any
    record is invalid. progress(done, total) is called every 100 records. user: the revisions'
    and log entries' author. See the module docstring for the rules."""
    mode = mode or getattr(records, "mode", "full")
    report = ImportReport(total=len(records), strict=strict, mode=mode, layout=getattr(records, "layout", "records"))
    documents = _Documents()
    existing = _existing(index)
    known = LIST_KEYS if mode == "list" else KNOWN_KEYS
    cleaned, seen = [], {}
    for position, raw in records:
        code = raw.get("MATTHC", raw.get("MaTTHC", "")) if isinstance(raw, dict) else ""
        code = code.strip() if isinstance(code, str) else ""
        try:
            if code and code in seen:
                raise RecordError(
                    gettext("The code %(code)s already appears in %(position)s of this file.")
                    % {"code": code, "position": seen[code].lower()}
                )
            digest = _raw_digest(raw, mode) if isinstance(raw, dict) else None
            current = existing.get(code)
            if digest and current and current[1] and current[2].get("_raw") == digest:
                seen[code] = position  # unchanged since this very record was imported: nothing to check
                report.unchanged.append(code)
                report.ignored.update(str(k).strip().upper() for k in raw if str(k).strip().upper() not in known)
                report.ignored.update(current[2].get("_ignored", []))
                continue
            checker = _Checker(documents)
            code, by_key, sectors, ignored = checker.clean(raw, mode)
            if code in seen:
                raise RecordError(
                    gettext("The code %(code)s already appears in %(position)s of this file.")
                    % {"code": code, "position": seen[code].lower()}
                )
            seen[code] = position
            nested = sorted(k for k in ignored if "." in k)
            note = {"_raw": digest if not checker.warnings else None, "_ignored": nested}
            cleaned.append((position, code, by_key, sectors, note))
            report.ignored.update(ignored)
            report.warnings.extend(Rejected(position, code, w) for w in checker.warnings)
        except RecordError as error:
            report.rejected.append(Rejected(position, code, str(error)))
    if strict and report.rejected:
        report.unchanged = []
        return report
    run = _Run(index, existing, cleaned, user, strict)
    total = len(cleaned)
    written = []
    outer = transaction.atomic() if strict else contextlib.nullcontext()
    try:
        with outer, defer_search_index(), disable_reference_index_auto_update():
            for start in range(0, total, BATCH):
                chunk = cleaned[start : start + BATCH]
                try:
                    try:
                        done, rejected = run.save(chunk, bulk=True)
                    except _BulkFailed:  # a database error in the batch's bulk insert: again one record at a time
                        run.reset()
                        done, rejected = run.save(chunk, bulk=False)
                except _StrictRollback as stop:
                    report.rejected.extend(stop.args[0])
                    raise
                report.rejected.extend(rejected)
                for code, page, created, changed in done:
                    if page is None:
                        report.unchanged.append(code)
                        continue
                    existing[code] = (page.pk, page.content_hash, page.field_hashes, page.online_level)
                    (report.created if created else report.updated).append(code)
                    report.changes[code] = changed
                    written.append(page)
                if progress:
                    for n in range(start + 1, start + len(chunk) + 1):
                        if n % 100 == 0 or n == total:
                            progress(n, total)
    except _StrictRollback:
        report.created, report.updated, report.unchanged, report.changes = [], [], [], {}
        written = []
    if written:
        _index_pages(written)
    return report


class _BulkFailed(Exception):
    """The bulk insert of a batch's new pages failed: the batch is saved again one record at a time,
    so that only the records at fault are rejected."""


class _Run:
    """One run's state across its batches: the pages by code, the sectors and the tree paths
    (read again after a rollback)."""

    def __init__(self, index, existing, cleaned, user, strict):
        self.index, self.existing, self.user, self.strict = index, existing, user, strict
        self.any_sectors = any(c[3] is not None for c in cleaned)
        self.any_new = any(c[1] not in existing for c in cleaned)
        self.reset()

    def reset(self, paths=True):
        self.sectors = _Sectors() if self.any_sectors else None
        if paths:
            self.paths = _Paths(self.index) if self.any_new else None

    def save(self, chunk, bulk):
        """Save one batch in one transaction; returns (done, rejected). bulk: new pages are inserted
        together when the batch is flushed; a record then writes nothing by itself unless it
        updates a page or adds a sector, and only such a record gets its own savepoint (the rollback
        of a record at fault). Without bulk every record is saved in its own savepoint."""
        batch = _Batch(self.user, bulk=bulk)
        done, rejected = [], []
        try:
            with transaction.atomic():
                for position, code, by_key, sector_pairs, note in chunk:
                    current = self.existing.get(code)
                    writes = not bulk or current is not None
                    writes = writes or (sector_pairs is not None and not self.sectors.settled(sector_pairs))
                    try:
                        with transaction.atomic() if writes else contextlib.nullcontext():
                            sectors = self.sectors.resolve(sector_pairs) if sector_pairs is not None else None
                            page, created, changed = _merge(
                                self.index, code, by_key, sectors, current, self.user, self.paths, batch, note
                            )
                    except Exception as error:  # a database or validation error: this record, or the run
                        rejected.append(Rejected(position, code, _reason(error)))
                        if self.strict:
                            raise _StrictRollback(rejected) from error
                        if writes:  # what the savepoint rolled back may be cached; pending new pages keep their paths
                            self.reset(paths=not bulk)
                        continue
                    done.append((code, page, created, changed))
                try:
                    batch.flush()
                except DatabaseError as error:
                    if bulk and batch.inserts:
                        raise _BulkFailed from error
                    raise
                if self.paths is not None:
                    self.paths.finish()
        except (_StrictRollback, _BulkFailed):
            raise
        except Exception as error:  # the batch's revisions or log entries could not be written
            rejected.extend(Rejected("", code, _reason(error)) for code, *_rest in done)
            if self.strict:
                raise _StrictRollback(rejected) from error
            self.reset()
            return [], rejected
        batch.published()
        return done, rejected


def _reason(error):
    return "; ".join(map(str, getattr(error, "messages", None) or [str(error)]))


class _Batch:
    """What the pages of one batch still need once saved: in bulk, the new pages themselves (see
    _insert_pages); their revisions, the pages' revision pointers and their log entries, one
    statement each; and, after the commit, the page_published signal."""

    def __init__(self, user, bulk=False):
        self.user = user
        self.bulk = bulk
        self.pages = []  # (page, created)
        self.inserts = False
        self.uuid = uuid.uuid4()

    def add(self, page, created):
        self.pages.append((page, created))

    def flush(self):
        if not self.pages:
            return
        now = timezone.now()
        new = [page for page, created in self.pages if created and page.pk is None]
        if new:
            self.inserts = True
            _insert_pages(new)
        content_type = ContentType.objects.get_for_model(ProcedurePage, for_concrete_model=False)
        base_type = ContentType.objects.get_for_model(Page)
        revisions = [
            Revision(
                content_type=content_type,
                base_content_type=base_type,
                object_id=str(page.pk),
                user=self.user,
                content=_new_page_data(page) if created else page.serializable_data(),
                object_str=str(page),
                created_at=now,
            )
            for page, created in self.pages
        ]
        _insert_rows(Revision, revisions)
        ids = dict(
            Revision.objects.filter(
                base_content_type=base_type, created_at=now, object_id__in=[r.object_id for r in revisions]
            ).values_list("object_id", "pk")
        )
        for (page, _created), revision in zip(self.pages, revisions, strict=True):
            revision.pk = ids[revision.object_id]
            revision._state.adding, revision._state.db = False, _db()
            page.latest_revision, page.live_revision = revision, revision
            page.latest_revision_created_at = revision.created_at
        _point_to_revisions(self.pages, now)
        entries = []
        for (page, created), revision in zip(self.pages, revisions, strict=True):
            for action, changed in (
                ("wagtail.create" if created else "wagtail.edit", False),
                ("wagtail.publish", True),
            ):
                entries.append(
                    PageLogEntry(
                        content_type=content_type,
                        label=str(page),
                        action=action,
                        timestamp=now,
                        data={},
                        uuid=self.uuid,
                        user=self.user,
                        revision=revision,
                        page_id=page.pk,
                        content_changed=changed,
                    )
                )
        _insert_rows(PageLogEntry, entries)
        for page, _created in self.pages:
            if _references_documents(page) or not _created:
                ReferenceIndex.create_or_update_for_object(page)

    def published(self):
        for page, _created in self.pages:
            page_published.send(sender=ProcedurePage, instance=page, revision=page.latest_revision)


def _db():
    return router.db_for_write(Page)


def _insert_rows(model, objs, fields=None):
    """INSERT the objects' rows as one executemany statement, each value prepared as Model.save
    prepares it (Field.pre_save, then get_db_prep_save); no primary key is read back. (bulk_create
    would split the rows in several statements on SQLite, whose limit is 999 parameters.)"""
    if not objs:
        return
    connection = connections[_db()]
    fields = fields or [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    rows = [[_db_value(f, obj, connection) for f in fields] for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# Fields whose get_db_prep_save returns a value of exactly this type as it is (most of a page's columns)
_AS_IS = {models.CharField: str, models.TextField: str, models.SlugField: str, models.BooleanField: bool}


def _db_value(field, obj, connection):
    """A field's value as Model.save writes it: Field.pre_save, then get_db_prep_save; a StreamField
    from its value prepared once (see _stream_values), as StreamField.get_db_prep_value writes it."""
    if isinstance(field, StreamField):
        return _json_field(field).get_db_prep_value(_stream_values(obj)[field], connection, prepared=True)
    kind = _AS_IS.get(type(field))
    if kind is not None:
        value = getattr(obj, field.attname)
        if type(value) is kind:
            return value
    return field.get_db_prep_save(field.pre_save(obj, True), connection)


def _insert_pages(pages):
    """Insert new procedure pages (prepared by _write as Page.save and ProcedurePage.save would
    prepare them) and their sectors in four statements, whatever their number: the base page
    rows, their ids read back by tree path, the procedure rows and the sector rows. Page.save
    would take two INSERTs and the sectors a SELECT and an INSERT per page."""
    db = _db()
    _insert_rows(Page, pages)
    ids = dict(Page.objects.using(db).filter(path__in=[p.path for p in pages]).values_list("path", "pk"))
    for page in pages:
        page.id = page.page_ptr_id = ids[page.path]
        page._state.adding, page._state.db = False, db
    _insert_rows(ProcedurePage, pages, ProcedurePage._meta.local_concrete_fields)
    through = ProcedurePage.sectors.through
    _insert_rows(
        through, [through(procedurepage_id=p.pk, proceduresector_id=s.pk) for p in pages for s in p._import_sectors]
    )


def _point_to_revisions(pages, now):
    """Each page's latest and live revision, as one executemany UPDATE (bulk_update would build one
    CASE WHEN statement, costly to compile)."""
    connection = connections[_db()]
    quote = connection.ops.quote_name
    latest, live, at = (
        Page._meta.get_field(n) for n in ("latest_revision", "live_revision", "latest_revision_created_at")
    )
    table, pk = quote(Page._meta.db_table), quote(Page._meta.pk.column)
    sql = f"UPDATE {table} SET {quote(latest.column)} = %s, {quote(live.column)} = %s, {quote(at.column)} = %s"
    sql += f" WHERE {pk} = %s"
    when = at.get_db_prep_save(now, connection)
    rows = [(p.latest_revision.pk, p.live_revision.pk, when, p.pk) for p, _created in pages]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _new_page_data(page):
    """page.serializable_data() of a page just created, without reading back its child relations:
    it has none yet (no comment can be on a page that did not exist), and its sectors are those
    just set."""
    streams = _stream_values(page)
    pk = page._meta.pk
    while pk.remote_field and pk.remote_field.parent_link:  # as get_serializable_data_for_fields
        pk = pk.remote_field.model._meta.pk
    data = {"pk": get_field_value(pk, page)}
    for f in page._meta.fields:
        if f.serialize:  # a StreamField as its value_to_string, from the value prepared once
            data[f.name] = (
                json.dumps(streams[f], cls=_json_field(f).encoder) if f in streams else get_field_value(f, page)
            )
    for rel in get_all_child_relations(page):
        data[rel.get_accessor_name()] = []
    for m2m in get_all_child_m2m_relations(page):
        if m2m.serialize:
            chosen = page._import_sectors if m2m.name == "sectors" else getattr(page, m2m.name).all()
            data[m2m.name] = [s.pk for s in chosen]
    return data


def _stream_values(page):
    """The page's StreamField values as Field.get_prep_value gives them (block ids set), prepared
    once for both the page's row and its revision: each preparation walks every block."""
    if not hasattr(page, "_prepared_streams"):
        page._prepared_streams = {
            f: f.get_prep_value(getattr(page, f.attname))
            for f in page._meta.concrete_fields
            if isinstance(f, StreamField)
        }
    return page._prepared_streams


_JSON_FIELDS = {}


def _json_field(field):
    """StreamField.json_field, which builds a new JSONField at each access, built once per field."""
    if field not in _JSON_FIELDS:
        _JSON_FIELDS[field] = field.json_field
    return _JSON_FIELDS[field]


def _references_documents(page):
    """Whether a page's blocks choose documents of the library (the reference index lists them as
    the documents' usage); sectors and links to other sites are not indexed references."""
    return any(i.get("template") for b in page.dossier.raw_data for i in _list_items(b["value"].get("items"))) or any(
        b["value"].get("template") for b in page.results.raw_data
    )


def _list_items(items):
    return [i["value"] if isinstance(i, dict) and "value" in i and "id" in i else i for i in items or []]


def _merge(index, code, by_key, sectors, current, user, paths, batch=None, note=None):
    """Write one record over its page (or a new page). Returns (page or None if nothing changed,
    created, changed keys)."""
    derived = _derived_online(by_key, current[3] if current else None)
    if derived is not None:
        by_key = {**by_key, "MUCDODVC": {"online_level": derived}}
    new_hashes = {key: _digest([fields[f] for f in KEY_FIELDS[key]]) for key, fields in by_key.items()}
    if sectors is not None:
        new_hashes["LINHVUCTHUCHIEN"] = _digest(sorted(s.code for s in sectors))
    if current is None:
        if "TENTTHC" not in by_key:
            raise RecordError(gettext("%(field)s is required.") % {"field": "TENTTHC"})
        values = {"code": code}
        for fields in by_key.values():
            values.update(fields)
        page = _new_page(values)
        for attr, value in values.items():
            setattr(page, attr, value)
        # the record's keys hash as the page now holds them; only the other keys are hashed from the page
        other = page_hashes(page, [], keys=KEY_FIELDS.keys() - new_hashes.keys())
        hashes = {key: new_hashes[key] if key in new_hashes else other[key] for key in KEY_FIELDS}
        _write(index, page, True, sectors or [], user, paths, hashes=hashes, batch=batch, note=note)
        return page, True, sorted(new_hashes)
    pk, content_hash, old_hashes, _online = current
    page = None
    if not content_hash or not old_hashes:  # edited since, or never imported: compare with the page itself
        page = ProcedurePage.objects.get(pk=pk)
        old_hashes = page_hashes(page, list(page.sectors.values_list("code", flat=True)))
    changed = sorted(key for key, h in new_hashes.items() if old_hashes.get(key) != h)
    if not changed:
        return None, False, []
    if page is None:
        page = ProcedurePage.objects.get(pk=pk)
    for key in changed:
        for attr, value in by_key.get(key, {}).items():
            setattr(page, attr, value)
    if sectors is None or "LINHVUCTHUCHIEN" not in changed:
        sectors = list(page.sectors.all())
    hashes = {k: v for k, v in {**old_hashes, **new_hashes}.items() if not k.startswith("_")}
    _write(index, page, False, sectors, user, hashes=hashes, batch=batch, note=note)
    return page, False, changed


def _index_pages(pages):
    """The search index entries of the pages written, in bulk once the run is done (each save
    would otherwise update it on its own)."""
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(pages), 500):
            backend.add_bulk(ProcedurePage, pages[start : start + 500])


def import_file(index, data, filename, *, fmt=None, strict=False, progress=None, user=None, max_bytes=None, mode=None):
    """Read and import a file's bytes; ImportFileError if the file as a whole is unreadable."""
    fmt = fmt or detect_format(filename)
    records = read_records(data, fmt, max_bytes=max_bytes)
    return import_records(index, records, strict=strict, progress=progress, user=user, mode=mode)


def upload_limit():
    return conf.get("CCHC_PROCEDURE_IMPORT_MAX_BYTES")
