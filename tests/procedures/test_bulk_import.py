"""New procedures are inserted a batch at a time: a page so created is what an editor creating it in
the admin gets (address, title, search, history, revision), the queries of an import do not grow
with its records, and a database error still rejects only the record at fault."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageLogEntry, Revision

from cchc_pages.models import ProcedurePage
from cchc_pages.procedures import importing

from .test_procedures import record, run
from .test_procedures_pages import procedure_form_data


def test_a_bulk_imported_page_is_what_an_editor_creating_it_in_the_admin_gets(proc_index, admin_client):
    response = admin_client.post(
        f"/admin/pages/add/cchc_pages/procedurepage/{proc_index.pk}/",
        procedure_form_data(
            title="Cấp giấy phép khai thác tài nguyên nước",
            slug="cap-giay-phep-khai-thac-tai-nguyen-nuoc",
            code="1.004232",
            **{"action-publish": "action-publish"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = run(proc_index, [record("1.004233", "Cấp giấy phép khai thác tài nguyên nước mặt")])
    assert report.created == ["1.004233"] and not report.rejected
    edited, imported = ProcedurePage.objects.get(code="1.004232"), ProcedurePage.objects.get(code="1.004233")
    assert list(Page.find_problems()) == [[], [], [], [], []]
    for page in (edited, imported):
        assert page.get_parent().pk == proc_index.pk and page.depth == proc_index.depth + 1
        assert page.url_path == f"{proc_index.url_path}{page.slug}/" and page.url == f"/thu-tuc/{page.slug}/"
        assert (page.live, page.has_unpublished_changes, page.draft_title) == (True, False, page.title)
        assert page.locale_id == proc_index.locale_id and page.first_published_at and page.last_published_at
        assert page.latest_revision_id == page.live_revision_id and page.latest_revision_created_at
        assert page.latest_revision.as_object().title == page.title
        assert page.search_text.startswith("cap giay phep khai thac tai nguyen nuoc")
    assert imported.url == "/thu-tuc/cap-giay-phep-khai-thac-tai-nguyen-nuoc-mat-1004233/"
    assert [s.name for s in imported.sectors.all()] == ["Hộ tịch"]
    assert imported.latest_revision.as_object().steps[0].value["steps"][0] == "Nộp hồ sơ tại Bộ phận Một cửa."
    assert set(imported.latest_revision.content["sectors"]) == {imported.sectors.get().pk}
    # what a citizen sees: the page, and both found by the listing's and the site's search
    client = admin_client.__class__()
    for page in (edited, imported):
        assert "<h1" in (html := client.get(page.url).content.decode()) and page.title in html
    listing = client.get(f"{proc_index.url}?q=khai+thac+tai+nguyen").content.decode()
    assert edited.title in listing and imported.title in listing
    found = {page.pk for page in ProcedurePage.objects.live().search("tài nguyên nước")}
    assert {edited.pk, imported.pk} <= found
    # what an editor sees: the page in the admin's search, its editor and its history
    admin_search = admin_client.get("/admin/pages/search/?q=tài+nguyên").content.decode()
    assert edited.title in admin_search and imported.title in admin_search
    history = {}
    for page in (edited, imported):
        editor = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        assert editor.status_code == 200 and page.title in editor.content.decode()
        html = admin_client.get(f"/admin/pages/{page.pk}/history/").content.decode()
        entries = re.findall(r'<div class="w-flex w-items-center w-gap-2">\s*([^<]*?)\s*<', html)
        history[page] = [entry for entry in entries if entry]
    # the editor's page also has its draft saved before it was published
    assert len(history[imported]) == 2 and set(history[imported]) < set(history[edited]), history
    actions = {p: set(PageLogEntry.objects.filter(page=p).values_list("action", flat=True)) for p in history}
    assert actions[imported] == {"wagtail.create", "wagtail.publish"} < actions[edited]
    assert Revision.objects.filter(object_id=str(imported.pk)).count() == 1


def _queries(index, records):
    with CaptureQueriesContext(connection) as ctx:
        report = importing.import_records(index, [(f"Bản ghi {n}", r) for n, r in enumerate(records, 1)])
    assert len(report.created) == len(records) and not report.rejected, report.rejected[:3]
    return [q["sql"] for q in ctx.captured_queries]


def test_the_queries_of_an_import_do_not_grow_with_its_new_records(proc_index):
    _queries(proc_index, [record("3.000000")])  # the sector exists from now on
    few = _queries(proc_index, [record(f"3.1{n:05d}") for n in range(20)])
    many = _queries(proc_index, [record(f"3.2{n:05d}") for n in range(200)])
    assert len(many) <= len(few) + 2, "\n".join(many)
    assert (
        ProcedurePage.objects.count() == 221
        and Revision.objects.filter(object_str__startswith="Đăng ký").count() == 221
    )
    assert list(Page.find_problems()) == [[], [], [], [], []]
    assert proc_index.get_children().count() == 221 == Page.objects.get(pk=proc_index.pk).numchild


@pytest.mark.parametrize("strict", [False, True])
def test_a_database_error_in_a_bulk_batch_rejects_only_its_record(proc_index, monkeypatch, strict):
    derive = ProcedurePage.set_derived_fields

    def failing(page):
        derive(page)
        if page.code == "4.000002":
            page.sort_title = None  # NOT NULL: the database refuses the row, whichever way it is inserted

    monkeypatch.setattr(ProcedurePage, "set_derived_fields", failing)
    report = run(proc_index, [record(f"4.00000{n}") for n in (1, 2, 3)], strict=strict)
    assert [(r.position, r.code) for r in report.rejected] == [("Bản ghi 2", "4.000002")]
    codes = set(ProcedurePage.objects.values_list("code", flat=True))
    if strict:
        assert (report.created, codes) == ([], set())
        assert not Revision.objects.filter(object_str__startswith="Đăng ký").exists()
    else:
        assert report.created == ["4.000001", "4.000003"] and codes == {"4.000001", "4.000003"}
        assert Revision.objects.filter(object_str__startswith="Đăng ký").count() == 2
    assert list(Page.find_problems()) == [[], [], [], [], []]
