"""Our Vietnamese catalogs must not override Django's or Wagtail's own strings.

Gettext looks a message up by (msgctxt, msgid) across every installed catalog, and the apps'
catalogs take precedence over Django's and Wagtail's in the admin. A context-free msgid of ours
that is also one of theirs therefore replaces their translation everywhere: Wagtail's page
explorer would head its "Title" column with our "Trích yếu". So every context-free msgid in our
vi catalogs that Django, Wagtail, wagtail-modeladmin or django-taggit also has without context
(translated or not: an untranslated one of theirs shows in English, and ours would replace it)
must carry exactly their Vietnamese translation; strings where ours differs get a msgctxt.

Their English catalogs give the msgids a Vietnamese one lacks (django-taggit has none at all).
"""

import datetime
import json
import re
from pathlib import Path

import django
import pytest
import taggit
import wagtail
import wagtail_modeladmin
from django.test import override_settings
from django.urls import reverse

from .test_translations import read_po, split_header

REPO = Path(__file__).resolve().parents[2]
OURS = {
    "cchc_pages": REPO / "cchc_pages" / "locale" / "vi" / "LC_MESSAGES" / "django.po",
    "feedback": REPO / "feedback" / "locale" / "vi" / "LC_MESSAGES" / "django.po",
    "demo": REPO / "site" / "cchc_demo" / "locale" / "vi" / "LC_MESSAGES" / "django.po",
}
PACKAGES = [django, wagtail, wagtail_modeladmin, taggit]


def _key(entry):
    return (entry["msgid"], entry.get("msgid_plural"))


def locale_dirs():
    for package in PACKAGES:
        yield from sorted(Path(package.__file__).parent.glob("**/locale"))


def theirs():
    """{(msgid, msgid_plural): [(translation, catalog path), ...]} for their context-free messages.

    A catalog's Vietnamese .po gives its translations; an untranslated or fuzzy message there
    (which msgfmt leaves out) counts with the translation None, and so does a message of its
    English (source) catalog that the Vietnamese one lacks: Wagtail's vi catalogs miss "Type".
    """
    found = {}
    for locale in locale_dirs():
        vi, en = (locale / lang / "LC_MESSAGES" / "django.po" for lang in ("vi", "en"))
        seen = set()
        for po in (vi, en):
            if not po.exists():
                continue
            _, messages = split_header(read_po(po))
            for e in messages:
                if "msgctxt" in e or _key(e) in seen:
                    continue
                seen.add(_key(e))
                translated = po == vi and "fuzzy" not in e["flags"] and all(e["msgstr"])
                found.setdefault(_key(e), []).append((e["msgstr"] if translated else None, po))
    return found


def clashes(name):
    their = theirs()
    _, messages = split_header(read_po(OURS[name]))
    found = []
    for e in messages:
        if "msgctxt" in e or _key(e) not in their:
            continue
        for text, po in their[_key(e)]:
            if text != e["msgstr"]:
                found.append((e["msgid"], e["msgstr"], text, po))
    return found


def test_their_catalogs_are_found():

    found = {str(po) for entries in theirs().values() for _, po in entries}
    for part in ("wagtail/admin/locale/vi", "django/contrib/admin/locale/vi", "wagtail_modeladmin/", "taggit/"):
        assert any(part in path for path in found), part


@pytest.mark.parametrize("name", sorted(OURS))
def test_no_context_free_msgid_overrides_django_or_wagtail(name):
    found = clashes(name)
    site = Path(django.__file__).parents[1]
    lines = [
        f"  {msgid!r}: ours {ours!r}, theirs {their!r} in {po.relative_to(site)}" for msgid, ours, their, po in found
    ]
    assert not found, (
        f"{name}: {len(found)} context-free msgids override Django's/Wagtail's own "
        "(give ours a msgctxt, or match theirs):\n" + "\n".join(lines)
    )


# --- the result in Wagtail's admin --------------------------------------------------------------


@pytest.fixture
def explorer_html(client, django_user_model, home, make_article):
    """Wagtail's page explorer, in Vietnamese, over a document page and a news article."""
    from django.utils import translation

    from cchc_pages.models import DocumentIndexPage, DocumentPage

    documents = home.add_child(instance=DocumentIndexPage(title="Văn bản", slug="van-ban"))
    documents.save_revision().publish()
    plan = DocumentPage(
        title="Kế hoạch cải cách hành chính năm 2021",
        doc_type="ke-hoach",
        issue_date=datetime.date(2020, 12, 30),
        issuing_body="UBND tỉnh Bắc Kạn",
        summary="Trích yếu của kế hoạch",
    )
    documents.add_child(instance=plan)
    plan.save_revision().publish()
    make_article(title="Tin mới về dịch vụ công trực tuyến")
    client.force_login(django_user_model.objects.create_superuser("bientap", "b@example.invalid", "x"))
    with override_settings(LANGUAGE_CODE="vi"), translation.override("vi"):
        listing = {}
        for parent in (home, documents):
            response = client.get(reverse("wagtailadmin_explore", args=[parent.pk]))
            assert response.status_code == 200
            listing[parent.slug] = response.content.decode()
    return listing


def _column_headings(html):
    table = re.search(r"<table class=\"listing[^>]*>.*?</thead>", html, re.S)
    assert table, "no listing table in the page explorer"
    return [re.sub(r"<[^>]+>|\s+", " ", th).split() for th in re.findall(r"<th\b.*?</th>", table.group(0), re.S)]


@pytest.mark.django_db
def test_wagtail_page_explorer_keeps_wagtails_own_vietnamese(explorer_html):
    for where, html in explorer_html.items():
        headings = [" ".join(words) for words in _column_headings(html)]
        assert any(h.startswith("Tiêu đề") for h in headings), (where, headings)
        assert "Type" in headings and "Trạng thái" in headings, (where, headings)  # Wagtail has no vi "Type"
        assert not {"Trích yếu", "Loại văn bản", "Tình trạng"} & set(headings), (where, headings)
        assert _menu_labels(html).get("explorer") == "Trang", where  # Wagtail's "Pages", not our pagination's


def _menu_labels(html):
    """{menu item name: label} of the admin's main menu, from the sidebar's JSON props."""
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    assert props, "no sidebar props in the admin page"
    labels = {}

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("name"), str) and isinstance(node.get("label"), str):
                labels[node["name"]] = node["label"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.group(1)))
    return labels
