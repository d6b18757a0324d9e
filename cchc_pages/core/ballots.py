"""One anonymous answer per browser from a page that may come from a full-page cache.

Shared by the polls (feedback/polls/voting.py) and the "was this useful?" ratings
(cchc_pages/ratings/): a cached page carries neither a CSRF token nor anything about its reader,
so just before answering, the page's script (or an uncached confirmation page without
JavaScript) fetches a ticket from an uncached endpoint. A ticket is a django.core.signing value
holding what it is for (a poll, a page), a random nonce and any extra fields, timestamped so it
expires. The endpoint that records the answer accepts it instead of a CSRF token: a forged ticket
fails the signature, an old one the age check, and a replayed one the unique constraint on the
stored nonce. A signed, HttpOnly cookie then says that this browser has answered.
"""

import secrets

from django.conf import settings
from django.core import signing
from django.utils.http import url_has_allowed_host_and_scheme


def new_nonce():
    return secrets.token_hex(16)


class TicketError(Exception):
    """A ticket that cannot be used: `reason` is "missing", "expired", "invalid" or "foreign"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class Tickets:
    """Signed single-use tickets for one purpose (its salt); `key` names the subject in the payload."""

    def __init__(self, salt, key="s"):
        self.salt = salt
        self.key = key

    def issue(self, subject, nonce=None, **extra):
        """A ticket for `subject`; `nonce` (new_nonce()) when an extra field must be bound to it."""
        payload = {self.key: subject, "n": nonce or new_nonce(), **extra}
        return signing.dumps(payload, salt=self.salt, compress=False)

    def read(self, token, subject, max_age):
        """The payload of a valid ticket for `subject` (its nonce in "n"), else TicketError."""
        if not token:
            raise TicketError("missing")
        try:
            payload = signing.loads(token, salt=self.salt, max_age=max_age)
        except signing.SignatureExpired:
            raise TicketError("expired") from None
        except signing.BadSignature:
            raise TicketError("invalid") from None
        if not isinstance(payload, dict) or payload.get(self.key) != subject or not isinstance(payload.get("n"), str):
            raise TicketError("foreign")
        return payload


def remembered(request, name, salt):
    """The value of the signed cookie `name`, or None."""
    return request.get_signed_cookie(name, default=None, salt=salt)


def remember(response, name, value, salt, days, request=None):
    """Set the signed cookie saying what this browser answered: HttpOnly (no script reads it: the
    page's script asks the ticket view), SameSite=Lax, and Secure over HTTPS or wherever the
    session cookie is (SESSION_COOKIE_SECURE, as the production settings set it)."""
    response.set_signed_cookie(
        name,
        value,
        salt=salt,
        max_age=days * 86400,
        secure=settings.SESSION_COOKIE_SECURE or (request is not None and request.is_secure()),
        httponly=True,
        samesite="Lax",
    )


def same_site(request):
    """Whether a POST may come from this site's own pages: refused when the browser says it was sent
    from another site (Sec-Fetch-Site) or names another origin (Origin). Browsers that send neither
    header (old ones) are let through; the signed single-use ticket still guards them."""
    if request.headers.get("Sec-Fetch-Site", "").lower() == "cross-site":
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in getattr(settings, "CSRF_TRUSTED_ORIGINS", ())


def safe_next(request, value):
    """`value` when it is an address on this site to send the reader back to, else ""."""
    if value and url_has_allowed_host_and_scheme(value, {request.get_host()}, require_https=request.is_secure()):
        return value
    return ""


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")
