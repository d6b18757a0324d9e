"""Demo polls: the seed-004 sidebar poll ("Bình chọn") and a one-stop-shop counter rating.

Idempotent: polls are found by their question, targets by their code, pages by their slug; votes
are added only to a poll that has none.
"""

import datetime
import secrets

from django.utils import timezone

from feedback.models import Ballot, BallotChoice, Poll, PollChoice, PollPage, RatingTarget

SIDEBAR_QUESTION = "Đánh giá thái độ tiếp công dân của cán bộ Một cửa"
SIDEBAR_ANSWERS = ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"]
# Demo votes per answer (seeded over the last weeks so the admin chart has a shape).
SIDEBAR_VOTES = [41, 63, 18, 7]
RATING_QUESTION = "Đánh giá mức độ hài lòng về cán bộ tiếp nhận hồ sơ tại Bộ phận Một cửa"
RATING_ANSWERS = ["Rất hài lòng", "Hài lòng", "Chưa hài lòng"]
TARGETS = [
    ("quay-1", RatingTarget.COUNTER, "Quầy số 1", "Lĩnh vực đất đai, xây dựng"),
    ("quay-2", RatingTarget.COUNTER, "Quầy số 2", "Lĩnh vực hộ tịch, chứng thực"),
    ("quay-3", RatingTarget.COUNTER, "Quầy số 3", "Lĩnh vực kinh doanh, đầu tư"),
]
# Ratings of counter 1 (enough to be published) and counter 2 (too few: kept unpublished).
RATING_VOTES = {"quay-1": [6, 3, 1], "quay-2": [2, 1, 0]}


def _poll(question, answers, **fields):
    poll = Poll.objects.filter(question=question).first()
    if poll is None:
        poll = Poll.objects.create(question=question, opens_at=timezone.now() - datetime.timedelta(days=60), **fields)
        for order, label in enumerate(answers):
            PollChoice.objects.create(poll=poll, label=label, sort_order=order)
    return poll


def _seed_votes(poll, per_choice, target=None):
    if poll.ballots.filter(target=target).exists():
        return 0
    now = timezone.now()
    n = 0
    for choice, votes in zip(poll.choices.all(), per_choice, strict=True):
        for i in range(votes):
            ballot = Ballot.objects.create(
                poll=poll,
                target=target,
                nonce="demo-" + secrets.token_hex(8),
                created_at=now - datetime.timedelta(days=(i * 7 + choice.pk) % 45, hours=i % 9),
            )
            BallotChoice.objects.create(ballot=ballot, choice=choice)
            n += 1
    return n


def load(command, home, site):
    sidebar = _poll(
        SIDEBAR_QUESTION,
        SIDEBAR_ANSWERS,
        description="Mời ông/bà cho biết mức độ hài lòng về thái độ tiếp công dân của cán bộ Bộ phận Một cửa.",
        show_in_sidebar=True,
    )
    votes = _seed_votes(sidebar, SIDEBAR_VOTES)
    rating = _poll(
        RATING_QUESTION,
        RATING_ANSWERS,
        description="Quét mã QR tại quầy để đánh giá cán bộ đã tiếp nhận hồ sơ của ông/bà.",
        results_visibility=Poll.VISIBLE_AFTER_VOTE,
    )
    targets = {}
    for code, kind, name, label in TARGETS:
        targets[code], _ = RatingTarget.objects.get_or_create(
            code=code, defaults=dict(kind=kind, name=name, label=label)
        )
    if set(rating.targets.all()) != set(targets.values()):
        rating.targets.add(*targets.values())
        rating.save()
    for code, per_choice in RATING_VOTES.items():
        votes += _seed_votes(rating, per_choice, targets[code])
    page = PollPage.objects.child_of(home).filter(slug="binh-chon").first()
    if page is None:
        page = home.add_child(
            instance=PollPage(
                title="Bình chọn",
                slug="binh-chon",
                intro="Ý kiến của người dân, doanh nghiệp là thước đo sự hài lòng đối với cơ quan hành chính nhà nước.",
                poll=sidebar,
                show_in_menus=True,
            )
        )
        page.save_revision().publish()
    command.stdout.write(f"Demo polls ready: 2 polls, {len(TARGETS)} counters, {votes} vote(s) added.")
