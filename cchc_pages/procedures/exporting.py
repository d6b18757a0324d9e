"""Exporting procedures as the national records (see record.py), the exact inverse of what
importing.py reads: the index page's CSV/JSON downloads."""

import json

from django.http import HttpResponse
from wagtail.documents import get_document_model

from ..core.spreadsheets import spreadsheet_response
from .record import AGENCY_FIELDS, CHANNEL_EXPORT, COLUMNS, LEVEL_EXPORT, ONLINE_EXPORT, TEXT_FIELDS, cell

_STATUS_EXPORT = {"in_force": "CONHIEULUC", "amended": "SUADOI", "abolished": "HETHIEULUC", "unknown": ""}


def _document_ref(doc_id, url, documents):
    if doc_id:
        doc = documents.get(doc_id)
        if doc is not None:
            return doc.url
    return url or ""


def _lines(value):
    return (value or "").split("\n") if value else []


def _fees(fees):
    return [
        {
            "MAPHILEPHI": f.get("code", ""),
            "SOTIEN": f.get("amount", ""),
            "DONVI": f.get("unit", ""),
            "MOTA": f.get("description", ""),
            "TENTEP": f.get("file_name", ""),
            "URL": f.get("attachment", ""),
        }
        for f in fees
    ]


def to_record(page, documents):
    """The national record of a page (the exact inverse of the importer's checks)."""
    record = {"MATTHC": page.code, "TENTTHC": page.name}
    for key, attr in TEXT_FIELDS.items():
        record[key] = getattr(page, attr)
    record["LOAITTHC"] = page.procedure_type
    record["TRANGTHAI"] = page.status_code or _STATUS_EXPORT.get(page.status, "")
    record["NGAYHIEULUC"] = page.effective_date.isoformat() if page.effective_date else ""
    record["CAPTHUCHIEN"] = [
        {"CAPTHUCHIEN": code, "TENCAP": label} for attr, (code, label) in LEVEL_EXPORT.items() if getattr(page, attr)
    ]
    record["LINHVUCTHUCHIEN"] = [{"MALINHVUC": s.code, "TENLINHVUC": s.name} for s in page.sectors.all()]
    groups, group_codes = _lines(page.target_groups), _lines(page.target_group_codes)
    record["DOITUONGTHUCHIEN"] = [
        {"MADOITUONG": group_codes[i] if i < len(group_codes) else "", "TENDOITUONG": name}
        for i, name in enumerate(groups)
    ]
    for key, prefix in AGENCY_FIELDS.items():
        codes, names = _lines(getattr(page, f"{prefix}_code")), _lines(getattr(page, f"{prefix}_name"))
        record[key] = [
            {"MADONVI": codes[i] if i < len(codes) else "", "TENDONVI": names[i] if i < len(names) else ""}
            for i in range(max(len(codes), len(names)))
        ]
    raw = {name: getattr(page, name).raw_data for name in ("steps", "channels", "dossier", "results", "legal_basis")}
    record["TRINHTUTHUCHIEN"] = [
        {
            "TRUONGHOP": b["value"].get("case", ""),
            "TRINHTU": [{"TENTRINHTU": s} for s in _list_values(b["value"], "steps")],
        }
        for b in raw["steps"]
    ]
    record["CACHTHUCTHUCHIEN"] = []
    for b in raw["channels"]:
        channel = {
            "KENH": CHANNEL_EXPORT.get(b["value"].get("channel"), ""),
            "THOIGIAN": [
                {
                    "THOIGIANGIAIQUYET": t.get("value") or "",
                    "DONVITINH": t.get("unit", ""),
                    "MOTA": t.get("note", ""),
                    "PHILEPHI": _fees(_list_values(t, "fees")),
                }
                for t in _list_values(b["value"], "times")
            ],
        }
        beside = _fees(_list_values(b["value"], "fees"))
        if beside:
            channel["PHILEPHI"] = beside
        record["CACHTHUCTHUCHIEN"].append(channel)
    record["THANHPHANHOSO"] = [
        {
            "TRUONGHOP": b["value"].get("case", ""),
            "GIAYTO": [
                {
                    "MAGIAYTO": i.get("code", ""),
                    "TENGIAYTO": i.get("name", ""),
                    "SOBANCHINH": i.get("originals"),
                    "SOBANSAO": i.get("copies"),
                    "MAUDON": _document_ref(i.get("template"), "", documents),
                    "URL": i.get("template_url", "") if not i.get("template") else "",
                    "TENMAUDON": i.get("template_name", ""),
                    "MA_KQ_THAYTHE": i.get("substitute_result", ""),
                }
                for i in _list_values(b["value"], "items")
            ],
        }
        for b in raw["dossier"]
    ]
    record["KETQUATHUCHIEN"] = [
        {
            "MAKETQUA": b["value"].get("code", ""),
            "TENKETQUA": b["value"].get("name", ""),
            "MAUKETQUA": _document_ref(b["value"].get("template"), "", documents),
            "URL": b["value"].get("template_url", "") if not b["value"].get("template") else "",
            "TENTEP": b["value"].get("template_name", ""),
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
    record["MUCDODVC"] = ONLINE_EXPORT.get(page.online_level, "")
    record["TTHCLIENQUAN"] = page.related_code_list
    record["TTHCLIENTHONG"] = page.linked_code_list
    record["QUYETDINHCONGBO"] = {
        "SOQUYETDINH": page.decision_number,
        "NGAYBANHANH": page.decision_date.isoformat() if page.decision_date else "",
        "COQUANBANHANH": page.decision_issuer,
    }
    record["QUYETDINHBAIBO"] = {
        "SOQUYETDINH": page.abolished_decision_number,
        "NGAYQUYETDINH": page.abolished_decision_date.isoformat() if page.abolished_decision_date else "",
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


def export_response(procedures, fmt, filename="thu-tuc-hanh-chinh"):
    records = export_records(procedures)
    if fmt == "json":
        response = HttpResponse(
            json.dumps(records, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    rows = [COLUMNS, *([cell(record[key]) for key in COLUMNS] for record in records)]
    return spreadsheet_response(rows, filename, fmt)
