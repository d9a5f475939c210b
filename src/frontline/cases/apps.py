from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search_schema(using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from frontline.cases.search import ensure_search_schema

    tables = connections[using].introspection.table_names()
    if "cases_case" in tables and "django_migrations" in tables:
        ensure_search_schema(using)


class CasesConfig(AppConfig):
    name = "frontline.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        # A later migration that rebuilds cases_case drops the search triggers (SQLite) or must drop the
        # generated search column (PostgreSQL); put them back after every migrate.
        post_migrate.connect(_ensure_search_schema, sender=self, dispatch_uid="frontline.cases.ensure_search")
