"""Errors a user can cause. Entry points turn them into 4xx answers; none of them is ever a 500."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence


class DomainError(Exception):
    """Base of every error a request can cause; `status` is the HTTP status it maps to."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(DomainError):
    """One or more fields are wrong; `fields` maps each field name to its messages."""

    status = 422
    code = "validation_error"

    def __init__(self, fields: Mapping[str, Sequence[str] | str], message: str = "") -> None:
        normalised = {name: [errors] if isinstance(errors, str) else list(errors) for name, errors in fields.items()}
        super().__init__(message or "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in normalised.items()))
        self.fields: dict[str, list[str]] = normalised

    @classmethod
    def single(cls, field: str, message: str) -> ValidationFailed:
        """A validation error about one field."""
        return cls({field: [message]})


class NotFound(DomainError):
    """The object does not exist or the actor may not see it: the same answer for both, so ids cannot be probed."""

    status = 404
    code = "not_found"


class PermissionDenied(DomainError):
    """The actor is known but their role does not allow the action."""

    status = 403
    code = "permission_denied"


class Conflict(DomainError):
    """The request is well formed but clashes with the current state (a refused status transition, a reused key)."""

    status = 409
    code = "conflict"


class Gone(DomainError):
    """The thing asked for existed but no longer takes requests (a closed survey, an expired link)."""

    status = 410
    code = "gone"


class TooManyRequests(DomainError):
    """The same sender asked too often; `retry_after` says in how many seconds to try again."""

    status = 429
    code = "too_many_requests"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NotAuthenticated(DomainError):
    """No valid session or token came with the request."""

    status = 401
    code = "not_authenticated"


def unique_violation_fields(error: Exception) -> dict[str, list[str]]:
    """The columns a database unique-constraint error names (PostgreSQL and SQLite), with a message each.

    Validation checks uniqueness first; this covers the moment when two requests create the same value
    at once and the database refuses the second.
    """
    detail = getattr(getattr(error.__cause__, "diag", None), "message_detail", None) or ""
    columns = re.findall(r"Key \(([^)]*)\)=", detail)
    names = [name.strip() for group in columns for name in group.split(",")]
    if not names:
        match = re.search(r"UNIQUE constraint failed: (.+)$", str(error))
        names = [part.strip().rsplit(".", 1)[-1] for part in match.group(1).split(",")] if match else []
    message = "This value was just taken by another request; choose another."
    return {name: [message] for name in names}
