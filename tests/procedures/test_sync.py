"""The sync client against a local HTTP server that replays the national service's replies (LGSP
envelope, the provincial proxies' JSON-in-"message" wrapping, error_code ≠ 0, refused credentials,
a record that does not come, a server that does not answer) and the sync_procedures command.

The records are LayThuTuc records as the spec gives them (numeric KENH and TRANGTHAI, level
objects, agency lists, fees inside THOIGIAN); codes and names are those of three real Bộ Tư pháp
procedures, the content abridged from their portal pages."""

import io
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from cchc_pages.models import ProcedurePage
from cchc_pages.procedures import sync

PASSWORD = "Mk-9f3e7c1a-bí-mật"
USERNAME = "canbo.sotuphap"
SESSION = "sess-4b1d0c9e8a7f6d5c4b3a"
TOKEN = "tok-77aa55cc33ee11"

CODES = ["1.000080", "1.000094", "1.000110"]
NAMES = {
    "1.000080": "Thủ tục đăng ký nhận cha, mẹ, con có yếu tố nước ngoài tại khu vực biên giới",
    "1.000094": "Thủ tục đăng ký kết hôn có yếu tố nước ngoài tại khu vực biên giới",
    "1.000110": "Thủ tục đăng ký khai sinh có yếu tố nước ngoài tại khu vực biên giới",
}


def lay_thu_tuc(code, **extra):
    record = {
        "ID": str(100 + CODES.index(code)) if code in CODES else "999",
        "MATTHC": code,
        "TENTTHC": NAMES.get(code, "Thủ tục thử"),
        "MACOQUANCONGBO": "000.00.00.G15",
        "IDQUYETDINHCONGBO": "98765",
        "MOTA": "",
        "TUKHOA": "",
        "LINHVUCTHUCHIEN": [{"MALINHVUC": "G15-HT", "TENLINHVUC": "Hộ tịch"}],
        "TRINHTUTHUCHIEN": [
            {
                "TRUONGHOP": "",
                "TRINHTU": [
                    {
                        "TENTRINHTU": "Nếu lựa chọn hình thức nộp hồ sơ trực tiếp, người yêu cầu nộp hồ sơ tại "
                        "Trung tâm phục vụ hành chính công có thẩm quyền."
                    }
                ],
            }
        ],
        "THANHPHANHOSO": [
            {
                "TRUONGHOP": "",
                "GIAYTO": [
                    {
                        "MAGIAYTO": "",
                        "TENGIAYTO": "Bản sao giấy tờ chứng minh nhân thân",
                        "TENMAUDON": "",
                        "SOBANCHINH": "0",
                        "SOBANSAO": "1",
                    }
                ],
            }
        ],
        "CANCUPHAPLY": [{"SOVANBAN": "04/2020/TT-BTP", "TENVANBAN": "Hướng dẫn Luật hộ tịch", "COQUANBANHANH": ""}],
        "TRANGTHAI": 1,
        "CAPTHUCHIEN": [{"CAPTHUCHIEN": 3, "TENCAP": "Cấp Xã"}],
        "COQUANTHUCHIEN": [{"MADONVI": "", "TENDONVI": "Ủy ban Nhân dân xã, phường, thị trấn."}],
        "CACHTHUCTHUCHIEN": [
            {
                "KENH": 2,
                "THOIGIAN": [
                    {
                        "THOIGIANGIAIQUYET": 7,
                        "DONVITINH": "Ngày làm việc",
                        "MOTA": "",
                        "PHILEPHI": [{"MAPHILEPHI": "", "SOTIEN": "Không", "DONVI": "Đồng", "MOTA": "Miễn phí"}],
                    }
                ],
            }
        ],
        "KETQUATHUCHIEN": [{"MAKETQUA": "KQ.G15.000033", "TENKETQUA": "Trích lục đăng ký nhận cha, mẹ, con"}],
    }
    record.update(extra)
    return record


class Replay:
    """What the local service answers: handler(service, body or query) -> (status, JSON-able)."""

    def __init__(self):
        self.routes = {}
        self.calls = []
        self.release = threading.Event()

    def on(self, service, reply):
        self.routes[service] = reply


@pytest.fixture
def service():
    replay = Replay()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self, service_name, params):
            replay.calls.append((service_name, params, {k.lower(): v for k, v in self.headers.items()}))
            reply = replay.routes.get(service_name)
            if reply is None:
                status, payload = 404, {"error": "no route"}
            else:
                status, payload = reply(params) if callable(reply) else reply
            if payload == "HANG":
                replay.release.wait(5)
                return
            body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                body = json.loads(parse_qs(raw.decode())["params"][0])  # the portal's rest.jsp
            else:
                body = json.loads(raw)
            name = "auth" if self.path.rstrip("/").endswith("/auth") else body.get("service")
            self._answer(name, body)

        def do_GET(self):
            parts = urlsplit(self.path)
            self._answer(parts.path.rsplit("/", 1)[-1], {k: v[0] for k, v in parse_qs(parts.query).items()})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    replay.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield replay
    replay.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def credentials(monkeypatch):
    monkeypatch.setenv("TTHC_SYNC_USERNAME", USERNAME)
    monkeypatch.setenv("TTHC_SYNC_PASSWORD", PASSWORD)
    monkeypatch.setenv("TTHC_SYNC_TOKEN", TOKEN)


def lgsp_settings(service, **extra):
    values = {
        "CCHC_TTHC_SYNC_URL": service.url + "/lgsp",
        "CCHC_TTHC_SYNC_AUTH_PATH": "auth",
        "CCHC_TTHC_SYNC_SHARE_PATH": "share",
        "CCHC_TTHC_SYNC_INTEGRATION_PATH": "integration",
        "CCHC_TTHC_SYNC_UNIT_CODE": "000.00.00.H18",
        "CCHC_TTHC_SYNC_DSTCODE": "VN:GOV:G22:DVCQG",
        "CCHC_TTHC_SYNC_TIMEOUT": 0.3,
        "CCHC_TTHC_SYNC_RETRIES": 1,
        "CCHC_TTHC_SYNC_RETRY_DELAY": 0,
    }
    values.update(extra)
    return override_settings(**values)


def lgsp_service(service, records=None, listed=None):
    records = {code: lay_thu_tuc(code) for code in CODES} if records is None else records
    listed = list(records) if listed is None else listed

    def auth(body):
        if body.get("username") == USERNAME and body.get("password") == PASSWORD:
            return 200, {"error_code": 0, "session": SESSION}
        return 200, {"error_code": 1, "message": "Sai tên đăng nhập hoặc mật khẩu"}

    def data(body):
        if body.get("session") != SESSION:
            return 200, {"error_code": 401, "message": "Phiên làm việc không hợp lệ"}
        if body["service"] == "LayDanhSachTTHC":
            return 200, {"error_code": 0, "result": [{"MATTHC": c, "TENTTHC": NAMES.get(c, "")} for c in listed]}
        reply = records.get(body.get("maTTHC"))
        if callable(reply):
            return reply(body)
        return 200, {"error_code": 0, "result": [reply] if reply else []}

    service.on("auth", auth)
    service.on("LayDanhSachTTHC", data)
    service.on("LayThuTuc", data)


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("sync_procedures", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def assert_no_secret(*texts):
    for text in texts:
        for secret in (PASSWORD, SESSION, TOKEN):
            assert secret not in text


# --- envelopes ------------------------------------------------------------------------------


def test_unwrap_reads_each_envelope_and_refuses_an_error_code():
    record = lay_thu_tuc("1.000080")
    assert sync.unwrap({"error_code": 0, "result": [record]}, "LayThuTuc") == [record]
    assert sync.unwrap({"error_code": "0", "result": [record]}, "LayThuTuc") == [record]
    wrapped = {"message": json.dumps({"error_code": 0, "result": [record]}, ensure_ascii=False)}
    assert sync.unwrap(wrapped, "LayThuTuc") == [record]
    assert sync.unwrap([record], "LayThuTuc") == [record]
    with pytest.raises(sync.ServiceError, match="error_code 3"):
        sync.unwrap({"error_code": 3, "message": "Không tìm thấy", "result": []}, "LayThuTuc")
    with pytest.raises(sync.ServiceError, match="error_code 7"):
        sync.unwrap({"message": json.dumps({"error_code": "7", "result": None})}, "LayThuTuc")
    with pytest.raises(sync.ServiceError):
        sync.unwrap({"message": "{not json"}, "LayThuTuc")


# --- an LGSP run ----------------------------------------------------------------------------


def test_lgsp_sync_authenticates_lists_fetches_and_imports(service, proc_index, credentials, client, caplog):
    lgsp_service(service)
    caplog.set_level(logging.DEBUG)
    with lgsp_settings(service):
        output = run_command()
    assert sorted(ProcedurePage.objects.values_list("code", flat=True)) == CODES
    page = ProcedurePage.objects.get(code="1.000110")
    assert page.name == NAMES["1.000110"] and page.live
    assert "3 thủ tục được liệt kê, 3 đã tải, 0 không tải được." in output
    names = [name for name, _params, _headers in service.calls]
    assert names == ["auth", "LayDanhSachTTHC", "LayThuTuc", "LayThuTuc", "LayThuTuc"]
    # spec §1.1: the session and the unit code in each data call, dstcode as a header
    _name, params, headers = service.calls[2]
    assert params == {"session": SESSION, "madonvi": "000.00.00.H18", "service": "LayThuTuc", "maTTHC": CODES[0]}
    assert headers["dstcode"] == "VN:GOV:G22:DVCQG" and headers["content-type"] == "application/json"
    assert page.level_commune and page.status == "in_force" and page.online_level == "online"
    html = client.get(page.url).content.decode()
    for text in (NAMES["1.000110"], "Ủy ban Nhân dân xã, phường, thị trấn.", "KQ.G15.000033", "Miễn phí"):
        assert text in html, text
    assert_no_secret(output, caplog.text)


def test_wrong_password_stops_the_run_and_says_so_without_the_password(service, proc_index, monkeypatch, caplog):
    lgsp_service(service)
    monkeypatch.setenv("TTHC_SYNC_USERNAME", USERNAME)
    monkeypatch.setenv("TTHC_SYNC_PASSWORD", PASSWORD + "-sai")
    caplog.set_level(logging.DEBUG)
    with lgsp_settings(service), pytest.raises(CommandError) as raised:
        run_command()
    message = str(raised.value)
    assert "Xác thực không thành công" in message and "error_code 1" in message
    assert ProcedurePage.objects.count() == 0
    assert [name for name, *_ in service.calls] == ["auth"]
    assert_no_secret(message, caplog.text, repr(raised.value.__cause__), repr(raised.value.__context__))
    assert PASSWORD + "-sai" not in message + caplog.text


def test_http_401_on_authentication_is_an_auth_error(service, proc_index, credentials):
    service.on("auth", (401, {"message": f"bad password {PASSWORD}"}))
    with lgsp_settings(service), pytest.raises(sync.AuthError) as raised:
        sync.sync(proc_index)
    assert "HTTP 401" in str(raised.value)
    assert_no_secret(str(raised.value))


def test_missing_credentials_are_named_by_their_variables(service, proc_index, monkeypatch):
    monkeypatch.delenv("TTHC_SYNC_PASSWORD", raising=False)
    lgsp_service(service)
    with lgsp_settings(service), pytest.raises(CommandError, match="CCHC_TTHC_SYNC_PASSWORD_ENV"):
        run_command()
    assert service.calls == []


def test_a_bad_record_among_good_ones_is_reported_and_the_good_ones_imported(service, proc_index, credentials):
    records = {code: lay_thu_tuc(code) for code in CODES}
    records["1.000094"] = lay_thu_tuc("1.000094", TENTTHC="")  # the importer refuses it
    records["2.000001"] = lambda body: (200, {"error_code": 5, "message": "Thủ tục không tồn tại"})
    records["2.000002"] = None  # empty result
    lgsp_service(service, records)
    with lgsp_settings(service):
        output = run_command()
    assert sorted(ProcedurePage.objects.values_list("code", flat=True)) == ["1.000080", "1.000110"]
    assert "2.000001" in output and "error_code 5" in output and "Thủ tục không tồn tại" in output
    assert "2.000002" in output
    assert "LayThuTuc 1.000094 (1.000094)" in output  # the importer's rejection, with where and why
    assert "5 thủ tục được liệt kê, 3 đã tải, 2 không tải được." in output


def test_a_service_that_does_not_answer_times_out_retries_and_goes_on(service, proc_index, credentials):
    records = {code: lay_thu_tuc(code) for code in CODES}
    records["1.000094"] = lambda body: (200, "HANG")
    lgsp_service(service, records)
    with lgsp_settings(service, CCHC_TTHC_SYNC_TIMEOUT=0.2, CCHC_TTHC_SYNC_RETRIES=1):
        report = sync.sync(proc_index)
    assert report.fetched == 2 and [code for code, _ in report.failed] == ["1.000094"]
    assert "0.2" in report.failed[0][1] and "2 lần" in report.failed[0][1]
    assert [p for n, p, _h in service.calls if n == "LayThuTuc"].count(
        {"session": SESSION, "madonvi": "000.00.00.H18", "service": "LayThuTuc", "maTTHC": "1.000094"}
    ) == 2
    assert sorted(report.imported.created) == ["1.000080", "1.000110"]


def test_list_failure_stops_the_run(service, proc_index, credentials):
    lgsp_service(service)
    service.on("LayDanhSachTTHC", (200, {"error_code": "2", "result": []}))
    with lgsp_settings(service), pytest.raises(CommandError, match="LayDanhSachTTHC.*error_code 2"):
        run_command()
    assert ProcedurePage.objects.count() == 0


def test_server_errors_are_retried_then_reported(service, proc_index, credentials):
    lgsp_service(service)
    attempts = []

    def flaky(body):
        attempts.append(1)
        if len(attempts) == 1:
            return 503, {"message": "busy"}
        return 200, {"error_code": 0, "result": [lay_thu_tuc(body["maTTHC"])]}

    service.on("LayThuTuc", flaky)
    with lgsp_settings(service):
        report = sync.sync(proc_index, codes=["1.000080"])
    assert report.failed == [] and report.imported.created == ["1.000080"]
    assert len(attempts) == 2


def test_codes_and_dry_run(service, proc_index, credentials):
    lgsp_service(service)
    with lgsp_settings(service):
        run_command("--codes", "1.000080")
        output = run_command("--codes", "1.000080, 1.000110", "--dry-run")
    assert list(ProcedurePage.objects.values_list("code", flat=True)) == ["1.000080"]
    assert "Chạy thử, không lưu gì: 1 mới, 1 đã có trên trang." in output
    assert "LayDanhSachTTHC" not in [name for name, *_ in service.calls]


def test_agency_filter_keeps_only_the_units_procedures(service, proc_index, credentials):
    records = {code: lay_thu_tuc(code) for code in CODES}
    records["1.000094"]["MACOQUANCONGBO"] = "000.00.00.G01"
    lgsp_service(service, records)
    with lgsp_settings(service, CCHC_TTHC_SYNC_AGENCY_CODES=["000.00.00.G15"]):
        report = sync.sync(proc_index)
    assert report.filtered_out == ["1.000094"]
    assert sorted(ProcedurePage.objects.values_list("code", flat=True)) == ["1.000080", "1.000110"]


# --- a provincial proxy -----------------------------------------------------------------------


def test_proxy_mode_unwraps_json_in_message_and_sends_the_bearer_token(service, proc_index, credentials, caplog):
    def wrapped(payload):
        return 200, {"message": json.dumps(payload, ensure_ascii=False)}

    service.on(
        "LayDanhSachTTHCDonVi",
        lambda q: wrapped({"error_code": 0, "result": [{"MATTHC": c} for c in CODES[:2]]}),
    )
    service.on(
        "LayThuTuc",
        lambda q: (
            wrapped({"error_code": 0, "result": [lay_thu_tuc(q["maTTHC"])]})
            if q["maTTHC"] == "1.000080"
            else wrapped({"error_code": -1, "message": f"token {TOKEN} hết hạn", "result": []})
        ),
    )
    caplog.set_level(logging.DEBUG)
    with lgsp_settings(service, CCHC_TTHC_SYNC_MODE="proxy", CCHC_TTHC_SYNC_URL=service.url + "/KetNoiMotCuaQuocGia/"):
        output = run_command()
    assert list(ProcedurePage.objects.values_list("code", flat=True)) == ["1.000080"]
    name, params, headers = service.calls[0]
    assert (name, params) == ("LayDanhSachTTHCDonVi", {"maDonVi": "000.00.00.H18"})
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert "1.000094" in output and "error_code -1" in output
    assert_no_secret(output, caplog.text)


def test_configuration_errors_are_clear(proc_index):
    with override_settings(CCHC_TTHC_SYNC_URL=""), pytest.raises(CommandError, match="CCHC_TTHC_SYNC_URL"):
        run_command()
    with override_settings(CCHC_TTHC_SYNC_URL="ftp://x"), pytest.raises(CommandError, match="http"):
        run_command()


def test_the_settings_never_show_credentials_in_a_repr(service, credentials):
    with lgsp_settings(service):
        client = sync.Client()
    assert_no_secret(repr(client), repr(client.settings))
    assert USERNAME not in repr(client.settings)


def test_a_procedure_abolished_by_decision_stays_abolished_when_the_service_still_serves_it(
    service, proc_index, credentials, client
):
    lgsp_service(service)
    with lgsp_settings(service):
        sync.sync(proc_index)
        page = ProcedurePage.objects.get(code="1.000094")
        page.status, page.abolished_decision_number = "abolished", "163/QĐ-BTP"
        page.save_revision().publish()
        report = sync.sync(proc_index)  # TRANGTHAI 1 in every record
    assert report.kept_abolished == ["1.000094"]
    page.refresh_from_db()
    assert page.status == "abolished" and page.abolished_decision_number == "163/QĐ-BTP"
    assert ProcedurePage.objects.get(code="1.000080").status == "in_force"
    assert "1.000094" in "\n".join(report.lines())
