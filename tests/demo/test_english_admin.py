"""A department publishes its English version from the admin, as a new editor would (docs/english.md,
"In the admin"): add the English locale, "Translate" the home page, the directory and a unit, rewrite
the copies in the ordinary edit forms, publish; the English directory shows them, the Vietnamese
one is unchanged."""

import pytest
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cchc_pages.models import ContactDirectoryPage, OrganisationUnit, UnitContactPoint


@pytest.fixture
def directory(home):
    page = home.add_child(instance=ContactDirectoryPage(title="Danh bạ, thông tin liên hệ", slug="danh-ba"))
    page.save_revision().publish()
    return page


@pytest.fixture
def unit(db):
    unit = OrganisationUnit.objects.create(name="Phòng Cải cách hành chính", kind="division")
    UnitContactPoint.objects.create(unit=unit, kind="office_phone", value="0209 3870 120", label="Tiếp công dân")
    return unit


def submit_translation(admin_client, url, locale):
    response = admin_client.post(url, {"locales": [locale.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_editor_publishes_the_english_directory(admin_client, client, home, directory, unit):
    response = admin_client.post("/admin/locales/new/", {"language_code": "en"})
    assert response.status_code == 302
    english = Locale.objects.get(language_code="en")

    submit_translation(admin_client, f"/admin/translation/submit/page/{home.pk}/", english)
    home_en = home.get_translation(english)
    assert not home_en.live  # a draft to rewrite
    response = admin_client.post(
        f"/admin/pages/{home_en.pk}/edit/",
        nested_form_data(
            {
                "title": "Administrative Reform Portal",
                "slug": home_en.slug,
                "intro": rich_text("<p>In English.</p>"),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    submit_translation(admin_client, f"/admin/translation/submit/page/{directory.pk}/", english)
    directory_en = directory.get_translation(english)
    response = admin_client.post(
        f"/admin/pages/{directory_en.pk}/edit/",
        nested_form_data(
            {
                "title": "Directory and contact information",
                "slug": "danh-ba",
                "intro": rich_text("<p>Who to call.</p>"),
                "action-publish": "publish",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    submit_translation(
        admin_client, f"/admin/translation/submit/snippet/cchc_pages/organisationunit/{unit.pk}/", english
    )
    unit_en = unit.get_translation(english)
    assert unit_en.slug == unit.slug and unit_en.name == unit.name  # a copy, to rewrite
    point = unit_en.contact_points.get()
    assert point.value == "0209 3870 120" and point.pk != unit.contact_points.get().pk
    edit = f"/admin/snippets/cchc_pages/organisationunit/edit/{unit_en.pk}/"
    assert admin_client.get(edit).status_code == 200
    response = admin_client.post(
        edit,
        nested_form_data(
            {
                "name": "Administrative Reform Division",
                "code": "",
                "kind": "division",
                "parent": "",
                "sort_order": "0",
                "address": "",
                "opening_hours": "",
                "description": rich_text("<p>Advises on the province's administrative reform plan.</p>"),
                "history": rich_text(""),
                "slug": unit_en.slug,
                "contact_points": inline_formset(
                    [
                        {
                            "id": str(point.pk),
                            "kind": "office_phone",
                            "value": "0209 3870 120",
                            "label": "Citizen reception",
                            "is_public": "on",
                        }
                    ],
                    initial=1,
                ),
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    english_page = client.get("/en/danh-ba/").content.decode()
    assert "Directory and contact information" in english_page
    assert "Administrative Reform Division" in english_page and "Citizen reception" in english_page
    assert "Phòng Cải cách hành chính" not in english_page
    organisation = client.get(f"/en/danh-ba/don-vi/{unit.slug}/").content.decode()
    assert "Advises on the province&#x27;s administrative reform plan." in organisation
    vietnamese = client.get("/danh-ba/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Phòng Cải cách hành chính" in vietnamese and "Tiếp công dân" in vietnamese
    assert "Administrative Reform Division" not in vietnamese
