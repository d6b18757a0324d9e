"""Build the demo's procedures.json from the text of national portal pages.

    python site/cchc_demo/demo_content/build_procedures.py PORTAL_PAGES_DIR

PORTAL_PAGES_DIR holds one JSON file per procedure page of the national public-service portal
(dichvucong.gov.vn), as a crawler saved them in 2026, in one folder per ministry
(`bo-tu-phap/1.001193.json`, `bo-cong-an/1.004222.json`…): the page's labels as snake_case keys,
the page's tables pasted together as text. This script picks the procedures listed in `CHOSEN`
(provincial and commune procedures a province's portal lists), reads each page's fields and
writes them as records of the national `LayThuTuc` shape (MATTHC, TENTTHC, CAPTHUCHIEN objects,
CACHTHUCTHUCHIEN with numeric KENH and fees nested in THOIGIAN, THANHPHANHOSO/GIAYTO,
CANCUPHAPLY, KETQUATHUCHIEN, YEUCAU, agencies as lists…), and `procedures_source.json`: each
procedure's code, name, ministry, decision number and the address of the page it was read from.

Nothing is invented: a value the page does not show (a sector or agency code, a form's
download address, the number of copies when the page gives only originals) is left out, and a
table cell that cannot be read reliably is left out with the rest of its field rather than
guessed. Run it again after a new crawl; the output is sorted and stable.
"""

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (ministry folder, code): procedures of the demo, commune (xã) and province (tỉnh) level.
CHOSEN = [
    # Bộ Tư pháp — hộ tịch (commune)
    ("bo-tu-phap", "1.001193"),  # đăng ký khai sinh
    ("bo-tu-phap", "1.000894"),  # đăng ký kết hôn
    ("bo-tu-phap", "1.000656"),  # đăng ký khai tử
    ("bo-tu-phap", "1.001022"),  # đăng ký nhận cha, mẹ, con
    ("bo-tu-phap", "1.000689"),  # khai sinh kết hợp nhận cha, mẹ, con
    ("bo-tu-phap", "1.004884"),  # đăng ký lại khai sinh
    ("bo-tu-phap", "1.004873"),  # xác nhận tình trạng hôn nhân
    ("bo-tu-phap", "1.004859"),  # thay đổi, cải chính, bổ sung thông tin hộ tịch
    ("bo-tu-phap", "1.004837"),  # đăng ký giám hộ
    ("bo-tu-phap", "2.000528"),  # khai sinh có yếu tố nước ngoài
    ("bo-tu-phap", "2.000806"),  # kết hôn có yếu tố nước ngoài
    ("bo-tu-phap", "1.001695"),  # khai sinh kết hợp nhận cha, mẹ, con có yếu tố nước ngoài
    ("bo-tu-phap", "3.000323"),  # đăng ký giám sát việc giám hộ
    ("bo-tu-phap", "2.000635"),  # bản sao trích lục hộ tịch (province and commune)
    ("bo-tu-phap", "1.000419"),  # đăng ký khai tử lưu động
    # Bộ Tư pháp — chứng thực, nuôi con nuôi, hòa giải (commune)
    ("bo-tu-phap", "2.000815"),  # chứng thực bản sao từ bản chính (a name over 255 characters)
    ("bo-tu-phap", "2.000884"),  # chứng thực chữ ký
    ("bo-tu-phap", "2.001035"),  # chứng thực giao dịch
    ("bo-tu-phap", "2.001019"),  # chứng thực di chúc
    ("bo-tu-phap", "2.001263"),  # đăng ký nuôi con nuôi trong nước
    ("bo-tu-phap", "1.004746"),  # đăng ký lại kết hôn
    # Bộ Tư pháp — province
    ("bo-tu-phap", "2.000908"),  # cấp bản sao từ sổ gốc (ministry, province, commune)
    ("bo-tu-phap", "2.002039"),  # nhập quốc tịch Việt Nam ở trong nước
    ("bo-tu-phap", "1.005136"),  # giấy xác nhận có quốc tịch Việt Nam
    ("bo-tu-phap", "2.000829"),  # yêu cầu trợ giúp pháp lý
    ("bo-tu-phap", "1.013834"),  # thành lập Văn phòng công chứng
    # Bộ Công an — cư trú, căn cước, định danh (commune)
    ("bo-cong-an", "1.004222"),  # đăng ký thường trú
    ("bo-cong-an", "1.004194"),  # đăng ký tạm trú
    ("bo-cong-an", "1.003677"),  # khai báo tạm vắng
    ("bo-cong-an", "2.001159"),  # thông báo lưu trú
    ("bo-cong-an", "1.010041"),  # xác nhận thông tin về cư trú
    ("bo-cong-an", "1.014061"),  # cấp thẻ căn cước từ đủ 14 tuổi
    ("bo-cong-an", "1.014062"),  # cấp thẻ căn cước dưới 14 tuổi
    ("bo-cong-an", "1.014063"),  # cấp đổi thẻ căn cước
    ("bo-cong-an", "3.000228"),  # tài khoản định danh điện tử mức độ 2
    # Bộ Công an — province (and ministry)
    ("bo-cong-an", "3.000333"),  # phiếu lý lịch tư pháp (Công an tỉnh since 2025)
    ("bo-cong-an", "1.001456"),  # hộ chiếu phổ thông ở trong nước
    ("bo-cong-an", "1.013067"),  # đăng ký, cấp biển số xe lần đầu
]

# Publishing ministries: agency codes as the portal's agency list records them (spec §5.1).
MINISTRIES = {
    "bo-tu-phap": ("000.00.00.G15", "Bộ Tư pháp"),
    "bo-cong-an": ("000.00.00.G01", "Bộ Công an"),
}
# Levels (spec §4.1): the page's label → the code of CAPTHUCHIEN. "Cơ quan khác" has no
# confirmed code: it keeps its label only.
LEVELS = {"Cấp bộ": 0, "Cấp tỉnh": 1, "Cấp huyện": 2, "Cấp xã": 3}
# Channels (spec §4.2): the page's "Hình thức nộp" → KENH.
CHANNELS = {"Trực tiếp": 1, "Trực tuyến": 2, "Dịch vụ bưu chính": 3}
# Procedure types (spec §4.4): the page's wording → LOAITTHC.
TYPES = {
    "TTHC không được luật giao cho địa phương quy định": "1",
    "TTHC được giao luật quy định chi tiết": "2",
    "TTHC được luật giao quy định chi tiết": "2",
    "Loại khác": "3",
}
NONE = "Không có thông tin"
# Latin letters with Vietnamese marks, by case (a range such as "à-ỹ" mixes both cases).
_LATIN = [chr(c) for r in ((0x41, 0x5B), (0x61, 0x7B), (0xC0, 0x250), (0x1E00, 0x1F00)) for c in range(*r)]
LOWER = "[" + "".join(c for c in _LATIN if c.islower()) + "]"
UPPER = "[" + "".join(c for c in _LATIN if c.isupper()) + "]"


class Unreadable(ValueError):
    """A field's text does not parse as its table; the field is left out."""


def clean(text):
    text = (text or "").replace("\u200e", "").replace("\xa0", " ").strip()
    return "" if text == NONE else text


def split_list(text):
    """A comma-separated list of names, split only where a comma outside brackets is followed by
    a capital (so "Cán bộ, công chức, viên chức" and "… trật tự, xã hội" stay whole)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == "," and depth == 0 and text[i + 1 : i + 2] == " " and text[i + 2 : i + 3].isupper():
            parts.append(text[start:i])
            start = i + 2
    parts.append(text[start:])
    return [p.strip().rstrip(".").strip() for p in parts if p.strip()]


def agencies(text):
    return [{"TENDONVI": name} for name in split_list(clean(text))]


def tail_fields(text):
    """The page's results cell runs on into "Từ khóa…Mô tả…Chọn cơ quan thực hiện…": split it."""
    match = re.match(r"(?s)(.*?)Từ khóa(.*?)Mô tả(.*?)(?:Chọn cơ quan thực hiện|$)", text)
    if not match:
        return text, "", ""
    return match.group(1), clean(match.group(2)), clean(match.group(3))


# --- steps ----------------------------------------------------------------------------------

_STEP_START = re.compile(r"^(?:[-–•]\s|Bước\s*\d|\d+[.)]\s)")


def steps(text):
    """TRINHTUTHUCHIEN: one case; a step begins at a line starting with "- ", "Bước n" or "n.",
    and the lines that follow it (sub-points "+", "(i)"…) stay with it."""
    text = clean(text)
    if not text:
        return []
    items = []
    for line in text.splitlines():
        line = re.sub(r"[ \t]+", " ", line).strip()
        if not line:
            continue
        if not items or _STEP_START.match(line):
            items.append(line)
        else:
            items[-1] += "\n" + line
    return [{"TRUONGHOP": "", "TRINHTU": [{"TENTRINHTU": s} for s in items]}]


# --- channels, times and fees ----------------------------------------------------------------

_CHANNEL_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
_ROW = re.compile(r"(Trực tuyến|Trực tiếp|Dịch vụ bưu chính)(?=\d|Không có thông tin)")
_TIME = re.compile(r"(\d+(?:[.,]\d+)?)(?: (Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tháng|Năm|Tuần))?|Không có thông tin")
_AMOUNT = re.compile(r"([\d,]*) (Việt Nam Đồng|VNĐ|Đồng|USD)")


def _bracketed(text):
    """(inside, rest) for text starting with "(" and its matching ")"; None if unbalanced."""
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return text[1:i], text[i + 1 :]
    return None


def _fee(text):
    """One PHILEPHI item and the rest of the cell (the channel's description)."""
    if text.startswith(NONE):
        return None, text[len(NONE) :]
    if text.startswith("Miễn phí"):
        fee, text = {"SOTIEN": 0}, text[len("Miễn phí") :]
    else:
        match = _AMOUNT.match(text)
        if not match:
            raise Unreadable(f"fee: {text[:60]!r}")
        # An amount the page leaves blank (" VNĐ") is left out.
        fee = {"DONVI": match.group(2)}
        if match.group(1):
            fee["SOTIEN"] = int(match.group(1).replace(",", ""))
        text = text[match.end() :]
    if text.startswith("("):
        parts = _bracketed(text)
        if parts is None:
            raise Unreadable(f"fee note: {text[:60]!r}")
        note, text = parts
        # A free fee shown "Miễn phí(Đồng (…))": the unit, then the note in its own brackets.
        if fee.get("SOTIEN") == 0 and note.startswith("Đồng (") and note.endswith(")"):
            fee["DONVI"], note = "Đồng", note[len("Đồng (") : -1]
        if note.strip():
            fee["MOTA"] = note.strip()
    return fee, text


def channels(text):
    text = clean(text)
    if not text:
        return []
    if not text.startswith(_CHANNEL_HEADER):
        raise Unreadable("channels: no header")
    body = text[len(_CHANNEL_HEADER) :]
    starts = list(_ROW.finditer(body))
    if not starts or starts[0].start() != 0:
        raise Unreadable("channels: no row at the start")
    result = []
    for n, match in enumerate(starts):
        end = starts[n + 1].start() if n + 1 < len(starts) else len(body)
        cell = body[match.end() : end]
        time = _TIME.match(cell)
        if not time:
            raise Unreadable(f"channels: time {cell[:40]!r}")
        cell = cell[time.end() :]
        if time.group(1) and not time.group(2) and re.match(r"[\d ]", cell):
            # "Trực tuyến1100 VNĐ": the time has no unit and runs into the amount.
            raise Unreadable(f"channels: time and fee run together {cell[:40]!r}")
        item = {}
        if time.group(1):
            value = time.group(1).replace(",", ".")
            item["THOIGIANGIAIQUYET"] = float(value) if "." in value else int(value)
            if time.group(2):
                item["DONVITINH"] = time.group(2)
        fee, rest = _fee(cell)
        if re.sub(r"[\W_]", "", rest):  # a stray ")" is not a description
            item["MOTA"] = rest.strip()
        item["PHILEPHI"] = [fee] if fee else []
        result.append({"KENH": CHANNELS[match.group(1)], "THOIGIAN": [item]})
    return result


# --- dossier -------------------------------------------------------------------------------

_DOSSIER_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
# A row ends with its quantity, directly followed by the next row, a case heading or the end.
_QUANTITY = re.compile(rf"(?:(\d+) bản chính(?:,(\d+) bản sao)?|(\d+) bản sao)(?=$|(?!{LOWER})[^\s,.;:)])")
_TEMPLATE = re.compile(r"\.(?:docx|doc|pdf|xlsx|xls)$", re.IGNORECASE)


def _split_template(cell):
    """(name, template file name) of a row "<name><file name>": the file name starts after the
    last ".", ";" or ")" that follows a non-digit and is followed by a letter or digit
    ("…53/2025/TT-BCA).1.MuCT01banhnhkmtheoThngts53.doc", "…Bộ Công an)Mẫu DC01 Phiếu….docx")."""
    extension = _TEMPLATE.search(cell)
    if not extension:
        return cell, ""
    for p in range(extension.start() - 1, 0, -1):
        if cell[p] in ".;)" and not cell[p - 1].isdigit() and cell[p + 1].isalnum():
            name, template = cell[: p + 1].strip(), cell[p + 1 :].strip()
            if len(template) <= 120:
                return name, template
            break
    raise Unreadable(f"dossier: template in {cell[-80:]!r}")


def _case_name(text):
    name = text.strip()
    if name in ("--", "-", ""):
        return ""
    return name.lstrip("*").strip().rstrip(":").strip()


def dossier(text):
    text = clean(text)
    if not text:
        return []
    chunks = text.split(_DOSSIER_HEADER)
    if len(chunks) < 2:
        raise Unreadable("dossier: no table header")
    cases, heading = [], chunks[0]
    for chunk in chunks[1:]:
        rows, pos = [], 0
        for match in _QUANTITY.finditer(chunk):
            rows.append((chunk[pos : match.start()], match))
            pos = match.end()
        tail = chunk[pos:]
        if not rows:  # a heading whose table is empty, then the next heading
            cases.append({"TRUONGHOP": _case_name(heading), "GIAYTO": []})
            heading = tail
            continue
        items = []
        for cell, match in rows:
            cell = cell.strip()
            item = {}
            cell, template = _split_template(cell)
            if template:
                item["TENMAUDON"] = template
            if not cell:
                raise Unreadable("dossier: a row without a name")
            item["TENGIAYTO"] = cell
            originals, copies, only_copies = match.groups()
            if originals is not None:
                item["SOBANCHINH"] = originals
                if copies is not None:
                    item["SOBANSAO"] = copies
            else:
                item["SOBANSAO"] = only_copies
            items.append(dict(sorted(item.items())))
        cases.append({"TRUONGHOP": _case_name(heading), "GIAYTO": items})
        heading = tail
    if heading.strip():
        raise Unreadable(f"dossier: trailing text {heading[:60]!r}")
    return cases


# --- legal basis -----------------------------------------------------------------------------

_LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
# A document number: "123/2015/NĐ-CP", "60/2014/QH13", "66.7/2025/NQ-CP", "09/2023/QĐ-TTg"…, its
# last part an issuer the portal's pages use (so that "…/TT-BTCHướng dẫn" ends at "BTC").
_ISSUERS = (
    "CP|BTP|BCA|BTC|TTg|UBND|HĐND|BLĐTBXH|VPCP|BGTVT|BYT|BQP|BNV|BNG|BKHĐT|BTTTT|BXD|BTNMT|BNNPTNT|BCT|"
    r"BKHCN|BVHTTDL|BGDĐT|NHNN|TANDTC|VKSNDTC|CTN|BNNMT|BDTTG|UBDT|TTCP|KTNN|UBTWMTTQVN|UBTƯMTTQVN|(?:UBTV)?QH\d{2}"
)
_NUMBER = rf"\d+(?:\.\d+)?/\d{{4}}/(?:[A-ZĐ]+-)*(?:{_ISSUERS})"
_NUMBER_RE = re.compile(_NUMBER)
_GLUED = re.compile(rf"{LOWER}{{2}}{UPPER}{LOWER}|{_NUMBER}{UPPER}")


def _split_legal(entry):
    """(name, number) of one row "<name><number>"."""
    candidates = [m for m in re.finditer(rf"(?=({_NUMBER})$)", entry)]
    if not candidates:
        raise Unreadable(f"legal basis: {entry[:60]!r}")
    for m in candidates:
        number, name = m.group(1), entry[: m.start()]
        if name.endswith(number):  # "Luật 60/2014/QH13" + "60/2014/QH13"
            return name, number
    m = candidates[0]
    return entry[: m.start()], m.group(1)


def legal_basis(text):
    """CANCUPHAPLY from the table "Tên văn bản pháp lý | Mã văn bản" pasted as one line: a row ends
    at a number that follows the name with no space between them ("…Luật Hộ tịch123/2015/NĐ-CP").
    A row whose name still holds two glued words ("…Bộ Tư phápThông tư…") means a boundary was
    missed: the field is then left out."""
    text = clean(text)
    if not text:
        return []
    if not text.startswith(_LEGAL_HEADER):
        raise Unreadable("legal basis: no header")
    body, pos, result = text[len(_LEGAL_HEADER) :], 0, []
    for match in _NUMBER_RE.finditer(body):
        start, end = match.start(), match.end()
        lead = match.group().split("/")[0]
        if len(lead) > 4 and re.match(r"(?:19|20)\d\d", lead):
            start += 4  # "Luật Cư trú 2020" + "68/2020/QH14"
        before, after = body[start - 1 : start], body[end : end + 2]
        if re.match(rf"\s{LOWER}", after):
            continue  # "…123/2015/NĐ-CP ngày…": inside a name
        cut = None
        if before.isspace() or not before:
            # The number cell may hold words before the number ("Thông tư số 03/2023/TT-BTP"),
            # glued to the end of the name: "…Bộ Tư phápThông tư số 03/2023/TT-BTP".
            glued = list(re.finditer(rf"(?:{LOWER}|[\d.)])(?={UPPER})", body[pos:start]))
            if not glued or body[end:].startswith("ngày"):
                continue
            cut = pos + glued[-1].end()
            if not re.fullmatch(r"(?:Thông tư|Nghị định|Luật|Quyết định|Nghị quyết)(?: số)? ", body[cut:start]):
                continue
        if cut is None and start > match.start():
            name, number = body[pos:start], body[start:end]
        elif cut is None:
            name, number = _split_legal(body[pos:end])
            if not name.strip():
                continue  # "…TT-BTC" + "01/2013/TT-BVHTTDL01/2013/TT-BVHTTDL": the next row's name
        else:
            name, number = body[pos:cut], body[cut:end]
        name = re.sub(r"\s+", " ", name).strip()
        if not name or _GLUED.search(name):
            raise Unreadable(f"legal basis: {name[:80]!r} / {number}")
        result.append({"SOVANBAN": number.strip(), "TENVANBAN": name})
        pos = end
    if body[pos:].strip():
        raise Unreadable(f"legal basis: trailing text {body[pos:][:60]!r}")
    return result


# --- results ---------------------------------------------------------------------------------

_RESULT = re.compile(r"(.+?)Mã: (KQ\.[A-Z0-9]+\.\d+)")


def results(text):
    text = clean(text)
    if not text:
        return []
    found, pos = [], 0
    for match in _RESULT.finditer(text):
        found.append({"MAKETQUA": match.group(2), "TENKETQUA": match.group(1).strip()})
        pos = match.end()
    if text[pos:].strip():
        if found:
            raise Unreadable(f"results: trailing text {text[pos:][:60]!r}")
        return [{"TENKETQUA": text}]
    return found


# --- one page --------------------------------------------------------------------------------


def record(page, ministry, problems):
    code = page["ma_thu_tuc"].strip()
    result_cell, keywords, description = tail_fields(page["ket_qua_xu_ly"])

    def field(key, parse, text=None):
        try:
            return parse(page[key] if text is None else text)
        except Unreadable as error:
            problems.append(f"{code} {key}: {error}")
            return None

    levels = []
    for label in split_list(page["cap_thuc_hien"]):
        level = {"TENCAP": label}
        if label in LEVELS:
            level = {"CAPTHUCHIEN": LEVELS[label], "TENCAP": label}
        levels.append(level)
    rec = {
        "MATTHC": code,
        "TENTTHC": re.sub(r"\s*\n\s*", " ", page["ten_thu_tuc"]).strip(),
        "MACOQUANCONGBO": MINISTRIES[ministry][0],
        # Not a LayThuTuc key: the name the "Danh sách TTHC" list gives ("Cơ quan ban hành").
        "TENCOQUANCONGBO": MINISTRIES[ministry][1],
        "LOAITTHC": TYPES.get(clean(page["loai_thu_tuc"])),
        "CAPTHUCHIEN": levels,
        "LINHVUCTHUCHIEN": [{"TENLINHVUC": clean(page["linh_vuc"])}] if clean(page["linh_vuc"]) else [],
        "DOITUONGTHUCHIEN": [{"TENDOITUONG": n} for n in split_list(clean(page["doi_tuong_thuc_hien"]))],
        "COQUANTHUCHIEN": agencies(page["co_quan_thuc_hien"]),
        "COQUANCOTHAMQUYEN": agencies(page["co_quan_co_tham_quyen"]),
        "COQUANDUOCUYQUYEN": agencies(page["co_quan_duoc_uy_quyen"]),
        "COQUANPHOIHOP": agencies(page["co_quan_phoi_hop"]),
        "DIACHITIEPNHAN": clean(page["dia_chi_tiep_nhan"]),
        "TRINHTUTHUCHIEN": field("trinh_tu_thuc_hien", steps),
        "CACHTHUCTHUCHIEN": field("cach_thuc_thuc_hien", channels),
        "THANHPHANHOSO": field("thanh_phan_ho_so", dossier),
        "CANCUPHAPLY": field("can_cu_phap_ly", legal_basis),
        "YEUCAU": clean(page["yeu_cau_dieu_kien"]),
        "KETQUATHUCHIEN": field("ket_qua_xu_ly", results, result_cell),
        "TUKHOA": keywords,
        "MOTA": description,
        "QUYETDINHCONGBO": {"SOQUYETDINH": clean(page["so_quyet_dinh"])} if clean(page["so_quyet_dinh"]) else None,
    }
    if rec["LOAITTHC"] is None and clean(page["loai_thu_tuc"]):
        problems.append(f"{code} loai_thu_tuc: unknown {page['loai_thu_tuc']!r}")
    # Left out: what the page does not show (None, "" or []).
    return {k: v for k, v in rec.items() if v not in (None, "", [])}


def build(pages_dir, chosen=CHOSEN):
    records, sources, problems = [], [], []
    for ministry, code in chosen:
        path = pages_dir / ministry / f"{code}.json"
        page = json.loads(path.read_text(encoding="utf-8"))
        records.append(record(page, ministry, problems))
        sources.append(
            {
                "MATTHC": code,
                "TENTTHC": records[-1]["TENTTHC"],
                "ministry": MINISTRIES[ministry][1],
                "decision": clean(page["so_quyet_dinh"]),
                "url": page["detail_url"],
            }
        )
    return records, sources, problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", type=Path, help="folder of portal pages (bo-tu-phap/, bo-cong-an/)")
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write procedures.json into")
    args = parser.parse_args(argv)
    records, sources, problems = build(args.pages)
    for problem in problems:
        print(f"left out: {problem}", file=sys.stderr)
    dump = dict(ensure_ascii=False, indent=1)
    (args.out / "procedures.json").write_text(json.dumps(records, **dump) + "\n", encoding="utf-8")
    (args.out / "procedures_source.json").write_text(json.dumps(sources, **dump) + "\n", encoding="utf-8")
    print(f"{len(records)} procedures written, {len(problems)} field(s) left out.")


if __name__ == "__main__":
    main()
