"""Which web addresses the server may fetch: the guard against server-side request forgery.

A hosted app fetches whatever strangers paste, so by default it only talks to public
addresses on ports 80 and 443 over http(s). The check runs on the address the host name
resolves to (a name can point anywhere) and again on every redirect; the fetcher then
connects to that checked address, so a second DNS answer cannot swap it (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from dashboard.pipeline.models import PipelineError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: ``(host, port) -> addresses``; the system resolver by default, replaceable in tests.
Resolver = Callable[[str, int], list[str]]

SCHEMES = {"http": 80, "https": 443}
PUBLIC_PORTS = frozenset(SCHEMES.values())
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class Refused(PipelineError):
    """A link the address policy does not allow, with the reason."""


@dataclass(frozen=True)
class Target:
    """Where a checked URL points: scheme, host name (for Host and TLS) and port."""

    scheme: str
    host: str
    port: int


def check_url(url: str, allow_private: bool = False) -> Target:
    """The URL's scheme, host and port, or :class:`Refused` saying why it may not be fetched.

    Only ``http`` and ``https``; no user name or password in the link; ports 80 and 443
    unless private addresses are allowed (a newsroom intranet or a local test server).
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as err:
        raise Refused(f"not a valid web address ({err})") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        raise Refused(f"only http and https links are fetched, not {shown}")
    if not parts.hostname:
        raise Refused("the link has no host name")
    if parts.username is not None or parts.password is not None:
        raise Refused("links with a user name or password are not fetched")
    port = SCHEMES[scheme] if port is None else port
    if not allow_private and port not in PUBLIC_PORTS:
        raise Refused(f"port {port} is not allowed (only 80 and 443)")
    try:  # an internationalised name travels as its ASCII (punycode) form
        host = parts.hostname if parts.hostname.isascii() else parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise Refused(f"{parts.hostname} is not a valid host name") from None
    return Target(scheme, host, port)


def address_problem(address: str, allow_private: bool = False) -> str:
    """Why the server may not connect to ``address``, as a noun phrase ("" when it may).

    Unspecified, multicast, reserved and link-local addresses are always refused: no article
    lives there, and 169.254.169.254 is the cloud metadata service. Loopback and private
    addresses are refused unless ``allow_private``. IPv6 forms that carry an IPv4 address
    (mapped, 6to4, Teredo, NAT64) are judged by that address too.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    except ValueError:
        return "not an IP address"
    for inner in _embedded_ipv4(ip):  # the IPv4 address is where the packets go
        problem = _problem(inner, allow_private)
        return f"an IPv6 form of {inner}, {problem}" if problem else ""
    return _problem(ip, allow_private)


def _embedded_ipv4(ip: IPAddress) -> list[ipaddress.IPv4Address]:
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    found = [ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None]
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [a for a in found if a is not None]


def _problem(ip: IPAddress, allow_private: bool) -> str:
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_link_local:
        return "a link-local address (such as the cloud metadata service)"
    if ip.is_loopback:
        return "" if allow_private else "a loopback address (this server itself)"
    if ip.is_reserved:
        return "a reserved address"
    if allow_private:
        return ""
    if ip.is_private or not ip.is_global:
        return "a private address"
    return ""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to for a TCP connection, in the system's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def resolve_checked(
    target: Target, allow_private: bool = False, resolver: Resolver = system_resolver
) -> list[str]:
    """The addresses to connect to for ``target``; :class:`Refused` if any of them is not allowed.

    Refusing when any answer is bad (not only the first) stops a name that mixes a public
    and a private address from reaching the private one on a retry.
    """
    try:
        addresses = resolver(target.host, target.port)
    except (OSError, UnicodeError):
        raise Refused(f"host {target.host} not found") from None
    if not addresses:
        raise Refused(f"host {target.host} not found")
    for address in addresses:
        problem = address_problem(address, allow_private)
        if problem:
            where = f"{target.host} is" if address == target.host else f"{target.host} resolves to {address},"
            raise Refused(f"refused: {where} {problem}")
    return addresses
