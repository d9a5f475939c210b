"""The signed links of survey invitations: the invitation's random key with a signature made from the
secret key, so that a link cannot be guessed or altered. Expiry and single use are kept on the invitation
itself, where an administrator can see them."""

from __future__ import annotations

import secrets

from django.core import signing

from frontline.core.errors import DomainError

_SALT = "frontline.surveys.invitation"


class BadLink(DomainError):
    """The link was altered, cut short or made up."""

    status = 400
    code = "bad_link"


def new_key() -> str:
    """A fresh random invitation key (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def sign(key: str) -> str:
    """The token to put in the invitation's link."""
    return signing.Signer(salt=_SALT).sign(key)


def unsign(token: str) -> str:
    """The invitation key a token carries; BadLink when the signature does not match."""
    try:
        return signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        raise BadLink(
            "This survey link is not valid: it may have been cut short or changed. "
            "Open the link from the e-mail again, or copy the whole address."
        ) from None
