"""Permission checks every service and selector makes before it writes or reads.

The actor is the signed-in user (or the user an API token acts as). `None` is the system itself: a
command run by whoever operates the machine (imports, seeding, token management) or a background task.
Entry points that serve people always pass the request's user, never None.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from frontline.core.errors import NotAuthenticated, PermissionDenied

Actor = User | AnonymousUser | None


def require_permission(actor: Actor, permission: str) -> None:
    """Raise NotAuthenticated for anonymous actors and PermissionDenied when `permission` is missing."""
    if actor is None:
        return
    if not actor.is_authenticated:
        raise NotAuthenticated("Sign in or send an API token.")
    if not actor.has_perm(permission):
        raise PermissionDenied(f"Your role does not allow this ({permission}).")


def has_permission(actor: Actor, permission: str) -> bool:
    """Whether the actor (the system always) holds `permission`."""
    return actor is None or bool(actor.is_authenticated and actor.has_perm(permission))
