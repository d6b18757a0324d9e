"""What keeps a vote cheap under a burst: the poll read from the cache, totals recomputed at most
every few seconds, and the per-address limit counted in the cache."""

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.models import Ballot, PollChoice

from .test_polls import choice_ids, make_poll, token_for, totals, vote


def _statements(queries):
    return [q["sql"].split()[0].upper() for q in queries.captured_queries]


def test_a_vote_reads_nothing_from_the_database_once_the_poll_is_cached(client, db):
    poll = make_poll()
    first, second, _third = choice_ids(poll)
    token_for(Client(), poll)  # the first reader puts the poll in the cache
    with CaptureQueriesContext(connection) as token_queries:
        token = token_for(client, poll)
    assert token_queries.captured_queries == []
    vote(Client(), poll, [second])  # and the first vote the totals
    with CaptureQueriesContext(connection) as vote_queries:
        response = vote(client, poll, [first], token=token)
    assert response.status_code == 200
    statements = _statements(vote_queries)
    assert "SELECT" not in statements, vote_queries.captured_queries
    if connection.vendor == "postgresql":  # the ballot and its pick in one statement, one round trip
        (write,) = [q["sql"] for q in vote_queries.captured_queries if q["sql"].startswith("WITH")]
        assert write.count("INSERT INTO") == 2 and "INSERT" not in statements
    else:
        assert statements.count("INSERT") == 2  # the ballot and its pick
    assert "Tổng số: 2 phiếu" in response.json()["results_html"]


def test_an_editors_change_to_the_poll_takes_effect_at_once(client, db):
    poll = make_poll()
    first = choice_ids(poll)[0]
    assert vote(Client(), poll, [first]).status_code == 200  # poll now cached
    PollChoice.objects.create(poll=poll, label="Rất không hài lòng", sort_order=9)
    ballot = client.get(f"/cchc/binh-chon/{poll.pk}/")
    assert "Rất không hài lòng" in ballot.content.decode()
    poll.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    poll.save()
    refused = vote(client, poll, [first])
    assert refused.status_code == 403 and "đã kết thúc" in refused.json()["error"]
    assert totals(poll) == [1, 0, 0, 0]


def test_a_voter_always_sees_their_own_vote_while_the_shared_totals_lag(db, settings):
    settings.CCHC_POLL_RESULTS_CACHE_SECONDS = 60
    poll = make_poll()
    first, second, _third = choice_ids(poll)
    assert "Tổng số: 1 phiếu" in vote(Client(), poll, [first]).json()["results_html"]
    own = vote(Client(), poll, [second]).json()["results_html"]
    assert "Tổng số: 2 phiếu" in own  # counted before the cached totals caught up
    reader = Client().get(f"/cchc/binh-chon/{poll.pk}/ket-qua.json").json()
    assert reader["total"] == 1  # a bystander sees totals at most CCHC_POLL_RESULTS_CACHE_SECONDS old
    settings.CCHC_POLL_RESULTS_CACHE_SECONDS = 0
    exact = Client().get(f"/cchc/binh-chon/{poll.pk}/ket-qua.json").json()
    assert exact["total"] == 2 and [c["votes"] for c in exact["choices"]] == [1, 1, 0]


def test_a_refused_replay_does_not_use_up_the_addresss_allowance(db, settings):
    settings.CCHC_POLL_MAX_VOTES_PER_IP = 2
    poll = make_poll()
    first = choice_ids(poll)[0]
    browser = Client()
    token = token_for(browser, poll)
    assert vote(browser, poll, [first], token=token).status_code == 200
    assert vote(Client(), poll, [first], token=token).status_code == 409  # the same form sent again
    assert vote(Client(), poll, [first]).status_code == 200
    assert vote(Client(), poll, [first]).status_code == 429
    assert Ballot.objects.filter(poll=poll).count() == 2


def test_the_sidebar_poll_costs_no_query_once_cached_and_changes_at_once(client, home):
    poll = make_poll(show_in_sidebar=True)
    client.get(home.url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(home.url).content.decode()
    assert poll.question in html and "Rất hài lòng" in html
    assert not [q["sql"] for q in queries.captured_queries if "cchc_feedback_poll" in q["sql"]]
    poll.archived = True
    poll.save()
    assert poll.question not in client.get(home.url).content.decode()
    newer = make_poll("Bạn có hài lòng với dịch vụ công trực tuyến?", show_in_sidebar=True)
    assert newer.question in client.get(home.url).content.decode()
