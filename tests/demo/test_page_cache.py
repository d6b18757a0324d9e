"""The demo's languages under the anonymous full-page cache (tests/caching/test_page_cache.py): the
key carries the address's language, so a cached Vietnamese page is never served at /en/ nor the
English one at a Vietnamese address, whatever the browser asks for."""

import pytest
from cchc_demo.models import DepartmentSettings
from wagtail.models import Locale

from ..caching.test_page_cache import get


@pytest.fixture(autouse=True)
def page_cache_on(settings, home):
    settings.CCHC_PAGE_CACHE_SECONDS = 300
    # The demo creates its settings row on the first render, which (as any settings edit) refreshes
    # the cache; create it up front so each test starts from a settled site.
    DepartmentSettings.for_site(home.get_site())


@pytest.fixture
def english_home(home):
    page = home.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
    page.title = "Administrative Reform Portal"
    page.save_revision().publish()
    return page


def test_cached_vietnamese_and_english_pages_are_never_mixed(client, home, english_home):
    assert english_home.url == "/en/"
    vietnamese = get(client, "/", HTTP_ACCEPT_LANGUAGE="en")
    english = get(client, "/en/", HTTP_ACCEPT_LANGUAGE="vi")
    assert vietnamese["X-CCHC-Cache"] == "miss" and english["X-CCHC-Cache"] == "miss"
    assert '<html lang="vi">' in vietnamese.content.decode() and "Trang chủ</h1>" in vietnamese.content.decode()
    assert (
        '<html lang="en">' in english.content.decode()
        and "Administrative Reform Portal</h1>" in english.content.decode()
    )
    for accept in ("en", "vi", "en-US,en;q=0.9"):
        again = get(client, "/", HTTP_ACCEPT_LANGUAGE=accept)
        assert again["X-CCHC-Cache"] == "hit" and again.content == vietnamese.content
        again = get(client, "/en/", HTTP_ACCEPT_LANGUAGE=accept)
        assert again["X-CCHC-Cache"] == "hit" and again.content == english.content
    client.cookies["django_language"] = "en"
    assert get(client, "/").content == vietnamese.content


def test_language_switch_is_a_plain_link_to_the_translation(client, home, english_home, make_article):
    """No form, no CSRF token: the switch links the page's translation, so pages stay cacheable."""
    html = get(client, "/").content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in html
    # A page without an English version: the switch leads to the English home page.
    article = get(client, make_article().url).content.decode()
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in article
    english = get(client, "/en/").content.decode()
    assert '<a href="/" lang="vi" hreflang="vi">' in english
