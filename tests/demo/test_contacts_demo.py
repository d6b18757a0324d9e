"""The demo loader's directory, hotlines, documents (seed 003 as a plan with its appendix) and indices."""

import io

import pytest
from django.core.management import call_command

from cchc_pages.models import (
    AppendixRow,
    CareerStep,
    ContactCard,
    ContactDirectoryPage,
    DocumentPage,
    Hotline,
    NewsArticlePage,
    OrganisationUnit,
    PersonContactPoint,
    ReformIndexValue,
    ReformIndicesPage,
    UnitContactPoint,
)

SEED_003_TASK_1 = "Tuyên truyền các quan điểm, chủ trương của Đảng, chính sách pháp luật của Nhà nước về CCHC"


@pytest.fixture
def loaded(db):
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())


def counts():
    models = [
        OrganisationUnit,
        UnitContactPoint,
        ContactCard,
        CareerStep,
        PersonContactPoint,
        Hotline,
        DocumentPage,
        AppendixRow,
        ReformIndexValue,
        ContactDirectoryPage,
        ReformIndicesPage,
    ]
    return [model.objects.count() for model in models]


def test_second_run_creates_nothing_twice(loaded):
    before = counts()
    out = io.StringIO()
    call_command("load_demo_content", "--no-admin", stdout=out)
    assert counts() == before
    assert "0 card(s) created" in out.getvalue() and "0 document(s) created" in out.getvalue()


def test_seed_003_is_a_plan_with_its_full_appendix_not_news(loaded):
    assert not NewsArticlePage.objects.filter(title__startswith="Kế hoạch tuyên truyền").exists()
    plan = DocumentPage.objects.get(doc_number="892/KH-UBND")
    assert plan.doc_type == "ke-hoach" and plan.issuing_body == "UBND tỉnh Bắc Kạn"
    assert plan.issue_date.isoformat() == "2020-12-30"
    assert plan.signer == "Nguyễn Long Hải"
    rows = list(plan.appendix_rows.all())
    assert [row.number for row in rows] == [str(n) for n in range(1, 12)]
    assert rows[0].task.startswith(SEED_003_TASK_1)
    assert rows[6].timeframe == "Theo tháng hoặc quý"
    assert rows[8].cooperating_agencies == "Sở Thông tin và truyền thông; Sở Nội vụ; Văn phòng UBND tỉnh"
    assert all("---" not in row.task for row in rows)
    assert "Vụ CCHC - Bộ Nội vụ;" in plan.recipient_lines
    assert [a.document.file_extension for a in plan.attachment_items] == ["pdf"]
    assert plan.attachment_items[0].document.file.read().startswith(b"%PDF-1.4")
    headings = [block.value["text"] for block in plan.body if block.block_type == "heading"]
    assert headings[:2] == ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"]


def test_demo_directory_has_one_stop_shop_hidden_points_and_hotlines(client, loaded):
    assert OrganisationUnit.objects.filter(kind="one_stop", name="Bộ phận một cửa").exists()
    assert PersonContactPoint.objects.filter(is_public=False).exists()
    html = client.get("/danh-ba/").content.decode()
    assert "Nguyễn Văn An" in html and "Bộ phận một cửa" in html
    for hidden in PersonContactPoint.objects.filter(is_public=False):
        assert hidden.value not in html and hidden.tel not in html
    home = client.get("/").content.decode()
    for label, number in [("Đường dây nóng", "0209 3870 999"), ("Tổng đài dịch vụ công", "1022")]:
        assert label in home and number in home
    assert 'href="tel:1022"' in home
    for title in ("Danh bạ, thông tin liên hệ", "Văn bản, kế hoạch", "Chỉ số cải cách hành chính"):
        assert title in home  # in the menu


def test_demo_documents_and_indices_render(client, loaded):
    for page in DocumentPage.objects.all():
        response = client.get(page.url)
        assert response.status_code == 200
    assert client.get("/van-ban/?nam=2020").status_code == 200
    html = client.get("/chi-so-cai-cach-hanh-chinh/").content.decode()
    assert "PAR INDEX" in html and "SIPAS" in html and "PCI" in html and "data:image/svg+xml,<svg" in html


def test_demo_department_has_its_organisation_page(client, loaded):
    """Sở Nội vụ as it stands in 2026: functions, history, the units' chart, leaders' biographies."""
    department = OrganisationUnit.objects.get(parent=None, locale__language_code="vi")
    html = client.get("/danh-ba/").content.decode()
    url = f"/danh-ba/don-vi/{department.slug}/"
    assert f'href="{url}"' in html
    page = client.get(url).content.decode()
    assert "Chức năng, nhiệm vụ, quyền hạn" in page and "người có công" in page
    assert "chính quyền địa phương hai cấp" in page  # the history, up to 1 July 2025
    assert "cấp huyện" not in page and "Thanh tra Sở" not in page  # no district level, no department inspectorate
    assert page.count('class="cchc-orgchart__box') == OrganisationUnit.objects.filter(locale=department.locale).count()
    assert '<ul class="cchc-orgchart__branch"><li><a class="cchc-orgchart__box cchc-orgchart__box--division"' in page
    assert "2020 – nay" in page and "Giám đốc Sở Nội vụ" in page
    assert page.count('class="cchc-leader"') == 3
