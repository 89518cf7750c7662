"""The hostile outlets of ``bench/hostile.py``: one loopback HTTP server that the crawl reaches as
its HTTP proxy (``http_proxy``), so it can answer for any host name — ``alpha.blogspot.com``, an
intranet address like ``10.20.30.40`` — without DNS or root. It routes on the request's host and
path and logs every request (time, host, path), which is how the bench counts what the crawler
asked for, including anything it should never have asked for.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

PUBLISHED = "2026-11-20T08:00:00+07:00"
WORDS = (
    "Pemerintah kota menggelar rapat koordinasi penanganan banjir bersama warga dan dinas terkait "
    "di balai kota pada Jumat pagi. Wali kota meminta setiap kecamatan menyiapkan posko darurat, "
    "perahu karet dan dapur umum sebelum puncak musim hujan tiba bulan depan. "
)


@dataclass(frozen=True, slots=True)
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


Route = Callable[[str, str], Answer | None]  # (host, path with query) → answer, None: 404


@dataclass
class Log:
    lines: list[tuple[float, str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, host: str, path: str) -> None:
        with self.lock:
            self.lines.append((time.monotonic(), host, path))

    def clear(self) -> None:
        with self.lock:
            self.lines.clear()

    def snapshot(self) -> list[tuple[float, str, str]]:
        with self.lock:
            return list(self.lines)


def article_html(title: str, *, canonical: str | None = None, extra_head: str = "") -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    text = "".join(f"<p>{WORDS}</p>" for _ in range(4))
    return (
        f'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="{PUBLISHED}">{link}{extra_head}</head>'
        f'<body><article><h1>{title}</h1><time datetime="{PUBLISHED}">20 November 2026</time>'
        f"{text}</article></body></html>"
    ).encode()


def listing_html(links: list[str]) -> bytes:
    items = "".join(f'<li><a href="{href}">Berita {n}</a></li>' for n, href in enumerate(links))
    return f"<!doctype html><html><body><ul>{items}</ul></body></html>".encode()


def gzip_bomb(compressed_bytes: int) -> bytes:
    """A gzip file of about ``compressed_bytes`` that inflates about a thousandfold: a sitemap
    whose ``<urlset>`` holds one ``<url>`` and then nothing but spaces."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>http://bomb.test/artikel/satu.html</loc></url>"
    )
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip framing
    parts = [deflate.compress(head)]
    chunk = b" " * (1 << 20)
    size = 0
    while size < compressed_bytes:
        piece = deflate.compress(chunk)
        parts.append(piece)
        size += len(piece)
    parts.append(deflate.compress(b"</urlset>"))
    parts.append(deflate.flush())
    return b"".join(parts)


def pathological_html(attributes: int, total_bytes: int) -> bytes:
    """An article whose body has one element with ``attributes`` attributes, padded with
    paragraphs to ``total_bytes``."""
    attrs = " ".join(f'data-a{n}="x"' for n in range(attributes))
    head = article_html("Halaman berat").decode()
    padding = []
    size = len(head) + len(attrs)
    while size < total_bytes:
        paragraph = f"<p>{WORDS}</p>"
        padding.append(paragraph)
        size += len(paragraph)
    body = f"<div {attrs}>{''.join(padding)}</div>"
    return head.replace("</article>", body + "</article>").encode()


class _Handler(BaseHTTPRequestHandler):
    server: HostileServer

    def do_GET(self) -> None:
        # As a proxy the request line holds the absolute URL; a direct request only the path.
        parts = urlsplit(self.path)
        host = (parts.hostname or self.headers.get("host", "")).lower()
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.server.log.add(host, path)
        answer = self.server.route(host, path) if self.server.route else None
        if answer is None:
            answer = Answer(404, b"not here")
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the log above is the record."""


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.log = Log()
        self.route: Route | None = None
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=10)
