"""Exporting procedures as the national records (see record.py), the exact inverse of what
importing.py reads: the index page's CSV/JSON downloads."""

import json

from django.http import HttpResponse
from wagtail.documents import get_document_model

from ..core.spreadsheets import spreadsheet_response
from .record import AGENCY_FIELDS, CHANNEL_CODES, COLUMNS, LEVEL_CODES, ONLINE_CODES, STATUS_CODES, TEXT_FIELDS, cell


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
