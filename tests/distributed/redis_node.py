"""A real ``redis-server`` for the test session, started like the Elasticsearch node.

``PANTAU_TEST_REDIS`` (a path) picks the binary, else ``redis-server`` on PATH. Without one the
tests that need it skip with the reason, unless ``PANTAU_REQUIRE_REDIS=1`` (CI sets it), which
turns that into a failure. The server keeps no files: no RDB snapshots, no append-only file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.net_helpers import free_port

START_TIMEOUT_S = 20.0


def _unavailable(reason: str) -> None:
    if os.environ.get("PANTAU_REQUIRE_REDIS") == "1":
        pytest.fail(f"PANTAU_REQUIRE_REDIS=1 but no Redis: {reason}", pytrace=False)
    pytest.skip(f"no Redis ({reason}); install redis-server (apt-get install redis-server)")


def redis_binary() -> str | None:
    return os.environ.get("PANTAU_TEST_REDIS") or shutil.which("redis-server")


class RedisNode:
    """One redis-server on a free loopback port; ``restart()`` keeps the port (a Redis restart)."""

    def __init__(self, binary: str, workdir: Path) -> None:
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        cmd = [
            self.binary,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", str(self.workdir),
        ]  # fmt: skip
        self.process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + START_TIMEOUT_S
        try:
            while True:
                try:
                    client.ping()
                    return
                except redis.ConnectionError:
                    if self.process.poll() is not None or time.monotonic() > deadline:
                        err = self.process.stderr.read() if self.process.stderr else b""
                        raise RuntimeError(f"redis-server did not start: {err[-500:]!r}") from None
                    time.sleep(0.05)
        finally:
            client.close()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            if self.process.stderr is not None:
                self.process.stderr.close()
            self.process = None


def redis_node(workdir: Path) -> Iterator[RedisNode]:
    binary = redis_binary()
    if binary is None:
        _unavailable("redis-server not found")
    assert binary is not None
    node = RedisNode(binary, workdir)
    try:
        node.start()
    except (RuntimeError, OSError) as exc:
        node.stop()
        _unavailable(str(exc))
    try:
        yield node
    finally:
        node.stop()
