"""The demo's procedures are real national procedures, true in 2026, and all of them load.

procedures.json is written by site/cchc_demo/demo_content/build_procedures.py from the national
portal's pages. national_names.csv, next to this file, is an independent excerpt: the rows of
those 38 codes in the portal's "Danh sách TTHC" XLSX exports of Bộ Tư pháp and Bộ Công an
(layout A: "Mã số | Tên | Cơ quan ban hành"), so a demo record that gives a real code another
name, as the demo once did (1.001695 "Đăng ký khai sinh có yếu tố nước ngoài"), fails here.
"""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from cchc_demo.demo_content import contacts
from cchc_demo.models import DepartmentSettings
from django.core.management import call_command
from wagtail.models import Page, Revision

from cchc_pages.models import ContactCard, Hotline, OrganisationUnit, ProcedureIndexPage, ProcedurePage

DEMO = Path(__file__).resolve().parents[2] / "site" / "cchc_demo" / "demo_content"
RECORDS = json.loads((DEMO / "procedures.json").read_text(encoding="utf-8"))
SOURCES = json.loads((DEMO / "procedures_source.json").read_text(encoding="utf-8"))
with open(Path(__file__).with_name("national_names.csv"), encoding="utf-8", newline="") as handle:
    NATIONAL = {row["Mã số"]: row for row in csv.DictReader(handle)}

# District-level government, abolished on 1 July 2025 (local government has two levels since).
DISTRICT = re.compile(r"\b(huyện|quận|thị xã)\b|\bHUYEN\b|thành phố Bắc Kạn", re.IGNORECASE)
# Departments and units merged away or abolished in 2025: provincial departments merged in March
# 2025, district offices closed on 1 July 2025, department inspectorates abolished on 1 July 2025.
MERGED_AWAY = [
    "Sở Kế hoạch và Đầu tư",
    "Sở Giao thông vận tải",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Ban Dân tộc",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Giáo dục và Đào tạo cấp huyện",
    "Phòng Tư pháp",
    "Ủy ban nhân dân cấp huyện",
    "UBND cấp huyện",
    "Công an huyện",
    "Thanh tra Sở",
]


@pytest.fixture
def loaded(db):
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())


def test_every_demo_record_is_imported_once_with_the_levels_and_departments_of_2026(loaded):
    pages = ProcedurePage.objects.live()
    assert sorted(pages.values_list("code", flat=True)) == sorted(r["MATTHC"] for r in RECORDS)
    assert 30 <= len(RECORDS) <= 40
    before = (Page.objects.count(), Revision.objects.count())
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    assert (Page.objects.count(), Revision.objects.count()) == before
    index = ProcedureIndexPage.objects.get()
    assert index.show_in_menus and index.live and "Cổng Dịch vụ công quốc gia" in index.intro
    # No district level and no department merged away in 2025, in the procedures and the directory.
    assert not ProcedurePage.objects.filter(level_district=True).exists()
    assert ProcedurePage.objects.filter(level_commune=True).count() >= 20
    assert ProcedurePage.objects.filter(level_province=True).count() >= 5
    texts = [f"{u.name}\n{u.address}" for u in OrganisationUnit.objects.all()]
    texts += [f"{c.name}\n{c.position}" for c in ContactCard.objects.all()]
    texts += [f"{h.label}\n{h.note}" for h in Hotline.objects.all()]
    texts += [f"{d.parent_body}\n{d.department_name}\n{d.address}" for d in DepartmentSettings.objects.all()]
    for page in ProcedurePage.objects.all():
        texts.append("\n".join(str(getattr(page, f, "")) for f in ("agency_name", "competent_agency_name")))
    texts.append(Path(contacts.__file__).read_text(encoding="utf-8").split('"""', 2)[2])
    for text in texts:
        assert not DISTRICT.search(text), text[:200]
        assert not [name for name in MERGED_AWAY if name.lower() in text.lower()], text[:200]


def test_every_code_has_its_national_name():
    assert len({r["MATTHC"] for r in RECORDS}) == len(RECORDS)
    for record, source in zip(RECORDS, SOURCES, strict=True):
        national = NATIONAL[record["MATTHC"]]  # every code is a real one of the two ministries
        assert record["TENTTHC"] == national["Tên"] == source["TENTTHC"], record["MATTHC"]
        assert source["ministry"] == national["Cơ quan ban hành"]
        assert source["url"].startswith("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/")
    # The example keeps its national name, and a long name is whole (266 characters).
    by_code = {r["MATTHC"]: r["TENTTHC"] for r in RECORDS}
    assert by_code["1.001695"] == "Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con có yếu tố nước ngoài"
    assert len(by_code["2.000815"]) > 255


def test_records_have_the_national_shape_and_levels_of_2026():
    for record in RECORDS:
        levels = record["CAPTHUCHIEN"]
        assert levels and all(isinstance(level, dict) and level["TENCAP"] for level in levels)
        assert {level.get("CAPTHUCHIEN") for level in levels} <= {0, 1, 3, None}  # no 2 (Cấp huyện)
        assert all(isinstance(c["KENH"], int) and c["KENH"] in (1, 2, 3) for c in record.get("CACHTHUCTHUCHIEN", []))
        assert not DISTRICT.search(json.dumps(record, ensure_ascii=False)), record["MATTHC"]
    assert any(level.get("CAPTHUCHIEN") == 0 for r in RECORDS for level in r["CAPTHUCHIEN"])
    # Fees are nested in THOIGIAN, as the national record has them, with their real wording.
    khai_sinh = next(r for r in RECORDS if r["MATTHC"] == "2.001019")
    fee = khai_sinh["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]["PHILEPHI"][0]
    assert fee == {"DONVI": "Việt Nam Đồng", "SOTIEN": 50000, "MOTA": "/di chúc"}


def test_procedure_pages_show_the_national_content(client, loaded):
    page = ProcedurePage.objects.get(code="1.001193")
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Thủ tục đăng ký khai sinh",
        "Luật 60/2014/QH13",  # legal basis
        "KQ.G15.000031",  # result code
        "Giấy chứng sinh",  # dossier
        "Công chức tư pháp - hộ tịch",  # steps
    ):
        assert text in html, text
    death = client.get(ProcedurePage.objects.get(code="1.000656").url).content.decode()
    assert "Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh" in death  # the fee as the ministry words it
    long_name = ProcedurePage.objects.get(code="2.000815")
    html = client.get(long_name.url).content.decode()
    assert next(r["TENTTHC"] for r in RECORDS if r["MATTHC"] == "2.000815") in html
    police = ProcedurePage.objects.get(code="3.000333")
    html = client.get(police.url).content.decode()
    assert "Công an tỉnh" in html and "Lý lịch tư pháp" in html
    listing = client.get("/thu-tuc-hanh-chinh/?q=dang+ky+tam+tru").content.decode()
    assert "Đăng ký tạm trú" in listing


def test_the_builder_reads_the_pages_pasted_tables():
    from cchc_demo.demo_content import build_procedures as build

    legal = build.legal_basis(
        "Tên văn bản pháp lýMã văn bảnNghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết"
        " Luật Hộ tịch123/2015/NĐ-CPLuật 60/2014/QH1360/2014/QH13Thông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ"
        " trưởng Bộ Tư phápThông tư số 03/2023/TT-BTPLuật Cư trú 202068/2020/QH14"
    )
    assert legal == [
        {
            "SOVANBAN": "123/2015/NĐ-CP",
            "TENVANBAN": "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết Luật Hộ tịch",
        },
        {"SOVANBAN": "60/2014/QH13", "TENVANBAN": "Luật 60/2014/QH13"},
        {
            "SOVANBAN": "Thông tư số 03/2023/TT-BTP",
            "TENVANBAN": "Thông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư pháp",
        },
        {"SOVANBAN": "68/2020/QH14", "TENVANBAN": "Luật Cư trú 2020"},
    ]
    channels = build.channels(
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến5 Ngày làm việc30,000 Việt Nam Đồng(/hồ sơ)Nộp qua Cổng"
        "Trực tiếp7Miễn phí(Đồng (Miễn lệ phí))"
    )
    assert channels == [
        {
            "KENH": 2,
            "THOIGIAN": [
                {
                    "THOIGIANGIAIQUYET": 5,
                    "DONVITINH": "Ngày làm việc",
                    "MOTA": "Nộp qua Cổng",
                    "PHILEPHI": [{"SOTIEN": 30000, "DONVI": "Việt Nam Đồng", "MOTA": "/hồ sơ"}],
                }
            ],
        },
        {
            "KENH": 1,
            "THOIGIAN": [{"THOIGIANGIAIQUYET": 7, "PHILEPHI": [{"SOTIEN": 0, "DONVI": "Đồng", "MOTA": "Miễn lệ phí"}]}],
        },
    ]
    with pytest.raises(build.Unreadable):  # "1100 VNĐ": 110 days and 0 đồng, or 1100 days? Left out.
        build.channels("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1100 VNĐ(ghi chú)")
    dossier = build.dossier(
        "* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai (Mẫu CT01 ban hành kèm theo Thông tư số"
        " 53/2025/TT-BCA).1.MuCT01banhnhkmtheoThngts53.doc1 bản chínhVăn bản đề nghị, 01 bản sao có chứng thực.1 bản"
        " chính,1 bản sao--Tên giấy tờMẫu đơn, tờ khaiSố lượngGhi chú.0 bản chính"
    )
    assert dossier == [
        {
            "TRUONGHOP": "Giấy tờ phải nộp",
            "GIAYTO": [
                {
                    "SOBANCHINH": "1",
                    "TENGIAYTO": "Tờ khai (Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA).",
                    "TENMAUDON": "1.MuCT01banhnhkmtheoThngts53.doc",
                },
                {"SOBANCHINH": "1", "SOBANSAO": "1", "TENGIAYTO": "Văn bản đề nghị, 01 bản sao có chứng thực."},
            ],
        },
        {"TRUONGHOP": "", "GIAYTO": [{"SOBANCHINH": "0", "TENGIAYTO": "Ghi chú."}]},
    ]
