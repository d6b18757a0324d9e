"""Demo administrative procedures: 33 records in the national shape (procedures.json), loaded
through the same importer editors use, plus the form templates some of them link to.

Structure and legal bases follow published procedures; codes and fees are illustrative, so a
department replaces them with its own records from the national database."""

import io
import json
import textwrap
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont
from wagtail.documents import get_document_model

from cchc_pages.models import ProcedureIndexPage, ProcedurePage
from cchc_pages.procedures import importing as procedure_import

CONTENT = Path(__file__).resolve().parent / "procedures.json"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# Form templates the records reference by document title (MAUDON): (title, file name, form lines).
FORMS = [
    (
        "Tờ khai đăng ký khai sinh",
        "to-khai-dang-ky-khai-sinh.pdf",
        [
            "Họ, chữ, đệm, tên người yêu cầu:",
            "Nơi cư trú:",
            "Giấy tờ tùy thân:",
            "Quan hệ với người được khai sinh:",
            "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
            "Họ, chữ đệm, tên:",
            "Ngày, tháng, năm sinh:",
            "Giới tính:      Dân tộc:      Quốc tịch:",
            "Nơi sinh:",
            "Họ, chữ đệm, tên người mẹ:",
            "Họ, chữ đệm, tên người cha:",
        ],
    ),
    (
        "Đơn đề nghị cấp giấy phép xây dựng",
        "don-de-nghi-cap-giay-phep-xay-dung.pdf",
        [
            "Kính gửi: Ủy ban nhân dân huyện",
            "1. Tên chủ đầu tư (chủ hộ):",
            "- Địa chỉ liên hệ:",
            "- Số điện thoại:",
            "2. Thông tin công trình:",
            "- Địa điểm xây dựng: lô đất số ... diện tích ... m2",
            "3. Nội dung đề nghị cấp phép:",
            "- Loại công trình: nhà ở riêng lẻ      Cấp công trình:",
            "- Diện tích xây dựng tầng 1:",
            "- Tổng diện tích sàn:",
            "- Chiều cao công trình:      Số tầng:",
            "4. Dự kiến thời gian hoàn thành công trình:",
        ],
    ),
    (
        "Giấy đề nghị đăng ký hộ kinh doanh",
        "giay-de-nghi-dang-ky-ho-kinh-doanh.pdf",
        [
            "Kính gửi: Phòng Tài chính - Kế hoạch",
            "Tôi là (ghi họ tên bằng chữ in hoa):",
            "Đăng ký hộ kinh doanh với các nội dung sau:",
            "1. Tên hộ kinh doanh:",
            "2. Địa chỉ trụ sở hộ kinh doanh:",
            "3. Ngành, nghề kinh doanh:",
            "4. Vốn kinh doanh:",
            "5. Số lượng lao động dự kiến:",
            "6. Chủ thể thành lập hộ kinh doanh: cá nhân / các thành viên hộ gia đình",
        ],
    ),
    (
        "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
        "to-khai-yeu-cau-cap-phieu-ly-lich-tu-phap.pdf",
        [
            "1. Họ và tên:",
            "2. Tên gọi khác (nếu có):",
            "3. Giới tính:      4. Ngày, tháng, năm sinh:",
            "5. Nơi sinh:",
            "6. Quốc tịch:",
            "7. Nơi thường trú:",
            "8. Giấy CMND/CCCD/Hộ chiếu số:",
            "9. Họ và tên cha:",
            "10. Họ và tên mẹ:",
            "11. Quá trình cư trú của bản thân (từ đủ 14 tuổi):",
            "Yêu cầu cấp Phiếu lý lịch tư pháp: Số 1 / Số 2",
            "Số lượng Phiếu yêu cầu cấp:",
        ],
    ),
]


def load(command, home, site):
    index = ProcedureIndexPage.objects.child_of(home).filter(slug="thu-tuc-hanh-chinh").first()
    if index is None:
        index = home.add_child(
            instance=ProcedureIndexPage(
                title="Thủ tục hành chính",
                slug="thu-tuc-hanh-chinh",
                intro="<p>Tra cứu thủ tục hành chính theo lĩnh vực, cấp thực hiện, cơ quan và mức độ dịch vụ công "
                "trực tuyến: trình tự, hồ sơ, thời hạn, phí, lệ phí và mẫu đơn, tờ khai.</p>",
                show_in_menus=True,
            )
        )
        index.save_revision().publish()
    for title, filename, lines in FORMS:
        form_document(title, filename, lines)
    records = json.loads(CONTENT.read_text(encoding="utf-8"))
    known = set(ProcedurePage.objects.values_list("code", flat=True))
    # Records already loaded are left as editors made them (and no new revision is written).
    new = [(f"#{n}", r) for n, r in enumerate(records, start=1) if r["MATTHC"] not in known]
    report = procedure_import.import_records(index, new, strict=True)
    if report.rejected:
        raise ValueError("; ".join(map(str, report.rejected)))
    command.stdout.write(command.style.SUCCESS(f"Procedures ready: {len(report.created)} procedure(s) created."))


def form_document(title, filename, lines):
    """A one-page PDF form standing in for the official template (drawn, so no binary is stored)."""
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document:
        return document
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), 30) if FONT.exists() else ImageFont.load_default()
    heading = ImageFont.truetype(str(FONT), 40) if FONT.exists() else font
    draw.text((620, 90), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=font, anchor="mm", fill="black")
    draw.text((620, 135), "Độc lập - Tự do - Hạnh phúc", font=font, anchor="mm", fill="black")
    y = 240
    for part in textwrap.wrap(title.upper(), 40):
        draw.text((620, y), part, font=heading, anchor="mm", fill="black")
        y += 55
    y += 40
    for line in lines:
        draw.text((110, y), line, font=font, fill="black")
        draw.line((110, y + 52, 1130, y + 52), fill="#999999", width=1)
        y += 95
    draw.text((820, y + 60), "NGƯỜI YÊU CẦU", font=font, anchor="mm", fill="black")
    draw.text((820, y + 100), "(Ký, ghi rõ họ tên)", font=font, anchor="mm", fill="black")
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=150)
    return Document.objects.create(title=title, file=ContentFile(buffer.getvalue(), name=filename))
