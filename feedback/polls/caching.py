"""What a burst of voters reads, kept in the cache so that a vote costs its INSERTs and little more.

- Which poll the sidebar shows, on every page, is cached for SIDEBAR_SECONDS (or until an edit).

- The poll itself (with its answers and rated targets) is read by every token and every vote.
  It changes only when an editor saves it, so it is cached until then: saving or deleting a poll,
  an answer or a target drops it once the transaction commits. A vote reads the shared copy; a
  token, which only says whether the poll is open (the vote checks again), reads a copy kept in
  this process for TOKEN_POLL_SECONDS, so a burst of tokens costs no cache round trip.
- The totals shown to citizens are an aggregate over all ballots, whose cost grows with every
  vote. They are recomputed at most once per CCHC_POLL_RESULTS_CACHE_SECONDS, and a voter's own
  ballot is always counted in what they are shown, so nobody sees a total that misses their vote.
  Editors' reports and the per-counter ratings stay exact (they read the database).
- The results fragment a vote answers with is rendered once per distinct totals and kept in this
  process (results_html): during a burst many voters are shown the same totals.

With REDIS_URL the cache is shared by all app servers. If it is unreachable (django-redis with
IGNORE_EXCEPTIONS) every read is a miss and the same values come from the database.
"""

import functools
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from . import conf
from .models import Ballot, BallotChoice, Poll, PollChoice, RatingTarget, results_table

POLL_KEY = "cchc:poll:{}:definition"
RESULTS_KEY = "cchc:poll:{}:results"
SIDEBAR_KEY = "cchc:poll:sidebar"
POLL_SECONDS = 3600  # a safety net only: edits drop the entry at once
SIDEBAR_SECONDS = 60  # a poll whose opening time comes shows up in the sidebar within this
# How long a token's "open" may lag an editor's change made in another server process (this
# process's own edits drop the copy at once); votes always read the shared, exact copy.
TOKEN_POLL_SECONDS = 5
RESULTS_TEMPLATE = "feedback/polls/includes/results.html"

_token_polls = {}  # poll id -> (time.monotonic() deadline, poll); only polls that exist get in


def get_poll(poll_id):
    """The poll with its answers and targets prefetched, from the cache when it is there; 404 if none."""
    return get_poll_and_totals(poll_id)[0]


def get_poll_and_totals(poll_id):
    """(poll, cached totals or None) in one cache round trip: what a vote reads."""
    poll_key, results_key = POLL_KEY.format(int(poll_id)), RESULTS_KEY.format(int(poll_id))
    found = cache.get_many([poll_key, results_key])
    return _poll_from(poll_id, found.get(poll_key)), found.get(results_key)


def _poll_from(poll_id, cached):
    if cached is not None:
        return cached
    poll = get_object_or_404(Poll.objects.prefetch_related("choices", "targets"), pk=poll_id)
    cache.set(POLL_KEY.format(int(poll_id)), poll, POLL_SECONDS)
    return poll


def token_poll(poll_id):
    """The poll a vote token is issued for (404 if none), kept in this process for TOKEN_POLL_SECONDS.

    A token only names the poll and says whether it is open; the vote reads the shared copy and
    checks everything again, so a token needs no cache round trip of its own during a burst."""
    poll_id = int(poll_id)
    kept, now = _token_polls.get(poll_id), time.monotonic()
    if kept is not None and kept[0] > now:
        return kept[1]
    poll = _poll_from(poll_id, cache.get(POLL_KEY.format(poll_id)))
    _token_polls[poll_id] = (now + TOKEN_POLL_SECONDS, poll)
    return poll


def sidebar_poll():
    """The newest open poll ticked "show in the sidebar" (rating polls are voted at their desks), or None.

    Shown on every page, so which poll it is stays cached too: a page costs no query for it.
    """
    poll_id = cache.get(SIDEBAR_KEY)
    if poll_id is not None:
        poll = get_poll(poll_id) if poll_id else None
        if poll is None or poll.is_open():
            return poll
    now = timezone.now()
    poll_id = (
        Poll.objects.filter(show_in_sidebar=True, archived=False, opens_at__lte=now, targets__isnull=True)
        .exclude(closes_at__lte=now)
        .order_by("-opens_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    cache.set(SIDEBAR_KEY, poll_id or 0, SIDEBAR_SECONDS)
    return get_poll(poll_id) if poll_id else None


def forget_poll(poll_id):
    """Drop the cached poll now (this transaction's own reads) and again once it commits (until
    then other processes still read, and may re-cache, the old poll)."""
    if poll_id is None:
        return
    keys = [POLL_KEY.format(poll_id), RESULTS_KEY.format(poll_id), SIDEBAR_KEY]

    def forget():
        cache.delete_many(keys)
        _token_polls.pop(int(poll_id), None)
        _rendered_results.cache_clear()

    forget()
    transaction.on_commit(forget)


def forget_kept():
    """Drop what this process keeps of every poll: the tests call it whenever they clear the cache."""
    _token_polls.clear()
    _rendered_results.cache_clear()


def results(poll, own=None, own_choices=(), tally=None):
    """The poll's totals as Poll.results() gives them, at most CCHC_POLL_RESULTS_CACHE_SECONDS old.

    `own` is the ballot just cast and `own_choices` its PollChoices: when the cached totals were
    counted before it, it is added to the copy returned (not to the cache). `tally` is the cached
    totals when the caller already has them (get_poll_and_totals).
    """
    seconds = conf.get("CCHC_POLL_RESULTS_CACHE_SECONDS")
    if not seconds:
        return poll.results()
    key = RESULTS_KEY.format(poll.pk)
    tally = tally or cache.get(key)
    if tally is None:
        tally = count(poll)
        cache.set(key, tally, seconds)
    total, counts = tally["total"], dict(tally["counts"])
    if own is not None and own.pk > tally["upto"]:
        total += 1
        for choice in own_choices:
            counts[choice.pk] = counts.get(choice.pk, 0) + 1
    return results_table(poll.choices.all(), total, counts)


def results_html(poll, visible, results):
    """The results fragment of a vote's answer (includes/results.html), rendered once per distinct
    totals in this process: busy polls show the same totals to many voters between two recounts.

    Kept by what the template reads (the poll, its visibility setting, the totals and each answer's
    label, votes and percent) and the active language; an edit of the poll drops what is kept."""
    if visible and results:
        rows = tuple((row["id"], row["label"], row["votes"], row["percent"]) for row in results["choices"])
        return _rendered_results(get_language(), poll, "", results["total"], rows)
    return _rendered_results(get_language(), poll, poll.results_visibility, None, None)


@functools.lru_cache(maxsize=256)
def _rendered_results(language, poll, visibility, total, rows):
    results = None
    if rows is not None:
        keys = ("id", "label", "votes", "percent")
        results = {"total": total, "choices": [dict(zip(keys, row, strict=True)) for row in rows]}
    # No request: the fragment shows only the poll and its totals, so no context processor runs.
    return render_to_string(RESULTS_TEMPLATE, {"poll": poll, "results_visible": rows is not None, "results": results})


def published_results(poll):
    """What citizens may read of a poll's results, for the JSON view and the open-data API: the
    totals and, for a rating poll, each target's quarters (None where a quarter is below the
    minimum, whose results are not published)."""
    if not poll.is_rating:
        return results(poll)
    target_results = poll.target_results()
    data = poll.published_overall(target_results)
    data["targets"] = [
        {
            "code": target.code,
            "name": target.name,
            "label": target.label,
            "quarters": [{"quarter": q, "total": n if r else None, "results": r} for q, n, r in cells],
        }
        for target, cells in target_results
    ]
    return data


def count(poll):
    """{"upto": last ballot id counted, "total": ballots, "counts": {choice id: picks}} in two queries.

    The last id and the total come from one statement, so they describe the same ballots; the
    picks are then counted up to that id."""
    found = Ballot.objects.filter(poll=poll).aggregate(upto=Max("pk"), total=Count("pk"))
    upto = found["upto"] or 0
    counts = dict(
        BallotChoice.objects.filter(ballot__poll=poll, ballot_id__lte=upto)
        .values_list("choice_id")
        .annotate(n=Count("pk"))
        .values_list("choice_id", "n")
    )
    return {"upto": upto, "total": found["total"], "counts": counts}


def _poll_saved(sender, instance, **kwargs):
    forget_poll(instance.pk)


def _child_saved(sender, instance, **kwargs):
    forget_poll(instance.poll_id)


def _target_saved(sender, instance, **kwargs):
    for poll_id in instance.polls.values_list("pk", flat=True):
        forget_poll(poll_id)


def _targets_changed(sender, instance, action, pk_set=None, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Poll):
        forget_poll(instance.pk)
    else:
        for poll_id in pk_set or ():
            forget_poll(poll_id)


def connect_signals():
    """Called from the app's ready(): every edit of a poll, an answer or a target drops the cached poll."""
    post_save.connect(_poll_saved, sender=Poll, dispatch_uid="cchc_poll_saved")
    post_delete.connect(_poll_saved, sender=Poll, dispatch_uid="cchc_poll_deleted")
    post_save.connect(_child_saved, sender=PollChoice, dispatch_uid="cchc_pollchoice_saved")
    post_delete.connect(_child_saved, sender=PollChoice, dispatch_uid="cchc_pollchoice_deleted")
    post_save.connect(_target_saved, sender=RatingTarget, dispatch_uid="cchc_target_saved")
    pre_delete.connect(_target_saved, sender=RatingTarget, dispatch_uid="cchc_target_deleted")  # its polls, while known
    m2m_changed.connect(_targets_changed, sender=Poll.targets.through, dispatch_uid="cchc_poll_targets_changed")
