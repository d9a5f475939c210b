"""The database itself refuses to change or remove ledger entries, as it does audit entries."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER authority_ledgerentry_no_update BEFORE UPDATE ON authority_ledgerentry
       BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END""",
    """CREATE TRIGGER authority_ledgerentry_no_delete BEFORE DELETE ON authority_ledgerentry
       BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS authority_ledgerentry_no_update",
    "DROP TRIGGER IF EXISTS authority_ledgerentry_no_delete",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION authority_ledgerentry_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'ledger entries are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER authority_ledgerentry_no_change BEFORE UPDATE OR DELETE ON authority_ledgerentry
       FOR EACH ROW EXECUTE FUNCTION authority_ledgerentry_refuse_change()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS authority_ledgerentry_no_change ON authority_ledgerentry",
    "DROP FUNCTION IF EXISTS authority_ledgerentry_refuse_change()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("authority", "0002_default_gesture_types_and_profiles")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
