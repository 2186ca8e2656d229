"""Fetching links from a local server: limits, the address policy, and one clear message per bad link.

No internet: pages come from a server on 127.0.0.1 started by the test, fetched with
``allow_private=True``. The default policy is checked to refuse that server, and, with a
resolver and connector standing in for DNS and the network, to refuse every redirect hop
that leads to a private or metadata address.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime

import pytest

from bench.web_pages import html_route, seed_pages, serve, slow_route
from dashboard.pipeline.web import (
    FetchPolicy,
    address_problem,
    check_url,
    extract_html,
    fetch_all,
    fetch_one,
    parse_url_list,
    read_links,
)

PAGES = seed_pages()
LOCAL = FetchPolicy(allow_private=True, timeout=1.0)
#: A public address (example.com's) the stand-in resolver hands out; nothing is sent to it.
PUBLIC_IP = "93.184.215.14"
JS_ONLY = (
    "<!DOCTYPE html><html><head><script src='/bundle.js'></script></head>"
    "<body><div id='app'></div><script>boot()</script></body></html>"
)


def _redirect(location: str, status: int = 302):
    return lambda: (status, {"Location": location}, b"")


def _stream(total: int) -> Iterator[bytes]:
    chunk = b"<p>" + b"x" * 65_530 + b"</p>"
    for _ in range(total // len(chunk)):
        yield chunk


def _drip() -> Iterator[bytes]:
    for _ in range(50):  # a byte stream that never ends in time: each piece well inside any read timeout
        yield b"<p>still coming</p>"
        time.sleep(0.1)


def _routes() -> dict:
    routes = {f"/{p.name}.html": html_route(p.html) for p in PAGES}
    routes.update(
        {
            "/moved": _redirect(f"/{PAGES[1].name}.html", 301),
            "/500": lambda: (500, {"Content-Type": "text/html"}, b"<h1>Internal error</h1>"),
            "/slow": slow_route(3.0),
            "/drip": lambda: (200, {"Content-Type": "text/html"}, _drip()),
            "/huge-streamed": lambda: (200, {"Content-Type": "text/html"}, _stream(30_000_000)),
            "/huge-declared": lambda: (
                200,
                {"Content-Type": "text/html", "Content-Length": "30000000"},
                _stream(30_000_000),
            ),
            "/report.pdf": lambda: (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7\n" + b"0" * 500),
            "/photo.jpg": lambda: (200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff\xe0" + b"0" * 500),
            "/loop-a": _redirect("/loop-b"),
            "/loop-b": _redirect("/loop-a"),
            "/to-metadata": _redirect("http://169.254.169.254/latest/meta-data/iam/"),
            "/to-file": _redirect("file:///etc/passwd"),
            "/berita/putin-%C3%A0-hanoi%20baru": html_route(PAGES[0].html),
            "/js-only": html_route(JS_ONLY),
            "/bad-charset": html_route(
                f"<html><body><article><p>{PAGES[3].body[0]}</p><p>{PAGES[3].body[1]}</p></article></body></html>".replace(
                    "’", "\u2019"
                ).encode("cp1252", "replace"),
                "text/html; charset=no-such-charset",
            ),
            "/gzip": lambda: (
                200,
                {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
                gzip.compress(PAGES[2].html.encode("utf-8")),
            ),
            "/gzip-bomb": lambda: (
                200,
                {"Content-Type": "text/html", "Content-Encoding": "gzip"},
                gzip.compress(b"<p>" + b"a" * 50_000_000),
            ),
        }
    )
    return routes


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve(_routes()) as url:
        yield url


def test_every_seed_page_loads_with_its_metadata(base: str) -> None:
    urls = [f"{base}/{p.name}.html" for p in PAGES]
    seen: list[tuple[int, int]] = []
    results = read_links(urls, LOCAL, progress=lambda done, total, _r: seen.append((done, total)))
    assert [r.url for r in results] == urls and all(r.ok for r in results), [r.error for r in results]
    assert seen == [(i, len(urls)) for i in range(1, len(urls) + 1)]
    for page, result in zip(PAGES, results, strict=True):
        assert result.page == extract_html(page.html, result.final_url)
        assert (result.page.title, result.page.url, result.page.outlet) == (
            page.title,
            page.url,
            page.site_name,
        )
        assert result.final_url == result.url
        assert datetime.fromisoformat(result.fetched_at).tzinfo is not None


def test_a_redirect_is_followed_and_the_final_url_kept(base: str) -> None:
    result = fetch_one(f"{base}/moved", LOCAL)
    assert result.ok and result.final_url == f"{base}/{PAGES[1].name}.html"
    assert result.charset == "utf-8" and PAGES[1].body[0].encode() in result.content


def test_a_link_with_non_ascii_characters_and_spaces_is_encoded(base: str) -> None:
    result = fetch_one(f"{base}/berita/putin-à-hanoi baru", LOCAL)
    assert result.ok and PAGES[0].body[0].encode() in result.content


def test_gzip_is_decompressed_and_a_gzip_bomb_is_cut(base: str) -> None:
    assert read_links([f"{base}/gzip"], LOCAL)[0].page.title == PAGES[2].title
    bomb = fetch_one(f"{base}/gzip-bomb", FetchPolicy(allow_private=True, max_bytes=1_000_000))
    assert bomb.error == "larger than the 1 MB limit; stopped reading"


BAD = {
    "/404": "HTTP 404 Not Found",
    "/500": "HTTP 500 Internal Server Error",
    "/slow": "timed out after 1 s",
    "/drip": "timed out after 1 s",
    "/huge-streamed": "larger than the 10 MB limit; stopped reading",
    "/huge-declared": "larger than the 10 MB limit (30 MB)",
    "/report.pdf": "not an HTML page (application/pdf)",
    "/photo.jpg": "not an HTML page (image/jpeg)",
    "/loop-a": "redirect loop: {base}/loop-a -> {base}/loop-b -> {base}/loop-a",
    "/to-metadata": "refused: 169.254.169.254 is a link-local address",
    "/to-file": "only http and https links are fetched, not file: (after a redirect to file:///etc/passwd)",
    "/js-only": "no article text in the page: it holds 2 script(s) and no readable text, so it is "
    "probably built by JavaScript",
}


def test_each_bad_link_gets_its_reason_and_the_good_ones_still_load(base: str) -> None:
    good = [f"{base}/{p.name}.html" for p in PAGES[:2]]
    bad = [base + path for path in BAD]
    urls = [good[0], *bad, "file:///etc/passwd", "gopher://127.0.0.1/", good[1], f"{base}/bad-charset"]
    results = read_links(urls, LOCAL)
    by_url = {r.url: r for r in results}
    for path, expected in BAD.items():
        assert by_url[base + path].error.startswith(expected.format(base=base)), (
            path,
            by_url[base + path].error,
        )
        assert by_url[base + path].page is None
    assert by_url["file:///etc/passwd"].error == "only http and https links are fetched, not file:"
    assert by_url["gopher://127.0.0.1/"].error == "only http and https links are fetched, not gopher:"
    assert [by_url[u].page.title for u in good] == [p.title for p in PAGES[:2]]
    recovered = by_url[f"{base}/bad-charset"]
    assert recovered.ok and PAGES[3].body[0] in recovered.page.text  # the undeclarable charset is detected


def test_five_hundred_links_hit_a_clear_cap_and_the_first_hundred_load(base: str) -> None:
    page = f"{base}/{PAGES[2].name}.html"
    urls = [f"{page}?n={i}" for i in range(500)]
    results = fetch_all(urls, FetchPolicy(allow_private=True, workers=16))
    assert len(results) == 500 and all(r.ok for r in results[:100])
    assert {r.error for r in results[100:]} == {
        "not fetched: 500 links given, at most 100 are fetched at once",
    }


# --- the default policy: the hosted app's ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", "refused: 127.0.0.1 is a loopback address (this server itself)"),
        ("http://localhost/admin", "refused: localhost resolves to 127.0.0.1, a loopback address"),
        ("http://2130706433/", "refused: 2130706433 resolves to 127.0.0.1, a loopback address"),
        ("http://[::1]/", "refused: ::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "refused: ::ffff:127.0.0.1 is an IPv6 form of 127.0.0.1, a loopback"),
        ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a link-local address"),
        ("http://10.0.0.7/", "refused: 10.0.0.7 is a private address"),
        ("http://192.168.1.1/", "refused: 192.168.1.1 is a private address"),
        ("http://0.0.0.0/", "refused: 0.0.0.0 is an unspecified address"),
        ("http://224.0.0.1/", "refused: 224.0.0.1 is a multicast address"),
        ("https://example.com:8443/", "port 8443 is not allowed (only 80 and 443)"),
        ("file:///etc/passwd", "only http and https links are fetched, not file:"),
        ("ftp://example.com/a.html", "only http and https links are fetched, not ftp:"),
        ("https://user:secret@example.com/", "links with a user name or password are not fetched"),
    ],
)
def test_the_default_policy_refuses_private_and_odd_links(url: str, reason: str) -> None:
    assert fetch_one(url).error.startswith(reason)


def test_the_default_policy_refuses_the_local_test_server(base: str) -> None:
    url = f"{base}/{PAGES[0].name}.html"
    assert fetch_one(url).error.startswith("port ")
    assert fetch_one(url, FetchPolicy(allow_private=True)).ok
    # Private addresses allowed still do not open the cloud metadata service.
    assert address_problem("169.254.169.254", allow_private=True).startswith("a link-local address")


class _Network:
    """DNS and TCP stand-ins: every name resolves to the given answers; connections reach the local server."""

    def __init__(self, base: str, *answers: list[str]) -> None:
        self.port = int(base.rsplit(":", 1)[1])
        self.answers = list(answers)
        self.resolved: list[str] = []
        self.connected: list[str] = []

    def resolver(self, host: str, port: int) -> list[str]:
        if host.replace(".", "").isdigit() or ":" in host:
            return [host]  # an address literal, as the system resolver returns it
        self.resolved.append(host)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]

    def connector(self, address: str, port: int, timeout: float) -> socket.socket:
        self.connected.append(address)
        return socket.create_connection(("127.0.0.1", self.port), timeout=timeout)

    def policy(self) -> FetchPolicy:
        return FetchPolicy(timeout=1.0, resolver=self.resolver, connector=self.connector)


def test_a_public_site_loads_under_the_default_policy(base: str) -> None:
    net = _Network(base, [PUBLIC_IP])
    result = read_links([f"http://news.example/{PAGES[4].name}.html"], net.policy())[0]
    assert result.ok and result.page.title == PAGES[4].title
    assert net.connected == [PUBLIC_IP]


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://127.0.0.1/admin", "refused: 127.0.0.1 is a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a link-local address"),
        (
            "http://[::ffff:169.254.169.254]/",
            "refused: ::ffff:169.254.169.254 is an IPv6 form of 169.254.169.254",
        ),
        ("http://news.example:8080/", "port 8080 is not allowed"),
    ],
)
def test_every_redirect_hop_is_checked(location: str, reason: str) -> None:
    with serve({"/go": _redirect(location)}) as base:
        net = _Network(base, [PUBLIC_IP])
        result = fetch_one("http://news.example/go", net.policy())
    assert result.error.startswith(reason) and result.error.endswith(f"(after a redirect to {location})")
    assert net.connected == [PUBLIC_IP]  # the refused hop was never connected to


def test_dns_rebinding_cannot_swap_the_checked_address(base: str) -> None:
    # A name that answers public first and loopback afterwards: the fetch connects to the
    # address it checked and never asks again.
    net = _Network(base, [PUBLIC_IP], ["127.0.0.1"])
    assert fetch_one(f"http://news.example/{PAGES[0].name}.html", net.policy()).ok
    assert (net.resolved, net.connected) == (["news.example"], [PUBLIC_IP])
    # One public and one private answer at once: refused, whichever would be tried first.
    mixed = _Network(base, [PUBLIC_IP, "10.0.0.5"])
    assert fetch_one("http://news.example/", mixed.policy()).error == (
        "refused: news.example resolves to 10.0.0.5, a private address"
    )
    assert mixed.connected == []


# --- link lists ---------------------------------------------------------------------------------


def test_parse_url_list_reads_links_and_reports_bad_lines() -> None:
    text = """# Putin in Vietnam, June 2024
https://www.tempo.co/internasional/putin-vietnam

www.genpi.co/internasional/putin   # no scheme: https is assumed
https://www.tempo.co/internasional/putin-vietnam
file:///etc/passwd
not a link at all
https://www.aljazeera.com/news/2024/6/20/putin-hanoi#comments
http://localhost:8501/page
ftp://example.com/x
"""
    urls, problems = parse_url_list(text)
    assert urls == [
        "https://www.tempo.co/internasional/putin-vietnam",
        "https://www.genpi.co/internasional/putin",
        "https://www.aljazeera.com/news/2024/6/20/putin-hanoi#comments",
        "http://localhost:8501/page",
    ]
    assert problems == [
        "line 5: 'https://www.tempo.co/internasional/putin-vietnam' repeats line 2; fetched once",
        "line 6: 'file:///etc/passwd': only http and https links are fetched, not file:",
        "line 7: 'not a link at all' is not a link (one link per line)",
        "line 10: 'ftp://example.com/x': only http and https links are fetched, not ftp:",
    ]
    assert parse_url_list("\n# only a comment\n\n") == ([], [])


def test_a_server_speaking_garbage_costs_only_its_link() -> None:
    def connector(address: str, port: int, timeout: float) -> socket.socket:
        ours, theirs = socket.socketpair()
        theirs.sendall(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")
        theirs.shutdown(socket.SHUT_WR)  # still takes the request, then says no more
        peers.append(theirs)
        return ours

    peers: list[socket.socket] = []

    policy = FetchPolicy(timeout=1.0, resolver=lambda host, port: [PUBLIC_IP], connector=connector)
    assert fetch_one("http://news.example/", policy).error.startswith("connection failed (BadStatusLine")
    for peer in peers:
        peer.close()


def test_a_server_dripping_its_headers_is_cut_at_the_deadline() -> None:
    peers: list[socket.socket] = []

    def drip(theirs: socket.socket) -> None:
        with contextlib.suppress(OSError):
            theirs.sendall(b"HTTP/1.1 200 OK\r\n")
            for _ in range(40):
                theirs.sendall(b"X: y\r\n")  # a header line every 0.1 s, never the blank line
                time.sleep(0.1)

    def connector(address: str, port: int, timeout: float) -> socket.socket:
        ours, theirs = socket.socketpair()
        peers.append(theirs)
        threading.Thread(target=drip, args=(theirs,), daemon=True).start()
        return ours

    policy = FetchPolicy(timeout=0.5, resolver=lambda host, port: [PUBLIC_IP], connector=connector)
    started = time.monotonic()
    assert fetch_one("http://news.example/", policy).error == "timed out after 0.5 s"
    assert time.monotonic() - started < 3  # cut by the deadline, not by the server finishing after 4 s
    for peer in peers:
        peer.close()


def test_an_internationalised_host_name_is_sent_as_punycode() -> None:
    assert check_url("https://münchen.example/ä").host == "xn--mnchen-3ya.example"
