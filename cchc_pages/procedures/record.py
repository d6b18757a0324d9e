"""The national procedure record: its field names, the codes of its vocabularies, and how a
nested part (a list or an object) is written into one CSV/XLSX cell.

One record is a JSON object whose keys are the field names of the national procedure database
(MATTHC, TENTTHC, TRINHTUTHUCHIEN, ...; the full shape is in README, "Administrative procedures").
CSV and XLSX files use the same names as column headers; a nested part goes into its cell as JSON.
Reading (reading.py), importing (importing.py) and exporting (exporting.py) share this shape, so an
export imported again gives the same pages.
"""

import json

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


def cell(value):
    """A value as written into a CSV/XLSX cell: a nested part as JSON (the reader parses it back)."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return "" if value is None else str(value)
