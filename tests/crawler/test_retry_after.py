"""Retry-After is obeyed: a real Scrapy crawl (in a subprocess, the reactor runs once per process)
against a loopback server that answers 429 with ``Retry-After: 2`` once."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from crawler.retry_after import retry_after_seconds

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        (format_datetime(NOW + timedelta(seconds=30), usegmt=True), 30.0),
        (format_datetime(NOW - timedelta(seconds=30), usegmt=True), 0.0),
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after_values(value: str | None, expected: float | None) -> None:
    assert retry_after_seconds(value, NOW) == expected


class _Busy(BaseHTTPRequestHandler):
    hits: ClassVar[list[float]] = []

    def do_GET(self) -> None:
        _Busy.hits.append(time.monotonic())
        if len(_Busy.hits) == 1:
            self.send_response(429)
            self.send_header("Retry-After", "2")
            self.end_headers()
            return
        body = b"<html><body>ok</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def busy_server() -> Iterator[str]:
    _Busy.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Busy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/berita"
    finally:
        server.shutdown()
        server.server_close()


SCRIPT = """
import sys, scrapy
from scrapy.crawler import CrawlerProcess

class One(scrapy.Spider):
    name = "one"
    async def start(self):
        yield scrapy.Request(sys.argv[1], self.parse)
    def parse(self, response):
        yield {"status": response.status}

process = CrawlerProcess({
    "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    "DOWNLOADER_MIDDLEWARES": {"crawler.retry_after.RetryAfter": 560},
    "RETRY_TIMES": 2, "LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False,
})
process.crawl(One)
process.start()
"""


@pytest.mark.slow
def test_the_retry_waits_as_long_as_the_outlet_asked(busy_server: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, busy_server],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(_Busy.hits) == 2
    assert _Busy.hits[1] - _Busy.hits[0] >= 1.9  # Scrapy alone retries at once
