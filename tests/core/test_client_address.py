"""The client's address behind a proxy: the header is believed only from a trusted proxy, a
forwarded chain gives its right-most untrusted address, garbage falls back to the connection's
address, and IPv6 clients count per /64 (IPv4 written as IPv6 as IPv4)."""

import pytest
from django.core import checks
from django.test import RequestFactory

from cchc_pages.checks import check_trusted_proxies
from cchc_pages.core.client import client_ip, hashed_ip, limit_address


def request(remote="203.0.113.50", **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.fixture
def behind_nginx(settings):
    settings.CCHC_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.CCHC_TRUSTED_PROXIES = ["10.0.0.2", "10.1.0.0/16"]
    return settings


def test_without_a_header_setting_the_connection_address_counts(settings):
    settings.CCHC_CLIENT_IP_HEADER = None
    assert client_ip(request("198.51.100.4", HTTP_X_REAL_IP="192.0.2.1")) == "198.51.100.4"


def test_the_header_is_believed_from_a_trusted_proxy_only(behind_nginx):
    assert client_ip(request("10.0.0.2", HTTP_X_REAL_IP="192.0.2.1")) == "192.0.2.1"
    assert client_ip(request("10.1.7.9", HTTP_X_REAL_IP="192.0.2.1")) == "192.0.2.1"
    # Straight to the app server: whatever the header says, the connection's address counts.
    for forged in ("192.0.2.1", "192.0.2.2", "10.0.0.2"):
        assert client_ip(request("198.51.100.4", HTTP_X_REAL_IP=forged)) == "198.51.100.4"
        assert hashed_ip(request("198.51.100.4", HTTP_X_REAL_IP=forged), "t") == hashed_ip(request("198.51.100.4"), "t")


def test_the_default_trusts_this_machine_only(settings):
    settings.CCHC_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    del settings.CCHC_TRUSTED_PROXIES
    assert client_ip(request("127.0.0.1", HTTP_X_REAL_IP="192.0.2.1")) == "192.0.2.1"
    assert client_ip(request("::1", HTTP_X_REAL_IP="192.0.2.1")) == "192.0.2.1"
    assert client_ip(request("10.0.0.2", HTTP_X_REAL_IP="192.0.2.1")) == "10.0.0.2"


def test_a_forwarded_chain_gives_the_right_most_address_no_trusted_proxy_added(behind_nginx):
    behind_nginx.CCHC_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    forged_then_real = "1.2.3.4, 192.0.2.77, 10.1.0.5"  # the client typed 1.2.3.4; 10.1.0.5 is a proxy
    assert client_ip(request("10.0.0.2", HTTP_X_FORWARDED_FOR=forged_then_real)) == "192.0.2.77"
    assert client_ip(request("10.0.0.2", HTTP_X_FORWARDED_FOR="10.1.0.9, 10.1.0.5")) == "10.1.0.9"
    assert client_ip(request("10.0.0.2", HTTP_X_FORWARDED_FOR="[2001:db8::7]:443, 192.0.2.8:5123")) == "192.0.2.8"


@pytest.mark.parametrize(
    "value", ["", "   ", "unknown", "not an address", "192.0.2.300", "1.2.3.4, garbage", "\x00", "9" * 3000, ",,,"]
)
def test_a_header_without_a_valid_address_falls_back_to_the_connection(behind_nginx, value):
    assert client_ip(request("10.0.0.2", HTTP_X_REAL_IP=value)) == "10.0.0.2"


def test_ipv6_clients_count_per_64_and_mapped_ipv4_as_ipv4(behind_nginx):
    one = request("10.0.0.2", HTTP_X_REAL_IP="2001:db8:1:2::1")
    same_line = request("10.0.0.2", HTTP_X_REAL_IP="2001:db8:1:2:ffff:abcd:1234:5678")
    other_line = request("10.0.0.2", HTTP_X_REAL_IP="2001:db8:1:3::1")
    assert limit_address(one) == limit_address(same_line) == "2001:db8:1:2::"
    assert hashed_ip(one, "t") == hashed_ip(same_line, "t") != hashed_ip(other_line, "t")
    assert client_ip(one) == "2001:db8:1:2::1"  # the exact address, for whoever needs it
    mapped = request("10.0.0.2", HTTP_X_REAL_IP="::ffff:192.0.2.9")
    assert limit_address(mapped) == "192.0.2.9"
    assert hashed_ip(mapped, "t") == hashed_ip(request("192.0.2.9"), "t")
    # A proxy connecting over IPv6 as ::ffff:10.0.0.2 is the trusted 10.0.0.2.
    assert client_ip(request("::ffff:10.0.0.2", HTTP_X_REAL_IP="192.0.2.1")) == "192.0.2.1"


def test_a_proxy_on_a_unix_socket_is_trusted_when_listed(behind_nginx):
    assert client_ip(request("", HTTP_X_REAL_IP="192.0.2.1")) == ""
    behind_nginx.CCHC_TRUSTED_PROXIES = ["unix"]
    assert client_ip(request("", HTTP_X_REAL_IP="192.0.2.1")) == "192.0.2.1"


def test_system_check_for_trusted_proxies(settings):
    settings.CCHC_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.CCHC_TRUSTED_PROXIES = ["10.0.0.2"]
    assert check_trusted_proxies() == []
    settings.CCHC_TRUSTED_PROXIES = []
    assert [(m.level, m.id) for m in check_trusted_proxies()] == [(checks.WARNING, "cchc_pages.W005")]
    settings.CCHC_TRUSTED_PROXIES = ["10.0.0.2", "nginx.local"]
    problems = check_trusted_proxies()
    assert [(m.level, m.id) for m in problems] == [(checks.ERROR, "cchc_pages.E002")]
    assert "nginx.local" in problems[0].msg
    settings.CCHC_CLIENT_IP_HEADER = None
    settings.CCHC_TRUSTED_PROXIES = []
    assert check_trusted_proxies() == []
