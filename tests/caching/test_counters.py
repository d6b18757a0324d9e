"""View and visit counters: correct under concurrency, no database write on the request path."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc_pages.caching import counters
from cchc_pages.caching.counters import CounterBuffer
from cchc_pages.models import Counter


@pytest.fixture(autouse=True)
def fresh_buffer(monkeypatch, settings):
    """The in-process buffer (CCHC_COUNTER_BACKEND "memory"); tests/caching/test_scale_out.py covers Redis."""
    settings.CCHC_COUNTER_BACKEND = "memory"
    buffer = CounterBuffer()
    buffer._ensure_flusher = lambda: None  # tests flush explicitly
    monkeypatch.setattr(counters, "buffer", buffer)
    return buffer


BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def beacon(client, page=None, token="trinh-duyet-mot-0001", visit=False, agent=BROWSER, **extra):
    """What counter.js posts: the page, the tab's random token, visit=1 on the session's first page."""
    data = {"token": token, **({"page": page} if page is not None else {}), **({"visit": "1"} if visit else {})}
    return client.post("/cchc/luot-xem/", data, HTTP_USER_AGENT=agent, **extra)


def shown(response):
    """The page's views and the site's visits of a beacon's answer (visits.py's numbers: test_visits.py)."""
    data = response.json()
    return {key: data[key] for key in ("page_views", "site_visits") if key in data}


def test_a_hit_counts_the_page_and_the_visit_without_writing(client, news_index, make_article, fresh_buffer):
    article = make_article()
    with CaptureQueriesContext(connection) as ctx:
        response = beacon(client, article.pk, visit=True)
    assert response.status_code == 200
    assert response.json()["page_views"] == 1
    assert response.json()["site_visits"] == 1
    writes = [q["sql"] for q in ctx.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert fresh_buffer.flush() == 3  # the page, the visit in total and today's visits
    assert Counter.objects.get(scope="page", object_id=article.pk).count == 1


def test_second_page_of_a_visit_counts_no_new_visit(client, news_index, make_article, fresh_buffer):
    article, other = make_article(), make_article(title="Tin thứ hai")
    beacon(client, article.pk, visit=True)
    data = shown(beacon(client, other.pk))
    assert data == {"page_views": 1, "site_visits": 1}
    assert shown(beacon(client, article.pk)) == {"page_views": 1, "site_visits": 1}


def test_article_shows_the_count_and_publishing_keeps_it(client, news_index, make_article, fresh_buffer):
    article = make_article()
    Counter.objects.create(scope="page", object_id=article.pk, count=786)
    beacon(client, article.pk)
    fresh_buffer.flush()
    article.title = "Tiêu đề đã sửa"
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "data-cchc-page-views>787<" in html


def test_concurrent_readers_lose_no_count(news_index, make_article, fresh_buffer):
    article = make_article()
    threads = [
        threading.Thread(target=lambda: [counters.hit("page", article.pk) for _ in range(500)]) for _ in range(20)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counters.current("page", article.pk) == 10_000
    fresh_buffer.flush()
    assert Counter.objects.get(scope="page", object_id=article.pk).count == 10_000
    assert fresh_buffer.pending("page", article.pk) == 0


def test_failed_flush_keeps_the_counts(news_index, make_article, fresh_buffer, monkeypatch):
    article = make_article()
    counters.hit("page", article.pk)

    def broken(batch):
        raise RuntimeError("database down")

    monkeypatch.setattr(counters, "_write", broken)
    assert fresh_buffer.flush() == 0
    monkeypatch.undo()
    monkeypatch.setattr(counters, "buffer", fresh_buffer)
    assert fresh_buffer.pending("page", article.pk) == 1
    assert fresh_buffer.flush() == 1


@pytest.mark.parametrize(
    "data, status",
    [({"page": "abc"}, 400), ({"page": "999999"}, 400), ({"page": "1; DROP TABLE x"}, 400)],
)
def test_bad_counter_input_is_refused(client, news_index, data, status):
    response = client.post("/cchc/luot-xem/", {"token": "trinh-duyet-mot-0001", **data})
    assert response.status_code == status
    assert "error" in response.json()
    assert not Counter.objects.exists()


@pytest.mark.parametrize("token", ["", "ngan", "x" * 65, "<script>alert(1)</script>-----"])
def test_a_beacon_without_a_proper_token_is_refused(client, news_index, make_article, token):
    response = beacon(client, make_article().pk, token=token, visit=True)
    assert response.status_code == 400 and "tải lại trang" in response.json()["error"]
    assert counters.current(counters.PAGE_VIEWS, 1) == 0 and not Counter.objects.exists()


def test_one_browser_counts_a_page_once_per_interval(client, news_index, make_article, settings):
    """200 POSTs from one browser are one view and one visit; another browser adds one each."""
    article = make_article()
    for _ in range(200):
        data = shown(beacon(client, article.pk, visit=True))
    assert data == {"page_views": 1, "site_visits": 1}
    assert shown(beacon(client, article.pk, token="trinh-duyet-hai-0002", visit=True)) == {
        "page_views": 2,
        "site_visits": 2,
    }
    cache.clear()  # the interval has passed
    assert shown(beacon(client, article.pk, visit=True)) == {"page_views": 3, "site_visits": 3}


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "facebookexternalhit/1.1",
        "Zalo-Crawler",
        "curl/8.5.0",
        "python-requests/2.32",
    ],
)
def test_robots_count_nothing_but_get_the_totals(client, news_index, make_article, agent):
    article = make_article()
    for i in range(20):
        response = beacon(client, article.pk, token=f"robot-token-{i:08d}", visit=True, agent=agent)
        assert response.status_code == 200
    assert shown(response) == {"page_views": 0, "site_visits": 0}


def test_one_address_counts_within_its_hourly_budget(client, news_index, make_article, settings):
    """Fresh tokens on every POST (a script) still add at most the address's budget."""
    settings.CCHC_COUNTER_BUDGET_PER_ADDRESS = 10
    article = make_article()
    for i in range(50):
        data = shown(beacon(client, article.pk, token=f"script-token-{i:08d}"))
    assert data["page_views"] == 10
    # Another address (another office) still counts.
    assert beacon(client, article.pk, token="van-phong-khac-0001", REMOTE_ADDR="203.0.113.9").json()["page_views"] == 11
    # Nothing about the address is kept in the clear.
    assert not [key for key in getattr(cache, "_cache", {}) if "127.0.0.1" in str(key) or "203.0.113.9" in str(key)]


def test_counter_endpoint_only_accepts_post(client, news_index):
    assert client.get("/cchc/luot-xem/").status_code == 405


def test_visit_counter_widget_and_beacon_are_on_every_page(client, news_index, make_article):
    html = client.get("/tin-tuc/").content.decode()
    assert "data-cchc-site-visits" in html
    assert 'data-url="/cchc/luot-xem/"' in html


@pytest.mark.django_db(transaction=True)
def test_flushes_from_many_processes_add_up(news_index, make_article):
    """Several server processes each flush their own buffer: the stored total is exact."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent writers on separate connections")
    article = make_article()
    buffers = [CounterBuffer() for _ in range(8)]
    for b in buffers:
        b._ensure_flusher = lambda: None
        for _ in range(250):
            b.add("page", article.pk)

    def flush(buffer):
        from django.db import connection as thread_connection

        try:
            buffer.flush()
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=flush, args=(b,)) for b in buffers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Counter.objects.get(scope="page", object_id=article.pk).count == 2000


def test_an_unreadable_counter_does_not_break_the_page(client, news_index, make_article, monkeypatch):
    from django.db import OperationalError

    article = make_article()

    def locked(*args, **kwargs):
        raise OperationalError("database table is locked")

    monkeypatch.setattr(Counter.objects, "filter", locked)
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-cchc-page-views>–<" in html
    assert "data-cchc-site-visits>–<" in html
