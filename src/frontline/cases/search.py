"""Full-text search over case subjects and descriptions: one interface, two back ends.

SQLite: an FTS5 table (`cases_case_fts`, porter stemming, prefix indexes) kept in step by triggers.
PostgreSQL: a stored generated column `search_document`, `to_tsvector('english', subject || ' ' ||
description)`, with a GIN index. Both read the same query language: words (all must match, each as a
stemmed prefix) and "quoted phrases". The engines differ at the edges: PostgreSQL drops English stop words
("the", "no"), so a search for a stop word alone finds nothing there and a phrase containing one matches more
widely, and it also indexes the parts of hyphenated words. Ordinary words agree on both.

Matches are listed newest recorded first (by id), the order both engines can produce without sorting every
match: the first page of a word found in a quarter of a million cases costs what a rare word's does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from frontline.cases.models import Case
from frontline.core.errors import ValidationFailed

FTS_TABLE = "cases_case_fts"
MAX_TERMS = 12
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)
SEARCH_CONFIG = "english"


SEARCH_ORDERING = ("-id",)
POSTGRES_COLUMN = "search_document"
POSTGRES_INDEX_NAME = "case_search_gin"


@dataclass(frozen=True, slots=True)
class SearchTerms:
    """A parsed query: single words and multi-word phrases, lower-cased, punctuation dropped."""

    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    def to_fts5(self) -> str:
        """The FTS5 MATCH expression: every word as a prefix, every phrase exact, all required."""
        parts = [f'"{word}"*' for word in self.words]
        parts += ['"' + " ".join(phrase) + '"' for phrase in self.phrases]
        return " AND ".join(parts)

    def to_postgres(self, table: str) -> RawSQL:
        """The PostgreSQL condition on the stored document: words through to_tsquery, phrases through
        phraseto_tsquery (which allows for the stop words inside them)."""
        parts, params = [], []
        if self.words:
            parts.append("to_tsquery(%s::regconfig, %s)")
            params += [SEARCH_CONFIG, " & ".join(f"{word}:*" for word in self.words)]
        for phrase in self.phrases:
            parts.append("phraseto_tsquery(%s::regconfig, %s)")
            params += [SEARCH_CONFIG, " ".join(phrase)]
        sql = f'"{table}"."{POSTGRES_COLUMN}" @@ ({" && ".join(parts)})'
        return RawSQL(sql, params, output_field=BooleanField())


def parse(text: str) -> SearchTerms:
    """Parse what a person typed; raise ValidationFailed on `q` when nothing searchable is left."""
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    for quoted, bare in _TOKEN.findall(text):
        tokens = tuple(token.lower() for token in _WORD.findall(quoted or bare))
        if quoted and len(tokens) > 1:
            phrases.append(tokens)
        else:
            words.extend(token for token in tokens if len(token) >= 2)
    if not words and not phrases:
        raise ValidationFailed.single("q", "Type at least one word of two or more letters to search.")
    if len(words) + len(phrases) > MAX_TERMS:
        raise ValidationFailed.single("q", f"Search with at most {MAX_TERMS} words or phrases.")
    return SearchTerms(words=tuple(dict.fromkeys(words)), phrases=tuple(dict.fromkeys(phrases)))


def matching(cases: QuerySet[Case], text: str) -> QuerySet[Case]:
    """`cases` narrowed to those whose subject or description match `text`."""
    terms = parse(text)
    vendor = connections[cases.db].vendor
    if vendor == "sqlite":
        return cases.filter(
            id__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [terms.to_fts5()])
        )
    if vendor == "postgresql":
        return cases.filter(terms.to_postgres(Case._meta.db_table))
    raise NotImplementedError(f"full-text search is not available on {vendor}")


SQLITE_SCHEMA = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        subject, description, content='cases_case', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_after_insert AFTER INSERT ON cases_case BEGIN
        INSERT INTO {FTS_TABLE}(rowid, subject, description) VALUES (new.id, new.subject, new.description);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_after_delete AFTER DELETE ON cases_case BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, subject, description)
        VALUES ('delete', old.id, old.subject, old.description);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_after_update AFTER UPDATE OF subject, description ON cases_case
    BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, subject, description)
        VALUES ('delete', old.id, old.subject, old.description);
        INSERT INTO {FTS_TABLE}(rowid, subject, description) VALUES (new.id, new.subject, new.description);
    END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_after_update",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_after_delete",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_after_insert",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
POSTGRES_SCHEMA = [
    f"""ALTER TABLE cases_case ADD COLUMN {POSTGRES_COLUMN} tsvector GENERATED ALWAYS AS (
        to_tsvector('{SEARCH_CONFIG}'::regconfig, coalesce(subject, '') || ' ' || coalesce(description, ''))
    ) STORED""",
    f"CREATE INDEX {POSTGRES_INDEX_NAME} ON cases_case USING gin ({POSTGRES_COLUMN})",
]
POSTGRES_DROP = [
    f"DROP INDEX IF EXISTS {POSTGRES_INDEX_NAME}",
    f"ALTER TABLE cases_case DROP COLUMN IF EXISTS {POSTGRES_COLUMN}",
]


def rebuild_index(using: str = "default") -> None:
    """Rebuild the SQLite FTS5 index from the cases table (after bulk loads); PostgreSQL needs nothing."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


SQLITE_TRIGGERS = (f"{FTS_TABLE}_after_insert", f"{FTS_TABLE}_after_delete", f"{FTS_TABLE}_after_update")


def ensure_search_schema(using: str = "default") -> bool:
    """Restore the search index's triggers (SQLite) or column and index (PostgreSQL) if a migration dropped
    them, and refill the index; True when something had to be restored.

    SQLite drops a table's triggers whenever Django rebuilds the table to alter a column, and PostgreSQL
    refuses to alter a column a generated column reads; such migrations drop the search pieces and this,
    run after every `migrate`, puts them back.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('trigger', 'table') AND name LIKE %s", [f"{FTS_TABLE}%"]
            )
            present = {row[0] for row in cursor.fetchall()}
            if present >= {FTS_TABLE, *SQLITE_TRIGGERS}:
                return False
            for statement in SQLITE_SCHEMA:
                cursor.execute(statement)
            rebuild_index(using)
            return True
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_name = 'cases_case' AND column_name = %s",
                [POSTGRES_COLUMN],
            )
            if cursor.fetchone() is not None:
                return False
            for statement in POSTGRES_SCHEMA:
                cursor.execute(statement)
            return True
    return False


@contextmanager
def search_index_suspended(using: str = "default") -> Iterator[None]:
    """Drop the case search index for a bulk load and rebuild it once afterwards.

    Expects an empty cases table and the caller's transaction: on an error the transaction's rollback
    restores the index, so nothing is rebuilt here.
    """
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for statement in SQLITE_DROP:
                cursor.execute(statement)
        yield
        with connection.cursor() as cursor:
            for statement in SQLITE_SCHEMA:
                cursor.execute(statement)
        rebuild_index(using)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(POSTGRES_DROP[0])
        yield
        with connection.cursor() as cursor:
            # The foreign keys are deferred; PostgreSQL builds no index on a table with checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(POSTGRES_SCHEMA[1])
    else:
        yield
