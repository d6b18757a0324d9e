"""Organisation pages (ND 224/2026/NĐ-CP Điều 10; ND 42/2022 Điều 4 k1): a unit's functions, duties
and powers, its history, the department's chart drawn from the units' tree, and its leaders with
their biographies and assignments; linked from the directory; JSON-LD for search engines."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cchc_pages.models import CareerStep, ContactCard, ContactDirectoryPage, OrganisationUnit, PersonContactPoint

HIDDEN_MOBILE = "0912 345 111"


@pytest.fixture
def units(db):
    dept = OrganisationUnit.objects.create(
        name="Sở Nội vụ",
        kind="department",
        description="<p>Tham mưu, giúp Ủy ban nhân dân tỉnh quản lý nhà nước về nội vụ.</p>",
        history="<p>Thành lập năm 1976; hợp nhất với Sở Lao động năm 2025.</p>",
    )
    office = OrganisationUnit.objects.create(name="Văn phòng Sở", kind="board", parent=dept, sort_order=1)
    reform = OrganisationUnit.objects.create(name="Phòng Cải cách hành chính", parent=dept, sort_order=2)
    team = OrganisationUnit.objects.create(name="Tổ kiểm soát thủ tục", kind="other", parent=reform, sort_order=1)
    return {"dept": dept, "office": office, "reform": reform, "team": team}


@pytest.fixture
def director(units):
    card = ContactCard.objects.create(
        name="Nguyễn Văn An",
        position="Giám đốc Sở",
        unit=units["dept"],
        duties="Lãnh đạo, điều hành chung\nPhụ trách công tác tổ chức cán bộ",
        overseen_fields="Tổ chức bộ máy\nCải cách hành chính",
        education="Thạc sĩ Quản lý công\nCao cấp lý luận chính trị",
    )
    card.overseen_units.set([units["office"], units["reform"]])
    card.save()  # a ParentalManyToManyField commits on save
    CareerStep.objects.create(
        card=card, start_year=2010, end_year=2019, position="Trưởng phòng, Sở Nội vụ", sort_order=0
    )
    CareerStep.objects.create(card=card, start_year=2020, position="Giám đốc Sở Nội vụ", sort_order=1)
    PersonContactPoint.objects.create(card=card, kind="mobile", value=HIDDEN_MOBILE, is_public=False)
    PersonContactPoint.objects.create(card=card, kind="office_phone", value="0209 3870 111")
    return card


@pytest.fixture
def directory(home):
    page = home.add_child(instance=ContactDirectoryPage(title="Danh bạ", slug="danh-ba"))
    page.save_revision().publish()
    return page


def json_ld(html):
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_units_get_ascii_slugs_unique_among_units(units):
    assert units["dept"].slug == "so-noi-vu"
    twin = OrganisationUnit.objects.create(name="Sở Nội vụ", parent=units["dept"])
    assert twin.slug == "so-noi-vu-2"


def test_organisation_page_shows_functions_chart_leaders_and_history(client, directory, units, director):
    response = client.get(directory.url + "don-vi/so-noi-vu/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="cchc-organisation-title" class="cchc-page-title">Sở Nội vụ</h1>' in html
    assert "quản lý nhà nước về nội vụ" in html and "hợp nhất với Sở Lao động năm 2025" in html
    # The chart: one nested list, the department on top, its units below, a unit's own units deeper.
    chart = re.search(r'<ul class="cchc-orgchart__tree">.*</ul>\s*</figure>', html, re.S).group(0)
    names = re.findall(r'class="cchc-orgchart__box[^"]*"[^>]*>([^<]+)<', chart)
    assert names == ["Sở Nội vụ", "Văn phòng Sở", "Phòng Cải cách hành chính", "Tổ kiểm soát thủ tục"]
    assert re.search(r'<span class="cchc-orgchart__box[^"]*" aria-current="page">Sở Nội vụ</span>', chart)
    assert re.search(
        r'class="cchc-orgchart__level1">.*Phòng Cải cách hành chính</a><ul class="cchc-orgchart__branch"><li>'
        r'<a class="cchc-orgchart__box cchc-orgchart__box--other" href="/danh-ba/don-vi/to-kiem-soat-thu-tuc/">',
        chart,
        re.S,
    )
    # The leader: biography, duties assigned, fields and units overseen; no hidden number.
    assert "Nguyễn Văn An" in html and "Thạc sĩ Quản lý công; Cao cấp lý luận chính trị" in html
    assert "2010–2019" in html and "2020 – nay" in html and "Giám đốc Sở Nội vụ" in html
    assert "<li>Phụ trách công tác tổ chức cán bộ</li>" in html
    assert "Tổ chức bộ máy; Cải cách hành chính" in html
    assert '<a href="/danh-ba/don-vi/phong-cai-cach-hanh-chinh/">Phòng Cải cách hành chính</a>' in html
    assert HIDDEN_MOBILE not in html and HIDDEN_MOBILE.replace(" ", "") not in html
    assert '<link rel="stylesheet" href="/static/cchc_pages/organisation.css">' in html


def test_organisation_json_ld_has_departments_and_members(client, directory, units, director):
    html = client.get(directory.url + "don-vi/so-noi-vu/").content.decode()
    (data,) = json_ld(html)
    assert data["@type"] == "GovernmentOrganization" and data["url"] == "http://testserver/danh-ba/don-vi/so-noi-vu/"
    assert [(d["name"], d["url"]) for d in data["department"]] == [
        ("Văn phòng Sở", "http://testserver/danh-ba/don-vi/van-phong-so/"),
        ("Phòng Cải cách hành chính", "http://testserver/danh-ba/don-vi/phong-cai-cach-hanh-chinh/"),
    ]
    assert data["department"][1]["department"][0]["name"] == "Tổ kiểm soát thủ tục"
    (member,) = data["member"]
    assert member["@type"] == "Person" and member["jobTitle"] == "Giám đốc Sở"
    assert member["worksFor"] == {"@type": "GovernmentOrganization", "name": "Sở Nội vụ"}
    assert member["url"] == "http://testserver/danh-ba/nguyen-van-an/"
    assert member["telephone"] == "02093870111"


def test_a_sub_unit_page_marks_itself_in_the_department_chart(client, directory, units):
    html = client.get(directory.url + "don-vi/to-kiem-soat-thu-tuc/").content.decode()
    assert re.search(r'aria-current="page">Tổ kiểm soát thủ tục</span>', html)
    assert '<a class="cchc-orgchart__box cchc-orgchart__box--department" href="/danh-ba/don-vi/so-noi-vu/">' in html
    breadcrumb = re.search(r'<nav class="cchc-breadcrumb".*?</nav>', html, re.S).group(0)
    assert re.findall(r">([^<>]+)</a>", breadcrumb) == ["Danh bạ", "Sở Nội vụ", "Phòng Cải cách hành chính"]
    assert "Chưa công bố." in html  # no functions written yet: said, not left blank


def test_unknown_unit_is_a_clear_404(client, directory):
    response = client.get(directory.url + "don-vi/khong-co/")
    assert response.status_code == 404 and "khong-co" in response.content.decode()


def test_directory_and_card_link_to_the_organisation_page(client, directory, units, director):
    html = client.get(directory.url).content.decode()
    assert '<a href="/danh-ba/don-vi/so-noi-vu/">Sở Nội vụ</a>' in html
    assert '<a href="/danh-ba/don-vi/to-kiem-soat-thu-tuc/">Tổ kiểm soát thủ tục</a>' in html
    card = client.get(directory.url + "nguyen-van-an/").content.decode()
    assert "/danh-ba/don-vi/so-noi-vu/" in card and "2020 – nay" in card and "Tổ chức bộ máy" in card


def test_organisation_page_queries_do_not_grow_with_units_and_leaders(
    client, directory, units, director, django_assert_max_num_queries
):
    client.get(directory.url + "don-vi/so-noi-vu/")  # warm Wagtail's site and rendition caches
    with django_assert_max_num_queries(30) as small:
        client.get(directory.url + "don-vi/so-noi-vu/")
    baseline = len(small.captured_queries)  # read now: the next request empties Django's query log
    for n in range(8):
        unit = OrganisationUnit.objects.create(name=f"Phòng số {n}", parent=units["dept"], sort_order=10 + n)
        OrganisationUnit.objects.create(name=f"Tổ số {n}", parent=unit)
        card = ContactCard.objects.create(name=f"Phó Giám đốc {n}", position="Phó Giám đốc Sở", unit=units["dept"])
        card.overseen_units.set([unit])
        card.save()
        CareerStep.objects.create(card=card, start_year=2015, position="Phó Giám đốc", sort_order=0)
    client.get(directory.url + "don-vi/so-noi-vu/")  # the edits above refreshed the cached parts: warm them again
    with django_assert_max_num_queries(baseline):
        response = client.get(directory.url + "don-vi/so-noi-vu/")
    assert response.content.decode().count('class="cchc-leader"') == 9


def test_a_career_step_cannot_end_before_it_starts(director):
    with pytest.raises(ValidationError) as error:
        CareerStep(card=director, start_year=2020, end_year=2018, position="Phó Giám đốc").full_clean()
    assert "end_year" in error.value.message_dict


def test_admin_saves_a_leaders_biography_and_a_units_functions(admin_client, units):
    data = {
        "name": "Trần Thị Bình",
        "position": "Phó Giám đốc Sở",
        "unit": units["dept"].pk,
        "sort_order": 2,
        "slug": "",
        "duties": "Phụ trách cải cách hành chính",
        "overseen_fields": "Cải cách hành chính",
        "education": "Cử nhân Luật",
        "contact_points": inline_formset([]),
        "career_steps": inline_formset(
            [
                {"start_year": "2016", "end_year": "2021", "position": "Trưởng phòng"},
                {"start_year": "2022", "end_year": "", "position": "Phó Giám đốc Sở"},
            ]
        ),
    }
    form = dict(nested_form_data(data), overseen_units=[units["reform"].pk])
    response = admin_client.post(reverse("wagtailsnippets_cchc_pages_contactcard:add"), form)
    assert response.status_code == 302
    card = ContactCard.objects.get(name="Trần Thị Bình")
    assert [(s.start_year, s.end_year) for s in card.career_steps.all()] == [(2016, 2021), (2022, None)]
    assert list(card.overseen_units.all()) == [units["reform"]]
    bad = dict(
        data,
        name="Lê Văn Sai",
        career_steps=inline_formset([{"start_year": "2022", "end_year": "2019", "position": "X"}]),
    )
    response = admin_client.post(reverse("wagtailsnippets_cchc_pages_contactcard:add"), dict(nested_form_data(bad)))
    assert response.status_code == 200 and not ContactCard.objects.filter(name="Lê Văn Sai").exists()
    assert "Năm kết thúc không thể trước năm bắt đầu." in response.content.decode()
    unit_data = {
        "name": "Phòng Người có công",
        "code": "",
        "kind": "division",
        "parent": units["dept"].pk,
        "sort_order": 5,
        "address": "",
        "opening_hours": "",
        "description": rich_text("<ul><li>Tham mưu chính sách người có công</li></ul>"),
        "history": rich_text("<p>Thành lập năm 2025.</p>"),
        "slug": "",
        "contact_points": inline_formset([]),
    }
    response = admin_client.post(
        reverse("wagtailsnippets_cchc_pages_organisationunit:add"), nested_form_data(unit_data)
    )
    assert response.status_code == 302
    unit = OrganisationUnit.objects.get(name="Phòng Người có công")
    assert unit.slug == "phong-nguoi-co-cong" and "Tham mưu chính sách người có công</li></ul>" in unit.description


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("bientap", "bientap@example.invalid", "x")
    client.force_login(user)
    return client
