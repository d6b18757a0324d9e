"""The demo's department settings are kept (cchc_pages.caching.settings.KeptSiteSetting): the header
and footer of every page cost no query, and an edit shows at once."""

from cchc_demo.models import DepartmentSettings
from django.db import connection
from django.test.utils import CaptureQueriesContext


def settings_reads(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q for q in ctx.captured_queries if "departmentsettings" in q["sql"]]


def test_the_header_reads_the_department_once_and_shows_an_edit_at_once(client, home):
    shown = DepartmentSettings.for_site(home.get_site())
    shown.department_name = "Sở Nội vụ tỉnh Tuyên Quang"
    shown.save()
    html, reads = settings_reads(client, "/")
    assert "Sở Nội vụ tỉnh Tuyên Quang" in html
    html, reads = settings_reads(client, "/")
    assert "Sở Nội vụ tỉnh Tuyên Quang" in html and reads == []
    shown.department_name = "Văn phòng UBND tỉnh Tuyên Quang"
    shown.save()
    html, reads = settings_reads(client, "/")
    assert "Văn phòng UBND tỉnh Tuyên Quang" in html and "Sở Nội vụ tỉnh Tuyên Quang" not in html
