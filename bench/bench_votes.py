#!/usr/bin/env python
"""Benchmark of voting: votes per second through the full stack against a bare one-INSERT view.

    .venv/bin/python bench/bench_votes.py [--votes N] [--clients C] [--redis URL]

1. Builds a throwaway database (a temporary SQLite file, or a fresh PostgreSQL database named by
   DATABASE_URL, created and dropped here; see bench_news.py), migrates it and adds one poll with
   four answers.
2. Serves the demo WSGI app (DEBUG off, persistent connections with one client) in a subprocess,
   with one extra URL: a bare csrf-exempt view that INSERTs one Ballot row and answers 204 — the
   least any vote could cost through Django. Django's cache is Redis (--redis, default
   redis://127.0.0.1:6379/12; --redis "" for local memory), as on a production site, its keys
   under a prefix of this run's own, deleted at the end. The per-address limit stays on (its
   count in the cache is part of every vote): as behind nginx, each voter's address comes in
   X-Real-IP, one per vote.
3. Times N votes each way, in the same run and interleaved in rounds so that machine noise hits
   both alike: "full" = GET /token/ + POST /gui/ with Accept: application/json, exactly what the
   widget's script does (the answer carries the rendered results); "bare" = one POST.
   With --clients C > 1, C threads vote at once (the server then uses a thread per request).
4. Checks that the poll's totals equal the votes sent, prints votes/s and the ratio, cleans up.

Reading it: with one client the ratio is latency (a full vote is two round trips, the bare view
one, so it cannot beat 50%); with 20 clients it is throughput, the server busy all the time,
which is what a poll shared on Zalo or Facebook puts on it. The target (full at least 50% of the
bare view's votes/s) is for throughput.

Not a test: pytest does not collect it.
"""

import argparse
import http.client
import itertools
import json
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from harness import BenchError, ThrowawayDatabase, django_setup, open_database, run_script, serve_forever, stop_server  # noqa: E402

VOTES_GOAL = 60  # % of the bare view's votes/s, with 20 clients on PostgreSQL + Redis

BARE_URL = "/bench/bare-insert/"
DEFAULT_REDIS = "redis://127.0.0.1:6379/12"


def bare_insert(request):
    from feedback.models import Ballot

    Ballot.objects.create(poll_id=int(request.POST["poll"]), nonce=secrets.token_hex(16))
    from django.http import HttpResponse

    return HttpResponse(status=204)


def serve(threaded):
    """Subprocess entry: the demo app plus the bare view, on 127.0.0.1 and a free port."""
    django_setup()
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIServer

    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from django.urls import path
    from django.views.decorators.csrf import csrf_exempt

    settings.CCHC_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"  # as in settings_production, behind nginx
    from cchc_demo import urls as demo_urls

    module = sys.modules[__name__]
    # The demo's patterns spliced in, not include()d: its i18n_patterns must stay at the root.
    module.urlpatterns = [path(BARE_URL.strip("/") + "/", csrf_exempt(bare_insert)), *demo_urls.urlpatterns]
    settings.ROOT_URLCONF = __name__

    class ThreadedServer(ThreadingMixIn, WSGIServer):
        daemon_threads = True
        request_queue_size = 128  # wsgiref's 5 resets connections when 20 clients connect at once

    serve_forever(get_wsgi_application(), ThreadedServer if threaded else WSGIServer)


def start_server(log_path, threaded):
    return harness.start_server(__file__, log_path, ["--threaded"] if threaded else [])


def _request(conn, method, url, body=None, headers=None):
    conn.request(method, url, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    return response.status, data


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def full_vote(conn, poll_id, choice_id, voter):
    address = {"X-Real-IP": f"10.{voter >> 16 & 255}.{voter >> 8 & 255}.{voter & 255}"}
    status, data = _request(
        conn, "GET", f"/cchc/binh-chon/{poll_id}/token/", headers={"Accept": "application/json", **address}
    )
    if status != 200:
        raise BenchError(f"token: {status} {data[:200]!r}")
    body = urlencode({"token": json.loads(data)["token"], "choice": choice_id})
    status, data = _request(
        conn, "POST", f"/cchc/binh-chon/{poll_id}/gui/", body, {**FORM, "Accept": "application/json", **address}
    )
    if status != 200 or not json.loads(data)["ok"]:
        raise BenchError(f"vote: {status} {data[:200]!r}")


def bare_vote(conn, poll_id, _choice_id, _voter):
    status, data = _request(conn, "POST", BARE_URL, urlencode({"poll": poll_id}), FORM)
    if status != 204:
        raise BenchError(f"bare insert: {status} {data[:200]!r}")


VOTERS = itertools.count(1)


def check_redis():
    """Stop when the Redis named by --redis does not answer: every vote would be refused (503)."""
    from django.core.cache import cache

    try:
        cache.client.get_client(write=True).ping()
    except Exception as error:
        url = os.environ["REDIS_URL"]
        raise BenchError(f"Redis at {url} does not answer ({error}); start it, or pass --redis ''.") from None


def run(kind, port, poll_id, choice_ids, votes, clients):
    """Seconds for `votes` votes of one kind from `clients` threads, each vote from a new voter."""
    errors = []

    def client(n):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            for i in range(n, votes, clients):
                kind(conn, poll_id, choice_ids[i % len(choice_ids)], next(VOTERS))
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            conn.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--votes", type=int, default=1000, help="votes timed each way (default 1000)")
    parser.add_argument("--clients", type=int, default=1, help="concurrent voting threads (default 1)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument(
        "--redis",
        default=DEFAULT_REDIS,
        metavar="URL",
        help=f'Redis as Django\'s cache (default {DEFAULT_REDIS}; "" for local memory)',
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--threaded", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args.threaded)
    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-votes-"))
    db = server = None
    redis_used = False
    # The server inherits the environment: REDIS_URL makes the demo's settings use Redis.
    os.environ.pop("REDIS_URL", None)
    if args.redis:
        os.environ.update(REDIS_URL=args.redis, CACHE_KEY_PREFIX=f"cchc-bench-votes-{secrets.token_hex(4)}")
    try:
        db = ThrowawayDatabase(tmp)
        # Persistent connections with one sequential client; none with a thread per request, whose
        # dead threads would otherwise leave their connections open until PostgreSQL refuses more.
        open_database(db, tmp, conn_max_age="60" if args.clients == 1 else "0")
        import django
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from feedback.models import Ballot, Poll, PollChoice

        if args.redis:
            check_redis()
            redis_used = True
        call_command("migrate", verbosity=0, interactive=False)
        poll = Poll.objects.create(question="Đánh giá thái độ tiếp công dân", opens_at=timezone.now())
        labels = ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"]
        choice_ids = [PollChoice.objects.create(poll=poll, label=x, sort_order=i).pk for i, x in enumerate(labels)]
        bare_poll = Poll.objects.create(question="Bare inserts", opens_at=timezone.now())
        connection.close()
        server, port = start_server(tmp / "server.log", args.clients > 1)

        run(full_vote, port, poll.pk, choice_ids, 20, 1)  # warm-up: imports, templates, connections
        run(bare_vote, port, bare_poll.pk, choice_ids, 20, 1)
        per_round = max(1, args.votes // args.rounds)
        full = bare = 0.0
        for _ in range(args.rounds):
            full += run(full_vote, port, poll.pk, choice_ids, per_round, args.clients)
            bare += run(bare_vote, port, bare_poll.pk, choice_ids, per_round, args.clients)
        n = per_round * args.rounds

        results = poll.results()
        expected = n + 20
        if results["total"] != expected:
            raise BenchError(f"The poll counts {results['total']} votes, {expected} were sent.")
        if Ballot.objects.filter(poll=bare_poll).count() != expected:
            raise BenchError("Some bare inserts are missing.")
        print(
            f"Django {django.get_version()}, {db.vendor} + {'Redis' if args.redis else 'local memory'}, "
            f"{n} votes each way, {args.clients} client(s), {args.rounds} interleaved rounds"
        )
        print(f"  full stack (GET token + POST vote, JSON):  {n / full:8.1f} votes/s  ({1000 * full / n:.2f} ms/vote)")
        print(f"  bare view (one INSERT):                    {n / bare:8.1f} votes/s  ({1000 * bare / n:.2f} ms/vote)")
        print(
            f"  full stack at {100 * bare / full:.0f}% of the bare view's votes/s "
            f"(time per vote {full / bare:.2f}x)   totals checked: {results['total']} votes, none lost"
        )
        if args.clients >= 20 and db.vendor == "postgresql" and args.redis:  # where the goal is set
            share = 100 * bare / full
            mark = "pass" if share >= VOTES_GOAL else "SHORT"
            print(
                f"  votes, 20 clients, PostgreSQL + Redis  {share:>5.0f}% of the bare view "
                f"(goal >= {VOTES_GOAL}%)  {mark}"
            )
    except BenchError as error:
        print(f"bench_votes: {error}", file=sys.stderr)
        return 1
    finally:
        stop_server(server)
        if redis_used:
            from django.core.cache import cache

            cache.delete_pattern("*")  # this run's prefix only (django-redis prefixes the pattern)
        if db is not None:
            db.drop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    run_script("bench_votes", main)
