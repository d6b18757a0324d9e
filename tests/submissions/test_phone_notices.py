"""Notices by text message: offered on the form only where the site has a sender, sent only to a
citizen who asked for them, carrying the tracking code and the link and nothing else; the Zalo
Notification Service sender tested against a local server replaying its replies, failures
included, none of which undoes the change or puts a number or the token in the log."""

import io
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail

from feedback.models import Submission
from feedback.notices.senders import ConsoleSender, PhoneNotice, PhoneSender
from feedback.submissions import workflow

from .conftest import receive, valid_post

TOKEN = "zns-token-bi-mat-123"
SENT = []  # what the recording sender was given


class RecordingSender(PhoneSender):
    def send(self, notice):
        SENT.append(notice)


@pytest.fixture
def recording(settings):
    settings.CCHC_FEEDBACK_PHONE_SENDER = f"{__name__}.RecordingSender"
    SENT.clear()
    yield SENT
    SENT.clear()


def post(client, page, **overrides):
    return client.post(page.url, valid_post(**overrides), HTTP_ACCEPT_LANGUAGE="vi")


def test_the_form_offers_text_notices_only_where_the_site_can_send_them(client, form_page, settings):
    assert "tin nhắn" not in client.get(form_page.url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    settings.CCHC_FEEDBACK_PHONE_SENDER = "feedback.notices.senders.ConsoleSender"
    page = client.get(form_page.url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'name="phone_notices"' in page and "tin nhắn (Zalo hoặc SMS)" in page
    assert "chỉ có mã số theo dõi và đường dẫn" in page


def test_asking_for_text_notices_without_a_number_is_refused_in_vietnamese(client, form_page, recording):
    response = post(client, form_page, phone="", phone_notices="on")
    assert response.status_code == 400
    assert "Nhập số điện thoại để nhận thông báo bằng tin nhắn." in response.content.decode()
    assert not Submission.objects.exists() and not recording


def test_a_citizen_who_gave_only_a_phone_gets_the_receipt_by_text_message(
    client, form_page, recording, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, form_page, email="", phone="0912 345 678", phone_notices="on")
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.phone_notices_at is not None  # the consent, with its time
    assert not mail.outbox
    (notice,) = recording
    assert (notice.notice, notice.code, notice.international_number) == ("received", submission.code, "84912345678")
    text = notice.text()
    assert text.startswith(f"Phản ánh {submission.code} đã được tiếp nhận.")
    assert text.endswith(form_page.full_url + "tra-cuu/")
    # Nothing the citizen wrote: the name, subject and content are not in it.
    for written in ("Nguyễn Văn An", "Thời gian cấp", "Tôi nộp hồ sơ", "Hòa Bình"):
        assert written not in text


def test_without_the_citizens_consent_no_text_message_is_sent(
    form_page, recording, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = receive(email="", phone="0912345678")
        workflow.accept(submission, moderator)
    assert not recording


def test_each_step_of_the_handling_is_a_notice_and_erasure_forgets_the_consent(
    form_page, recording, moderator, unit, django_capture_on_commit_callbacks
):
    from django.core.management import call_command
    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=True):
        submission = receive(phone_notices_at=timezone.now())
        workflow.accept(submission, moderator)
        workflow.assign(submission, moderator, unit)
        workflow.give_answer(submission, moderator, "Trả lời của Sở.")
    assert [n.notice for n in recording] == ["received", "accepted", "answered"]
    assert all(set(vars(n)) == {"phone", "notice", "code", "lookup_url"} for n in recording)
    Submission.objects.filter(pk=submission.pk).update(closed_at=timezone.now() - timezone.timedelta(days=9999))
    call_command("erase_feedback_personal_data", stdout=io.StringIO())
    submission.refresh_from_db()
    assert submission.phone == "" and submission.phone_notices_at is None


def test_the_console_sender_masks_the_number():
    out = io.StringIO()
    ConsoleSender(out).send(PhoneNotice("0912 345 678", "answered", "PA-2026-000001-ABCDEFGHJK", "https://x.vn/t/"))
    assert out.getvalue() == (
        "[text notice to *******678] Phản ánh PA-2026-000001-ABCDEFGHJK đã có trả lời. https://x.vn/t/\n"
    )


# --- Zalo Notification Service against a local server ------------------------------------------


class ZNS(BaseHTTPRequestHandler):
    """Replays ZNS replies: the next reply is (HTTP status, body, delay) from REPLIES."""

    replies, requests = [], []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        ZNS.requests.append((self.headers, json.loads(body)))  # header names: case-insensitive
        status, reply, delay = ZNS.replies.pop(0)
        time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(reply.encode() if isinstance(reply, str) else json.dumps(reply).encode())
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def zns_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), ZNS)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/message/template"
    server.shutdown()


@pytest.fixture
def zns(settings, zns_server):
    settings.CCHC_FEEDBACK_PHONE_SENDER = "feedback.notices.zalo.ZaloZNSSender"
    settings.CCHC_ZALO_ZNS_URL = zns_server
    settings.CCHC_ZALO_ZNS_ACCESS_TOKEN = TOKEN
    settings.CCHC_ZALO_ZNS_TEMPLATES = {"received": "301001", "accepted": "301002", "answered": "301003"}
    settings.CCHC_ZALO_ZNS_TIMEOUT = 0.5
    ZNS.replies.clear()
    ZNS.requests.clear()
    return ZNS


SUCCESS = {"error": 0, "message": "Success", "data": {"msg_id": "a1b2c3", "sent_time": "1764547200000"}}


def send_receipt(django_capture_on_commit_callbacks, caplog):
    with caplog.at_level(logging.INFO, logger="feedback"), django_capture_on_commit_callbacks(execute=True):
        return receive(email="", phone="+84 912.345.678", phone_notices_at="2026-12-01T08:00:00+07:00")


def test_zns_gets_the_template_the_code_and_the_link_only(form_page, zns, caplog, django_capture_on_commit_callbacks):
    zns.replies.append((200, SUCCESS, 0))
    submission = send_receipt(django_capture_on_commit_callbacks, caplog)
    ((headers, body),) = zns.requests
    assert headers["access_token"] == TOKEN and headers["Content-Type"] == "application/json"
    assert body == {
        "phone": "84912345678",
        "template_id": "301001",
        "template_data": {"tracking_code": submission.code, "lookup_url": form_page.full_url + "tra-cuu/"},
        "tracking_id": f"{submission.code}-received"[:48],
    }
    assert f"feedback {submission.code}: the received notice went out through ZNS (msg_id a1b2c3)" in caplog.text


@pytest.mark.parametrize(
    ("reply", "logged"),
    [
        ((200, {"error": -124, "message": "Access token không hợp lệ"}, 0), "error -124 (Access token không hợp lệ)"),
        ((200, {"error": -108, "message": "Số 84912345678 không hợp lệ"}, 0), "error -108 (Số … không hợp lệ)"),
        ((500, "<html>Internal Server Error</html>", 0), "ZNS answered HTTP 500"),
        ((200, "<html>maintenance</html>", 0), "not its JSON reply"),
        ((200, SUCCESS, 1.5), "could not be reached"),
    ],
    ids=["expired-token", "bad-number", "http-500", "not-json", "timeout"],
)
def test_a_failing_zns_is_logged_without_the_number_or_the_token_and_undoes_nothing(
    form_page, zns, caplog, django_capture_on_commit_callbacks, reply, logged
):
    zns.replies.append(reply)
    submission = send_receipt(django_capture_on_commit_callbacks, caplog)
    assert Submission.objects.filter(pk=submission.pk, status="received").exists()
    assert f"feedback {submission.code}: the received text notice was not sent" in caplog.text
    assert logged in caplog.text
    for secret in (TOKEN, "912345678", "912.345.678"):
        assert secret not in caplog.text


def test_a_notice_without_an_approved_template_is_not_sent(
    form_page, zns, moderator, caplog, django_capture_on_commit_callbacks
):
    zns.replies.append((200, SUCCESS, 0))
    submission = send_receipt(django_capture_on_commit_callbacks, caplog)
    with caplog.at_level(logging.INFO, logger="feedback"), django_capture_on_commit_callbacks(execute=True):
        workflow.reject(submission, moderator, "Không thuộc thẩm quyền.")
    assert len(zns.requests) == 1  # the receipt; no template for "rejected"
    assert "no ZNS template is set for the 'rejected' notice" in caplog.text
