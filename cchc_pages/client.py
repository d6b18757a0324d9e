"""The client's address, for the rate limits of polls and feedback (only ever stored hashed)."""

from . import conf


def client_ip(request):
    """REMOTE_ADDR, or behind a reverse proxy the request.META key named by CCHC_CLIENT_IP_HEADER.

    Only name a header your proxy overwrites: a client can send any header it likes. For a
    forwarded list, the last entry is the one the proxy itself saw.
    """
    header = conf.get("CCHC_CLIENT_IP_HEADER")
    value = request.META.get(header, "") if header else ""
    return value.split(",")[-1].strip() or request.META.get("REMOTE_ADDR", "")
