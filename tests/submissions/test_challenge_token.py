"""The check question's token is good for one accepted submission: a question solved once cannot
be replayed. Correcting a mistake keeps it; a replay gets the form back with a new question and a
Vietnamese message; with the cache (Redis) down the form is still accepted, as the rate limit is."""

import re

import pytest
from django.core.cache import cache
from django.test import override_settings

from feedback.models import Submission

from ..broken_cache import UnreachableCache
from .conftest import valid_post

pytestmark = pytest.mark.usefixtures("clear_cache")

REPLAYED = "Câu hỏi kiểm tra này đã được dùng"


@pytest.fixture
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def post(client, page, data):
    return client.post(page.url, data, HTTP_ACCEPT_LANGUAGE="vi")


def solved(html):
    """(token, right answer) of the question on a form page."""
    question = re.search(r"(\d) \+ (\d)", html)
    token = re.search(r'name="challenge_token" value="([^"]+)"', html).group(1)
    return token, str(int(question.group(1)) + int(question.group(2)))


@override_settings(CCHC_FEEDBACK_CHALLENGE=True)
def test_a_solved_question_cannot_be_replayed(client, form_page):
    token, answer = solved(client.get(form_page.url).content.decode())
    assert post(client, form_page, valid_post(challenge_token=token, challenge_answer=answer)).status_code == 302
    replay = post(client, form_page, valid_post(challenge_token=token, challenge_answer=answer, subject="Lần hai"))
    assert replay.status_code == 400
    html = replay.content.decode()
    assert REPLAYED in html
    assert Submission.objects.count() == 1
    # The form comes back with a new question, which is accepted.
    new_token, new_answer = solved(html)
    assert new_token != token
    accepted = post(client, form_page, valid_post(challenge_token=new_token, challenge_answer=new_answer))
    assert accepted.status_code == 302 and Submission.objects.count() == 2


@override_settings(CCHC_FEEDBACK_CHALLENGE=True)
def test_correcting_a_mistake_keeps_the_question(client, form_page):
    token, answer = solved(client.get(form_page.url).content.decode())
    mistake = post(client, form_page, valid_post(challenge_token=token, challenge_answer=answer, content=""))
    assert mistake.status_code == 400 and REPLAYED not in mistake.content.decode()
    assert post(client, form_page, valid_post(challenge_token=token, challenge_answer=answer)).status_code == 302


@override_settings(CCHC_FEEDBACK_CHALLENGE=True)
def test_a_wrong_answer_gets_a_new_question(client, form_page):
    token, answer = solved(client.get(form_page.url).content.decode())
    wrong = post(client, form_page, valid_post(challenge_token=token, challenge_answer=str(int(answer) + 1)))
    assert wrong.status_code == 400
    html = wrong.content.decode()
    assert "không đúng" in html and re.search(r"(\d) \+ (\d)", html)


@override_settings(CCHC_FEEDBACK_CHALLENGE=True)
def test_the_form_is_accepted_while_the_cache_is_unreachable(client, form_page, monkeypatch):
    from cchc_pages.core import challenge

    token, answer = solved(client.get(form_page.url).content.decode())
    monkeypatch.setattr(challenge, "cache", UnreachableCache())
    assert post(client, form_page, valid_post(challenge_token=token, challenge_answer=answer)).status_code == 302
    assert Submission.objects.count() == 1
