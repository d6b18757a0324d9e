"""The apps' pages under Wagtail's stock project base.html, and the system check that tells a site
whose base template lacks the blocks they fill (cchc_pages/checks.py)."""

import json
import re
from pathlib import Path

import pytest
import wagtail
from django.conf import settings
from django.template import Context, Engine
from django.test.utils import override_settings

from cchc_pages.checks import check_base_template
from cchc_pages.models import ContactCard, ContactDirectoryPage, OrganisationUnit, ProcedureIndexPage, ProcedurePage

STOCK_BASE = Path(wagtail.__file__).parent / "project_template/project_name/templates/base.html"


def stock_base():
    """Wagtail's project base.html as `wagtail start mysite` writes it (the same rendering of its template)."""
    return Engine().from_string(STOCK_BASE.read_text()).render(Context({"project_name": "mysite"}, autoescape=False))


def templates_with(folder):
    """The test settings' TEMPLATES with `folder` first in DIRS, so its base.html wins over the demo's."""
    first = {**settings.TEMPLATES[0], "DIRS": [str(folder), *settings.TEMPLATES[0]["DIRS"]]}
    return [first, *settings.TEMPLATES[1:]]


def only(folder):
    """TEMPLATES with `folder` as the only DIRS (the apps' own templates still load from APP_DIRS)."""
    return [{**settings.TEMPLATES[0], "DIRS": [str(folder)]}]


def ids(warnings):
    return [w.id for w in warnings]


def test_stock_base_passes(tmp_path):
    (tmp_path / "base.html").write_text(stock_base())
    assert "{% block extra_css %}" in (tmp_path / "base.html").read_text()
    with override_settings(TEMPLATES=only(tmp_path)):
        assert check_base_template() == []


def test_demo_base_passes():
    assert check_base_template() == []


def test_base_with_extra_head_only_warns_with_the_fix(tmp_path):
    (tmp_path / "base.html").write_text(
        "<html><head>{% block extra_head %}{% endblock %}</head><body>{% block content %}{% endblock %}</body></html>"
    )
    with override_settings(TEMPLATES=only(tmp_path)):
        warnings = check_base_template()
    assert ids(warnings) == ["cchc_pages.W001"]
    [warning] = warnings
    assert "cchc_pages/base.html and feedback/base.html" in warning.msg
    assert "extra_css" in warning.msg and str(tmp_path / "base.html") in warning.msg
    assert "{% block extra_css %}{% endblock %} inside <head>" in warning.hint
    assert "override cchc_pages/base.html and feedback/base.html" in warning.hint


def test_base_without_content_warns(tmp_path):
    (tmp_path / "base.html").write_text(
        "<html><head>{% block extra_css %}{% endblock %}</head><body>{% block main %}{% endblock %}</body></html>"
    )
    with override_settings(TEMPLATES=only(tmp_path)):
        warnings = check_base_template()
    assert ids(warnings) == ["cchc_pages.W002"]
    assert "{% block content %}{% endblock %} inside <body>" in warnings[0].hint


def test_blocks_of_a_grandparent_count_and_a_block_only_the_child_defines_does_not(tmp_path):
    (tmp_path / "layout.html").write_text(
        "<head>{% block extra_css %}{% endblock %}</head>{% block body %}{% endblock %}"
    )
    # "content" outside any block of layout.html is never rendered: the pages would lose it.
    (tmp_path / "base.html").write_text('{% extends "layout.html" %}{% block content %}{% endblock %}')
    with override_settings(TEMPLATES=only(tmp_path)):
        assert ids(check_base_template()) == ["cchc_pages.W002"]
    (tmp_path / "base.html").write_text(
        '{% extends "layout.html" %}{% block body %}<main>{% block content %}{% endblock %}</main>{% endblock %}'
    )
    with override_settings(TEMPLATES=only(tmp_path)):
        assert check_base_template() == []


def test_an_override_that_maps_the_blocks_passes(tmp_path):
    (tmp_path / "base.html").write_text("<head>{% block head %}{% endblock %}</head>{% block main %}{% endblock %}")
    for app in ("cchc_pages", "feedback"):
        (tmp_path / app).mkdir()
        (tmp_path / app / "base.html").write_text(
            '{% extends "base.html" %}{% block head %}{% block cchc_head %}{% endblock %}{% endblock %}'
            "{% block main %}{% block cchc_content %}{% endblock %}{% endblock %}"
        )
    with override_settings(TEMPLATES=only(tmp_path)):
        assert check_base_template() == []


def test_no_base_warns_once(tmp_path):
    with override_settings(TEMPLATES=only(tmp_path)):
        warnings = check_base_template()
    assert ids(warnings) == ["cchc_pages.W003"]
    assert "TEMPLATES DIRS" in warnings[0].hint


def test_a_broken_base_is_a_warning_not_a_crash(tmp_path):
    (tmp_path / "base.html").write_text("{% block extra_css %}{% if %}{% endblock %}")
    with override_settings(TEMPLATES=only(tmp_path)):
        warnings = check_base_template()
    assert set(ids(warnings)) == {"cchc_pages.W004"} and len(warnings) == 1
    (tmp_path / "base.html").write_text('{% extends "missing.html" %}')
    with override_settings(TEMPLATES=only(tmp_path)):
        warnings = check_base_template()
    assert ids(warnings) == ["cchc_pages.W004"] and "missing.html" in warnings[0].msg
    with override_settings(TEMPLATES=[{**only(tmp_path)[0], "APP_DIRS": False}]):
        assert set(ids(check_base_template())) == {"cchc_pages.W004"}


def test_the_check_is_registered():
    from django.core import checks

    assert check_base_template in checks.registry.registry.get_checks()


# --- pages under Wagtail's stock base.html ------------------------------------------------------


@pytest.fixture
def stock_templates(tmp_path):
    (tmp_path / "base.html").write_text(stock_base())
    with override_settings(TEMPLATES=templates_with(tmp_path)):
        yield


def head_and_body(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert "current_site.site_name" not in html and 'href="/static/css/mysite.css"' in html, "not the stock base"
    head, body = html.split("</head>")
    return head, body


def test_news_index_keeps_its_stylesheet_and_feed_link(client, make_article, news_index, stock_templates):
    make_article(title="Tin dưới base.html của Wagtail")
    head, body = head_and_body(client.get(news_index.url))
    assert '<link rel="stylesheet" href="/static/cchc_pages/cchc.css">' in head
    assert re.search(r'<link rel="alternate" type="application/rss\+xml"[^>]*href="[^"]+"', head)
    assert "Tin dưới base.html của Wagtail" in body


def test_article_keeps_its_meta_description(client, make_article, stock_templates):
    article = make_article(sapo="Tóm tắt bài viết")
    head, _body = head_and_body(client.get(article.url))
    assert '<meta name="description" content="Tóm tắt bài viết">' in head
    assert 'type="application/rss+xml"' in head


def test_procedure_keeps_its_stylesheet_and_json_ld(client, home, stock_templates):
    index = home.add_child(instance=ProcedureIndexPage(title="Thủ tục hành chính", slug="thu-tuc"))
    procedure = index.add_child(instance=ProcedurePage(title="Đăng ký khai sinh", code="1.001193"))
    head, body = head_and_body(client.get(procedure.url))
    assert '<link rel="stylesheet" href="/static/cchc_pages/procedures.css">' in head
    assert '<script type="application/ld+json">' in head
    assert "Đăng ký khai sinh" in body
    head, _body = head_and_body(client.get(index.url))
    assert '<link rel="stylesheet" href="/static/cchc_pages/procedures.css">' in head
    # The print view has its own base (cchc_pages/print_base.html); its stylesheet is in <head> too.
    printed = client.get(procedure.url + "ban-in/").content.decode()
    assert '<link rel="stylesheet" href="/static/cchc_pages/procedures.css">' in printed.split("</head>")[0]


def test_contact_directory_keeps_its_script_and_json_ld(client, home, stock_templates):
    unit = OrganisationUnit.objects.create(name="Sở Nội vụ", kind="department")
    ContactCard.objects.create(name="Nguyễn Văn An", position="Giám đốc Sở", unit=unit)
    directory = home.add_child(instance=ContactDirectoryPage(title="Danh bạ", slug="danh-ba"))
    head, body = head_and_body(client.get(directory.url))
    assert '<script src="/static/cchc_pages/contacts.js" defer></script>' in head
    [data] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert "Sở Nội vụ" in json.dumps(json.loads(data), ensure_ascii=False)
    assert "Nguyễn Văn An" in body
