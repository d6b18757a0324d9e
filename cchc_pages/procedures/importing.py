"""Importing administrative procedures: checking each record of a file (see reading.py and
record.py) and writing the valid ones as published pages. The management command, the admin
upload and the demo loader all go through `import_records`.

A run checks every record first. Without strict mode each valid record is saved in its own
transaction and each invalid one is reported (position and reason, in the active language);
with strict mode one invalid record means nothing is saved. A record is never half-saved.
"""

import contextlib
import datetime
import decimal
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Page, Revision
from wagtail.signals import page_published

from ..core import conf
from ..core.text import fold, slugify_vi
from .models import ProcedurePage, ProcedureSector
from .reading import FORMATS, CellError, ImportFileError, detect_format, read_records
from .record import AGENCY_FIELDS, CHANNEL_CODES, COLUMNS, LEVEL_CODES, ONLINE_CODES, STATUS_CODES, TEXT_FIELDS
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
    if isinstance(value, CellError):
        raise RecordError(gettext("Column %(field)s does not hold valid JSON.") % {"field": value.key})
    if value is None or value == "":
        return []
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
