"""The demo loader publishes realistic procedures through the importer, once."""

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision

from cchc_pages.models import ProcedureIndexPage, ProcedurePage, ProcedureSector


@pytest.fixture
def loaded(db):
    call_command("load_demo_content", "--no-admin", stdout=open("/dev/null", "w"))


def test_demo_procedures_are_loaded_once(loaded):
    before = (Page.objects.count(), Revision.objects.count(), get_document_model().objects.count())
    call_command("load_demo_content", "--no-admin", stdout=open("/dev/null", "w"))
    assert (Page.objects.count(), Revision.objects.count(), get_document_model().objects.count()) == before
    assert ProcedurePage.objects.live().count() >= 30
    index = ProcedureIndexPage.objects.get()
    assert index.show_in_menus and index.live


def test_demo_procedures_span_sectors_levels_and_have_forms(client, loaded):
    procedures = ProcedurePage.objects.live()
    assert ProcedureSector.objects.count() >= 8
    assert all(
        procedures.filter(**{level: True}).count() >= 5
        for level in ("level_province", "level_district", "level_commune")
    )
    with_forms = [p for p in procedures if any(i["template"] for b in p.dossier for i in b.value["items"])]
    assert len(with_forms) >= 2
    building = procedures.get(code="1.009994")
    html = client.get(building.url).content.decode()
    assert "Đơn đề nghị cấp giấy phép xây dựng" in html and "Luật Xây dựng" in html
    form = next(i["template"] for b in building.dossier for i in b.value["items"] if i["template"])
    download = client.get(form.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content if download.streaming else [download.content])[:5] == b"%PDF-"
    listing = client.get("/thu-tuc-hanh-chinh/?q=giay+phep+xay+dung")
    assert "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ" in listing.content.decode()
