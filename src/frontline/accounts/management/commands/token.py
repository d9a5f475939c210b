"""`frontline token create|revoke|list`: API tokens for integrations."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from frontline.accounts import selectors, services
from frontline.core.errors import DomainError


class Command(BaseCommand):
    help = "Create, revoke or list the API tokens integrations authenticate with."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Issue a token; the secret is printed once and never stored.")
        create.add_argument("name", help="The integration's name, such as phone-system.")
        create.add_argument("--user", required=True, help="The user name the token acts as (its roles apply).")
        revoke = actions.add_parser("revoke", help="Revoke a token by its integration name.")
        revoke.add_argument("name")
        actions.add_parser("list", help="List tokens (names, users, prefixes, last use; never secrets).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                if options["action"] == "create":
                    token, secret = services.issue_api_token(actor=None, name=options["name"], username=options["user"])
                    self.stdout.write(f"Token for {token.name} (acts as {options['user']}):\n{secret}")
                    self.stdout.write("Store it now: it cannot be shown again.")
                elif options["action"] == "revoke":
                    token = services.revoke_api_token(actor=None, name=options["name"])
                    self.stdout.write(f"Revoked {token.name} at {token.revoked_at:%Y-%m-%d %H:%M:%S %Z}.")
                else:
                    self._list()
        except DomainError as exc:
            raise CommandError(exc.message) from None

    def _list(self) -> None:
        tokens = selectors.list_api_tokens(actor=None)
        if not tokens:
            self.stdout.write("No tokens.")
        for token in tokens:
            state = "revoked" if token.revoked_at else "active"
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            self.stdout.write(
                f"{token.name:<24} {token.user.get_username():<16} {token.prefix}…  {state:<8} used {used}"
            )
