#!/usr/bin/env python
"""Benchmark of the citizens' feedback pages with many published questions, over real HTTP.

    .venv/bin/python bench/bench_feedback.py [--items N] [--requests R] [--budget SECONDS]

Builds a throwaway database (SQLite, or the PostgreSQL named by DATABASE_URL, created and dropped
here, as bench_news.py does) with a form page, a Q&A page and N published submissions (default
5,000) plus N/4 open ones, written in bulk. Counts each route's SQL queries in-process and checks
that the Q&A listing costs the same for 10 or 50 items per page; times a submission (with a 1 MB
PDF and without) and a tracking look-up in-process; then serves the demo with wsgiref (DEBUG off)
and times the public GET routes against a static file from the same server, round-robin (the
"x static" column). Not a test: pytest does not collect it.
"""

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_news import (  # noqa: E402  (bench_news.py --serve serves whatever DATABASE_URL names)
    search_goal_lines,
    start_server,
)
from harness import (  # noqa: E402
    BenchError,
    ThrowawayDatabase,
    constant_verdict,
    count_queries,
    open_database,
    run_script,
    stop_server,
    time_routes,
)

SECTORS = ["Đất đai", "Tư pháp", "Xây dựng", "Hộ tịch", "Môi trường", "Giao thông vận tải"]
PROCEDURES = [
    "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
    "Chứng thực bản sao từ bản chính",
    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Đăng ký khai sinh",
    "Cấp giấy phép môi trường",
    "Cấp đổi giấy phép lái xe",
]
PROBLEMS = [
    "trả kết quả chậm so với phiếu hẹn",
    "yêu cầu bổ sung hồ sơ nhiều lần",
    "thu phí không đúng quy định",
    "không niêm yết công khai thủ tục",
    "cán bộ hướng dẫn chưa đầy đủ",
]
QA_BROAD, QA_RARE = "Q&A search 'co quan da kiem tra'", "Q&A search 'thí điểm'"  # every answer; one in a hundred
PDF = b"%PDF-1.4\n" + b"0" * (1024 * 1024) + b"\n%%EOF\n"


def build(n, rng):
    from cchc_demo.models import HomePage
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Page, Site

    from feedback.models import FeedbackAnswersPage, FeedbackFormPage, Submission

    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = root.add_child(instance=HomePage(title="Trang chủ", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=home, is_default_site=True, site_name="CCHC")
    answers = home.add_child(instance=FeedbackAnswersPage(title="Hỏi đáp", slug="hoi-dap"))
    answers.save_revision().publish()
    form = home.add_child(instance=FeedbackFormPage(title="Gửi phản ánh", slug="phan-anh", answers_page=answers))
    form.save_revision().publish()
    now = timezone.now()
    items = []
    for i in range(n + n // 4):
        published = i < n
        when = now - datetime.timedelta(days=rng.randint(1, 1500))
        sector, procedure = rng.randrange(len(SECTORS)), rng.randrange(len(PROCEDURES))
        item = Submission(
            code=f"PA-{when.year}-{i:06d}-BNCH",
            received_at=when,
            full_name="Nguyễn Văn An",
            address="phường Hòa Bình",
            phone=f"09{i:08d}",
            subject=f"{PROCEDURES[procedure]}: {rng.choice(PROBLEMS)}",
            content=f"Phản ánh số {i} về thủ tục {PROCEDURES[procedure].lower()}: {rng.choice(PROBLEMS)}. " * 5,
            procedure_text=PROCEDURES[procedure],
            sector=SECTORS[sector],
            consent="publish",
            shown_as="initials",
            public_locality="phường Hòa Bình",
            status="published" if published else "received",
            accept_due=when.date(),
            answer=("Cơ quan đã kiểm tra và chấn chỉnh. " * 10 + ("Đơn vị thí điểm tiếp nhận." if i % 100 == 7 else ""))
            if published
            else "",
            answered_at=when if published else None,
            published_at=when if published else None,
        )
        if published:
            item.fill_public_wording()
        item.refresh_folded_text()
        items.append(item)
    Submission.objects.bulk_create(items, batch_size=500)
    return form, answers


def in_process(form, answers, rounds):
    """Median ms of a submission (with/without a 1 MB PDF) and a look-up, through the test Client."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client, override_settings

    from feedback.models import Submission

    data = {
        "full_name": "Trần Văn Bình",
        "address": "phường Hòa Bình",
        "phone": "0912000111",
        "email": "",
        "subject": "Chậm trả kết quả",
        "content": "Nội dung phản ánh. " * 50,
        "procedure_text": "",
        "consent": "publish",
        "shown_as": "initials",
        "public_locality": "phường Hòa Bình",
        "website": "",
    }
    client, times = Client(), {"submit, no file": [], "submit, 1 MB PDF": [], "tracking look-up": []}
    with override_settings(
        CCHC_FEEDBACK_RATE_LIMIT=10**9,
        CCHC_FEEDBACK_LOOKUP_RATE_LIMIT=10**9,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ):
        for _i in range(rounds):
            for name, files in (("submit, no file", []), ("submit, 1 MB PDF", [SimpleUploadedFile("don.pdf", PDF)])):
                start = time.perf_counter()
                response = client.post(form.url, {**data, "attachments": files})
                times[name].append((time.perf_counter() - start) * 1000)
                if response.status_code != 302:
                    raise BenchError(f"submission returned {response.status_code}")
            code = Submission.objects.order_by("-pk").values_list("code", flat=True)[0]
            start = time.perf_counter()
            response = client.post(form.url + "tra-cuu/", {"code": code, "contact": "0912000111"})
            times["tracking look-up"].append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise BenchError(f"look-up returned {response.status_code}")
    return {name: statistics.median(values) for name, values in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=5000, help="published submissions (default 5000)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per route (default 100)")
    parser.add_argument("--budget", type=float, default=60, help="seconds of timing per route (default 60)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-feedback-"))
    db = server = None
    try:
        db = ThrowawayDatabase(tmp)
        open_database(db, tmp)
        import logging

        logging.getLogger("feedback").setLevel(logging.WARNING)  # one line per submission otherwise
        from django.db import connection
        from django.test import Client, override_settings

        t0 = time.perf_counter()
        form, answers = build(args.items, random.Random(20261126))
        print(f"Setup of {args.items} published submissions on {db.vendor}: {time.perf_counter() - t0:.1f} s")
        year = datetime.date.today().year - 1
        deep = max(1, min(50, -(-args.items // 10)))  # a deep page that exists at this size (10 per page)
        routes = [
            ("static cchc.css", "/static/cchc_pages/cchc.css"),
            ("form page", form.url),
            ("Q&A listing, page 1", answers.url),
            (f"Q&A listing, page {deep}", f"{answers.url}?page={deep}"),
            ("Q&A search 'giay chung nhan'", f"{answers.url}?q=giay+chung+nhan"),
            (QA_BROAD, f"{answers.url}?q=co+quan+da+kiem+tra"),
            (QA_RARE, f"{answers.url}?q=th%C3%AD+%C4%91i%E1%BB%83m"),
            ("Q&A sector + year", f"{answers.url}?linh-vuc=%C4%90%E1%BA%A5t+%C4%91ai&nam={year}"),
            ("Q&A detail", f"{answers.url}1/"),
        ]
        client = Client()
        queries = {name: count_queries(client, url) for name, url in routes[1:]}
        by_size = {}
        for per_page in (10, 50):
            with override_settings(CCHC_FEEDBACK_PER_PAGE=per_page):
                by_size[per_page] = count_queries(client, answers.url)
        posts = in_process(form, answers, 10)
        connection.close()
        server, port = start_server(tmp / "server.log")
        warmup, samples = time_routes(port, routes, args.requests, args.budget)
        base = statistics.median(samples[routes[0][0]])
        print(f"\nwsgiref, DEBUG off, {db.vendor}, {os.cpu_count()} CPU(s), after {warmup} warm-up round(s)")
        print(f"{'route':<30} {'n':>4} {'median ms':>10} {'x static':>9} {'queries':>8}")
        for name, _ in routes:
            med = statistics.median(samples[name])
            print(f"{name:<30} {len(samples[name]):>4} {med:>10.1f} {med / base:>9.1f} {queries.get(name, '-'):>8}")
        verdict = constant_verdict(by_size.values())
        print("\nQ&A listing queries: " + ", ".join(f"{k}/page -> {v}" for k, v in by_size.items()) + f"  [{verdict}]")
        print("In-process POST, median of 10 (ms): " + ", ".join(f"{k} {v:.1f}" for k, v in posts.items()))
        print(f"\nGoals at {args.items} published questions on {db.vendor} (median x the static file of this run):")
        print("\n".join(search_goal_lines(samples, base, [QA_BROAD, QA_RARE])))
    finally:
        stop_server(server)
        if db is not None:
            db.drop()
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(str(tmp / "media") + "-feedback-private", ignore_errors=True)


if __name__ == "__main__":
    run_script("bench_feedback", main)
