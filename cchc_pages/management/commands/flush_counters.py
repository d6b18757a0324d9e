"""Write buffered view and visit counts to the database now (cron, deploys, before a shutdown)."""

from django.core.management.base import BaseCommand

from cchc_pages.caching import counters


class Command(BaseCommand):
    help = "Flush buffered page-view and site-visit counts to the database."

    def handle(self, *args, **options):
        written = counters.flush()
        self.stdout.write(f"{written} hit(s) written.")
