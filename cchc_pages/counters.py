"""View and visit counters that never write to the database on the request path.

A hit only adds to an in-process buffer (a dict behind a lock). A daemon thread
flushes the buffer every CCHC_COUNTER_FLUSH_INTERVAL seconds with one
``UPDATE ... SET count = count + n`` per counter, so concurrent readers and
several server processes never overwrite each other's counts. A crash loses at
most the last unflushed interval. Displayed numbers are the stored count plus
what this process has buffered.
"""

import atexit
import logging
import threading
import time
from collections import Counter as Tally

from django.db import DatabaseError, IntegrityError, close_old_connections, transaction
from django.db.models import F

from . import conf

logger = logging.getLogger(__name__)

PAGE_VIEWS = "page"
SITE_VISITS = "site"


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


def _write(batch):
    from .models import Counter

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


buffer = CounterBuffer()
atexit.register(buffer.flush)


def hit(scope, object_id):
    buffer.add(scope, object_id)


def current(scope, object_id):
    """The count a reader should see: stored plus buffered in this process (None if unreadable)."""
    from .models import Counter

    try:
        stored = Counter.objects.filter(scope=scope, object_id=object_id).values_list("count", flat=True).first()
    except DatabaseError:  # a busy or unreachable database must not break the page showing the count
        logger.warning("Counter %s:%s could not be read", scope, object_id, exc_info=True)
        return None
    return (stored or 0) + buffer.pending(scope, object_id)
