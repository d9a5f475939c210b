"""What every desk page shares: sign-in, HTMX awareness and turning domain errors into pages.

Views raise (or let services raise) `frontline.core.errors`; `desk_view` answers each the same way:
NotAuthenticated goes to the log-in page, NotFound is the 404 page, PermissionDenied the 403 page,
Conflict a 409 with its message, and an unhandled ValidationFailed a 400 (reads) or 422 (writes) naming the
fields. HTMX requests get the same message as a small fragment aimed at the page's alert region.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from frontline.core.errors import DomainError, NotAuthenticated, ValidationFailed

View = Callable[..., HttpResponse]
T = TypeVar("T")


class DeskFormLike(Protocol):
    """A form that validates itself and can carry a service's field errors."""

    def is_valid(self) -> bool: ...

    def take_errors(self, error: ValidationFailed) -> None: ...


ALERT_REGION = "#flash"
ERROR_TITLES = {
    400: "That request could not be read",
    403: "Your role does not allow this",
    404: "Not found",
    409: "That cannot be done now",
    422: "Some fields need attention",
}


def is_htmx(request: HttpRequest) -> bool:
    """Whether HTMX sent the request (a fragment is wanted, not a whole page)."""
    return request.headers.get("HX-Request") == "true"


def htmx_target(request: HttpRequest) -> str:
    """The id of the element an HTMX request will swap, or an empty string."""
    return request.headers.get("HX-Target", "") if is_htmx(request) else ""


def varies_by_htmx(response: HttpResponse) -> HttpResponse:
    """Mark a response whose body depends on the HTMX headers, so caches keep the variants apart."""
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def _to_login(request: HttpRequest) -> HttpResponse:
    if is_htmx(request):
        # The page the person is looking at, not the fragment, is where they return after logging in.
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        page = current.path + (f"?{current.query}" if current.query else "") if current.path else reverse("desk:home")
        response = HttpResponse(status=401)
        response["HX-Redirect"] = redirect_to_login(page)["Location"]
        return response
    return redirect_to_login(request.get_full_path())


def error_status(request: HttpRequest, error: DomainError) -> int:
    """The HTTP status of `error`; a bad value on a read is a 400, on a write a 422."""
    if isinstance(error, ValidationFailed) and request.method in ("GET", "HEAD"):
        return 400
    return error.status


def error_response(request: HttpRequest, error: DomainError) -> HttpResponse:
    """The page (or, for HTMX, the alert fragment) that explains `error` to the person."""
    if isinstance(error, NotAuthenticated):
        return _to_login(request)
    status = error_status(request, error)
    context: dict[str, Any] = {
        "title": ERROR_TITLES.get(status, "That request could not be completed"),
        "message": error.message,
        "fields": getattr(error, "fields", {}),
        "status": status,
        # A refused form was posted to <page>/<action>/: offer the way back to <page>/.
        "back_url": request.path.rstrip("/").rsplit("/", 1)[0] + "/" if request.method == "POST" else "",
    }
    if is_htmx(request):
        response = render(request, "desk/fragments/alert.html", context, status=status)
        response["HX-Retarget"] = ALERT_REGION
        response["HX-Reswap"] = "innerHTML"
        return response
    template = {404: "404.html", 403: "403.html"}.get(status, "desk/error.html")
    return render(request, template, context, status=status)


def desk_view(view: View) -> View:
    """Require a signed-in user and answer domain errors with the matching 4xx page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return _to_login(request)
        try:
            return view(request, *args, **kwargs)
        except DomainError as error:
            return error_response(request, error)

    return wrapper


def submit_form(form: DeskFormLike, write: Callable[[], T]) -> T | None:
    """Validate `form`, then run `write` in one transaction; None (with the errors on the form) when refused.

    A ValidationFailed from the service rolls the transaction back, so nothing is half-written; other domain
    errors (Conflict, PermissionDenied, NotFound) propagate to `desk_view`.
    """
    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            return write()
    except ValidationFailed as error:
        form.take_errors(error)
        return None
