"""How API callers prove who they are: a bearer token (machines) or the browser session with CSRF."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from frontline.accounts.services import authenticate_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer fl_...`: a per-integration token; the request acts as the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is None:
            return None
        # Every endpoint checks a permission; load them now, before any write transaction (and on SQLite,
        # the write lock) begins.
        user.get_all_permissions()
        request.user = user
        return user


class BrowserSessionAuth(APIKeyCookie):
    """The signed-in browser session; unsafe methods must carry the CSRF token (X-CSRFToken header).

    Anonymous requests are simply not authenticated here (401), rather than refused for a missing CSRF token.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header with the csrftoken cookie's value.")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if key is not None and user is not None and user.is_authenticated and user.is_active:
            return user
        return None
