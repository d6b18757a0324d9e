"""Organisation units, contact cards, hotlines: what readers see, what vCards and JSON-LD carry,
what never leaks (hidden contact points, plain email addresses), and what the admin refuses."""

import base64
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cchc_pages.core.validators import validate_phone
from cchc_pages.directory.vcard import card_to_vcard, escape, fold
from cchc_pages.models import (
    ContactCard,
    ContactDirectoryPage,
    Hotline,
    NewsArticlePage,
    OrganisationUnit,
    PersonContactPoint,
    UnitContactPoint,
)

HIDDEN_MOBILE = "0912 345 111"
HIDDEN_EMAIL = "rieng.tu@sonoivu.example.gov.vn"
PUBLIC_EMAIL = "nvan@sonoivu.example.gov.vn"


def png_bytes(size=(60, 80)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#0b4f9c").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def department(db):
    dept = OrganisationUnit.objects.create(
        name="Sở Nội vụ", kind="department", address="Số 7, đường Trường Chinh; Bắc Kạn", sort_order=0
    )
    UnitContactPoint.objects.create(unit=dept, kind="office_phone", value="0209 3870 100", label="Văn phòng")
    UnitContactPoint.objects.create(unit=dept, kind="office_phone", value="0209 3870 159", is_public=False)
    one_stop = OrganisationUnit.objects.create(
        name="Bộ phận một cửa", kind="one_stop", parent=dept, opening_hours="Thứ Hai – Thứ Sáu: 7h00 – 17h00"
    )
    return dept, one_stop


def _add_points(card, points):
    PersonContactPoint.objects.bulk_create(
        PersonContactPoint(card=card, kind=kind, value=value, is_public=public, sort_order=i)
        for i, (kind, value, public) in enumerate(points)
    )


@pytest.fixture
def director(department):
    card = ContactCard.objects.create(name="Nguyễn Văn An", position="Giám đốc Sở", unit=department[0], sort_order=1)
    _add_points(
        card,
        [
            ("office_phone", "0209 3870 111", True),
            ("mobile", HIDDEN_MOBILE, False),
            ("email", PUBLIC_EMAIL, True),
            ("email", HIDDEN_EMAIL, False),
            ("website", "https://sonoivu.example.gov.vn/lanh-dao", True),
        ],
    )
    return card


@pytest.fixture
def directory(home):
    page = home.add_child(instance=ContactDirectoryPage(title="Danh bạ", slug="danh-ba"))
    page.save_revision().publish()
    return page


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "0209 3870 123",
        "0912.345.678",
        "0912-345-678",
        "(0209) 3870 123",
        "+84 912 345 678",
        "1900 1234",
        "1900 123 456",
        "1800 1096",
        "1022",
        "113",
        "024 3824 1234",
    ],
)
def test_vietnamese_numbers_are_accepted(number):
    validate_phone(number)


@pytest.mark.parametrize("number", ["abc", "12345", "0912 345", "+1 202 555 0100", "09123456789012", "1900 12", "0"])
def test_other_numbers_are_refused_with_an_example(number):
    with pytest.raises(ValidationError) as error:
        validate_phone(number)
    assert "1900" in error.value.messages[0]


def test_contact_point_checks_its_value_by_kind(director):
    point = PersonContactPoint(card=director, kind="email", value="không phải email")
    with pytest.raises(ValidationError) as error:
        point.full_clean()
    assert "value" in error.value.message_dict
    PersonContactPoint(card=director, kind="email", value="a@b.gov.vn").full_clean()
    with pytest.raises(ValidationError):
        PersonContactPoint(card=director, kind="mobile", value="số máy lẻ 12").full_clean()
    with pytest.raises(ValidationError):
        PersonContactPoint(card=director, kind="website", value="javascript:alert(1)").full_clean()


def test_a_unit_cannot_sit_under_its_own_sub_unit(department):
    dept, one_stop = department
    dept.parent = one_stop
    with pytest.raises(ValidationError):
        dept.full_clean()


# --- directory, card page, block ---------------------------------------------------------------


def test_directory_groups_cards_by_unit_and_hides_what_is_hidden(client, directory, director, department):
    deputy = ContactCard.objects.create(name="Trần Thị Bình", position="Phó Giám đốc", unit=department[0], sort_order=2)
    _add_points(deputy, [("mobile", "0915 678 112", True)])
    clerk = ContactCard.objects.create(name="Đặng Thị Hoa", position="Phụ trách", unit=department[1])
    html = client.get(directory.url).content.decode()
    main = html.split('<div class="cchc">')[1]  # the apps' content, not the site's header
    assert main.index("Sở Nội vụ") < main.index("Nguyễn Văn An") < main.index("Trần Thị Bình")
    assert main.index("Trần Thị Bình") < main.index("Bộ phận một cửa") < main.index(clerk.name)
    assert 'href="tel:02093870111"' in html and 'href="tel:0915678112"' in html
    assert "Thứ Hai – Thứ Sáu: 7h00 – 17h00" in html
    assert_nothing_hidden(html)
    assert "0209 3870 159" not in html  # the unit's internal line


def assert_nothing_hidden(text):
    for secret in (HIDDEN_MOBILE, HIDDEN_MOBILE.replace(" ", ""), HIDDEN_EMAIL, "rieng.tu"):
        assert secret not in text
    assert base64.b64encode(HIDDEN_EMAIL[::-1].encode()).decode() not in text


def test_emails_are_not_harvestable_from_the_html(client, directory, director):
    html = client.get(directory.url).content.decode()
    assert PUBLIC_EMAIL not in html
    assert "mailto:" not in html
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", html.split("<body")[1])
    assert "nvan [at] sonoivu.example.gov.vn" in re.sub(r"<[^>]+>", "", html)  # the no-script text
    encoded = re.search(r'data-cchc-email="([^"]+)"', html).group(1)
    assert base64.b64decode(encoded).decode()[::-1] == PUBLIC_EMAIL  # what contacts.js reveals
    assert "cchc_pages/contacts.js" in html


def test_card_page_has_person_json_ld_without_hidden_points_or_email(client, directory, director):
    response = client.get(directory.url + "nguyen-van-an/")
    html = response.content.decode()
    assert response.status_code == 200
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Person"
    assert data["name"] == "Nguyễn Văn An" and data["jobTitle"] == "Giám đốc Sở"
    assert data["telephone"] == "02093870111"
    assert data["worksFor"] == {"@type": "GovernmentOrganization", "name": "Sở Nội vụ"}
    assert "email" not in data
    assert_nothing_hidden(html)
    assert reverse("cchc_pages:vcard", args=["nguyen-van-an"]) in html


def test_directory_json_ld_nests_units(client, directory, department):
    html = client.get(directory.url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "GovernmentOrganization" and data["name"] == "Sở Nội vụ"
    assert data["telephone"] == "02093870100"
    assert [unit["name"] for unit in data["subOrganization"]] == ["Bộ phận một cửa"]


def test_unknown_card_is_a_clear_404(client, directory):
    response = client.get(directory.url + "khong-co-ai/")
    assert response.status_code == 404
    assert "khong-co-ai" in response.content.decode()


def test_directory_queries_do_not_grow_with_cards(client, directory, department):
    def queries():
        client.get(directory.url)  # warm the per-site caches first
        with CaptureQueriesContext(connection) as captured:
            assert client.get(directory.url).status_code == 200
        return len(captured)

    def add(n):
        for i in range(n):
            card = ContactCard.objects.create(name=f"Cán bộ {i}", position="Chuyên viên", unit=department[i % 2])
            _add_points(card, [("office_phone", f"0209 3870 {i:03d}", True), ("mobile", "0912 000 000", False)])

    add(3)
    few = queries()
    add(27)
    assert queries() == few


def test_card_block_in_a_news_article_shows_only_public_points(client, news_index, director, directory):
    article = NewsArticlePage(title="Lãnh đạo Sở tiếp công dân", body=[("contact_card", {"card": director})])
    news_index.add_child(instance=article)
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "Nguyễn Văn An" in html and 'href="tel:02093870111"' in html
    assert directory.url + "nguyen-van-an/" in html
    assert PUBLIC_EMAIL not in html and "mailto:" not in html
    assert_nothing_hidden(html)


# --- vCard ---------------------------------------------------------------------------------------


def test_vcard_download_is_escaped_utf8_with_public_points_only(client, director):
    response = client.get(reverse("cchc_pages:vcard", args=[director.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="nguyen-van-an.vcf"'
    raw = response.content
    text = raw.decode("utf-8")
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n") and text.endswith("END:VCARD\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "N:Nguyễn;Văn An;;;\r\n" in unfolded
    assert "FN:Nguyễn Văn An\r\n" in unfolded
    assert "TEL;TYPE=WORK,VOICE:02093870111\r\n" in unfolded
    assert f"EMAIL;TYPE=INTERNET:{PUBLIC_EMAIL}\r\n" in unfolded
    assert "URL:https://sonoivu.example.gov.vn/lanh-dao\r\n" in unfolded
    assert "ADR;TYPE=WORK:;;Số 7\\, đường Trường Chinh\\; Bắc Kạn;;;;\r\n" in unfolded
    assert_nothing_hidden(text)


def test_vcard_escaping_and_folding_rules():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "NOTE:" + "Đường dây nóng tiếp nhận phản ánh " * 5
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line  # unfolding gives the line back, no character split


def test_unknown_vcard_is_404(client, db):
    assert client.get(reverse("cchc_pages:vcard", args=["khong-co"])).status_code == 404


def test_card_to_vcard_of_a_card_in_a_sub_unit(department):
    card = ContactCard.objects.create(name="Hoa", position="Phụ trách", unit=department[1])
    text = card_to_vcard(card)
    assert "ORG:Sở Nội vụ;Bộ phận một cửa\r\n" in text
    assert "N:Hoa;;;;\r\n" in text


# --- hotlines ---------------------------------------------------------------------------------


def test_hotlines_tag_shows_active_hotlines_in_order_with_tel_links(client, news_index):
    Hotline.objects.create(label="Tổng đài dịch vụ công", number="1022", sort_order=2)
    Hotline.objects.create(label="Đường dây nóng", number="0209 3870 999", sort_order=1, note="Phản ánh CCHC")
    Hotline.objects.create(label="Đường dây cũ", number="0209 3870 000", is_active=False)
    html = client.get(news_index.url).content.decode()
    sidebar = html.split('class="cchc-hotlines"')[1].split("</section>")[0]
    assert sidebar.index("Đường dây nóng") < sidebar.index("Tổng đài dịch vụ công")
    assert 'href="tel:02093870999"' in sidebar and 'href="tel:1022"' in sidebar
    assert "Phản ánh CCHC" in sidebar
    assert "Đường dây cũ" not in html


def test_no_hotline_section_without_hotlines(client, news_index):
    assert "cchc-hotlines" not in client.get(news_index.url).content.decode()


# --- admin: bad input is refused, nothing saved ------------------------------------------------


def card_form(unit, points, career=(), **fields):
    data = {"name": "Lê Minh Cường", "position": "Phó Giám đốc", "unit": unit.pk, "sort_order": 3, "slug": ""}
    data.update(fields)
    data["contact_points"] = inline_formset(
        [{"kind": k, "value": v, "label": "", "is_public": "on"} for k, v in points]
    )
    data["career_steps"] = inline_formset(
        [{"start_year": start, "end_year": end, "position": position} for start, end, position in career]
    )
    return nested_form_data(data)


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("bientap", "bientap@example.invalid", "x")
    client.force_login(user)
    return client


ADD_CARD = "wagtailsnippets_cchc_pages_contactcard:add"


def test_admin_creates_a_card_with_valid_points(admin_client, department):
    response = admin_client.post(
        reverse(ADD_CARD), card_form(department[0], [("office_phone", "0209 3870 113"), ("email", "lmc@a.gov.vn")])
    )
    assert response.status_code == 302
    card = ContactCard.objects.get(name="Lê Minh Cường")
    assert card.slug == "le-minh-cuong"
    assert [p.value for p in card.contact_points.all()] == ["0209 3870 113", "lmc@a.gov.vn"]


@pytest.mark.parametrize(
    "points, message",
    [
        ([("office_phone", "0209 3870 113"), ("mobile", "gọi tôi")], "is not a Vietnamese phone number|không phải"),
        ([("email", "lmc-at-a.gov.vn")], "valid email|hợp lệ"),
    ],
)
def test_admin_refuses_a_bad_phone_or_email_and_saves_nothing(admin_client, department, points, message):
    response = admin_client.post(reverse(ADD_CARD), card_form(department[0], points))
    assert response.status_code == 200
    assert re.search(message, response.content.decode())
    assert not ContactCard.objects.exists()
    assert not PersonContactPoint.objects.exists()


def test_admin_refuses_a_hotline_that_is_not_a_number(admin_client, db):
    url = reverse("wagtailsnippets_cchc_pages_hotline:add")
    response = admin_client.post(url, {"label": "Đường dây nóng", "number": "hotline", "note": "", "sort_order": 0})
    assert response.status_code == 200
    assert "1900" in response.content.decode()
    assert not Hotline.objects.exists()


def test_photo_that_is_not_an_image_is_refused(admin_client, db):
    fake = SimpleUploadedFile("anh-chan-dung.jpg", b"%PDF-1.4 this is not a picture", content_type="image/jpeg")
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Ảnh", "file": fake})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.exists()


@override_settings(CCHC_MAX_UPLOAD_SIZE=20 * 1024 * 1024)
def test_a_50_mb_attachment_is_refused_with_a_clear_message(admin_client, db):
    big = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024), content_type="application/pdf")
    response = admin_client.post(reverse("wagtaildocs:add"), {"title": "Kế hoạch", "file": big})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert "ke-hoach.pdf" in errors and "20" in errors and "50" in errors
    assert not get_document_model().objects.exists()


@override_settings(CCHC_MAX_UPLOAD_SIZE=1024)
def test_an_image_above_the_limit_is_refused(admin_client, db):
    photo = SimpleUploadedFile("anh.png", png_bytes((400, 400)), content_type="image/png")
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Ảnh", "file": photo})
    assert response.status_code == 200
    assert "anh.png" in " ".join(response.context["form"].errors["file"])
    assert not get_image_model().objects.exists()


def test_a_real_photo_is_accepted_and_rendered_on_the_card(admin_client, client, directory, director):
    photo = SimpleUploadedFile("anh.png", png_bytes(), content_type="image/png")
    response = admin_client.post(reverse("wagtailimages:add"), {"title": "Ảnh ông An", "file": photo})
    assert response.status_code == 302
    director.photo = get_image_model().objects.get()
    director.save()
    html = client.get(directory.url).content.decode()
    assert re.search(r'<img[^>]+alt="Nguyễn Văn An"', html)


def test_page_types(home, directory):
    from wagtail.models import Page

    assert not ContactDirectoryPage.can_create_at(Page.objects.get(pk=home.pk))  # max_count = 1, one exists
    directory.delete()
    assert ContactDirectoryPage.can_create_at(Page.objects.get(pk=home.pk))
    assert ContactDirectoryPage.allowed_subpage_models() == []


def test_body_block_form_data_is_accepted_by_the_admin(admin_client, news_index, director):
    data = nested_form_data(
        {
            "title": "Lịch tiếp công dân",
            "slug": "lich-tiep-cong-dan",
            "sapo": "",
            "date": "2024-03-05 09:30:00",
            "byline": "",
            "source": "",
            "featured_image_caption": "",
            "tags": "",
            "body": streamfield(
                [("paragraph", rich_text("<p>Lãnh đạo tiếp công dân.</p>")), ("contact_card", {"card": director.pk})]
            ),
            "related_links": inline_formset([]),
            "action-publish": "publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["cchc_pages", "newsarticlepage", news_index.pk])
    assert admin_client.post(url, data).status_code == 302
    page = NewsArticlePage.objects.get(slug="lich-tiep-cong-dan")
    assert page.body[1].value["card"] == director


@pytest.mark.parametrize("model", ["organisationunit", "contactcard", "hotline"])
def test_admin_listings_and_forms_open(admin_client, director, model):
    Hotline.objects.create(label="Đường dây nóng", number="1022")
    assert admin_client.get(reverse(f"wagtailsnippets_cchc_pages_{model}:list")).status_code == 200
    assert admin_client.get(reverse(f"wagtailsnippets_cchc_pages_{model}:add")).status_code == 200
