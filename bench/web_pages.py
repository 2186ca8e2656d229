"""Realistic news pages built from the seed articles, and a local HTTP server that serves them.

Each page wraps a seed's paragraphs in the chrome a real news site adds: a nav bar, a cookie
banner, share buttons, related-article links, a comments block, a footer, scripts, styles,
OpenGraph and JSON-LD metadata. Every piece of chrome carries a sentence found nowhere else
(``CHROME``), so a test can check that none of it survives extraction.
"""

from __future__ import annotations

import csv
import html
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

#: The outlets' real hosts; metadata.csv names the outlet but has no URL.
HOSTS = {
    "Tempo": "www.tempo.co",
    "GenPI.co": "www.genpi.co",
    "marwahkepri.com": "marwahkepri.com",
    "Al Jazeera": "www.aljazeera.com",
    "Tribunnews": "www.tribunnews.com",
}

#: Sentences that only the page chrome holds.
CHROME = {
    "nav": "Beranda Nasional Internasional Ekonomi Olahraga Teknologi Gaya Hidup",
    "cookie": "Situs ini memakai cookie untuk mempersonalisasi iklan; dengan melanjutkan Anda menyetujuinya.",
    "share": "Bagikan artikel ini ke Facebook, X, WhatsApp atau salin tautannya.",
    "related": "Harga cabai rawit melonjak menjelang musim hujan di pasar tradisional Jakarta",
    "related2": "Timnas U-23 menang tipis atas Yordania dalam laga uji coba di Doha",
    "comments": "Komentar pembaca: tulisan ini berat sebelah dan tidak menyebut sumber resmi sama sekali.",
    "newsletter": "Daftarkan email Anda untuk menerima ringkasan berita pilihan setiap pagi.",
    "footer": "Hak cipta dilindungi undang-undang. Dilarang mengutip tanpa izin tertulis redaksi.",
    "script": "trackingPixelLoaded",
    "style": "font-family: Roboto",
}


@dataclass(frozen=True)
class SeedPage:
    """One seed as a web page, with what extraction should find in it."""

    name: str  # the seed's file stem
    html: str
    title: str
    date: str  # ISO
    site_name: str
    url: str  # the canonical URL
    body: tuple[
        str, ...
    ]  # the seed's real content (tests/data/seed_content_lines.txt), all of which must survive


def _metadata() -> dict[str, dict[str, str]]:
    with (SEEDS / "metadata.csv").open(encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def _content_lines() -> dict[str, list[str]]:
    """Each seed's content lines as judged by reading it (the file the cleaner's tests use)."""
    wanted: dict[str, list[str]] = {}
    current = ""
    for raw in (
        (Path(__file__).resolve().parent.parent / "tests" / "data" / "seed_content_lines.txt")
        .read_text(encoding="utf-8")
        .splitlines()
    ):
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            wanted[current] = []
        elif line and not line.startswith("#"):
            wanted[current].append(line)
    return wanted


def seed_pages() -> list[SeedPage]:
    """Every seed in ``seeds/`` as a realistic page."""
    rows, content = _metadata(), _content_lines()
    return [_page(path, rows[path.name], content[path.stem]) for path in sorted(SEEDS.glob("*.txt"))]


def _page(path: Path, row: dict[str, str], content: list[str]) -> SeedPage:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    outlet, date = row["outlet"], row["date"]
    title = row["title"] or "Putin Lanjutkan Kunjungan Diplomatik ke Vietnam"
    host = HOSTS[outlet]
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    url = f"https://{host}/internasional/{date.replace('-', '/')}/{slug}"
    paragraphs = "\n".join(f"      <p>{html.escape(line)}</p>" for line in lines)
    json_ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": f"{date}T09:30:00+07:00",
            "publisher": {"@type": "Organization", "name": outlet},
            "mainEntityOfPage": url,
        },
        ensure_ascii=False,
    )
    esc = html.escape
    nav = "".join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in CHROME["nav"].split())
    page = f"""<!DOCTYPE html>
<html lang="id">
<head>
  <meta charset="utf-8">
  <title>{esc(title)} - {esc(outlet)}</title>
  <link rel="canonical" href="{esc(url)}">
  <meta property="og:title" content="{esc(title)}">
  <meta property="og:site_name" content="{esc(outlet)}">
  <meta property="og:url" content="{esc(url)}">
  <meta property="og:type" content="article">
  <meta property="article:published_time" content="{date}T09:30:00+07:00">
  <script type="application/ld+json">{json_ld}</script>
  <style>body {{ {CHROME["style"]}, sans-serif; }} .nav a {{ margin: 0 4px; }}</style>
  <script>window.{CHROME["script"]} = true; document.cookie = "seen=1";</script>
</head>
<body>
  <div id="cookie-banner" class="cookie-consent">
    <p>{CHROME["cookie"]}</p><button>Setuju</button>
  </div>
  <header>
    <nav class="nav"><ul>{nav}</ul></nav>
  </header>
  <main>
    <article>
      <h1>{esc(title)}</h1>
      <div class="byline">{esc(outlet)} | <time datetime="{date}">{date}</time></div>
      <div class="share-buttons"><p>{CHROME["share"]}</p>
        <a href="https://facebook.com/sharer">Facebook</a> <a href="https://x.com/share">X</a></div>
{paragraphs}
    </article>
    <aside class="related-articles">
      <h3>Berita Terkait</h3>
      <ul>
        <li><a href="/ekonomi/cabai">{CHROME["related"]}</a></li>
        <li><a href="/olahraga/timnas">{CHROME["related2"]}</a></li>
      </ul>
    </aside>
    <section id="comments" class="comments">
      <h3>Komentar</h3>
      <div class="comment"><p>{CHROME["comments"]}</p></div>
    </section>
  </main>
  <footer>
    <div class="newsletter"><p>{CHROME["newsletter"]}</p></div>
    <p>{CHROME["footer"]}</p>
  </footer>
  <script src="/static/app.js"></script>
</body>
</html>
"""
    return SeedPage(path.stem, page, title, date, outlet, url, tuple(content))


#: A route answers a request path with (status, headers, body); a body may be a generator of chunks.
Route = Callable[[], tuple[int, dict[str, str], bytes | Iterator[bytes]]]


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Route]] = {}

    def do_GET(self) -> None:
        route = self.routes.get(self.path.split("?", 1)[0])
        status, headers, body = route() if route else (404, {"Content-Type": "text/html"}, b"not found")
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if isinstance(body, bytes):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            if isinstance(body, bytes):
                self.wfile.write(body)
            else:  # streamed without a length: the client must stop reading itself
                for chunk in body:
                    self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading, as a size cap should

    def log_message(self, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 drops concurrent connects, which then retry after 1 s


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[str]:
    """Serve ``routes`` on 127.0.0.1 at a free port; yields the base URL (no trailing slash)."""
    handler = type("Handler", (_Handler,), {"routes": routes})
    server = _Server(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def html_route(body: str | bytes, content_type: str = "text/html; charset=utf-8") -> Route:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return lambda: (200, {"Content-Type": content_type}, data)


def slow_route(delay: float, body: str = "<html><body><p>late</p></body></html>") -> Route:
    def route() -> tuple[int, dict[str, str], bytes]:
        time.sleep(delay)
        return 200, {"Content-Type": "text/html"}, body.encode()

    return route


def counted(routes: dict[str, Route]) -> tuple[dict[str, Route], Counter[str]]:
    """``routes`` that count the requests each path receives (to check that nothing was fetched)."""
    hits: Counter[str] = Counter()

    def count(path: str, route: Route) -> Route:
        def answer() -> tuple[int, dict[str, str], bytes | Iterator[bytes]]:
            hits[path] += 1
            return route()

        return answer

    return {path: count(path, route) for path, route in routes.items()}, hits


def long_page(sentences: int) -> str:
    """A page of ``sentences`` distinct sentences, ten to a paragraph: far past an article's length."""
    lines = [f"Kalimat nomor {i} tentang kunjungan Putin ke Hanoi." for i in range(sentences)]
    paragraphs = "".join(f"<p>{' '.join(lines[i : i + 10])}</p>" for i in range(0, sentences, 10))
    head = "<!DOCTYPE html><html lang='id'><head><title>Panjang</title></head>"
    return f"{head}<body><article>{paragraphs}</article></body></html>"
