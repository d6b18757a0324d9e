"""Shared fixtures: a small news site built through Wagtail's own APIs."""

import datetime

import pytest
from cchc_demo.models import HomePage
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Page, Site

from cchc_pages.caching import counters
from cchc_pages.models import NewsArticlePage, NewsCategory, NewsIndexPage

from .s3 import moto_server


@pytest.fixture(autouse=True)
def clear_caches():
    """Each test rolls its database back; cached site root paths and sidebars must go with it."""
    cache.clear()
    yield
    cache.clear()
    counters.buffer.discard()  # hits of this test must not be flushed into the next one's database


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = root.add_child(instance=HomePage(title="Trang chủ", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="CCHC")
    return home


@pytest.fixture
def news_index(home):
    index = home.add_child(instance=NewsIndexPage(title="Tin tức cải cách hành chính", slug="tin-tuc", per_page=10))
    index.save_revision().publish()
    return index


@pytest.fixture
def make_article(news_index):
    counter = {"n": 0}

    def make(title=None, date=None, parent=None, categories=(), tags=(), **fields):
        counter["n"] += 1
        page = NewsArticlePage(
            title=title or f"Tin cải cách hành chính số {counter['n']}",
            date=date
            or timezone.make_aware(datetime.datetime(2023, 1, 1, 8, 0)) + datetime.timedelta(days=counter["n"]),
            **fields,
        )
        (parent or news_index).add_child(instance=page)
        if categories:
            page.categories.set(categories)
        if tags:
            page.tags.set(list(tags))
        page.save_revision().publish()
        return page

    return make


@pytest.fixture
def category(db):
    return NewsCategory.objects.create(name="Cải cách thủ tục hành chính")


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3-compatible HTTP server on 127.0.0.1 and a free port, for one test module."""
    with moto_server() as endpoint:
        yield endpoint
