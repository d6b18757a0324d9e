"""The demo's one-stop evaluations: loaded once, counter 1 published each quarter of 2026, counter 2 not."""

import io

from django.core.management import call_command

from feedback.models import DossierEvaluation, RatingTarget


def test_demo_evaluations_load_once_and_publish_above_the_minimum(client, db):
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    count = DossierEvaluation.objects.count()
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    assert count == DossierEvaluation.objects.count() > 0
    assert not DossierEvaluation.objects.exclude(created_at__year=2026).exists()
    counter = RatingTarget.objects.get(code="quay-1")
    assert counter.unit is not None and counter.unit.kind == "one_stop"
    html = client.get("/cchc/danh-gia-ho-so/ket-qua/", HTTP_HOST="localhost").content.decode()
    assert "Quầy số 1" in html and "Q1/2026" in html and "Q4/2026" in html
    assert "Quầy số 2" not in html  # three dossiers a quarter: below the minimum
    assert "Bộ phận một cửa" in html
    desk = client.get("/cchc/danh-gia/quay-1/", HTTP_HOST="localhost").content.decode()
    assert "/cchc/danh-gia-ho-so/?quay=quay-1" in desk
