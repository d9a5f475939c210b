"""The REST API at /api/v1: mounts every context's router and gives every error one body shape."""

from __future__ import annotations

import logging
from typing import Any

from django.db import DataError, IntegrityError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from frontline import __version__
from frontline.accounts.api import router as accounts_router
from frontline.accounts.auth import BrowserSessionAuth, TokenAuth
from frontline.assist.api import router as assist_router
from frontline.authority.api import router as authority_router
from frontline.cases.api import router as cases_router
from frontline.core.errors import DomainError, TooManyRequests, unique_violation_fields
from frontline.customers.api import router as customers_router
from frontline.surveys.api import router as surveys_router

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Frontline API",
    version=__version__,
    description=(
        "Customers, cases, contacts and the organisation behind them. Authenticate with "
        "`Authorization: Bearer <token>` (tokens are issued with `frontline token create`) or, from the "
        "browser, with the session cookie and the `X-CSRFToken` header. Every list is keyset-paginated: pass "
        "`next_cursor` back as `cursor`. Create endpoints accept an `Idempotency-Key` header. Errors have one "
        'shape: `{"error": {"code", "message", "fields"}}`.'
    ),
    auth=[TokenAuth(), BrowserSessionAuth()],
    urls_namespace="api",
)
api.add_router("", accounts_router)
api.add_router("", customers_router)
api.add_router("", cases_router)
api.add_router("", assist_router)
api.add_router("", authority_router)
api.add_router("", surveys_router)


def error_response(
    request: HttpRequest, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None
) -> HttpResponse:
    """The API's one error body."""
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return api.create_response(request, body, status=status)


def _field_name(location: list[Any]) -> str:
    # Ninja reports e.g. ["body", "payload", "subject"] or ["query", "status", 0]; keep what names the field.
    parts = [str(part) for part in location if part not in ("body", "payload", "query", "path", "header")]
    names = [part for part in parts if not part.isdigit()]
    return ".".join(names[1:] if len(names) > 1 and names[0] in ("page", "query") else names) or "body"


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    fields = getattr(exc, "fields", None)
    response = error_response(request, exc.status, exc.code, exc.message, fields)
    if isinstance(exc, TooManyRequests):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        fields.setdefault(_field_name(list(error.get("loc", []))), []).append(str(error.get("msg", "invalid")))
    message = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in fields.items())
    return error_response(request, 422, "validation_error", message, fields)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "not_authenticated", "Sign in or send an API token.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    codes = {400: "bad_request", 401: "not_authenticated", 403: "permission_denied", 404: "not_found"}
    return error_response(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


@api.exception_handler(OverflowError)
def on_overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    logger.warning("Refused an out-of-range number on %s: %s", request.path, exc)
    return error_response(request, 422, "validation_error", "A number in the request is out of range.")


@api.exception_handler(IntegrityError)
def on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    fields = unique_violation_fields(exc)
    if not fields:
        raise exc
    return error_response(
        request, 409, "conflict", "Another request created the same value at the same moment.", fields
    )


@api.exception_handler(OperationalError)
def on_operational_error(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    if "database is locked" not in str(exc):
        raise exc
    response = error_response(request, 503, "busy", "The database is busy with a long write; try again shortly.")
    response["Retry-After"] = "5"
    return response


@api.exception_handler(DataError)
def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    logger.warning("The database refused a value on %s: %s", request.path, exc)
    return error_response(request, 422, "validation_error", "A value in the request is out of range for its field.")


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", "Nothing here.")
