"""Per-counter ratings below CCHC_POLL_MIN_PUBLISHED_VOTES stay hidden: no published number (the
results page, ket-qua.json) lets them be computed, e.g. by subtracting the published quarters from
the overall total (Poll.published_overall: the overall counts the published quarters only)."""

import datetime
import re
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from feedback.models import Ballot, BallotChoice, RatingTarget

from .test_polls import make_poll

MINIMUM = 5
Q1 = timezone.make_aware(datetime.datetime(2026, 2, 10, 9, 0))
Q2 = timezone.make_aware(datetime.datetime(2026, 5, 10, 9, 0))


@pytest.fixture(autouse=True)
def settings_for_suppression(settings):
    settings.CCHC_POLL_MIN_PUBLISHED_VOTES = MINIMUM
    settings.CCHC_POLL_RESULTS_CACHE_SECONDS = 0
    cache.clear()


def rating_poll():
    poll = make_poll("Đánh giá cán bộ tiếp nhận hồ sơ", ("Hài lòng", "Bình thường", "Chưa hài lòng"))
    targets = [RatingTarget.objects.create(code=f"quay-{i}", name=f"Quầy số {i}") for i in (1, 2, 3)]
    poll.targets.add(*targets)
    poll.save()  # a ParentalManyToManyField: saved with the poll
    return poll, targets


def cast(poll, target, when, picks):
    """Ballots for `target` at `when`: picks is a list of choice indexes, one ballot each."""
    choices = list(poll.choices.all())
    for index in picks:
        ballot = Ballot.objects.create(poll=poll, target=target, nonce=uuid.uuid4().hex, created_at=when)
        BallotChoice.objects.create(ballot=ballot, choice=choices[index])


def published(poll):
    """Every number citizens can read: the JSON, and the numbers of the results page's text."""
    client = Client()
    data = client.get(f"/cchc/binh-chon/{poll.pk}/ket-qua.json").json()
    html = client.get(f"/cchc/binh-chon/{poll.pk}/ket-qua/").content.decode()
    text = re.sub(r"<[^>]*>", " ", html)
    return data, re.findall(r"\d+(?:[.,]\d+)?", text)


# Mixes of quarters above and below the minimum: {target index: {quarter: picks}}.
MIXES = {
    "one hidden among published": {0: {Q2: [0] * 6}, 1: {Q2: [0, 1, 2, 2, 2]}, 2: {Q2: [2, 2, 2]}},
    "two hidden": {0: {Q2: [0] * 7}, 1: {Q2: [2]}, 2: {Q2: [1, 2]}},
    "hidden quarter of a published counter": {0: {Q1: [0] * 5, Q2: [2, 2]}, 1: {Q2: [1] * 5}},
    "all hidden": {0: {Q2: [0]}, 1: {Q2: [2, 2]}, 2: {Q2: [1]}},
}
# Other ballots in the same hidden quarters: published numbers must not change at all.
HIDDEN_VARIANT = [0, 0, 1, 1]


@pytest.mark.parametrize("mix", MIXES.values(), ids=MIXES.keys())
def test_hidden_quarters_change_no_published_number(db, mix):
    poll, targets = rating_poll()
    hidden = []
    for index, quarters in mix.items():
        for when, picks in quarters.items():
            cast(poll, targets[index], when, picks)
            if len(picks) < MINIMUM:
                hidden.append((targets[index], when))
    before = published(poll)
    # Replace every hidden quarter's ballots by others (a different count, different choices).
    for target, when in hidden:
        Ballot.objects.filter(poll=poll, target=target, created_at=when).delete()
        cast(poll, target, when, HIDDEN_VARIANT)
    after = published(poll)
    assert before == after
    # The overall is the sum of the published quarters, choice by choice.
    data = before[0]
    quarters = [q["results"] for t in data["targets"] for q in t["quarters"] if q["results"]]
    assert data["total"] == sum(r["total"] for r in quarters)
    for i, row in enumerate(data["choices"]):
        assert row["votes"] == sum(r["choices"][i]["votes"] for r in quarters)
    hidden_cells = [q for t in data["targets"] for q in t["quarters"] if not q["results"]]
    assert len(hidden_cells) == len(hidden) and all(q["total"] is None for q in hidden_cells)


def test_the_attackers_subtraction_finds_nothing(client, db):
    """Three ballots at one counter, under the minimum, were recovered as overall − the others."""
    poll, (first, second, third) = rating_poll()
    cast(poll, first, Q2, [0] * 6)
    cast(poll, second, Q2, [1] * 5)
    cast(poll, third, Q2, [2, 2, 2])
    data = client.get(f"/cchc/binh-chon/{poll.pk}/ket-qua.json").json()
    shown = {t["code"]: t["quarters"][0]["total"] for t in data["targets"]}
    assert shown == {"quay-1": 6, "quay-2": 5, "quay-3": None}
    assert data["total"] - shown["quay-1"] - shown["quay-2"] == 0
    assert [c["votes"] for c in data["choices"]] == [6, 5, 0]
    html = client.get(f"/cchc/binh-chon/{poll.pk}/ket-qua/").content.decode()
    assert "Chưa đủ số phiếu" in html and "chỉ tính các kết quả đánh giá đã công bố" in html
    assert re.search(r"Tổng\D*11\b", re.sub(r"<[^>]*>", " ", html))


def test_the_vote_response_shows_the_published_overall_only(db):
    poll, (first, second, _third) = rating_poll()
    cast(poll, first, timezone.now(), [0] * 6)
    voter = Client()
    token = voter.get(f"/cchc/binh-chon/{poll.pk}/token/").json()["token"]
    choice = poll.choices.all()[2].pk
    response = voter.post(
        f"/cchc/binh-chon/{poll.pk}/gui/",
        {"token": token, "choice": choice, "target": second.code},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    results = re.sub(r"<[^>]*>", " ", response.json()["results_html"])
    # quay-2's single vote (hidden) is not in the overall the voter is shown.
    assert re.search(r"\b6\b", results) and not re.search(r"\b7\b", results)
