from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(**kwargs: Any) -> None:
    from frontline.accounts.roles import all_role_permissions_exist, sync_role_groups

    # post_migrate is sent once per app; the permissions of later apps exist only by the last one.
    if all_role_permissions_exist():
        sync_role_groups()


class AccountsConfig(AppConfig):
    name = "frontline.accounts"
    label = "accounts"
    verbose_name = "People and organisation"

    def ready(self) -> None:
        # Groups need the permissions Django creates after migrating, so they are kept in step here.
        post_migrate.connect(_sync_roles, dispatch_uid="frontline.accounts.sync_roles")
