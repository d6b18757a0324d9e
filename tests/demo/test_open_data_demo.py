"""The demo's open data: /api/v2/ serves the demo content, the footer links the datasets page, and
no hidden contact point or citizen's data of the demo reaches the API."""

import io
import json

import pytest
from django.core.management import call_command

from cchc_pages.models import PersonContactPoint, ProcedurePage, UnitContactPoint
from feedback.models import Status, Submission


@pytest.fixture
def loaded(db):
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())


def test_the_demo_serves_its_content_and_links_the_datasets_page(client, loaded):
    home = client.get("/").content.decode()
    assert 'href="/cchc/du-lieu-mo/"' in home and 'href="/api/v2/"' in home
    page = client.get("/cchc/du-lieu-mo/")
    assert page.status_code == 200 and "Dữ liệu mở" in page.content.decode()

    catalogue = json.loads(client.get("/api/v2/").content)
    answers = []
    for dataset in catalogue["datasets"]:
        for fmt in dataset["formats"]:
            response = client.get(fmt["url"].removeprefix("http://testserver"))
            assert response.status_code == 200, fmt["url"]
            if fmt["media_type"] == "application/json" and "/api/v2/" in fmt["url"]:
                answers.append(response.content.decode())
    procedures = json.loads(client.get("/api/v2/pages/", {"type": "cchc_pages.ProcedurePage", "limit": 1}).content)
    assert procedures["meta"]["total_count"] == ProcedurePage.objects.live().count() > 0
    for endpoint in ("units", "contact-cards", "questions"):
        answers.append(client.get(f"/api/v2/{endpoint}/", {"fields": "*", "limit": 100}).content.decode())
    everything = "\n".join(answers)
    hidden = [p.value for p in PersonContactPoint.objects.filter(is_public=False)]
    hidden += [p.value for p in UnitContactPoint.objects.filter(is_public=False)]
    submissions = Submission.objects.all()
    hidden += [v for s in submissions for v in (s.email, s.phone, s.code, s.address) if v]
    assert hidden and [value for value in hidden if value in everything] == []
    # Citizens' names (common ones, which a leader's card may share) in the questions' answer.
    questions = answers[-1]
    assert Submission.objects.filter(status=Status.PUBLISHED).exists() and '"title"' in questions
    assert [s.full_name for s in submissions if s.full_name and s.full_name in questions] == []
