"""The SQLite search index of cchc_pages.core.search: the folded text of each index entry, stored
once, and an FTS5 index over it that reads its rows from that table (an "external content" table).

Wagtail's SQLite backend keeps each entry's text twice, in ``wagtailsearch_indexentry`` and as the
content of its FTS5 table, plus the FTS5 index: over 50,000 articles, 52.5 MB of index for the
text it indexes. Here the text is folded first (tone marks dropped, đ -> d: cchc_pages.core.text),
the tokenizer drops any mark left (``remove_diacritics 2``), Wagtail's rows keep no text, and the
index is a few MB. Triggers keep the index in step with the text table, and the text table in step
with Wagtail's index entries (an entry deleted by Wagtail takes its text with it).

Created by migration 0012 on SQLite only (PostgreSQL uses Wagtail's tsvector index as it is).
"""

from django.db import models

TEXT_TABLE = "cchc_search_text"
FTS_TABLE = "cchc_search_fts"
COLUMNS = ("title", "body", "autocomplete")


class FoldedSearchRow(models.Model):
    """A row of the FTS5 index, for the MATCH and bm25() of the search backend (never written
    through the ORM: rows come from the text table's triggers)."""

    entry_id = models.IntegerField(primary_key=True, db_column="rowid")
    title = models.TextField()
    body = models.TextField()
    autocomplete = models.TextField()

    class Meta:
        managed = False
        db_table = FTS_TABLE
        app_label = "cchc_pages"


def create_sql(entry_table):
    """Statements creating the text table, its FTS5 index and the triggers joining them."""
    new = ", ".join(f"new.{c}" for c in COLUMNS)
    old = ", ".join(f"old.{c}" for c in COLUMNS)
    cols = ", ".join(COLUMNS)
    insert_new = f"INSERT INTO {FTS_TABLE}(rowid, {cols}) VALUES (new.id, {new});"
    delete_old = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE TABLE {TEXT_TABLE} (id INTEGER PRIMARY KEY, "
        + ", ".join(f"{c} TEXT NOT NULL DEFAULT ''" for c in COLUMNS)
        + ")",
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({cols}, content='{TEXT_TABLE}', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {TEXT_TABLE}_inserted AFTER INSERT ON {TEXT_TABLE} BEGIN {insert_new} END",
        f"CREATE TRIGGER {TEXT_TABLE}_deleted AFTER DELETE ON {TEXT_TABLE} BEGIN {delete_old} END",
        f"CREATE TRIGGER {TEXT_TABLE}_updated AFTER UPDATE ON {TEXT_TABLE} BEGIN {delete_old} {insert_new} END",
        f"CREATE TRIGGER {TEXT_TABLE}_entry_deleted AFTER DELETE ON {entry_table} "
        f"BEGIN DELETE FROM {TEXT_TABLE} WHERE id = old.id; END",
    ]


def drop_sql():
    return [
        f"DROP TRIGGER IF EXISTS {TEXT_TABLE}_entry_deleted",
        f"DROP TABLE IF EXISTS {FTS_TABLE}",
        f"DROP TABLE IF EXISTS {TEXT_TABLE}",
    ]


def exists(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        return cursor.fetchone() is not None
