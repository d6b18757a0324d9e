"""Run inside the stock site by check.py (`manage.py shell -c`), with STOCK_SITE_PHASE set to:

- "deleted": right after `cchc_uninstall --yes`, apps still installed: no row of any model of the
  apps is left, and nothing of Wagtail's (pages, revisions, reference index, search index,
  workflow states) points at their content types;
- "clean": after the uninstall, apps removed: no content type, table, applied migration or
  permission of the apps is left, and every page, revision and index row has a model that exists;
- "pages": prints the remaining pages as JSON after "pages:".

Prints "inspect: ... OK" lines, or raises SystemExit with what is left.
"""

import json
import os

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from wagtail.models import Page, ReferenceIndex, Revision

APP_LABELS = ("cchc_pages", "cchc_feedback")
PHASE = os.environ["STOCK_SITE_PHASE"]
problems = []


def generic_rows():
    """(what, queryset, content type fields) of Wagtail's rows that name a model by content type."""
    rows = [
        ("pages", Page.objects.all(), ["content_type"]),
        ("revisions", Revision.objects.all(), ["content_type", "base_content_type"]),
        (
            "reference index rows",
            ReferenceIndex.objects.all(),
            ["content_type", "base_content_type", "to_content_type"],
        ),
    ]
    if apps.is_installed("wagtail.search"):
        from wagtail.search.models import IndexEntry

        rows.append(("search index entries", IndexEntry.objects.all(), ["content_type"]))
    from wagtail.models import WorkflowState

    for name, model in (("workflow states", WorkflowState),):
        fields = [f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is ContentType]
        rows.append((name, model.objects.all(), fields))
    return rows


if PHASE == "pages":
    pages = [
        {"id": p.pk, "title": p.title, "type": p.specific_class.__name__} for p in Page.objects.filter(depth__gt=1)
    ]
    print("pages:" + json.dumps(pages, ensure_ascii=False))
    raise SystemExit(0)

app_cts = ContentType.objects.filter(app_label__in=APP_LABELS)
if PHASE == "deleted":
    for label in APP_LABELS:
        for model in apps.get_app_config(label).get_models():
            n = model._default_manager.count()
            if n:
                problems.append(f"{n} {model._meta.label} left")
    for what, queryset, fields in generic_rows():
        for field in fields:
            n = queryset.filter(**{f"{field}__in": app_cts}).count()
            if n:
                problems.append(f"{n} {what} with a {field} of the apps")
    checked = "every model of the apps empty; no page, revision, reference, search entry or workflow state of theirs"
elif PHASE == "clean":
    if app_cts.exists():
        problems.append("content types left: " + ", ".join(f"{ct.app_label}.{ct.model}" for ct in app_cts))
    permissions = Permission.objects.filter(content_type__app_label__in=APP_LABELS)
    if permissions.exists():
        problems.append(f"{permissions.count()} permissions of the apps left")
    live_ct_ids = {ct.pk for ct in ContentType.objects.all() if ct.model_class() is not None}
    for what, queryset, fields in generic_rows():
        for field in fields:
            dangling = queryset.exclude(**{f"{field}__isnull": True}).exclude(**{f"{field}__in": live_ct_ids})
            if dangling.exists():
                problems.append(f"{dangling.count()} {what} whose {field} has no model")
    tables = [t for t in connection.introspection.table_names() if t.startswith(APP_LABELS)]
    if tables:
        problems.append("tables left: " + ", ".join(tables))
    applied = MigrationRecorder(connection).migration_qs.filter(app__in=APP_LABELS)
    if applied.exists():
        problems.append("applied migrations left: " + ", ".join(f"{m.app}.{m.name}" for m in applied))
    for page in Page.objects.all():
        if page.specific_class is None:
            problems.append(f"page {page.pk} “{page.title}” has no model")
    checked = (
        "no content type, permission, table or migration record of the apps; "
        "every page, revision and index row has a model"
    )
else:
    raise SystemExit(f"unknown STOCK_SITE_PHASE {PHASE!r}")

if problems:
    raise SystemExit(f"inspect ({PHASE}): " + "; ".join(problems))
print(f"inspect: {PHASE}: {checked}: OK")
