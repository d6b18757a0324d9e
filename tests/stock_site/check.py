#!/usr/bin/env python3
"""A stock `wagtail start` site installs cchc by the README, every page works, and it uninstalls clean.

    python tests/stock_site/check.py --python 3.13.0 --django "6.1.*" --wagtail "8.0.*" --workdir DIR

A CI step, not a pytest test (pytest does not collect this folder's files). In DIR it builds the
wheel from this checkout, makes a fresh venv with the requested Python (a pyenv version such as
3.13.0, or a path to an interpreter), installs the wheel with the requested Django and Wagtail, runs
`wagtail start mysite`, and applies the README's snippets marked `<!-- stock-site: NAME -->` (section
"Install into your existing Wagtail site"), exactly as written there. Then, over HTTP against
`manage.py runserver`, anonymously: every page of every cchc page type returns 200 and, with the
stock base.html unmodified, links the apps' stylesheets, scripts, JSON-LD, feeds and description in
its <head>; a poll vote, a feedback submission with its tracking look-up, a procedure import, the
sitemap. With the README's base-template tags added: the sidebar boxes and counters. Finally it
follows the README's "Uninstall" section and checks the site is clean. Exits non-zero with the
reason at the first failure.
"""

import argparse
import http.cookiejar
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
README = ROOT / "README.md"
APP_LABELS = ("cchc_pages", "cchc_feedback")
REQUIRED_SNIPPETS = ("settings", "urls", "base-template", "migrate", "uninstall", "uninstall-after")
START = time.monotonic()

# What each page type's <head> must hold with the stock base.html (beyond cchc.css, which all must):
# stylesheets, scripts, the JSON-LD @type (a regex), feed links, and whether a meta description is due.
HEAD = {
    "cchc_pages.newsindexpage": {"links": ['type="application/rss+xml"'], "jsonld": "CollectionPage"},
    "cchc_pages.newsarticlepage": {"jsonld": "NewsArticle"},
    "cchc_pages.documentindexpage": {"jsonld": "CollectionPage"},
    "cchc_pages.documentpage": {"jsonld": "Legislation|DigitalDocument"},
    "cchc_pages.reformindicespage": {"jsonld": "WebPage"},
    "cchc_pages.contactdirectorypage": {"jsonld": "GovernmentOrganization", "scripts": ["cchc_pages/contacts.js"]},
    "cchc_pages.procedureindexpage": {"css": ["cchc_pages/procedures.css"], "jsonld": "CollectionPage"},
    "cchc_pages.procedurepage": {"css": ["cchc_pages/procedures.css"], "jsonld": "GovernmentService"},
    "cchc_pages.receptionschedulepage": {"links": ['type="text/calendar"'], "jsonld": "WebPage"},
    "cchc_pages.workcalendarpage": {"links": ['type="text/calendar"'], "jsonld": "WebPage"},
    "cchc_feedback.pollpage": {"jsonld": "WebPage"},
    "cchc_feedback.feedbackformpage": {"css": ["feedback/submissions.css"], "jsonld": "WebPage"},
    "cchc_feedback.feedbackanswerspage": {"css": ["feedback/submissions.css"], "jsonld": "CollectionPage"},
}
# Every page has a meta description, a canonical link and these Open Graph tags (cchc_pages/metadata/).
OPEN_GRAPH = ["og:title", "og:description", "og:url", "og:type", "og:locale"]
# Dates the pages show in the one format (populate.py sets them).
DATES = {"cchc_pages.documentpage": ["15/01/2026"]}
# ... and what their <body> must show besides the title (scripts the page loads in its content).
BODY_SCRIPTS = {
    "cchc_pages.procedureindexpage": ["cchc_pages/procedures.js"],
    "cchc_feedback.pollpage": ["feedback/polls.js"],
}


class CheckFailed(Exception):
    pass


def log(message):
    print(f"[{time.monotonic() - START:7.1f}s] {message}", flush=True)


TIMINGS = []


@contextmanager
def step(name):
    log(f"{name} ...")
    started = time.monotonic()
    try:
        yield
    except CheckFailed as error:
        raise CheckFailed(f"{name}: {error}") from None
    took = time.monotonic() - started
    TIMINGS.append((name, took))
    log(f"{name}: ok ({took:.1f}s)")


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


# --- processes -------------------------------------------------------------------------------------


def run(cmd, *, cwd=None, env=None, timeout=600, check=True):
    shown = " ".join(shlex.quote(str(c)) for c in cmd)
    result = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and result.returncode != 0:
        # pip's notes about this machine's extra local indexes say nothing about the failure
        noise = re.compile(r"^WARNING: Location '.*' is ignored")
        output = "\n".join(x for x in (result.stdout + result.stderr).splitlines() if not noise.match(x)).strip()
        raise CheckFailed(f"`{shown}` exited {result.returncode}:\n{textwrap.indent(output[-4000:], '    ')}")
    return result


class Site:
    """The scratch site: its venv's interpreter and the environment its commands run in."""

    def __init__(self, workdir, venv):
        self.dir = workdir / "site" / "mysite"
        self.venv = venv
        self.python = venv / "bin" / "python"
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH", "VIRTUAL_ENV", "DATABASE_URL", "PYENV_VERSION")
        }
        self.env["PATH"] = f"{venv / 'bin'}{os.pathsep}{self.env.get('PATH', '')}"
        self.env["VIRTUAL_ENV"] = str(venv)
        self.env["PYTHONUNBUFFERED"] = "1"
        self.server = None
        self.server_log = workdir / "server.log"

    def manage(self, *args, check=True, timeout=600):
        return run([self.python, "manage.py", *args], cwd=self.dir, env=self.env, check=check, timeout=timeout)

    def shell_script(self, script, **env):
        code = f"exec(compile(open({str(script)!r}, encoding='utf-8').read(), {str(script)!r}, 'exec'))"
        return run([self.python, "manage.py", "shell", "-c", code], cwd=self.dir, env={**self.env, **env}, timeout=600)

    def readme_command(self, line):
        """One command line of a README snippet, run as the README says, in the site's folder with its venv."""
        words = shlex.split(line, comments=True)
        if not words:
            return None
        if words[0] in ("python", "python3"):
            cmd = [self.python, *words[1:]]
        elif words[0] in ("pip", "pip3"):
            cmd = [self.python, "-m", "pip", *words[1:]]
        else:
            raise CheckFailed(f"the README snippet runs `{line}`, which this check does not know how to run")
        log(f"  $ {line.split('#')[0].strip()}")
        return run(cmd, cwd=self.dir, env=self.env)

    # --- the server ---

    def start(self):
        port = free_port()
        handle = open(self.server_log, "a", encoding="utf-8")
        handle.write(f"\n--- runserver on {port} ---\n")
        handle.flush()
        self.server = subprocess.Popen(
            [str(self.python), "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=self.dir,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise CheckFailed(f"runserver exited {self.server.returncode}:\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise CheckFailed(f"runserver did not answer on port {port} within 60 s:\n{self.log_tail()}")

    def stop(self):
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(10)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        self.server = None

    def log_tail(self, chars=3000):
        try:
            return textwrap.indent(self.server_log.read_text(encoding="utf-8", errors="replace")[-chars:], "    ")
        except OSError:
            return "    (no server log)"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- HTTP ------------------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status, headers, body, url):
        self.status, self.headers, self.body, self.url = status, headers, body, url
        self.text = body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.text)


class Browser:
    """An anonymous visitor (or a logged-in editor): cookies kept, redirects not followed."""

    def __init__(self, site):
        self.site = site
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)

    def request(self, method, path, data=None, headers=None, files=None):
        url = path if path.startswith("http") else self.site.base + path
        headers = dict(headers or {})
        body = None
        if files is not None:
            boundary = uuid.uuid4().hex
            body = multipart(data or {}, files, boundary)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if method == "POST":
            headers.setdefault("Referer", self.site.base + "/")
        req = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with self.opener.open(req, timeout=60) as response:
                return Response(response.status, response.headers, response.read(), url)
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read(), url)
        except OSError as error:
            raise CheckFailed(f"{method} {url}: {error}\n{self.site.log_tail()}") from None

    def get(self, path, status=200, **kwargs):
        response = self.request("GET", path, **kwargs)
        self.expect_status(response, "GET", path, status)
        return response

    def post(self, path, data, status=None, **kwargs):
        response = self.request("POST", path, data=data, **kwargs)
        if status is not None:
            self.expect_status(response, "POST", path, status)
        return response

    def expect_status(self, response, method, path, status):
        if response.status != status:
            raise CheckFailed(
                f"{method} {path}: {response.status}, expected {status}\n"
                f"{textwrap.indent(response.text[:1500], '    ')}\n  server log:\n{self.site.log_tail()}"
            )

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)

    def login(self, username, password):
        page = self.get("/admin/login/")
        token = csrf_field(page.text)
        response = self.post(
            "/admin/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/admin/"},
        )
        expect(response.status == 302, f"admin login as {username}: {response.status}, expected a redirect")


def multipart(fields, files, boundary):
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode())
    for name, filename, content_type, data in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


def csrf_field(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    expect(match, "no csrfmiddlewaretoken in the form")
    return match.group(1)


def head_of(html):
    match = re.search(r"<head[^>]*>(.*?)</head>", html, re.S | re.I)
    expect(match, "the page has no <head>")
    return match.group(1)


def body_of(html):
    match = re.search(r"<body[^>]*>(.*)</body>", html, re.S | re.I)
    expect(match, "the page has no <body>")
    return match.group(1)


def jsonld_types(html):
    types = []
    for raw in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        try:
            data = json.loads(raw)
        except ValueError as error:
            raise CheckFailed(f"JSON-LD that does not parse ({error}): {raw[:300]}") from None
        for item in data if isinstance(data, list) else [data]:
            types.append(item.get("@type", ""))
    return types


# --- the README ------------------------------------------------------------------------------------


def readme_snippets(text):
    """{marker name: [code of each fenced block marked <!-- stock-site: NAME --> just before it]}."""
    lines = text.splitlines()
    snippets = {}
    marker = re.compile(r"^\s*<!--\s*stock-site:\s*([\w-]+)\s*-->\s*$")
    i = 0
    while i < len(lines):
        found = marker.match(lines[i])
        i += 1
        if not found:
            continue
        name = found.group(1)
        while i < len(lines) and not lines[i].strip():
            i += 1
        opening = re.match(r"^(\s*)```", lines[i]) if i < len(lines) else None
        if not opening:
            raise CheckFailed(f"README: the marker `stock-site: {name}` is not followed by a fenced code block")
        indent = len(opening.group(1))
        i += 1
        body = []
        while i < len(lines) and lines[i].strip() != "```":
            line = lines[i]
            if line[:indent].strip():
                raise CheckFailed(f"README: the `stock-site: {name}` block is indented less than its fence")
            body.append(line[indent:])
            i += 1
        if i == len(lines):
            raise CheckFailed(f"README: the `stock-site: {name}` block is not closed")
        i += 1
        snippets.setdefault(name, []).append("\n".join(body) + "\n")
    missing = [name for name in REQUIRED_SNIPPETS if name not in snippets]
    expect(not missing, f"README: no snippet marked {', '.join('stock-site: ' + m for m in missing)}")
    return snippets


def command_lines(snippet):
    return [line for line in snippet.splitlines() if line.strip() and not line.strip().startswith("#")]


# --- the steps -------------------------------------------------------------------------------------


def python_for(spec, workdir):
    """(interpreter command, environment) for a pyenv version ("3.13.0") or a path."""
    env = dict(os.environ)
    if os.sep in spec or Path(spec).exists():
        return [spec], env
    expect(re.fullmatch(r"\d+\.\d+(\.\d+)?", spec), f"--python {spec}: neither a version such as 3.13.0 nor a path")
    major_minor = ".".join(spec.split(".")[:2])
    env["PYENV_VERSION"] = spec
    return [f"python{major_minor}"], env


def requirement(name, spec):
    spec = spec.strip()
    return f"{name}{spec}" if spec[:1] in "=<>~!" else f"{name}=={spec}"


def build_wheel(workdir):
    dist = workdir / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    run([sys.executable, "-m", "build", "--wheel", "--outdir", dist, ROOT], timeout=600)
    wheels = sorted(dist.glob("cchc-*.whl"))
    expect(len(wheels) == 1, f"expected one wheel in {dist}, found {[w.name for w in wheels]}")
    return wheels[0]


def make_venv(args, workdir):
    venv = workdir / "venv"
    if args.reuse_venv and (venv / "bin" / "python").exists():
        log("  reusing the venv (--reuse-venv)")
    else:
        shutil.rmtree(venv, ignore_errors=True)
        interpreter, env = python_for(args.python, workdir)
        run([*interpreter, "-m", "venv", venv], env=env)
    version = run([venv / "bin" / "python", "-c", "import sys; print(sys.version.split()[0])"]).stdout.strip()
    log(f"  Python {version} in {venv}")
    if re.fullmatch(r"\d+\.\d+\.\d+", args.python):
        expect(version == args.python, f"the venv runs Python {version}, not {args.python}")
    return venv


def install(venv, wheel, args):
    python = venv / "bin" / "python"
    reqs = [str(wheel), requirement("Django", args.django), requirement("wagtail", args.wagtail)]
    run([python, "-m", "pip", "install", "--quiet", *reqs], timeout=900)
    if args.reuse_venv:  # the same version number: reinstall this build of the wheel
        run([python, "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps", wheel], timeout=900)
    versions = run(
        [python, "-c", "import django, wagtail, cchc_pages; print(django.get_version(), wagtail.__version__)"]
    ).stdout.split()
    log(f"  Django {versions[0]}, Wagtail {versions[1]}")


def start_project(site, venv):
    parent = site.dir.parent
    shutil.rmtree(parent, ignore_errors=True)
    parent.mkdir(parents=True)
    run([venv / "bin" / "wagtail", "start", "mysite"], cwd=parent, env=site.env)
    for path in ("mysite/settings/base.py", "mysite/urls.py", "mysite/templates/base.html", "manage.py"):
        expect((site.dir / path).exists(), f"`wagtail start mysite` made no {path}")


def apply_settings(site, snippets):
    path = site.dir / "mysite/settings/base.py"
    text = path.read_text(encoding="utf-8")
    added = "\n\n# cchc: README, Install into your existing Wagtail site\n" + "\n".join(snippets["settings"])
    path.write_text(text + added, encoding="utf-8")


CATCH_ALL_BLOCK = "urlpatterns = urlpatterns + ["


def apply_urls(site, snippets):
    path = site.dir / "mysite/urls.py"
    text = path.read_text(encoding="utf-8")
    expect(
        text.count(CATCH_ALL_BLOCK) == 1,
        f"the stock mysite/urls.py has no single `{CATCH_ALL_BLOCK}` line (the README places its URLs above it)",
    )
    path.write_text(text.replace(CATCH_ALL_BLOCK, "\n".join(snippets["urls"]) + "\n" + CATCH_ALL_BLOCK), "utf-8")


CONTENT_BLOCK = "{% block content %}{% endblock %}"


def apply_base_template(site, snippets):
    path = site.dir / "mysite/templates/base.html"
    text = path.read_text(encoding="utf-8")
    expect(text.count(CONTENT_BLOCK) == 1, f"the stock base.html has no single `{CONTENT_BLOCK}`")
    path.write_text(text.replace(CONTENT_BLOCK, CONTENT_BLOCK + "\n" + "\n".join(snippets["base-template"])), "utf-8")


def check_head(url, html, model, browser, static_seen):
    expected = HEAD[model]
    head = head_of(html)
    expect("css/mysite.css" in head, f"{url}: not rendered with the stock base.html (no css/mysite.css in <head>)")
    for css in ["cchc_pages/cchc.css", *expected.get("css", [])]:
        expect(
            re.search(rf'<link[^>]+rel="stylesheet"[^>]+href="/static/{re.escape(css)}"', head),
            f"{url} ({model}): <head> does not link /static/{css}\n    <head>: {' '.join(head.split())[:1500]}",
        )
        static_seen.add(f"/static/{css}")
    for script in expected.get("scripts", []):
        expect(f'src="/static/{script}"' in head, f"{url} ({model}): <head> does not load /static/{script}")
        static_seen.add(f"/static/{script}")
    for link in expected.get("links", []):
        expect(re.search(rf'<link[^>]+rel="alternate"[^>]+{re.escape(link)}', head), f"{url}: no feed link in <head>")
    if "jsonld" in expected:
        types = jsonld_types(head)
        expect(
            any(re.fullmatch(expected["jsonld"], t) for t in types),
            f"{url} ({model}): no JSON-LD of type {expected['jsonld']} in <head> (found {types})",
        )
    descriptions = re.findall(r'<meta name="description" content="([^"]*)"', html)
    expect(descriptions and descriptions[0].strip(), f"{url} ({model}): no meta description in <head>")
    canonicals = re.findall(r'<link rel="canonical" href="([^"]*)">', head)
    expect(
        len(canonicals) == 1 and canonicals[0].startswith("http") and canonicals[0].endswith(url),
        f"{url} ({model}): canonical links {canonicals}, not one absolute link to the page",
    )
    for tag in OPEN_GRAPH:
        expect(f'<meta property="{tag}" content="' in head, f"{url} ({model}): no {tag} in <head>")
    expect(len(descriptions) <= 1, f"{url} ({model}): {len(descriptions)} meta descriptions: {descriptions}")
    for script in BODY_SCRIPTS.get(model, []):
        expect(f'src="/static/{script}"' in html, f"{url} ({model}): the page does not load /static/{script}")
        static_seen.add(f"/static/{script}")


def check_pages(browser, manifest):
    static_seen = set()
    models = {page["model"] for page in manifest["pages"]}
    unknown = sorted(models - set(HEAD))
    expect(not unknown, f"no <head> expectations for page type(s) {unknown}: add them to HEAD in check.py")
    for page in manifest["pages"]:
        response = browser.get(page["url"])
        html = response.text
        expect(page["title"] in html, f"{page['url']}: the title “{page['title']}” is not on the page")
        expect('<div class="cchc">' in body_of(html), f'{page["url"]}: no <div class="cchc"> in <body>')
        check_head(page["url"], html, page["model"], browser, static_seen)
        for text in DATES.get(page["model"], []):
            expect(text in html, f"{page['url']} ({page['model']}): the date {text} (dd/mm/yyyy) is not on the page")
        log(f"  {page['url']} ({page['model']}): 200, <head> complete")
    for path in sorted(static_seen):
        response = browser.get(path)
        expect(len(response.body) > 0, f"{path} is empty")
    log(f"  {len(static_seen)} static files referenced, each 200")


def check_routes(browser, manifest):
    card = browser.get(manifest["card"]["url"]).text
    expect(manifest["card"]["name"] in card, "the contact card page does not show the name")
    expect("Person" in jsonld_types(head_of(card)), "the contact card page has no Person JSON-LD")
    vcard = browser.get(f"/cchc/danh-ba/{manifest['card']['slug']}.vcf")
    expect("BEGIN:VCARD" in vcard.text, "the vCard is not a vCard")
    printed = browser.get(manifest["article"]["print_url"]).text
    expect(manifest["article"]["title"] in printed, "the article's print view lacks its title")
    browser.get(manifest["procedure"]["print_url"])
    csv = browser.get(manifest["document"]["csv_url"])
    expect("Rà soát thủ tục hành chính" in csv.text, "the appendix CSV lacks its task")
    rss = browser.get(manifest["news"]["rss_url"])
    expect("<rss" in rss.text and manifest["article"]["title"] in rss.text, "the RSS feed lacks the article")
    atom = browser.get(manifest["news"]["atom_url"])
    expect("<feed" in atom.text, "the Atom feed is not Atom")
    search = browser.get("/cchc/tim-kiem/?q=cai+cach")
    expect(manifest["article"]["title"] in search.text, "the site search (cai cach) does not find the article")
    exported = browser.get(manifest["procedure_index"]["url"] + "xuat-du-lieu/json/").json()
    expect(any(r.get("MATTHC") == manifest["procedure"]["code"] for r in exported), "the JSON export lacks the code")
    browser.get(manifest["procedure_index"]["url"] + "xuat-du-lieu/csv/")
    rate = browser.get(f"/cchc/danh-gia/{manifest['rating']['code']}/")
    expect(manifest["rating"]["name"] in rate.text, "the rating page does not name the counter")
    browser.get(f"/cchc/danh-gia/{manifest['rating']['code']}/ma-qr/")
    browser.get(manifest["form_page"]["lookup_url"])
    week = browser.get(manifest["calendar"]["url"]).text
    expect(manifest["calendar"]["entry"] in week, "the work calendar's week does not show today's entry")
    expect(manifest["outage"]["message"] in week, "the planned outage banner is not on the apps' pages")
    ical = browser.get(manifest["calendar"]["ical_url"])
    expect(ical.body.startswith(b"BEGIN:VCALENDAR\r\n"), "the work calendar's iCalendar feed is not a VCALENDAR")
    sitemap = browser.get("/sitemap.xml")
    expect("<urlset" in sitemap.text, "/sitemap.xml is not a sitemap")
    for page in manifest["pages"]:
        expect(page["url"] in sitemap.text, f"/sitemap.xml does not list {page['url']}")
    log(
        "  card, vCard, print views, CSV, RSS/Atom, search, export, rating, QR, "
        f"sitemap ({len(manifest['pages'])} URLs)"
    )


def check_vote(browser, manifest):
    poll = manifest["poll"]
    base = f"/cchc/binh-chon/{poll['id']}"
    token = browser.get(base + "/token/").json()
    expect(token["open"] and not token["voted"] and token["token"], f"the token endpoint says {token}")
    choice = poll["choices"][1]
    data = {"token": token["token"], "choice": [str(choice["id"])]}
    response = browser.post(base + "/gui/", data, status=200, headers={"Accept": "application/json"})
    answer = response.json()
    expect(answer.get("ok") and "Cảm ơn" in answer.get("message", ""), f"the vote answered {answer}")
    expect(choice["label"] in answer["results_html"] and "100" in answer["results_html"], "the results lack the vote")
    again = browser.get(base + "/token/").json()
    expect(again["voted"], "after voting, the token endpoint does not know this browser voted")
    refused = browser.post(
        base + "/gui/",
        {"token": again["token"], "choice": [str(poll["choices"][0]["id"])]},
        status=409,
        headers={"Accept": "application/json"},
    )
    expect("đã bình chọn" in refused.json().get("error", ""), f"a second vote answered {refused.text[:300]}")
    results = browser.get(base + "/ket-qua.json").json()
    expect(results["total"] == 1, f"the results count {results['total']} ballots, expected 1")
    log(f"  voted “{choice['label']}”: counted, second vote refused (409), results total 1")


def check_evaluation(browser, manifest):
    """The one-stop evaluation of a dossier (feedback/evaluation/): ask the code, rate, a second rating
    refused, nothing published below the minimum, the admin report closed to visitors."""
    code = manifest["rating"]["code"]
    ask = browser.get(f"/cchc/danh-gia-ho-so/?quay={code}").text
    expect(manifest["rating"]["name"] in ask and 'name="ma-ho-so"' in ask, "the evaluation does not ask the code")
    dossier = "H40.22-260105-0001"
    form = browser.get(f"/cchc/danh-gia-ho-so/?ma-ho-so={dossier.lower()}&quay={code}").text
    token = re.search(r'name="token" value="([^"]+)"', form)
    expect(token and dossier in form, "the evaluation form lacks its ticket or the dossier code")
    answers = {"i3": "2", "i4": "2", "i6": "1", "i7": "2", "i8": "2"}
    data = {"dossier_code": dossier, "token": token.group(1), "target": code, **answers}
    sent = browser.post("/cchc/danh-gia-ho-so/gui/", data, status=303)
    thanks = browser.get(sent.headers["Location"]).text
    expect("đã được ghi nhận" in thanks, "the rated dossier's page does not thank the citizen")
    again = browser.post("/cchc/danh-gia-ho-so/gui/", data, status=409)
    expect("chỉ được đánh giá một lần" in again.text, "a second rating of the dossier was not refused in Vietnamese")
    browser.get("/cchc/danh-gia-ho-so/?ma-ho-so=%3Cscript%3E", status=400)
    published = browser.get("/cchc/danh-gia-ho-so/ket-qua.json").json()
    expect(published["by_target"] == [], "one rated dossier was published (below the minimum)")
    expect(
        manifest["rating"]["name"] not in browser.get("/cchc/danh-gia-ho-so/ket-qua/").text, "a hidden quarter shows"
    )
    browser.get("/admin/cchc-evaluation/", status=302)
    log("  rated a dossier: recorded, second rating refused (409), unpublished below the minimum")


def check_feedback(browser, site, manifest, snippets):
    form_url = manifest["form_page"]["url"]
    page = browser.get(form_url)
    token = csrf_field(page.text)
    expect(browser.cookie("csrftoken"), "the form page set no csrftoken cookie")
    subject = "Thời gian giải quyết hồ sơ đăng ký kết hôn"
    fields = {
        "csrfmiddlewaretoken": token,
        "full_name": "Trần Thị Bình",
        "address": "Số 12 Lê Lợi, phường Hòa Bình",
        "phone": "0912 345 678",
        "email": "binh.tran@example.invalid",
        "subject": subject,
        "content": "Hồ sơ của tôi nộp đã 10 ngày chưa có kết quả.",
        "procedure_text": "Đăng ký kết hôn",
        "procedure_code": manifest["procedure"]["code"],
        "consent": "publish",
        "shown_as": "anonymous",
        "website": "",
    }
    files = [("attachments", "don.pdf", "application/pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")]
    response = browser.request("POST", form_url, data=fields, files=files)
    expect(
        response.status == 302,
        f"submitting the form: {response.status}, expected a redirect to the receipt\n{response.text[:2000]}",
    )
    receipt = browser.get(response.headers["Location"]).text
    code = re.search(r"PA-\d{4}-\d{6}-[A-Z0-9]+", receipt)
    expect(code, "the receipt shows no tracking code")
    code = code.group(0)
    deadline = time.monotonic() + 10
    while code not in site.server_log.read_text(encoding="utf-8", errors="replace") and time.monotonic() < deadline:
        time.sleep(0.3)
    sent = site.server_log.read_text(encoding="utf-8", errors="replace")
    expect(code in sent, "no email with the code was sent")
    sender = re.search(r'DEFAULT_FROM_EMAIL = "(?:[^"<]*<)?([^">]+)', "\n".join(snippets["settings"]))
    if sender:
        expect("From: " in sent and sender.group(1) in sent, f"the email is not from {sender.group(1)}")
    lookup_url = manifest["form_page"]["lookup_url"]
    lookup = browser.get(lookup_url)
    found = browser.post(
        lookup_url, {"csrfmiddlewaretoken": csrf_field(lookup.text), "code": code, "contact": "0912345678"}, status=200
    ).text
    expect(code in found and subject in found, "the look-up does not show the submission")
    expect("Đã tiếp nhận" in found, "the look-up does not show the status “Đã tiếp nhận”")
    wrong = browser.post(
        lookup_url, {"csrfmiddlewaretoken": csrf_field(lookup.text), "code": code, "contact": "0900000000"}, status=404
    ).text
    expect(subject not in wrong, "a look-up with the wrong phone shows the submission")
    log(f"  submitted with a PDF: receipt {code}, email sent, look-up shows “Đã tiếp nhận”, wrong phone 404")


NATIONAL_RECORD = {
    "MATTHC": "1.001193",
    "TENTTHC": "Đăng ký khai sinh",
    "MOTA": "Đăng ký việc sinh cho trẻ em.",
    "TRANGTHAI": "CONHIEULUC",
    "CAPTHUCHIEN": ["XA"],
    "LINHVUCTHUCHIEN": [{"MALINHVUC": "HT", "TENLINHVUC": "Hộ tịch"}],
    "DOITUONGTHUCHIEN": ["Công dân Việt Nam"],
    "COQUANTHUCHIEN": {"MADONVI": "UBNDX", "TENDONVI": "UBND cấp xã"},
    "TRINHTUTHUCHIEN": [{"TRUONGHOP": "", "TRINHTU": [{"TENTRINHTU": "Nộp hồ sơ tại Bộ phận Một cửa."}]}],
    "CACHTHUCTHUCHIEN": [
        {
            "KENH": "TRUCTIEP",
            "THOIGIAN": [{"THOIGIANGIAIQUYET": "1.5", "DONVITINH": "Ngày làm việc", "MOTA": ""}],
            "PHILEPHI": [{"MAPHILEPHI": "LP1", "SOTIEN": "8.000", "DONVI": "Đồng", "MOTA": "Lệ phí"}],
        }
    ],
    "THANHPHANHOSO": [{"TRUONGHOP": "", "GIAYTO": [{"TENGIAYTO": "Tờ khai", "SOBANCHINH": 1, "SOBANSAO": 0}]}],
    "KETQUATHUCHIEN": [{"TENKETQUA": "Giấy khai sinh"}],
    "CANCUPHAPLY": [{"SOVANBAN": "60/2014/QH13", "TENVANBAN": "Luật Hộ tịch", "NGAYBANHANH": "2014-11-20"}],
    "MUCDODVC": "TOANTRINH",
}


def check_import(browser, site, workdir, manifest):
    path = workdir / "tthc.json"
    path.write_text(json.dumps([NATIONAL_RECORD], ensure_ascii=False), encoding="utf-8")
    out = site.manage("import_procedures", str(path)).stdout
    expect("1/1" in out, f"import_procedures did not report 1/1 saved:\n{out}")
    listing = browser.get(manifest["procedure_index"]["url"] + "?q=khai+sinh").text
    link = re.search(r'href="(/[^"]*1001193/)"', listing)
    expect(link, "the procedure listing (search “khai sinh”) has no link to the imported procedure")
    html = browser.get(link.group(1)).text
    for text in ("1.001193", "Đăng ký khai sinh", "1,5 Ngày làm việc", "8.000 Đồng", "Luật Hộ tịch"):
        expect(text in html, f"the imported procedure page does not show “{text}”")
    expect(
        "GovernmentService" in jsonld_types(head_of(html)), "the imported procedure has no GovernmentService JSON-LD"
    )
    log(f"  imported 1 national record: {link.group(1)} shows its steps, time, fee, legal basis")


def check_no_cchc_warning(site):
    result = site.manage("check")
    output = result.stdout + result.stderr
    lines = [line for line in output.splitlines() if "cchc" in line.lower()]
    expect(not lines, "manage.py check warns about cchc:\n" + "\n".join(lines))
    log(f"  manage.py check: {output.strip().splitlines()[-1] if output.strip() else 'no output'}")


def check_sidebar(browser, manifest):
    hotline = manifest["hotline"]
    for url in [manifest["home"]["url"], *(page["url"] for page in manifest["pages"])]:
        html = browser.get(url).text
        expect(hotline["number"] in html, f"{url}: the hotline box ({{% cchc_hotlines %}}) is missing")
        expect("Số lượt truy cập" in html, f"{url}: the visit counter ({{% cchc_visit_counter %}}) is missing")
        expect(manifest["poll"]["question"] in html, f"{url}: the sidebar poll ({{% cchc_poll %}}) is missing")
        expect("data-cchc-counter" in html, f"{url}: the counter script ({{% cchc_counter_script %}}) is missing")
    article = browser.get(manifest["article"]["url"]).text
    expect(f'data-page="{manifest["article"]["id"]}"' in article, "the counter script does not name the article")
    counted = browser.post(
        "/cchc/luot-xem/",
        {"page": manifest["article"]["id"], "visit": "1", "token": "stock-site-check-01"},
        status=200,
        headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"},  # urllib's own counts as a robot
    ).json()
    expect(counted.get("page_views", 0) >= 1 and counted.get("site_visits", 0) >= 1, f"the beacon answered {counted}")
    log(f"  {len(manifest['pages']) + 1} pages show hotlines, visit counter, poll, counter script; beacon {counted}")


def check_admin(browser, pages):
    browser.get("/admin/")
    for page in pages:
        browser.get(f"/admin/pages/{page['id']}/edit/")
    log(f"  admin edit view 200 for {len(pages)} pages")


def phase(site, name):
    out = site.shell_script(HERE / "inspect_db.py", STOCK_SITE_PHASE=name).stdout
    lines = [line for line in out.splitlines() if line.startswith("inspect:")]
    for line in lines:
        log("  " + line)
    expect(any("OK" in line for line in lines), f"inspect_db.py ({name}) printed no verdict:\n{out}")


def uninstall(site, snippets, stock_files, browser_factory):
    private = site.dir / "media-feedback-private"  # the default CCHC_FEEDBACK_PRIVATE_ROOT of a stock site
    stored = [path for path in private.rglob("*") if path.is_file()]
    expect(stored, f"the submission's attachment is not in {private}")
    with step("uninstall: README step 1 (delete pages and data, unapply migrations)"):
        for snippet in snippets["uninstall"]:
            for line in command_lines(snippet):
                result = site.readme_command(line)
                for out_line in (result.stdout.strip().splitlines() if result else [])[-6:]:
                    log(f"    {out_line}")
                if "cchc_uninstall" in line and "--yes" in line:
                    phase(site, "deleted")
                    left = [path for path in private.rglob("*") if path.is_file()]
                    expect(not left, f"attachment files left after cchc_uninstall --yes: {left}")
                    log(f"  {len(stored)} attachment file(s) in {private.name}/ deleted")
    with step("uninstall: README step 2 (remove what the install added)"):
        for path, text in stock_files.items():
            path.write_text(text, encoding="utf-8")
        log("  mysite/settings/base.py, mysite/urls.py, mysite/templates/base.html back to stock")
    with step("uninstall: README step 3 (stale content types, the package)"):
        for snippet in snippets["uninstall-after"]:
            for line in command_lines(snippet):
                result = site.readme_command(line)
                for out_line in (result.stdout.strip().splitlines() if result else [])[-3:]:
                    log(f"    {out_line}")
        gone = run([site.python, "-c", "import cchc_pages"], cwd=site.dir, check=False, env=site.env)
        expect(gone.returncode != 0, "cchc_pages still imports after `pip uninstall`")
    with step("uninstall: the site is clean"):
        result = site.manage("check")
        log(f"  manage.py check: {result.stdout.strip().splitlines()[-1]}")
        shown = site.manage("showmigrations").stdout
        expect(
            not any(label in shown for label in (*APP_LABELS, "feedback")), f"showmigrations lists the apps:\n{shown}"
        )
        phase(site, "clean")
        site.start()
        try:
            browser = browser_factory()
            browser.get("/")
            browser.login("stockadmin", "stock-site-check")
            browser.get("/admin/")
            remaining = json.loads(
                site.shell_script(HERE / "inspect_db.py", STOCK_SITE_PHASE="pages").stdout.split("pages:", 1)[1]
            )
            for page in remaining:
                browser.get(f"/admin/pages/{page['id']}/")
                browser.get(f"/admin/pages/{page['id']}/edit/")
            browser.get("/admin/pages/")
            browser.get("/admin/reports/site-history/")
            log(f"  / 200; admin explorer and edit 200 for the {len(remaining)} remaining page(s); site history 200")
        finally:
            site.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", required=True, help="a pyenv version (3.13.0) or a path to an interpreter")
    parser.add_argument("--django", required=True, help='e.g. "6.1.*" or "==5.2.*"')
    parser.add_argument("--wagtail", required=True, help='e.g. "8.0.*"')
    parser.add_argument("--workdir", required=True, type=Path, help="scratch folder (outside the repository)")
    parser.add_argument("--wheel", type=Path, help="install this wheel instead of building one from the checkout")
    parser.add_argument(
        "--reuse-venv", action="store_true", help="keep DIR/venv if it exists (faster reruns; CI leaves it off)"
    )
    args = parser.parse_args()
    workdir = args.workdir.resolve()
    expect(ROOT not in workdir.parents and workdir != ROOT, "--workdir must be outside the repository")
    workdir.mkdir(parents=True, exist_ok=True)
    log(f"stock-site check: Python {args.python}, Django {args.django}, Wagtail {args.wagtail}, in {workdir}")

    with step("README snippets"):
        snippets = readme_snippets(README.read_text(encoding="utf-8"))
        log("  " + ", ".join(f"{name} ({len(blocks)})" for name, blocks in snippets.items()))
    if args.wheel:
        wheel = args.wheel.resolve()
        expect(wheel.is_file() and wheel.suffix == ".whl", f"--wheel {wheel}: no such wheel")
        log(f"wheel given: {wheel.name}")
    else:
        with step("build the wheel"):
            wheel = build_wheel(workdir)
            log(f"  {wheel.name}")
    with step("venv"):
        venv = make_venv(args, workdir)
    with step("pip install the wheel, Django, Wagtail"):
        install(venv, wheel, args)
    site = Site(workdir, venv)
    site.server_log.unlink(missing_ok=True)
    with step("wagtail start mysite"):
        start_project(site, venv)
    stock_files = {
        site.dir / rel: (site.dir / rel).read_text(encoding="utf-8")
        for rel in ("mysite/settings/base.py", "mysite/urls.py", "mysite/templates/base.html")
    }
    with step("apply the README's settings and URLs"):
        apply_settings(site, snippets)
        apply_urls(site, snippets)
    with step("README: migrate"):
        for snippet in snippets["migrate"]:
            for line in command_lines(snippet):
                site.readme_command(line)
    manifest_path = workdir / "manifest.json"
    with step("create every page type and snippet of the apps"):
        out = site.shell_script(HERE / "populate.py", STOCK_SITE_MANIFEST=str(manifest_path)).stdout
        log("  " + out.strip().splitlines()[-1])
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))

    site.start()
    try:
        browser = Browser(site)
        with step("every page, stock base.html unmodified: 200 and a complete <head>"):
            check_pages(browser, manifest)
        with step("sub-pages, feeds, exports, sitemap"):
            check_routes(browser, manifest)
        with step("a vote in a poll"):
            check_vote(Browser(site), manifest)
        with step("a one-stop evaluation of a dossier"):
            check_evaluation(Browser(site), manifest)
        with step("a feedback submission and its tracking look-up"):
            check_feedback(Browser(site), site, manifest, snippets)
        with step("a procedure import"):
            check_import(Browser(site), site, workdir, manifest)
        with step("manage.py check"):
            check_no_cchc_warning(site)
    finally:
        site.stop()

    with step("README: base-template tags in the stock base.html"):
        apply_base_template(site, snippets)
    site.start()
    try:
        with step("sidebar boxes and counters"):
            check_sidebar(Browser(site), manifest)
        with step("admin: every cchc page's edit view"):
            editor = Browser(site)
            editor.login("stockadmin", "stock-site-check")
            check_admin(editor, manifest["pages"])
            for path in ("/admin/snippets/", "/admin/pages/", f"/admin/pages/{manifest['home']['id']}/"):
                editor.get(path)
    finally:
        site.stop()

    uninstall(site, snippets, stock_files, lambda: Browser(site))

    total = time.monotonic() - START
    log(f"PASSED in {total:.0f}s: Python {args.python}, Django {args.django}, Wagtail {args.wagtail}")
    for name, took in TIMINGS:
        print(f"    {took:6.1f}s  {name}")


if __name__ == "__main__":
    try:
        main()
    except CheckFailed as error:
        log(f"FAILED after {time.monotonic() - START:.0f}s: {error}")
        sys.exit(1)
    except subprocess.TimeoutExpired as error:
        log(f"FAILED after {time.monotonic() - START:.0f}s: timed out: {error}")
        sys.exit(1)
