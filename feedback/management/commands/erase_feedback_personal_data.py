"""Erase the personal data and attachments of closed submissions older than the retention period.

Closed means rejected, answered, published or merged; the age counts from the closing date. What
remains is what the report and the public Q&A need: subject, content, answer, statuses, dates, and
the public wording with the identity the citizen chose to be shown by."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from feedback.submissions import conf
from feedback.submissions.models import CLOSED_STATUSES, Submission, SubmissionAttachment, SubmissionEvent


class Command(BaseCommand):
    help = "Erase personal data and attachments of closed submissions older than CCHC_FEEDBACK_RETENTION_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be erased.")

    def handle(self, *args, **options):
        cutoff = timezone.now() - datetime.timedelta(days=conf.get("CCHC_FEEDBACK_RETENTION_DAYS"))
        due = Submission.objects.filter(status__in=CLOSED_STATUSES, closed_at__lt=cutoff, erased_at__isnull=True)
        if options["dry_run"]:
            self.stdout.write(f"{due.count()} submission(s) would be erased.")
            return
        storage = SubmissionAttachment._meta.get_field("file").storage
        erased = files = 0
        for submission in due.iterator():
            with transaction.atomic():
                names = list(submission.attachments.values_list("file", flat=True))
                submission.attachments.all().delete()
                Submission.objects.filter(pk=submission.pk).update(
                    full_name="",
                    address="",
                    phone="",
                    email="",
                    ip_hash="",
                    phone_notices_at=None,
                    erased_at=timezone.now(),
                )
                # Internal notes may quote the citizen: they go too.
                submission.events.filter(action=SubmissionEvent.Action.NOTE).update(detail="")
                SubmissionEvent.objects.create(
                    submission=submission,
                    action=SubmissionEvent.Action.ERASED,
                    from_status=submission.status,
                    to_status=submission.status,
                )
                # Inside the transaction: if a delete fails (object storage unreachable), nothing is
                # marked erased and the next run tries again; deleting after the commit would leave
                # the files behind for good. Deleting twice is harmless.
                for name in names:
                    storage.delete(name)
            erased += 1
            files += len(names)
        self.stdout.write(f"Erased the personal data of {erased} submission(s) and {files} attachment(s).")
