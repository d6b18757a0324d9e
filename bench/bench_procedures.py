#!/usr/bin/env python
"""Benchmark of administrative procedures: import speed, and the faceted listing and search over
a big catalogue, as ratios against a static file served in the same run.

    .venv/bin/python bench/bench_procedures.py [--procedures N] [--articles A] [--requests R] [--budget S]

1. Builds a throwaway database exactly as bench_news.py does (a temporary SQLite file, or a fresh
   PostgreSQL database named by DATABASE_URL, created and dropped here), with A news articles
   (default 2,000) as the baseline.
2. Imports N procedures (default 10,000) through cchc_pages.procedures.importing, the code path of
   the import_procedures command and the admin upload: each record is checked, then created and
   published with its revision, log entries and search index entry. Records are the 33 demo
   procedures repeated with distinct codes and place names. Reports records per second (wall
   clock, what the targets are about), with this process's CPU time and the load average beside
   it: the machine may be shared, and a busy machine slows the wall clock, not the CPU time.
3. Counts each route's SQL queries in-process (test client, warm caches), and checks that the
   listing costs the same queries for 1, 20 and 100 items per page.
4. Serves the demo app over HTTP (bench_news.py's wsgiref server in a subprocess, DEBUG off, page
   cache off) and times R requests per route (default 30), round-robin after a warm-up, within
   --budget seconds per route: a static file (the baseline, as in bench_news.py), the news index,
   the procedure listing, two facets combined, a search without diacritics, search plus facet, a
   procedure page and the filtered CSV export. "x static" is a route's median divided by the
   static file's median from the same run, so ratios compare across machines where milliseconds
   do not ("x news": against the news index). Ends with the listing's goals (the listing with
   its four facet counts, and a search, at most 20 x the static file), each with pass/SHORT.
Not a test: pytest does not collect it. Exits non-zero with a message on failure.
"""

import argparse
import copy
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from bench_news import build_site, start_server  # noqa: E402
from harness import (  # noqa: E402
    BenchError,
    ThrowawayDatabase,
    constant_verdict,
    count_queries,
    fetch,
    open_database,
    run_script,
    stop_server,
    time_routes,
)

REPO = BENCH.parent
DEMO = REPO / "site" / "cchc_demo" / "demo_content" / "procedures.json"
PLACES = (
    "tỉnh Bắc Kạn|thành phố Hà Nội|tỉnh Bắc Ninh|tỉnh Bạc Liêu|huyện Chợ Mới|tỉnh Quảng Ninh|thành phố Đà Nẵng|"
    "tỉnh Đồng Tháp|huyện Ba Bể|thị xã Từ Sơn|tỉnh Lâm Đồng|tỉnh Nghệ An"
).split("|")
LISTING_GOAL = 20  # the listing with its facet counts, and a search, at most 20 x the static file


def records(n, rng):
    demo = json.loads(DEMO.read_text(encoding="utf-8"))
    out = []
    for i in range(n):
        record = copy.deepcopy(demo[i % len(demo)])
        record["MATTHC"] = f"9.{i:06d}"
        record["TENTTHC"] = f"{record['TENTTHC']} tại {rng.choice(PLACES)}"
        agency = record.get("COQUANTHUCHIEN")
        for one in agency if isinstance(agency, list) else [agency] if agency else []:
            if one.get("MADONVI"):
                one["MADONVI"] = f"{one['MADONVI']}-{i % 40}"
            one["TENDONVI"] = f"{one.get('TENDONVI', '')} số {i % 40}"
        for case in record.get("THANHPHANHOSO") or []:
            for item in case.get("GIAYTO") or []:
                item["MAUDON"] = ""  # form templates need documents in the library; not what is measured
        out.append((f"#{i + 1}", record))
    return out


def load():
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} on {os.cpu_count()} CPU(s)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--procedures", type=int, default=10000, help="procedures to import (default 10000)")
    parser.add_argument("--articles", type=int, default=2000, help="news articles of the baseline (default 2000)")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per route (default 30)")
    parser.add_argument("--budget", type=float, default=60, help="seconds of timing per route (default 60)")
    args = parser.parse_args()
    if args.procedures < 100 or args.articles < 1 or args.requests < 3:
        raise BenchError("--procedures must be at least 100, --articles at least 1 and --requests at least 3.")

    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-proc-"))
    db = server = None
    try:
        db = ThrowawayDatabase(tmp)
        open_database(db, tmp, conn_max_age=None)  # DATABASE_CONN_MAX_AGE: the settings' default
        import django
        from django.db import connection
        from django.test import Client
        from wagtail.models import Page, Revision

        from cchc_pages.models import ProcedureIndexPage, ProcedurePage, ProcedureSector
        from cchc_pages.procedures import importing as procedure_import

        rng = random.Random(20240601)
        t0 = time.perf_counter()
        news, _timings = build_site(args.articles, rng)
        print(f"Baseline: {args.articles} news articles on {db.vendor} in {time.perf_counter() - t0:.1f} s")
        home = news.get_parent()
        index = home.add_child(instance=ProcedureIndexPage(title="Thủ tục hành chính", slug="thu-tuc", per_page=20))
        index.save_revision().publish()

        batch = records(args.procedures, rng)
        last = {"t": time.perf_counter()}

        def progress(done, total):
            if done % 1000 == 0 or done == total:
                now = time.perf_counter()
                print(f"  {done}/{total} imported ({now - last['t']:.1f} s for the last block)", flush=True)
                last["t"] = now

        t0, c0 = time.perf_counter(), time.process_time()
        report = procedure_import.import_records(index, batch, progress=progress)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        if report.rejected or len(report.created) != args.procedures:
            raise BenchError(f"Import went wrong: {report.summary()} {report.rejected[:3]}")
        created_rate = args.procedures / elapsed
        print(
            f"Import: {args.procedures} procedures in {elapsed:.1f} s = {created_rate:.1f} records/s "
            f"(CPU {cpu:.1f} s in this process; {load()})"
        )
        sample = batch[: min(2000, args.procedures)]
        revisions = Revision.objects.count()
        t0, c0 = time.perf_counter(), time.process_time()
        again = procedure_import.import_records(index, sample)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        if len(again.unchanged) != len(sample) or Revision.objects.count() != revisions:
            raise BenchError(f"Unchanged re-import wrote something: {again.summary()}")
        unchanged_rate = len(sample) / elapsed
        print(
            f"Re-import unchanged: {len(sample)} procedures in {elapsed:.2f} s = {unchanged_rate:.0f} records/s "
            f"(CPU {cpu:.2f} s in this process; {load()})"
        )
        changed = copy.deepcopy(sample)
        for _position, rec in changed[:: max(1, len(changed) // 10)][:10]:
            rec["MOTA"] = f"{rec.get('MOTA', '')} (sửa đổi)"
        t0 = time.perf_counter()
        nightly = procedure_import.import_records(index, changed)
        elapsed = time.perf_counter() - t0
        if len(nightly.updated) != 10 or any(c != ["MOTA"] for c in nightly.changes.values()):
            raise BenchError(f"Nightly re-sync went wrong: {nightly.summary()}")
        print(f"Re-sync of {len(changed)} with 10 changed: {elapsed:.2f} s ({nightly.summary()})")
        verdicts = [
            f"new {created_rate:.0f}/s {'OK' if created_rate >= 150 else 'BELOW'} (>= 150)",
            f"unchanged {unchanged_rate:.0f}/s {'OK' if unchanged_rate >= 1000 else 'BELOW'} (>= 1000)",
        ]
        print(f"Targets on {db.vendor}: " + "; ".join(verdicts))
        if any(problems := Page.find_problems()):
            raise BenchError(f"Page tree is inconsistent after the import: {problems}")

        sector = ProcedureSector.objects.order_by("pk").first().slug
        procedure = ProcedurePage.objects.get(code=f"9.{args.procedures // 2:06d}")
        deep = min(20, args.procedures // 20)
        routes = [
            ("news index, page 1", news.url),
            ("procedures, page 1", index.url),
            (f"procedures, page {deep}", f"{index.url}?page={deep}"),
            ("sector + level facets", f"{index.url}?linh-vuc={sector}&cap=xa"),
            ("search 'giay phep xay dung'", f"{index.url}?q=giay+phep+xay+dung"),
            ("search + level facet", f"{index.url}?q=dang+ky&cap=huyen"),
            ("procedure page", procedure.url),
            ("CSV export, one sector", f"{index.url}xuat-du-lieu/csv/?linh-vuc={sector}"),
        ]
        client = Client()
        queries = {name: count_queries(client, url) for name, url in routes}
        by_size = {}
        for per_page in (1, 20, 100):
            ProcedureIndexPage.objects.filter(pk=index.pk).update(per_page=per_page)
            by_size[per_page] = count_queries(client, index.url)
        ProcedureIndexPage.objects.filter(pk=index.pk).update(per_page=20)

        connection.close()

        # Over HTTP, as bench_news.py times its pages: the routes round-robin on one server (page
        # cache off), against a static file from that server; the CSV export (not an HTML page)
        # is timed between the rounds' ends on the same server.
        server, port = start_server(tmp / "server.log")
        static = ("static cchc.css", "/static/cchc_pages/cchc.css")
        html_routes = [static] + [route for route in routes if "CSV" not in route[0]]
        warmup_rounds, samples = time_routes(port, html_routes, args.requests, args.budget)
        csv_name, csv_url = next(route for route in routes if "CSV" in route[0])
        fetch(port, csv_url)
        samples[csv_name] = [fetch(port, csv_url)[0] * 1000 for _ in range(max(3, args.requests // 3))]
        base = statistics.median(samples[static[0]])
        news_base = statistics.median(samples[routes[0][0]])
        print(
            f"\nSequential requests over HTTP, round-robin, after {warmup_rounds} warm-up round(s); wsgiref, "
            f"DEBUG off, page cache off; Python {sys.version.split()[0]}, Django {django.get_version()}, "
            f"{db.vendor}, {os.cpu_count()} CPU(s), {args.procedures} procedures, {args.articles} articles"
        )
        print(f"{'route':<30} {'n':>4} {'median ms':>10} {'x static':>9} {'x news':>7} {'queries':>8}")
        for name, _url in [static, *routes]:
            med = statistics.median(samples[name])
            print(
                f"{name:<30} {len(samples[name]):>4} {med:>10.1f} {med / base:>9.1f} {med / news_base:>7.1f} "
                f"{queries.get(name, '-'):>8}"
            )
        verdict = constant_verdict(by_size.values())
        sizes = ", ".join(f"{k}/page -> {v} queries" for k, v in by_size.items())
        print(f"\nProcedure listing page 1: {sizes}  [{verdict}]")
        print(f"\nGoals at {args.procedures} procedures on {db.vendor} (median x the static file of this run):")
        for name, _url in routes:
            if name.startswith(("procedures,", "sector", "search")):
                ratio = statistics.median(samples[name]) / base
                mark = "pass" if ratio <= LISTING_GOAL else "SHORT"
                print(f"  {name:<34} {ratio:>7.1f} x static file  (goal <= {LISTING_GOAL} x)  {mark}")
    finally:
        stop_server(server)
        if db is not None:
            db.drop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    run_script("bench_procedures", main)
