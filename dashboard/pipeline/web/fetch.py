"""Fetching news pages from links, with limits, for a server that fetches what strangers paste.

Standard library only (``http.client``): every hop of a redirect is checked by the
address policy (:mod:`.safety`) and connected to the very address that was checked, the
body is streamed and cut at a size cap, only HTML is accepted, each link has one overall
deadline, and a failure is reported for its link while the others still load.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.message import Message
from typing import TypeVar
from urllib.parse import quote, urljoin, urlsplit

from dashboard.pipeline.models import PipelineError
from dashboard.pipeline.web.extract import Page, extract_html, looks_like_html
from dashboard.pipeline.web.safety import (
    Refused,
    Resolver,
    Target,
    check_url,
    resolve_checked,
    system_resolver,
)

USER_AGENT = "factdash/1.0 (news fact-comparison dashboard; fetches one page per pasted link)"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_URL_SAFE = "/%:@!$&'()*+,;=?~[]"

#: ``(address, port, timeout) -> connected socket``; a plain TCP connection by default.
Connector = Callable[[str, int, float], socket.socket]


def _tcp_connect(address: str, port: int, timeout: float) -> socket.socket:
    return socket.create_connection((address, port), timeout=timeout)


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and the address policy for fetching links.

    ``allow_private`` is the server setting ``allow_private_links`` (the CLI sets it):
    loopback and private addresses and any port become reachable; link-local addresses
    (cloud metadata) stay refused. ``resolver`` and ``connector`` are the network seams,
    the system's by default.
    """

    allow_private: bool = False
    timeout: float = 10.0  # seconds for one link, redirects and body included
    max_bytes: int = 10_000_000  # largest page, after decompression
    max_redirects: int = 5
    max_links: int = 100  # links fetched per call; the rest are reported, not fetched
    workers: int = 8  # links fetched at once
    user_agent: str = USER_AGENT
    resolver: Resolver = field(default=system_resolver, repr=False)
    connector: Connector = field(default=_tcp_connect, repr=False)


@dataclass(frozen=True)
class FetchResult:
    """One link's outcome: the page's bytes, or ``error`` saying why there are none."""

    url: str  # as given
    final_url: str = ""  # after redirects
    fetched_at: str = ""  # ISO 8601, UTC, when the fetch started
    content: bytes = b""
    charset: str = ""  # from the Content-Type header ("" if none)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass(frozen=True)
class LinkArticle:
    """One link's article (``page``), or ``error`` saying why there is none."""

    url: str  # as given
    final_url: str = ""  # after redirects
    fetched_at: str = ""  # ISO 8601, UTC
    page: Page | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


R = TypeVar("R", FetchResult, LinkArticle)


class _Failed(Exception):
    """A fetch failure whose message is meant for the user."""


def fetch_all(
    urls: Sequence[str],
    policy: FetchPolicy | None = None,
    progress: Callable[[int, int, FetchResult], None] | None = None,
) -> list[FetchResult]:
    """Fetch ``urls`` concurrently; one result per URL, in the order given.

    Links beyond ``policy.max_links`` are not fetched; their results say so.
    ``progress(done, total, result)`` is called as each fetched link finishes (``total``
    counts the links fetched). Never raises for a bad link: its result carries the reason.
    """
    policy = policy or FetchPolicy()
    return _each_link(urls, policy, lambda url: fetch_one(url, policy), FetchResult, progress)


def read_links(
    urls: Sequence[str],
    policy: FetchPolicy | None = None,
    progress: Callable[[int, int, LinkArticle], None] | None = None,
) -> list[LinkArticle]:
    """Fetch ``urls`` and extract each page's article; one result per URL, in the order given.

    Like :func:`fetch_all`, but a link's result is its :class:`Page`; a page that holds
    no article text gets an ``error`` like a page that failed to load.
    """
    policy = policy or FetchPolicy()

    def read(url: str) -> LinkArticle:
        fetched = fetch_one(url, policy)
        article = LinkArticle(fetched.url, fetched.final_url, fetched.fetched_at, error=fetched.error)
        if not fetched.ok:
            return article
        try:
            return replace(article, page=extract_html(fetched.content, fetched.final_url, fetched.charset))
        except PipelineError as err:
            return replace(article, error=str(err))

    return _each_link(urls, policy, read, LinkArticle, progress)


def _each_link(
    urls: Sequence[str],
    policy: FetchPolicy,
    work: Callable[[str], R],
    skipped: Callable[..., R],
    progress: Callable[[int, int, R], None] | None,
) -> list[R]:
    """``work`` on each URL in a bounded thread pool; results in input order, the over-cap ones skipped."""
    urls = list(urls)
    kept = urls[: policy.max_links]
    over = f"not fetched: {len(urls)} links given, at most {policy.max_links} are fetched at once"
    results: list[R | None] = [None] * len(kept) + [skipped(url, error=over) for url in urls[len(kept) :]]
    done = 0
    if kept:
        with ThreadPoolExecutor(max_workers=max(1, min(policy.workers, len(kept)))) as pool:
            futures = {pool.submit(work, url): index for index, url in enumerate(kept)}
            for future in as_completed(futures):
                result = results[futures[future]] = future.result()
                done += 1
                if progress is not None:
                    progress(done, len(kept), result)
    return [r for r in results if r is not None]


def fetch_one(url: str, policy: FetchPolicy | None = None) -> FetchResult:
    """Fetch one link under ``policy``, following redirects with the same checks on each hop."""
    policy = policy or FetchPolicy()
    fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
    deadline = time.monotonic() + policy.timeout
    current, seen = url.strip(), [url.strip()]
    try:
        for _hop in range(policy.max_redirects + 1):
            status, location, content, charset = _request(current, policy, deadline)
            if status not in REDIRECTS:
                return FetchResult(url, current, fetched_at, content, charset)
            if not location:
                raise _Failed(f"HTTP {status} redirect without a Location")
            current = urljoin(current, location)
            if current in seen:
                raise _Failed("redirect loop: " + " -> ".join([*seen[seen.index(current) :], current]))
            seen.append(current)
        raise _Failed(f"more than {policy.max_redirects} redirects")
    except (_Failed, Refused) as err:
        redirected = current != url.strip() and isinstance(err, Refused)
        where = f" (after a redirect to {current})" if redirected else ""
        return FetchResult(url, current, fetched_at, error=f"{err}{where}")
    except Exception as err:  # a hostile server must cost one link, never the batch
        return FetchResult(url, current, fetched_at, error=f"failed ({type(err).__name__}: {err})")


def _request(url: str, policy: FetchPolicy, deadline: float) -> tuple[int, str, bytes, str]:
    """One HTTP GET: (status, Location, body, charset). The body is read only for a 200."""
    target = check_url(url, policy.allow_private)
    addresses = resolve_checked(target, policy.allow_private, policy.resolver)
    sock = _connect(addresses, target, policy, deadline)
    # A watchdog shuts the socket at the deadline, so a server dripping bytes cannot hold the link open.
    watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), _shutdown, (sock,))
    watchdog.daemon = True
    watchdog.start()
    conn = _Connection(target, sock)
    try:
        parts = urlsplit(url)
        # Non-ASCII characters and spaces are percent-encoded; existing escapes are kept.
        path = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe=_URL_SAFE)
        conn.request(
            "GET",
            path,
            headers={
                "User-Agent": policy.user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                "Accept-Encoding": "gzip, deflate",
                "Connection": "close",
            },
        )
        response = conn.getresponse()
        if response.status in REDIRECTS:
            return response.status, response.getheader("Location", ""), b"", ""
        if response.status not in (200, 203):
            raise _Failed(f"HTTP {response.status} {response.reason}".strip())
        content_type = Message()
        content_type["content-type"] = response.getheader("Content-Type", "")
        kind = content_type.get_content_type() if response.getheader("Content-Type") else ""
        if kind and kind not in HTML_TYPES:
            raise _Failed(f"not an HTML page ({kind})")
        body = _read_body(response, policy, deadline)
        if not kind and not looks_like_html(body):
            raise _Failed("not an HTML page (no content type, and the content is not HTML)")
        return response.status, "", body, str(content_type.get_param("charset") or "")
    except (TimeoutError, OSError, http.client.HTTPException) as err:
        if time.monotonic() >= deadline or isinstance(err, TimeoutError):
            raise _Failed(f"timed out after {policy.timeout:g} s") from None
        if isinstance(err, ssl.SSLError):
            raise _Failed(f"secure connection failed ({err.reason or err})") from None
        raise _Failed(f"connection failed ({type(err).__name__}: {err})".replace(": )", ")")) from None
    finally:
        watchdog.cancel()
        conn.close()


def _connect(addresses: list[str], target: Target, policy: FetchPolicy, deadline: float) -> socket.socket:
    """A socket to the first checked address that answers (TLS-wrapped for https)."""
    errors = []
    for address in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Failed(f"timed out after {policy.timeout:g} s")
        try:
            sock = policy.connector(address, target.port, remaining)
        except TimeoutError:
            raise _Failed(f"timed out after {policy.timeout:g} s") from None
        except OSError as err:
            errors.append(err.strerror or str(err))
            continue
        if target.scheme == "https":
            try:
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=target.host)
            except (ssl.SSLError, ssl.CertificateError, OSError) as err:
                sock.close()
                raise _Failed(f"secure connection failed ({getattr(err, 'reason', None) or err})") from None
        return sock
    raise _Failed(f"could not connect to {target.host} ({'; '.join(dict.fromkeys(errors))})")


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


class _Connection(http.client.HTTPConnection):
    """An HTTP connection over a socket already connected to the checked address.

    ``host`` stays the link's host name, so the Host header (and TLS name check, done
    when the socket was wrapped) are right while no second DNS lookup ever happens.
    """

    def __init__(self, target: Target, sock: socket.socket) -> None:
        super().__init__(target.host, target.port)
        self.default_port = 443 if target.scheme == "https" else 80  # no ":443" in the Host header
        self.sock = sock

    def connect(self) -> None:
        raise _Failed("the connection was closed by the server")  # http.client reconnects only after a close


def _read_body(response: http.client.HTTPResponse, policy: FetchPolicy, deadline: float) -> bytes:
    """The body, decompressed, stopping as soon as it passes ``policy.max_bytes``."""
    limit = policy.max_bytes
    too_big = f"larger than the {_mb(limit)} limit"
    length = response.getheader("Content-Length", "")
    if length.isdigit() and int(length) > limit:
        raise _Failed(f"{too_big} ({_mb(int(length))})")
    encoding = response.getheader("Content-Encoding", "identity").strip().lower()
    if encoding not in ("identity", "", "gzip", "x-gzip", "deflate"):
        raise _Failed(f"unsupported content encoding {encoding!r}")
    # wbits 47 reads gzip and zlib streams; max_length caps what a small "zip bomb" expands to.
    inflater = zlib.decompressobj(47) if encoding not in ("identity", "") else None
    chunks, size = [], 0
    while True:
        if time.monotonic() >= deadline:
            raise TimeoutError
        chunk = response.read1(_CHUNK)
        if not chunk:
            if time.monotonic() >= deadline:  # the watchdog cut the connection: the body is incomplete
                raise TimeoutError
            break
        if inflater is not None:
            try:
                chunk = inflater.decompress(inflater.unconsumed_tail + chunk, limit + 1 - size)
            except zlib.error:
                raise _Failed(f"the {encoding} content is corrupt") from None
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise _Failed(f"{too_big}; stopped reading")
    return b"".join(chunks)


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.3g} MB"


def parse_url_list(text: str) -> tuple[list[str], list[str]]:
    """The links in a pasted box or a ``--urls`` file, and a message per line that is not one.

    One link per line; blank lines and lines starting with ``#`` are skipped, and so is a
    trailing `` # comment``. A link without a scheme ("www.tempo.co/...") gets ``https://``.
    Duplicates are dropped with a note.
    """
    urls: list[str] = []
    first_line: dict[str, int] = {}
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].split("\t#", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if " " in line:
            problems.append(f"line {number}: {_short(line)} is not a link (one link per line)")
            continue
        if "://" not in line and not line.lower().startswith(
            ("file:", "ftp:", "gopher:", "data:", "javascript:")
        ):
            line = "https://" + line
        try:
            check_url(line, allow_private=True)  # the address policy is applied when fetching
        except Refused as err:
            problems.append(f"line {number}: {_short(line)}: {err}")
            continue
        if "." not in (urlsplit(line).hostname or "") and urlsplit(line).hostname != "localhost":
            problems.append(f"line {number}: {_short(line)} is not a link (no domain)")
            continue
        if line in first_line:
            problems.append(f"line {number}: {_short(line)} repeats line {first_line[line]}; fetched once")
            continue
        first_line[line] = number
        urls.append(line)
    return urls, problems


def _short(text: str, limit: int = 80) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
