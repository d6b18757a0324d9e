#!/usr/bin/env python
"""Two app servers, one PostgreSQL, one Redis: what one server records, the other shows.

    .venv/bin/python deploy/check_multiprocess.py [--database-url URL] [--redis-url URL]

Creates (or reuses) the PostgreSQL database named by --database-url (default
postgres://postgres@127.0.0.1:5432/cchc_multiprocess), migrates it and loads the demo content, then
starts two gunicorn processes with the production settings on two free ports, both on that
database and on --redis-url (default redis://127.0.0.1:6379/14), and checks over HTTP:

1. both serve the demo home page and an article;
2. page views counted through server A are shown by server B (counters shared in Redis), and
   after `flush_counters` they are in the database;
3. an anonymous article view is a page-cache hit on B after A rendered it (one shared cache), and
   publishing a new article is visible at once through both (one shared cache generation);
4. a poll vote cast through A is in the results B serves, and its token replayed to B is refused.

Prints one line per check and exits non-zero on the first failure. Not a test: tests/demo/test_deploy.py
runs it when PostgreSQL and Redis are reachable.
"""

import argparse
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parents[1]


class CheckFailed(Exception):
    pass


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", **(headers or {})}
    if body is not None:
        body = urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)
    print(f"  ok  {message}")


def ensure_database(url):
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = dict(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", dbname="postgres")
    with psycopg.connect(autocommit=True, **admin) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)


def start_server(env, port, log):
    cmd = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    cmd += ["--workers", "1", "cchc_demo.wsgi"]
    process = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CheckFailed(f"server on port {port} exited with {process.returncode}")
        try:
            request(port, "GET", "/static/cchc_pages/cchc.css")
            return process
        except OSError:
            time.sleep(0.3)
    raise CheckFailed(f"server on port {port} did not start in 60 s")


def check_counters_and_cache(env, a, b):
    os.environ.update(env)
    sys.path[:0] = [str(REPO), str(REPO / "site")]
    import django

    django.setup()
    from django.utils import timezone

    from cchc_pages.caching import counters
    from cchc_pages.models import NewsArticlePage, NewsIndexPage

    article = NewsArticlePage.objects.live().order_by("-date").first()
    expect(article is not None, "the demo content has a live article")
    for port in (a, b):
        status, _, body = request(port, "GET", "/")
        expect(status == 200 and b"cchc" in body, f"server :{port} serves the home page")

    before = counters.current(counters.PAGE_VIEWS, article.pk) or 0
    # Four readers (a browser tab each sends its own random token; a tab counts a page once).
    for n in range(3):
        request(a, "POST", "/cchc/luot-xem/", {"page": article.pk, "token": f"check-reader-{n:04d}-tab"})
    status, _, body = request(b, "POST", "/cchc/luot-xem/", {"page": article.pk, "token": "check-reader-0003-tab"})
    shown = json.loads(body)["page_views"]
    expect(shown == before + 4, f"3 views through :{a} and 1 through :{b} are shown by :{b} ({before} -> {shown})")
    manage(env, "flush_counters")
    from cchc_pages.models import Counter

    stored = Counter.objects.get(scope=counters.PAGE_VIEWS, object_id=article.pk).count
    expect(stored == before + 4, f"flush_counters wrote them to PostgreSQL ({stored})")

    status, headers, _ = request(a, "GET", article.url)
    status, headers, _ = request(b, "GET", article.url)
    expect(headers.get("X-CCHC-Cache") == "hit", f"an article rendered by :{a} is a page-cache hit on :{b}")

    index = NewsIndexPage.objects.live().first()
    request(a, "GET", index.url)
    request(b, "GET", index.url)
    title = f"Tin kiểm tra nhiều máy chủ {secrets.token_hex(3)}"
    page = NewsArticlePage(title=title, date=timezone.now(), sapo="Kiểm tra triển khai.")
    index.add_child(instance=page)
    page.save_revision().publish()
    for port in (a, b):
        status, _, body = request(port, "GET", index.url)
        expect(title in body.decode(), f"an article published once is listed at once by :{port}")
    page.delete()


def check_votes(env, a, b):
    """A vote cast through A (token from A, ballot to A) is counted in the results B serves."""
    from feedback.models import Poll

    poll = Poll.objects.filter(show_in_sidebar=True, archived=False, targets__isnull=True).first()
    expect(poll is not None, "the demo has the sidebar poll")
    choice = poll.choices.first()
    status, _, body = request(a, "GET", f"/cchc/binh-chon/{poll.pk}/token/", headers={"Accept": "application/json"})
    token = json.loads(body)["token"]
    status, headers, body = request(
        a,
        "POST",
        f"/cchc/binh-chon/{poll.pk}/gui/",
        {"token": token, "choice": choice.pk},
        headers={"Accept": "application/json"},
    )
    expect(status == 200 and json.loads(body)["ok"], f"a vote for “{choice.label}” is accepted by :{a}")
    cookie = "; ".join(part.split(";")[0] for part in headers.get("Set-Cookie", "").split(", ") if "=" in part)
    # Nobody read the totals before this vote, so A counted them when it recorded it and put them
    # in the shared Redis, where B finds them (see feedback/polls/caching.py).
    expected = poll.results()
    status, _, body = request(b, "GET", f"/cchc/binh-chon/{poll.pk}/ket-qua.json", headers={"Cookie": cookie})
    shown = json.loads(body) if status == 200 else {}
    expect(
        status == 200 and shown.get("total") == expected["total"],
        f":{b} shows the results with that vote ({shown.get('total')} votes in all, as stored)",
    )
    status, _, body = request(
        b,
        "POST",
        f"/cchc/binh-chon/{poll.pk}/gui/",
        {"token": token, "choice": choice.pk},
        headers={"Accept": "application/json"},
    )
    expect(status in (400, 409), f"the same token replayed to :{b} is refused ({status})")


CHECKS = [check_counters_and_cache, check_votes]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/cchc_multiprocess")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="cchc-multiprocess-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cchc_demo.settings_production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_EMAIL_DISABLED": "1",  # no mail server here; production refuses the console backend
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "site")]),
    }
    ensure_database(args.database_url)
    print("Migrating and loading the demo content...")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_content", "--no-admin")
    manage(env, "collectstatic", "--noinput")
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    servers = []
    try:
        with open(tmp / "servers.log", "wb") as log:
            a, b = free_port(), free_port()
            servers = [start_server(env, a, log), start_server(env, b, log)]
            print(f"Servers on :{a} and :{b}, sharing {args.database_url} and {args.redis_url}")
            for check in CHECKS:
                check(env, a, b)
    except CheckFailed as failure:
        log_tail = (tmp / "servers.log").read_text(errors="replace")[-3000:]
        sys.exit(f"FAILED: {failure}\n--- server log ---\n{log_tail}")
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
    print("All cross-server checks passed.")


if __name__ == "__main__":
    main()
