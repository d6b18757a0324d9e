"""The client's address, for the rate limits of polls and feedback (only ever stored hashed)."""

from django.utils.crypto import salted_hmac

from . import conf


def client_ip(request):
    """REMOTE_ADDR, or behind a reverse proxy the request.META key named by CCHC_CLIENT_IP_HEADER.

    Only name a header your proxy overwrites: a client can send any header it likes. For a
    forwarded list, the last entry is the one the proxy itself saw.
    """
    header = conf.get("CCHC_CLIENT_IP_HEADER")
    value = request.META.get(header, "") if header else ""
    return value.split(",")[-1].strip() or request.META.get("REMOTE_ADDR", "")


def hashed_ip(request, purpose, salt=None):
    """A keyed SHA-256 of the client's address, one key per purpose: enough to count requests per
    address, useless to recover it. `salt` is a secret of the caller's; None = SECRET_KEY alone."""
    return salted_hmac(f"cchc.{purpose}.ip:{salt or ''}", client_ip(request), algorithm="sha256").hexdigest()
