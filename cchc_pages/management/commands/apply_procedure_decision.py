"""Apply a publication decision's lists (new / amended / abolished procedures) to the site."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from cchc_pages.procedures import decisions, sync

from .import_procedures import Command as ImportCommand


class Command(BaseCommand):
    help = (
        "Apply a publication decision (quyết định công bố): its newly published, amended and abolished "
        "procedures are created or updated, marked amended, or marked abolished (still published, out of the "
        "listing). Rows that match no procedure of the site are reported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="A JSON file: one of the portal's lists, or the decision object.")
        parser.add_argument(
            "--portal-id", help="Read the decision's three lists from the portal (CCHC_TTHC_SYNC_PORTAL_URL)."
        )
        parser.add_argument("--list", choices=decisions.LISTS, help="Which list the file is (default: its name).")
        parser.add_argument("--number", help="The decision's number (số quyết định), e.g. 2751/QĐ-UBND.")
        parser.add_argument("--date", help="The decision's date (dd/mm/yyyy, dd-mm-yyyy or yyyy-mm-dd).")
        parser.add_argument("--index", type=int, help="ID of the procedure index page (needed when there are several).")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, save nothing.")

    index = ImportCommand.index
    read = staticmethod(ImportCommand.read)

    def handle(self, *args, **options):
        if bool(options["file"]) == bool(options["portal_id"]):
            raise CommandError(gettext("Give either a decision file or --portal-id."))
        index = self.index(options["index"])
        if options["file"]:
            data = self.read(options["file"])
            try:
                decision, lists = decisions.read_decision(data, options["file"], options["list"])
            except decisions.DecisionFileError as error:
                raise CommandError(str(error)) from None
        else:
            try:
                rows = sync.portal_client().decision_lists(options["portal_id"])
            except sync.SyncError as error:
                raise CommandError(str(error)) from None
            decision = decisions.Decision(id=str(options["portal_id"]))
            lists = {
                kind: [
                    (gettext("%(list)s, row %(n)s") % {"list": decisions.list_label(kind), "n": n}, row)
                    for n, row in enumerate(rows[kind], 1)
                ]
                for kind in decisions.LISTS
            }
        if options["number"]:
            decision.number = options["number"].strip()[:100]
        if options["date"]:
            decision.date = decisions.parse_date(options["date"])
            if decision.date is None:
                raise CommandError(gettext("“%(value)s” is not a date.") % {"value": options["date"][:40]})
        report = decisions.apply_decision(index, decision, lists, dry_run=options["dry_run"])
        lines = report.lines()
        for line in lines:
            self.stdout.write(line)
        if not decision.number and any(report.changed[kind] for kind in ("abolished",)):
            self.stderr.write(gettext("The decision's number is not known: give it with --number."))
