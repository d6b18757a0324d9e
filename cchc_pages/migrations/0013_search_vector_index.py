"""PostgreSQL: a GIN index on the search vector Wagtail's backend matches, ``title || body``.

Wagtail indexes ``title`` and ``body`` one by one but matches their concatenation, which no index
covers: every search read and matched every entry (30 ms over 5,000 articles, growing with them).
cchc_pages.core.search matches the same expression, which this index covers. Other databases:
nothing to do."""

from django.db import migrations

INDEX = "cchc_search_vector_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin ((title || body))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("cchc_pages", "0012_folded_search_index"),
        ("wagtailsearch", "0006_customise_indexentry"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
