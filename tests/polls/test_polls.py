"""Polls and counter ratings: voting with tokens, one vote per person, bad input, results, admin
(the demo's polls: tests/demo/test_polls_demo.py)."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.models import Ballot, BallotChoice, Poll, PollChoice, PollPage, RatingTarget
from feedback.polls.blocks import PollBlock

ALREADY_VOTED = "Bạn đã bình chọn"


def make_poll(question="Đánh giá thái độ tiếp công dân", answers=("Rất hài lòng", "Hài lòng", "Không hài lòng"), **kw):
    kw.setdefault("opens_at", timezone.now() - datetime.timedelta(days=1))
    poll = Poll.objects.create(question=question, **kw)
    for i, label in enumerate(answers):
        PollChoice.objects.create(poll=poll, label=label, sort_order=i)
    return poll


@pytest.fixture
def poll(db):
    return make_poll(show_in_sidebar=True)


def token_for(client, poll):
    response = client.get(f"/cchc/binh-chon/{poll.pk}/token/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.json()["token"]


def vote(client, poll, choices, token=None, **extra):
    data = {"token": token_for(client, poll) if token is None else token, "choice": choices, **extra}
    return client.post(f"/cchc/binh-chon/{poll.pk}/gui/", data, HTTP_ACCEPT="application/json")


def choice_ids(poll):
    return [c.pk for c in poll.choices.all()]


def totals(poll):
    return [row["votes"] for row in poll.results()["choices"]]


# --- voting ------------------------------------------------------------------------------------


def test_vote_in_place_then_second_vote_refused(client, poll):
    first, second, _third = choice_ids(poll)
    response = vote(client, poll, [second])
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] and "Cảm ơn" in data["message"]
    assert "Hài lòng" in data["results_html"] and "100,0%" in data["results_html"]
    assert totals(poll) == [0, 1, 0]

    again = vote(client, poll, [first])
    assert again.status_code == 409
    assert ALREADY_VOTED in again.json()["error"]
    assert totals(poll) == [0, 1, 0]


def test_vote_without_javascript_goes_through_uncached_ballot_page(client, poll):
    _first, second, _third = choice_ids(poll)
    # The cached widget's plain form posts the answer (no token) to the ballot page...
    page = client.post(f"/cchc/binh-chon/{poll.pk}/", {"choice": second, "next": "/tin-tuc/"})
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert re.search(rf'value="{second}"\s+required checked', html)
    assert Ballot.objects.count() == 0
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    # ... which carries a fresh token; sending it records the vote and redirects to the results.
    response = client.post(f"/cchc/binh-chon/{poll.pk}/gui/", {"token": token, "choice": second, "next": "/tin-tuc/"})
    assert response.status_code == 303
    results = client.get(response["Location"])
    text = results.content.decode()
    assert "Cảm ơn" in text and "1 phiếu, 100,0%" in text and 'href="/tin-tuc/"' in text
    assert totals(poll) == [0, 1, 0]
    # The same browser is told it already voted, with a 4xx.
    refused = client.post(f"/cchc/binh-chon/{poll.pk}/gui/", {"token": token_for(client, poll), "choice": second})
    assert refused.status_code == 409 and ALREADY_VOTED in refused.content.decode()


def test_cached_widget_holds_no_token_or_voter_state(client, poll, home):
    html = client.get(home.url).content.decode()
    widget = re.search(r"<section class=\"widget cchc-poll\".*?</section>", html, re.S).group(0)
    assert poll.question in widget
    assert "csrfmiddlewaretoken" not in widget and 'name="token"' not in widget
    # After voting, the page a cache would store for everyone is byte-for-byte the same widget.
    vote(client, poll, [choice_ids(poll)[0]])
    widget_after = re.search(
        r"<section class=\"widget cchc-poll\".*?</section>", client.get(home.url).content.decode(), re.S
    )
    assert widget_after.group(0) == widget


BAD = "bad input"


@pytest.mark.parametrize(
    "case, status, message",
    [
        ("closed", 403, "đã kết thúc"),
        ("not_open", 403, "chưa mở"),
        ("archived", 403, "đã kết thúc"),
        ("other_poll_choice", 400, "không thuộc"),
        ("missing_token", 400, "tải lại trang"),
        ("forged_token", 403, "không hợp lệ"),
        ("other_poll_token", 403, "không thuộc"),
        ("expired_token", 403, "hết hạn"),
        ("non_numeric", 400, "không hợp lệ"),
        ("too_many", 400, "tối đa 1"),
        ("no_choice", 400, "Vui lòng chọn"),
        ("honeypot", 400, "không được chấp nhận"),
    ],
)
def test_bad_votes_are_refused_and_record_nothing(client, poll, settings, case, status, message):
    first, second, _third = choice_ids(poll)
    other = make_poll("Câu hỏi khác", ("A", "B"))
    data = {"choice": [first]}
    if case == "closed":
        Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    elif case == "not_open":
        Poll.objects.filter(pk=poll.pk).update(opens_at=timezone.now() + datetime.timedelta(days=1))
    elif case == "archived":
        Poll.objects.filter(pk=poll.pk).update(archived=True)
    elif case == "other_poll_choice":
        data["choice"] = [other.choices.first().pk]
    elif case == "missing_token":
        data["token"] = ""
    elif case == "forged_token":
        data["token"] = token_for(client, poll)[:-3] + "abc"
    elif case == "other_poll_token":
        data["token"] = token_for(client, other)
    elif case == "expired_token":
        settings.CCHC_POLL_TOKEN_MAX_AGE = -1
    elif case == "non_numeric":
        data["choice"] = ["1 OR 1=1"]
    elif case == "too_many":
        data["choice"] = [first, second]
    elif case == "no_choice":
        data["choice"] = []
    elif case == "honeypot":
        data["website"] = "http://spam.example"
    if "token" not in data:
        data["token"] = token_for(client, poll)
    response = client.post(f"/cchc/binh-chon/{poll.pk}/gui/", data, HTTP_ACCEPT="application/json")
    assert response.status_code == status
    assert message in response.json()["error"]
    assert Ballot.objects.count() == 0 and BallotChoice.objects.count() == 0
    # The plain-form variant gets the same refusal as a Vietnamese page.
    data["token"] = (
        token_for(client, poll) if case not in ("missing_token", "forged_token", "other_poll_token") else data["token"]
    )
    page = client.post(f"/cchc/binh-chon/{poll.pk}/gui/", data)
    assert page.status_code == status and message in page.content.decode()
    assert Ballot.objects.count() == 0


def test_replayed_token_is_refused_even_without_the_cookie(poll):
    first = choice_ids(poll)[0]
    voter = Client()
    token = token_for(voter, poll)
    assert vote(voter, poll, [first], token=token).status_code == 200
    replay = vote(Client(), poll, [first], token=token)  # a fresh browser: no cookie
    assert replay.status_code == 409 and "chỉ dùng được một lần" in replay.json()["error"]
    assert totals(poll) == [1, 0, 0]


def test_unknown_poll_is_404(client, db):
    assert client.post("/cchc/binh-chon/999/gui/", {"token": "x"}).status_code == 404
    assert client.get("/cchc/binh-chon/999/token/").status_code == 404


def test_per_ip_limit_counts_salted_hashes_only(poll, settings):
    settings.CCHC_POLL_MAX_VOTES_PER_IP = 2
    first = choice_ids(poll)[0]
    for _ in range(2):
        assert vote(Client(), poll, [first]).status_code == 200
    third = vote(Client(), poll, [first])
    assert third.status_code == 429 and ALREADY_VOTED in third.json()["error"]
    assert vote(Client(REMOTE_ADDR="10.0.0.9"), poll, [first]).status_code == 200
    hashes = set(Ballot.objects.values_list("ip_hash", flat=True))
    assert len(hashes) == 2 and "127.0.0.1" not in str(hashes) and all(len(h) == 64 for h in hashes)


def test_per_ip_limit_behind_a_proxy_reads_the_configured_header(poll, settings):
    settings.CCHC_POLL_MAX_VOTES_PER_IP = 1
    settings.CCHC_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    first = choice_ids(poll)[0]
    assert vote(Client(HTTP_X_REAL_IP="203.0.113.7"), poll, [first]).status_code == 200
    assert vote(Client(HTTP_X_REAL_IP="203.0.113.8"), poll, [first]).status_code == 200
    assert vote(Client(HTTP_X_REAL_IP="203.0.113.7"), poll, [first]).status_code == 429
    assert totals(poll) == [2, 0, 0]


def test_multiple_answers_up_to_the_maximum(client, db):
    poll = make_poll(
        "Lĩnh vực cần cải cách", ("Đất đai", "Hộ tịch", "Xây dựng", "Đầu tư"), multiple=True, max_choices=2
    )
    a, b, c, _d = choice_ids(poll)
    assert vote(client, poll, [a, b, c]).status_code == 400
    assert vote(client, poll, [a, c]).status_code == 200
    assert totals(poll) == [1, 0, 1, 0]
    assert poll.results()["total"] == 1


def test_challenge_question(client, poll, settings):
    settings.CCHC_POLL_CHALLENGE = True
    first = choice_ids(poll)[0]
    data = client.get(f"/cchc/binh-chon/{poll.pk}/token/").json()
    a, b = map(int, re.findall(r"\d+", data["challenge"]))
    wrong = vote(client, poll, [first], token=data["token"], answer=str(a + b + 1))
    assert wrong.status_code == 400 and "chưa đúng" in wrong.json()["error"]
    assert vote(client, poll, [first], token=data["token"], answer=str(a + b)).status_code == 200


def test_results_visibility_after_voting(client, db):
    poll = make_poll(results_visibility=Poll.VISIBLE_AFTER_VOTE)
    assert client.get(f"/cchc/binh-chon/{poll.pk}/ket-qua.json").status_code == 403
    vote(client, poll, [choice_ids(poll)[1]])
    data = client.get(f"/cchc/binh-chon/{poll.pk}/ket-qua.json").json()
    assert data["total"] == 1 and [c["votes"] for c in data["choices"]] == [0, 1, 0]
    assert data["choices"][1] == {"id": choice_ids(poll)[1], "label": "Hài lòng", "votes": 1, "percent": 100.0}
    editors_only = make_poll("Nội bộ", results_visibility=Poll.VISIBLE_EDITORS)
    assert client.get(f"/cchc/binh-chon/{editors_only.pk}/ket-qua.json").status_code == 403


# --- counter ratings --------------------------------------------------------------------------


@pytest.fixture
def rating(db):
    poll = make_poll("Đánh giá cán bộ tiếp nhận hồ sơ", ("Hài lòng", "Chưa hài lòng"))
    counter = RatingTarget.objects.create(code="quay-1", name="Quầy số 1", label="Lĩnh vực đất đai")
    officer = RatingTarget.objects.create(code="can-bo-lan", kind=RatingTarget.OFFICER, name="Nguyễn Thị Lan")
    poll.targets.add(counter, officer)
    poll.save()
    return poll


def test_rate_a_counter_by_its_short_address_with_a_dossier_code(client, rating, settings):
    settings.CCHC_POLL_MIN_PUBLISHED_VOTES = 3
    page = client.get("/cchc/danh-gia/quay-1/?ma-ho-so=000.00.17.H01-240101-0001")
    html = page.content.decode()
    assert page.status_code == 200 and "Quầy số 1" in html and "000.00.17.H01-240101-0001" in html
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    good = choice_ids(rating)[0]
    response = client.post(
        f"/cchc/binh-chon/{rating.pk}/gui/",
        {"token": token, "choice": good, "target": "quay-1", "dossier_code": "000.00.17.H01-240101-0001"},
    )
    assert response.status_code == 303
    ballot = Ballot.objects.get()
    assert ballot.target.code == "quay-1" and ballot.dossier_code == "000.00.17.H01-240101-0001"
    # The same browser may still rate another officer, not the same counter twice.
    assert vote(client, rating, [good], target="quay-1").status_code == 409
    assert vote(client, rating, [good], target="can-bo-lan").status_code == 200
    assert vote(Client(), rating, [good], target="khong-co").status_code == 400
    assert vote(Client(), rating, [good]).status_code == 400  # a rating needs its target
    for _ in range(2):
        assert vote(Client(), rating, [good], target="quay-1").status_code == 200
    # quay-1 has 3 votes this quarter: published; the officer's single vote is not.
    data = client.get(f"/cchc/binh-chon/{rating.pk}/ket-qua.json").json()
    by_code = {t["code"]: t["quarters"] for t in data["targets"]}
    assert by_code["quay-1"][0]["total"] == 3 and by_code["quay-1"][0]["results"]["choices"][0]["votes"] == 3
    assert by_code["can-bo-lan"][0]["results"] is None and by_code["can-bo-lan"][0]["total"] is None
    html = client.get(f"/cchc/binh-chon/{rating.pk}/ket-qua/").content.decode()
    assert "Chưa đủ số phiếu" in html


def test_printable_qr_sign(client, rating):
    response = client.get("/cchc/danh-gia/quay-1/ma-qr/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "http://testserver/cchc/danh-gia/quay-1/" in html and "Quầy số 1" in html
    assert client.get("/cchc/danh-gia/khong-co/ma-qr/").status_code == 404


# --- places to vote: sidebar tag, block, page -----------------------------------------------------


def test_sidebar_shows_the_open_poll_with_constant_queries(client, home, poll):
    client.get(home.url)
    with CaptureQueriesContext(connection) as once:
        html = client.get(home.url).content.decode()
    assert poll.question in html and "Rất hài lòng" in html
    make_poll(
        "Một cuộc bình chọn cũ",
        ("A", "B", "C", "D", "E"),
        show_in_sidebar=True,
        opens_at=timezone.now() - datetime.timedelta(days=30),
    )
    client.get(home.url)  # the new poll dropped the cached sidebar poll
    with CaptureQueriesContext(connection) as twice:
        client.get(home.url)
    assert len(twice) == len(once)


def test_widget_of_a_closed_poll_shows_no_form(client, home, poll):
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now())
    html = client.get(f"/cchc/binh-chon/{poll.pk}/ket-qua/").content.decode()
    assert "đã kết thúc" in html
    from django.template import Context, Template

    widget = Template("{% load cchc_polls %}{% cchc_poll poll %}").render(Context({"poll": Poll.objects.get()}))
    assert "đã kết thúc" in widget and "<form" not in widget and "Xem kết quả" in widget


def test_poll_block_and_poll_page(client, home, poll):
    html = PollBlock().render(PollBlock().to_python({"poll": str(poll.pk), "heading": "Ý kiến của bạn"}))
    assert "Ý kiến của bạn" in html and poll.question in html
    page = home.add_child(instance=PollPage(title="Bình chọn", poll=poll, intro="Mời bạn cho ý kiến"))
    page.save_revision().publish()
    assert page.slug == "binh-chon"
    response = client.get(page.url)
    assert response.status_code == 200 and "Mời bạn cho ý kiến" in response.content.decode()


# --- admin ------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("bientap", "b@example.invalid", "x")
    client.force_login(user)
    return client


def edit_form_data(poll, labels, delete=()):
    choices = list(poll.choices.all())
    data = {
        "question": poll.question,
        "description": poll.description,
        "max_choices": "",
        "opens_at": timezone.localtime(poll.opens_at).strftime("%Y-%m-%d %H:%M"),
        "closes_at": "",
        "results_visibility": poll.results_visibility,
        "choices-TOTAL_FORMS": str(len(labels)),
        "choices-INITIAL_FORMS": str(len(choices)),
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "1000",
    }
    for i, label in enumerate(labels):
        data[f"choices-{i}-label"] = label
        data[f"choices-{i}-ORDER"] = str(i + 1)
        if i < len(choices):
            data[f"choices-{i}-id"] = str(choices[i].pk)
        if i in delete:
            data[f"choices-{i}-DELETE"] = "1"
    return data


def test_answers_frozen_after_first_vote_but_can_be_added(admin_client, poll):
    url = f"/admin/cchc_feedback/poll/edit/{poll.pk}/"
    labels = [c.label for c in poll.choices.all()]
    # Before any vote an answer can be removed.
    response = admin_client.post(url, edit_form_data(poll, labels, delete={2}))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert poll.choices.count() == 2
    labels = labels[:2]
    vote(Client(), poll, [choice_ids(poll)[0]])
    refused = admin_client.post(url, edit_form_data(poll, labels, delete={1}))
    assert refused.status_code == 200 and "Không thể xoá phương án" in refused.content.decode()
    assert poll.choices.count() == 2
    reworded = admin_client.post(url, edit_form_data(poll, ["Rất tệ", labels[1]]))
    assert reworded.status_code == 200 and poll.choices.first().label == "Rất hài lòng"
    added = admin_client.post(url, edit_form_data(poll, [*labels, "Bình thường"]))
    assert added.status_code == 302
    assert [c.label for c in poll.choices.all()] == ["Rất hài lòng", "Hài lòng", "Bình thường"]
    assert totals(poll) == [1, 0, 0]


def test_admin_results_chart_and_csv_exports(admin_client, rating):
    good, bad = choice_ids(rating)
    vote(Client(), rating, [good], target="quay-1", dossier_code="HS-1")
    vote(Client(), rating, [bad], target="can-bo-lan")
    page = admin_client.get(f"/admin/cchc-polls/{rating.pk}/results/")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "<rect" in html and "Quầy số 1" in html
    assert admin_client.get(f"/admin/cchc-polls/{rating.pk}/results/?by=week").status_code == 200
    rows = list(
        csv.reader(
            io.StringIO(admin_client.get(f"/admin/cchc-polls/{rating.pk}/results.csv").content.decode("utf-8-sig"))
        )
    )
    assert ["Tất cả", "Tất cả", "Hài lòng", "1", "50.0", "2"] in rows
    assert any(row[0] == "quay-1" and row[2] == "Hài lòng" and row[3] == "1" for row in rows)
    log = admin_client.get(f"/admin/cchc-polls/{rating.pk}/ballots.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(log)))
    assert len(rows) == 3 and rows[1][2] == "quay-1" and rows[1][3] == "Hài lòng"
    assert rows[1][1].endswith(":00")
    ballot = Ballot.objects.first()
    assert ballot.ip_hash not in log and ballot.nonce not in log and "HS-1" not in log
    assert Client().get(f"/admin/cchc-polls/{rating.pk}/results.csv").status_code == 302  # login first


def test_what_has_votes_is_archived_not_deleted(admin_client, rating):
    vote(Client(), rating, [choice_ids(rating)[0]], target="quay-1")
    target = RatingTarget.objects.get(code="quay-1")
    response = admin_client.post(f"/admin/cchc_feedback/ratingtarget/delete/{target.pk}/", follow=True)
    assert "không thể xoá" in response.content.decode() and RatingTarget.objects.filter(pk=target.pk).exists()
    response = admin_client.post(f"/admin/cchc_feedback/poll/delete/{rating.pk}/", follow=True)
    assert "lưu trữ" in response.content.decode() and Ballot.objects.count() == 1
    unused = RatingTarget.objects.get(code="can-bo-lan")
    assert admin_client.post(f"/admin/cchc_feedback/ratingtarget/delete/{unused.pk}/").status_code == 302
    assert not RatingTarget.objects.filter(pk=unused.pk).exists()
    empty = make_poll("Chưa có phiếu")
    assert admin_client.post(f"/admin/cchc_feedback/poll/delete/{empty.pk}/").status_code == 302
    assert not Poll.objects.filter(pk=empty.pk).exists()


def test_admin_listing(admin_client, poll, rating):
    html = admin_client.get("/admin/cchc_feedback/poll/").content.decode()
    assert poll.question in html and f"/admin/cchc-polls/{poll.pk}/results/" in html
    html = admin_client.get("/admin/cchc_feedback/ratingtarget/").content.decode()
    assert "/cchc/danh-gia/quay-1/ma-qr/" in html


def test_a_poll_must_close_after_it_opens(db):
    from django.core.exceptions import ValidationError

    now = timezone.now()
    poll = Poll(question="Sai thời gian", opens_at=now, closes_at=now - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        poll.full_clean()
    assert "closes_at" in error.value.message_dict


# --- what another website may do -----------------------------------------------------------------

CROSS_SITE = "trang web khác"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
    ],
    ids=["fetch-metadata", "foreign-origin", "opaque-origin", "cross-site-despite-origin"],
)
def test_a_vote_sent_from_another_website_is_refused(client, poll, headers):
    """A third-party page that fetched a token itself cannot make its visitors vote."""
    first = choice_ids(poll)[0]
    data = {"token": token_for(client, poll), "choice": [first]}
    response = client.post(f"/cchc/binh-chon/{poll.pk}/gui/", data, HTTP_ACCEPT="application/json", **headers)
    assert response.status_code == 403 and CROSS_SITE in response.json()["error"]
    data = {"token": token_for(client, poll), "choice": [first]}
    page = client.post(f"/cchc/binh-chon/{poll.pk}/gui/", data, **headers)
    assert page.status_code == 403 and CROSS_SITE in page.content.decode()
    assert Ballot.objects.count() == 0


@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}, {"HTTP_SEC_FETCH_SITE": "none"}],
    ids=["old-browser", "same-origin", "typed-by-the-user"],
)
def test_a_vote_from_our_own_pages_or_an_old_browser_counts(client, poll, headers):
    data = {"token": token_for(client, poll), "choice": [choice_ids(poll)[0]]}
    assert (
        client.post(f"/cchc/binh-chon/{poll.pk}/gui/", data, HTTP_ACCEPT="application/json", **headers).status_code
        == 200
    )
    assert totals(poll) == [1, 0, 0]


def test_a_poll_not_open_yet_is_not_shown(admin_client, poll):
    Poll.objects.filter(pk=poll.pk).update(opens_at=timezone.now() + datetime.timedelta(days=1))
    client = Client()  # a citizen (admin_client above is this module's logged-in `client`)
    for url in (
        f"/cchc/binh-chon/{poll.pk}/",
        f"/cchc/binh-chon/{poll.pk}/ket-qua/",
        f"/cchc/binh-chon/{poll.pk}/ket-qua.json",
    ):
        response = client.get(url)
        assert response.status_code == 404 and poll.question not in response.content.decode()
    assert client.post(f"/cchc/binh-chon/{poll.pk}/", {"choice": choice_ids(poll)[:1]}).status_code == 404
    # Editors still preview it.
    assert poll.question in admin_client.get(f"/cchc/binh-chon/{poll.pk}/").content.decode()


def test_the_results_of_an_archived_poll_are_404_like_its_page(client, poll):
    poll.results_visibility = Poll.VISIBLE_ALWAYS
    poll.save()
    assert client.get(f"/cchc/binh-chon/{poll.pk}/ket-qua.json").status_code == 200
    poll.archived = True
    poll.save()
    for url in (f"/cchc/binh-chon/{poll.pk}/ket-qua/", f"/cchc/binh-chon/{poll.pk}/ket-qua.json"):
        response = client.get(url)
        assert response.status_code == 404 and poll.question not in response.content.decode()


def test_a_forged_address_header_sent_straight_to_the_app_server_does_not_escape_the_limit(poll, settings):
    settings.CCHC_POLL_MAX_VOTES_PER_IP = 2
    settings.CCHC_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.CCHC_TRUSTED_PROXIES = ["10.0.0.2"]
    first = choice_ids(poll)[0]
    answers = [
        vote(Client(REMOTE_ADDR="198.51.100.4", HTTP_X_REAL_IP=f"192.0.2.{n}"), poll, [first]).status_code
        for n in range(4)
    ]
    assert answers == [200, 200, 429, 429]
    # Through the trusted proxy, the header is the client's address.
    assert vote(Client(REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="192.0.2.1"), poll, [first]).status_code == 200
    assert totals(poll) == [3, 0, 0]


def test_ipv6_voters_are_counted_per_64(poll, settings):
    settings.CCHC_POLL_MAX_VOTES_PER_IP = 1
    first = choice_ids(poll)[0]
    assert vote(Client(REMOTE_ADDR="2001:db8:1:2::1"), poll, [first]).status_code == 200
    assert vote(Client(REMOTE_ADDR="2001:db8:1:2::abcd"), poll, [first]).status_code == 429
    assert vote(Client(REMOTE_ADDR="2001:db8:1:3::1"), poll, [first]).status_code == 200


@pytest.mark.parametrize(
    "over_https, session_cookie_secure, secure",
    [(True, False, True), (False, True, True), (False, False, False)],
)
def test_the_voted_cookie_is_secure_in_production_and_never_readable_by_scripts(
    poll, settings, over_https, session_cookie_secure, secure
):
    settings.SESSION_COOKIE_SECURE = session_cookie_secure
    client = Client()
    data = {"token": token_for(client, poll), "choice": choice_ids(poll)[:1]}
    response = client.post(f"/cchc/binh-chon/{poll.pk}/gui/", data, HTTP_ACCEPT="application/json", secure=over_https)
    assert response.status_code == 200
    cookie = response.cookies[f"cchc_poll_{poll.pk}"]
    assert bool(cookie["secure"]) is secure
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
