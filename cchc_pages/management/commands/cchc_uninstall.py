"""Delete everything the cchc apps keep, so that their migrations can be unapplied and the apps removed.

Without --yes it only tells what it would delete. With --yes it deletes, through the ORM so that
Wagtail's own records about them (revisions, reference index, search index) go too:

1. every page of a page type of cchc_pages or cchc_feedback (with its revisions);
2. every row of both apps' other models: snippets (organisation units, contact cards, hotlines,
   news categories and tags, procedure sectors), polls and their ballots, rating targets, citizens'
   submissions (and their attachments' files), units, holidays, counters.

It refuses, deleting nothing, when deleting those pages would take pages of other types with them
(a page of another type below one of them) or a site (a site whose root page is one of them).
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError
from wagtail.models import Page, Site, get_page_models

APP_LABELS = ("cchc_pages", "cchc_feedback")


def page_models():
    return [model for model in get_page_models() if model._meta.app_label in APP_LABELS]


def data_models():
    """Concrete models of the apps that are not pages, children before the models they point to
    (attachments and events before submissions, ballots before polls), so most deletes go in one pass."""
    models = []
    for label in APP_LABELS:
        if label not in {config.label for config in apps.get_app_configs()}:
            continue
        for model in apps.get_app_config(label).get_models():
            # Unmanaged: the folded search index, whose rows go with the index entries they belong to.
            if not issubclass(model, Page) and not model._meta.proxy and model._meta.managed:
                models.append(model)
    return sorted(models, key=lambda model: -_depth(model, set()))


def _depth(model, seen):
    """How many levels of foreign keys within the apps lead from `model` (a longer chain: deleted first)."""
    seen = seen | {model}
    targets = [
        field.related_model
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is not None and field.related_model not in seen
        if field.related_model._meta.app_label in APP_LABELS and not issubclass(field.related_model, Page)
    ]
    return 1 + max((_depth(target, seen) for target in targets), default=0)


def counted(model, n):
    return f"{n} {model._meta.label}"


class Command(BaseCommand):
    help = (
        "Delete every page of the cchc apps' page types and all their snippets and data, before "
        "'migrate cchc_feedback zero' and 'migrate cchc_pages zero'. Without --yes, only tells what it would delete."
    )

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="Delete (without it, nothing is changed).")

    def handle(self, *args, **options):
        types = page_models()
        content_types = ContentType.objects.get_for_models(*types).values() if types else []
        pages = list(Page.objects.filter(content_type__in=content_types).order_by("path"))
        # The highest of those pages: deleting one deletes its subtree.
        tops = []
        for page in pages:
            if not any(page.path.startswith(top.path) for top in tops):
                tops.append(page)
        self.refuse_if_others_would_go(tops, {page.pk for page in pages})

        by_type = {}
        for page in pages:
            by_type[page.content_type_id] = by_type.get(page.content_type_id, 0) + 1
        page_lines = [
            counted(ct.model_class(), by_type[ct.pk]) for ct in content_types if by_type.get(ct.pk) and ct.model_class()
        ]
        data_lines = [counted(model, model._default_manager.count()) for model in data_models()]
        data_lines = [line for line in data_lines if not line.startswith("0 ")]

        if not options["yes"]:
            self.stdout.write(self.summary("Would delete", len(pages), page_lines, data_lines))
            self.stdout.write("Nothing deleted: run again with --yes to delete.")
            return

        files = self.attachment_files()
        with transaction.atomic():
            for top in tops:
                top.specific.delete()
            self.delete_data()
        self.delete_files(files)
        self.stdout.write(self.style.SUCCESS(self.summary("Deleted", len(pages), page_lines, data_lines)))
        if files:
            self.stdout.write(f"Deleted {len(files)} attachment file(s) of citizens' submissions.")
        self.stdout.write(
            "Next: python manage.py migrate cchc_feedback zero, then python manage.py migrate cchc_pages zero."
        )

    def summary(self, verb, page_count, page_lines, data_lines):
        lines = [f"{verb} {page_count} page(s)" + (": " + ", ".join(page_lines) if page_lines else ".")]
        lines.append(f"{verb} snippets and data: " + (", ".join(data_lines) if data_lines else "none") + ".")
        return "\n".join(lines)

    def refuse_if_others_would_go(self, tops, cchc_ids):
        others = []
        for top in tops:
            others += [page for page in top.get_descendants() if page.pk not in cchc_ids]
        if others:
            listed = "; ".join(f"{page.title} (id {page.pk}, {page.specific_class.__name__})" for page in others[:10])
            raise CommandError(
                f"Nothing deleted: {len(others)} page(s) of other types lie below pages of the cchc apps and would "
                f"be deleted with them: {listed}. Move them elsewhere first."
            )
        sites = [site for site in Site.objects.all() if site.root_page_id in cchc_ids]
        if sites:
            names = ", ".join(str(site) for site in sites)
            raise CommandError(
                f"Nothing deleted: the root page of {names} is a cchc page. Give the site another root page first."
            )

    def attachment_files(self):
        """(storage, name) of every stored attachment, deleted once the rows are gone."""
        if "cchc_feedback" not in {config.label for config in apps.get_app_configs()}:
            return []
        model = apps.get_model("cchc_feedback", "SubmissionAttachment")
        return [(row.file.storage, row.file.name) for row in model.objects.all() if row.file]

    def delete_files(self, files):
        for storage, name in files:
            try:
                storage.delete(name)
            except Exception as error:  # the rows are gone; say which file is left, go on
                self.stderr.write(f"Could not delete the attachment file {name}: {error}")

    def delete_data(self):
        """Delete every row of the apps' non-page models. Protected rows (a unit with sub-units, an answer
        with votes) are retried after the rows that protect them are gone."""
        remaining = data_models()
        for _attempt in range(10):
            left = []
            for model in remaining:
                manager = model._default_manager
                try:
                    manager.all().delete()
                except ProtectedError:
                    for obj in manager.all():  # one by one: leaves (e.g. sub-units) go first
                        try:
                            with transaction.atomic():
                                obj.delete()
                        except ProtectedError:
                            pass
                if manager.exists():
                    left.append(model)
            if not left:
                return
            remaining = left
        names = ", ".join(counted(model, model._default_manager.count()) for model in remaining)
        raise CommandError(f"Could not delete: {names} (still protected by other rows).")
