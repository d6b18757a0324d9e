"""The one-stop evaluation of TT 01/2018/TT-VPCP: a citizen rates a dossier, the one-stop shop
records the dossier's own indicators, roll-ups are published from the minimum count only."""

import csv
import datetime
import io
import itertools
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cchc_pages.models import OrganisationUnit
from feedback.evaluation import indicators, scoring
from feedback.models import DossierEvaluation, Poll, RatingTarget

FORM = "/cchc/danh-gia-ho-so/"
SUBMIT = "/cchc/danh-gia-ho-so/gui/"
RESULTS = "/cchc/danh-gia-ho-so/ket-qua/"
CITIZEN_ANSWERS = {"i3": "2", "i4": "1", "i6": "2", "i7": "2", "i8": "0"}


@pytest.fixture
def unit(db):
    return OrganisationUnit.objects.create(name="Bộ phận Một cửa xã Tân Lập", kind="one_stop")


@pytest.fixture
def counter(unit):
    return RatingTarget.objects.create(code="quay-1", name="Quầy số 1", label="Đất đai", unit=unit)


def token_of(response):
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def rate(client, code, answers=CITIZEN_ANSWERS, target="", **extra):
    form = client.get(FORM, {"ma-ho-so": code})
    assert form.status_code == 200
    assert "no-store" in form["Cache-Control"]
    data = {"dossier_code": code, "token": token_of(form), "target": target, **answers, **extra}
    return client.post(SUBMIT, data)


def test_the_citizen_rates_a_dossier_from_the_desk_qr(client, counter):
    desk = client.get("/cchc/danh-gia/quay-1/")  # no rating poll open: the evaluation asks the code
    html = desk.content.decode()
    assert desk.status_code == 200 and "Quầy số 1" in html and 'name="ma-ho-so"' in html
    form = client.get(FORM, {"ma-ho-so": " h40.22-260105-0001 ", "quay": "quay-1"})
    html = form.content.decode()
    assert "H40.22-260105-0001" in html
    for indicator in indicators.CITIZEN_INDICATORS:
        assert f'name="{indicator.field}"' in html
    for indicator in indicators.DOSSIER_INDICATORS:
        assert f'name="{indicator.field}"' not in html
    assert "Thái độ của cán bộ, công chức, viên chức" in html  # the regulation's wording, in Vietnamese
    data = {"dossier_code": "H40.22-260105-0001", "token": token_of(form), "target": "quay-1", **CITIZEN_ANSWERS}
    response = client.post(SUBMIT, data)
    assert response.status_code == 303
    thanks = client.get(response["Location"])
    assert "đã được ghi nhận" in thanks.content.decode()
    evaluation = DossierEvaluation.objects.get()
    assert evaluation.dossier_code == "H40.22-260105-0001"
    assert (evaluation.target, evaluation.unit) == (counter, counter.unit)
    assert [evaluation.i3, evaluation.i4, evaluation.i6, evaluation.i7, evaluation.i8] == [2, 1, 2, 2, 0]
    assert evaluation.i1 is None and evaluation.total == 7 and not evaluation.complete
    assert len(evaluation.ip_hash) == 64 and "127.0.0.1" not in evaluation.ip_hash


def test_a_dossier_is_rated_once(client, counter):
    form = client.get(FORM, {"ma-ho-so": "HS-0001"})  # a second tab, opened before the first was sent
    assert rate(client, "HS-0001").status_code == 303
    again = client.post(SUBMIT, {"dossier_code": "hs-0001", "token": token_of(form), **CITIZEN_ANSWERS, "i7": "0"})
    assert again.status_code == 409
    assert "Mỗi hồ sơ chỉ được đánh giá một lần" in again.content.decode()
    assert DossierEvaluation.objects.get().i7 == 2
    assert "đã được đánh giá" in client.get(FORM, {"ma-ho-so": "HS-0001"}).content.decode()


def test_a_replayed_or_foreign_ticket_records_nothing(client, counter):
    form = client.get(FORM, {"ma-ho-so": "HS-1"})
    token = token_of(form)
    foreign = client.post(SUBMIT, {"dossier_code": "HS-2", "token": token, **CITIZEN_ANSWERS})
    assert foreign.status_code == 403 and "hồ sơ khác" in foreign.content.decode()
    assert client.post(SUBMIT, {"dossier_code": "HS-1", "token": "x", **CITIZEN_ANSWERS}).status_code == 403
    assert not DossierEvaluation.objects.exists()


@pytest.mark.parametrize(
    "code",
    ["", "   ", "<script>", "a" * 65, "HS\x00001", "../../etc", "HS 'OR 1=1--", "Hồ-sơ", "%00", "-" * 3],
)
def test_hostile_codes_are_refused_in_vietnamese(client, db, code):
    response = client.get(FORM, {"ma-ho-so": code})
    assert response.status_code in (200, 400)
    if code.strip():
        assert response.status_code == 400 and "Mã hồ sơ chỉ" in response.content.decode(), code
    posted = client.post(SUBMIT, {"dossier_code": code, "token": "t", **CITIZEN_ANSWERS})
    assert 400 <= posted.status_code < 500
    assert not DossierEvaluation.objects.exists()


def test_bad_answers_keep_the_form_and_save_nothing(client, counter):
    form = client.get(FORM, {"ma-ho-so": "HS-9"})
    token = token_of(form)
    for answers in ({**CITIZEN_ANSWERS, "i7": "3"}, {**CITIZEN_ANSWERS, "i7": "x" * 5000}, {"i3": "2"}):
        response = client.post(SUBMIT, {"dossier_code": "HS-9", "token": token, **answers})
        assert response.status_code == 400
        assert "Xin trả lời mọi câu hỏi" in response.content.decode()
    for extra in ({"target": "quay-9"}, {"target": "\x00"}, {"procedure_code": "<b>"}, {"website": "spam"}):
        response = client.post(SUBMIT, {"dossier_code": "HS-9", "token": token, **CITIZEN_ANSWERS, **extra})
        assert response.status_code == 400, extra
    assert not DossierEvaluation.objects.exists()
    assert client.get(FORM, {"quay": "\x00"}).status_code == 400


def test_the_citizen_completes_the_row_the_one_stop_shop_opened(client, counter):
    DossierEvaluation.objects.create(dossier_code="HS-5", i1=2, i2=1, i5=2, i9=0, target=counter)
    assert rate(client, "HS-5").status_code == 303
    evaluation = DossierEvaluation.objects.get()
    assert evaluation.complete and evaluation.total == 12 and evaluation.target == counter


SERIAL = itertools.count(1)


def _evaluations(target, n, when, **scores):
    values = dict(dict.fromkeys(indicators.FIELDS, 2), **scores)
    for _k in range(n):
        DossierEvaluation.objects.create(
            dossier_code=f"{target.code}-{when:%Y%m}-{next(SERIAL)}".upper(),
            target=target,
            unit=target.unit,
            created_at=when,
            rated_at=when,
            **values,
        )


@pytest.mark.django_db
def test_roll_ups_are_published_from_the_minimum_only(client, counter, settings):
    settings.CCHC_POLL_MIN_PUBLISHED_VOTES = 3
    other = RatingTarget.objects.create(code="can-bo-an", name="Nguyễn Văn An", kind="officer", unit=counter.unit)
    q1 = timezone.make_aware(datetime.datetime(2026, 2, 10, 9))
    _evaluations(counter, 2, q1, i7=0)
    html = client.get(RESULTS).content.decode()
    assert "Quầy số 1" not in html and "Chưa có số liệu được công bố" in html
    _evaluations(counter, 1, q1, i7=1)  # third dossier: Q1/2026 of counter 1 is published
    _evaluations(other, 2, q1)  # the officer's two stay hidden, in every total
    rows = scoring.published(scoring.TARGET)
    assert [(r.label, r.quarter_label, r.n) for r in rows] == [(str(counter), "Q1/2026", 3)]
    assert rows[0].averages[6] == round(1 / 3, 2) and rows[0].average_total == round((16 + 16 + 17) / 3, 2)
    (unit_row,) = scoring.published(scoring.UNIT)
    assert unit_row.n == 3  # not 5: the officer's hidden quarter cannot be subtracted out
    (quarter_row,) = scoring.published(scoring.QUARTER)
    assert quarter_row.n == 3
    html = client.get(RESULTS).content.decode()
    assert "Quầy số 1" in html and "Nguyễn Văn An" not in html and "Q1/2026" in html
    data = client.get("/cchc/danh-gia-ho-so/ket-qua.json").json()  # the open data: the same cells
    assert [(row["name"], row["quarter"], row["evaluations"]) for row in data["by_target"]] == [
        (str(counter), "Q1/2026", 3)
    ]
    assert data["by_unit"][0]["evaluations"] == 3 and data["minimum_published"] == 3
    assert data["by_target"][0]["indicators"][6] == {"number": 7, "average": 0.33, "scores": 3}
    hidden = scoring.rollups(scoring.TARGET, published_only=False)
    assert sorted(r.n for r in hidden) == [2, 3]


@pytest.mark.django_db
def test_roll_ups_cost_three_queries_whatever_their_size(counter):
    for k in range(12):
        target = RatingTarget.objects.create(code=f"quay-{k + 10}", name=f"Quầy {k + 10}", unit=counter.unit)
        for month in (1, 4, 7):
            _evaluations(target, 2, timezone.make_aware(datetime.datetime(2026, month, 5, 9)))
    with CaptureQueriesContext(connection) as queries:
        rows = scoring.rollups(scoring.TARGET, published_only=False)
    assert len(rows) == 36 and len(queries) == 2  # the cells, the targets
    with CaptureQueriesContext(connection) as queries:
        rows = scoring.rollups(scoring.UNIT, published_only=False)
    assert len(rows) == 3 and len(queries) == 2


def _moderator(django_user_model, permitted):
    user = django_user_model.objects.create_user("moderator", password="pw-123456")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    if permitted:
        user.user_permissions.add(
            *Permission.objects.filter(codename__in=["change_dossierevaluation", "add_dossierevaluation"])
        )
    return user


@pytest.mark.django_db
def test_the_admin_side_needs_its_permission(client, django_user_model, counter):
    evaluation = DossierEvaluation.objects.create(dossier_code="HS-7", target=counter, i7=2)
    urls = [
        "/admin/cchc-evaluation/",
        "/admin/cchc-evaluation/?export=csv",
        "/admin/cchc-evaluation/find/?ma-ho-so=HS-7",
        f"/admin/cchc_feedback/dossierevaluation/edit/{evaluation.pk}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(_moderator(django_user_model, permitted=False))
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403) and "/login/" not in response.get("Location", "")


@pytest.mark.django_db
def test_the_moderator_records_the_dossier_indicators_and_exports(client, django_user_model, counter):
    user = _moderator(django_user_model, permitted=True)
    client.force_login(user)
    found = client.get("/admin/cchc-evaluation/find/?ma-ho-so=hs-8")
    assert found.status_code == 302 and "create" in found["Location"]
    create = client.get(found["Location"])
    assert create.status_code == 200 and 'value="HS-8"' in create.content.decode()
    assert 'name="i7"' not in create.content.decode()  # the citizen's indicators are not the shop's to set
    data = {"dossier_code": " hs-8 ", "procedure_code": "1.001234", "target": counter.pk, "unit": "", "i1": "2"}
    data.update(i2="1", i5="2", i9="0")
    response = client.post(found["Location"].split("?")[0], data)
    assert response.status_code == 302, response.content.decode()[:2000]
    evaluation = DossierEvaluation.objects.get()
    assert evaluation.dossier_code == "HS-8" and (evaluation.i1, evaluation.i2, evaluation.i5) == (2, 1, 2)
    assert evaluation.recorded_by == user and evaluation.recorded_at is not None
    assert evaluation.unit == counter.unit and evaluation.rated_at is None
    assert rate(client, "HS-8").status_code == 303  # the citizen then rates their part
    evaluation.refresh_from_db()
    rated_at = evaluation.rated_at
    edit = f"/admin/cchc_feedback/dossierevaluation/edit/{evaluation.pk}/"
    assert client.post(edit, dict(data, i9="1")).status_code == 302  # the shop corrects indicator 9
    evaluation.refresh_from_db()
    assert (evaluation.i9, evaluation.i7, evaluation.i8, evaluation.rated_at) == (1, 2, 0, rated_at)
    client.post(edit, dict(data, i9="1", i7="0"))  # not the shop's field: ignored
    evaluation.refresh_from_db()
    assert evaluation.i7 == 2
    evaluation.i9 = 0  # back to the numbers the export below checks
    evaluation.save()
    report = client.get("/admin/cchc-evaluation/")
    assert report.status_code == 200 and "Quầy số 1" in report.content.decode()
    export = client.get("/admin/cchc-evaluation/?theo=target&export=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Quầy hoặc cán bộ", "Loại", "Quý", "Số hồ sơ được đánh giá"]
    quarter = timezone.localtime(evaluation.created_at)
    assert rows[1][:5] == [str(counter), "Quầy", f"Q{(quarter.month - 1) // 3 + 1}/{quarter.year}", "1", "1"]
    assert rows[1][5] == "12.0" and rows[1][-1] == "0"  # 2+1+2+0 from the shop, 2+1+2+2+0: unpublished
    xlsx = client.get("/admin/cchc-evaluation/?theo=unit&export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_an_open_rating_poll_still_takes_the_desk_qr(client, counter):
    poll = Poll.objects.create(question="Đánh giá cán bộ", opens_at=timezone.now() - datetime.timedelta(days=1))
    poll.choices.create(label="Hài lòng", sort_order=0)
    poll.choices.create(label="Chưa hài lòng", sort_order=1)
    poll.targets.add(counter)
    poll.save()  # a ParentalManyToManyField is written on save
    html = client.get("/cchc/danh-gia/quay-1/").content.decode()
    assert "Đánh giá cán bộ" in html and "danh-gia-ho-so" in html


def test_the_open_data_list_names_the_evaluation(client, db):
    page = client.get("/cchc/du-lieu-mo/").content.decode()
    assert "Đánh giá giải quyết thủ tục hành chính (TT 01/2018/TT-VPCP)" in page
    assert "/cchc/danh-gia-ho-so/ket-qua.json" in page
    data = client.get("/cchc/danh-gia-ho-so/ket-qua.json").json()
    assert data["by_target"] == [] and len(data["indicators"]) == 9


def test_an_address_rates_as_many_dossiers_as_the_polls_allow(client, counter, settings):
    settings.CCHC_POLL_MAX_VOTES_PER_IP = 2
    assert rate(client, "HS-A").status_code == 303
    assert rate(client, "HS-B").status_code == 303
    third = rate(client, "HS-C")
    assert third.status_code == 429 and "đã gửi đủ số lượt" in third.content.decode()
    assert DossierEvaluation.objects.count() == 2


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.django_db
def test_the_results_page_and_report_cost_the_same_queries_for_many_counters(client, counter, django_user_model):
    q2 = timezone.make_aware(datetime.datetime(2026, 5, 5, 9))
    _evaluations(counter, 5, q2)
    client.force_login(_moderator(django_user_model, permitted=True))
    urls = (RESULTS, RESULTS[:-1] + ".json", "/admin/cchc-evaluation/")
    for url in urls:  # warm: the site and settings look-ups of a first request
        _queries(client, url)
    few = [_queries(client, url)[1] for url in urls]
    for k in range(15):
        target = RatingTarget.objects.create(code=f"quay-{k + 20}", name=f"Quầy {k + 20}", unit=counter.unit)
        _evaluations(target, 5, q2)
    page, n_page = _queries(client, RESULTS)
    assert "Quầy 34" in page.content.decode() and page.content.decode().count("Q2/2026") == 18  # 16 + unit + all
    _json, n_json = _queries(client, RESULTS[:-1] + ".json")
    report, n_report = _queries(client, "/admin/cchc-evaluation/")
    assert "Quầy 34" in report.content.decode()
    assert [n_page, n_json, n_report] == few
    assert n_json == 3  # the cells, the counters, the units


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_two_ratings_of_one_dossier_at_once_record_one(counter):
    import threading

    from django.db import connections
    from django.test import Client

    tokens = []
    for _k in range(2):
        form = Client().get(FORM, {"ma-ho-so": "HS-RACE"})
        tokens.append(token_of(form))
    barrier, statuses = threading.Barrier(2), []

    def send(token):
        barrier.wait()
        response = Client().post(SUBMIT, {"dossier_code": "HS-RACE", "token": token, **CITIZEN_ANSWERS})
        statuses.append(response.status_code)
        connections.close_all()

    threads = [threading.Thread(target=send, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [303, 409]
    assert DossierEvaluation.objects.filter(dossier_code="HS-RACE").count() == 1


@pytest.mark.django_db
def test_the_shop_cannot_open_a_second_row_for_a_dossier(client, django_user_model, counter):
    DossierEvaluation.objects.create(dossier_code="HS-DUP", i7=2)
    client.force_login(_moderator(django_user_model, permitted=True))
    create = "/admin/cchc_feedback/dossierevaluation/create/"
    data = {"dossier_code": "HS-DUP", "procedure_code": "", "target": "", "unit": "", "i1": "2"}
    data.update(i2="", i5="", i9="")
    response = client.post(create, data)
    assert response.status_code == 200 and DossierEvaluation.objects.count() == 1
    assert client.post(create, dict(data, dossier_code=" hs-dup")).status_code == 200  # the same dossier
    assert client.post(create, dict(data, dossier_code="HS<1>")).status_code == 200
    assert client.post(create, dict(data, dossier_code="HS-NEW", i1="7")).status_code == 200  # not on the scale
    assert DossierEvaluation.objects.count() == 1
