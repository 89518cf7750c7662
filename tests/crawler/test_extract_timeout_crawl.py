"""Issue #15 §3 end to end: a real ``pantau crawl`` (subprocess) against a loopback outlet that
serves a page with 100,000 attributes on a ``<p>``, a 3.4 MB page and good articles.

The crawl ends in bounded time, both pathological pages are ``timeout`` failures, and every good
article — listed before, between and after them — is stored. Scrapy's telnet console stays off.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pathological_pages import good_article, huge_page, many_attributes

from pantau.crawl_process import LOCAL_SITE_ENV, crawl_subprocess
from pantau.settings import Settings
from search_api.store import open_store
from search_api.store.base import SearchRequest

pytestmark = pytest.mark.slow

OUTLET = "lambat.test"
GOOD = [1, 2, 4, 6, 7]
PAGES = {
    **{f"/berita/{n}/baik": good_article(n) for n in GOOD},
    "/berita/3/atribut": many_attributes(),
    "/berita/5/besar": huge_page(),
}
TIME_LIMIT = 4.0


class _Outlet(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/sitemap.xml":
            urls = "".join(
                f"<url><loc>http://{self.headers['Host']}{path}</loc></url>"
                for path in sorted(PAGES)
            )
            body = (
                '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{urls}</urlset>"
            ).encode()
            self._send(200, "application/xml", body)
        elif self.path in PAGES:
            self._send(200, "text/html; charset=utf-8", PAGES[self.path].encode())
        else:
            self._send(404, "text/plain", b"not found")

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the crawl's own log says what was fetched."""


@pytest.fixture(scope="module")
def outlet() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Outlet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def crawled(
    outlet: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, Any], float]:
    home = tmp_path_factory.mktemp("slow-pages")
    sources = home / "sources.yaml"
    sources.write_text(
        f"sources:\n  - id: {OUTLET}\n    name: Lambat\n    url: {outlet}\n"
        "    sitemaps: [/sitemap.xml]\n    robots_sitemaps: false\n"
        "    allow: ['^/berita/\\d+/']\n",
        encoding="utf-8",
    )
    settings = Settings(home=home, store=f"sqlite:///{home / 'pantau.db'}")
    env = {
        **LOCAL_SITE_ENV,
        "PANTAU_CRAWL__EXTRACT_WORKERS": "2",
        "PANTAU_CRAWL__EXTRACT_TIMEOUT": str(TIME_LIMIT),
    }
    started = time.monotonic()
    summary = crawl_subprocess(settings, sources, env=env, timeout=240)
    return home, summary, time.monotonic() - started


def test_pathological_pages_are_timeouts(crawled: tuple[Path, dict[str, Any], float]) -> None:
    _home, summary, _elapsed = crawled
    assert summary["rejected"] == {"timeout": 2}
    assert summary["failed"] == {OUTLET: {"extraction timeout": 2}}
    assert summary["errors"] == 0


def test_good_articles_around_them_are_stored(crawled: tuple[Path, dict[str, Any], float]) -> None:
    home, summary, _elapsed = crawled
    store = open_store(f"sqlite:///{home / 'pantau.db'}")
    try:
        hits = store.search(SearchRequest(size=100)).hits
    finally:
        store.close()
    assert sorted(h.article.title for h in hits) == sorted(
        f"Berita nomor {n} dari balai kota" for n in GOOD
    )
    assert summary["created"] == len(GOOD)


def test_the_crawl_ends_in_bounded_time(crawled: tuple[Path, dict[str, Any], float]) -> None:
    # In one process the two pages alone cost 35 s of extraction; here two time limits on two
    # workers, plus the crawl's start-up (spaCy's model) and shutdown.
    *_, elapsed = crawled
    assert elapsed < 90


def test_no_console_into_the_crawl(crawled: tuple[Path, dict[str, Any], float]) -> None:
    """Neither the telnet console nor Scrapy 2.19's RemoteControl (an HTTP server that runs the
    Python code it is sent) listens during a crawl."""
    _home, summary, _elapsed = crawled
    log = Path(summary["log_file"]).read_text(encoding="utf-8")
    assert "Spider opened" in log  # the log is Scrapy's, at INFO, where both announce their port
    assert "Remote control" not in log
    assert "Telnet console" not in log


def test_console_settings_are_off() -> None:
    from crawler.settings import crawl_settings

    values = crawl_settings(Settings(), sources_file="sources.yaml")
    assert values["TELNETCONSOLE_ENABLED"] is False
    assert values["REMOTE_CONTROL_ENABLED"] is False
