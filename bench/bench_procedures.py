#!/usr/bin/env python
"""Benchmark of administrative procedures: import speed, and the faceted listing and search over
a big catalogue, as ratios against the news index measured in the same run.

    .venv/bin/python bench/bench_procedures.py [--procedures N] [--articles A] [--requests R]

1. Builds a throwaway database exactly as bench_news.py does (a temporary SQLite file, or a fresh
   PostgreSQL database named by DATABASE_URL, created and dropped here), with A news articles
   (default 2,000) as the baseline.
2. Imports N procedures (default 10,000) through cchc_pages.procedures.importing, the code path of
   the import_procedures command and the admin upload: each record is checked, then created and
   published with its revision, log entries and search index entry. Records are the 33 demo
   procedures repeated with distinct codes and place names. Reports records per second (wall
   clock, what the targets are about), with this process's CPU time and the load average beside
   it: the machine may be shared, and a busy machine slows the wall clock, not the CPU time.
3. Times R in-process requests per route (Django test client, round-robin, after a warm-up;
   default 30): the news index (the baseline), the procedure listing, two facets combined, a
   search without diacritics, search plus facet, a procedure page and the filtered CSV export.
   "x news" is a route's median divided by the news index median from the same run, so ratios
   compare across machines where milliseconds do not. Queries per request are counted too, and
   the listing is checked to cost the same queries for 1, 20 and 100 items per page.
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

from bench_news import build_site  # noqa: E402
from harness import BenchError, ThrowawayDatabase, constant_verdict, count_queries, open_database, run_script  # noqa: E402

REPO = BENCH.parent
DEMO = REPO / "site" / "cchc_demo" / "demo_content" / "procedures.json"
PLACES = (
    "tỉnh Bắc Kạn|thành phố Hà Nội|tỉnh Bắc Ninh|tỉnh Bạc Liêu|huyện Chợ Mới|tỉnh Quảng Ninh|thành phố Đà Nẵng|"
    "tỉnh Đồng Tháp|huyện Ba Bể|thị xã Từ Sơn|tỉnh Lâm Đồng|tỉnh Nghệ An"
).split("|")


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
    args = parser.parse_args()
    if args.procedures < 100 or args.articles < 1 or args.requests < 3:
        raise BenchError("--procedures must be at least 100, --articles at least 1 and --requests at least 3.")

    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-proc-"))
    db = None
    try:
        db = ThrowawayDatabase(tmp)
        open_database(db, tmp, conn_max_age=None)  # DATABASE_CONN_MAX_AGE: the settings' default
        import django
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

        samples = {name: [] for name, _ in routes}
        for _ in range(2):  # warm-up rounds
            for _name, url in routes:
                client.get(url)
        for _ in range(args.requests):
            for name, url in routes:
                t = time.perf_counter()
                response = client.get(url)
                if response.status_code != 200:
                    raise BenchError(f"GET {url} returned {response.status_code}.")
                samples[name].append((time.perf_counter() - t) * 1000)
        base = statistics.median(samples[routes[0][0]])
        print(
            f"\nIn-process requests (test client), {args.requests} per route, round-robin; Python "
            f"{sys.version.split()[0]}, Django {django.get_version()}, {db.vendor}, {os.cpu_count()} CPU(s), "
            f"{args.procedures} procedures, {args.articles} articles"
        )
        print(f"{'route':<30} {'median ms':>10} {'x news':>7} {'queries':>8}")
        for name, _url in routes:
            med = statistics.median(samples[name])
            print(f"{name:<30} {med:>10.1f} {med / base:>7.1f} {queries[name]:>8}")
        verdict = constant_verdict(by_size.values())
        sizes = ", ".join(f"{k}/page -> {v} queries" for k, v in by_size.items())
        print(f"\nProcedure listing page 1: {sizes}  [{verdict}]")
    finally:
        if db is not None:
            db.drop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    run_script("bench_procedures", main)
