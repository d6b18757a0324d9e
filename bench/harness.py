"""What every benchmark in bench/ shares: the throwaway database, Django setup, a wsgiref server in
a subprocess (started, read for its port, stopped), HTTP fetches and round-robin timing, query
counts, and the script entry that turns failures into a one-line message.

Not a benchmark itself; the bench_*.py scripts import it.
"""

import http.client
import os
import select
import signal
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "site")]


class BenchError(Exception):
    pass


class ThrowawayDatabase:
    """A temporary SQLite file, or a PostgreSQL database created here and dropped at the end."""

    def __init__(self, tmp):
        import dj_database_url

        self.url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'bench.sqlite3'}"
        self.config, self.created = dj_database_url.parse(self.url), False
        self.vendor = {"sqlite3": "sqlite", "postgresql": "postgresql"}.get(self.config["ENGINE"].split(".")[-1])
        if self.vendor is None:
            raise BenchError(f"Only SQLite and PostgreSQL are supported, not {self.config['ENGINE']}.")

    def _admin(self, statement, params=()):
        import psycopg

        c = self.config
        kwargs = dict(user=c["USER"], password=c["PASSWORD"], host=c["HOST"], port=c["PORT"])
        with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in kwargs.items() if v}) as conn:
            return conn.execute(statement, params).fetchall() if params else conn.execute(statement)

    def exists(self):
        """Whether the PostgreSQL database is there already (a SQLite file is always new here)."""
        return self.vendor == "postgresql" and bool(
            self._admin("SELECT 1 FROM pg_database WHERE datname = %s", [self.config["NAME"]])
        )

    def create(self):
        if self.vendor == "sqlite":
            return  # a new file in a new temporary folder
        from psycopg import sql

        name = self.config["NAME"]
        if self._admin("SELECT 1 FROM pg_database WHERE datname = %s", [name]):
            raise BenchError(f"Database {name!r} already exists; the benchmark only uses a fresh one it creates.")
        self._admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.created = True

    def drop(self):
        if self.created:
            from django.db import connections
            from psycopg import sql

            connections.close_all()
            self._admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.config["NAME"])))


def django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_demo.settings")
    import django

    django.setup()


def open_database(db, tmp, conn_max_age="60"):
    """Point Django at `db` (DEBUG off, media in `tmp`, page cache off so that the work is measured),
    create it and set Django up. conn_max_age: the DATABASE_CONN_MAX_AGE default, None for Django's."""
    os.environ.update(DATABASE_URL=db.url, DJANGO_DEBUG="0", DJANGO_MEDIA_ROOT=str(tmp / "media"))
    os.environ["CCHC_PAGE_CACHE_SECONDS"] = "0"
    if conn_max_age is not None:
        os.environ.setdefault("DATABASE_CONN_MAX_AGE", conn_max_age)
    db.create()
    django_setup()


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: site root paths, image renditions
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    if response.status_code != 200:
        raise BenchError(f"In-process GET {url} returned {response.status_code}.")
    return len(ctx.captured_queries)


def constant_verdict(counts):
    """The verdict on query counts measured for several page sizes."""
    return "OK, constant" if len(set(counts)) == 1 else "WARNING: grows with the items shown"


def serve_forever(app, server_class=None):
    """Subprocess side of start_server: serve `app` quietly on 127.0.0.1 and a free port, print
    "PORT n", and exit when the parent process is gone."""
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    parent = os.getppid()

    def watchdog():  # never outlive the benchmark, even if it is killed outright
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watchdog, daemon=True).start()
    httpd = make_server("127.0.0.1", 0, app, server_class=server_class or WSGIServer, handler_class=QuietHandler)
    print(f"PORT {httpd.server_port}", flush=True)
    httpd.serve_forever()


def start_server(script, log_path, args=(), env=None):
    """Run `script --serve *args` (which calls serve_forever) and return (process, port)."""
    with open(log_path, "wb") as log:
        cmd = [sys.executable, str(script), "--serve", *args]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, cwd=REPO, text=True, env=env)
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    line = proc.stdout.readline() if ready else ""
    if not line.startswith("PORT "):
        proc.kill()
        raise BenchError(f"Server did not start; its log:\n{Path(log_path).read_text()[-3000:]}")
    return proc, int(line.split()[1])


def gunicorn_watchdog():
    """In a gunicorn worker started by start_gunicorn: exit when the benchmark that started it is gone."""
    owner = int(os.environ.get("CCHC_BENCH_OWNER_PID", "0"))

    def watch():
        while True:
            try:
                os.kill(owner, 0)
            except OSError:
                os._exit(1)
            time.sleep(1)

    if owner:
        threading.Thread(target=watch, daemon=True).start()


def start_gunicorn(app, log_path, env=None):
    """gunicorn with one sync worker (the set-up of the README's deploy guide, minus threads)
    serving `app` ("module:factory()" importable from bench/) on 127.0.0.1; (process, port)."""
    import socket

    with socket.socket() as probe:  # a free port; gunicorn cannot report the one it picked
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**(env or os.environ), "CCHC_BENCH_OWNER_PID": str(os.getpid())}
    cmd = [sys.executable, "-m", "gunicorn", "--workers", "1", "--worker-class", "sync", "--timeout", "600"]
    cmd += ["--bind", f"127.0.0.1:{port}", "--chdir", str(Path(__file__).resolve().parent), app]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=log, cwd=REPO, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise BenchError(f"gunicorn did not start; its log:\n{Path(log_path).read_text()[-3000:]}")


def stop_server(proc):
    if proc is not None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def fetch(port, url):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    start = time.perf_counter()
    conn.request("GET", url)
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - start
    conn.close()
    if response.status != 200:
        raise BenchError(f"GET {url} returned {response.status}: {body[:300]!r}")
    return elapsed, body


def time_routes(ports, routes, requests, budget):
    """Milliseconds per route: round-robin over the routes, so machine noise hits all alike.

    ports: one port for all routes, or a route's name -> the server it is timed on (see
    bench_news.main: with and without the page cache). A route's URL may be a callable, called
    for each request (a new query string each time)."""
    if isinstance(ports, int):
        ports = {name: ports for name, _ in routes}
    routes = [(name, url if callable(url) else (lambda url=url: url)) for name, url in routes]
    first = {}
    for name, url in routes:  # a cold request checks the page and sizes the route's sample count
        first[name], body = fetch(ports[name], url())
        if not url().startswith("/static/") and b'class="cchc' not in body:
            raise BenchError(f"GET {url()} did not render a cchc page.")
    for name, url in routes:  # a cold request is slow; a second one sizes fast routes better
        if first[name] < budget / 10:
            first[name] = min(first[name], fetch(ports[name], url())[0])
    caps = {name: min(requests, max(3, int(budget / first[name]))) for name in first}
    warmups = {name: max(1, min(max(5, requests // 10), cap // 10)) for name, cap in caps.items()}
    for round_no in range(1, max(warmups.values())):
        for name, url in routes:
            if round_no < warmups[name]:
                fetch(ports[name], url())
    samples = {name: [] for name in first}
    for round_no in range(requests):
        for name, url in routes:  # a route with cap < requests is timed in cap evenly spread rounds
            if round_no * caps[name] // requests != (round_no + 1) * caps[name] // requests:
                samples[name].append(fetch(ports[name], url())[0] * 1000)
    return max(warmups.values()), samples


def run_script(name, main):
    """The scripts' entry: exit with main()'s status; a failure ends as one line naming the script
    (with the traceback first when it is not a BenchError); SIGTERM exits through the cleanup."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(f"{name}: terminated"))
    try:
        sys.exit(main())
    except BenchError as error:
        sys.exit(f"{name}: FAILED: {error}")
    except KeyboardInterrupt:
        sys.exit(f"{name}: interrupted")
    except Exception:
        traceback.print_exc()
        sys.exit(f"{name}: FAILED with the error above")
