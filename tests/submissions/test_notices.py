"""The notices to a citizen go to an address typed on the form, never verified: they carry no text
the citizen supplied (so the department's sender cannot relay a phishing message), only the
tracking code, the status and the link to the look-up page."""

import pytest
from django.core import mail

from feedback.submissions import workflow

from .conftest import receive

HOSTILE_NAME = "Quý khách bấm https://evil.example/dang-nhap ngay"
HOSTILE_SUBJECT = "Tài khoản bị khóa, bấm https://evil.example/xac-minh để mở"
HOSTILE_CONTENT = "Gọi 1900 9999 hoặc vào evil.example để nhận tiền"
HOSTILE_ADDRESS = "phường Lừa Đảo, xem https://evil.example/"
HOSTILE = ("evil.example", "Quý khách bấm", "Tài khoản bị khóa", "1900 9999", "Lừa Đảo")


def hostile(**overrides):
    return receive(
        full_name=HOSTILE_NAME,
        subject=HOSTILE_SUBJECT,
        content=HOSTILE_CONTENT,
        address=HOSTILE_ADDRESS,
        email="victim@example.invalid",
        **overrides,
    )


@pytest.fixture
def notices(form_page, moderator, unit, django_capture_on_commit_callbacks):
    """Every kind of notice, each for a submission whose name, subject and content are hostile."""
    sent = {}
    with django_capture_on_commit_callbacks(execute=True):
        received = hostile()
    sent["received"] = (received, mail.outbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.accept(received, moderator)
    sent["accepted"] = (received, mail.outbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.assign(received, moderator, unit)
        workflow.give_answer(received, moderator, "Trả lời của Sở.")
    sent["answered"] = (received, mail.outbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        rejected = hostile()
        workflow.reject(rejected, moderator, "Không thuộc thẩm quyền.")
    sent["rejected"] = (rejected, mail.outbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        original, duplicate = hostile(), hostile()
        workflow.accept(original, moderator)
        workflow.merge(duplicate, moderator, original)
    sent["merged"] = (duplicate, mail.outbox[-1])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.give_answer(original, moderator, "Trả lời chung.")
    sent["answered-duplicate"] = (duplicate, mail.outbox[-1])
    return sent


def test_no_notice_quotes_what_the_citizen_wrote(notices):
    assert set(notices) == {"received", "accepted", "answered", "rejected", "merged", "answered-duplicate"}
    for kind, (_submission, message) in notices.items():
        assert message.to == ["victim@example.invalid"], kind
        for text in (message.subject, message.body):
            for word in HOSTILE:
                assert word not in text, (kind, word)
        # Nor the handling details, which the look-up shows to whoever has the code and contact.
        assert "Trả lời" not in message.body and "thẩm quyền" not in message.body, kind


def test_every_notice_has_the_code_the_status_and_the_lookup_link(notices, form_page):
    lookup = form_page.get_full_url() + "tra-cuu/"
    assert lookup.startswith("http")
    expected_status = {
        "received": "Đã tiếp nhận",
        "accepted": "Đã thụ lý",
        "answered": "Đã trả lời",
        "rejected": "Từ chối tiếp nhận",
        "merged": "Đã gộp với phản ánh khác",
        "answered-duplicate": "Đã gộp với phản ánh khác",
    }
    for kind, (submission, message) in notices.items():
        assert submission.code in message.subject and submission.code in message.body, kind
        assert lookup in message.body, kind
        assert f"Tình trạng: {expected_status[kind]}." in message.body, kind
        assert "Kính gửi Ông/Bà," in message.body


def test_a_notice_without_a_form_page_still_has_the_code(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = hostile()
    (message,) = mail.outbox
    assert item.code in message.body and "tra cứu" in message.body
    assert "evil.example" not in message.body
