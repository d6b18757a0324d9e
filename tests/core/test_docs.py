"""The documentation names only what exists: README.md and docs/*.md are read line by line, and
each failure says which file and line is stale.

(a) repository paths in backticks (`cchc_pages/procedures/importing.py`, `deploy/nginx.conf`,
    `tests/news/`) exist; a template or static file may be named as its apps see it
    (`cchc_pages/base.html` is cchc_pages/templates/cchc_pages/base.html);
(b) dotted Python paths of our packages (`cchc_pages.…`, `feedback.…`, `cchc_demo.…`) name a
    module or a module's attribute;
(c) every `CCHC_*` name is a setting with a default in the apps (their conf modules' DEFAULTS), or
    one the demo project or the tooling reads; and every setting with a default in the apps is
    documented in docs/settings.md;
(d) every relative link and image resolves, and a link's #anchor names a heading of its target.
"""

import importlib
import importlib.util
import re
import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
OUR_PACKAGES = ("cchc_pages", "feedback", "cchc_demo")
# Where the apps keep their settings' defaults: each module has a DEFAULTS dict. The first existing
# module of each tuple is used (the app's settings moved from cchc_pages/conf.py to core/conf.py).
SETTINGS_MODULES = [
    ("cchc_pages.core.conf", "cchc_pages.conf"),
    ("feedback.polls.conf",),
    ("feedback.submissions.conf",),
    ("feedback.notices.conf",),
]
# Names read from the environment or settings by the demo project and by the tooling (./dev, CI,
# the browser tests): a CCHC_* name found in these files is real.
OTHER_READERS = [
    "site/cchc_demo/**/*.py",
    "dev",
    ".ci/run",
    "tests/browser/*.py",
    "tests/procedures/test_national_record.py",  # CCHC_TTHC_SAMPLES: the real files, by hand
]
# Where the apps' templates and static files live, for paths named as the apps see them.
APP_FOLDERS = ["cchc_pages/templates", "feedback/templates", "cchc_pages/static", "feedback/static", "templates"]

CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
FENCE = re.compile(r"^\s*(```|~~~)")
LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
SETTING = re.compile(r"\bCCHC_[A-Z0-9_]*[A-Z0-9]\b")
DOTTED = re.compile(r"(?<![\w./-])((?:" + "|".join(OUR_PACKAGES) + r")(?:\.\w+)+)")
CHECK_ID = re.compile(r"\.[A-Z]\d{3}$")  # cchc_pages.W001: a system check id, not a Python path


class Line:
    """One line of a doc, with what it holds in code spans (or in a fenced block)."""

    def __init__(self, doc, number, text, fenced):
        self.doc, self.number, self.text, self.fenced = doc, number, text, fenced

    @property
    def where(self):
        return f"{self.doc.relative_to(REPO)}:{self.number}: {self.text.strip()[:160]}"

    def spans(self):
        if self.fenced:
            return [self.text]
        return [match.group(2) for match in CODE_SPAN.finditer(self.text)]


def doc_lines():
    for doc in DOCS:
        fenced = False
        for number, text in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
            if FENCE.match(text):
                fenced = not fenced
                continue
            yield Line(doc, number, text, fenced)


LINES = list(doc_lines())
TOP_LEVEL = {entry.name for entry in REPO.iterdir() if not entry.name.startswith(".") or entry.name == ".ci"}


def stale(problems, what):
    return f"{len(problems)} stale {what} in the docs:\n  " + "\n  ".join(problems)


# --- (a) repository paths ---------------------------------------------------------------------------------


def repository_paths(line):
    """Tokens of the line's code spans that look like paths in this repository."""
    if line.fenced:
        return []
    found = []
    for span in line.spans():
        for token in span.split():
            token = token.strip("()[],;:\"'").split("::")[0]
            if "/" not in token or "://" in token or token.startswith("/") or "=" in token:
                continue
            if any(mark in token for mark in "<>*{}…$?#|"):
                continue  # a pattern (`docs/images/huong-dan/<step>.png`), not one path
            first = token.split("/", 1)[0]
            if first in TOP_LEVEL:
                found.append(token)
    return found


def path_exists(token):
    if (REPO / token).exists():
        return True
    return any((REPO / folder / token).exists() for folder in APP_FOLDERS)


def test_repository_paths_named_in_the_docs_exist():
    problems = [
        f"{line.where}\n      `{token}` does not exist"
        for line in LINES
        for token in repository_paths(line)
        if not path_exists(token)
    ]
    assert not problems, stale(problems, "path(s)")


# --- (b) Python paths -------------------------------------------------------------------------------------


def resolves(dotted):
    """A module (found without running it: settings modules read the environment), or an attribute
    of the longest importable module prefix."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        module = ".".join(parts[:cut])
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            continue
        if cut == len(parts):
            return True
        obj = importlib.import_module(module)
        for attribute in parts[cut:]:
            if not hasattr(obj, attribute):
                return False
            obj = getattr(obj, attribute)
        return True
    return False


def python_paths(line):
    found = []
    for span in line.spans():
        for match in DOTTED.finditer(span):
            dotted = match.group(1).rstrip(".")
            if CHECK_ID.search(dotted) or re.search(r"\.(html|css|js|py|json|md|txt|png)$", dotted):
                continue
            found.append(dotted)
    return found


def test_python_paths_named_in_the_docs_import():
    problems = [
        f"{line.where}\n      `{dotted}` is neither a module nor a module's attribute"
        for line in LINES
        for dotted in python_paths(line)
        if not resolves(dotted)
    ]
    assert not problems, stale(problems, "Python path(s)")


# --- (c) settings -----------------------------------------------------------------------------------------


def module_or_none(name):
    try:
        return importlib.import_module(name) if importlib.util.find_spec(name) else None
    except ImportError:
        return None


def app_defaults():
    defaults = {}
    for candidates in SETTINGS_MODULES:
        for name in candidates:
            module = module_or_none(name)
            if module is not None and hasattr(module, "DEFAULTS"):
                defaults.update(module.DEFAULTS)
                break
        else:
            pytest.fail(f"none of {', '.join(candidates)} holds the settings' DEFAULTS: update SETTINGS_MODULES")
    return defaults


def names_read_elsewhere():
    names = set()
    for pattern in OTHER_READERS:
        for file in REPO.glob(pattern):
            if file.is_file() and file != Path(__file__):
                names.update(SETTING.findall(file.read_text(encoding="utf-8", errors="replace")))
    return names


def test_every_setting_named_in_the_docs_exists():
    known = set(app_defaults()) | names_read_elsewhere()
    problems = [
        f"{line.where}\n      `{name}` is no setting of the apps, the demo or the tooling"
        for line in LINES
        for name in dict.fromkeys(SETTING.findall(line.text))
        if name not in known
    ]
    assert not problems, stale(problems, "setting name(s)")


def test_every_setting_with_a_default_is_in_the_settings_reference():
    reference = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    documented = {name for span in CODE_SPAN.finditer(reference) for name in SETTING.findall(span.group(2))}
    missing = sorted(set(app_defaults()) - documented)
    assert not missing, (
        "docs/settings.md does not document these settings, which have a default in the apps: " + ", ".join(missing)
    )


# --- (d) links and images ---------------------------------------------------------------------------------


def anchor(heading):
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip()).lower()
    text = "".join(c for c in text if c in " -" or unicodedata.category(c)[0] in "LN")
    return text.replace(" ", "-")


def anchors(doc):
    seen, result = {}, set()
    fenced = False
    for text in doc.read_text(encoding="utf-8").splitlines():
        if FENCE.match(text):
            fenced = not fenced
        elif not fenced and (match := re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", text)):
            base = anchor(match.group(1))
            n = seen.get(base, 0)
            seen[base] = n + 1
            result.add(base if n == 0 else f"{base}-{n}")
    return result


def link_problem(line, target):
    if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:, tel:
        return None
    path, _, fragment = target.partition("#")
    file = (line.doc.parent / path).resolve() if path else line.doc
    if not file.is_relative_to(REPO):
        return f"`{target}` points outside the repository"
    if not file.exists():
        return f"`{target}` does not exist ({file.relative_to(REPO)})"
    if fragment and file.suffix == ".md" and fragment not in anchors(file):
        return f"`{target}`: {file.relative_to(REPO)} has no heading with the anchor #{fragment}"
    return None


def test_links_and_images_resolve():
    problems = [
        f"{line.where}\n      {problem}"
        for line in LINES
        if not line.fenced
        for target in LINK.findall(line.text)
        if (problem := link_problem(line, target))
    ]
    assert not problems, stale(problems, "link(s)")


def test_the_checks_find_what_they_look_for():
    """The scanners are not blind: the README names paths, settings and Python paths."""
    readme = [line for line in LINES if line.doc.name == "README.md"]
    assert any("tests/stock_site/check.py" in repository_paths(line) for line in readme)
    assert any("cchc_pages.page_cache.PageCacheMiddleware" in python_paths(line) for line in readme)
    assert any(SETTING.search(line.text) for line in readme)
    assert any(LINK.search(line.text) for line in readme)
