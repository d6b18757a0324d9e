"""A Wagtail search backend: Wagtail's own database backend, with a query shape SQLite can plan
and fresh planner statistics after every index rebuild.

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cchc_pages.core.search"}}

On PostgreSQL (and MySQL) it is Wagtail's database backend unchanged, plus ANALYZE after
``update_index``. On SQLite, Wagtail's backend filters the searched queryset with
``pk IN (SELECT object_id FROM fts JOIN indexentry … WHERE fts MATCH …)``; SQLite then runs the
full-text MATCH once per index row (half a second for a rare word over 5,000 articles). Here the
MATCH is a subquery of its own, ``indexentry.id IN (SELECT rowid FROM fts WHERE fts MATCH …)``,
which SQLite evaluates once, and ``update_index`` ends with ``ANALYZE`` so that the planner knows
the tables' sizes (without statistics it guesses, and guesses badly at this join).

Everything else (indexing, relevance ordering, autocomplete, facets, filters) is Wagtail's: the
site's code and the admin search through Wagtail's search API as before.
"""

from django.db import connections
from django.db.models import FloatField, OuterRef, Subquery
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.backends.database import SearchBackend as _wagtail_database_backend


def analyze(using="default"):
    """Refresh the database's planner statistics (SQLite: ANALYZE then PRAGMA optimize; PostgreSQL:
    ANALYZE). Run after bulk loads: the search index rebuild does it, and so does the demo loader."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def _with_analyze(rebuilder_class):
    class Rebuilder(rebuilder_class):
        def finish(self):
            super().finish()
            if not getattr(self, "transaction_opened", False):
                analyze(self.index.write_connection.alias)

    Rebuilder.__name__ = f"Analyzing{rebuilder_class.__name__}"
    return Rebuilder


def _sqlite_backend():
    # Imported here, on SQLite only: an optional part of Wagtail's backend, whose FTS model exists only there.
    from modelsearch.backends.database.sqlite import query as sqlite_query
    from modelsearch.backends.database.sqlite import sqlite as wagtail_sqlite  # optional too, as above

    MatchExpression, normalize = sqlite_query.MatchExpression, sqlite_query.normalize

    IndexEntry, FTSEntry = wagtail_sqlite.IndexEntry, wagtail_sqlite.SQLiteFTSIndexEntry

    class QueryCompiler(wagtail_sqlite.SQLiteSearchQueryCompiler):
        def search(self, config, start, stop, score_field=None):
            """Wagtail's SQLiteSearchQueryCompiler.search with the MATCH in a subquery of its own."""
            normalized_query = normalize(self.query)
            if isinstance(normalized_query, MatchAll):
                return self.queryset[start:stop]
            if isinstance(normalized_query, Not) and isinstance(normalized_query.subquery, MatchAll):
                return self.queryset.none()
            negated = isinstance(normalized_query, Not)
            if negated:
                normalized_query = normalized_query.subquery
            search_query = self.build_search_query(normalized_query, config=config)
            match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
            matching_rows = FTSEntry.objects.filter(match).values("index_entry_id")
            content_types = get_descendants_content_types_pks(self.queryset.model)
            entries = IndexEntry.objects.filter(pk__in=matching_rows, content_type__in=content_types)
            obj_ids = entries.values("object_id")
            queryset = self.queryset.exclude(pk__in=obj_ids) if negated else self.queryset.filter(pk__in=obj_ids)

            if self.order_by_relevance and score_field is None and not negated:
                score_field = "_score"
            if score_field is not None and not negated:
                rank = self._build_rank_expression(self.get_search_vectors(), config)
                scores = (
                    FTSEntry.objects.filter(match)
                    .filter(index_entry__content_type__in=content_types, index_entry__object_id=OuterRef("pk"))
                    .annotate(score=rank)
                    .values("score")[:1]
                )
                queryset = queryset.annotate(**{score_field: Subquery(scores, output_field=FloatField())})
                if self.order_by_relevance:
                    queryset = queryset.order_by(score_field, "-pk")
            if not self.order_by_relevance and not queryset.query.order_by:
                queryset = queryset.order_by("-pk")  # stable pages, as Wagtail does
            return queryset[start:stop]

    class AutocompleteQueryCompiler(QueryCompiler, wagtail_sqlite.SQLiteAutocompleteQueryCompiler):
        pass

    class SQLiteSearchBackend(wagtail_sqlite.SQLiteSearchBackend):
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteQueryCompiler
        rebuilder_class = _with_analyze(wagtail_sqlite.SQLiteSearchRebuilder)
        atomic_rebuilder_class = _with_analyze(wagtail_sqlite.SQLiteSearchAtomicRebuilder)

    return SQLiteSearchBackend


def SearchBackend(params):  # noqa: N802 -- the name Wagtail looks up in a backend's module
    backend = _wagtail_database_backend(params)
    if type(backend).__name__ == "SQLiteSearchBackend":
        return _sqlite_backend()(params)
    backend.rebuilder_class = _with_analyze(backend.rebuilder_class)
    backend.atomic_rebuilder_class = _with_analyze(backend.atomic_rebuilder_class)
    if params.get("ATOMIC_REBUILD", True):
        backend.rebuilder_class = backend.atomic_rebuilder_class
    return backend
