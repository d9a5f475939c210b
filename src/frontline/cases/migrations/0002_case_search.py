"""Full-text search over cases: an FTS5 table on SQLite, a stored tsvector column with a GIN index on PostgreSQL."""

from django.db import migrations

from frontline.cases import search


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in search.SQLITE_SCHEMA:
            schema_editor.execute(statement)
        search.rebuild_index(schema_editor.connection.alias)
    elif vendor == "postgresql":
        for statement in search.POSTGRES_SCHEMA:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": search.SQLITE_DROP, "postgresql": search.POSTGRES_DROP}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
