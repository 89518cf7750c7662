"""``pantau crawl`` as a user sees it: a progress line and a summary instead of Scrapy's log (kept
in ``PANTAU_HOME/logs/``, or on stderr with ``--verbose``), and a crawl where every request failed
exits 1 saying what failed per outlet."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from pantau.crawl_process import LOCAL_SITE_ENV

Cli = Callable[..., subprocess.CompletedProcess[str]]  # the `cli` fixture (conftest.py)

pytestmark = pytest.mark.slow  # crawls in subprocesses


class _Unavailable(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test reads the crawler's account of these answers."""


@pytest.fixture
def broken_outlets(tmp_path: Path) -> Iterator[Path]:
    """sources.yaml with one outlet that refuses connections and one that answers 503."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]  # free once the probe closes: nothing listens
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Unavailable)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "sources:\n"
        "  - id: kabarmasa.com\n    name: KabarMasa\n"
        f"    url: http://127.0.0.1:{closed_port}/\n    feeds: [/feed/]\n"
        "  - id: wartabekasi.com\n    name: Warta Bekasi\n"
        f"    url: http://127.0.0.1:{server.server_address[1]}/\n    feeds: [/feed/]\n",
        encoding="utf-8",
    )
    try:
        yield sources
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_a_crawl_where_every_request_failed_exits_1_and_says_why(
    cli: Cli, tmp_path: Path, broken_outlets: Path
) -> None:
    done = cli("crawl", "--sources", str(broken_outlets), cwd=tmp_path, env=LOCAL_SITE_ENV)
    assert done.returncode == 1, done.stderr
    failure = next(line for line in done.stderr.splitlines() if "every request failed" in line)
    assert "kabarmasa.com: connection refused ×" in failure
    assert "wartabekasi.com: HTTP 503 ×" in failure
    assert "Traceback" not in done.stderr

    as_json = cli(
        "crawl", "--sources", str(broken_outlets), "--json", cwd=tmp_path, env=LOCAL_SITE_ENV
    )
    assert as_json.returncode == 1
    summary = json.loads(as_json.stdout)
    assert summary["all_failed"] is True
    assert summary["unreachable"] == ["kabarmasa.com", "wartabekasi.com"]
    assert set(summary["failed"]["wartabekasi.com"]) == {"HTTP 503"}


def test_verbose_shows_scrapys_log(cli: Cli, tmp_path: Path, broken_outlets: Path) -> None:
    done = cli(
        "crawl", "--sources", str(broken_outlets), "--verbose", cwd=tmp_path, env=LOCAL_SITE_ENV
    )
    assert done.returncode == 1
    assert "[scrapy.core.engine] INFO: Spider opened" in done.stderr
    assert not (tmp_path / "var" / "logs").exists()


def test_a_crawl_shows_progress_and_a_summary_not_scrapys_log(
    cli: Cli, sample_site: Any, tmp_path: Path
) -> None:
    sources = sample_site.write_sources(tmp_path / "sources.yaml")
    done = cli("crawl", "--sources", str(sources), cwd=tmp_path, env=LOCAL_SITE_ENV)
    assert done.returncode == 0, done.stderr
    found = re.match(r"(\d+) articles extracted, \1 new", done.stdout)
    assert found, done.stdout
    lines = done.stderr.splitlines()
    assert len(lines) <= 5, done.stderr  # it was about 100 lines of Scrapy's log
    assert lines[-2].startswith("crawl: ")
    assert f"{found[1]} articles found, {found[1]} stored, 1 rejected" in lines[-2]
    assert "[scrapy" not in done.stderr
    (log,) = (tmp_path / "var" / "logs").glob("crawl-*.log")
    assert lines[-1] == f"full log: {log}"
    assert "[scrapy.core.engine] INFO: Spider closed (finished)" in log.read_text(encoding="utf-8")
