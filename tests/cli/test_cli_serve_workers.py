"""``pantau serve --workers N``: N server processes answer on one port, each with its own store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pantau.models import Article
from search_api.store.sqlite import SQLiteStore

ARTICLES = [
    Article(id=f"w{i}", url=f"https://a.id/{i}", canonical_url=f"https://a.id/{i}", outlet="a.id",
            title=f"Banjir {i}", text="Banjir di kota.")
    for i in range(3)
]  # fmt: skip


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


@pytest.mark.slow
def test_two_workers_serve_the_same_store(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with SQLiteStore(home / "pantau.db") as store:
        store.upsert(ARTICLES)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    env = {**clean, "PANTAU_HOME": str(home), "PANTAU_STORE": f"sqlite:///{home / 'pantau.db'}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "pantau_cli", "serve", "--host", "127.0.0.1", "--port", "0",
         "--workers", "2"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        base = server.stdout.readline().split("Web UI: ", 1)[1].strip().rstrip("/")
        health = None
        deadline = time.monotonic() + 60
        while health is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                    health = json.loads(response.read())
            except OSError:
                time.sleep(0.3)
        assert health is not None, "no worker answered within 60 s"
        assert health["articles"] == len(ARTICLES)
        workers = [pid for pid in _children(server.pid) if _is_worker(pid)]
        assert len(workers) == 2
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()


def _is_worker(pid: int) -> bool:
    try:
        return "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return False
