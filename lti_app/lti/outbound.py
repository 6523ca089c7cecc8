"""HTTP calls to addresses an LMS hands us, guarded against internal targets.

Dynamic Registration makes the tool fetch a URL that arrives in a browser request:
without a guard, anyone holding a registration code could make the server read
its own network (SSRF). So: https only; every address the name resolves to must
be public, unless it falls in ``CARTABLE_REGISTRATION_ALLOWED_NETWORKS`` (where
http is accepted too); the connection goes to the address that was checked (no
second DNS lookup to rebind), with a timeout, no redirects and a size limit.
"""

from __future__ import annotations

import ipaddress
import json
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import urllib3

from lti_app.lti.registration_errors import RegistrationError

MAX_BYTES = 1024 * 1024
USER_AGENT = "Cartable-LTI/0.1"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Guard:
    """The networks that may be reached although internal, and the timeout."""

    allowed: tuple[Network, ...]
    timeout: float

    @classmethod
    def from_settings(cls, networks: Sequence[str], timeout: float) -> Guard:
        """Build from the settings (already validated as CIDR networks)."""
        return cls(
            tuple(ipaddress.ip_network(n, strict=False) for n in networks), timeout
        )


@dataclass(frozen=True)
class Target:
    """A checked URL and the one address to connect to."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def _internal(address: Address) -> bool:
    """Private, loopback, link-local, shared, reserved: anything not global."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def _resolve(host: str, port: int) -> list[Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise RegistrationError(
            "registration-unreachable", f"{host}: no address"
        ) from exc
    return [ipaddress.ip_address(info[4][0]) for info in infos]


def check_url(url: str, guard: Guard) -> Target:
    """Refuse a URL whose scheme or resolved addresses the guard forbids."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise RegistrationError("registration-bad-url", url) from exc
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise RegistrationError("registration-bad-url", url)
    addresses = _resolve(parts.hostname, port)
    allowed = [a for a in addresses if any(a in net for net in guard.allowed)]
    if any(_internal(a) for a in addresses if a not in allowed):
        raise RegistrationError("registration-address-refused", parts.hostname)
    if parts.scheme != "https" and len(allowed) < len(addresses):
        raise RegistrationError("registration-https-required", url)
    path = parts.path or "/"
    # IPv4 first: "localhost" often resolves to ::1 too, where few servers listen.
    ordered = sorted(addresses, key=lambda a: a.version)
    return Target(
        parts.scheme,
        parts.hostname,
        port,
        f"{path}?{parts.query}" if parts.query else path,
        str(ordered[0]),
    )


def _pool(target: Target, timeout: float) -> urllib3.HTTPConnectionPool:
    limits = urllib3.Timeout(connect=timeout, read=timeout)
    if target.scheme == "https":
        # Connect to the checked address; TLS still verifies the host name.
        return urllib3.HTTPSConnectionPool(
            target.address,
            target.port,
            timeout=limits,
            retries=False,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
        )
    return urllib3.HTTPConnectionPool(
        target.address, target.port, timeout=limits, retries=False
    )


def request_json(
    method: str,
    url: str,
    guard: Guard,
    body: dict[str, Any] | None = None,
    token: str | None = None,
) -> tuple[int, Any]:
    """Send one guarded request; return the status and the decoded JSON (or None)."""
    target = check_url(url, guard)
    host = f"[{target.host}]" if ":" in target.host else target.host  # IPv6
    netloc = host if target.port in {80, 443} else f"{host}:{target.port}"
    headers = {"Host": netloc, "User-Agent": USER_AGENT, "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    with _pool(target, guard.timeout) as pool:
        try:
            response = pool.urlopen(
                method,
                target.path,
                body=data,
                headers=headers,
                redirect=False,
                preload_content=False,
            )
            raw = response.read(MAX_BYTES + 1)
        except urllib3.exceptions.TimeoutError as exc:
            raise RegistrationError("registration-timeout", target.host) from exc
        except urllib3.exceptions.HTTPError as exc:
            raise RegistrationError(
                "registration-unreachable", type(exc).__name__
            ) from exc
    try:
        decoded = json.loads(raw) if raw and len(raw) <= MAX_BYTES else None
    except ValueError:
        decoded = None
    return response.status, decoded
