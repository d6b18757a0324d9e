"""Scale-out: counters shared through Redis, a killed process, Redis down (the demo's settings from
the environment: tests/demo/test_environment.py)."""

import os
import signal
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from django.db import connection

from cchc_pages.caching import counters
from cchc_pages.models import Counter

from ..wagtail_base import wagtail_base

REPO = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def redis_reachable():
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


needs_redis = pytest.mark.skipif(not redis_reachable(), reason=f"no Redis answers at {REDIS_URL}")


@pytest.fixture(scope="module", autouse=True)
def _leave_wagtail_base(django_db_blocker):
    """The transactional tests here end with an empty database; put back what the rest expect."""
    yield
    with django_db_blocker.unblock():
        wagtail_base()


@pytest.fixture
def redis_counters(settings, monkeypatch):
    """Counters in a Redis hash of this test's own (a unique key), as on a multi-server site."""
    settings.CACHES = {
        **settings.CACHES,
        "counters": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL},
    }
    settings.CCHC_COUNTER_BACKEND = "redis"
    settings.CCHC_COUNTER_CACHE_ALIAS = "counters"
    key = f"cchc-test:{uuid.uuid4().hex}"
    store = counters.RedisCounterStore(key=key)
    monkeypatch.setattr(counters, "redis_store", store)
    monkeypatch.setattr(counters.buffer, "_ensure_flusher", lambda: None)  # tests flush explicitly
    yield key
    store.client().delete(store.pending_key, store.flushing_key, store.lock_key)


@needs_redis
def test_concurrent_hits_through_redis_are_exact(news_index, make_article, redis_counters):
    article = make_article()
    threads = [
        threading.Thread(target=lambda: [counters.hit(counters.PAGE_VIEWS, article.pk) for _ in range(250)])
        for _ in range(20)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counters.current(counters.PAGE_VIEWS, article.pk) == 5000
    assert counters.flush() == 5000
    assert Counter.objects.get(scope=counters.PAGE_VIEWS, object_id=article.pk).count == 5000
    assert counters.current(counters.PAGE_VIEWS, article.pk) == 5000


@needs_redis
def test_a_flusher_that_died_midway_is_finished_by_the_next(news_index, make_article, redis_counters):
    article = make_article()
    for _ in range(7):
        counters.hit(counters.PAGE_VIEWS, article.pk)
    store = counters.redis_store
    store.client().rename(store.pending_key, store.flushing_key)  # as a flusher killed before writing
    counters.hit(counters.PAGE_VIEWS, article.pk)
    assert counters.current(counters.PAGE_VIEWS, article.pk) == 8
    assert counters.flush() == 7
    assert counters.flush() == 1
    assert Counter.objects.get(scope=counters.PAGE_VIEWS, object_id=article.pk).count == 8


def _database_url():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return f"postgres://{auth}@{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}/{settings['NAME']}"


HITTER = """
import sys, django
django.setup()
from django.conf import settings
from cchc_pages.caching import counters
settings.CCHC_COUNTER_BACKEND = sys.argv[1]
counters.redis_store = counters.RedisCounterStore(key=sys.argv[2])
counters.buffer._ensure_flusher = lambda: None
hits = 0
while True:
    counters.hit(counters.PAGE_VIEWS, 4242)
    hits += 1
    print("hit", hits, flush=True)
    if sys.argv[1] == "memory" and hits % 250 == 0:
        print("flushing", hits, flush=True)
        counters.buffer.flush()
        print("flushed", hits, flush=True)
"""


def _run_and_kill(backend, key, stop_after):
    """Start a server-like process that counts hits, SIGKILL it mid-run, return what it printed."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "site")]),
    }
    process = subprocess.Popen([sys.executable, "-c", HITTER, backend, key], stdout=subprocess.PIPE, env=env, text=True)
    lines = []
    for line in process.stdout:
        lines.append(line.split())
        if line.startswith("hit") and int(line.split()[1]) >= stop_after:
            process.send_signal(signal.SIGKILL)
            break
    lines += [line.split() for line in process.stdout]  # what it printed before it died
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    # The kill can cut the last line short: keep only whole "word number" lines.
    return [words for words in lines if len(words) == 2 and words[1].isdigit()]


def _stored(object_id=4242):
    row = Counter.objects.filter(scope=counters.PAGE_VIEWS, object_id=object_id).first()
    return row.count if row else 0


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_killing_a_server_process_loses_no_hit_kept_in_redis(settings, redis_counters):
    lines = _run_and_kill("redis", redis_counters, stop_after=1500)
    acknowledged = max(int(n) for word, n in lines if word == "hit")
    assert _stored() == 0  # nothing written yet: the hits wait in Redis
    flushed = counters.flush()
    # A hit recorded in Redis just before the kill may not have been printed yet.
    assert flushed in (acknowledged, acknowledged + 1)
    assert _stored() == flushed


@pytest.mark.django_db(transaction=True)
def test_killing_a_process_with_in_memory_counters_loses_at_most_its_last_interval():
    lines = _run_and_kill("memory", "unused", stop_after=1100)
    acknowledged = max(int(n) for word, n in lines if word == "hit")
    flushed = max(int(n) for word, n in lines if word == "flushed")
    started = max(int(n) for word, n in lines if word == "flushing")  # killed during that flush?
    stored = _stored()
    assert stored in (flushed, started)  # every completed flush survived the kill, whole
    assert 0 <= acknowledged - stored <= 250  # and at most the unflushed interval was lost


def test_pages_render_and_counting_degrades_when_redis_is_down(client, settings, news_index, make_article):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    settings.CCHC_COUNTER_BACKEND = "redis"
    settings.CCHC_PAGE_CACHE_SECONDS = 300
    article = make_article(title="Vẫn đọc được khi Redis ngừng")
    assert client.get(news_index.url).status_code == 200
    page = client.get(article.url)
    assert page.status_code == 200
    assert "Vẫn đọc được khi Redis ngừng" in page.content.decode()
    response = client.post("/cchc/luot-xem/", {"page": article.pk, "token": "trinh-duyet-mot-0001"})
    assert response.status_code == 200
    assert response.json()["page_views"] == 1  # counted in this process until Redis is back


REDIS_DOWN = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }
}


def test_votes_are_refused_with_a_clear_message_when_redis_is_down(client, settings, db):
    """The per-address limit counts in Redis: while it is unreachable a vote cannot be checked, so it
    is refused with a message (503) and nothing is recorded; the poll itself still shows."""
    from ..polls.test_polls import choice_ids, make_poll, token_for, totals, vote

    settings.CACHES = REDIS_DOWN
    poll = make_poll()
    assert token_for(client, poll)  # the widget still gets its token: the poll is read from the database
    response = vote(client, poll, [choice_ids(poll)[0]])
    assert response.status_code == 503
    assert "Tạm thời chưa nhận được phiếu" in response.json()["error"]
    assert totals(poll) == [0, 0, 0]
    assert "cchc_poll_" not in response.cookies  # the browser is not marked as having voted
    page = client.get(f"/cchc/binh-chon/{poll.pk}/ket-qua/")
    assert page.status_code == 200 and poll.question in page.content.decode()


def test_votes_without_a_per_address_limit_need_no_redis(client, settings, db):
    """With the limit off, a vote needs only the database: an outage loses none and lets none through twice."""
    from ..polls.test_polls import choice_ids, make_poll, totals, vote

    settings.CACHES = REDIS_DOWN
    settings.CCHC_POLL_MAX_VOTES_PER_IP = 0
    poll = make_poll()
    first = choice_ids(poll)[0]
    assert vote(client, poll, [first]).status_code == 200
    assert vote(client, poll, [first]).status_code == 409  # this browser already voted
    assert totals(poll)[0] == 1
