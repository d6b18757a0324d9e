"""Administrative procedures: import (JSON/CSV/XLSX), export round trip, bad input, the faceted
listing and the procedure page, as an editor and a citizen see them."""

import io
import json
import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import Revision

from cchc_pages.models import ProcedurePage, ProcedureSector
from cchc_pages.procedures import importing as procedure_import


@pytest.fixture
def form_doc(db):
    return get_document_model().objects.create(
        title="Tờ khai đăng ký khai sinh", file=ContentFile(b"%PDF-1.4 test", name="to-khai.pdf")
    )


def record(
    code,
    name="Đăng ký khai sinh",
    *,
    sector=("HT", "Hộ tịch"),
    levels=("XA",),
    agency=("UBNDX", "UBND cấp xã"),
    online="TOANTRINH",
    **extra,
):
    data = {
        "MATTHC": code,
        "TENTTHC": name,
        "MOTA": "Đăng ký việc sinh cho trẻ em.",
        "LOAITTHC": "TTHC được luật giao quy định chi tiết",
        "TRANGTHAI": "CONHIEULUC",
        "NGAYHIEULUC": "2021-07-01",
        "TUKHOA": "khai sinh",
        "CAPTHUCHIEN": list(levels),
        "LINHVUCTHUCHIEN": [{"MALINHVUC": sector[0], "TENLINHVUC": sector[1]}],
        "DOITUONGTHUCHIEN": ["Công dân Việt Nam"],
        "COQUANTHUCHIEN": {"MADONVI": agency[0], "TENDONVI": agency[1]},
        "COQUANCOTHAMQUYEN": {"MADONVI": agency[0], "TENDONVI": agency[1]},
        "COQUANDUOCUYQUYEN": {"MADONVI": "", "TENDONVI": ""},
        "COQUANPHOIHOP": {"MADONVI": "CA", "TENDONVI": "Công an tỉnh"},
        "TRINHTUTHUCHIEN": [
            {
                "TRUONGHOP": "",
                "TRINHTU": [{"TENTRINHTU": "Nộp hồ sơ tại Bộ phận Một cửa."}, {"TENTRINHTU": "Nhận kết quả."}],
            }
        ],
        "CACHTHUCTHUCHIEN": [
            {
                "KENH": "TRUCTIEP",
                "THOIGIAN": [
                    {"THOIGIANGIAIQUYET": "1.5", "DONVITINH": "Ngày làm việc", "MOTA": "Kể từ khi nhận đủ hồ sơ"}
                ],
                "PHILEPHI": [
                    {"MAPHILEPHI": "LP1", "SOTIEN": "8.000", "DONVI": "Đồng", "MOTA": "Lệ phí", "TEPDINHKEM": ""}
                ],
            }
        ],
        "THANHPHANHOSO": [
            {
                "TRUONGHOP": "Trường hợp thông thường",
                "GIAYTO": [{"TENGIAYTO": "Tờ khai", "SOBANCHINH": 1, "SOBANSAO": 0, "MAUDON": "", "TENMAUDON": ""}],
            }
        ],
        "KETQUATHUCHIEN": [{"TENKETQUA": "Giấy khai sinh", "MAUKETQUA": "", "TENMAUKETQUA": ""}],
        "YEUCAUDIEUKIEN": "Không",
        "CANCUPHAPLY": [
            {
                "SOVANBAN": "60/2014/QH13",
                "TENVANBAN": "Luật Hộ tịch",
                "NGAYBANHANH": "2014-11-20",
                "NGAYHIEULUC": "2016-01-01",
                "COQUANBANHANH": "Quốc hội",
                "DIACHITRUYCAP": "https://vbpl.vn/",
            }
        ],
        "MUCDODVC": online,
        "DUONGDANNOPTRUCTUYEN": "https://dichvucong.gov.vn/",
        "TTHCLIENQUAN": [],
        "TTHCLIENTHONG": [],
        "QUYETDINHCONGBO": {"SOQUYETDINH": "1234/QĐ-UBND", "NGAYBANHANH": "2023-06-15", "COQUANBANHANH": "UBND tỉnh"},
    }
    data.update(extra)
    return data


def as_file(records):
    return json.dumps(records, ensure_ascii=False).encode()


def run(index, records, **options):
    return procedure_import.import_file(index, as_file(records), "tthc.json", **options)


def export(client, index, fmt="json", query=""):
    response = client.get(f"{index.url}xuat-du-lieu/{fmt}/{query}")
    assert response.status_code == 200
    return response


# --- import ------------------------------------------------------------------------------------------


def test_import_creates_published_pages_with_every_part(proc_index, form_doc, client):
    rec = record("1.001193")
    rec["THANHPHANHOSO"][0]["GIAYTO"][0].update(MAUDON="Tờ khai đăng ký khai sinh", TENMAUDON="Mẫu tờ khai")
    rec["TTHCLIENTHONG"] = ["1.001612"]
    report = run(proc_index, [rec, record("1.001612", "Liên thông khai sinh, thường trú, bảo hiểm y tế")])
    assert (len(report.created), len(report.updated), report.rejected) == (2, 0, [])
    page = ProcedurePage.objects.get(code="1.001193")
    assert page.live and page.get_parent().pk == proc_index.pk
    assert page.level_commune and not page.level_province
    assert [s.name for s in page.sectors.all()] == ["Hộ tịch"]
    assert page.dossier[0].value["items"][0]["template"].pk == form_doc.pk
    html = client.get(page.url).content.decode()
    for text in (
        "1.001193",
        "Nộp hồ sơ tại Bộ phận Một cửa.",
        "1,5 Ngày làm việc",
        "8.000 Đồng",
        "Luật Hộ tịch",
        "60/2014/QH13",
        "Trường hợp thông thường",
        "Giấy khai sinh",
        "Công an tỉnh",
        "1234/QĐ-UBND",
    ):
        assert text in html, text
    assert f'href="{form_doc.url}"' in html
    # The linked procedure is a link to its page; the JSON-LD describes a GovernmentService.
    assert 'href="/thu-tuc/lien-thong-khai-sinh-thuong-tru-bao-hiem-y-te-1001612/"' in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["@type"] == "GovernmentService" and ld["identifier"] == "1.001193"
    assert ld["provider"]["name"] == "UBND cấp xã"
    assert {'id="trinh-tu"', 'id="ho-so"', 'id="can-cu"', 'href="#ho-so"'} <= set(
        re.findall(r'(?:id|href)="#?[a-z-]+"', html)
    ) | {m for m in re.findall(r'(?:id|href)="[^"]*"', html)}
    printed = client.get(page.url + "ban-in/")
    assert printed.status_code == 200
    assert "Luật Hộ tịch" in printed.content.decode() and "http://testserver" + page.url in printed.content.decode()


def test_rerun_updates_by_code_instead_of_duplicating(proc_index):
    run(proc_index, [record("1.000001"), record("1.000002", "Đăng ký kết hôn")])
    changed = record("1.000001", "Đăng ký khai sinh (sửa đổi)", TRANGTHAI="SUADOI", CAPTHUCHIEN=["XA", "HUYEN"])
    report = run(proc_index, [changed])
    assert (report.created, report.updated) == ([], ["1.000001"])
    assert ProcedurePage.objects.count() == 2
    page = ProcedurePage.objects.get(code="1.000001")
    assert (page.title, page.status, page.level_district) == ("Đăng ký khai sinh (sửa đổi)", "amended", True)
    assert Revision.objects.filter(object_id=str(page.pk)).count() == 2


def test_json_ld_parses_and_a_title_cannot_close_its_script(proc_index, client):
    title = "Cấp giấy phép </script><script>alert(1)</script>"
    run(proc_index, [record("1.009999", title)])
    html = client.get(ProcedurePage.objects.get(code="1.009999").url).content.decode()
    head = html.split("</head>")[0]
    assert "<script>alert(1)" not in head
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1))
    assert ld["@type"] == "GovernmentService" and ld["name"] == title


def test_round_trip_json_and_csv_give_the_same_pages(proc_index, form_doc, client):
    rich = record("1.000003", "Cấp giấy phép xây dựng", sector=("XD", "Hoạt động xây dựng"), levels=("HUYEN", "TINH"))
    rich["THANHPHANHOSO"][0]["GIAYTO"].append(
        {
            "TENGIAYTO": "Đơn",
            "SOBANCHINH": 2,
            "SOBANSAO": 1,
            "MAUDON": "Tờ khai đăng ký khai sinh",
            "TENMAUDON": "Mẫu 01",
        }
    )
    rich["TTHCLIENQUAN"] = ["1.000004"]
    run(proc_index, [rich, record("1.000004", online="")])
    first = json.loads(export(client, proc_index).content)
    assert [r["MATTHC"] for r in first] == ["1.000003", "1.000004"]  # sorted by name

    csv_bytes = export(client, proc_index, "csv").content
    ProcedurePage.objects.all().delete()
    report = procedure_import.import_file(proc_index, csv_bytes, "export.csv")
    assert (len(report.created), report.rejected) == (2, [])
    assert json.loads(export(client, proc_index).content) == first

    ProcedurePage.objects.all().delete()
    report = procedure_import.import_file(proc_index, json.dumps(first).encode(), "export.json")
    assert json.loads(export(client, proc_index).content) == first


def test_xlsx_import_uses_the_same_columns(proc_index):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    rec = record("1.000005")
    sheet.append(list(procedure_import.COLUMNS))
    sheet.append([procedure_import._cell(rec.get(key, "")) for key in procedure_import.COLUMNS])
    bad = record("1.000006", CANCUPHAPLY=[{"TENVANBAN": "Luật", "NGAYBANHANH": "30/02/2021"}])
    sheet.append([procedure_import._cell(bad.get(key, "")) for key in procedure_import.COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = procedure_import.import_file(proc_index, buffer.getvalue(), "tthc.xlsx")
    assert report.created == ["1.000005", "1.000006"] and not report.rejected
    [warning] = report.warnings  # a date that is not one is reported and left out
    assert warning.position == "Dòng 3"
    assert "CANCUPHAPLY[0].NGAYBANHANH" in warning.reason and "30/02/2021" in warning.reason


@pytest.mark.parametrize(
    "bad, where",
    [
        ({"MATTHC": ""}, "MATTHC"),
        ({"MATTHC": 1.001}, "MATTHC"),
        ({"TENTTHC": None}, "TENTTHC"),
        ({"CAPTHUCHIEN": "XA"}, "CAPTHUCHIEN"),
        ({"LINHVUCTHUCHIEN": [{"MALINHVUC": ""}]}, "LINHVUCTHUCHIEN[0].TENLINHVUC"),
        ({"THANHPHANHOSO": [{"GIAYTO": [{"TENGIAYTO": "Tờ khai", "SOBANCHINH": "một"}]}]}, "SOBANCHINH"),
        ({"THANHPHANHOSO": [{"GIAYTO": [{"TENGIAYTO": "Tờ khai", "MAUDON": "Mẫu không có"}]}]}, "MAUDON"),
        ({"CACHTHUCTHUCHIEN": [{"KENH": "Fax"}]}, "KENH"),
        ({"DUONGDANNOPTRUCTUYEN": "javascript:alert(1)"}, "DUONGDANNOPTRUCTUYEN"),
    ],
)
def test_each_invalid_record_is_reported_and_the_valid_ones_imported(proc_index, bad, where):
    report = run(proc_index, [record("1.000010"), record("1.000011", **bad), record("1.000012")])
    assert report.created == ["1.000010", "1.000012"]
    [rejected] = report.rejected
    assert rejected.position == "Bản ghi 2"
    assert where in rejected.reason
    assert not ProcedurePage.objects.filter(title=record("x")["TENTTHC"], code="1.000011").exists()


def test_duplicate_code_within_a_file_is_rejected_with_the_first_position(proc_index):
    report = run(proc_index, [record("1.000020"), record("1.000021"), record("1.000020", "Khác")])
    assert [r.position for r in report.rejected] == ["Bản ghi 3"]
    assert "bản ghi 1" in report.rejected[0].reason
    assert ProcedurePage.objects.get(code="1.000020").title == "Đăng ký khai sinh"


def test_strict_mode_imports_nothing_when_one_record_is_invalid(proc_index):
    report = run(proc_index, [record("1.000030"), record("1.000031", TENTTHC="")], strict=True)
    assert report.saved == 0 and len(report.rejected) == 1
    assert "Không nhập" in report.summary()
    assert not ProcedurePage.objects.exists()


def test_strict_mode_rolls_back_when_saving_fails_midway(proc_index, monkeypatch):
    original = procedure_import._write
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(procedure_import, "_write", failing)
    report = run(proc_index, [record("1.000040"), record("1.000041"), record("1.000042")], strict=True)
    assert (report.created, [(r.position, r.reason) for r in report.rejected]) == ([], [("Bản ghi 2", "disk full")])
    assert "Không nhập" in report.summary()
    assert not ProcedurePage.objects.exists()
    assert not ProcedureSector.objects.exists()
    calls["n"] = 0
    report = run(proc_index, [record("1.000040"), record("1.000041"), record("1.000042")])
    assert report.created == ["1.000040", "1.000042"] and report.rejected[0].reason == "disk full"


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (b'[{"MATTHC": "1.0",', "x.json", "không phải JSON hợp lệ"),
        (b'{"MATTHC": "1.0"}', "x.json", "danh sách"),
        (b"\xff\xfe\x00garbage", "x.json", "UTF-8"),
        (b"TEN,MOTA\nA,B\n", "x.csv", "MATTHC"),
        (b"PK\x03\x04 not a workbook", "x.xlsx", "Excel"),
        (b"[]", "x.pdf", "“pdf”"),
    ],
)
def test_unreadable_files_get_a_clear_message(proc_index, data, filename, message):
    with pytest.raises(procedure_import.ImportFileError) as error:
        procedure_import.import_file(proc_index, data, filename)
    assert message in str(error.value)
    assert not ProcedurePage.objects.exists()


def test_ten_megabytes_of_garbage(proc_index, admin_client):
    garbage = bytes(range(256)) * (10 * 1024 * 4)  # 10 MB
    with pytest.raises(procedure_import.ImportFileError) as error:
        procedure_import.import_file(proc_index, garbage, "rac.json", max_bytes=5 * 1024 * 1024)
    assert "10,0 MB" in str(error.value) and "5,0 MB" in str(error.value)
    with pytest.raises(procedure_import.ImportFileError):  # no limit: still a clear error, nothing saved
        procedure_import.import_file(proc_index, garbage, "rac.csv")
    response = admin_client.post(
        "/admin/cchc/thu-tuc/nhap/", {"index": proc_index.pk, "file": ContentFile(garbage, name="rac.json")}
    )
    assert response.status_code == 400
    assert "lớn nhất được chấp nhận là 5,0 MB" in response.content.decode()
    assert not ProcedurePage.objects.exists()


def test_admin_upload_reports_rejected_records_in_vietnamese(proc_index, admin_client):
    page = admin_client.get("/admin/cchc/thu-tuc/nhap/")
    assert page.status_code == 200 and "Nhập thủ tục hành chính" in page.content.decode()
    upload = ContentFile(as_file([record("1.000050"), record("", "Thiếu mã")]), name="tthc.json")
    response = admin_client.post("/admin/cchc/thu-tuc/nhap/", {"index": proc_index.pk, "file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 thủ tục được tạo mới" in html or "1 tạo mới" in html
    assert "Bản ghi 2" in html and "MATTHC là bắt buộc" in html
    assert ProcedurePage.objects.filter(code="1.000050").exists()


def test_index_listing_offers_the_import(proc_index, admin_client):
    html = admin_client.get(f"/admin/pages/{proc_index.get_parent().pk}/").content.decode()
    assert f"/admin/cchc/thu-tuc/nhap/?index={proc_index.pk}" in html
    form = admin_client.get(f"/admin/cchc/thu-tuc/nhap/?index={proc_index.pk}").content.decode()
    assert f'<option value="{proc_index.pk}" selected>' in form


def test_admin_upload_needs_permission(proc_index, client, django_user_model):
    user = django_user_model.objects.create_user("khach", password="x", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/cchc/thu-tuc/nhap/").status_code in (302, 403)


def test_management_command_shows_progress_and_strict_fails(proc_index, tmp_path):
    path = tmp_path / "tthc.json"
    path.write_bytes(as_file([record(f"1.1{n:05d}") for n in range(120)]))
    out = io.StringIO()
    call_command("import_procedures", str(path), stdout=out, stderr=io.StringIO())
    assert "100/120" in out.getvalue() and "120/120" in out.getvalue()
    assert ProcedurePage.objects.count() == 120
    bad = tmp_path / "bad.csv"
    bad.write_text("MATTHC,TENTTHC\n1.200001,Thủ tục A\n,Thiếu mã\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="không"):
        call_command("import_procedures", str(bad), "--strict", stdout=io.StringIO(), stderr=err)
    assert "Dòng 3" in err.getvalue()
    assert not ProcedurePage.objects.filter(code="1.200001").exists()


# --- listing -----------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(proc_index):
    rows = [
        record(
            "1.1",
            "Cấp giấy phép xây dựng nhà ở riêng lẻ",
            sector=("XD", "Hoạt động xây dựng"),
            levels=["HUYEN"],
            agency=("UBNDH", "UBND cấp huyện"),
            online="MOTPHAN",
        ),
        record(
            "1.2",
            "Cấp giấy phép xây dựng công trình cấp I",
            sector=("XD", "Hoạt động xây dựng"),
            levels=["TINH"],
            agency=("SXD", "Sở Xây dựng"),
            online="MOTPHAN",
        ),
        record("1.3", "Đăng ký khai sinh", levels=["XA"], online="TOANTRINH"),
        record("1.4", "Đăng ký kết hôn", levels=["XA"], online=""),
        record("1.5", "Chứng thực bản sao", sector=("CT", "Chứng thực"), levels=["XA", "HUYEN"], online=""),
    ]
    for row in rows:
        row.update(MOTA="", TUKHOA="")
    report = run(proc_index, rows)
    assert report.rejected == []
    return proc_index


def titles(response):
    return re.findall(r'class="cchc-proc-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def facet_counts(response):
    html = response.content.decode()
    return dict(re.findall(r'cchc-facet__label">([^<]+)</span> <span class="cchc-facet__count">\((\d+)\)', html))


def test_listing_facets_combine_and_stay_in_the_url(client, catalogue):
    response = client.get("/thu-tuc/")
    assert titles(response)[:2] == ["Cấp giấy phép xây dựng công trình cấp I", "Cấp giấy phép xây dựng nhà ở riêng lẻ"]
    assert titles(response)[-2:] == ["Đăng ký kết hôn", "Đăng ký khai sinh"]  # Đ among the D's
    counts = facet_counts(response)
    assert counts["Hoạt động xây dựng"] == "2" and counts["Hộ tịch"] == "2" and counts["Xã"] == "3"
    combined = client.get("/thu-tuc/?cap=xa&linh-vuc=" + ProcedureSector.objects.get(code="HT").slug)
    assert titles(combined) == ["Đăng ký kết hôn", "Đăng ký khai sinh"]
    html = combined.content.decode()
    assert "2 thủ tục" in html
    # Counts of the level facet ignore the level filter but honour the sector one.
    assert facet_counts(combined)["Xã"] == "2"
    either = client.get("/thu-tuc/?cap=tinh&cap=huyen")
    assert len(titles(either)) == 3
    online = client.get("/thu-tuc/?muc-do=partial&co-quan=SXD")
    assert titles(online) == ["Cấp giấy phép xây dựng công trình cấp I"]
    exported = json.loads(export(client, catalogue, query="?muc-do=partial&co-quan=SXD").content)
    assert [r["MATTHC"] for r in exported] == ["1.2"]
    assert "1.2" in export(client, catalogue, "csv", "?cap=tinh").content.decode()


def test_cached_facet_counts_follow_publishing_and_sector_edits(client, catalogue):
    """The counts are kept in the cache; what readers see still changes as soon as a procedure
    is published, unpublished or deleted, or a sector renamed."""
    assert facet_counts(client.get("/thu-tuc/"))["Xã"] == "3"
    with CaptureQueriesContext(connection) as warm:
        again = client.get("/thu-tuc/")
    assert facet_counts(again)["Xã"] == "3"
    assert not any("COUNT(" in q["sql"] for q in warm.captured_queries)  # counts and total from the cache
    # the results, facets and pager are kept rendered: no procedure row is read again
    assert not any("cchc_pages_procedurepage" in q["sql"] for q in warm.captured_queries)
    assert titles(again) == titles(client.get("/thu-tuc/"))

    assert run(catalogue, [record("1.6", "Đăng ký giám hộ", levels=["XA"])]).rejected == []
    response = client.get("/thu-tuc/")
    assert facet_counts(response)["Xã"] == "4" and "Đăng ký giám hộ" in titles(response)
    assert "6 thủ tục" in response.content.decode()

    ProcedurePage.objects.get(code="1.6").unpublish()
    assert facet_counts(client.get("/thu-tuc/"))["Xã"] == "3"
    ProcedurePage.objects.get(code="1.5").delete()
    counts = facet_counts(client.get("/thu-tuc/?q=chung+thuc"))
    assert "Xã" not in counts and "Chứng thực" not in counts

    sector = ProcedureSector.objects.get(code="XD")
    sector.name = "Xây dựng"
    sector.save()
    counts = facet_counts(client.get("/thu-tuc/"))
    assert counts["Xây dựng"] == "2" and "Hoạt động xây dựng" not in counts


def test_a_sites_own_listing_template_gets_the_results_from_a_cached_listing(rf, catalogue, client):
    """A department's template for the listing may read the results itself: on a cached listing
    they are still there, computed when the template asks."""
    from django.template import Context, Template

    client.get("/thu-tuc/?cap=xa")  # the listing kept rendered
    request = rf.get("/thu-tuc/", {"cap": "xa"})
    response = catalogue.index_route(request)
    assert response.context_data["listing_html"]  # the cached rendering is what the stock template shows
    own = Template(
        "{% for p in procedures %}{{ p.title }}|{% endfor %}{{ page_obj.paginator.count }}"
        "{% for f in facets %}{% if f.key == 'cap' %}{% for o in f.options %} {{ o.label }}={{ o.count }}"
        "{% endfor %}{% endif %}{% endfor %}"
    ).render(Context(response.context_data))
    assert own == "Chứng thực bản sao|Đăng ký kết hôn|Đăng ký khai sinh|3 Tỉnh=1 Huyện (trước tháng 7/2025)=2 Xã=3"


def test_search_ignores_diacritics_and_case(client, catalogue):
    assert titles(client.get("/thu-tuc/?q=giay+phep+xay+dung")) == [
        "Cấp giấy phép xây dựng công trình cấp I",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    ]
    assert titles(client.get("/thu-tuc/?q=ĐĂNG KÝ khai SINH")) == ["Đăng ký khai sinh"]
    assert titles(client.get("/thu-tuc/?q=dang+ky&cap=xa&sap-xep=ma")) == ["Đăng ký khai sinh", "Đăng ký kết hôn"]
    assert titles(client.get("/thu-tuc/?q=khong+co+thu+tuc+nay")) == []


def test_an_editors_change_to_an_imported_procedure_is_found_by_the_search(client, catalogue):
    # the importer indexes its pages in bulk; a page an editor saves is indexed on its own
    page = ProcedurePage.objects.get(code="1.1")
    page.title = "Cấp phép sửa chữa nhà ở riêng lẻ"
    page.save_revision().publish()
    assert titles(client.get("/thu-tuc/?q=sua+chua")) == ["Cấp phép sửa chữa nhà ở riêng lẻ"]
    page.delete()
    assert titles(client.get("/thu-tuc/?q=sua+chua")) == []


@pytest.mark.parametrize(
    "query, status, message",
    [
        ("?cap=quan", 400, "không phải là một cấp thực hiện"),
        ("?muc-do=x", 400, "mức độ dịch vụ công"),
        ("?linh-vuc=khong-co", 404, "Không có lĩnh vực"),
        ("?sap-xep=gia", 400, "cách sắp xếp"),
        ("?page=abc", 400, "không phải là số trang hợp lệ"),
        ("?page=99", 404, "Không có trang 99"),
    ],
)
def test_bad_listing_parameters_get_a_clear_message(client, catalogue, query, status, message):
    response = client.get("/thu-tuc/" + query)
    assert response.status_code == status
    assert message in response.content.decode().split('role="alert"')[1]
    assert client.get("/thu-tuc/xuat-du-lieu/json/" + query).status_code in (status, 200)


def test_pagination_keeps_the_filters(client, catalogue):
    catalogue.per_page = 2
    catalogue.save_revision().publish()
    response = client.get("/thu-tuc/?cap=xa&cap=huyen")
    assert len(titles(response)) == 2
    assert 'href="?cap=xa&amp;cap=huyen&amp;page=2"' in response.content.decode()
    assert len(titles(client.get("/thu-tuc/?cap=xa&cap=huyen&page=2"))) == 2


def test_listing_query_count_does_not_grow_with_procedures(client, proc_index):
    proc_index.per_page = 500
    proc_index.save_revision().publish()
    sectors = [("HT", "Hộ tịch"), ("XD", "Hoạt động xây dựng"), ("CT", "Chứng thực")]
    levels = [["XA"], ["HUYEN"], ["TINH", "HUYEN"]]

    def add(start, n):
        recs = [
            record(
                f"9.{i:06d}",
                f"Thủ tục số {i}",
                sector=sectors[i % 3],
                levels=levels[i % 3],
                agency=(f"CQ{i % 7}", f"Cơ quan {i % 7}"),
                online=["TOANTRINH", "MOTPHAN", ""][i % 3],
            )
            for i in range(start, start + n)
        ]
        assert run(proc_index, recs).rejected == []

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(titles(response))

    add(0, 20)
    few = [count("/thu-tuc/"), count("/thu-tuc/?cap=xa&q=thu+tuc")]
    add(20, 480)
    many = [count("/thu-tuc/"), count("/thu-tuc/?cap=xa&q=thu+tuc")]
    assert [n for _q, n in few] == [20, 7] and [n for _q, n in many] == [500, 167]
    assert [q for q, _n in few] == [q for q, _n in many]


def test_site_search_shows_matching_procedures_before_the_news(client, proc_index):
    records = [record(f"1.00{i}", f"Cấp bản sao trích lục hộ tịch lần {i}") for i in range(7)]
    report = run(proc_index, records + [record("2.001", "Đăng ký khai sinh")])
    assert not report.rejected, report.rejected
    page = client.get("/cchc/tim-kiem/?q=trich+luc").content.decode()
    assert "7 thủ tục hành chính" in page
    assert page.count("Cấp bản sao trích lục hộ tịch lần") == 5  # the first five, then a link to all of them
    # kept in the cache, and counted afresh once a procedure is imported
    assert not run(proc_index, [record("1.009", "Cấp bản sao trích lục hộ tịch lần 9")]).rejected
    assert "8 thủ tục hành chính" in client.get("/cchc/tim-kiem/?q=trich+luc").content.decode()
    assert f'href="{proc_index.url}?q=trich+luc"' in page
    assert "Đăng ký khai sinh" not in page
    assert "thủ tục hành chính</h2>" not in client.get("/cchc/tim-kiem/?q=zzzz").content.decode()


def test_site_search_of_a_site_without_procedures_reads_no_procedure_until_one_is_published(client, proc_index):
    """A site with no procedure learns it once, not at each new search; the first procedure
    published shows in the next search."""
    client.get("/cchc/tim-kiem/?q=khai+sinh")
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/cchc/tim-kiem/?q=Khai+Sinh+moi").content.decode()
    assert "thủ tục hành chính</h2>" not in page
    assert not any("cchc_pages_procedurepage" in q["sql"] for q in ctx.captured_queries)
    assert not run(proc_index, [record("2.001", "Đăng ký khai sinh")]).rejected
    assert "1 thủ tục hành chính" in client.get("/cchc/tim-kiem/?q=khai+sinh").content.decode()


def test_an_agency_with_the_code_of_one_of_our_units_links_to_it_in_the_directory(client, home, proc_index):
    from cchc_pages.models import ContactDirectoryPage, OrganisationUnit

    directory = home.add_child(instance=ContactDirectoryPage(title="Danh bạ", slug="danh-ba"))
    directory.save_revision().publish()
    unit = OrganisationUnit.objects.create(
        name="Bộ phận một cửa UBND xã", code="UBNDX", kind="one_stop", address="Số 1 đường Trần Phú"
    )
    run(proc_index, [record("1.001193")])  # implemented and decided by UBNDX, with the police (CA)
    html = client.get(proc_index.get_children().get().url).content.decode()
    assert html.count(f'<a href="{directory.url}#cchc-unit-{unit.pk}">UBND cấp xã</a>') == 2
    assert "Số 1 đường Trần Phú" in html
    assert "<dd>Công an tỉnh" in html  # no unit of ours has its code: plain text
    assert f'id="cchc-unit-{unit.pk}"' in client.get(directory.url).content.decode()


def test_an_xlsx_zip_bomb_is_refused_before_it_is_read(proc_index):
    """A workbook carrying a part that inflates to 200 MB (made in a few milliseconds) is refused
    with a clear message, without inflating it, and nothing is created."""
    import time
    import zipfile
    import zlib

    from openpyxl import Workbook

    from ..hostile_files import deflated_zeros, raw_zip

    workbook = Workbook()
    workbook.active.append(list(procedure_import.COLUMNS))
    rec = record("1.000007")
    workbook.active.append([procedure_import._cell(rec.get(key, "")) for key in procedure_import.COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        parts = [(i.filename, archive.read(i)) for i in archive.infolist()]
    stream, crc = deflated_zeros(200)
    entries = [(name, data, 0, zlib.crc32(data), len(data)) for name, data in parts]
    bomb = raw_zip(entries + [("xl/media/image1.png", stream, 8, crc, 200 << 20)])
    started = time.perf_counter()
    with pytest.raises(procedure_import.ImportFileError) as error:
        procedure_import.import_file(proc_index, bomb, "tthc.xlsx")
    assert time.perf_counter() - started < 2
    assert "không được đọc" in str(error.value)
    assert not ProcedurePage.objects.exists()
