"""A busy port ends ``pantau serve`` and ``pantau demo`` with one line and exit 2, before the demo
crawls anything into the store."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

Cli = Callable[..., subprocess.CompletedProcess[str]]  # the `cli` fixture (conftest.py)


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        yield busy.getsockname()[1]


def test_serve_reports_a_busy_port(cli: Cli, tmp_path: Path, busy_port: int) -> None:
    done = cli("serve", "--host", "127.0.0.1", "--port", str(busy_port), cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith(f"pantau: cannot listen on 127.0.0.1:{busy_port}: ")
    assert "--port" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1


def test_demo_checks_the_api_port_before_crawling(cli: Cli, tmp_path: Path, busy_port: int) -> None:
    done = cli("demo", "--port", str(busy_port), "--site-port", "0", cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{busy_port}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "var" / "pantau.db").exists()  # nothing was crawled
