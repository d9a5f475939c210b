"""What every context's API router shares: the error body, list envelopes and idempotent creates.

Routers import this module; the error handlers themselves are installed once, in frontline.api.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

from django.db import models
from django.http import HttpRequest, JsonResponse
from ninja import Field, Header, Schema
from pydantic import field_validator

from frontline.core.idempotency import run_once
from frontline.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, KeysetPage

ItemT = TypeVar("ItemT")

# The largest id a database column holds; larger numbers are refused at the door, never sent to SQL.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# Durations in seconds: up to ten years is plenty and fits every integer column.
Seconds = Annotated[int, Field(ge=0, le=10 * 365 * 24 * 3600)]


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    return False


class Input(Schema):
    """The base of every request body and query: text may not hold NUL characters (PostgreSQL cannot store
    them), refused as a 422 on the field."""

    @field_validator("*", mode="before")
    @classmethod
    def refuse_nul_characters(cls, value: Any) -> Any:
        if _has_nul(value):
            raise ValueError("Text cannot contain NUL (\\x00) characters.")
        return value


IdempotencyKey = Header(None, alias="Idempotency-Key", description="Retrying with the same key creates nothing new.")


class PageQuery(Input):
    """Where a list page starts and how long it is."""

    cursor: str | None = None
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ErrorBody(Schema):
    """The one shape of every error the API returns."""

    error: ErrorDetail


class Page(Schema, Generic[ItemT]):
    """One page of a list; pass `next_cursor` back as `cursor` for the next page."""

    items: list[ItemT]
    next_cursor: str | None
    previous_cursor: str | None
    last_cursor: str


def page_of(page: KeysetPage[Any], serialise: Callable[[Any], Any] | None = None) -> dict[str, Any]:
    """The response body of a keyset page."""
    items = page.items if serialise is None else [serialise(item) for item in page.items]
    return {
        "items": items,
        "next_cursor": page.next_cursor,
        "previous_cursor": page.previous_cursor,
        "last_cursor": page.last_cursor,
    }


ERRORS = {
    400: ErrorBody,
    401: ErrorBody,
    403: ErrorBody,
    404: ErrorBody,
    409: ErrorBody,
    410: ErrorBody,
    422: ErrorBody,
    429: ErrorBody,
}


def responses(success: dict[int, Any]) -> dict[int, Any]:
    """A route's response table: its successes plus the shared error body."""
    return {**ERRORS, **success}


def create_idempotently(
    request: HttpRequest,
    *,
    key: str | None,
    payload: Schema,
    create: Callable[[], models.Model],
    output: type[Schema],
) -> JsonResponse:
    """Create a row once per Idempotency-Key and answer 201 with `output`; a retry replays the first answer.

    The body is serialised here (and stored as it was sent), so a replay is byte-for-byte the first answer;
    replays carry the header `Idempotent-Replayed: true`.
    """
    scope = f"{request.method} {request.path}"

    def create_and_serialise() -> tuple[int, Any]:
        row = create()
        return 201, output.from_orm(row).model_dump(mode="json")

    stored = run_once(
        owner=request.user,  # type: ignore[arg-type]
        scope=scope,
        key=key,
        payload=payload.model_dump(mode="json"),
        create=create_and_serialise,
    )
    response = JsonResponse(stored.body, status=stored.status)
    if stored.is_replay:
        response["Idempotent-Replayed"] = "true"
    return response
