"""A procedure's lifecycle by publication decision (quyết định công bố).

Under Decree 63/2010/NĐ-CP on the control of administrative procedures (as amended by Decrees
48/2013/NĐ-CP and 92/2017/NĐ-CP), procedures are published, amended and abolished by a competent
body's publication decision, which the national database records with three lists (shape
specification §6.2): newly published ("Nhóm công khai mới", `get_procedures_by_dp_id_service_v2`),
amended or supplemented ("Sửa đổi bổ sung", `get_modified_procedures_by_dp_id_service_v2`) and
abolished ("Bãi bỏ", `get_rescinded_procedures_by_dp_id_service_v2`).

Applying a decision to a site:

- a row that is a whole ``LayThuTuc`` record (code, name and content) goes through
  ``importing.import_records``: it creates or updates the page;
- any other row names a procedure by its code (``MATTHC``, ``PROCEDURE_CODE``, ``TTHC_MA``), its
  national ``ID`` or its name (``PROCEDURE_NAME``, ``TENTTHC``), tried in that order; the portal's
  rows carry only the ID and the name. A match is made only when exactly one page answers;
- a matched page of the "new" list is put back in force, one of the "amended" list is marked
  amended, one of the "abolished" list is marked abolished with the decision's number and date —
  it stays published at its address and says which decision abolished it, but leaves the
  listing and the search unless a reader asks for abolished procedures (``?trang-thai=bai-bo``);
- a row that matches no page, or several, is reported, never guessed. A page already in the
  state the decision gives is left as it is (no revision).
"""

import datetime
import json
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext, pgettext

from ..core.text import fold
from .importing import import_records
from .models import ProcedurePage
from .sync import DECISION_SERVICES, SyncError, unwrap

LISTS = ("new", "amended", "abolished")
# The portal's services (spec §6.2), the Vietnamese tab labels and other names of each list.
LIST_KEYS = {
    "new": ("new", DECISION_SERVICES["new"], "cong_bo_moi", "congkhaimoi", "moi"),
    "amended": ("amended", DECISION_SERVICES["amended"], "sua_doi_bo_sung", "suadoi", "sua_doi"),
    "abolished": ("abolished", DECISION_SERVICES["abolished"], "bai_bo", "baibo", "rescinded"),
}
CODE_KEYS = ("MATTHC", "PROCEDURE_CODE", "TTHC_MA", "MA_TTHC")
NAME_KEYS = ("TENTTHC", "PROCEDURE_NAME", "NAME")
# Keys that only identify a row (or describe the list): a row with anything else is a record.
_ROW_KEYS = {
    *CODE_KEYS,
    *NAME_KEYS,
    "ID",
    "PUBLISHED_AGENCY",
    "PUBLISHED_AGENCY_ID",
    "AMOUNT",
    "ROW_STT",
    "TOTAL_RECORDS",
    "IDQUYETDINHCONGBO",
}
_DECISION_ID_IN_NAME = re.compile(r"ma_quyet_dinh[_=](\d+)", re.IGNORECASE)


class DecisionFileError(Exception):
    """The decision file as a whole cannot be read."""


@dataclass
class Decision:
    """The decision itself: its portal/LGSP id, number (số quyết định), date and summary."""

    id: str = ""
    number: str = ""
    date: datetime.date | None = None
    summary: str = ""
    agency: str = ""

    def label(self):
        if self.number and self.date:
            return gettext("Decision %(number)s of %(date)s") % {
                "number": self.number,
                "date": self.date.strftime("%d/%m/%Y"),
            }
        if self.number:
            return gettext("Decision %(number)s") % {"number": self.number}
        if self.id:
            return gettext("Decision ID %(id)s") % {"id": self.id}
        return gettext("Decision (number not given)")


def parse_date(value):
    """A decision date as the sources write it: dd-mm-yyyy (portal), dd/mm/yyyy or yyyy-mm-dd,
    possibly followed by a time; None when empty or unreadable."""
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().split("T")[0].split(" ")[0]
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%Y/%m/%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _decision_from(obj):
    """A Decision from a portal decision row (ID, CODE, NAME, PUBLISHING_DATE, AGENCY_NAME) or an
    LayQDCB item (SOQUYETDINH, NGAYQUYETDINH, TRICHYEU)."""
    if not isinstance(obj, dict):
        return Decision()
    up = {str(k).upper(): v for k, v in obj.items()}

    def text(*keys):
        for key in keys:
            value = up.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
                return " ".join(str(value).split())
        return ""

    number = text("SOQUYETDINH", "CODE", "NUMBER")
    # The portal's CODE may carry a trailing "." or "… ngày d/m/y" (spec §6.1).
    number = re.split(r"\s+ng[aà]y\s", number, maxsplit=1, flags=re.IGNORECASE)[0].rstrip(" .")
    return Decision(
        id=text("ID", "IDQUYETDINHCONGBO", "IDQDCB"),
        number=number[:100],
        date=parse_date(text("NGAYQUYETDINH", "PUBLISHING_DATE", "NGAYBANHANH", "DATE")),
        summary=text("TRICHYEU", "NAME", "SUMMARY"),
        agency=text("AGENCY_NAME", "COQUANBANHANH"),
    )


def _list_of(filename):
    name = (filename or "").lower()
    for kind in LISTS:
        if LIST_KEYS[kind][1] in name:
            return kind
    return None


def read_decision(data, filename="", kind=None):
    """(Decision, {list: [(position, row)]}) from a decision file's bytes.

    The file is either one list as the portal serves it (a JSON array of rows; which list it is
    comes from `kind`, else from the service name in the file name, as the recorded samples are
    named), possibly in an LGSP envelope; or an object with the decision and its lists::

        {"decision": {"SOQUYETDINH": ..., "NGAYQUYETDINH": ...},
         "new": [...], "amended": [...], "abolished": [...]}

    whose list keys may also be the portal's service names."""
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DecisionFileError(gettext("The file is not UTF-8 text.")) from None
    except json.JSONDecodeError as error:
        raise DecisionFileError(
            gettext("The file is not valid JSON (line %(line)s, column %(col)s).")
            % {"line": error.lineno, "col": error.colno}
        ) from None
    decision = Decision()
    lists = {kind: [] for kind in LISTS}
    found = False
    if isinstance(payload, dict) and not any(key in payload for key in ("error_code", "message", "result")):
        meta = payload.get("decision") or payload.get("QUYETDINH") or payload.get("quyet_dinh")
        decision = _decision_from(meta)
        for list_kind, keys in LIST_KEYS.items():
            for key in keys:
                if key in payload:
                    rows = payload[key]
                    if not isinstance(rows, list):
                        raise DecisionFileError(gettext("“%(key)s” must be a list.") % {"key": key})
                    lists[list_kind].extend(rows)
                    found = True
        if not found:
            raise DecisionFileError(
                gettext("The file names no list of the decision: use “new”, “amended” and “abolished”.")
            )
    else:
        try:
            rows = unwrap(payload, gettext("Decision file"))
        except SyncError as error:
            raise DecisionFileError(str(error)) from None
        if not isinstance(rows, list):
            raise DecisionFileError(gettext("The decision file must hold a list of procedures."))
        kind = kind or _list_of(filename)
        if kind not in LISTS:
            raise DecisionFileError(
                gettext(
                    "Which list of the decision is this? Give --list new, amended or abolished "
                    "(or name the file after the portal's service)."
                )
            )
        lists[kind] = rows
    match = _DECISION_ID_IN_NAME.search(filename or "")
    if match and not decision.id:
        decision.id = match.group(1)
    numbered = {
        kind: [
            (gettext("%(list)s, row %(n)s") % {"list": list_label(kind), "n": n}, row) for n, row in enumerate(rows, 1)
        ]
        for kind, rows in lists.items()
    }
    return decision, numbered


def list_label(kind):
    return {
        "new": gettext("Newly published"),
        "amended": gettext("Amended or supplemented"),
        "abolished": pgettext("decision list", "Abolished"),
    }[kind]


# --- applying ------------------------------------------------------------------------------------


@dataclass
class Unmatched:
    position: str
    label: str
    reason: str

    def __str__(self):
        return f"{self.position} ({self.label}): {self.reason}"


@dataclass
class DecisionReport:
    decision: Decision
    rows: dict = field(default_factory=lambda: {kind: 0 for kind in LISTS})
    changed: dict = field(default_factory=lambda: {kind: [] for kind in LISTS})  # [(code, title)]
    unchanged: dict = field(default_factory=lambda: {kind: [] for kind in LISTS})
    unmatched: dict = field(default_factory=lambda: {kind: [] for kind in LISTS})  # [Unmatched]
    imported: object = None  # ImportReport of the rows that were whole records
    dry_run: bool = False

    @property
    def matched(self):
        return {kind: len(self.changed[kind]) + len(self.unchanged[kind]) for kind in LISTS}

    def lines(self):
        out = [self.decision.label()]
        for kind in LISTS:
            out.append(
                gettext("%(list)s: %(rows)s rows, %(matched)s matched (%(changed)s changed), %(unmatched)s unmatched.")
                % {
                    "list": list_label(kind),
                    "rows": self.rows[kind],
                    "matched": self.matched[kind],
                    "changed": len(self.changed[kind]),
                    "unmatched": len(self.unmatched[kind]),
                }
            )
            for code, title in self.changed[kind]:
                out.append(f"  + {code} {title}")
            for item in self.unmatched[kind]:
                out.append(f"  ? {item}")
        if self.imported is not None:
            out.extend(str(rejected) for rejected in self.imported.rejected)
            out.append(self.imported.summary())
        if self.dry_run:
            out.append(gettext("Dry run: nothing was saved."))
        return out


def _first(row, keys):
    for key in keys:
        value = row.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return " ".join(str(value).split())
    return ""


def _is_record(row):
    return bool(_first(row, ("MATTHC",)) and _first(row, ("TENTTHC",)) and set(row) - _ROW_KEYS)


class _Pages:
    """The index's site's procedures, looked up by code, national ID and folded name."""

    def __init__(self, index):
        pages = ProcedurePage.objects.all()
        site = index.get_site()
        pages = pages.descendant_of(site.root_page, inclusive=True) if site else pages.child_of(index)
        self.by_code, self.by_id, self.by_name = {}, {}, {}
        for pk, code, national_id, title, full_name in pages.values_list(
            "pk", "code", "national_id", "title", "full_name"
        ):
            self.by_code.setdefault(code, set()).add(pk)
            if national_id:
                self.by_id.setdefault(national_id, set()).add(pk)
            self.by_name.setdefault(_name_key(full_name or title), set()).add(pk)

    def find(self, row):
        """(pk or None, how it matched or why not)."""
        code, national_id, name = _first(row, CODE_KEYS), _first(row, ("ID",)), _first(row, NAME_KEYS)
        for value, table, how in (
            (code, self.by_code, gettext("by code")),
            (national_id, self.by_id, gettext("by national ID")),
            (_name_key(name) if name else "", self.by_name, gettext("by name")),
        ):
            if not value:
                continue
            found = table.get(value, set())
            if len(found) == 1:
                return next(iter(found)), how
            if len(found) > 1:
                return None, gettext("%(n)s procedures of this site match %(how)s; none was changed.") % {
                    "n": len(found),
                    "how": how,
                }
        return None, gettext("no procedure of this site has this code, ID or name.")


def _name_key(name):
    return " ".join(fold(name or "").split()).rstrip(" .")


def _target(kind, page, decision):
    """The values a decision gives a page of its `kind` list (only those that differ are written)."""
    if kind == "abolished":
        values = {"status": "abolished"}
        if decision.number:
            values["abolished_decision_number"] = decision.number
        if decision.date:
            values["abolished_decision_date"] = decision.date
        return values
    values = {"status": "amended" if kind == "amended" else "in_force"}
    if page.status == "abolished":
        values.update(abolished_decision_number="", abolished_decision_date=None)
    if decision.number:
        values["decision_number"] = decision.number
        values["decision_date"] = decision.date
    if decision.id:
        values["decision_id"] = decision.id
    return values


def apply_decision(index, decision, lists, *, user=None, dry_run=False):
    """Apply a decision's lists ({kind: [(position, row)]}, see read_decision) under `index`."""
    report = DecisionReport(decision=decision, dry_run=dry_run)
    pages = _Pages(index)
    records = []
    for kind in LISTS:
        for position, row in lists.get(kind, []):
            report.rows[kind] += 1
            if not isinstance(row, dict):
                report.unmatched[kind].append(Unmatched(position, "–", gettext("The row is not an object.")))
                continue
            row = {str(k).strip().upper(): v for k, v in row.items()}
            if kind != "abolished" and _is_record(row):
                records.append((position, row))
                continue
            pk, how = pages.find(row)
            label = " ".join(filter(None, (_first(row, CODE_KEYS) or _first(row, ("ID",)), _first(row, NAME_KEYS))))
            if pk is None:
                report.unmatched[kind].append(Unmatched(position, label[:120] or "–", how))
                continue
            page = ProcedurePage.objects.get(pk=pk).specific
            values = _target(kind, page, decision)
            changes = {attr: value for attr, value in values.items() if getattr(page, attr) != value}
            entry = (page.code, page.name)
            if not changes:
                report.unchanged[kind].append(entry)
                continue
            report.changed[kind].append(entry)
            if dry_run:
                continue
            with transaction.atomic():
                for attr, value in changes.items():
                    setattr(page, attr, value)
                revision = page.save_revision(user=user, log_action=True, changed=True)
                revision.publish(user=user)
    if records and not dry_run:
        report.imported = import_records(index, records, user=user)
    elif records:
        report.unmatched["new"].extend(
            Unmatched(p, _first(r, ("MATTHC",)), gettext("a whole record: imported when not a dry run"))
            for p, r in records
        )
    return report
