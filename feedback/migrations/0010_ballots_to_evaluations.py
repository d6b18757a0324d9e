"""The counter and officer rating ballots become one-stop evaluations (docs/one-stop-evaluation.md).

Every ballot cast for a counter or an officer gives one DossierEvaluation with the same target,
created_at (also its rated_at), hashed IP and nonce, and its dossier code when it had one (upper
case, without spaces; a code already taken by an earlier ballot is left empty, since a dossier is
evaluated once). The single answer becomes the staff-attitude indicator (indicator 7 of the Phụ lục
of TT 01/2018/TT-VPCP), the only one an "are you satisfied with the officer" answer speaks to: the
poll's answers in their order, best first, are spread over 2..0 points (three answers: 2, 1, 0; with
n answers, answer k from 0 gets round-half-up(2 * (n - 1 - k) / (n - 1))). The ballots themselves
stay. Reversing deletes the evaluations made here and nothing else.
"""

import math

from django.db import migrations

BATCH = 1000


def normalize(code):
    return "".join((code or "").split()).upper()[:64]


def points(position, n):
    if n < 2:
        return 2
    return math.floor(2 * (n - 1 - position) / (n - 1) + 0.5)


def forwards(apps, schema_editor):
    Ballot = apps.get_model("cchc_feedback", "Ballot")
    BallotChoice = apps.get_model("cchc_feedback", "BallotChoice")
    PollChoice = apps.get_model("cchc_feedback", "PollChoice")
    DossierEvaluation = apps.get_model("cchc_feedback", "DossierEvaluation")
    db = schema_editor.connection.alias

    positions, sizes = {}, {}
    for choice_id, poll_id in PollChoice.objects.using(db).order_by("poll_id", "sort_order", "pk").values_list(
        "pk", "poll_id"
    ):
        positions[choice_id] = sizes.get(poll_id, 0)
        sizes[poll_id] = positions[choice_id] + 1
    taken = set(DossierEvaluation.objects.using(db).exclude(dossier_code="").values_list("dossier_code", flat=True))
    done = set(DossierEvaluation.objects.using(db).exclude(from_ballot_id=None).values_list("from_ballot_id", flat=True))
    ballots = (
        Ballot.objects.using(db)
        .filter(target__isnull=False)
        .order_by("created_at", "pk")
        .values_list("pk", "poll_id", "target_id", "dossier_code", "nonce", "ip_hash", "created_at")
    )
    batch = []
    for row in ballots.iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) == BATCH:
            _convert(batch, BallotChoice, DossierEvaluation, db, positions, sizes, taken, done)
            batch = []
    if batch:
        _convert(batch, BallotChoice, DossierEvaluation, db, positions, sizes, taken, done)


def _convert(batch, BallotChoice, DossierEvaluation, db, positions, sizes, taken, done):
    best = {}
    picks = BallotChoice.objects.using(db).filter(ballot_id__in=[row[0] for row in batch])
    for ballot_id, choice_id in picks.values_list("ballot_id", "choice_id"):
        if choice_id in positions and (ballot_id not in best or positions[choice_id] < positions[best[ballot_id]]):
            best[ballot_id] = choice_id
    new = []
    for ballot_id, poll_id, target_id, dossier_code, nonce, ip_hash, created_at in batch:
        if ballot_id in done:
            continue
        code = normalize(dossier_code)
        if code in taken:
            code = ""
        elif code:
            taken.add(code)
        choice_id = best.get(ballot_id)
        attitude = points(positions[choice_id], sizes[poll_id]) if choice_id is not None else None
        new.append(
            DossierEvaluation(
                dossier_code=code,
                target_id=target_id,
                i7=attitude,
                rated_at=created_at,
                created_at=created_at,
                nonce=nonce,
                ip_hash=ip_hash,
                from_ballot_id=ballot_id,
            )
        )
    DossierEvaluation.objects.using(db).bulk_create(new)


def backwards(apps, schema_editor):
    DossierEvaluation = apps.get_model("cchc_feedback", "DossierEvaluation")
    DossierEvaluation.objects.using(schema_editor.connection.alias).exclude(from_ballot_id=None).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cchc_feedback", "0009_dossier_evaluation"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
