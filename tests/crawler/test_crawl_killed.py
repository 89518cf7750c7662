"""A crawl killed mid-crawl (SIGKILL, as the kernel ends a process hit by SIGBUS or the OOM killer)
while the store refuses writes: every article the store pipeline had handled is in the spool, and
the next crawl stores them and exits 0 (a spool fully replayed is not a failure)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from crawler import spool
from pantau.crawl_process import LOCAL_SITE_ENV
from search_api.store import open_store

pytestmark = pytest.mark.slow  # two crawls in subprocesses


def _env(home: Path, store_url: str, **extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    return {**clean, **LOCAL_SITE_ENV, "PANTAU_HOME": str(home), "PANTAU_STORE": store_url, **extra}


def _crawl_cmd(sources: Path) -> list[str]:
    return [sys.executable, "-m", "pantau_cli", "crawl", "--sources", str(sources), "--json"]


def _journaled(spool_dir: Path) -> set[str]:
    return {a.id for path in spool.pending(spool_dir) for a in spool.read(path)}


def test_a_crawl_killed_mid_batch_loses_nothing(sample_site: Any, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    db = home / "pantau.db"
    store_url = f"sqlite:///{db}"
    open_store(store_url).close()
    sources = sample_site.write_sources(tmp_path / "sources.yaml")

    # The store is made unwritable: another connection holds its write lock for the whole crawl.
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    # Slow enough (one request at a time, 0.2 s apart) that the kill lands mid-crawl.
    slow = {"PANTAU_CRAWL__DOWNLOAD_DELAY": "0.2", "PANTAU_CRAWL__CONCURRENT_PER_DOMAIN": "1"}
    with (tmp_path / "killed.err").open("w") as err:
        crawl = subprocess.Popen(
            _crawl_cmd(sources),
            env=_env(home, store_url, **slow),
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 180
            while spool.count(home / "spool") < 5 and crawl.poll() is None:
                assert time.monotonic() < deadline, "no article reached the spool"
                time.sleep(0.05)
        finally:
            os.killpg(crawl.pid, signal.SIGKILL)
            crawl.wait(timeout=30)
    assert crawl.returncode == -signal.SIGKILL, (tmp_path / "killed.err").read_text()
    blocker.execute("ROLLBACK")
    blocker.close()

    journaled = _journaled(home / "spool")
    assert len(journaled) >= 5
    store = open_store(store_url)
    try:
        assert store.count() == 0  # nothing could be written: the spool is all there is
    finally:
        store.close()

    again = subprocess.run(
        [*_crawl_cmd(sources), "--no-alerts"],
        env=_env(home, store_url),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert again.returncode == 0, again.stderr  # the spool was replayed whole: not a failure
    summary = json.loads(again.stdout)
    assert summary["replayed"] == len(journaled)
    assert summary["waiting_in_spool"] == 0
    assert spool.pending(home / "spool") == []
    store = open_store(store_url)
    try:
        assert all(store.get(article_id) is not None for article_id in journaled)
        # Killed mid-crawl, not at its end: the second crawl found articles the first had not.
        assert store.count() > len(journaled)
    finally:
        store.close()


def test_exit_1_while_articles_wait_in_the_spool_and_0_once_replayed(
    sample_site: Any, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    db = home / "pantau.db"
    store_url = f"sqlite:///{db}"
    open_store(store_url).close()
    sources = sample_site.write_sources(tmp_path / "sources.yaml")

    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # the store refuses every write of this crawl
    try:
        locked = subprocess.run(
            [*_crawl_cmd(sources), "--no-alerts"],
            env=_env(home, store_url),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert locked.returncode == 1
    assert "wait in the spool" in locked.stderr
    waiting = json.loads(locked.stdout)["waiting_in_spool"]
    assert waiting > 0

    again = subprocess.run(
        [*_crawl_cmd(sources), "--no-alerts"],
        env=_env(home, store_url),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert (summary["replayed"], summary["waiting_in_spool"]) == (waiting, 0)
