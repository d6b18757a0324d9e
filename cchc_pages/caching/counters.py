"""View and visit counters that never write to the database on the request path.

A hit only adds to a buffer: by default an in-process dict behind a lock
(CCHC_COUNTER_BACKEND = "memory"), or a Redis hash shared by every server process
("redis", which needs django-redis as the default cache). A daemon thread in each
process flushes every CCHC_COUNTER_FLUSH_INTERVAL seconds with one
``UPDATE ... SET count = count + n`` per counter, so concurrent readers and
several server processes never overwrite each other's counts; ``manage.py
flush_counters`` does the same from cron. Displayed numbers are the stored count
plus what is buffered.

What a crash loses: with "memory", the killed process's hits since its last flush;
with "redis", nothing when an app process dies (the hits are in Redis), and when
Redis itself is lost, the hits since the last flush. If Redis cannot be reached,
hits fall back to the in-process buffer and a warning is logged.
"""

import atexit
import logging
import threading
import time
import uuid
from collections import Counter as Tally

from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, close_old_connections, transaction
from django.db.models import F, Q

from ..core import conf
from . import versions
from .models import Counter

logger = logging.getLogger(__name__)

PAGE_VIEWS = "page"
SITE_VISITS = "site"
STORED_VERSION_KEY = "cchc:counters-stored-version"


class CounterBuffer:
    def __init__(self):
        self._lock = threading.Lock()
        self._pending = Tally()
        self._in_flight = Tally()  # taken by a flush, not yet committed: still shown to readers
        self._thread = None

    def add(self, scope, object_id, n=1):
        with self._lock:
            self._pending[(scope, int(object_id))] += n
        self._ensure_flusher()

    def pending(self, scope, object_id):
        key = (scope, int(object_id))
        with self._lock:
            return self._pending.get(key, 0) + self._in_flight.get(key, 0)

    def flush(self):
        """Write buffered increments; on failure put them back for the next flush."""
        with self._lock:
            batch, self._pending = self._pending, Tally()
            self._in_flight.update(batch)
        if not batch:
            return 0
        try:
            _write(batch)
        except Exception:
            with self._lock:
                self._in_flight.subtract(batch)
                self._in_flight = +self._in_flight
                self._pending.update(batch)
            logger.warning("Counter flush failed; %d counters kept for the next try", len(batch), exc_info=True)
            return 0
        with self._lock:
            self._in_flight.subtract(batch)
            self._in_flight = +self._in_flight
        return sum(batch.values())

    def _ensure_flusher(self):
        if self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="cchc-counter-flush", daemon=True)
                self._thread.start()

    def _run(self):
        while True:
            time.sleep(float(conf.get("CCHC_COUNTER_FLUSH_INTERVAL")))
            close_old_connections()
            self.flush()
            if _uses_redis():
                redis_store.flush()

    def discard(self):
        """Forget unflushed hits (tests, whose database is gone before the process exits)."""
        with self._lock:
            self._pending = Tally()
            self._in_flight = Tally()


class RedisCounterStore:
    """Hits as HINCRBY on one Redis hash shared by all processes; one flusher at a time moves them
    to the database. The hash is renamed aside before writing, so hits keep landing in a fresh one;
    a flusher that died mid-way leaves the renamed hash, which the next flusher writes first."""

    LOCK_SECONDS = 60

    def __init__(self, key="cchc:counters"):
        self.pending_key = f"{key}:pending"
        self.flushing_key = f"{key}:flushing"
        self.lock_key = f"{key}:lock"

    def client(self):
        from django_redis import get_redis_connection  # optional dependency: the "redis" extra

        return get_redis_connection(conf.get("CCHC_COUNTER_CACHE_ALIAS"))

    def add(self, scope, object_id, n=1):
        self.client().hincrby(self.pending_key, f"{scope}:{int(object_id)}", n)

    def add_many(self, keys):
        """One hit to each (scope, object_id): one round trip whatever their number."""
        pipe = self.client().pipeline(transaction=False)
        for scope, object_id in keys:
            pipe.hincrby(self.pending_key, f"{scope}:{int(object_id)}", 1)
        pipe.execute()

    def pending_many(self, keys):
        fields = [f"{scope}:{int(object_id)}" for scope, object_id in keys]
        pipe = self.client().pipeline(transaction=False)
        pipe.hmget(self.pending_key, fields)
        pipe.hmget(self.flushing_key, fields)
        pending, flushing = pipe.execute()
        return [int(a or 0) + int(b or 0) for a, b in zip(pending, flushing, strict=True)]

    def pending(self, scope, object_id):
        field = f"{scope}:{int(object_id)}"
        pipe = self.client().pipeline(transaction=False)
        pipe.hget(self.pending_key, field)
        pipe.hget(self.flushing_key, field)
        return sum(int(value or 0) for value in pipe.execute())

    def flush(self):
        """Write buffered hits to the database; returns how many (0 if another process is flushing)."""
        try:
            client = self.client()
            token = uuid.uuid4().hex
            if not client.set(self.lock_key, token, nx=True, ex=self.LOCK_SECONDS):
                return 0
        except Exception:
            logger.warning("Counters in Redis could not be flushed (Redis unreachable)", exc_info=True)
            return 0
        try:
            if not client.exists(self.flushing_key):
                if not client.exists(self.pending_key):
                    return 0
                client.rename(self.pending_key, self.flushing_key)
            raw = client.hgetall(self.flushing_key)
            batch = Tally()
            for field, value in raw.items():
                scope, _, object_id = field.decode().partition(":")
                batch[(scope, int(object_id))] += int(value)
            _write(batch)
            client.delete(self.flushing_key)
            return sum(batch.values())
        except Exception:
            logger.warning("Counter flush from Redis failed; the hits stay in Redis for the next try", exc_info=True)
            return 0
        finally:
            try:
                if client.get(self.lock_key) == token.encode():
                    client.delete(self.lock_key)
            except Exception:
                pass


def _write(batch):
    """Add `batch` to the stored counts in one transaction; then the kept counts are stale (_stored)."""
    with transaction.atomic():
        for (scope, object_id), n in sorted(batch.items()):
            updated = Counter.objects.filter(scope=scope, object_id=object_id).update(count=F("count") + n)
            if updated:
                continue
            try:
                with transaction.atomic():
                    Counter.objects.create(scope=scope, object_id=object_id, count=n)
            except IntegrityError:  # another process created it between our UPDATE and INSERT
                Counter.objects.filter(scope=scope, object_id=object_id).update(count=F("count") + n)
    try:
        versions.bump(STORED_VERSION_KEY)
    except Exception:  # the cache being down: kept counts, if any, expire within the flush interval
        logger.warning("Kept counters could not be made stale", exc_info=True)


buffer = CounterBuffer()
redis_store = RedisCounterStore()
atexit.register(buffer.flush)


def _uses_redis():
    return conf.get("CCHC_COUNTER_BACKEND") == "redis"


def hit(scope, object_id):
    if _uses_redis():
        try:
            redis_store.add(scope, object_id)
            buffer._ensure_flusher()
            return
        except Exception:
            logger.warning("Redis unreachable: counting %s:%s in this process until it is back", scope, object_id)
    buffer.add(scope, object_id)


def hit_many(keys):
    """A hit to each (scope, object_id); with Redis in one round trip."""
    keys = list(keys)
    if _uses_redis():
        try:
            redis_store.add_many(keys)
            buffer._ensure_flusher()
            return
        except Exception:
            logger.warning("Redis unreachable: counting %d counters in this process until it is back", len(keys))
    for scope, object_id in keys:
        buffer.add(scope, object_id)


def flush():
    """Write every buffered hit this process can reach to the database (see flush_counters)."""
    written = buffer.flush()
    if _uses_redis():
        written += redis_store.flush()
    return written


def current(scope, object_id):
    """The count a reader should see: stored plus buffered in this process (None if unreadable)."""
    return current_many([(scope, object_id)])[(scope, int(object_id))]


def current_many(keys):
    """current() of several counters: at most one database query and, with Redis, one round trip.
    A dict of (scope, object_id) to its count, None for every key when the database cannot be read."""
    keys = [(scope, int(object_id)) for scope, object_id in keys]
    try:
        stored = _stored(keys)
    except DatabaseError:  # a busy or unreachable database must not break the page showing the count
        logger.warning("Counters %s could not be read", keys, exc_info=True)
        return dict.fromkeys(keys)
    result = {key: stored.get(key, 0) + buffer.pending(*key) for key in keys}
    if _uses_redis():
        try:
            for key, n in zip(keys, redis_store.pending_many(keys), strict=True):
                result[key] += n
        except Exception:
            logger.warning("Redis unreachable: showing counts without its unflushed hits")
    return result


def _stored(keys):
    """The counts in the database, kept in Django's cache until a flush writes some (only a flush
    changes them: _write bumps the version) or CCHC_COUNTER_FLUSH_INTERVAL passes (the bound for a
    process whose cache does not see another's flush). Every page shows one or two counters."""
    try:
        version = versions.current(STORED_VERSION_KEY)
        names = {key: f"cchc:counter:{version}:{key[0]}:{key[1]}" for key in keys}
        found = cache.get_many(list(names.values()))
    except Exception:  # the cache being down costs a query, not the page
        names, found = None, {}
    stored = {key: found[names[key]] for key in keys if names and names[key] in found}
    missing = [key for key in keys if key not in stored]
    if missing:
        query = Q()
        for scope, object_id in missing:
            query |= Q(scope=scope, object_id=object_id)
        rows = {
            (row[0], row[1]): row[2] for row in Counter.objects.filter(query).values_list("scope", "object_id", "count")
        }
        for key in missing:
            stored[key] = rows.get(key, 0)
        if names:
            try:
                timeout = float(conf.get("CCHC_COUNTER_FLUSH_INTERVAL"))
                cache.set_many({names[key]: stored[key] for key in missing}, timeout)
            except Exception:
                logger.warning("Counters could not be kept in the cache", exc_info=True)
    return stored
