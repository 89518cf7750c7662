"""A generated news outlet of any size on loopback, with a timed request log.

For the distributed crawl tests and ``bench/pipeline_workers.py``: ``count`` articles (2,000 by
default) listed in a sitemap index of 500-URL sitemaps, each page a plain news article with a
headline, a date and a few paragraphs of Indonesian text. Every request is logged with its time,
so a test can tell whether a URL was fetched twice and how close two requests came.

    with GeneratedSite(count=2000) as site:
        site.write_sources(tmp_path / "sources.yaml")
        site.request_log      # [(time.monotonic(), path), ...]
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

import yaml

OUTLET_ID = "beritagenerasi.com"
PER_SITEMAP = 500
_FIRST_DAY = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)

_PLACES = ["Bekasi", "Bogor", "Depok", "Karawang", "Sumedang", "Garut", "Cianjur", "Subang"]
_TOPICS = [
    ("jalan", "perbaikan jalan provinsi", "Dinas Pekerjaan Umum"),
    ("banjir", "penanganan banjir di bantaran sungai", "Badan Penanggulangan Bencana Daerah"),
    ("sekolah", "renovasi gedung sekolah dasar", "Dinas Pendidikan"),
    ("pasar", "penataan pedagang pasar tradisional", "Dinas Perdagangan"),
    ("vaksin", "vaksinasi anak di puskesmas", "Dinas Kesehatan"),
]


def article_path(number: int) -> str:
    return f"/artikel/{number:05d}/berita-{number}.html"


def _article(number: int) -> bytes:
    place = _PLACES[number % len(_PLACES)]
    slug, topic, agency = _TOPICS[number % len(_TOPICS)]
    published = _FIRST_DAY + timedelta(hours=number)
    title = f"Pemerintah Kota {place} Percepat {topic.title()} Nomor {number}"
    paragraphs = [
        f"{place} – Pemerintah Kota {place} mempercepat program {topic} yang dimulai pekan ini. "
        f"Kepala {agency} mengatakan pekerjaan nomor {number} ditargetkan selesai bulan depan.",
        f"Menurut dia, anggaran untuk kegiatan {slug} tahun ini naik dibanding tahun lalu, dan "
        f"warga diminta melapor bila menemukan kendala di lapangan melalui kanal pengaduan.",
        f"Sejumlah warga {place} menyambut baik langkah tersebut. Mereka berharap pekerjaan "
        f"dilakukan dengan rapi dan tidak mengganggu kegiatan ekonomi di sekitar lokasi.",
        f"DPRD {place} akan mengawasi pelaksanaan program ini agar tepat sasaran dan tepat waktu, "
        f"kata ketua komisi yang membidangi urusan {slug} saat ditemui di kantornya.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    stamp = published.isoformat()
    html = (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        f"<title>{title} - Berita Generasi</title>"
        f'<meta property="og:title" content="{title}">'
        f'<meta property="article:published_time" content="{stamp}">'
        "</head><body><header><a href='/'>Berita Generasi</a></header><main><article>"
        f'<h1>{title}</h1><time datetime="{stamp}">{published:%d/%m/%Y %H:%M}</time>'
        f"{body}</article></main><footer>© Berita Generasi</footer></body></html>"
    )
    return html.encode("utf-8")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: GeneratedSite


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        site = self.server.site
        site.log(self.path)
        status, ctype, body = site.page(self.path)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``GeneratedSite.request_log``."""


class GeneratedSite:
    """``count`` generated articles served on a free loopback port."""

    def __init__(self, count: int = 2000, host: str = "127.0.0.1") -> None:
        self.count = count
        self.host = host
        self.base_url = ""
        self.request_log: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def log(self, path: str) -> None:
        with self._lock:
            self.request_log.append((time.monotonic(), path))

    def paths(self) -> list[str]:
        """Every article path, in order."""
        return [article_path(n) for n in range(1, self.count + 1)]

    def page(self, path: str) -> tuple[int, str, bytes]:
        xml = "application/xml; charset=utf-8"
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        if path == "/sitemap.xml":
            parts = range(1, (self.count - 1) // PER_SITEMAP + 2)
            items = "".join(
                f"<sitemap><loc>{self.base_url}sitemap-{i}.xml</loc></sitemap>" for i in parts
            )
            return 200, xml, _xml("sitemapindex", items)
        if path.startswith("/sitemap-") and path.endswith(".xml"):
            index = int(path.removeprefix("/sitemap-").removesuffix(".xml"))
            first = (index - 1) * PER_SITEMAP + 1
            numbers = range(first, min(first + PER_SITEMAP, self.count + 1))
            items = "".join(
                f"<url><loc>{self.base_url}{article_path(n).lstrip('/')}</loc></url>"
                for n in numbers
            )
            return 200, xml, _xml("urlset", items)
        if path.startswith("/artikel/"):
            number = int(path.split("/")[2])
            if 1 <= number <= self.count and path == article_path(number):
                return 200, "text/html; charset=utf-8", _article(number)
        return 404, "text/html", b"<html><body><h1>404</h1></body></html>"

    def start(self) -> None:
        server = _Server((self.host, 0), _Handler)
        server.site = self
        self._server = server
        self.base_url = f"http://{self.host}:{server.server_address[1]}/"
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> GeneratedSite:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def source(self) -> dict[str, Any]:
        return {
            "id": OUTLET_ID,
            "name": "Berita Generasi",
            "url": self.base_url,
            "region": "prov-jawa-barat",
            "sitemaps": ["/sitemap.xml"],
            "robots_sitemaps": False,
            "allow": ["^/artikel/"],
        }

    def write_sources(self, path: Path, *, extra: list[dict[str, Any]] | None = None) -> Path:
        """``sources.yaml`` with this outlet (and ``extra`` sources, e.g. the sample site's)."""
        data = {"sources": [self.source(), *(extra or [])]}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        return path


def _xml(root: str, items: str) -> bytes:
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    return f'<?xml version="1.0" encoding="UTF-8"?><{root} xmlns="{ns}">{items}</{root}>'.encode()
