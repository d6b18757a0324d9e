"""Tracking codes: a yearly serial handed out once, however many citizens send at the same moment,
and refused twice by the database itself."""

import importlib
import threading

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from feedback.models import Submission
from feedback.submissions.models import TrackingSerial

from .conftest import receive

PARALLEL = 12


def test_the_database_refuses_a_second_code_with_the_same_serial(db):
    first = receive()
    year, serial = first.serial_year, first.serial
    assert (year, serial) == (timezone.localdate().year, 1)
    twin = first.code[:-4] + ("ABCD" if not first.code.endswith("ABCD") else "WXYZ")
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(code=twin, full_name="X", subject="X", content="X")
    assert receive().code.startswith(f"PA-{year}-000002-")


def test_a_serial_already_taken_is_skipped(db):
    """A counter behind the codes (e.g. rows imported from another system): the next free serial."""
    year = timezone.localdate().year
    Submission.objects.create(code=f"PA-{year}-000001-ABCD", full_name="X", subject="X", content="X")
    TrackingSerial.objects.filter(year=year).delete()
    assert receive().code.startswith(f"PA-{year}-000002-")


def test_the_migration_numbers_existing_codes_and_keeps_the_first_of_a_duplicate(db):
    migration = importlib.import_module("feedback.migrations.0006_tracking_serial")
    common = {"full_name": "X", "subject": "X", "content": "X"}
    Submission.objects.bulk_create(  # as the former count()+1 left them: no serial fields, one serial twice
        [
            Submission(code="PA-2025-000001-AAAA", received_at=timezone.now() - timezone.timedelta(days=3), **common),
            Submission(code="PA-2025-000001-BBBB", received_at=timezone.now() - timezone.timedelta(days=2), **common),
            Submission(code="PA-2025-000002-CCCC", received_at=timezone.now() - timezone.timedelta(days=1), **common),
        ]
    )
    migration.number_existing_codes(apps, None)
    numbered = dict(Submission.objects.values_list("code", "serial"))
    assert numbered == {"PA-2025-000001-AAAA": 1, "PA-2025-000001-BBBB": None, "PA-2025-000002-CCCC": 2}
    assert TrackingSerial.objects.get(year=2025).last == 2


@pytest.mark.django_db(transaction=True)
def test_twelve_submissions_sent_at_once_get_twelve_serials():
    """Each thread has its own database connection and transaction, as app servers do."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL: set DATABASE_URL=postgres://… (SQLite serialises writes)")
    start = threading.Barrier(PARALLEL)
    codes, failures = [], []

    def send(n):
        try:
            start.wait(timeout=30)
            codes.append(receive(subject=f"Phản ánh số {n}").code)
        except Exception as error:  # reported below, with the codes
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    serials = sorted(code.rsplit("-", 1)[0] for code in codes)
    year = timezone.localdate().year
    assert serials == [f"PA-{year}-{n:06d}" for n in range(1, PARALLEL + 1)]
    assert Submission.objects.count() == PARALLEL


@pytest.fixture(autouse=True)
def _restore_wagtail_base(request, django_db_blocker):
    """A transactional test empties the database; put back what Wagtail's migrations made."""
    yield
    if request.node.get_closest_marker("django_db") and request.node.get_closest_marker("django_db").kwargs.get(
        "transaction"
    ):
        from tests.wagtail_base import wagtail_base

        with django_db_blocker.unblock():
            wagtail_base()
