"""Translatable organisation snippets and pages in several languages (cchc_pages/core/i18n.py), on
the apps' stock test site with i18n turned on for this module; without it (the other modules) every
feature reads the rows as before."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale

from cchc_pages.core.i18n import localize, reading_locales
from cchc_pages.directory.models import leader_cards, listed_cards, localized_cards, tree_units
from cchc_pages.metadata.builder import alternates
from cchc_pages.models import ContactCard, ContactDirectoryPage, Hotline, OrganisationUnit, unit_tree


@pytest.fixture(autouse=True)
def i18n(settings):
    settings.WAGTAIL_I18N_ENABLED = True
    settings.WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
    settings.ROOT_URLCONF = "tests.i18n_urls"


@pytest.fixture
def english(db):
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def units(db, english):
    """A department with two divisions; the department and one division translated."""
    department = OrganisationUnit.objects.create(name="Sở Nội vụ", kind="department")
    reform = OrganisationUnit.objects.create(name="Phòng Cải cách hành chính", parent=department, sort_order=1)
    archives = OrganisationUnit.objects.create(name="Trung tâm Lưu trữ", parent=department, sort_order=2)
    department_en = department.copy_for_translation(english)
    department_en.name = "Department of Home Affairs"
    department_en.save()
    reform_en = reform.copy_for_translation(english)  # still under the Vietnamese department
    reform_en.name = "Administrative Reform Division"
    reform_en.save()
    return department, reform, archives, department_en, reform_en


def test_translations_get_the_default_locale_first_and_keep_their_slug(units):
    department, reform, _archives, department_en, reform_en = units
    assert department.locale.language_code == "vi"
    assert reform_en.slug == reform.slug and reform_en.translation_key == reform.translation_key
    # A new item's slug is unique within its locale only.
    other = OrganisationUnit.objects.create(name="Department of Home Affairs", locale=department_en.locale)
    assert other.slug == "department-of-home-affairs"


def test_unit_tree_in_english_with_vietnamese_fallback(units):
    _department, reform, archives, department_en, reform_en = units
    with translation.override("en"):
        tree = unit_tree()
    assert [unit.name for unit, _children in tree] == ["Department of Home Affairs"]
    children = [unit for unit, _grandchildren in tree[0][1]]
    assert [unit.name for unit in children] == ["Administrative Reform Division", "Trung tâm Lưu trữ"]
    assert children[0].parent == department_en and children[1].parent == department_en
    with translation.override("vi"):
        assert [unit.name for unit, _children in unit_tree()[0][1]] == [reform.name, archives.name]


def test_cards_in_english_point_to_the_units_translation(units, english):
    department, reform, _archives, department_en, reform_en = units
    card = ContactCard.objects.create(name="Phạm Thu Hà", position="Trưởng phòng", unit=reform)
    card.overseen_units.set([reform])
    card.save()
    untranslated = ContactCard.objects.create(name="Lê Văn Bảo", position="Chuyên viên", unit=department)
    card_en = card.copy_for_translation(english)
    card_en.position = "Head of Division"
    card_en.save()
    with translation.override("en"):
        tree = unit_tree()
        cards = localized_cards(leader_cards(ContactCard.objects.all()), tree_units(tree))
        assert {c.name: (c.position, c.unit.name) for c in cards} == {
            "Phạm Thu Hà": ("Head of Division", "Administrative Reform Division"),
            "Lê Văn Bảo": ("Chuyên viên", "Department of Home Affairs"),
        }
        assert [unit.name for unit in next(c for c in cards if c.pk == card_en.pk).overseen_list] == [
            "Administrative Reform Division"
        ]
        # Without a tree at hand: one query more for the units, whatever the number of cards.
        with CaptureQueriesContext(connection) as captured:
            alone = localized_cards(listed_cards(ContactCard.objects.filter(slug=untranslated.slug)))
        assert alone[0].unit.name == "Department of Home Affairs"
        assert len(captured) <= 5


def test_localize_costs_one_query_whatever_the_number_of_items(units, english):
    for n in range(5):
        hotline = Hotline.objects.create(label=f"Đường dây {n}", number="1022", sort_order=n)
        if n % 2:
            copy = hotline.copy_for_translation(english)
            copy.label = f"Line {n}"
            copy.save()
    with translation.override("en"):
        locales = reading_locales()
        with CaptureQueriesContext(connection) as captured:
            labels = [h.label for h in localize(Hotline.objects.all(), locales)]
    assert len(captured) == 1
    assert labels == ["Đường dây 0", "Line 1", "Đường dây 2", "Line 3", "Đường dây 4"]
    with translation.override("vi"):
        assert [h.label for h in localize(Hotline.objects.all())] == [f"Đường dây {n}" for n in range(5)]


def test_without_i18n_everything_reads_as_before(settings, units):
    settings.WAGTAIL_I18N_ENABLED = False
    assert reading_locales() is None
    with CaptureQueriesContext(connection) as captured:
        reading_locales()
    assert len(captured) == 0


@pytest.fixture
def directories(home, english):
    directory = home.add_child(instance=ContactDirectoryPage(title="Danh bạ", slug="danh-ba"))
    directory.save_revision().publish()
    home_en = home.copy_for_translation(english)
    home_en.save_revision().publish()
    directory_en = directory.copy_for_translation(english)
    directory_en.title = "Directory"
    directory_en.save_revision().publish()
    return directory, directory_en


def test_english_directory_and_hreflang(client, units, directories):
    directory, directory_en = directories
    assert directory_en.url == "/en/danh-ba/"
    html = client.get("/en/danh-ba/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Department of Home Affairs" in html and "Administrative Reform Division" in html
    # Not translated yet: the Vietnamese unit, marked as Vietnamese for screen readers (WCAG 3.1.2).
    archives = units[2]
    assert f'<h3 id="cchc-unit-{archives.pk}" class="cchc-unit__name" lang="vi"><a' in html
    assert "Trung tâm Lưu trữ" in html
    reform_en = units[4]
    assert f'<h3 id="cchc-unit-{reform_en.pk}" class="cchc-unit__name"><a' in html
    assert "Phòng Cải cách hành chính" not in html
    assert '<link rel="alternate" hreflang="vi" href="http://testserver/danh-ba/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/danh-ba/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/danh-ba/">' in html
    vietnamese = client.get("/danh-ba/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Phòng Cải cách hành chính" in vietnamese and "Administrative Reform Division" not in vietnamese
    # A unit's page: the same sub-route in each language.
    reform = units[1]
    unit_page = client.get(f"/en/danh-ba/don-vi/{reform.slug}/").content.decode()
    assert f'hreflang="vi" href="http://testserver/danh-ba/don-vi/{reform.slug}/"' in unit_page
    assert "Administrative Reform Division</h1>" in unit_page


def test_hreflang_costs_one_query_and_none_without_translations(rf, units, directories, make_article):
    directory, _directory_en = directories
    request = rf.get("/danh-ba/")
    directory.get_url(request=request)  # Wagtail's site root paths, cached on the request
    with CaptureQueriesContext(connection) as captured:
        links = alternates(directory, request)
    assert len(captured) == 1 and [code for code, _url in links] == ["vi", "en", "x-default"]
    article = make_article()
    request = rf.get(article.url)
    article.get_url(request=request)
    assert alternates(article, request) == []


def test_untranslated_page_in_english_links_the_vietnamese_one(client, directories, make_article):
    article = make_article(title="Tin cải cách")
    path = article.url
    response = client.get("/en" + path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "This page has no English version" in html
    assert f'<a href="{path}" lang="vi" hreflang="vi">Tin cải cách</a>' in html


def test_open_data_lists_the_vietnamese_records(client, units, english):
    data = client.get("/api/v2/units/").json()
    assert sorted(item["name"] for item in data["items"]) == sorted(
        ["Sở Nội vụ", "Phòng Cải cách hành chính", "Trung tâm Lưu trữ"]
    )


def test_page_cache_keys_pages_by_the_addresss_language(client, settings, directories):
    """Under i18n_patterns the cache keys a page by its address's language, not the browser's."""
    settings.CCHC_PAGE_CACHE_SECONDS = 300
    english = client.get("/en/danh-ba/", HTTP_ACCEPT_LANGUAGE="vi")
    vietnamese = client.get("/danh-ba/", HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-CCHC-Cache"] == vietnamese["X-CCHC-Cache"] == "miss"
    assert 'class="cchc-page-title">Directory</h1>' in english.content.decode()
    assert 'class="cchc-page-title">Danh bạ</h1>' in vietnamese.content.decode()
    again = client.get("/danh-ba/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert again["X-CCHC-Cache"] == "hit" and again.content == vietnamese.content
    again = client.get("/en/danh-ba/", HTTP_ACCEPT_LANGUAGE="vi")
    assert again["X-CCHC-Cache"] == "hit" and again.content == english.content
    assert english.content != vietnamese.content


def test_no_english_home_no_vietnamese_pages_under_english_labels(client, units, english, home):
    """Without an English home page Wagtail would serve the Vietnamese tree at /en/: the page
    says it has no English version instead."""
    directory = home.add_child(instance=ContactDirectoryPage(title="Danh bạ", slug="danh-ba"))
    directory.save_revision().publish()
    response = client.get("/en/danh-ba/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "This page has no English version" in html
    assert '<a href="/danh-ba/" lang="vi" hreflang="vi">Danh bạ</a>' in html
    assert client.get("/danh-ba/").status_code == 200
