"""Readers of cached pages: the second reader gets the first reader's HTML, and it still works."""

import re

import pytest

from .test_journeys import BAC_LIEU, number, ui

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

pytestmark = pytest.mark.browser


@pytest.fixture
def page_cache_on(settings):
    settings.CCHC_PAGE_CACHE_SECONDS = 300


def test_cached_article_still_counts_and_links_the_english_site(page_cache_on, new_context, demo_site, shot):
    article_url = demo_site.url + demo_site.article(BAC_LIEU[:20]).url

    first = new_context().new_page()
    with first.expect_response(lambda r: "/cchc/luot-xem/" in r.url):
        response = first.goto(article_url)
    assert response.headers.get("x-cchc-cache") in ("miss", None)  # rendered for the first reader
    first_views = number(first.locator(".cchc-views").inner_text())

    second = new_context().new_page()
    with second.expect_response(lambda r: "/cchc/luot-xem/" in r.url):
        response = second.goto(article_url)
    assert response.headers["x-cchc-cache"] == "hit"
    assert "csrfmiddlewaretoken" not in second.content()
    views = second.locator(".cchc-views")
    expect(views).not_to_have_text(re.compile(rf"\b{first_views}\b"))
    assert number(views.inner_text()) == first_views + 1  # the cached page shows the live count
    shot(second, "cached-article-counted")

    # The language links work from a cached page too (no form token to go stale): the article has
    # no English version, so "English" leads to the English home page.
    second.get_by_role("navigation", name=ui("Ngôn ngữ", "Language")).get_by_role("link", name="English").click()
    expect(second).to_have_url(demo_site.url + "/en/")
    expect(second.locator("html")).to_have_attribute("lang", "en")
    expect(second.get_by_role("heading", level=1)).to_have_text("Administrative Reform Portal")
    shot(second, "cached-article-then-english-home")
