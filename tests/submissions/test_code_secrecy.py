"""The tracking code is the citizen's secret: no public page reveals it, nor lets it be extracted
by searching, and the look-up cannot be used to guess a contact for a known code."""

import importlib
import re

import pytest
from django.core.cache import cache

from feedback.models import Submission
from feedback.submissions import workflow
from feedback.submissions.models import CODE_ALPHABET

from .conftest import receive


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def lookup(client, page, code, contact, address="203.0.113.7"):
    return client.post(
        page.url + "tra-cuu/", {"code": code, "contact": contact}, HTTP_ACCEPT_LANGUAGE="vi", REMOTE_ADDR=address
    )


def published_submission(moderator):
    item = receive()
    workflow.accept(item, moderator)
    workflow.give_answer(item, moderator, "Hồ sơ đã được giải quyết.")
    workflow.publish(item, moderator)
    item.refresh_from_db()
    return item


def test_the_public_search_does_not_match_the_tracking_code(client, answers_page, moderator):
    item = published_submission(moderator)
    # What the attacker did: a prefix of the code with one more character matches, another not.
    for query in (item.code, item.code.lower(), item.code[:-1], item.code.split("-")[-1], "pa-2026"):
        page = client.get(answers_page.url, {"q": query})
        assert page.status_code == 200
        assert list(page.context["items"]) == [], query
    # The question itself is still found by its words.
    assert list(client.get(answers_page.url, {"q": "giay chung nhan"}).context["items"]) == [item]


def test_no_public_page_shows_or_links_the_code(client, answers_page, moderator):
    item = published_submission(moderator)
    listing = client.get(answers_page.url)
    detail = client.get(answers_page.url + f"{item.pk}/")
    assert detail.status_code == 200 and item.subject in detail.content.decode()
    random_part = item.code.rsplit("-", 1)[1]
    for response in (listing, detail):
        html = response.content.decode()
        assert item.code not in html and random_part not in html
        assert item.code.lower() not in html.lower()
    links = re.findall(r'href="([^"]+)"', listing.content.decode())
    assert answers_page.url + f"{item.pk}/" in links
    assert not [link for link in links if random_part.lower() in link.lower()]


def test_new_codes_have_a_long_random_part(db):
    codes = {receive().code for _i in range(3)}
    for code in codes:
        prefix, random_part = code.rsplit("-", 1)
        assert re.fullmatch(r"PA-\d{4}-\d{6}", prefix), code
        assert len(random_part) == 10 and set(random_part) <= set(CODE_ALPHABET), code
    assert len(codes) == 3


def test_codes_issued_earlier_keep_working(client, form_page, db):
    old = receive()
    Submission.objects.filter(pk=old.pk).update(code="PA-2025-000007-K7QX")
    found = lookup(client, form_page, "pa-2025-000007-k7qx", "0912345678")
    assert found.status_code == 200 and "PA-2025-000007-K7QX" in found.content.decode()


def test_the_migration_drops_codes_from_the_search_text_and_keeps_the_codes(db):
    item = receive()
    Submission.objects.filter(pk=item.pk).update(
        code="PA-2025-000007-K7QX", folded_text="pa-2025-000007-k7qx thoi gian cap giay"
    )
    migration = importlib.import_module("feedback.migrations.0005_folded_text_without_code")
    from django.apps import apps

    migration.drop_codes(apps, None)
    item.refresh_from_db()
    assert item.code == "PA-2025-000007-K7QX"
    assert item.folded_text == "thoi gian cap giay"


def test_a_code_is_locked_after_five_wrong_contacts(client, form_page, submission, settings):
    settings.CCHC_FEEDBACK_LOOKUP_RATE_LIMIT = 1000
    # Five guesses, each from another address: the per-address limit alone would not stop them.
    for i in range(5):
        assert lookup(client, form_page, submission.code, f"09000000{i:02d}", f"203.0.113.{i}").status_code == 404
    locked = lookup(client, form_page, submission.code.lower(), "0912345678", "198.51.100.9")
    text = locked.content.decode()
    assert locked.status_code == 429 and "tạm thời bị khóa" in text
    assert submission.subject not in text and "Lịch sử" not in text
    # Other codes are not locked.
    other = receive()
    assert lookup(client, form_page, other.code, "0912345678", "198.51.100.9").status_code == 200


def test_the_lock_ends_after_its_time_and_says_nothing_about_existing_codes(client, form_page, submission, settings):
    settings.CCHC_FEEDBACK_LOOKUP_RATE_LIMIT = 1000
    settings.CCHC_FEEDBACK_LOOKUP_CODE_FAILURES = 2
    made_up = "PA-2026-000999-ABCDEFGHJK"
    for code in (submission.code, made_up):
        for i in range(2):
            assert lookup(client, form_page, code, f"09000000{i:02d}").status_code == 404
        assert lookup(client, form_page, code, "0912345678").status_code == 429
    # The right contact before the limit does not count as a failure.
    cache.clear()  # the lock's time has passed
    assert lookup(client, form_page, submission.code, "0900000000").status_code == 404
    assert lookup(client, form_page, submission.code, "0912345678").status_code == 200
    assert lookup(client, form_page, submission.code, "0912345678").status_code == 200
    # No tracking code is kept in the cache keys.
    keys = getattr(cache, "_cache", {}).keys()
    assert not [k for k in keys if submission.code.lower() in str(k).lower()]
