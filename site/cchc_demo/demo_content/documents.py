"""Demo documents and reform indices.

Seed 003 (Kế hoạch 892/KH-UBND of Bắc Kạn, documents.json) becomes a document page with its
appendix loaded row by row and a PDF attachment. The other documents and all index values are
invented for the demo and say so.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cchc_pages.core.text import fold
from cchc_pages.models import DocumentIndexPage, DocumentPage, ReformIndicesPage

SEED_DOCUMENTS = Path(__file__).resolve().parent / "documents.json"
DEMO_BODY = "Sở Nội vụ tỉnh (bản trình diễn)"

OTHER_DOCUMENTS = [
    {
        "title": "Kế hoạch cải cách hành chính năm 2024 của Sở Nội vụ",
        "doc_number": "215/KH-SNV",
        "doc_type": "ke-hoach",
        "issuing_body": DEMO_BODY,
        "place": "Bắc Kạn",
        "issue_date": "2023-12-20",
        "signer": "Nguyễn Văn An",
        "signer_title": "GIÁM ĐỐC",
        "summary": "Kế hoạch thực hiện các nhiệm vụ cải cách hành chính năm 2024 của Sở Nội vụ (văn bản trình diễn).",
        "body": "Kế hoạch nhằm cụ thể hóa các nhiệm vụ cải cách hành chính của tỉnh năm 2024, phân công rõ cơ quan "
        "chủ trì, thời hạn hoàn thành và sản phẩm của từng nhiệm vụ.",
        "recipients": ["UBND tỉnh (b/c);", "Các phòng, đơn vị thuộc Sở;", "Lưu: VT, CCHC."],
        "appendix_title": "Phụ lục: Nhiệm vụ cải cách hành chính năm 2024",
        "appendix": [
            (
                "I. Cải cách thể chế",
                "1",
                "Rà soát, đề xuất sửa đổi văn bản quy phạm pháp luật thuộc lĩnh vực nội vụ",
                "Báo cáo rà soát",
                "Văn phòng Sở",
                "Các phòng chuyên môn",
                "Quý II/2024",
                "hoan-thanh",
            ),
            (
                "I. Cải cách thể chế",
                "2",
                "Kiểm tra việc thực hiện văn bản quy phạm pháp luật về công tác nội vụ",
                "Kế hoạch và báo cáo kiểm tra",
                "Thanh tra Sở",
                "",
                "Quý III/2024",
                "dang-thuc-hien",
            ),
            (
                "II. Cải cách thủ tục hành chính",
                "3",
                "Công khai đầy đủ thủ tục hành chính tại Bộ phận một cửa và trên Cổng dịch vụ công của tỉnh",
                "Thủ tục được niêm yết",
                "Bộ phận một cửa",
                "Văn phòng Sở",
                "Thường xuyên",
                "thuong-xuyen",
            ),
            (
                "II. Cải cách thủ tục hành chính",
                "4",
                "Đo lường sự hài lòng của người dân, tổ chức (SIPAS)",
                "Báo cáo kết quả khảo sát",
                "Phòng Cải cách hành chính",
                "Bộ phận một cửa",
                "Tháng 10/2024",
                "chua-thuc-hien",
            ),
        ],
    },
    {
        "title": "Báo cáo kết quả công tác cải cách hành chính 6 tháng đầu năm 2024",
        "doc_number": "98/BC-SNV",
        "doc_type": "bao-cao",
        "issuing_body": DEMO_BODY,
        "place": "Bắc Kạn",
        "issue_date": "2024-06-15",
        "signer": "Trần Thị Bình",
        "signer_title": "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        "summary": "Kết quả thực hiện nhiệm vụ cải cách hành chính 6 tháng đầu năm 2024 (văn bản trình diễn).",
        "body": "Trong 6 tháng đầu năm, Bộ phận một cửa tiếp nhận và giải quyết đúng hạn phần lớn hồ sơ; "
        "tỷ lệ hồ sơ trực tuyến tiếp tục tăng.",
        "recipients": ["UBND tỉnh (b/c);", "Lưu: VT, CCHC."],
    },
    {
        "title": "Công văn về việc công khai số điện thoại đường dây nóng",
        "doc_number": "312/SNV-VP",
        "doc_type": "cong-van",
        "issuing_body": DEMO_BODY,
        "place": "Bắc Kạn",
        "issue_date": "2024-03-05",
        "signer": "Hoàng Văn Dũng",
        "signer_title": "TL. GIÁM ĐỐC\nCHÁNH VĂN PHÒNG",
        "summary": "Đề nghị các đơn vị công khai số điện thoại đường dây nóng, thư điện tử của lãnh đạo tại nơi "
        "tiếp nhận hồ sơ (văn bản trình diễn).",
        "body": "Các đơn vị niêm yết số điện thoại đường dây nóng và thư điện tử của lãnh đạo tại trụ sở, nơi đông "
        "dân cư và trên trang thông tin điện tử.",
        "recipients": ["Các phòng, đơn vị thuộc Sở;", "Lưu: VT."],
    },
    {
        "title": "Quyết định công bố Chỉ số cải cách hành chính năm 2023 của các sở, ban, ngành",
        "doc_number": "540/QĐ-UBND",
        "doc_type": "quyet-dinh",
        "issuing_body": "UBND tỉnh (bản trình diễn)",
        "place": "Bắc Kạn",
        "issue_date": "2024-04-10",
        "effective_date": "2024-04-10",
        "signer": "Lê Minh Cường",
        "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "summary": "Công bố Chỉ số cải cách hành chính năm 2023 của các sở, ban, ngành và UBND cấp huyện "
        "(văn bản trình diễn).",
        "body": "Quyết định có hiệu lực kể từ ngày ký.",
        "recipients": ["Như Điều 3;", "Lưu: VT."],
    },
]

# (index, year, score, maximum, rank, ranked among): invented figures for the demo.
INDEX_VALUES = [
    ("PAR INDEX", 2021, "82.15", "100", 41, 63),
    ("PAR INDEX", 2022, "84.60", "100", 35, 63),
    ("PAR INDEX", 2023, "86.32", "100", 28, 63),
    ("SIPAS", 2021, "80.90", "100", 45, 63),
    ("SIPAS", 2022, "82.47", "100", 38, 63),
    ("SIPAS", 2023, "84.10", "100", 30, 63),
    ("PCI", 2021, "62.38", "100", 52, 63),
    ("PCI", 2022, "63.05", "100", 49, 63),
    ("PCI", 2023, "64.71", "100", 44, 63),
    ("DTI (chuyển đổi số)", 2022, "0.41", "1", None, None),
    ("DTI (chuyển đổi số)", 2023, "0.47", "1", None, None),
]


def seed_pdf(title):
    """A small, valid one-page PDF standing in for the scanned plan (ASCII text only)."""
    text = fold(title).encode("ascii", "ignore").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 60 760 Td ({text}) Tj 0 -24 Td (Ban trinh dien - cchc demo) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _block(block):
    """A seed body block; plain-text paragraphs become <p> rich text."""
    value = block["value"]
    if block["type"] == "paragraph" and not value.startswith("<"):
        value = f"<p>{value}</p>"
    return {"type": block["type"], "value": value}


def _document(index, item):
    if DocumentPage.objects.child_of(index).filter(title=item["title"]).exists():
        return False  # already loaded; editors' changes are kept
    body = item["body"]
    if isinstance(body, str):
        body = [{"type": "paragraph", "value": f"<p>{body}</p>"}]
    else:
        body = [_block(b) for b in body]
    page = DocumentPage(
        title=item["title"],
        doc_number=item["doc_number"],
        doc_type=item["doc_type"],
        issuing_body=item["issuing_body"],
        place=item.get("place", ""),
        issue_date=_date(item["issue_date"]),
        effective_date=_date(item.get("effective_date")),
        signer=item.get("signer", ""),
        signer_title=item.get("signer_title", ""),
        summary=item["summary"],
        body=body,
        recipients="\n".join(item.get("recipients", [])),
        appendix_title=item.get("appendix_title", ""),
        appendix_note=item.get("appendix_note", ""),
    )
    for order, row in enumerate(item.get("appendix", [])):
        if isinstance(row, dict):
            fields = {key: row[key] for key in ("number", "task", "form", "lead_agency", "cooperating_agencies")}
            fields.update(timeframe=row["timeframe"], status=row["status"], section=row.get("section", ""))
        else:
            section, number, task, form, lead, coop, timeframe, status = row
            fields = dict(
                section=section,
                number=number,
                task=task,
                form=form,
                lead_agency=lead,
                cooperating_agencies=coop,
                timeframe=timeframe,
                status=status,
            )
        page.appendix_rows.add(page.appendix_rows.model(sort_order=order, **fields))
    attachment = item.get("attachment")
    if attachment:
        Document = get_document_model()
        document = Document.objects.filter(title=attachment["title"]).first()
        if document is None:
            document = Document(title=attachment["title"])
            document.file.save(attachment["filename"], ContentFile(seed_pdf(item["title"])), save=False)
            document.save()
        page.attachments.add(page.attachments.model(document=document, sort_order=0))
    index.add_child(instance=page)
    page.save_revision().publish()
    return True


def load(command, home, site):
    index = command.child(
        home,
        DocumentIndexPage,
        "van-ban",
        title="Văn bản, kế hoạch",
        intro="<p>Kế hoạch, quyết định, báo cáo và công văn về cải cách hành chính. Ngoài Kế hoạch 892/KH-UBND "
        "của UBND tỉnh Bắc Kạn, các văn bản trong bản trình diễn là giả định.</p>",
        show_in_menus=True,
    )
    items = json.loads(SEED_DOCUMENTS.read_text(encoding="utf-8")) + OTHER_DOCUMENTS
    created = sum(_document(index, item) for item in items)
    indices = command.child(
        home,
        ReformIndicesPage,
        "chi-so-cai-cach-hanh-chinh",
        title="Chỉ số cải cách hành chính",
        intro="<p>Chỉ số cải cách hành chính (PAR INDEX), Chỉ số hài lòng của người dân, tổ chức (SIPAS) và "
        "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) qua các năm. Số liệu trong bản trình diễn là giả định.</p>",
        show_in_menus=True,
    )
    if not indices.index_values.exists():
        for order, (name, year, value, maximum, rank, rank_of) in enumerate(INDEX_VALUES):
            indices.index_values.add(
                indices.index_values.model(
                    index_name=name,
                    year=year,
                    value=Decimal(value),
                    max_value=Decimal(maximum),
                    rank=rank,
                    rank_of=rank_of,
                    sort_order=order,
                )
            )
        indices.save_revision().publish()
    command.stdout.write(f"Documents: {created} document(s) created; {len(INDEX_VALUES)} index value(s).")
