"""Shared fixtures: a small news site built through Wagtail's own APIs; and which tests a run collects.

Two test projects, one settings module per pytest process:

- ``pytest`` (the ini's ``tests.settings``): the apps' tests, in a stock Wagtail site whose root
  is a plain ``wagtail.models.Page``; tests/demo and tests/browser are left out.
- ``pytest --ds=cchc_demo.settings_test tests/demo tests/browser``: the demo project's tests.

Naming a folder or file of the other project on the command line is a usage error, not an empty run.
"""

import datetime
import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Page, Site

from cchc_pages.caching import counters
from cchc_pages.models import NewsArticlePage, NewsCategory, NewsIndexPage
from feedback.polls import caching as poll_caching

from .s3 import moto_server

TESTS = Path(__file__).resolve().parent
APPS_SETTINGS = "tests.settings"
DEMO_SETTINGS = "cchc_demo.settings_test"
DEMO_TESTS = (TESTS / "demo", TESTS / "browser")
COMMANDS = {
    APPS_SETTINGS: "pytest",
    DEMO_SETTINGS: f"pytest --ds={DEMO_SETTINGS} tests/demo tests/browser",
}


def _settings_module():
    """The settings module pytest-django set up for this run (it exports DJANGO_SETTINGS_MODULE)."""
    module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    if module not in COMMANDS:
        raise pytest.UsageError(
            f"tests/ has no tests for DJANGO_SETTINGS_MODULE={module!r}; run the apps' tests with "
            f"`{COMMANDS[APPS_SETTINGS]}`, the demo's with `{COMMANDS[DEMO_SETTINGS]}`"
        )
    return module


def _is_demo(path):
    path = Path(path).resolve()
    return any(path == folder or folder in path.parents for folder in DEMO_TESTS)


def pytest_collection(session):
    """A path given on the command line must belong to the project whose settings are active."""
    module = _settings_module()
    for arg in session.config.args:
        path = Path(session.config.invocation_params.dir, arg.split("::")[0]).resolve()
        if TESTS not in path.parents:  # tests/ itself: pytest_ignore_collect picks this project's part
            continue
        if _is_demo(path) != (module == DEMO_SETTINGS):
            wanted = DEMO_SETTINGS if _is_demo(path) else APPS_SETTINGS
            project = "the demo's tests" if wanted == DEMO_SETTINGS else "the apps' tests"
            raise pytest.UsageError(
                f"{arg} is one of {project}, which run under {wanted}, not {module}: `{COMMANDS[wanted]}`"
            )


def pytest_ignore_collect(collection_path, config):
    """Leave out the other project's tests (helpers and the test project's files are not tests)."""
    path = Path(collection_path).resolve()
    if path == TESTS or TESTS not in path.parents:
        return None
    # The apps' settings never collect the demo's folders; the demo's settings collect only those.
    return True if _is_demo(path) != (_settings_module() == DEMO_SETTINGS) else None


@pytest.fixture(autouse=True)
def clear_caches():
    """Each test rolls its database back; cached site root paths and sidebars must go with it."""
    cache.clear()
    poll_caching.forget_kept()
    yield
    cache.clear()
    poll_caching.forget_kept()  # what this process keeps of polls (tokens' copies, rendered results)
    counters.buffer.discard()  # hits of this test must not be flushed into the next one's database


@pytest.fixture
def home(db):
    """The site's root: a plain Wagtail page, as the apps meet under a department's own home page
    (tests/demo/conftest.py replaces it with the demo's HomePage)."""
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = root.add_child(instance=Page(title="Trang chủ", slug="home"))
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
