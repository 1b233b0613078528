"""The private-address guard of URL inputs: refuse before connecting.

A URL's host is resolved (``socket.getaddrinfo``, which also reads odd spellings of an address:
``2130706433``, ``0x7f.1``, ``127.1`` are all 127.0.0.1) and the URL is refused when *any*
address it resolves to is loopback, private, link-local (169.254.169.254, cloud metadata),
shared, reserved, multicast or unspecified, IPv4 inside IPv6 (``::ffff:127.0.0.1``, 6to4,
NAT64) judged by its IPv4 part. The check runs before a connection is opened, for the URL and
for every redirect target, and every refused host gets one reason, :data:`PRIVATE_HOST_REASON`,
so an open port and a closed one cannot be told apart (no internal port scanner).

trafilatura's own guard (``SSRF_PROTECTION``) vets the peer only after connecting; it stays on
behind this one, for an address that changes between this check and trafilatura's connect (DNS
rebinding). :func:`probe` connects only to the addresses it has checked.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import LocationParseError, NameResolutionError

PRIVATE_HOST_REASON = "unreachable: refused, a private or reserved address (see --allow-private-hosts)"

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SHARED = ipaddress.ip_network("100.64.0.0/10")     # carrier-grade NAT; not is_private in Python 3.11


class PrivateAddressError(OSError):
    """A host resolves to an address that may not be reached (see :func:`is_public_address`)."""

    def __init__(self, host: str) -> None:
        super().__init__(PRIVATE_HOST_REASON)
        self.host = host


def is_public_address(address: str) -> bool:
    """Whether a resolved address (as getaddrinfo gives it; an IPv6 zone is ignored) may be
    reached: a globally routed unicast address, and so is any IPv4 address it carries."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return _routable(embedded) and (ip in _NAT64 or ip.ipv4_mapped is not None or _routable(ip))
    return _routable(ip)


def _routable(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
                                 or ip.is_multicast or ip.is_unspecified or ip in _SHARED)


def resolve_public(host: str, port: int) -> list[tuple]:
    """The getaddrinfo entries of `host`:`port` (TCP); :class:`PrivateAddressError` when any of
    them is not public (one private address is enough: a client may use any of them),
    ``socket.gaierror`` when the name does not resolve."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not infos or not all(is_public_address(info[4][0]) for info in infos):
        raise PrivateAddressError(host)
    return infos


def host_and_port(url: str) -> tuple[str, int]:
    """The host (IPv6 without brackets) and port an HTTP client connects to for `url`, read by
    urllib3's parser, the one trafilatura's client uses (so both see the same host)."""
    parsed = urllib3.util.parse_url(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    return (parsed.host or "").strip("[]"), port


def refusal(url: str) -> str | None:
    """Why `url` may not be fetched (its host is private, or has no address), else None. Nothing
    is connected to."""
    try:
        host, port = host_and_port(url)
    except (LocationParseError, ValueError):
        return "unreachable: not a valid URL"
    if not host:
        return "unreachable: no host in the URL"
    try:
        resolve_public(host, port)
    except PrivateAddressError:
        return PRIVATE_HOST_REASON
    except (OSError, UnicodeError) as err:      # socket.gaierror, an IDNA error
        return f"unreachable: cannot resolve {host}: {err}"[:300]
    return None


# -- one request to checked addresses -----------------------------------------------------------
class _CheckedHTTPConnection(HTTPConnection):
    """Resolves and checks its host before connecting, then connects to a checked address (the
    host name stays for the Host header, SNI and certificate checks), so a name cannot resolve
    to another address between the check and the connect."""

    def _new_conn(self) -> socket.socket:
        try:
            infos = resolve_public(self._dns_host, self.port)
        except socket.gaierror as err:
            raise NameResolutionError(self.host, self, err) from err
        name, last = self._dns_host, None
        try:
            for info in infos:
                self._dns_host = info[4][0]
                try:
                    return super()._new_conn()
                except OSError as err:          # this address failed: try the next one
                    last = err
        finally:
            self._dns_host = name
        raise last  # type: ignore[misc]


class _CheckedHTTPSConnection(_CheckedHTTPConnection, HTTPSConnection):
    pass


class _CheckedPoolManager(urllib3.PoolManager):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.pool_classes_by_scheme = {
            "http": type("CheckedHTTPPool", (urllib3.HTTPConnectionPool,), {"ConnectionCls": _CheckedHTTPConnection}),
            "https": type("CheckedHTTPSPool", (urllib3.HTTPSConnectionPool,), {"ConnectionCls": _CheckedHTTPSConnection}),
        }


def private_cause(err: BaseException | None) -> bool:
    """Whether an exception, or one it wraps (urllib3 wraps connection errors twice), is a
    :class:`PrivateAddressError`."""
    seen = 0
    while err is not None and seen < 10:
        if isinstance(err, PrivateAddressError):
            return True
        wrapped = getattr(err, "reason", None)
        err = wrapped if isinstance(wrapped, BaseException) else (err.__cause__ or err.__context__)
        seen += 1
    return False


def probe(url: str, *, timeout: float, allow_private: bool, headers: dict | None = None) -> tuple[int | None, str | None, str | None]:
    """One GET of `url`, no retries, no redirect followed, body not read: ``(status, absolute
    redirect target or None, problem or None)``. Unless `allow_private`, only checked addresses
    are connected to, and a private one is the problem :data:`PRIVATE_HOST_REASON`."""
    # Certificates unchecked, as trafilatura falls back to (INSECURE_SSL_FALLBACK): only the status
    # and the Location are read, and a redirect target is checked like any URL.
    pool = urllib3.PoolManager(cert_reqs="CERT_NONE") if allow_private else _CheckedPoolManager(cert_reqs="CERT_NONE")
    try:
        response = pool.request("GET", url, headers=headers, retries=False, redirect=False,
                                timeout=timeout, preload_content=False)
        response.close()
    except Exception as err:  # connection refused, DNS, timeout, a private address
        if private_cause(err):
            return None, None, PRIVATE_HOST_REASON
        cause = getattr(err, "reason", None) or err
        return None, None, f"unreachable: {type(cause).__name__}: {cause}"[:300]
    finally:
        pool.clear()
    location = response.get_redirect_location() if 300 <= response.status < 400 else None
    return response.status, (urljoin(url, location) if location else None), None
