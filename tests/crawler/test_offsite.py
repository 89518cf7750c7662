"""An outlet's requests stay on its own site: another host (an intranet address, a look-alike
blog) reached through a redirect or a sitemap entry is refused."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from crawler.offsite import OutletHosts, is_private
from crawler.sources import Source, load_sources

REPO = Path(__file__).resolve().parents[2]

SOURCES = """
sources:
  - id: kabarmasa.com
    name: KabarMasa
    url: https://kabarmasa.com/
    feeds: [https://feeds.kabarmasa-cdn.net/rss.xml]
    allow: ['^/berita/']
"""


@pytest.fixture
def source(tmp_path: Path) -> Source:
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES, encoding="utf-8")
    (only,) = load_sources(path)
    return only


def _request(url: str, source: Source) -> Request:
    return Request(url, cb_kwargs={"source": source})


# What DNS answers in these tests (no network): the outlet's mobile host is public, its intranet
# host is not. Any other name is resolved by the operating system (``localhost``).
ADDRESSES = {
    "m.kabarmasa.com": "104.18.20.1",
    "intranet.kabarmasa.com": "10.20.0.7",
    "metadata.kabarmasa.com": "169.254.169.254",
}


async def _resolve(name: str) -> str:
    if name in ADDRESSES:
        return ADDRESSES[name]
    infos = await asyncio.get_running_loop().getaddrinfo(name, None, family=socket.AF_INET)
    return str(infos[0][4][0])


def _guard() -> tuple[OutletHosts, object]:
    crawler = get_crawler()
    crawler.stats.open_spider()  # type: ignore[union-attr]
    return OutletHosts(crawler, _resolve), crawler.stats


def _passes(guard: OutletHosts, request: Request) -> bool:
    try:
        asyncio.run(guard.process_request(request))
    except IgnoreRequest:
        return False
    return True


def test_requests_leaving_the_outlets_hosts_are_refused(source: Source) -> None:
    guard, stats = _guard()
    for url in (
        "https://kabarmasa.com/berita/1",
        "https://www.kabarmasa.com/berita/2",
        "https://feeds.kabarmasa-cdn.net/rss.xml",  # named in the outlet's entry
        "https://m.kabarmasa.com/berita/3",  # the outlet's own site, public address
    ):
        assert _passes(guard, _request(url, source)), url
    for url in ("http://10.0.0.5/admin", "https://kabarmasa.com.evil.example/berita/3"):
        assert not _passes(guard, _request(url, source)), url
    assert stats.get_value("pantau/offsite/refused") == 2  # type: ignore[attr-defined]
    # Requests that are no outlet's (robots.txt checks) pass untouched.
    assert _passes(guard, Request("https://other.example/robots.txt"))


def test_a_name_of_the_outlets_site_resolving_to_a_private_address_is_refused(
    source: Source,
) -> None:
    guard, stats = _guard()
    for url in (
        "https://intranet.kabarmasa.com/rahasia",
        "http://metadata.kabarmasa.com/latest/meta-data/",
    ):
        assert not _passes(guard, _request(url, source)), url
    assert stats.get_value("pantau/offsite/private_address") == 2  # type: ignore[attr-defined]


def test_a_loopback_name_is_allowed_only_when_the_entry_names_it(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES.replace("https://kabarmasa.com/", "http://localhost:8601/"), "utf-8")
    (local,) = load_sources(path)
    guard, stats = _guard()
    assert _passes(guard, _request("http://localhost:8601/berita/1", local))
    # Same name on another port: not named by the entry, and localhost resolves to loopback.
    assert not _passes(guard, _request("http://localhost:9/admin", local))
    assert stats.get_value("pantau/offsite/private_address") == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("192.168.1.1", True),
        ("127.0.0.1", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("::1", True),
        ("fd00::1", True),
        ("224.0.0.1", True),
        ("104.18.20.1", False),
        ("2606:4700::1", False),
    ],
)
def test_private_addresses(address: str, private: bool) -> None:
    assert is_private(address) is private


# -- a real crawl: Scrapy's resolver, a redirect to the outlet's "intranet" --------------------

PARAGRAPHS = [
    "Pemerintah Kota Bekasi menggelar rapat koordinasi penanganan banjir bersama seluruh camat "
    "dan lurah di Gedung Pemkot pada Kamis pagi untuk menyiapkan pompa air.",
    "Wali Kota Bekasi mengatakan bahwa seluruh pompa air harus siap beroperasi sebelum puncak "
    "musim hujan tiba, terutama di wilayah yang setiap tahun tergenang cukup lama.",
    "Dinas Sumber Daya Air juga diminta memeriksa kondisi tanggul dan saluran drainase di "
    "sepanjang Kali Bekasi agar warga merasa lebih aman ketika hujan deras turun.",
]
PAGE = (
    "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>{title}</title>"
    "<meta property='og:type' content='article'></head><body><article><h1>{title}</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "</article></body></html>"
)


class _Outlet(ThreadingHTTPServer):
    daemon_threads = True
    log: list[str]


class _Handler(BaseHTTPRequestHandler):
    server: _Outlet

    def do_GET(self) -> None:
        self.server.log.append(f"{self.headers['Host']}{self.path}")
        port = self.server.server_address[1]
        status, headers, body = 404, {}, b""
        if self.path == "/feed.xml":
            items = "".join(
                f"<item><title>{n}</title><link>http://kabarmasa.com:{port}/berita/{n}</link></item>"
                for n in (1, 2)
            )
            body = f"<?xml version='1.0'?><rss><channel>{items}</channel></rss>".encode()
            status, headers = 200, {"Content-Type": "application/rss+xml"}
        elif self.path == "/berita/1":
            # A "moved" article whose new home is the office intranet (same site, private address).
            status, headers = 301, {"Location": f"http://intranet.kabarmasa.com:{port}/rahasia"}
        elif self.path in ("/berita/2", "/rahasia"):
            body = PAGE.format(title="Pemkot Bekasi Siagakan Pompa Air").encode()
            status, headers = 200, {"Content-Type": "text/html; charset=utf-8"}
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads ``server.log``."""


@pytest.mark.slow
def test_a_redirect_to_a_name_resolving_to_a_private_address_is_not_followed(
    tmp_path: Path,
) -> None:
    server = _Outlet(("127.0.0.1", 0), _Handler)
    server.log = []
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        sources = tmp_path / "sources.yaml"
        sources.write_text(
            "sources:\n  - id: kabarmasa.com\n    name: KabarMasa\n"
            f"    url: http://kabarmasa.com:{port}/\n    feeds: [/feed.xml]\n"
            "    allow: ['^/berita/']\n",
            encoding="utf-8",
        )
        # Both names are this loopback server; only the outlet's own is named in its entry.
        table = {"kabarmasa.com": "127.0.0.1", "intranet.kabarmasa.com": "127.0.0.1"}
        done = subprocess.run(
            [sys.executable, str(Path(__file__).with_name("offsite_crawl.py")), str(sources),
             json.dumps(table)],
            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["articles"] == [f"http://kabarmasa.com:{port}/berita/2"]
    assert result["stats"]["pantau/offsite/private_address"] == 1
    assert not [line for line in server.log if "rahasia" in line]
    assert f"kabarmasa.com:{port}/berita/1" in server.log
