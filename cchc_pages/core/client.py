"""The client's address, for the per-address limits of polls, feedback and the view counters (only
ever stored hashed), and for the demo's login throttle.

Behind a reverse proxy every request comes from the proxy, and the client's address travels in a
header (CCHC_CLIENT_IP_HEADER). A header is only text that anyone can send, so it is believed only
when the request comes from one of the CCHC_TRUSTED_PROXIES; a request straight from the internet
to an app server is counted by its own address whatever header it carries. For a forwarded chain
("client, proxy1, proxy2") the right-most address that is not a trusted proxy is the client: each
proxy appends the address it saw, and only the entries the trusted proxies appended are true.

An IPv6 client is counted per /64 network: one subscriber line or phone is given a whole /64, so
counting single IPv6 addresses would give every attacker 2^64 fresh addresses.
"""

import functools
import ipaddress
import logging

from django.utils.crypto import salted_hmac

from . import conf

logger = logging.getLogger("cchc_pages")

# The entry of CCHC_TRUSTED_PROXIES that trusts a proxy connected over a Unix socket (no address).
UNIX_SOCKET = "unix"

_warned_untrusted = False


def parse_address(value):
    """An ipaddress address from a header entry or REMOTE_ADDR ("203.0.113.7", "203.0.113.7:5123",
    "2001:db8::1", "[2001:db8::1]:443"), IPv4-mapped IPv6 read as IPv4; None if it is not one."""
    value = (value or "").strip().strip('"')
    if not value or len(value) > 100:
        return None
    if value.startswith("["):  # [IPv6]:port
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def trusted_networks():
    """(networks, unix socket trusted) from CCHC_TRUSTED_PROXIES; invalid entries are skipped here
    and reported by the system check cchc_pages.E002."""
    return _parse_trusted(tuple(str(entry) for entry in conf.get("CCHC_TRUSTED_PROXIES") or ()))


@functools.lru_cache(maxsize=16)
def _parse_trusted(entries):
    """trusted_networks for the setting's entries, parsed once: every vote and counted view asks."""
    networks, unix = [], False
    for entry in entries:
        entry = entry.strip()
        if entry.lower() == UNIX_SOCKET:
            unix = True
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue
    return tuple(networks), unix


def invalid_trusted_proxies():
    """The entries of CCHC_TRUSTED_PROXIES that are neither an address, a network nor "unix"."""
    bad = []
    for entry in conf.get("CCHC_TRUSTED_PROXIES") or ():
        text = str(entry).strip()
        if text.lower() == UNIX_SOCKET:
            continue
        try:
            ipaddress.ip_network(text, strict=False)
        except ValueError:
            bad.append(entry)
    return bad


def _is_trusted(address, networks):
    if address is None:
        return False
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address.version == network.version and address in network for network in networks)


def client_address(request):
    """The client's address (an ipaddress object), or None when REMOTE_ADDR is not an address
    (e.g. a Unix socket not listed in CCHC_TRUSTED_PROXIES)."""
    remote_text = request.META.get("REMOTE_ADDR", "")
    remote = parse_address(remote_text)
    header = conf.get("CCHC_CLIENT_IP_HEADER")
    if not header:
        return remote
    networks, unix = trusted_networks()
    from_trusted = _is_trusted(remote, networks) or (unix and not remote_text)
    if not from_trusted:
        if request.META.get(header):
            _warn_untrusted(remote_text)
        return remote
    value = request.META.get(header, "")
    if not isinstance(value, str) or len(value) > 2000:
        return remote
    entries = [entry for entry in value.split(",") if entry.strip()]
    found = None
    for entry in reversed(entries):
        address = parse_address(entry)
        if address is None:  # garbage in the part a trusted proxy passed on: believe none of it
            return remote
        found = address
        if not _is_trusted(address, networks):
            return address
    # Every entry is a trusted proxy (a request from inside): the left-most is the client.
    return found or remote


def _warn_untrusted(remote_text):
    """Say once per process that a request carried the client-address header from an address not
    trusted: either an attacker, or a proxy missing from CCHC_TRUSTED_PROXIES, whose clients all
    then share its address and its limits."""
    global _warned_untrusted
    if not _warned_untrusted:
        _warned_untrusted = True
        logger.warning(
            "cchc: the header named by CCHC_CLIENT_IP_HEADER came from %s, which is not in CCHC_TRUSTED_PROXIES; "
            "it was ignored. If that address is your proxy, add it to CCHC_TRUSTED_PROXIES.",
            remote_text[:100] or "a Unix socket",
        )


def client_ip(request):
    """The client's address as text (see client_address), or REMOTE_ADDR as given when it is none."""
    address = client_address(request)
    return str(address) if address is not None else request.META.get("REMOTE_ADDR", "")


def limit_address(request):
    """The address per-address limits count: the client's IPv4 address, or the network address of
    its IPv6 /64 ("2001:db8:1:2::"). Still a valid address, for limiters that store one."""
    address = client_address(request)
    if address is None:
        return request.META.get("REMOTE_ADDR", "")
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def hashed_ip(request, purpose, salt=None):
    """A keyed SHA-256 of the client's address (its /64 for IPv6), one key per purpose: enough to
    count requests per address, useless to recover it. `salt` is a secret of the caller's; None =
    SECRET_KEY alone."""
    return salted_hmac(f"cchc.{purpose}.ip:{salt or ''}", limit_address(request), algorithm="sha256").hexdigest()
