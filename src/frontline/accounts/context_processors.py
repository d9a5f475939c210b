"""Template context about the signed-in person."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from frontline.accounts.roles import roles_of


def roles(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's roles, for showing only what they may use."""
    return {"user_roles": sorted(role.value for role in roles_of(request.user))}
