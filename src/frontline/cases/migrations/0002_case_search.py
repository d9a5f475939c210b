"""Full-text search over cases: an FTS5 table on SQLite, a GIN expression index on PostgreSQL."""

from django.db import migrations

from frontline.cases import search


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in search.SQLITE_SCHEMA:
            schema_editor.execute(statement)
        search.rebuild_index(schema_editor.connection.alias)
    elif vendor == "postgresql":
        schema_editor.add_index(apps.get_model("cases", "Case"), search.postgres_index())


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in search.SQLITE_DROP:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("cases", "Case"), search.postgres_index())


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
