"""View and visit counters: correct under concurrency, no database write on the request path."""

import threading

import pytest
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


def test_a_hit_counts_the_page_and_the_visit_without_writing(client, news_index, make_article, fresh_buffer):
    article = make_article()
    with CaptureQueriesContext(connection) as ctx:
        response = client.post("/cchc/luot-xem/", {"page": article.pk, "visit": "1"})
    assert response.status_code == 200
    assert response.json()["page_views"] == 1
    assert response.json()["site_visits"] == 1
    writes = [q["sql"] for q in ctx.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert fresh_buffer.flush() == 2
    assert Counter.objects.get(scope="page", object_id=article.pk).count == 1


def test_second_page_of_a_visit_counts_no_new_visit(client, news_index, make_article, fresh_buffer):
    article = make_article()
    client.post("/cchc/luot-xem/", {"page": article.pk, "visit": "1"})
    data = client.post("/cchc/luot-xem/", {"page": article.pk}).json()
    assert data == {"page_views": 2, "site_visits": 1}


def test_article_shows_the_count_and_publishing_keeps_it(client, news_index, make_article, fresh_buffer):
    article = make_article()
    Counter.objects.create(scope="page", object_id=article.pk, count=786)
    client.post("/cchc/luot-xem/", {"page": article.pk})
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
    response = client.post("/cchc/luot-xem/", data)
    assert response.status_code == status
    assert "error" in response.json()
    assert not Counter.objects.exists()


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
