"""The demo's language switch under the anonymous full-page cache (tests/caching/test_page_cache.py)."""

import pytest
from cchc_demo.models import DepartmentSettings

from ..caching.test_page_cache import get


@pytest.fixture(autouse=True)
def page_cache_on(settings, home):
    settings.CCHC_PAGE_CACHE_SECONDS = 300
    # The demo creates its settings row on the first render, which (as any settings edit) refreshes
    # the cache; create it up front so each test starts from a settled site.
    DepartmentSettings.for_site(home.get_site())


def test_language_switch_is_a_link_that_sets_the_cookie(client, make_article):
    article = make_article()
    html = get(client, article.url).content.decode()
    assert "csrfmiddlewaretoken" not in html
    response = client.get(f"/ngon-ngu/en/?next={article.url}")
    assert response.status_code == 302
    assert response["Location"] == article.url
    assert response.cookies["django_language"].value == "en"
    assert client.get("/ngon-ngu/en/?next=https://evil.example/")["Location"] == "/"
