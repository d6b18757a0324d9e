"""The national procedure record: its field names, the codes of its vocabularies, and how a
nested part (a list or an object) is written into one CSV/XLSX cell.

One record is a JSON object whose keys are the field names of the national procedure database as
the LGSP/NDXP service `LayThuTuc` returns them (MATTHC, TENTTHC, TRINHTUTHUCHIEN, ...; see
docs/procedures.md, "The record shape"), plus a few of this site's own (NGAYHIEULUC, MUCDODVC,
DUONGDANNOPTRUCTUYEN, TENCOQUANCONGBO, QUYETDINHCONGBO, QUYETDINHBAIBO) for what the national
record does not carry. CSV and XLSX files use the same names as column headers; a nested part goes
into its cell as JSON. Reading (reading.py), importing (importing.py) and exporting (exporting.py)
share this shape, so an export imported again gives the same pages.
"""

import json

# Scalar text fields: record key -> model field.
TEXT_FIELDS = {
    "ID": "national_id",
    "MOTA": "description",
    "TUKHOA": "keywords",
    "YEUCAU": "requirements",
    "MOTADOITUONGTHUCHIEN": "target_description",
    "DIACHITIEPNHAN": "receiving_address",
    "MOTACOQUANTHUCHIEN": "agency_description",
    "MOTACOQUANTHAMQUYEN": "competent_agency_description",
    "MACOQUANCONGBO": "publishing_agency_code",
    "TENCOQUANCONGBO": "publishing_agency_name",
    "IDQUYETDINHCONGBO": "decision_id",
    "DUONGDANNOPTRUCTUYEN": "online_url",
}
# Other spellings met in files: key -> the key it stands for.
ALIASES = {"YEUCAUDIEUKIEN": "YEUCAU", "MATTHC_": "MATTHC"}
AGENCY_FIELDS = {  # record key -> model field prefix
    "COQUANTHUCHIEN": "agency",
    "COQUANCOTHAMQUYEN": "competent_agency",
    "COQUANDUOCUYQUYEN": "authorised_agency",
    "COQUANPHOIHOP": "coordinating_agency",
}
# TRANGTHAI (national spec §4.3): 1 = published / in force; no source enumerates other values.
# The words are this site's own export codes.
STATUS_CODES = {"1": "in_force", "CONHIEULUC": "in_force", "SUADOI": "amended", "HETHIEULUC": "abolished"}
# LOAITTHC (national spec §4.4).
TYPE_LABELS = {
    "1": "TTHC không được luật giao cho địa phương quy định hoặc quy định chi tiết",
    "2": "TTHC được luật giao quy định chi tiết",
    "3": "Loại khác",
}
# CAPTHUCHIEN.CAPTHUCHIEN (national spec §4.1), the labels (TENCAP) and this site's word codes.
LEVEL_CODES = {
    "0": "level_ministry",
    "1": "level_province",
    "2": "level_district",
    "3": "level_commune",
    "5": "level_undetermined",
    "BO": "level_ministry",
    "TINH": "level_province",
    "HUYEN": "level_district",
    "XA": "level_commune",
    "KHAC": "level_other",
    "COQUANKHAC": "level_other",
    "CHUAXACDINH": "level_undetermined",
}
LEVEL_EXPORT = {  # model field -> (code, TENCAP) written by the export
    "level_ministry": ("0", "Cấp Bộ"),
    "level_province": ("1", "Cấp Tỉnh"),
    "level_district": ("2", "Cấp Huyện"),
    "level_commune": ("3", "Cấp Xã"),
    "level_other": ("", "Cơ quan khác"),
    "level_undetermined": ("5", "Chưa xác định"),
}
LEVEL_FIELDS = tuple(LEVEL_EXPORT)
# Online service level: this site's codes, and the provincial 2/3/4 scale (spec §4.5).
ONLINE_CODES = {
    "TOANTRINH": "full",
    "MOTPHAN": "partial",
    "MUC4": "level4",
    "MUC3": "level3",
    "TRUCTUYEN": "online",
    "KHONG": "none",
    "CHUACUNGCAP": "none",
    "CHUARO": "unknown",
}
ONLINE_EXPORT = {"full": "TOANTRINH", "partial": "MOTPHAN", "level4": "MUC4", "level3": "MUC3", "online": "TRUCTUYEN"}
ONLINE_EXPORT.update({"none": "KHONG", "unknown": "CHUARO"})
# KENH (national spec §4.2) and this site's word codes.
CHANNEL_CODES = {
    "1": "direct",
    "2": "online",
    "3": "postal",
    "TRUCTIEP": "direct",
    "TRUCTUYEN": "online",
    "NOPTRUCTUYEN": "online",
    "BUUCHINH": "postal",
    "DICHVUBUUCHINH": "postal",
    "NOPQUABUUCHINHCONGICH": "postal",
}
CHANNEL_EXPORT = {"direct": 1, "online": 2, "postal": 3}

# What a list import (XLSX "Danh sách TTHC", rest.jsp lists, LayDanhSachTTHC) may carry.
LIST_KEYS = frozenset({"MATTHC", "TENTTHC", "COQUANTHUCHIEN", "LINHVUCTHUCHIEN", "MACOQUANCONGBO", "TENCOQUANCONGBO"})
# Record key -> the model fields it fills (a key absent from a record leaves them as they are).
KEY_FIELDS = {
    "TENTTHC": ("title", "full_name"),
    "LOAITTHC": ("procedure_type",),
    "TRANGTHAI": ("status", "status_code"),
    "NGAYHIEULUC": ("effective_date",),
    "CAPTHUCHIEN": LEVEL_FIELDS,
    "LINHVUCTHUCHIEN": (),  # the sectors (many-to-many)
    "DOITUONGTHUCHIEN": ("target_groups", "target_group_codes"),
    "TRINHTUTHUCHIEN": ("steps",),
    "CACHTHUCTHUCHIEN": ("channels",),
    "THANHPHANHOSO": ("dossier",),
    "KETQUATHUCHIEN": ("results",),
    "CANCUPHAPLY": ("legal_basis",),
    "TTHCLIENQUAN": ("related_codes",),
    "TTHCLIENTHONG": ("linked_codes",),
    "MUCDODVC": ("online_level",),
    "QUYETDINHCONGBO": ("decision_number", "decision_date", "decision_issuer"),
    "QUYETDINHBAIBO": ("abolished_decision_number", "abolished_decision_date"),
    **{key: (attr,) for key, attr in TEXT_FIELDS.items()},
    **{key: (f"{prefix}_code", f"{prefix}_name") for key, prefix in AGENCY_FIELDS.items()},
}

# Every key the importer reads, top level: anything else is reported as ignored.
KNOWN_KEYS = frozenset({"MATTHC", *KEY_FIELDS})

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
    "QUYETDINHBAIBO",
)
# The export's columns, in order.
COLUMNS = (
    "MATTHC",
    "ID",
    "TENTTHC",
    "MOTA",
    "LOAITTHC",
    "TRANGTHAI",
    "NGAYHIEULUC",
    "TUKHOA",
    "MACOQUANCONGBO",
    "TENCOQUANCONGBO",
    "CAPTHUCHIEN",
    "LINHVUCTHUCHIEN",
    "DOITUONGTHUCHIEN",
    "MOTADOITUONGTHUCHIEN",
    *AGENCY_FIELDS,
    "MOTACOQUANTHUCHIEN",
    "MOTACOQUANTHAMQUYEN",
    "DIACHITIEPNHAN",
    "TRINHTUTHUCHIEN",
    "CACHTHUCTHUCHIEN",
    "THANHPHANHOSO",
    "KETQUATHUCHIEN",
    "YEUCAU",
    "CANCUPHAPLY",
    "MUCDODVC",
    "DUONGDANNOPTRUCTUYEN",
    "TTHCLIENQUAN",
    "TTHCLIENTHONG",
    "IDQUYETDINHCONGBO",
    "QUYETDINHCONGBO",
    "QUYETDINHBAIBO",
)


def cell(value):
    """A value as written into a CSV/XLSX cell: a nested part as JSON (the reader parses it back)."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return "" if value is None else str(value)
