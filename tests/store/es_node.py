"""A real Elasticsearch for the test session: ``ELASTICSEARCH_URL`` if set, else
``scripts/es-test-node``.

When no node can be had, Elasticsearch tests are skipped with the reason, unless
``PANTAU_REQUIRE_ES=1`` (CI sets it), which turns that into a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "es-test-node"
# Covers the first-run download (~95 MB) plus a cold start on a busy CI machine.
START_TIMEOUT_S = 600


def _unavailable(reason: str) -> None:
    if os.environ.get("PANTAU_REQUIRE_ES") == "1":
        pytest.fail(f"PANTAU_REQUIRE_ES=1 but no Elasticsearch: {reason}", pytrace=False)
    pytest.skip(f"no Elasticsearch ({reason}); set ELASTICSEARCH_URL or see scripts/es-test-node")


def _read_url(node: subprocess.Popen[str]) -> str | None:
    """The URL the script prints once the node is up; None if it exits or times out first."""
    found: list[str] = []

    def read() -> None:
        assert node.stdout is not None
        for line in node.stdout:
            if line.startswith("ELASTICSEARCH_URL="):
                found.append(line.strip().split("=", 1)[1])
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(START_TIMEOUT_S)
    return found[0] if found else None


def elasticsearch_url() -> Iterator[str]:
    """Yields a node URL for the session; stops the node this started when the session ends."""
    given = os.environ.get("ELASTICSEARCH_URL")
    if given:
        yield given
        return
    node = subprocess.Popen(
        [sys.executable, str(SCRIPT)], stdout=subprocess.PIPE, stderr=None, text=True
    )
    try:
        url = _read_url(node)
        if url is None:
            try:
                status: object = node.wait(timeout=30)
            except subprocess.TimeoutExpired:
                status = "no URL in time"
            _unavailable(f"scripts/es-test-node: {status} (its log is above)")
        assert url is not None
        yield url
    finally:
        node.terminate()
        try:
            node.wait(timeout=60)
        except subprocess.TimeoutExpired:
            node.kill()
            node.wait()
        if node.stdout is not None:
            node.stdout.close()
