"""The receipt and the look-up of a submission show dates one way (day first, 24-hour clock)
under Django's default LANGUAGE_CODE and formats, as everywhere in the apps (cchc_pages/dates.py)."""

import datetime
import re

import pytest
from django.core import mail
from django.test.utils import override_settings
from django.utils import timezone

from feedback.models import Submission, SubmissionEvent

from .conftest import valid_post

DATE = re.compile(r"\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b")


def shown_dates(html):
    return set(DATE.findall(re.sub(r"<[^>]*>", " ", html)))


@pytest.mark.parametrize("accept_language", ["", "en-US,en;q=0.9", "vi"])
@override_settings(LANGUAGE_CODE="en-us", FORMAT_MODULE_PATH=None)
def test_receipt_lookup_and_email_show_one_date_format(
    client, form_page, django_capture_on_commit_callbacks, accept_language
):
    data = valid_post(content="Hồ sơ nộp đã lâu mà chưa có kết quả.")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_page.url, data, HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    submission = Submission.objects.get()
    # The notice carries only the code, the status and the look-up link (workflow.notify): no date.
    assert submission.code in mail.outbox[0].body and shown_dates(mail.outbox[0].body) == set()

    # Dates whose day is past 12 tell day-first from month-first.
    received = timezone.make_aware(datetime.datetime(2026, 11, 13, 19, 5))
    Submission.objects.filter(pk=submission.pk).update(received_at=received, accept_due=datetime.date(2026, 11, 30))
    SubmissionEvent.objects.filter(submission=submission).update(at=received)
    receipt = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=accept_language).content.decode()
    assert submission.code in receipt and shown_dates(receipt) == {"30/11/2026"}

    found = client.post(
        form_page.url + "tra-cuu/",
        {"code": submission.code, "contact": "0912345678"},
        HTTP_ACCEPT_LANGUAGE=accept_language,
    )
    html = found.content.decode()
    assert found.status_code == 200 and submission.subject in html
    assert "13/11/2026 19:05" in html and "30/11/2026" in html
    assert shown_dates(html) == {"13/11/2026", "30/11/2026"}
    assert "p.m." not in html and 'datetime="2026-11-13T19:05:00+07:00"' in html
