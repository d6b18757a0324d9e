#!/usr/bin/env python
"""Benchmark of the directory, document and appendix pages, served over real HTTP.

    .venv/bin/python bench/bench_contacts.py [--cards N] [--documents D] [--rows R] [--requests Q]

Works like bench_news.py (same throwaway database, server and round-robin timing; see its
docstring): builds 12 organisation units, N contact cards (default 300) with three contact
points each (one hidden), D documents (default 400) over 2015-2024 and one plan with R appendix
rows (default 300), then times the directory, a card, its vCard, the document listing (plain,
filtered by year, searched without diacritics), the plan and its CSV export against a static file.
It also checks that the directory and the listing cost the same queries for fewer items.
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
    search_index_size,
    start_server,
)
from harness import ThrowawayDatabase, constant_verdict, count_queries, fetch, open_database, run_script, stop_server  # noqa: E402

NAMES = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split()
MIDDLE = "Văn Thị Minh Thu Quốc Thanh Ngọc Hữu".split()
GIVEN = "An Bình Cường Dũng Hà Hoa Lan Long Mai Nam Phúc Quang Sơn Tâm Trang Vinh".split()
TYPES = ["ke-hoach", "quyet-dinh", "bao-cao", "cong-van"]
BODIES = ["UBND tỉnh", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Sở Tư pháp"]
DOCUMENTS_BROAD, DOCUMENTS_RARE = "documents, search 'cai cach hanh chinh'", "documents, search 'thí điểm'"


def build(n_cards, n_documents, n_rows, rng):
    from cchc_demo.models import HomePage
    from wagtail.models import Page, Site

    from cchc_pages.models import (
        AppendixRow,
        ContactCard,
        ContactDirectoryPage,
        DocumentIndexPage,
        DocumentPage,
        OrganisationUnit,
        PersonContactPoint,
    )

    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = root.add_child(instance=HomePage(title="Trang chủ", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=home, is_default_site=True, site_name="bench")
    dept = OrganisationUnit.objects.create(name="Sở Nội vụ", kind="department", address="Số 7, Bắc Kạn")
    units = [dept] + [
        OrganisationUnit.objects.create(name=f"Phòng chuyên môn {i}", parent=dept, sort_order=i) for i in range(1, 12)
    ]
    cards = ContactCard.objects.bulk_create(
        ContactCard(
            name=f"{rng.choice(NAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            slug=f"can-bo-{i}",
            position="Chuyên viên",
            unit=units[i % len(units)],
            sort_order=i,
        )
        for i in range(n_cards)
    )
    PersonContactPoint.objects.bulk_create(
        PersonContactPoint(card=card, kind=kind, value=value, is_public=public, sort_order=j)
        for i, card in enumerate(cards)
        for j, (kind, value, public) in enumerate(
            [
                ("office_phone", f"0209 38{i:05d}", True),
                ("email", f"can-bo-{i}@sonoivu.example.gov.vn", True),
                ("mobile", f"0912 {i:06d}", False),
            ]
        )
    )
    directory = home.add_child(instance=ContactDirectoryPage(title="Danh bạ", slug="danh-ba"))
    index = home.add_child(instance=DocumentIndexPage(title="Văn bản", slug="van-ban", per_page=20))
    start = datetime.date(2015, 1, 1)
    for i in range(n_documents):
        index.add_child(
            instance=DocumentPage(
                title=f"{rng.choice(['Kế hoạch', 'Quyết định', 'Báo cáo', 'Công văn'])} về cải cách hành chính số {i}",
                doc_number=f"{i}/KH-UBND",
                doc_type=rng.choice(TYPES),
                issuing_body=rng.choice(BODIES),
                issue_date=start + datetime.timedelta(days=rng.randrange(3650)),
                summary="Tuyên truyền, triển khai nhiệm vụ cải cách hành chính năm nay."
                + (" Đơn vị được chọn thí điểm số hóa hồ sơ." if i % 100 == 7 else ""),
            )
        )
    plan = DocumentPage.objects.order_by("pk").first()
    AppendixRow.objects.bulk_create(
        AppendixRow(
            page=plan,
            sort_order=i,
            section=f"Mục {i // 25 + 1}",
            number=str(i + 1),
            task=f"Nhiệm vụ tuyên truyền cải cách hành chính số {i + 1}",
            form="- Trên Cổng thông tin;\n- Hội nghị",
            lead_agency=rng.choice(BODIES),
            cooperating_agencies="Các sở, ngành; UBND cấp huyện",
            timeframe="Thường xuyên",
        )
        for i in range(n_rows)
    )
    from django.core.management import call_command

    call_command("update_index", verbosity=0)
    return directory, index, plan, cards[len(cards) // 2]


def time_routes(port, routes, requests, budget):
    """Milliseconds per route, round-robin after warm-up (bench_news.time_routes, for non-HTML routes too)."""
    first = {name: fetch(port, url)[0] for name, url in routes}
    caps = {name: min(requests, max(3, int(budget / max(first[name], 1e-6)))) for name in first}
    for _ in range(3):
        for _name, url in routes:
            fetch(port, url)
    samples = {name: [] for name in first}
    for round_no in range(requests):
        for name, url in routes:
            if round_no * caps[name] // requests != (round_no + 1) * caps[name] // requests:
                samples[name].append(fetch(port, url)[0] * 1000)
    return 3, samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=300)
    parser.add_argument("--documents", type=int, default=400)
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--budget", type=float, default=20)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-contacts-"))
    db = server = None
    try:
        db = ThrowawayDatabase(tmp)
        open_database(db, tmp)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        directory, index, plan, card = build(args.cards, args.documents, args.rows, random.Random(7))
        print(
            f"Setup on {db.vendor}: {args.cards} cards, {args.documents} documents, {args.rows} appendix rows "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        routes = [
            ("static cchc.css", "/static/cchc_pages/cchc.css"),
            (f"directory ({args.cards} cards)", directory.url),
            ("card page", f"{directory.url}{card.slug}/"),
            ("vCard", f"/cchc/danh-ba/{card.slug}.vcf"),
            ("documents, page 1", index.url),
            ("documents, year 2020", f"{index.url}?nam=2020"),
            (DOCUMENTS_BROAD, f"{index.url}?q=cai+cach+hanh+chinh"),  # every document
            (DOCUMENTS_RARE, f"{index.url}?q=th%C3%AD+%C4%91i%E1%BB%83m"),  # "thí điểm": one in a hundred
            (f"plan ({args.rows} rows)", plan.url),
            ("plan, filtered by lead", f"{plan.url}?chu-tri=so+noi+vu"),
            ("appendix CSV", f"{plan.url}phu-luc/csv/"),
        ]
        client = Client(HTTP_HOST="127.0.0.1")
        queries = {name: count_queries(client, url) for name, url in routes[1:]}
        from cchc_pages.models import DocumentIndexPage

        by_size = {}
        for per_page in (1, 20, 100):
            DocumentIndexPage.objects.filter(pk=index.pk).update(per_page=per_page)
            by_size[per_page] = count_queries(client, index.url)
        DocumentIndexPage.objects.filter(pk=index.pk).update(per_page=20)
        connection.close()
        server, port = start_server(tmp / "server.log")
        warmups, samples = time_routes(port, routes, args.requests, args.budget)
        base = statistics.median(samples[routes[0][0]])
        print(f"\nSequential requests, round-robin, {warmups} warm-up round(s); {db.vendor}, {os.cpu_count()} CPU(s)")
        print(f"{'route':<32} {'n':>4} {'median ms':>10} {'x static':>9} {'queries':>8}")
        for name, _ in routes:
            med = statistics.median(samples[name])
            print(f"{name:<32} {len(samples[name]):>4} {med:>10.1f} {med / base:>9.1f} {queries.get(name, '-'):>8}")
        verdict = constant_verdict(by_size.values())
        sizes = ", ".join(f"{k}/page -> {v} queries" for k, v in by_size.items())
        print(f"\ndocument listing: {sizes}  [{verdict}]")
        print(f"\nGoals at {args.documents} documents on {db.vendor} (median x the static file of this run):")
        print("\n".join(search_goal_lines(samples, base, [DOCUMENTS_BROAD, DOCUMENTS_RARE])))
        print("  " + search_index_size(db.vendor))
    finally:
        stop_server(server)
        if db is not None:
            db.drop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    run_script("bench_contacts", main)
