"""A Wagtail search backend: Wagtail's own database backend, with a folded FTS5 index of ours on
SQLite and fresh planner statistics after every index rebuild.

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cchc_pages.core.search"}}

On PostgreSQL it is Wagtail's database backend with the text search configuration ``cchc_folded``
(``simple`` with ``unaccent`` first: tone marks and đ folded on both the indexed text and the query,
autocomplete included; migration 0012 creates it), plus ANALYZE after ``update_index``. MySQL gets
Wagtail's backend unchanged. Every query is folded the same way here (and cut to MAX_TERMS words: a
1,000-character query nests so deep that Wagtail's PostgreSQL backend overflows the stack).

On SQLite, the entries' text goes, folded (tone marks dropped, đ -> d), into the index of
cchc_pages.core.search_table instead of Wagtail's FTS5 table, which keeps the text twice (52.5 MB
of index over 50,000 articles; the folded index is a few MB). The MATCH stands in a subquery of
its own, ``indexentry.id IN (SELECT rowid FROM fts WHERE fts MATCH …)``, which SQLite evaluates
once (Wagtail's ``pk IN (fts JOIN indexentry …)`` runs it once per index row: half a second for a
rare word over 5,000 articles); a search's count walks the matches from the index's side and stops
at its limit; and ``update_index`` ends with ``ANALYZE`` and an FTS5
``optimize``, so that the planner knows the tables' sizes and the index is one compact segment.

Everything else (filters, relevance ordering by bm25, autocomplete, facets) is Wagtail's: the
site's code and the admin search through Wagtail's search API as before.
"""

import copy

from django.db import connections
from django.db.models import (
    CharField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
)
from django.db.models.functions import Cast
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks
from wagtail.search.backends.database import SearchBackend as _wagtail_database_backend

from . import search_table
from .text import strip_marks


def analyze(using="default"):
    """Refresh the database's planner statistics (SQLite: ANALYZE then PRAGMA optimize, and the
    FTS5 indexes merged into one segment each; PostgreSQL: ANALYZE). Run after bulk loads: the
    search index rebuild does it, and so does the demo loader."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            if search_table.exists(connection):
                # Ours, and Wagtail's, whose rows our backend empties: optimize drops the deleted text.
                for table in (search_table.FTS_TABLE, "wagtailsearch_indexentry_fts"):
                    cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
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


class _SQLiteBackends:
    """Marks our SQLite backend, whose rebuilders already end with analyze()."""


def _sqlite_backend():
    # Imported here, on SQLite only: an optional part of Wagtail's backend, whose FTS model exists only there.
    from modelsearch.backends.database.sqlite import query as sqlite_query
    from modelsearch.backends.database.sqlite import sqlite as wagtail_sqlite  # optional too, as above

    normalize, IndexEntry = sqlite_query.normalize, wagtail_sqlite.IndexEntry
    Row, table = search_table.FoldedSearchRow, search_table.FTS_TABLE

    class MatchExpression(sqlite_query.MatchExpression):
        template = f"{table} MATCH %s"

    class BM25(sqlite_query.BM25):
        def as_sql(self, compiler, connection, function=None, template=None):
            return f"bm25({table}, 2.0, 1.0, 1.0)", []  # a word of the title weighs twice

    class Index(wagtail_sqlite.SQLiteIndex):
        def add_items(self, model, objs):
            """Wagtail's entries (content type, object id) without their text, and the text folded
            into our table, which its triggers index."""
            if not model.get_search_fields():
                return
            texts = {}
            for indexer in (wagtail_sqlite.ObjectIndexer(obj, self.backend) for obj in objs):
                texts[indexer.id] = [strip_marks(getattr(indexer, c)) for c in search_table.COLUMNS]
            if not texts:
                return
            content_type = get_content_type_pk(model)
            entries = self.entries.filter(content_type_id=content_type, object_id__in=list(texts))
            known = dict(entries.values_list("object_id", "id"))
            new = [IndexEntry(content_type_id=content_type, object_id=o, title="") for o in texts if o not in known]
            self.entries.bulk_create(new)
            if new:
                known = dict(entries.values_list("object_id", "id"))
            # Entries indexed by Wagtail's backend before keep no text (nor its copy in Wagtail's FTS5 table).
            entries.exclude(title="", body=None, autocomplete=None).update(title="", body=None, autocomplete=None)
            cols = ", ".join(search_table.COLUMNS)
            updates = ", ".join(f"{c} = excluded.{c}" for c in search_table.COLUMNS)
            with self.write_connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {search_table.TEXT_TABLE} (id, {cols}) VALUES (%s, %s, %s, %s) "
                    f"ON CONFLICT(id) DO UPDATE SET {updates}",
                    [(known[object_id], *text) for object_id, text in texts.items()],
                )

        def _refresh_title_norms(self, full=False):
            pass  # Wagtail's title weighting reads the text its rows no longer keep; bm25 weighs the title here

    class QueryCompiler(wagtail_sqlite.SQLiteSearchQueryCompiler):
        def _match(self, normalized_query, config):
            search_query = self.build_search_query(normalized_query, config=config)
            return MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)

        def search(self, config, start, stop, score_field=None):
            """Wagtail's SQLiteSearchQueryCompiler.search over our index, the MATCH in a subquery of its own."""
            normalized_query = normalize(self.query)
            if isinstance(normalized_query, MatchAll):
                return self.queryset[start:stop]
            if isinstance(normalized_query, Not) and isinstance(normalized_query.subquery, MatchAll):
                return self.queryset.none()
            negated = isinstance(normalized_query, Not)
            if negated:
                normalized_query = normalized_query.subquery
            match = self._match(normalized_query, config)
            matching_rows = Row.objects.filter(match).values("entry_id")
            content_types = get_descendants_content_types_pks(self.queryset.model)
            entries = IndexEntry.objects.filter(pk__in=matching_rows, content_type__in=content_types)
            obj_ids = entries.values("object_id")
            if negated:
                queryset = self.queryset.exclude(pk__in=obj_ids)
            elif self._breadth(match) == "most":
                # A word in nearly every entry: walk the objects in the listing's order (its index) and
                # ask the index, for each, whether its entry matches (``rowid = ? AND MATCH``),
                # stopping after a page: a page of a search matching 48,000 of 50,000 articles asks
                # about a dozen entries, where reading every match first took 85 ms.
                entry = IndexEntry.objects.filter(
                    content_type__in=content_types, object_id=Cast(OuterRef("pk"), CharField())
                ).filter(Exists(Row.objects.filter(match, entry_id=OuterRef("pk"))))
                queryset = self.queryset.filter(Exists(entry))
            elif self._breadth(match) == "many":
                # More than BROAD_MATCHES, not nearly all: read the objects in the listing's order and
                # keep those in the matches, stopping after a page, rather than sort every match
                # (``+pk`` keeps SQLite from starting from the matches). A word of old articles only
                # ("2019") would make the walk above ask the index about every newer article.
                unindexed_pk = Func(F("pk"), template="+%(expressions)s", output_field=IntegerField())
                queryset = self.queryset.alias(_unindexed_pk=unindexed_pk).filter(_unindexed_pk__in=obj_ids)
            else:
                queryset = self.queryset.filter(pk__in=obj_ids)

            if self.order_by_relevance and score_field is None and not negated:
                score_field = "_score"
            if score_field is not None and not negated:
                entry = IndexEntry.objects.filter(content_type__in=content_types, object_id=OuterRef(OuterRef("pk")))
                scores = Row.objects.filter(match, entry_id__in=entry.values("id")).annotate(score=BM25())
                queryset = queryset.annotate(
                    **{score_field: Subquery(scores.values("score")[:1], output_field=FloatField())}
                )
                if self.order_by_relevance:
                    queryset = queryset.order_by(score_field, "-pk")
            if not self.order_by_relevance and not queryset.query.order_by:
                queryset = queryset.order_by("-pk")  # stable pages, as Wagtail does
            return queryset[start:stop]

        def count(self, config, start, stop):
            """The number of results from start to stop, counted from the index's side: the matches
            in the index's order, each kept if its entry is of the model and its object in the
            queryset, stopping at ``stop``. Order does not change how many there are, and a count
            that stops after 1,001 of 48,000 matches reads 1,001 entries (the listing's order read
            every match first). None where the entries are not one per object (a model with indexed
            subclasses, a key that is not a number) or the search is negated: count its results."""
            normalized_query = normalize(self.query)
            content_types = get_descendants_content_types_pks(self.queryset.model)
            pk = self.queryset.model._meta.pk
            pk = getattr(pk, "target_field", pk)  # a page's key is its page_ptr
            if (
                isinstance(normalized_query, (MatchAll, Not))
                or len(content_types) != 1
                or pk.get_internal_type() not in ("AutoField", "BigAutoField", "IntegerField", "BigIntegerField")
            ):
                return None
            objects = self.queryset.filter(pk=Cast(OuterRef("object_id"), IntegerField()))
            entries = IndexEntry.objects.filter(pk=OuterRef("entry_id"), content_type_id=content_types[0])
            rows = Row.objects.filter(self._match(normalized_query, config), Exists(entries.filter(Exists(objects))))
            found = rows.count() if stop is None else rows[:stop].count()
            return max(found - (start or 0), 0)

        def _breadth(self, match):
            """ "few" (at most BROAD_MATCHES matching entries), "many", or "most": more than that, and
            the newest BROAD_MATCHES + 1 matches (by entry id, which grows as pages are indexed) fill
            at least MOST_MATCHES of the ids they span. One query per search (its count and its page
            are two queries of one compiler), reading no further than BROAD_MATCHES + 1 matches."""
            if getattr(self, "_cchc_breadth", None) is None:
                newest = Row.objects.filter(match).order_by("-entry_id").annotate(e=F("entry_id")).values("e")
                sql, params = newest[: BROAD_MATCHES + 1].query.sql_with_params()
                with connections[self.queryset.db].cursor() as cursor:
                    cursor.execute(
                        f"SELECT COUNT(*), MIN(e), (SELECT MAX(id) FROM {IndexEntry._meta.db_table}) FROM ({sql})",
                        params,
                    )
                    found = dict(zip(("n", "low", "last"), cursor.fetchone(), strict=True))
                if found["n"] <= BROAD_MATCHES:
                    self._cchc_breadth = "few"
                else:
                    spread = found["last"] - found["low"] + 1
                    self._cchc_breadth = "most" if found["n"] >= MOST_MATCHES * spread else "many"
            return self._cchc_breadth

    class SearchResults(wagtail_sqlite.SQLiteSearchResults):
        def _do_count(self):
            config = self.query_compiler.get_config(self.backend)
            count = self.query_compiler.count(config, self.start, self.stop)
            return super()._do_count() if count is None else count

    class AutocompleteQueryCompiler(QueryCompiler, wagtail_sqlite.SQLiteAutocompleteQueryCompiler):
        pass

    class SQLiteSearchBackend(_SQLiteBackends, wagtail_sqlite.SQLiteSearchBackend):
        index_class = Index
        query_compiler_class = QueryCompiler
        autocomplete_query_compiler_class = AutocompleteQueryCompiler
        results_class = SearchResults
        rebuilder_class = _with_analyze(wagtail_sqlite.SQLiteSearchRebuilder)
        atomic_rebuilder_class = _with_analyze(wagtail_sqlite.SQLiteSearchAtomicRebuilder)

    return SQLiteSearchBackend


def _postgres_compilers(base):
    """Wagtail's PostgreSQL query compilers, with the match of a search as a semi-join the
    database can run from either side: ``EXISTS (entry of this object whose title || body
    matches)``, the expression migration 0013 indexes. Wagtail joins every entry to its object
    and matches an expression no index covers (each search read and matched every entry, and
    sent each matched vector back with its row). A rare word is found through the index; for a
    word in most articles the database walks the articles in the listing's order and stops after a
    page. Relevance ordering, scores, fuzzy search and searches within named fields stay Wagtail's."""
    # Imported here, on PostgreSQL only: an optional part of Wagtail's backend (it needs psycopg).
    from modelsearch.backends.database.postgres import postgres

    IndexEntry = postgres.IndexEntry

    class Matching:
        def _matching(self, config, score_field=None):
            """The queryset filtered by the semi-join, unordered; None where Wagtail's search stays."""
            query = self.query
            plain = not isinstance(query, (MatchAll, Fuzzy)) and not (
                isinstance(query, Not) and isinstance(query.subquery, MatchAll)
            )
            if not plain or self.fields is not None or self.order_by_relevance or score_field is not None:
                return None
            search_query = self.build_tsquery(query, config=config)
            vectors = [vector for vector, _boost in self.get_index_vectors(search_query)]
            # index_entries__title -> title: the same columns, read in the subquery's own entry
            columns = [F(vector.name.split("__", 1)[1]) for vector in vectors]
            combined = columns[0]
            for column in columns[1:]:
                combined = combined._combine(column, "||", False)
            entries = (
                IndexEntry._default_manager.filter(
                    content_type_id__in=get_descendants_content_types_pks(self.queryset.model),
                    object_id=Cast(OuterRef("pk"), output_field=CharField()),
                )
                .annotate(_vector_=combined)
                .filter(_vector_=search_query)
            )
            return self.queryset.filter(Exists(entries))

        def search(self, config, start, stop, score_field=None, backend=None):
            queryset = self._matching(config, score_field)
            if queryset is None:
                return super().search(config, start, stop, score_field=score_field, backend=backend)
            if not queryset.query.order_by:
                queryset = queryset.order_by("-pk")  # stable pages, as Wagtail does
            return queryset[start:stop]

        def count(self, config, start, stop):
            """The number of results from start to stop, counted unordered: the order does not change
            how many there are, and without it the database may walk the objects in the order of its
            choice (for a word in most articles, their key, with no sort) and stop at ``stop``."""
            queryset = self._matching(config)
            return None if queryset is None else queryset.order_by()[start:stop].count()

    class QueryCompiler(Matching, base.query_compiler_class):
        pass

    class AutocompleteQueryCompiler(Matching, base.autocomplete_query_compiler_class):
        pass

    class SearchResults(base.results_class):
        def _do_count(self):
            count = self.query_compiler.count(self.query_compiler.get_config(self.backend), self.start, self.stop)
            return super()._do_count() if count is None else count

    return QueryCompiler, AutocompleteQueryCompiler, SearchResults


BROAD_MATCHES = 2000  # SQLite: from this many matching entries, a search reads in the listing's order
MOST_MATCHES = 0.9  # SQLite: the share of the newest entries a word must be in to be asked entry by entry
FOLDED_CONFIG = "cchc_folded"  # PostgreSQL: see migration 0012_folded_search_index
MAX_TERMS = 32


def _folded(query):
    """A Wagtail search query with its words folded as the index folds them (đ -> d, marks
    dropped), at most MAX_TERMS of them per part; other query objects pass through."""
    if isinstance(query, str):
        return " ".join(strip_marks(query).split()[:MAX_TERMS])
    query = copy.copy(query)
    if isinstance(query, (PlainText, Phrase, Fuzzy)):
        query.query_string = _folded(query.query_string)
    elif isinstance(query, (And, Or)):
        query.subqueries = [_folded(sub) for sub in query.subqueries[:MAX_TERMS]]
    elif isinstance(query, (Not, Boost)):
        query.subquery = _folded(query.subquery)
    return query


class _FoldedQueries:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        return super()._search(query_compiler_class, _folded(query), model_or_queryset, **kwargs)


def SearchBackend(params):  # noqa: N802 -- the name Wagtail looks up in a backend's module
    base = type(_wagtail_database_backend(params))
    postgres = base.__name__ == "PostgresSearchBackend"
    if base.__name__ == "SQLiteSearchBackend":
        base = _sqlite_backend()
    attributes = {}
    if postgres:
        params = {"SEARCH_CONFIG": FOLDED_CONFIG, **params}
        compilers = _postgres_compilers(base)
        attributes = {
            "query_compiler_class": compilers[0],
            "autocomplete_query_compiler_class": compilers[1],
            "results_class": compilers[2],
        }
    backend = type(f"Folded{base.__name__}", (_FoldedQueries, base), attributes)(params)
    if postgres:
        backend.autocomplete_config = backend.config  # Wagtail's is "simple", which keeps the marks
    if not issubclass(base, _SQLiteBackends):
        backend.rebuilder_class = _with_analyze(backend.rebuilder_class)
        backend.atomic_rebuilder_class = _with_analyze(backend.atomic_rebuilder_class)
        if params.get("ATOMIC_REBUILD", True):
            backend.rebuilder_class = backend.atomic_rebuilder_class
    return backend
