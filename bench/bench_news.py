#!/usr/bin/env python
"""Benchmark of the cchc news pages on a big section, served over real HTTP.

    .venv/bin/python bench/bench_news.py [--articles N] [--requests R] [--budget SECONDS]

1. Builds a throwaway database: a temporary SQLite file, or, when DATABASE_URL names PostgreSQL
   (e.g. postgres://postgres@127.0.0.1:5432/cchc_bench), a database of that name which it
   creates and drops (it refuses to touch one that already exists; with --keep-database it keeps
   it, and its media folder, and a later run reuses them as they are). It migrates and adds a home
   page, a news index (10 per page) and N articles with Vietnamese text, categories, tags, a few
   featured images and dates from 2019 to now. The first article goes through add_child +
   save_revision().publish(); the other N-1 are written in bulk (tree paths numbered as
   add_child numbers them, no revisions), then the tree is checked with find_problems() and
   the search index is rebuilt with update_index.
2. Counts each page's SQL queries in-process (test Client, same database, warm caches) and
   checks that the index costs the same queries for 1, 10 or 50 items per page, and an article
   page the same for 1, 2 or 3 tags.
3. Serves the WSGI app with gunicorn, one sync worker (--server wsgiref: the stdlib's server, as
   the tables before December 2026 were measured; DEBUG off, static files through Django's
   StaticFilesHandler) in a subprocess on a free port and times R sequential
   requests per route, round-robin, after warm-up. A route too slow to fit R requests in
   --budget seconds gets fewer samples (at least 3, spread over the run): see column n. The site
   search keeps its rendering per query string, so the two searches are timed twice: as asked
   again (a popular search), and ", new": each request in a new mix of upper and lower case, the
   same articles but nothing kept (a reader's first search of a query).
4. Stops the server, deletes the database and the media folder.

Reading the table: "x static" is the route's median divided by the static file's median from
the same run. The static file pays the same HTTP, WSGI and Python overhead but no template or
SQL, so ratios compare fairly across machines and runs where milliseconds do not. A ratio that
grows with N (compare --articles 200 with 5000) means work proportional to the section size.
p90 is interpolated, so with n=3 it is close to the maximum. Persistent database connections
are used (DATABASE_CONN_MAX_AGE defaults to 60 here; set 0 to include connecting).
Exits non-zero with a message on any failure. Not a test: pytest does not collect it.
"""

import argparse
import datetime
import io
import itertools
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (  # noqa: E402
    BenchError,
    ThrowawayDatabase,
    constant_verdict,
    count_queries,
    django_setup,
    fetch,
    gunicorn_watchdog,
    open_database,
    run_script,
    serve_forever,
    start_gunicorn,
    stop_server,
    time_routes,
)
from harness import start_server as _start_server  # noqa: E402

PLACES = (
    "tỉnh Bắc Kạn|thành phố Hà Nội|tỉnh Bắc Ninh|thành phố Bạc Liêu|huyện Chợ Mới|tỉnh Quảng Ninh|"
    "thành phố Đà Nẵng|tỉnh Đồng Tháp|huyện Ba Bể|thị xã Từ Sơn"
).split("|")
ACTIONS = """
Tăng cường công tác tuyên truyền cải cách hành chính
Đẩy mạnh cải cách thủ tục hành chính
Triển khai dịch vụ công trực tuyến toàn trình
Nâng cao Chỉ số cải cách hành chính
Kiện toàn Bộ phận Một cửa các cấp
Kiểm tra công tác cải cách hành chính
Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính
Đo lường sự hài lòng của người dân""".strip().splitlines()
SENTENCES = """
Ủy ban nhân dân yêu cầu các cơ quan, đơn vị thực hiện nghiêm kế hoạch cải cách hành chính năm nay.
Việc tuyên truyền phải được thực hiện thường xuyên, liên tục, đầy đủ và kịp thời với nhiều hình thức.
Tỷ lệ hồ sơ giải quyết đúng hạn tại Bộ phận Một cửa đạt trên 98%, tăng so với cùng kỳ năm trước.
Người dân, doanh nghiệp có thể nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia.
Đoàn kiểm tra đã chỉ ra một số tồn tại, hạn chế và đề nghị khắc phục trong quý tới.
Cán bộ, công chức cần nâng cao tinh thần trách nhiệm, thái độ phục vụ nhân dân.
Các thủ tục hành chính được rà soát, đơn giản hóa nhằm cắt giảm thời gian và chi phí tuân thủ.
Kết quả Chỉ số PAR INDEX là căn cứ để đánh giá, xếp loại người đứng đầu cơ quan, đơn vị.""".strip().splitlines()
CATEGORIES = (
    "Công tác cải cách hành chính|Kế hoạch, văn bản chỉ đạo|Cải cách thủ tục hành chính|"
    "Tuyên truyền cải cách hành chính|Chính quyền số"
).split("|")
TAGS = (
    "một cửa|dịch vụ công trực tuyến|PAR INDEX|tuyên truyền|kế hoạch|Bắc Kạn|Hà Nội|Bắc Ninh|chuyển đổi số|"
    "SIPAS|thủ tục hành chính|kiểm tra"
).split("|")
BENCH_TAG = "một cửa"  # the tag archive that is timed
BROAD_QUERY = "cai cach hanh chinh"  # matches nearly every article
RARE_QUERY = "thí điểm"  # one article in a hundred; with diacritics and đ, folded by the search
# The goals of the news pages and the site search, as ratios to the static file of the same run.
GOALS = {"news index": 12, "tag archive": 12, "article": 10, "search": 20}


def case_variants(query):
    """`query` in a new mix of upper and lower case at each next(): searches fold case, so each
    finds the same articles, but the site keeps a search's rendering per query string, and these
    time what a reader's first search of a query costs."""
    letters = [i for i, c in enumerate(query) if c.isalpha()]
    for n in itertools.count(1):
        chars = list(query)
        for bit, i in enumerate(letters):
            if n >> bit & 1:
                chars[i] = chars[i].upper()
        yield "".join(chars)


def new_article(i, rng, start, span, images):
    """An unsaved NewsArticlePage with realistic text, plus the categories' indexes and tag names."""
    from cchc_pages.core.text import slugify_vi
    from cchc_pages.models import NewsArticlePage

    action, place = rng.choice(ACTIONS), rng.choice(PLACES)
    date = start + datetime.timedelta(seconds=rng.uniform(0, span))
    title = f"{action} tại {place} năm {date.year}"
    paras = [{"type": "paragraph", "value": f"<p>{' '.join(rng.sample(SENTENCES, 4))}</p>"} for _ in range(3)]
    body = [paras[0], {"type": "heading", "value": {"text": "Kết quả thực hiện", "level": "h2"}}, *paras[1:]]
    body.append({"type": "quote", "value": {"text": rng.choice(SENTENCES), "attribution": "Lãnh đạo UBND"}})
    article = NewsArticlePage(title=title, draft_title=title, slug=f"{slugify_vi(title)[:80]}-{i + 1}", body=body)
    article.sapo, article.date, article.first_published_at = " ".join(rng.sample(SENTENCES, 2)), date, date
    if i % 100 == 7:  # one article in a hundred holds the rare words RARE_QUERY searches for
        article.sapo += " Đơn vị được chọn thí điểm mô hình mới."
    article.byline, article.source = rng.choice(["S.T", "Minh Anh", "PV", ""]), f"UBND {place}"
    article.last_published_at, article.featured_image = date, rng.choice(images + [None])
    return article, rng.sample(range(len(CATEGORIES)), rng.randint(1, 2)), rng.sample(TAGS, rng.randint(1, 3))


def build_site(n, rng):
    """Migrate, then home, news index and n articles. Returns (index, timings)."""
    from cchc_demo.models import DepartmentSettings, HomePage
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.images import ImageFile
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from PIL import Image as PILImage
    from wagtail.images import get_image_model
    from wagtail.models import Page, Site

    from cchc_pages.models import NewsArticlePage, NewsArticleTag, NewsCategory, NewsIndexPage, NewsTag

    timings, t = {}, time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    timings["migrate"], t = time.perf_counter() - t, time.perf_counter()
    with transaction.atomic():
        Page.objects.filter(depth=2).delete()  # Wagtail's "Welcome" page and its site
        home = Page.get_first_root_node().add_child(instance=HomePage(title="Cổng thông tin CCHC", slug="trang-chu"))
        home.save_revision().publish()
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
        DepartmentSettings.objects.create(site=site, department_name="Chuyên trang Cải cách hành chính")
        index = NewsIndexPage(title="Tin tức cải cách hành chính", slug="tin-tuc", per_page=10, show_in_menus=True)
        home.add_child(instance=index)
        index.save_revision().publish()
        categories = [NewsCategory.objects.create(name=name) for name in CATEGORIES]
        images = []
        for i, colour in enumerate(["#a3161a", "#0b4f9c", "#2e7d32", "#f2c94c"]):
            buf = io.BytesIO()
            PILImage.new("RGB", (800, 500), colour).save(buf, "PNG")
            image_file = ImageFile(buf, name=f"minh-hoa-{i + 1}.png")
            images.append(get_image_model().objects.create(title=f"Ảnh minh họa {i + 1}", file=image_file))

        start = timezone.make_aware(datetime.datetime(2019, 1, 1, 7, 30))
        span = (timezone.now() - start).total_seconds()
        content_type = ContentType.objects.get_for_model(NewsArticlePage)
        reference, cats, tags = new_article(0, rng, start, span, images)
        reference.categories.set([categories[c] for c in cats])
        reference.tags.set(tags)
        index.add_child(instance=reference)  # the reference article goes through Wagtail's own API
        reference.save_revision().publish()
        bulk = [new_article(i, rng, start, span, images) for i in range(1, n)]
        for i, (article, _, _) in enumerate(bulk, start=2):  # path step i, as the i-th add_child would get
            article.depth, article.numchild = index.depth + 1, 0
            article.path = Page._get_path(index.path, index.depth + 1, i)
            article.url_path, article.content_type = f"{index.url_path}{article.slug}/", content_type
            article.locale_id, article.live, article.has_unpublished_changes = index.locale_id, True, False
        base_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
        bases = [Page(**{f: getattr(article, f) for f in base_fields}) for article, _, _ in bulk]
        Page.objects.bulk_create(bases, batch_size=500)
        tag_ids = {tag.name: tag.pk for tag in NewsTag.objects.all()}
        tag_ids.update({name: NewsTag.objects.create(name=name).pk for name in TAGS if name not in tag_ids})
        CategoryLink, cat_rows, tag_rows = NewsArticlePage.categories.through, [], []
        for (article, cats, tags), base in zip(bulk, bases, strict=True):
            if base.pk is None:
                raise BenchError("bulk_create returned no primary keys (SQLite >= 3.35 or PostgreSQL needed).")
            article.pk = article.page_ptr_id = base.pk
            article.save_base(raw=True, force_insert=True)  # the subclass row only; raw skips indexing signals
            cat_rows += [CategoryLink(newsarticlepage_id=base.pk, newscategory_id=categories[c].pk) for c in cats]
            tag_rows += [NewsArticleTag(content_object_id=base.pk, tag_id=tag_ids[name]) for name in tags]
        CategoryLink.objects.bulk_create(cat_rows, batch_size=1000)
        NewsArticleTag.objects.bulk_create(tag_rows, batch_size=1000)
        Page.objects.filter(pk=index.pk).update(numchild=n)
        if any(problems := Page.find_problems()):
            raise BenchError(f"Page tree is inconsistent after bulk creation: {problems}")
        if (live := NewsArticlePage.objects.live().child_of(index).count()) != n:
            raise BenchError(f"Expected {n} live articles under the index, found {live}.")
    timings["content"], t = time.perf_counter() - t, time.perf_counter()
    call_command("update_index", verbosity=0)
    timings["search index"] = time.perf_counter() - t
    return NewsIndexPage.objects.get(pk=index.pk), timings


def query_checks(index, routes):
    """Queries per route, and whether listings cost the same for fewer items. Returns (counts, lines)."""
    from django.test import Client

    from cchc_pages.models import NewsArticlePage, NewsIndexPage

    client = Client()
    counts = {name: count_queries(client, url) for name, url in routes if not url.startswith("/static/")}
    by_size = {}
    for per_page in (1, 10, 50):
        NewsIndexPage.objects.filter(pk=index.pk).update(per_page=per_page)
        by_size[f"{per_page}/page"] = count_queries(client, index.url)
    NewsIndexPage.objects.filter(pk=index.pk).update(per_page=index.per_page)
    by_tags = {}
    for article in NewsArticlePage.objects.child_of(index).prefetch_related("tagged_items").order_by("pk")[:100]:
        by_tags.setdefault(f"{len(article.tagged_items.all())} tag(s)", article.url)
    by_tags = {k: count_queries(client, url) for k, url in sorted(by_tags.items())}
    lines = []
    for label, found in (("news index page 1", by_size), ("article page", by_tags)):
        verdict = constant_verdict(found.values())
        lines.append(f"{label}: " + ", ".join(f"{k} -> {v} queries" for k, v in found.items()) + f"  [{verdict}]")
    return counts, lines


def search_goal_lines(samples, base, names, goal=GOALS["search"]):
    """Goal lines of searches other than the news one (Q&A, documents): median x the static file."""
    lines = []
    for name in names:
        ratio = statistics.median(samples[name]) / base
        lines.append(f"  {name:<34} {ratio:>7.1f} x  (goal <= {goal} x)  {'pass' if ratio <= goal else 'SHORT'}")
    return lines


def search_index_size(vendor):
    """A line comparing the search index's size with the text it indexes (goal: no larger).

    SQLite: the pages of the FTS5 tables (our folded index and Wagtail's, which our backend leaves
    empty) plus Wagtail's entry rows, against the folded text stored once for it. PostgreSQL: the
    tsvector columns and the GIN indexes of Wagtail's entries, against the plain text kept beside
    them (title_text, body_text)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(
                "SELECT COALESCE(SUM(pg_column_size(title) + pg_column_size(body) + pg_column_size(autocomplete)), 0),"
                " COALESCE(SUM(octet_length(title_text) + octet_length(body_text)), 0) FROM wagtailsearch_indexentry"
            )
            vectors, text = (float(value) for value in cursor.fetchone())
            cursor.execute(
                "SELECT COALESCE(SUM(pg_relation_size(indexrelid)), 0) FROM pg_index i JOIN pg_class c "
                "ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                "WHERE i.indrelid = 'wagtailsearch_indexentry'::regclass AND a.amname = 'gin'"
            )
            size = vectors + float(cursor.fetchone()[0])
            what = "tsvectors + GIN indexes"
        else:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'cchc_search_text'")
            ours = cursor.fetchone() is not None
            texts = "cchc_search_text" if ours else "wagtailsearch_indexentry_fts"
            cursor.execute(
                "SELECT COALESCE(SUM(LENGTH(title) + LENGTH(COALESCE(body, '')) + LENGTH(COALESCE(autocomplete, ''))),"
                f" 0) FROM {texts}"
            )
            text = cursor.fetchone()[0]
            try:
                cursor.execute(
                    "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'wagtailsearch_indexentry_fts%' "
                    "OR name LIKE 'cchc_search_fts%' OR name = 'wagtailsearch_indexentry'"
                )
                size = cursor.fetchone()[0]
            except Exception:  # SQLite built without dbstat
                return "search index size: not measured (no dbstat in this SQLite)"
            what = "FTS5 tables + Wagtail's entries"
    mark = "pass" if size <= text else "SHORT"
    return (
        f"search index {size / 1e6:.1f} MB ({what}) for {text / 1e6:.1f} MB of indexed text (goal: no larger)  {mark}"
    )


def serve():
    """Subprocess entry: the Django WSGI app plus static files on 127.0.0.1, a free port."""
    django_setup()
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application

    serve_forever(StaticFilesHandler(get_wsgi_application()))


def start_server(log_path, page_cache_seconds=0):
    """This script's server (it serves whatever DATABASE_URL names); (process, port)."""
    env = {**os.environ, "CCHC_PAGE_CACHE_SECONDS": str(page_cache_seconds)}
    return _start_server(__file__, log_path, env=env)


def wsgi_app():
    """gunicorn's entry (bench_news:wsgi_app()): the same application as serve()'s."""
    django_setup()
    gunicorn_watchdog()
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application

    return StaticFilesHandler(get_wsgi_application())


def start_news_server(kind, log_path, page_cache_seconds=0):
    """The timed server: "gunicorn" (one sync worker, as the goals were set) or "wsgiref"; (process, port)."""
    if kind == "wsgiref":
        return start_server(log_path, page_cache_seconds)
    env = {**os.environ, "CCHC_PAGE_CACHE_SECONDS": str(page_cache_seconds)}
    proc, port = start_gunicorn("bench_news:wsgi_app()", log_path, env=env)
    fetch(port, "/static/cchc_pages/cchc.css")  # the worker loads the application on its first request
    return proc, port


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000, help="articles in the section (default 5000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per route (default 200)")
    parser.add_argument("--budget", type=float, default=120, help="seconds of timing per route (default 120)")
    parser.add_argument(
        "--database-file",
        type=Path,
        help="SQLite file to keep: built there (with --articles) if it does not exist, else reused as it is "
        "and left in place (a 50,000-article build takes a while)",
    )
    parser.add_argument(
        "--keep-database",
        action="store_true",
        help="PostgreSQL: keep the database DATABASE_URL names after the run, and reuse it as it is when it "
        "already exists (as --database-file does for SQLite)",
    )
    parser.add_argument(
        "--server",
        choices=("gunicorn", "wsgiref"),
        default="gunicorn",
        help="the HTTP server timed: gunicorn with one sync worker (default; the set-up the goals were set "
        "on) or the stdlib's wsgiref (the earlier tables)",
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve()
    if args.articles < 1 or args.requests < 3:
        raise BenchError("--articles must be at least 1 and --requests at least 3.")

    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    db = server = cached_server = None
    keep = False
    try:
        reuse = args.database_file is not None and args.database_file.exists()
        if args.database_file is not None:  # the file and its media folder stay where they are
            os.environ["DATABASE_URL"] = f"sqlite:///{args.database_file.resolve()}"
            shutil.rmtree(tmp)
            tmp = args.database_file.resolve().parent
        db = ThrowawayDatabase(tmp)
        keep = args.keep_database and db.vendor == "postgresql"
        if keep:  # its media folder is kept beside it, named after it
            shutil.rmtree(tmp)
            tmp = Path(tempfile.gettempdir()) / f"cchc-bench-{db.config['NAME']}"
            tmp.mkdir(exist_ok=True)
            if db.exists():
                reuse, db.create = True, lambda: None
        open_database(db, tmp)  # page cache off: query counts and uncached routes measure the work
        import django
        from django.db import connection

        from cchc_pages.models import NewsArticlePage, NewsIndexPage, NewsTag

        t0 = time.perf_counter()
        if reuse:
            from django.core.management import call_command

            call_command("migrate", verbosity=0, interactive=False)  # this checkout's migrations
            index = NewsIndexPage.objects.get(slug="tin-tuc")
            args.articles = NewsArticlePage.objects.live().child_of(index).count()
            print(f"Reusing {args.database_file or db.config['NAME']} with {args.articles} articles on {db.vendor}")
        else:
            index, timings = build_site(args.articles, random.Random(20240601))
            details = ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
            print(f"Setup of {args.articles} articles on {db.vendor}: {time.perf_counter() - t0:.1f} s ({details})")

        deep = min(50, -(-args.articles // index.per_page))
        article = NewsArticlePage.objects.live().order_by("date", "pk")[args.articles // 2]
        tag = NewsTag.objects.get(name=BENCH_TAG)
        routes = [
            ("static cchc.css", "/static/cchc_pages/cchc.css"),
            ("news index, page 1", index.url),
            (f"news index, page {deep}", f"{index.url}?page={deep}"),
            ("article", article.url),
            (f"tag archive #{tag.slug}", f"{index.url}the/{tag.slug}/"),
            (f"search '{BROAD_QUERY}'", f"/cchc/tim-kiem/?{urlencode({'q': BROAD_QUERY})}"),
            (f"search '{RARE_QUERY}'", f"/cchc/tim-kiem/?{urlencode({'q': RARE_QUERY})}"),
            (f"section search '{RARE_QUERY}'", f"{index.url}?{urlencode({'q': RARE_QUERY})}"),
        ]
        queries, checks = query_checks(index, routes)
        connection.close()
        # The same searches, each request in a new mix of upper and lower case: the same articles,
        # but a query string no kept rendering holds (see case_variants).
        for query in (BROAD_QUERY, RARE_QUERY):
            variants = case_variants(query)
            routes.append((f"search '{query}', new", lambda v=variants: f"/cchc/tim-kiem/?{urlencode({'q': next(v)})}"))

        # Uncached routes on a server without the page cache; the cache hit on a second server that
        # has it (CCHC_PAGE_CACHE_SECONDS=300), against that server's own static file.
        server, port = start_news_server(args.server, tmp / "server.log")
        cached_server, cached_port = start_news_server(args.server, tmp / "cached-server.log", 300)
        ports = {name: port for name, _ in routes}
        cached_routes = [("static, page-cache server", routes[0][1]), ("article, page-cache hit", article.url)]
        routes += cached_routes
        ports.update({name: cached_port for name, _ in cached_routes})
        warmup_rounds, samples = time_routes(ports, routes, args.requests, args.budget)
        base = statistics.median(samples[routes[0][0]])
        print(
            f"\nSequential requests, round-robin, after {warmup_rounds} warm-up round(s); {args.server}, DEBUG off, "
            f"Python {sys.version.split()[0]}, Django {django.get_version()}, {db.vendor}, "
            f"CONN_MAX_AGE={os.environ['DATABASE_CONN_MAX_AGE']}, {os.cpu_count()} CPU(s)"
        )
        print(f"{'route':<30} {'n':>4} {'median ms':>10} {'p90 ms':>9} {'x static':>9} {'queries':>8}")
        for name, _ in routes:
            times = samples[name]
            med, p90 = statistics.median(times), statistics.quantiles(times, n=10, method="inclusive")[8]
            own_base = statistics.median(samples["static, page-cache server"]) if ports[name] == cached_port else base
            ratio = med / own_base
            print(f"{name:<30} {len(times):>4} {med:>10.1f} {p90:>9.1f} {ratio:>9.1f} {queries.get(name, '-'):>8}")
        hit = statistics.median(samples["article, page-cache hit"])
        static_hit = statistics.median(samples["static, page-cache server"])
        print(
            f"\nPage-cache hit throughput: {static_hit / hit:.2f} x a static file from the same server "
            f"(goal >= 1); uncached article: {base / statistics.median(samples['article']):.3f} x"
        )
        if any(len(times) < args.requests for times in samples.values()):
            print(
                f"(n < {args.requests}: the route could not do {args.requests} requests in --budget {args.budget:g} s)"
            )
        print("\nSQL queries per request (in-process, warm caches):")
        print("\n".join("  " + line for line in checks))
        print(f"\nGoals at {args.articles} articles on {db.vendor} (median x the static file of this run):")
        for name, _ in routes[1:-2]:
            goal = next(limit for prefix, limit in GOALS.items() if prefix in name)
            ratio = statistics.median(samples[name]) / base
            print(f"  {name:<34} {ratio:>7.1f} x  (goal <= {goal} x)  {'pass' if ratio <= goal else 'SHORT'}")
        print("  " + search_index_size(db.vendor))
        throughput = static_hit / hit
        mark = "pass" if throughput >= 1 else "SHORT"
        print(f"  {'page-cache hit, throughput':<34} {throughput:>7.2f} x  (goal >= 1 x the static file)  {mark}")
    finally:
        for proc in (server, cached_server):
            stop_server(proc)
        if db is not None and args.database_file is None and not keep:
            db.drop()
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    run_script("bench_news", main)
