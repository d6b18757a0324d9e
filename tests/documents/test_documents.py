"""Document pages (plans, decisions, reports, letters), their appendix rows and CSV export,
the document listing's filters and search, and the reform indices page."""

import csv
import datetime
import io
import json
import re
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cchc_pages.models import (
    AppendixRow,
    DocumentAttachment,
    DocumentIndexPage,
    DocumentPage,
    NewsIndexPage,
    ReformIndexValue,
    ReformIndicesPage,
)


@pytest.fixture
def doc_index(home):
    index = home.add_child(instance=DocumentIndexPage(title="Văn bản", slug="van-ban", per_page=2))
    index.save_revision().publish()
    return index


@pytest.fixture
def make_document(doc_index):
    def make(title, doc_type="ke-hoach", issue_date=datetime.date(2020, 12, 30), rows=(), **fields):
        fields.setdefault("issuing_body", "UBND tỉnh Bắc Kạn")
        fields.setdefault("summary", f"Trích yếu: {title}")
        page = DocumentPage(title=title, doc_type=doc_type, issue_date=issue_date, **fields)
        for i, row in enumerate(rows):
            page.appendix_rows.add(AppendixRow(sort_order=i, **row))
        doc_index.add_child(instance=page)
        page.save_revision().publish()
        return page

    return make


PLAN_ROWS = [
    dict(
        section="I. Tuyên truyền",
        number="1",
        task="Tuyên truyền chủ trương về CCHC",
        form="- Trên Cổng thông tin;\n- Hội nghị",
        lead_agency="Sở Nội vụ",
        cooperating_agencies="Các sở, ngành",
        timeframe="Thường xuyên",
        status="thuong-xuyen",
    ),
    dict(
        section="I. Tuyên truyền",
        number="2",
        task="Công khai số điện thoại đường dây nóng",
        form="Niêm yết",
        lead_agency="Văn phòng UBND tỉnh",
        cooperating_agencies="",
        timeframe="Quý I",
        status="hoan-thanh",
    ),
    dict(
        section="II. Thủ tục hành chính",
        number="3",
        task='Công khai TTHC, "một cửa"; cập nhật',
        form="",
        lead_agency="Sở Nội vụ; Trung tâm phục vụ hành chính công",
        cooperating_agencies="",
        timeframe="Quý II",
        status="dang-thuc-hien",
    ),
]


@pytest.fixture
def plan(make_document):
    return make_document(
        "Kế hoạch tuyên truyền cải cách hành chính năm 2021",
        doc_number="892/KH-UBND",
        place="Bắc Kạn",
        signer="Nguyễn Long Hải",
        signer_title="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        recipients="Vụ CCHC - Bộ Nội vụ;\nTT. Tỉnh ủy;",
        appendix_title="Phụ lục nội dung tuyên truyền",
        rows=PLAN_ROWS,
    )


def main(html):
    return html.split('<div class="cchc">')[1]  # the apps' content, not the site's header


# --- page types ---------------------------------------------------------------------------------


def test_page_type_rules(home, doc_index, plan):
    assert DocumentIndexPage.allowed_subpage_models() == [DocumentPage]
    assert DocumentPage.allowed_parent_page_models() == [DocumentIndexPage]
    assert not DocumentPage.can_create_at(Page.objects.get(pk=home.pk))
    assert DocumentPage.can_create_at(doc_index)
    assert ReformIndicesPage.allowed_subpage_models() == []
    news = home.add_child(instance=NewsIndexPage(title="Tin", slug="tin"))
    assert not DocumentPage.can_create_at(news)


# --- document page ----------------------------------------------------------------------------


def test_document_page_shows_what_was_issued(client, plan):
    html = main(client.get(plan.url).content.decode())
    assert "UBND tỉnh Bắc Kạn" in html
    assert re.search(r"(Số|No\.): 892/KH-UBND", html)
    assert re.search(r"Bắc Kạn, (ngày 30 tháng 12 năm 2020|day 30 month 12 year 2020)", html)
    assert "Trích yếu: Kế hoạch tuyên truyền" in html
    assert "<li>Vụ CCHC - Bộ Nội vụ;</li>" in html
    signature = html.split('class="cchc-document__signature"')[1]
    assert signature.index("TM. ỦY BAN NHÂN DÂN") < signature.index("CHỦ TỊCH") < signature.index("Nguyễn Long Hải")


def test_appendix_rows_render_in_order_with_section_headings(client, plan):
    html = main(client.get(plan.url).content.decode())
    table = html.split('cchc-appendix__table"')[1].split("</table>")[0]
    assert table.count('class="cchc-appendix__row"') == 3
    assert table.count('class="cchc-appendix__section"') == 2
    positions = [
        table.index(text)
        for text in (
            "I. Tuyên truyền",
            "Tuyên truyền chủ trương",
            "Công khai số điện thoại",
            "II. Thủ tục hành chính",
            "Công khai TTHC",
        )
    ]
    assert positions == sorted(positions)
    assert "<li>Trên Cổng thông tin;</li><li>Hội nghị</li>" in table  # "- a\n- b" cells become lists


def test_appendix_filters_by_lead_agency_without_diacritics_and_by_status(client, plan):
    html = main(client.get(plan.url + "?chu-tri=so+noi+vu").content.decode())
    assert "Tuyên truyền chủ trương" in html and "Công khai TTHC" in html
    assert "Công khai số điện thoại" not in html
    html = main(client.get(plan.url + "?trang-thai=hoan-thanh").content.decode())
    assert "Công khai số điện thoại" in html and "Tuyên truyền chủ trương" not in html
    html = main(client.get(plan.url + "?tim=mot+cua").content.decode())
    assert "Công khai TTHC" in html and "Tuyên truyền chủ trương" not in html


def test_unknown_status_is_a_clear_404(client, plan):
    response = client.get(plan.url + "?trang-thai=da-huy")
    assert response.status_code == 404
    assert "da-huy" in response.content.decode()


def read_csv(response):
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens Vietnamese correctly
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_appendix_csv_matches_the_rows(client, plan):
    response = client.get(plan.url + "phu-luc/csv/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    rows = read_csv(response)
    assert len(rows) == 1 + len(PLAN_ROWS)
    assert len(rows[0]) == 8
    for line, row in zip(rows[1:], plan.appendix_rows.all(), strict=True):
        assert line[:7] == [
            row.section,
            row.number,
            row.task,
            row.form,
            row.lead_agency,
            row.cooperating_agencies,
            row.timeframe,
        ]
        assert line[7] == row.get_status_display()
    assert rows[3][2] == 'Công khai TTHC, "một cửa"; cập nhật'  # quotes and separators survive
    assert rows[1][3] == "- Trên Cổng thông tin;\n- Hội nghị"


def test_appendix_csv_follows_the_page_filters(client, plan):
    rows = read_csv(client.get(plan.url + "phu-luc/csv/?chu-tri=van+phong"))
    assert [r[1] for r in rows[1:]] == ["2"]


def test_attachments_are_listed_for_download(client, plan):
    document = get_document_model()(title="Kế hoạch 892 (PDF)")
    document.file.save("ke-hoach-892.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    DocumentAttachment.objects.create(page=plan, document=document, sort_order=0)
    html = main(client.get(plan.url).content.decode())
    assert f'href="{document.url}" download>Kế hoạch 892 (PDF)</a>' in html
    assert client.get(document.url).status_code == 200


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_json_ld_is_a_digital_document_for_a_plan_and_legislation_for_a_decision(client, plan, make_document):
    data = json_ld(client.get(plan.url).content.decode())
    assert data["@type"] == "DigitalDocument"
    assert data["identifier"] == "892/KH-UBND"
    assert data["publisher"]["name"] == "UBND tỉnh Bắc Kạn"
    assert data["datePublished"] == "2020-12-30"
    decision = make_document(
        "Quyết định công bố chỉ số CCHC </script><script>alert(1)",
        doc_type="quyet-dinh",
        doc_number="540/QĐ-UBND",
        effective_date=datetime.date(2024, 4, 10),
    )
    html = client.get(decision.url).content.decode()
    assert "</script><script>alert(1)" not in html.split("</head>")[0]
    data = json_ld(html)
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "540/QĐ-UBND"
    assert data["legislationPassedBy"] == {"@type": "GovernmentOrganization", "name": "UBND tỉnh Bắc Kạn"}
    assert data["name"].endswith("</script><script>alert(1)")


# --- listing ------------------------------------------------------------------------------------


@pytest.fixture
def documents(make_document, plan):
    return [
        plan,
        make_document(
            "Báo cáo kết quả CCHC 6 tháng đầu năm 2024",
            doc_type="bao-cao",
            issue_date=datetime.date(2024, 6, 15),
            issuing_body="Sở Nội vụ",
        ),
        make_document(
            "Công văn về đường dây nóng",
            doc_type="cong-van",
            issue_date=datetime.date(2024, 3, 5),
            issuing_body="Sở Nội vụ",
        ),
        make_document("Quyết định công bố chỉ số", doc_type="quyet-dinh", issue_date=datetime.date(2023, 4, 10)),
    ]


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content.decode()[-500:]
    return re.findall(r'class="cchc-doc-table__title" href="[^"]+">([^<]+)</a>', response.content.decode())


def test_listing_is_newest_first_and_paginated(client, doc_index, documents):
    assert listed(client, doc_index.url) == ["Báo cáo kết quả CCHC 6 tháng đầu năm 2024", "Công văn về đường dây nóng"]
    assert listed(client, doc_index.url + "?page=2") == [
        "Quyết định công bố chỉ số",
        "Kế hoạch tuyên truyền cải cách hành chính năm 2021",
    ]


def test_listing_filters_by_type_year_and_issuing_body(client, doc_index, documents):
    assert listed(client, doc_index.url + "?nam=2024&page=1") == [
        "Báo cáo kết quả CCHC 6 tháng đầu năm 2024",
        "Công văn về đường dây nóng",
    ]
    assert listed(client, doc_index.url + "?nam=2020") == ["Kế hoạch tuyên truyền cải cách hành chính năm 2021"]
    assert listed(client, doc_index.url + "?loai=cong-van") == ["Công văn về đường dây nóng"]
    assert listed(client, doc_index.url + "?co-quan=UBND+t%E1%BB%89nh+B%E1%BA%AFc+K%E1%BA%A1n") == [
        "Quyết định công bố chỉ số",
        "Kế hoạch tuyên truyền cải cách hành chính năm 2021",
    ]
    html = client.get(doc_index.url + "?nam=2024&page=2").content.decode()
    assert "Page 2" not in html or "nam=2024" in html
    options = client.get(doc_index.url).content.decode()
    assert '<option value="2024">2024</option>' in options and '<option value="2020">2020</option>' in options


def test_listing_search_ignores_diacritics(client, doc_index, documents):
    assert listed(client, doc_index.url + "?q=ke+hoach+tuyen+truyen") == [
        "Kế hoạch tuyên truyền cải cách hành chính năm 2021"
    ]
    assert listed(client, doc_index.url + "?q=892") == ["Kế hoạch tuyên truyền cải cách hành chính năm 2021"]
    # Search and filters combine.
    assert listed(
        client, doc_index.url + "?q=cong+van&nam=2024&loai=cong-van&co-quan=S%E1%BB%9F+N%E1%BB%99i+v%E1%BB%A5"
    ) == ["Công văn về đường dây nóng"]
    assert listed(client, doc_index.url + "?q=ke+hoach&nam=2024") == []
    # A task of the appendix is searchable too.
    assert listed(client, doc_index.url + "?q=duong+day+nong") == [
        "Công văn về đường dây nóng",
        "Kế hoạch tuyên truyền cải cách hành chính năm 2021",
    ]


@pytest.mark.parametrize(
    "query, status",
    [("?nam=abc", 400), ("?nam=20211", 400), ("?loai=nghi-dinh", 404), ("?page=abc", 400), ("?page=99", 404)],
)
def test_bad_listing_input_gets_a_clear_message(client, doc_index, documents, query, status):
    response = client.get(doc_index.url + query)
    assert response.status_code == status
    assert 'role="alert"' in response.content.decode()


# --- admin ----------------------------------------------------------------------------------------


def document_form(rows, **fields):
    data = {
        "title": "Kế hoạch CCHC năm 2025",
        "slug": "ke-hoach-cchc-nam-2025",
        "doc_number": "12/KH-SNV",
        "doc_type": "ke-hoach",
        "issuing_body": "Sở Nội vụ",
        "place": "Bắc Kạn",
        "issue_date": "2025-01-05",
        "effective_date": "",
        "signer": "",
        "signer_title": "",
        "summary": "Kế hoạch cải cách hành chính năm 2025.",
        "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
        "recipients": "",
        "appendix_title": "",
        "appendix_note": "",
        "attachments": inline_formset([]),
        "appendix_rows": inline_formset(rows),
        "action-publish": "publish",
    }
    data.update(fields)
    return nested_form_data(data)


def row(task, **fields):
    data = {
        "section": "",
        "number": "1",
        "task": task,
        "form": "",
        "lead_agency": "Sở Nội vụ",
        "cooperating_agencies": "",
        "timeframe": "Quý I",
        "status": "",
    }
    data.update(fields)
    return data


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("bientap", "b@example.invalid", "x"))
    return client


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["cchc_pages", "documentpage", index.pk])


def test_editor_creates_a_plan_with_appendix_rows(admin_client, doc_index):
    rows = [row("Rà soát TTHC", section="I. Thủ tục"), row("Khảo sát SIPAS", number="2", status="dang-thuc-hien")]
    response = admin_client.post(add_url(doc_index), document_form(rows))
    assert response.status_code == 302, response.context["form"].errors.as_json()
    page = DocumentPage.objects.get(doc_number="12/KH-SNV")
    assert page.slug == "ke-hoach-cchc-nam-2025" and page.live
    assert [(r.number, r.task, r.status) for r in page.appendix_rows.all()] == [
        ("1", "Rà soát TTHC", ""),
        ("2", "Khảo sát SIPAS", "dang-thuc-hien"),
    ]


def test_appendix_row_without_a_task_is_refused_and_nothing_saved(admin_client, doc_index):
    rows = [row("Rà soát TTHC"), row("", number="2", lead_agency="Sở Tư pháp")]
    response = admin_client.post(add_url(doc_index), document_form(rows))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search("Each appendix row needs a task|Mỗi dòng phụ lục", html)
    assert not DocumentPage.objects.exists()
    assert not AppendixRow.objects.exists()


# --- reform indices ---------------------------------------------------------------------------------


@pytest.fixture
def indices_page(home):
    page = ReformIndicesPage(title="Chỉ số cải cách hành chính", slug="chi-so")
    values = [
        ("PCI", 2022, "63.05", "100", 49, 63),
        ("PAR INDEX", 2022, "84.60", "100", 35, 63),
        ("PAR INDEX", 2023, "86.32", "100", 28, 63),
        ("DTI", 2023, "0.47", "1", None, None),
    ]
    for i, (name, year, value, maximum, rank, rank_of) in enumerate(values):
        page.index_values.add(
            ReformIndexValue(
                index_name=name,
                year=year,
                value=Decimal(value),
                max_value=Decimal(maximum),
                rank=rank,
                rank_of=rank_of,
                sort_order=i,
            )
        )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_indices_page_has_a_table_and_server_drawn_charts(client, indices_page):
    html = main(client.get(indices_page.url).content.decode())
    table = html.split('id="cchc-indices-table"')[1].split("</table>")[0]
    headers = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert headers[1:] == ["PAR INDEX", "PCI", "DTI"]  # standard indices first, then editors' own
    rows = re.findall(r'<th scope="row">(\d{4})</th>', table)
    assert rows == ["2023", "2022"]
    assert "86,32%" in table or "86.32%" in table
    assert re.search(r"(hạng|rank) 28/63", table)
    assert "0,47/1" in table or "0.47/1" in table
    # Each chart is an image of its own (data: URI), described by the table.
    images = [
        unquote(src)
        for src in re.findall(r'<img class="cchc-chart__image"[^>]* src="data:image/svg\+xml,([^"]+)"', html)
    ]
    assert len(images) == 3
    svg = "".join(images)
    assert svg.count("<rect") == 4
    # Coordinates stay machine numbers even in Vietnamese ("86,32" would break the drawing).
    assert not re.search(r'\b(x|y|x1|x2|y1|y2|width|height|viewBox)="[^"]*,', svg)
    bar = re.search(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg)
    assert bar and float(bar.group(4)) > 0
    assert html.count('aria-describedby="cchc-indices-table"') == 3
    assert "<script" not in svg


def test_score_above_the_maximum_is_refused(indices_page):
    from django.core.exceptions import ValidationError

    value = ReformIndexValue(page=indices_page, index_name="SIPAS", year=2024, value=Decimal("120"))
    with pytest.raises(ValidationError):
        value.full_clean()


def test_listing_queries_do_not_grow_with_documents(client, doc_index, make_document):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        client.get(doc_index.url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(doc_index.url).status_code == 200
        return len(captured)

    DocumentIndexPage.objects.filter(pk=doc_index.pk).update(per_page=50)
    doc_index.refresh_from_db()
    for i in range(2):
        make_document(f"Công văn số {i}", doc_type="cong-van")
    few = queries()
    for i in range(2, 12):
        make_document(f"Công văn số {i}", doc_type="cong-van", issuing_body=f"Cơ quan {i}")
    assert queries() == few


def test_editors_can_preview_a_new_plan_and_indices_page(doc_index, home):
    """Preview renders unsaved pages: appendix rows and index values still only in memory."""
    plan = DocumentPage(title="Kế hoạch mới", slug="ke-hoach-moi", issuing_body="Sở Nội vụ", summary="Thử.")
    plan.appendix_rows.add(AppendixRow(task="Nhiệm vụ chưa lưu", status="hoan-thanh", sort_order=0))
    plan.path, plan.depth = doc_index.path + "9999", doc_index.depth + 1
    response = plan.make_preview_request()
    assert response.status_code == 200
    assert "Nhiệm vụ chưa lưu" in response.content.decode()
    indices = ReformIndicesPage(title="Chỉ số", slug="chi-so-moi")
    indices.index_values.add(ReformIndexValue(index_name="PCI", year=2020, value=Decimal("60.5"), sort_order=0))
    indices.path, indices.depth = home.path + "9999", home.depth + 1
    response = indices.make_preview_request()
    assert response.status_code == 200 and "<svg" in response.content.decode()


def test_pagination_keeps_the_filters(client, doc_index, documents):
    DocumentIndexPage.objects.filter(pk=doc_index.pk).update(per_page=1)
    html = client.get(doc_index.url + "?nam=2024").content.decode()
    assert 'href="?nam=2024&amp;page=2"' in html
    assert listed(client, doc_index.url + "?nam=2024&page=2") == ["Công văn về đường dây nóng"]
