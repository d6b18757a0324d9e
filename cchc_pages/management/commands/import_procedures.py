"""Import administrative procedures from a JSON, CSV or XLSX file: the national record shape
(LayThuTuc replies and their envelopes), the portal's lists (XLSX "Danh sách TTHC", rest.jsp) or this
site's export. Prints the same report as the admin upload."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from cchc_pages.procedures import importing as procedure_import
from cchc_pages.procedures.pages import ProcedureIndexPage


class Command(BaseCommand):
    help = (
        "Import procedures (national TTHC records) under a procedure index; re-running updates pages by "
        "their code (MATTHC)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .json, .csv or .xlsx file.")
        parser.add_argument(
            "--index",
            type=int,
            help="ID of the procedure index page to import under (needed when the site has more than one).",
        )
        parser.add_argument("--format", choices=procedure_import.FORMATS, help="Default: from the file extension.")
        parser.add_argument("--strict", action="store_true", help="Import nothing if any record is invalid.")
        parser.add_argument(
            "--list",
            action="store_true",
            help="Read only code, name, agencies and sector (a list import), whatever the file holds.",
        )

    def handle(self, *args, **options):
        index = self.index(options["index"])
        data = self.read(options["file"])

        def progress(done, total):
            self.stdout.write(gettext("%(done)s/%(total)s saved") % {"done": done, "total": total})

        try:
            report = procedure_import.import_file(
                index,
                data,
                options["file"],
                fmt=options["format"],
                strict=options["strict"],
                progress=progress,
                mode="list" if options["list"] else None,
            )
        except procedure_import.ImportFileError as error:
            raise CommandError(str(error)) from None
        style = self.style.ERROR if (options["strict"] and report.rejected) else self.style.SUCCESS
        for kind, line in report.sections():  # the same lines as the admin upload's report
            if kind == "rejected":
                self.stderr.write(line)
            elif kind == "summary":
                self.stdout.write(style(line))
            elif kind == "warning":
                self.stdout.write(self.style.WARNING(line))
            else:
                self.stdout.write(line)
        if options["strict"] and report.rejected:
            raise CommandError(gettext("Strict mode: nothing was imported."))

    @staticmethod
    def read(path):
        """The file's bytes, or a clear error when it cannot be read."""
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except OSError as error:
            raise CommandError(gettext("Cannot read %(file)s: %(error)s") % {"file": path, "error": error}) from None

    def index(self, pk):
        indexes = ProcedureIndexPage.objects.all()
        if pk is not None:
            index = indexes.filter(pk=pk).first()
            if index is None:
                raise CommandError(gettext("No procedure index page has the ID %(id)s.") % {"id": pk})
            return index
        found = list(indexes[:2])
        if len(found) != 1:
            raise CommandError(
                gettext("Create one procedure index page first.")
                if not found
                else gettext("There are several procedure index pages: choose one with --index.")
            )
        return found[0]
