"""Fetch procedures from the national database (LGSP/NDXP or a provincial proxy) and import them."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from cchc_pages.procedures import sync

from .import_procedures import Command as ImportCommand


class Command(BaseCommand):
    help = (
        "Fetch the procedure list (LayDanhSachTTHC) and each record (LayThuTuc) from the service set by "
        "CCHC_TTHC_SYNC_URL, and import them under a procedure index. Credentials come from the environment "
        "variables named by CCHC_TTHC_SYNC_USERNAME_ENV / _PASSWORD_ENV / _TOKEN_ENV."
    )

    def add_arguments(self, parser):
        parser.add_argument("--index", type=int, help="ID of the procedure index page (needed when there are several).")
        parser.add_argument(
            "--codes", help="Fetch only these procedure codes (MATTHC), separated by commas; the list is not fetched."
        )
        parser.add_argument("--dry-run", action="store_true", help="Fetch and report, save nothing.")

    index = ImportCommand.index

    def handle(self, *args, **options):
        index = self.index(options["index"])
        codes = [c for c in (options["codes"] or "").split(",") if c.strip()] or None

        def progress(done, total):
            self.stdout.write(gettext("%(done)s/%(total)s fetched") % {"done": done, "total": total})

        try:
            client = sync.Client()
            report = sync.sync(index, client=client, codes=codes, dry_run=options["dry_run"], progress=progress)
        except sync.SyncError as error:
            raise CommandError(str(error)) from None
        lines = report.lines()
        for line in lines[:-1]:
            self.stdout.write(line)
        self.stdout.write(self.style.WARNING(lines[-1]) if report.failed else self.style.SUCCESS(lines[-1]))
