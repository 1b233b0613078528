"""The private-address guard: URL hosts are resolved and refused before any connection, for every
redirect target too, with one reason whether a port is open or closed."""

from __future__ import annotations

import socket
import threading
from http.server import ThreadingHTTPServer

import pytest

from pressextract import netguard, sources
from pressextract.netguard import PRIVATE_HOST_REASON
from pressextract.settings import Settings
from pressextract.sources import fetch, iter_documents

from .conftest import PageHandler

GUARDED = Settings(fetch_timeout=3)
OPEN = Settings(fetch_timeout=3, allow_private_hosts=True)
PAGE = b"<html><head><title>Acme opens a plant</title></head><body><p>Acme opened a plant.</p></body></html>"
# Where a test redirects to: an internal name that resolves to the cloud metadata address.
METADATA = "metadata.internal"

REDIRECTS = {
    "/hop": "/page.html",
    "/r3": "/r2", "/r2": "/r1", "/r1": "/page.html",
    "/to-private": f"http://{METADATA}/latest/meta-data/",
    "/to-ftp": "ftp://files.example/x",
}


class _Handler(PageHandler):
    redirects = REDIRECTS

    def do_GET(self):  # noqa: N802
        self.server.paths.append(self.path)
        super().do_GET()

    def page(self, path: str) -> tuple[int, bytes]:
        return (200, PAGE) if path == "/page.html" else (404, b"not found")


@pytest.fixture()
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.paths = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def connects(monkeypatch):
    """Every TCP connect attempted in the test (the address), passed through."""
    seen: list = []
    real = socket.socket.connect

    def connect(self, address):
        seen.append(address[0])
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


def _resolve(monkeypatch, table: dict[str, list[str]]) -> list[str]:
    """getaddrinfo answers `table` (host -> addresses) and the real resolver otherwise; returns
    the hosts asked for."""
    asked: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        if host in table:
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port or 80))
                    for a in table[host]]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("host", ["127.0.0.1", "2130706433", "0x7f.1", "127.1", "0177.0.0.1", "localhost", "[::1]",
                                  "[::ffff:127.0.0.1]", "[2002:7f00:1::]", "[64:ff9b::7f00:1]", "0.0.0.0", "10.1.2.3",
                                  "172.16.0.1", "192.168.1.1", "100.64.0.1", "169.254.169.254", "[fe80::1]", "224.0.0.1",
                                  "240.0.0.1", "198.18.0.1"])
def test_private_and_reserved_hosts_are_refused(host):
    assert netguard.refusal(f"http://{host}:8080/x") == PRIVATE_HOST_REASON


@pytest.mark.parametrize("host", ["93.184.216.34", "[2606:4700::1111]", "[::ffff:93.184.216.34]", "[64:ff9b::5db8:d822]"])
def test_public_addresses_pass(host):
    assert netguard.refusal(f"http://{host}/") is None


def test_one_private_address_among_public_ones_is_enough(monkeypatch):
    _resolve(monkeypatch, {"mixed.example": ["93.184.216.34", "10.0.0.7"], "public.example": ["93.184.216.34"]})
    assert netguard.refusal("http://mixed.example/") == PRIVATE_HOST_REASON
    assert netguard.refusal("http://public.example/") is None


def test_private_host_is_refused_without_any_connection(server, connects, monkeypatch):
    port = server.server_address[1]
    _resolve(monkeypatch, {"intranet.example": ["10.0.0.7"], METADATA: ["169.254.169.254"]})
    for url in (f"http://2130706433:{port}/page.html", f"http://127.1:{port}/page.html", "http://intranet.example/",
                f"http://{METADATA}/latest/meta-data/", "http://169.254.169.254/latest/meta-data/"):
        doc = fetch(url, GUARDED)
        assert (doc.error, doc.data) == (PRIVATE_HOST_REASON, None), url
    assert connects == [] and server.paths == []
    # The same server with the opt-out: fetched, and the recorder sees the connection.
    doc = fetch(f"http://2130706433:{port}/page.html", OPEN)
    assert doc.error is None and doc.data == PAGE
    assert connects and server.paths == ["/page.html"]


def test_open_and_closed_private_ports_give_one_reason(server, connects):
    open_url = f"http://127.0.0.1:{server.server_address[1]}/page.html"
    closed_url = f"http://127.0.0.1:{_closed_port()}/page.html"
    assert fetch(open_url, GUARDED).error == fetch(closed_url, GUARDED).error == PRIVATE_HOST_REASON
    assert connects == []
    # Without the guard the two differ (the port scanner the guard closes).
    opened, closed = fetch(open_url, OPEN), fetch(closed_url, OPEN)
    assert opened.error is None and closed.error.startswith("unreachable: ") and "refused" in closed.error.lower()


def test_redirect_to_a_private_host_is_refused_before_connecting(server, connects, monkeypatch):
    # "public.example" stands for a public server: it resolves to the local one, whose address
    # this test counts as public (and trafilatura's after-connect guard is off to let it through).
    port = server.server_address[1]
    asked = _resolve(monkeypatch, {"public.example": ["127.0.0.1"], METADATA: ["169.254.169.254"]})
    is_public = netguard.is_public_address
    monkeypatch.setattr(netguard, "is_public_address", lambda a: a == "127.0.0.1" or is_public(a))
    config = sources._config
    monkeypatch.setattr(sources, "_config", lambda s, **kw: _ssrf_off(config(s, **kw)))

    doc = fetch(f"http://public.example:{port}/to-private", GUARDED)
    assert doc.error == PRIVATE_HOST_REASON
    assert METADATA in asked and "169.254.169.254" not in connects
    assert server.paths == ["/to-private", "/to-private"]   # trafilatura's GET, then the look at its redirect

    # A redirect to a public host is followed, each hop checked.
    asked.clear()
    doc = fetch(f"http://public.example:{port}/hop", GUARDED)
    assert doc.error is None and doc.data == PAGE and doc.url == f"http://public.example:{port}/page.html"
    assert asked.count("public.example") >= 2


def _ssrf_off(config):
    config["DEFAULT"]["SSRF_PROTECTION"] = "off"
    return config


def test_redirects_are_followed_up_to_two(server):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    doc = fetch(f"{base}/hop", OPEN)
    assert doc.error is None and doc.data == PAGE and doc.url == f"{base}/page.html" and doc.source == f"{base}/hop"
    assert fetch(f"{base}/r2", OPEN).error is None
    assert fetch(f"{base}/r3", OPEN).error == "unreachable: more than 2 redirects"
    assert fetch(f"{base}/to-ftp", OPEN).error == "unreachable: redirect to a non-HTTP URL"
    assert fetch(f"{base}/missing", OPEN).error == "HTTP 404"


def test_probe_does_not_connect_to_private_hosts(server, connects):
    url = f"http://127.0.0.1:{server.server_address[1]}/hop"
    assert netguard.probe(url, timeout=3, allow_private=False) == (None, None, PRIVATE_HOST_REASON)
    assert connects == [] and server.paths == []
    status, location, problem = netguard.probe(url, timeout=3, allow_private=True)
    assert (status, location, problem) == (302, url.replace("/hop", "/page.html"), None)


def test_checked_connection_connects_only_to_the_checked_address(server, connects, monkeypatch):
    # The name resolves to a private address only on the second look (DNS rebinding): the probe
    # connects to the address it checked, never to one it has not.
    port = server.server_address[1]
    answers = iter([["127.0.0.1"], ["10.0.0.7"]])
    real = socket.getaddrinfo

    def getaddrinfo(host, p, *args, **kwargs):
        if host == "rebind.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, p)) for a in next(answers)]
        return real(host, p, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    is_public = netguard.is_public_address
    monkeypatch.setattr(netguard, "is_public_address", lambda a: a == "127.0.0.1" or is_public(a))
    assert netguard.probe(f"http://rebind.example:{port}/page.html", timeout=3, allow_private=False)[0] == 200
    assert connects == ["127.0.0.1"] and server.paths == ["/page.html"]


def test_feed_and_sitemap_hosts_are_checked_before_reading(monkeypatch):
    import trafilatura.feeds
    import trafilatura.sitemaps

    called: list[str] = []
    monkeypatch.setattr(trafilatura.feeds, "find_feed_urls", lambda url, **kw: called.append(url) or [])
    monkeypatch.setattr(trafilatura.sitemaps, "sitemap_search", lambda url, **kw: called.append(url) or [])
    docs = list(iter_documents(["feed:http://127.0.0.1:8080/feed.xml", "sitemap:http://169.254.169.254/"], GUARDED))
    assert [d.error for d in docs] == [PRIVATE_HOST_REASON] * 2 and called == []
    docs = list(iter_documents(["feed:http://127.0.0.1:8080/feed.xml"], OPEN))
    assert called == ["http://127.0.0.1:8080/feed.xml"] and docs[0].error == "feed lists no article URLs"
