"""No lost votes: 2,000 votes from 20 concurrent clients against the live server give exact totals.

Each vote is the full path a browser takes: GET a token, POST the ballot with it (the clients run in
a subprocess, see polls_load_client.py). Runs on SQLite
(a file with a 20 s busy timeout, see settings_test.py) and on PostgreSQL.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from feedback.models import Ballot, BallotChoice, Poll, PollChoice

CLIENTS = 20
VOTES_PER_CLIENT = 100
LOAD_CLIENT = Path(__file__).resolve().parent / "polls_load_client.py"


def test_two_thousand_concurrent_votes_are_all_counted(live_server, transactional_db, settings):
    settings.CCHC_POLL_MAX_VOTES_PER_IP = 0  # every vote comes from 127.0.0.1 here
    poll = Poll.objects.create(question="Đánh giá thái độ tiếp công dân", opens_at=timezone.now())
    choices = [
        PollChoice.objects.create(poll=poll, label=label, sort_order=i)
        for i, label in enumerate(["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"])
    ]
    args = [live_server.url, str(poll.pk), ",".join(str(c.pk) for c in choices), str(CLIENTS), str(VOTES_PER_CLIENT)]
    done = subprocess.run([sys.executable, str(LOAD_CLIENT), *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)

    total = CLIENTS * VOTES_PER_CLIENT
    assert report["statuses"] == {"303": total}
    assert Ballot.objects.filter(poll=poll).count() == total
    assert BallotChoice.objects.filter(ballot__poll=poll).count() == total
    results = poll.results()
    assert results["total"] == total
    assert [row["votes"] for row in results["choices"]] == [total // len(choices)] * len(choices)
    print(
        f"{total} votes from {CLIENTS} clients in {report['seconds']:.1f} s ({total / report['seconds']:.0f} votes/s)"
    )


@pytest.fixture(autouse=True)
def _restore_wagtail_base(django_db_blocker):
    """A transactional test empties the database; put back what Wagtail's migrations made."""
    yield
    from tests.wagtail_base import wagtail_base

    with django_db_blocker.unblock():
        wagtail_base()
