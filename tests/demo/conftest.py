"""Fixtures of the demo project's tests (run with --ds=cchc_demo.settings_test)."""

import pytest
from wagtail.models import Page, Site


@pytest.fixture
def home(db):
    """The demo's HomePage as the site's root, under which tests/conftest.py's fixtures build."""
    from cchc_demo.models import HomePage

    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = root.add_child(instance=HomePage(title="Trang chủ", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="CCHC")
    return home
