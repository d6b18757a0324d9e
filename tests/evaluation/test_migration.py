"""Migration 0010: the counter and officer rating ballots become one-stop evaluations, and back."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("cchc_feedback", "0009_dossier_evaluation")]
AFTER = [("cchc_feedback", "0010_ballots_to_evaluations")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_every_rating_ballot_becomes_an_evaluation():
    apps = migrate(BEFORE)
    Poll = apps.get_model("cchc_feedback", "Poll")
    PollChoice = apps.get_model("cchc_feedback", "PollChoice")
    RatingTarget = apps.get_model("cchc_feedback", "RatingTarget")
    Ballot = apps.get_model("cchc_feedback", "Ballot")
    BallotChoice = apps.get_model("cchc_feedback", "BallotChoice")
    poll = Poll.objects.create(question="Đánh giá cán bộ Một cửa", opens_at=timezone.now())
    choices = [
        PollChoice.objects.create(poll=poll, label=label, sort_order=k)
        for k, label in enumerate(["Rất hài lòng", "Hài lòng", "Chưa hài lòng"])
    ]
    four = Poll.objects.create(question="Bốn mức", opens_at=timezone.now())
    fours = [PollChoice.objects.create(poll=four, label=str(k), sort_order=k) for k in range(4)]
    counter = RatingTarget.objects.create(code="quay-1", name="Quầy số 1")
    officer = RatingTarget.objects.create(code="can-bo-an", name="Nguyễn Văn An", kind="officer")
    when = timezone.make_aware(datetime.datetime(2025, 11, 3, 9, 30))
    made = []
    for k, (target, choice, code) in enumerate(
        [
            (counter, choices[0], "h40.22-0001"),
            (counter, choices[1], ""),
            (officer, choices[2], " H40.22-0001 "),  # the same dossier again: kept, without its code
            (officer, fours[1], ""),
            (officer, fours[2], ""),
            (counter, None, "HS-9"),  # a ballot without a pick (answer since removed)
        ]
    ):
        ballot = Ballot.objects.create(
            poll=poll if choice is None or choice.poll_id == poll.pk else four,
            target=target,
            dossier_code=code,
            nonce=f"n{k}",
            ip_hash="h" * 64,
            created_at=when + datetime.timedelta(days=k),
        )
        if choice is not None:
            BallotChoice.objects.create(ballot=ballot, choice=choice)
        made.append(ballot)
    untargeted = Ballot.objects.create(poll=poll, nonce="sidebar", created_at=when)
    BallotChoice.objects.create(ballot=untargeted, choice=choices[0])

    apps = migrate(AFTER)
    DossierEvaluation = apps.get_model("cchc_feedback", "DossierEvaluation")
    rows = {e.from_ballot_id: e for e in DossierEvaluation.objects.all()}
    assert set(rows) == {b.pk for b in made}  # every rating ballot, not the sidebar poll's
    got = [(rows[b.pk].target_id, rows[b.pk].i7, rows[b.pk].dossier_code) for b in made]
    assert got == [
        (counter.pk, 2, "H40.22-0001"),
        (counter.pk, 1, ""),
        (officer.pk, 0, ""),
        (officer.pk, 1, ""),  # four answers: 2, 1, 1, 0
        (officer.pk, 1, ""),
        (counter.pk, None, "HS-9"),
    ]
    for ballot in made:
        evaluation = rows[ballot.pk]
        assert evaluation.created_at == evaluation.rated_at == ballot.created_at
        assert evaluation.ip_hash == ballot.ip_hash and evaluation.i1 is None
    assert apps.get_model("cchc_feedback", "Ballot").objects.count() == 7  # the ballots stay

    apps = migrate(BEFORE)  # reversible: the evaluations made from ballots go, the ballots stay
    assert apps.get_model("cchc_feedback", "DossierEvaluation").objects.count() == 0
    assert apps.get_model("cchc_feedback", "Ballot").objects.count() == 7
    migrate(executor_leaf())


def executor_leaf():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
