"""Translations of the demo: its catalog checked as the apps' are (tests/core/test_translations.py),
and its pages, whose base template gives <html lang>, in Vietnamese by default and English at /en/."""

import shutil
from pathlib import Path

import pytest

from ..core import test_translations as apps
from ..core.test_translations import LANGS

REPO = Path(__file__).resolve().parents[2]
DEMO_LOCALE = REPO / "site" / "cchc_demo" / "locale"
CATALOGS = {"demo": DEMO_LOCALE}
two_articles = apps.two_articles  # a fixture


@pytest.fixture(autouse=True)
def demo_catalog(monkeypatch):
    """The apps' catalog checks, run on the demo's catalog."""
    for name, folder in CATALOGS.items():
        monkeypatch.setitem(apps.CATALOGS, name, folder)


# --- catalogs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_vietnamese_catalog_is_complete(name):
    apps.test_vietnamese_catalog_is_complete(name)


@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_english_catalog_exists_with_the_same_messages(name):
    apps.test_english_catalog_exists_with_the_same_messages(name)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_compiled_catalog_matches_its_po(name, lang):
    apps.test_compiled_catalog_matches_its_po(name, lang)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_msgfmt_check_passes(name, lang, tmp_path):
    apps.test_msgfmt_check_passes(name, lang, tmp_path)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
@pytest.mark.parametrize(
    "name, sources",
    [
        ("demo", {"templates": REPO / "templates", "site/cchc_demo": REPO / "site" / "cchc_demo"}),
    ],
)
def test_catalog_has_every_marked_string(name, sources, tmp_path, monkeypatch):
    """A string marked for translation but missing from the catalog would show in English."""
    apps.test_catalog_has_every_marked_string(name, sources, tmp_path, monkeypatch)


# --- the site in both languages -----------------------------------------------------------------


@pytest.mark.django_db
def test_article_page_speaks_vietnamese_by_default(client, two_articles):
    older, newer = two_articles
    html = client.get(newer.url).content.decode()
    assert '<html lang="vi">' in html
    for label in ("Bản in", "Tin đã đưa", "Số lượt người xem:", "Quay lại", "Số lượt truy cập", "Tìm kiếm"):
        assert label in html, label
    assert older.title in html
    for english in ("Print version", "Earlier news", "Views:"):
        assert english not in html, english
    older_html = client.get(older.url).content.decode()
    assert "Tin mới hơn" in older_html and newer.title in older_html


@pytest.mark.django_db
def test_article_page_in_english_at_its_english_address(client, two_articles):
    """English is chosen by the address (/en/…), on a page that has an English translation; a cookie
    or the browser's language leave the Vietnamese address Vietnamese (test_english.py)."""
    from wagtail.models import Locale

    _, newer = two_articles
    english = newer.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0], copy_parents=True)
    english.save_revision().publish()
    assert english.url.startswith("/en/")
    client.cookies["django_language"] = "vi"
    html = client.get(english.url).content.decode()
    assert '<html lang="en">' in html
    for label in ("Print version", "Views:", "Site visits"):
        assert label in html, label
    for vietnamese in ("Bản in", "Số lượt người xem"):
        assert vietnamese not in html, vietnamese
    client.cookies["django_language"] = "en"
    assert '<html lang="vi">' in client.get(newer.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
