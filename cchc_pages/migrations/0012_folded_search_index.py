"""Folded search for cchc_pages.core.search. SQLite: the folded index of cchc_pages.core.search_table;
entries indexed before are copied in, folded, so that search keeps working, and ``update_index``
then frees the text Wagtail's own tables kept. PostgreSQL: the text search configuration
``cchc_folded``, ``simple`` with ``unaccent`` first (the extension is created if missing: it is a
trusted extension, which the database's owner may create); ``update_index`` rebuilds the vectors
with it."""

from django.db import migrations, models

from cchc_pages.core import search_table
from cchc_pages.core.text import strip_marks


POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION cchc_folded (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION cchc_folded ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, "
    "word, hword, hword_part WITH unaccent, simple",
]


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'cchc_folded'")
            if cursor.fetchone() is None:
                for statement in POSTGRES:
                    cursor.execute(statement)
        return
    if connection.vendor != "sqlite":
        return
    entries = apps.get_model("wagtailsearch", "IndexEntry")
    with connection.cursor() as cursor:
        for statement in search_table.create_sql(entries._meta.db_table):
            cursor.execute(statement)
        rows = entries.objects.values_list("id", "title", "body", "autocomplete").iterator()
        cursor.executemany(
            f"INSERT INTO {search_table.TEXT_TABLE} (id, title, body, autocomplete) VALUES (%s, %s, %s, %s)",
            [(pk, *(strip_marks(text) for text in texts)) for pk, *texts in rows],
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS cchc_folded")
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in search_table.drop_sql():
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("cchc_pages", "0011_page_ratings"),
        ("wagtailsearch", "0006_customise_indexentry"),
    ]

    operations = [
        migrations.CreateModel(
            name="FoldedSearchRow",
            fields=[
                ("entry_id", models.IntegerField(db_column="rowid", primary_key=True, serialize=False)),
                ("title", models.TextField()),
                ("body", models.TextField()),
                ("autocomplete", models.TextField()),
            ],
            options={"db_table": "cchc_search_fts", "managed": False},
        ),
        migrations.RunPython(create, drop),
    ]
