"""The demo in English (ND 42/2022/NĐ-CP Điều 7): the organisation, directory, contacts and leaders
at /en/ with their own English content, kept in step with the Vietnamese items (one translation
key each); other pages say they have no English version; the language comes from the address."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc_pages.models import ContactCard, Hotline, OrganisationUnit


@pytest.fixture
def loaded(db):
    out = io.StringIO()
    call_command("load_demo_content", "--no-admin", stdout=out)
    return out.getvalue()


def main(html):
    return html[html.index('<main id="main"') : html.index("</main>")]


def test_loader_translates_the_organisation_once(loaded):
    assert "English: 2 page(s), 12 unit(s), 6 card(s), 3 hotline(s) translated." in loaded
    for model in (OrganisationUnit, ContactCard, Hotline):
        vietnamese = model.objects.filter(locale__language_code="vi")
        english = model.objects.filter(locale__language_code="en")
        assert english.count() == vietnamese.count() > 0
        assert set(english.values_list("translation_key", flat=True)) == set(
            vietnamese.values_list("translation_key", flat=True)
        )
    out = io.StringIO()
    call_command("load_demo_content", "--no-admin", stdout=out)
    assert "English: 0 page(s), 0 unit(s), 0 card(s), 0 hotline(s) translated." in out.getvalue()


def test_english_directory_has_english_content(client, loaded):
    response = client.get("/en/danh-ba/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    content = main(html)
    for english in (
        "Directory and contact information",
        "Provincial Department of Home Affairs (demo)",
        "Administrative Reform Division",
        "One-Stop Shop",
        "Director of the Department",
        "Deputy Director of the Department",
        "Application intake",
        "Monday – Friday: 7:00 – 11:30, 13:30 – 17:00",
    ):
        assert english in content, english
    for vietnamese in ("Phòng Cải cách hành chính", "Giám đốc Sở", "Tiếp nhận hồ sơ", "Danh bạ, thông tin liên hệ"):
        assert vietnamese not in content, vietnamese
    assert "Nguyễn Văn An" in content  # names are names
    sidebar = html[html.index("</main>") :]
    assert "Public services call centre" in sidebar and "Tổng đài dịch vụ công" not in sidebar
    # Hidden contact points stay hidden in English too.
    assert "0912 345 111" not in html and "0209 3870 159" not in html


def test_vietnamese_directory_is_unchanged(client, loaded):
    content = main(client.get("/danh-ba/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "Phòng Cải cách hành chính" in content and "Giám đốc Sở" in content
    assert "Administrative Reform Division" not in content and "Director of the Department" not in content


def test_english_organisation_page_and_leaders(client, loaded):
    department = OrganisationUnit.objects.get(parent=None, locale__language_code="en")
    html = client.get(f"/en/danh-ba/don-vi/{department.slug}/").content.decode()
    content = main(html)
    assert "Provincial Department of Home Affairs (demo)</h1>" in content
    assert "two-level local government" in content and "Main duties and powers" in content
    assert "Master of Public Management" in content and "Director, Department of Home Affairs" in content
    assert "Assists the Director in directing administrative reform" in content
    # The chart and the units overseen are the English units, linked at their English addresses.
    assert content.count('class="cchc-orgchart__box') == 12
    assert 'href="/en/danh-ba/don-vi/' in content and "Historical Archives Centre" in content
    assert "Trung tâm Lưu trữ lịch sử" not in content and "Thạc sĩ" not in content
    assert '"@type": "GovernmentOrganization"' in html and "Provincial Department of Home Affairs" in html


def test_english_card_page(client, loaded):
    card = ContactCard.objects.get(name="Phạm Thu Hà", locale__language_code="en")
    content = main(client.get(f"/en/danh-ba/{card.slug}/").content.decode())
    assert "Head of the Administrative Reform Division" in content
    assert "Administrative Reform Division" in content and "Phòng Cải cách hành chính" not in content


def test_hreflang_links_on_translated_pages(client, loaded):
    department = OrganisationUnit.objects.get(parent=None, locale__language_code="vi")
    for path in ("/danh-ba/", f"/danh-ba/don-vi/{department.slug}/", "/"):
        for url in (path, "/en" + path):
            html = client.get(url, HTTP_HOST="127.0.0.1:8000").content.decode()
            links = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))
            assert links == {
                "vi": f"http://127.0.0.1:8000{path}",
                "en": f"http://127.0.0.1:8000/en{path}",
                "x-default": f"http://127.0.0.1:8000{path}",
            }, url


def test_untranslated_page_says_so_and_links_the_vietnamese_page(client, loaded):
    response = client.get("/en/tin-tuc/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "This page has no English version" in html
    assert 'It is published in Vietnamese only: <a href="/tin-tuc/" lang="vi" hreflang="vi">' in html
    assert "hreflang" in html and '<meta name="robots" content="noindex">' in html
    # Its switch leads back to the Vietnamese page.
    assert '<a href="/tin-tuc/" lang="vi" hreflang="vi">' in html
    # An address that exists in no language is an ordinary "not found".
    missing = client.get("/en/khong-co-trang-nay/")
    assert missing.status_code == 404 and "This page has no English version" not in missing.content.decode()


def test_english_browser_gets_vietnamese_at_vietnamese_addresses(client, loaded):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html
    assert 'href="/en/" lang="en" hreflang="en">English</a>' in html  # the visible way to English
    assert "Administrative Reform Portal" not in main(html)
    assert "Administrative Reform Portal" in main(client.get("/en/", HTTP_ACCEPT_LANGUAGE="vi").content.decode())


def test_english_directory_costs_no_query_per_item(client, loaded):
    """Two more translated units with a card each cost the English directory no query more."""

    def queries(url):
        client.get(url)  # warm Wagtail's and the site's own caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = {url: queries(url) for url in ("/danh-ba/", "/en/danh-ba/")}
    english = OrganisationUnit.objects.get(parent=None, locale__language_code="en").locale
    for n in range(2):
        unit = OrganisationUnit.objects.create(
            name=f"Phòng thử {n}", parent=OrganisationUnit.objects.get(parent=None, locale__language_code="vi")
        )
        copy = unit.copy_for_translation(english)
        copy.name = f"Test division {n}"
        copy.save()
        card = ContactCard.objects.create(name=f"Người thử {n}", position="Trưởng phòng", unit=unit)
        card_copy = card.copy_for_translation(english)
        card_copy.position = "Head of division"
        card_copy.save()
    after = {url: queries(url) for url in before}
    assert after == before
    assert "Test division 1" in client.get("/en/danh-ba/").content.decode()


def test_english_home_names_the_department_in_english_and_marks_vietnamese_news(client, loaded):
    html = client.get("/en/").content.decode()
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert "Administrative Reform Section" in header and "Chuyên trang Cải cách hành chính" not in header
    assert "<title>Administrative Reform Portal | Administrative Reform Section</title>" in html
    content = main(html)
    assert "The news is published in Vietnamese." in content
    assert '<div lang="vi">' in content and '<article class="cchc-card">' in content
    vietnamese = client.get("/").content.decode()
    assert "Chuyên trang Cải cách hành chính" in vietnamese and "Administrative Reform Section" not in vietnamese
    assert "The news is published in Vietnamese." not in vietnamese and "Tin tức được đăng" not in vietnamese


def test_the_switch_to_english_on_a_vietnamese_only_page_is_kept(client, loaded):
    """A page without an English version links the English home: asked once, then kept until a
    page is published (it is on every page's header)."""
    client.get("/tin-tuc/")
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/tin-tuc/").content.decode()
    assert 'href="/en/" lang="en" hreflang="en">English</a>' in html
    # the English home is not looked up again (its query filters on the language)
    assert not any("\"language_code\" = 'en'" in q["sql"] for q in captured.captured_queries)
