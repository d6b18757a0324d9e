"""Translations of the apps: complete Vietnamese catalogs, up-to-date compiled .mo files, and a UI
that speaks Vietnamese by default and English on request (the demo's: tests/demo/test_translations.py).

The .po files are parsed with the standard library only; the committed .mo files are read
with gettext.GNUTranslations and compared message by message with their .po, so a .po edited
without running compilemessages fails here (no gettext tools needed). When GNU gettext is
installed, msgfmt --check also validates formats and headers, and a fresh extraction
(makemessages into a temporary copy) checks that no marked string is missing from a catalog.
"""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

REPO = Path(__file__).resolve().parents[2]
# The apps' catalogs; tests/demo/test_translations.py checks the demo's alike.
CATALOGS = {
    "cchc_pages": REPO / "cchc_pages" / "locale",
    "feedback": REPO / "feedback" / "locale",
}
LANGS = ["vi", "en"]


def po_path(name, lang):
    return CATALOGS[name] / lang / "LC_MESSAGES" / "django.po"


# --- a small .po reader (stdlib only) -----------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(text):
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), f"bad PO string: {text!r}"
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def read_po(path):
    """Entries of a .po file as dicts: flags, msgctxt, msgid, msgid_plural, msgstr (list).

    Obsolete (#~) entries are skipped; the header is the entry whose msgid is "".
    """
    entries, entry, key = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and key is not None:  # a comment after strings starts a new entry
                finish()
                entry, key = None, None
            if entry is None:
                entry = {"flags": set(), "msgstr": {}}
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"'):
            if key[0] == "msgstr":
                entry["msgstr"][key[1]] += _unquote(line)
            else:
                entry[key[0]] += _unquote(line)
            continue
        word, rest = line.split(None, 1)
        if word in ("msgctxt", "msgid") and key is not None and key[0] == "msgstr":
            finish()
            entry, key = None, None
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        match = re.fullmatch(r"msgstr\[(\d+)\]", word)
        if match or word == "msgstr":
            key = ("msgstr", int(match.group(1)) if match else 0)
            entry["msgstr"][key[1]] = _unquote(rest)
        else:
            key = (word, None)
            entry[word] = _unquote(rest)
    finish()
    for item in entries:
        item["msgstr"] = [item["msgstr"][i] for i in sorted(item["msgstr"])]
    return entries


def split_header(entries):
    header = [e for e in entries if e["msgid"] == "" and "msgctxt" not in e]
    assert len(header) == 1, "a catalog needs exactly one header entry"
    return header[0], [e for e in entries if e is not header[0]]


def expected_mo_catalog(messages):
    """What msgfmt puts in the .mo for these .po messages, in GNUTranslations' _catalog form."""
    catalog = {}
    for e in messages:
        if "fuzzy" in e["flags"] or not all(e["msgstr"]):
            continue  # msgfmt leaves out fuzzy and untranslated messages
        msgid = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        if "msgid_plural" in e:
            catalog.update({(msgid, i): text for i, text in enumerate(e["msgstr"])})
        else:
            catalog[msgid] = e["msgstr"][0]
    return catalog


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}")


# --- catalogs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_vietnamese_catalog_is_complete(name):
    header, messages = split_header(read_po(po_path(name, "vi")))
    assert messages, f"{name}: the vi catalog is empty"
    assert "Plural-Forms: nplurals=1; plural=0;" in header["msgstr"][0]
    assert "Language: vi" in header["msgstr"][0]
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in messages if not all(e["msgstr"])]
    assert not fuzzy, f"{name}: fuzzy entries in vi: {fuzzy}"
    assert not untranslated, f"{name}: untranslated entries in vi: {untranslated}"
    for e in messages:
        assert len(e["msgstr"]) == 1, f"{name}: vi has one plural form, not {len(e['msgstr'])}: {e['msgid']!r}"
        wanted = sorted(PLACEHOLDER.findall(e["msgid"]))
        assert sorted(PLACEHOLDER.findall(e["msgstr"][0])) == wanted, f"{name}: placeholders differ: {e['msgid']!r}"


@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_english_catalog_exists_with_the_same_messages(name):
    _, vi = split_header(read_po(po_path(name, "vi")))
    _, en = split_header(read_po(po_path(name, "en")))
    assert {e["msgid"] for e in en} == {e["msgid"] for e in vi}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_compiled_catalog_matches_its_po(name, lang):
    po = po_path(name, lang)
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run compilemessages"
    header, messages = split_header(read_po(po))
    with mo.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    committed = {k: v for k, v in compiled._catalog.items() if k != ""}
    assert committed == expected_mo_catalog(messages), f"{mo} is stale: run compilemessages"
    plural_forms = re.search(r"Plural-Forms: (.*)", header["msgstr"][0]).group(1)
    assert f"Plural-Forms: {plural_forms}" in compiled._catalog[""]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CATALOGS))
def test_msgfmt_check_passes(name, lang, tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(po_path(name, lang))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def extracted_msgids(tmp_path, monkeypatch, sources, ignore=()):
    """Run makemessages on a temporary copy of `sources` ({relative path: source dir}) and
    return the msgids found, leaving the real catalogs alone."""
    work = tmp_path / "src"
    for rel, src in sources.items():
        shutil.copytree(src, work / rel, ignore=shutil.ignore_patterns("locale", "__pycache__", "static"))
    (work / "locale").mkdir()
    monkeypatch.chdir(work)
    with override_settings(LOCALE_PATHS=[]):
        call_command("makemessages", locale=["vi"], ignore_patterns=list(ignore), verbosity=0)
    _, messages = split_header(read_po(work / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    return {e["msgid"] for e in messages}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
@pytest.mark.parametrize(
    "name, sources",
    [
        ("cchc_pages", {".": REPO / "cchc_pages"}),
        ("feedback", {".": REPO / "feedback"}),
    ],
)
def test_catalog_has_every_marked_string(name, sources, tmp_path, monkeypatch):
    """A string marked for translation but missing from the catalog would show in English."""
    _, messages = split_header(read_po(po_path(name, "vi")))
    in_catalog = {e["msgid"] for e in messages}
    in_source = extracted_msgids(tmp_path, monkeypatch, sources)
    missing, stale = sorted(in_source - in_catalog), sorted(in_catalog - in_source)
    assert not missing and not stale, (
        f"{name}: run makemessages (see README, Translations); missing: {missing}; no longer used: {stale}"
    )


# --- the site in both languages -----------------------------------------------------------------


@pytest.fixture
def two_articles(make_article):
    older = make_article(title="Tin cũ về một cửa liên thông")
    newer = make_article(title="Tin mới về dịch vụ công trực tuyến")
    return older, newer


@pytest.mark.django_db
def test_english_browser_gets_english_and_vietnamese_browser_vietnamese(client, two_articles):
    _, newer = two_articles
    assert "Print version" in client.get(newer.url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Bản in" in client.get(newer.url, HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9,en;q=0.5").content.decode()


@pytest.mark.django_db
def test_listing_and_print_view_in_vietnamese(client, news_index, make_article, category):
    make_article(title="Tin cũ về một cửa liên thông")
    newer = make_article(title="Tin mới về dịch vụ công trực tuyến", categories=[category])
    listing = client.get(news_index.url).content.decode()
    for label in ("Xem theo ngày", "Lưu trữ", "Tháng 01/2023", "Chuyên mục", "Tìm kiếm tin", ">T2<", ">CN<", "Thứ Hai"):
        assert label in listing, label
    printed = client.get(newer.url + "ban-in/").content.decode()
    assert "Bản in" in printed and ">In<" in printed and "Quay lại bài viết" in printed
