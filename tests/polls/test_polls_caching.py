"""What keeps a vote cheap under a burst: the poll read from the cache, totals recomputed at most
every few seconds, and the per-address limit counted in the cache."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.models import Ballot, Poll, PollChoice
from feedback.polls import caching

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


def _cache_calls(monkeypatch):
    """The cache operations made from here on, by name: each one a round trip to Redis (the local
    memory cache's get_many calls its own get, which is not counted again)."""
    calls, depth = [], []
    for name in ("get", "get_many", "set", "set_many", "add", "incr", "decr", "delete", "delete_many"):
        original = getattr(cache, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            if not depth:
                calls.append(_name)
            depth.append(_name)
            try:
                return _original(*args, **kwargs)
            finally:
                depth.pop()

        monkeypatch.setattr(cache, name, counted)
    return calls


def test_a_vote_costs_two_cache_round_trips_and_its_token_none(db, monkeypatch):
    poll = make_poll()
    first, second, _third = choice_ids(poll)
    vote(Client(REMOTE_ADDR="192.0.2.1"), poll, [second])  # the poll and its totals are now kept
    client = Client(REMOTE_ADDR="192.0.2.2")  # an address voting for the first time
    calls = _cache_calls(monkeypatch)
    token = token_for(client, poll)
    assert calls == []  # the token reads this process's copy of the poll
    response = vote(client, poll, [first], token=token)
    assert response.status_code == 200 and "Tổng số: 2 phiếu" in response.json()["results_html"]
    assert calls == ["get_many", "add"]  # the poll with its totals, then the address's count
    assert totals(poll) == [1, 1, 0]


def test_a_token_is_refused_at_the_vote_when_another_server_closed_the_poll(client, db):
    poll = make_poll()
    first = choice_ids(poll)[0]
    assert client.get(f"/cchc/binh-chon/{poll.pk}/token/").json()["open"] is True
    # Another app server's editor closes the poll: its commit drops the shared copy, not this process's.
    Poll.objects.filter(pk=poll.pk).update(archived=True)
    cache.delete(caching.POLL_KEY.format(poll.pk))
    token = client.get(f"/cchc/binh-chon/{poll.pk}/token/").json()
    assert token["open"] is True  # this process's copy, at most TOKEN_POLL_SECONDS old
    refused = vote(client, poll, [first], token=token["token"])
    assert refused.status_code == 403 and "đã kết thúc" in refused.json()["error"]
    assert Ballot.objects.filter(poll=poll).count() == 0


def test_an_edit_in_this_process_reaches_the_token_at_once(client, db):
    poll = make_poll()
    assert client.get(f"/cchc/binh-chon/{poll.pk}/token/").json()["open"] is True
    poll.archived = True
    poll.save()
    assert client.get(f"/cchc/binh-chon/{poll.pk}/token/").json()["open"] is False
    assert client.get("/cchc/binh-chon/999999/token/").status_code == 404


def test_voters_shown_the_same_totals_get_one_rendering(db, settings):
    settings.CCHC_POLL_RESULTS_CACHE_SECONDS = 60
    poll = make_poll()
    first, second, _third = choice_ids(poll)
    vote(Client(), poll, [first])  # the totals are counted here and kept for a minute
    rendered = []
    template_rendered.connect(
        lambda sender, template, **kw: rendered.append(template.name), weak=False, dispatch_uid="t"
    )
    try:
        own = vote(Client(), poll, [second]).json()["results_html"]
        same = vote(Client(), poll, [second]).json()["results_html"]
        other = vote(Client(), poll, [first]).json()["results_html"]
    finally:
        template_rendered.disconnect(dispatch_uid="t")
    # Each voter sees the kept totals plus their own ballot: the two second-answer voters the same.
    assert "Tổng số: 2 phiếu" in own and same == own and "1 phiếu, 50,0%" in own
    assert "Tổng số: 2 phiếu" in other and "2 phiếu, 100,0%" in other
    assert rendered.count(caching.RESULTS_TEMPLATE) == 2  # own and other; same was kept
    assert totals(poll) == [2, 2, 0]
    PollChoice.objects.filter(poll=poll, label="Hài lòng").update(label="Khá hài lòng")
    poll.save()  # an editor's save drops the kept fragments with the poll
    assert "Khá hài lòng" in vote(Client(), poll, [second]).json()["results_html"]
