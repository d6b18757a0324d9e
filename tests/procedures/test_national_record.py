"""The national procedure record as it really comes: the LGSP/NDXP LayThuTuc reply and its
envelopes, the portal's XLSX and rest.jsp lists (small cuts of real files in data/), merging
without erasing, unchanged records written never, and the same report in the command and the
admin upload."""

import copy
import io
import json
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import PageLogEntry, Revision

from cchc_pages.models import ProcedurePage
from cchc_pages.procedures import importing as procedure_import

DATA = Path(__file__).resolve().parent / "data"
LGSP = json.loads((DATA / "laythutuc-1.009283.json").read_text(encoding="utf-8"))


def lgsp_record(**changes):
    record = copy.deepcopy(LGSP["result"][0])
    record.update(changes)
    return record


def run_json(index, payload, **options):
    data = json.dumps(payload, ensure_ascii=False).encode()
    return procedure_import.import_file(index, data, "tthc.json", **options)


def run_file(index, name, **options):
    return procedure_import.import_file(index, (DATA / name).read_bytes(), name, **options)


def test_a_layThuTuc_reply_imports_every_part_a_citizen_reads(proc_index, client):
    report = procedure_import.import_file(proc_index, (DATA / "laythutuc-1.009283.json").read_bytes(), "laythutuc.json")
    assert (len(report.created), report.rejected) == (1, [])
    page = ProcedurePage.objects.get(code="1.009283")
    name = LGSP["result"][0]["TENTTHC"]
    assert len(name) > 255 and page.full_name == name
    assert len(page.title) <= 255 and page.title.endswith("…") and name.startswith(page.title[:-1])
    assert page.level_province and not page.level_ministry and page.status == "in_force"
    assert page.procedure_type == "TTHC được luật giao quy định chi tiết"
    assert page.online_level == "online"  # no level in the record, an online channel (KENH 2)
    direct, online, postal = page.channel_rows()
    assert [f["amount"] for f in direct["fees"]] == ["Không"]
    assert online["fees"][0]["amount"] == "50.000" and online["fees"][0]["amount_value"] == 50000
    assert postal["fees"][0]["description"] == "Miễn phí"  # fees beside THOIGIAN are kept too
    assert "QUYETDINH" in report.ignored
    assert any("download_file.jsp?ma=" in w.reason for w in report.warnings)
    html = client.get(page.url).content.decode()
    assert f'<h1 class="cchc-article__title">{name}</h1>' in html
    for text in (
        "Sở Tư pháp tỉnh, thành phố nơi chi nhánh",  # DIACHITIEPNHAN
        "KQ.G15.000167",  # MAKETQUA
        "Chi nhánh, văn phòng đại diện của tổ chức hòa giải thương mại nước ngoài tại Việt Nam",
        "000.00.00.G15",  # MACOQUANCONGBO
        "50.000 Đồng",
        "Trực tuyến (chưa rõ mức độ)",
    ):
        assert text in html, text
    assert "download_file.jsp?ma=3fe2a0c1b7d94e55" in html
    assert 'download_file.jsp?ma="' not in html  # the empty form link is not rendered


def test_an_error_reply_stops_with_its_code_and_a_proxy_reply_is_unwrapped(proc_index):
    with pytest.raises(procedure_import.ImportFileError, match="mã lỗi 2"):
        run_json(proc_index, {"error_code": 2, "message": "Phiên đăng nhập hết hạn", "result": []})
    assert not ProcedurePage.objects.exists()
    wrapped = {"message": json.dumps({"error_code": "0", "result": [lgsp_record()]}, ensure_ascii=False)}
    report = run_json(proc_index, wrapped)
    assert report.created == ["1.009283"]


def test_a_status_or_level_outside_the_code_tables_is_reported_not_guessed(proc_index, client):
    record = lgsp_record(TRANGTHAI=0, CAPTHUCHIEN=[{"CAPTHUCHIEN": 0, "TENCAP": "Cấp Bộ"}, {"CAPTHUCHIEN": 9}])
    report = run_json(proc_index, {"error_code": 0, "result": [record]})
    page = ProcedurePage.objects.get(code="1.009283")
    assert (page.status, page.status_code) == ("unknown", "0")
    assert page.level_ministry and not page.level_province
    reasons = " ".join(w.reason for w in report.warnings)
    assert "TRANGTHAI “0”" in reasons and "CAPTHUCHIEN[1]" in reasons
    html = client.get(page.url).content.decode()
    assert "Còn hiệu lực" not in html and "Chưa rõ tình trạng" in html and "Cấp bộ" in html


def test_the_portal_xlsx_list_updates_code_name_agency_and_sector_and_keeps_the_rest(proc_index):
    full = lgsp_record(MATTHC="1.015027")
    run_json(proc_index, {"error_code": 0, "result": [full]})
    report = run_file(proc_index, "danh-sach-tthc-BoCongAn-cut.xlsx")
    assert (report.mode, len(report.created), report.updated, report.rejected) == ("list", 3, ["1.015027"], [])
    assert report.changes["1.015027"] == ["COQUANTHUCHIEN", "LINHVUCTHUCHIEN", "TENCOQUANCONGBO", "TENTTHC"]
    page = ProcedurePage.objects.get(code="1.015027")
    assert page.title.startswith("Xét hưởng chế độ trợ cấp") and page.agency_name == "Ủy ban nhân dân cấp xã"
    assert [s.name for s in page.sectors.all()] == ["Chính sách"] and page.publishing_agency_name == "Bộ Công an"
    # what the list does not carry is kept: steps, channels, dossier, legal basis, requirements
    assert (len(page.steps), len(page.channels), len(page.dossier), len(page.legal_basis)) == (1, 3, 1, 1)
    assert page.requirements and page.receiving_address and page.level_province
    empty_agency = ProcedurePage.objects.get(code="3.000517")
    assert empty_agency.agency_name == "" and empty_agency.online_level == "unknown"
    two = ProcedurePage.objects.get(code="3.000509")
    assert two.agency_name == "Ủy ban nhân dân cấp xã\nỦy ban nhân dân cấp xã"
    court = run_file(proc_index, "toa-an-nhan-dan.xlsx")
    assert (len(court.created), court.rejected, court.ignored) == (3, [], {})


def test_the_rest_jsp_list_reports_the_columns_it_does_not_read(proc_index):
    report = run_file(proc_index, "get_ds_tthc_da_cong_bo_dvc_service-cut.json")
    assert (report.mode, len(report.created), report.rejected) == ("list", 5, [])
    assert report.ignored == {"TYPE": 5, "ISNGANHDOC": 5, "WEIGHT": 5, "TOTAL_RECORDS": 5}
    assert "TOTAL_RECORDS (5)" in report.ignored_line()
    assert ProcedurePage.objects.get(code="3.000323").title == "Đăng ký giám sát việc giám hộ"


def test_a_partial_record_never_empties_a_field_and_an_explicit_empty_does(proc_index):
    run_json(proc_index, [lgsp_record()])
    report = run_json(proc_index, [{"MATTHC": "1.009283", "MOTA": "Mô tả mới", "TRINHTUTHUCHIEN": None}])
    assert report.changes == {"1.009283": ["MOTA"]}
    page = ProcedurePage.objects.get(code="1.009283")
    assert page.description == "Mô tả mới" and len(page.steps) == 1 and len(page.channels) == 3
    report = run_json(proc_index, [{"MATTHC": "1.009283", "TRINHTUTHUCHIEN": []}])
    assert report.changes == {"1.009283": ["TRINHTUTHUCHIEN"]}
    assert len(ProcedurePage.objects.get(code="1.009283").steps) == 0


def test_unchanged_records_write_nothing(proc_index, django_assert_max_num_queries):
    run_json(proc_index, [lgsp_record(), lgsp_record(MATTHC="1.000001")])
    revisions, logs = Revision.objects.count(), PageLogEntry.objects.count()
    with django_assert_max_num_queries(12):  # the site and the pages by code, whatever the count
        report = run_json(proc_index, [lgsp_record(), lgsp_record(MATTHC="1.000001")])
    assert (report.created, report.updated, len(report.unchanged)) == ([], [], 2)
    assert (Revision.objects.count(), PageLogEntry.objects.count()) == (revisions, logs)
    # an editor's save empties the hashes: the next import compares with the page itself
    page = ProcedurePage.objects.get(code="1.000001")
    page.save_revision().publish()
    report = run_json(proc_index, [lgsp_record(MATTHC="1.000001")])
    assert (report.updated, len(report.unchanged)) == ([], 1)


def test_export_and_import_again_give_the_same_page(proc_index, client):
    run_json(proc_index, [lgsp_record()])
    fields = [f.name for f in ProcedurePage._meta.concrete_fields if f.name not in ("content_hash", "field_hashes")]

    def snapshot():
        page = ProcedurePage.objects.get(code="1.009283")
        values = {f: getattr(page, f) for f in fields}
        for f in ("steps", "channels", "dossier", "results", "legal_basis"):
            values[f] = procedure_import._normalise(values[f])
        values["sectors"] = sorted(page.sectors.values_list("code", flat=True))
        return values

    before = snapshot()
    for fmt in ("json", "csv"):
        data = client.get(f"{proc_index.url}xuat-du-lieu/{fmt}/").content
        ProcedurePage.objects.update(content_hash="", field_hashes={})  # compare with the page, not the hash
        report = procedure_import.import_file(proc_index, data, f"export.{fmt}")
        assert (report.updated, report.rejected, report.ignored) == ([], [], {}), fmt
        assert snapshot() == before


def test_the_command_and_the_admin_upload_give_the_same_report(proc_index, admin_client, tmp_path):
    path = tmp_path / "laythutuc.json"
    path.write_bytes((DATA / "laythutuc-1.009283.json").read_bytes())
    out, err = io.StringIO(), io.StringIO()
    call_command("import_procedures", str(path), stdout=out, stderr=err)
    ProcedurePage.objects.all().delete()
    with open(path, "rb") as upload:
        html = admin_client.post("/admin/cchc/thu-tuc/nhap/", {"index": proc_index.pk, "file": upload}).content.decode()
    progress = re.compile(r"\b1/1\b")
    lines = [line for line in (out.getvalue() + err.getvalue()).splitlines() if line and not progress.search(line)]
    assert any("Bỏ qua" in line for line in lines) and any("Cảnh báo" in line for line in lines)
    from django.utils.html import escape

    for line in lines:
        assert escape(line) in html, line


@pytest.mark.skipif(not os.environ.get("CCHC_TTHC_SAMPLES"), reason="set CCHC_TTHC_SAMPLES to the samples folder")
def test_every_real_sample_imports_as_found(proc_index, capsys):
    """By hand: CCHC_TTHC_SAMPLES=<folder of the national samples> pytest -k real_sample -s."""
    folder = Path(os.environ["CCHC_TTHC_SAMPLES"])
    for path in sorted(folder.glob("*")):
        if path.suffix not in (".xlsx", ".json") or "quyet_dinh" in path.name:
            continue
        report = procedure_import.import_file(proc_index, path.read_bytes(), path.name)
        with capsys.disabled():
            print(f"\n{path.name}: {report.summary()} mode={report.mode} layout={report.layout}")
            print(f"  ignored: {dict(report.ignored)}; warnings: {len(report.warnings)}")
        assert not report.rejected, report.rejected[:3]
