"""A procedure's lifecycle by publication decision: the real list of decision 115010 as found, an
abolishing decision as a citizen then sees it (the page still there, saying which decision
abolished it, out of the listing and the search unless asked for), and the portal's lists fetched
from a local server."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Revision

from cchc_pages.models import ProcedurePage
from cchc_pages.procedures import decisions
from cchc_pages.procedures.importing import import_records

from .test_sync import service  # noqa: F401  (the local HTTP server)

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "get_modified_procedures_by_dp_id_service_v2__ma_quyet_dinh_115010.json"
# One name of the sample's list (decision 115010, amended procedures); the code is a test code.
AMENDED_NAME = "Công bố đủ điều kiện sản xuất trang thiết bị y tế"


def add(index, code, name, **extra):
    report = import_records(index, [("1", {"MATTHC": code, "TENTTHC": name, **extra})])
    assert not report.rejected, report.rejected
    return ProcedurePage.objects.get(code=code)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("apply_procedure_decision", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_the_real_list_of_decision_115010_reads_as_four_amended_procedures():
    decision, lists = decisions.read_decision(SAMPLE.read_bytes(), SAMPLE.name)
    assert decision.id == "115010"
    assert [len(lists[k]) for k in decisions.LISTS] == [0, 4, 0]
    assert lists["amended"][1][1]["PROCEDURE_NAME"] == AMENDED_NAME


def test_the_real_list_on_a_site_without_those_procedures_reports_all_four_unmatched(proc_index):
    add(proc_index, "TEST.0001", "Đăng ký khai sinh")
    output = run(str(SAMPLE), "--dry-run")
    assert "Sửa đổi, bổ sung: 4 dòng, 0 khớp (0 thay đổi), 4 không khớp." in output
    assert "388421 Công bố đối với nguyên liệu sản xuất thiết bị y tế" in output
    assert ProcedurePage.objects.get(code="TEST.0001").status == "in_force"


def test_the_real_list_marks_the_matching_procedure_amended_and_reports_the_others(proc_index):
    page = add(proc_index, "TEST.0002", AMENDED_NAME)
    revisions = Revision.objects.for_instance(page).count()
    output = run(str(SAMPLE), "--number", "2751/QĐ-UBND", "--date", "02-12-2025")
    assert "Sửa đổi, bổ sung: 4 dòng, 1 khớp (1 thay đổi), 3 không khớp." in output
    page.refresh_from_db()
    assert (page.status, page.decision_number, page.decision_date, page.decision_id) == (
        "amended",
        "2751/QĐ-UBND",
        datetime.date(2025, 12, 2),
        "115010",
    )
    assert Revision.objects.for_instance(page).count() == revisions + 1
    # the same decision again changes nothing and writes nothing
    output = run(str(SAMPLE), "--number", "2751/QĐ-UBND", "--date", "02-12-2025")
    assert "1 khớp (0 thay đổi)" in output
    assert Revision.objects.for_instance(page).count() == revisions + 1


def write(tmp_path, payload, name="decision.json"):
    path = tmp_path / name
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_an_abolished_procedure_keeps_its_page_and_leaves_the_listing_and_the_search(proc_index, client, tmp_path):
    kept = add(proc_index, "TEST.0010", "Cấp bản sao trích lục hộ tịch")
    gone = add(proc_index, "TEST.0011", "Cấp giấy chứng nhận hộ tịch cũ")
    decision = {
        "decision": {"SOQUYETDINH": "163/QĐ-BTP", "NGAYQUYETDINH": "05/02/2026", "TRICHYEU": "Công bố TTHC"},
        "abolished": [{"MATTHC": "TEST.0011"}, {"MATTHC": "TEST.9999", "TENTTHC": "Không có trên trang"}],
    }
    output = run(write(tmp_path, decision))
    assert "Quyết định 163/QĐ-BTP ngày 05/02/2026" in output
    assert "Bãi bỏ: 2 dòng, 1 khớp (1 thay đổi), 1 không khớp." in output and "TEST.9999" in output
    gone.refresh_from_db()
    assert gone.live and gone.status == "abolished"
    assert (gone.abolished_decision_number, gone.abolished_decision_date) == ("163/QĐ-BTP", datetime.date(2026, 2, 5))
    page = client.get(gone.url).content.decode()
    assert "Bãi bỏ theo Quyết định 163/QĐ-BTP ngày 05/02/2026" in page
    listing = client.get(proc_index.url).content.decode()
    assert kept.title in listing and gone.title not in listing
    assert "Đã bãi bỏ" in listing  # the status facet offers them
    shown = client.get(proc_index.url + "?trang-thai=bai-bo").content.decode()
    assert gone.title in shown and kept.title not in shown
    assert client.get(proc_index.url + "?trang-thai=xoa").status_code == 400
    search = client.get("/cchc/tim-kiem/?q=ho tich").content.decode()
    assert kept.title in search and gone.title not in search


def test_a_new_list_with_whole_records_creates_them_and_brings_an_abolished_one_back(proc_index, tmp_path):
    back = add(proc_index, "TEST.0020", "Thủ tục được công bố lại")
    back.status, back.abolished_decision_number = "abolished", "1/QĐ"
    back.save_revision().publish()
    decision = {
        "decision": {"CODE": "2751/QĐ-UBND.", "PUBLISHING_DATE": "02-12-2025", "ID": "115011"},
        "get_procedures_by_dp_id_service_v2": [
            {"MATTHC": "TEST.0021", "TENTTHC": "Thủ tục mới công bố", "MOTA": "Nội dung mới"},
            {"PROCEDURE_CODE": "TEST.0020", "PROCEDURE_NAME": "Thủ tục được công bố lại"},
        ],
    }
    output = run(write(tmp_path, decision))
    assert "Quyết định 2751/QĐ-UBND ngày 02/12/2025" in output
    assert ProcedurePage.objects.get(code="TEST.0021").live
    back.refresh_from_db()
    assert (back.status, back.abolished_decision_number, back.decision_id) == ("in_force", "", "115011")


def test_a_name_shared_by_two_procedures_is_reported_not_guessed(proc_index, tmp_path):
    add(proc_index, "TEST.0030", "Thủ tục trùng tên")
    add(proc_index, "TEST.0031", "Thủ tục trùng tên")
    output = run(write(tmp_path, [{"ID": "1", "PROCEDURE_NAME": "Thủ tục trùng tên"}]), "--list", "abolished")
    assert "2 thủ tục của trang khớp theo tên" in output
    assert set(ProcedurePage.objects.values_list("status", flat=True)) == {"in_force"}


@pytest.mark.parametrize(
    "payload, args, message",
    [
        ([{"ID": "1"}], [], "--list"),
        ({"decision": {}}, [], "new"),
        ({"error_code": 4, "result": []}, ["--list", "new"], "error_code 4"),
    ],
)
def test_bad_decision_files_get_a_clear_message(proc_index, tmp_path, payload, args, message):
    with pytest.raises(CommandError, match=message):
        run(write(tmp_path, payload), *args)


def test_the_portals_lists_are_fetched_and_applied(service, proc_index):  # noqa: F811
    page = add(proc_index, "TEST.0040", AMENDED_NAME)
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    seen = []

    def reply(body):
        seen.append(body)
        return 200, sample if body["service"] == "get_modified_procedures_by_dp_id_service_v2" else []

    for kind in decisions.LISTS:
        service.on(decisions.LIST_KEYS[kind][1], reply)
    with override_settings(CCHC_TTHC_SYNC_PORTAL_URL=service.url + "/jsp/rest.jsp", CCHC_TTHC_SYNC_RETRY_DELAY=0):
        output = run("--portal-id", "115010", "--number", "2751/QĐ-UBND")
    assert [b["service"] for b in seen] == [
        "get_procedures_by_dp_id_service_v2",
        "get_modified_procedures_by_dp_id_service_v2",
        "get_rescinded_procedures_by_dp_id_service_v2",
    ]
    assert seen[1]["id"] == "115010" and seen[1]["provider"] == "dvcquocgia"
    assert "Sửa đổi, bổ sung: 4 dòng, 1 khớp (1 thay đổi), 3 không khớp." in output
    page.refresh_from_db()
    assert page.status == "amended"
