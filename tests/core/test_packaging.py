"""The built wheel installs into a fresh virtual environment and works in another Wagtail project."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SETTINGS = """
SECRET_KEY = "x"
USE_TZ = True
LANGUAGE_CODE = "vi"
ROOT_URLCONF = "other_urls"
INSTALLED_APPS = [
    "cchc_pages", "feedback",
    "wagtail.contrib.routable_page", "wagtail.contrib.settings", "wagtail.contrib.table_block",
    "wagtail.sites", "wagtail.users", "wagtail.snippets", "wagtail.documents", "wagtail.images",
    "wagtail.search", "wagtail.admin", "wagtail", "wagtail_modeladmin", "modelcluster", "taggit",
    "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django.contrib.messages", "django.contrib.staticfiles",
]
MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware",
              "django.contrib.auth.middleware.AuthenticationMiddleware",
              "django.contrib.messages.middleware.MessageMiddleware"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": ["templates"],
              "APP_DIRS": True, "OPTIONS": {"context_processors": ["django.template.context_processors.request"]}}]
STATIC_URL = "/static/"
WAGTAIL_SITE_NAME = "Sở Nội vụ"
ALLOWED_HOSTS = ["*"]
"""

URLS = """
from django.urls import include, path
from wagtail import urls as wagtail_urls
urlpatterns = [path("cchc/", include("cchc_pages.urls")), path("", include(wagtail_urls))]
"""

BASE = """<!DOCTYPE html><html><head><title>{% block title %}{% endblock %}</title>
{% block extra_css %}{% endblock %}</head>
<body><div id="their-site">{% block content %}{% endblock %}</div>
{% block extra_js %}{% endblock %}</body></html>"""

CHECK = """
import django, os, pathlib
os.environ["DJANGO_SETTINGS_MODULE"] = "other_settings"
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
import cchc_pages
pkg = pathlib.Path(cchc_pages.__file__).parent
assert (pkg / "locale/vi/LC_MESSAGES/django.mo").exists(), "compiled translations missing"
assert (pkg / "static/cchc_pages/cchc.css").exists(), "static files missing"
from django.test import Client
from wagtail.models import Page, Site
from cchc_pages.models import NewsArticlePage, NewsIndexPage
root = Page.objects.get(depth=1)
site = Site.objects.get()
index = site.root_page.add_child(instance=NewsIndexPage(title="Tin cải cách"))
article = index.add_child(instance=NewsArticlePage(title="Đánh giá thái độ"))
client = Client()
html = client.get(article.url).content.decode()
assert 'id="their-site"' in html and "Đánh giá thái độ" in html, html[:500]
assert "Bản in" in html, "Vietnamese UI missing"
assert "/static/cchc_pages/cchc.css" in html.split("</head>")[0], "cchc.css not in <head>"
from django.core import checks
assert not [w for w in checks.run_checks() if w.id.startswith("cchc_")], "base template check failed"
print("OK", article.url, cchc_pages.__file__)
"""


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_environment(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("cchc-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # Same versions as the pinned requirements (pip constraints take no extras).
    constraints = tmp_path / "constraints.txt"
    pins = (ROOT / "requirements.txt").read_text().splitlines()
    constraints.write_text("\n".join(line for line in pins if "==" in line and "[" not in line))
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel), "-c", str(constraints)],
        check=True,
        capture_output=True,
    )
    project = tmp_path / "their_project"
    (project / "templates").mkdir(parents=True)
    (project / "other_settings.py").write_text(textwrap.dedent(SETTINGS))
    (project / "other_urls.py").write_text(textwrap.dedent(URLS))
    (project / "templates" / "base.html").write_text(BASE)
    (project / "check.py").write_text(textwrap.dedent(CHECK))
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH", "DATABASE_URL")}
    result = subprocess.run([str(python), "check.py"], cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "OK /tin-cai-cach/danh-gia-thai-do/" in result.stdout
    assert str(venv) in result.stdout  # imported from the installed wheel, not the source tree


@pytest.mark.slow
def test_distributions_are_fit_for_a_package_index(tmp_path):
    """What a package index shows and checks: `twine check` passes on the wheel and the sdist, the
    long description says what cchc is and how to install it (not the repository's `./dev demo`),
    there is no placeholder URL, the version is the package's one version, and the sdist carries the
    licence, the changelog and the docs."""
    import tarfile
    import zipfile

    import cchc_pages

    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    files = sorted(dist.iterdir())
    assert [f.name for f in files] == [
        f"cchc-{cchc_pages.__version__}-py3-none-any.whl",
        f"cchc-{cchc_pages.__version__}.tar.gz",
    ]
    check = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, files)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    with zipfile.ZipFile(files[0]) as wheel:
        metadata = wheel.read(f"cchc-{cchc_pages.__version__}.dist-info/METADATA").decode()
        names = wheel.namelist()
    assert "example.invalid" not in metadata and "./dev" not in metadata
    assert "pip install cchc" in metadata and "cải cách hành chính" in metadata
    assert "License-Expression: BSD-3-Clause" in metadata
    assert any(name.endswith("licenses/LICENSE") for name in names)
    with tarfile.open(files[1]) as sdist:
        members = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"LICENSE", "CHANGELOG.md", "README.md", "docs/install.md", "docs/security.md"} <= members
