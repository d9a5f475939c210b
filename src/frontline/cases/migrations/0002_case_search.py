"""Full-text search over cases: an FTS5 table on SQLite, a stored tsvector column with a GIN index on PostgreSQL.

The SQL is written out here, as it was when this migration was made; frontline.cases.search holds the
current form, which `ensure_search_schema` restores after later migrations.
"""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS cases_case_fts USING fts5(
        subject, description, content='cases_case', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')""",
    """CREATE TRIGGER IF NOT EXISTS cases_case_fts_after_insert AFTER INSERT ON cases_case BEGIN
        INSERT INTO cases_case_fts(rowid, subject, description) VALUES (new.id, new.subject, new.description);
    END""",
    """CREATE TRIGGER IF NOT EXISTS cases_case_fts_after_delete AFTER DELETE ON cases_case BEGIN
        INSERT INTO cases_case_fts(cases_case_fts, rowid, subject, description)
        VALUES ('delete', old.id, old.subject, old.description);
    END""",
    """CREATE TRIGGER IF NOT EXISTS cases_case_fts_after_update AFTER UPDATE OF subject, description ON cases_case
    BEGIN
        INSERT INTO cases_case_fts(cases_case_fts, rowid, subject, description)
        VALUES ('delete', old.id, old.subject, old.description);
        INSERT INTO cases_case_fts(rowid, subject, description) VALUES (new.id, new.subject, new.description);
    END""",
    "INSERT INTO cases_case_fts(cases_case_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS cases_case_fts_after_update",
    "DROP TRIGGER IF EXISTS cases_case_fts_after_delete",
    "DROP TRIGGER IF EXISTS cases_case_fts_after_insert",
    "DROP TABLE IF EXISTS cases_case_fts",
]
POSTGRES = [
    """ALTER TABLE cases_case ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
        to_tsvector('english'::regconfig, coalesce(subject, '') || ' ' || coalesce(description, ''))
    ) STORED""",
    "CREATE INDEX case_search_gin ON cases_case USING gin (search_document)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS case_search_gin",
    "ALTER TABLE cases_case DROP COLUMN IF EXISTS search_document",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
