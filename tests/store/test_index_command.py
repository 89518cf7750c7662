"""``pantau index migrate|verify`` from SQLite into a real Elasticsearch."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_samples import sample_articles

from pantau_cli.main import main
from search_api.store.elastic import ElasticStore
from search_api.store.sqlite import SQLiteStore
from tests.store.test_sqlite_scale import corpus

pytestmark = pytest.mark.elasticsearch


@pytest.fixture
def source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PANTAU_HOME", str(tmp_path / "home"))  # where the checkpoint goes
    path = tmp_path / "src.db"
    with SQLiteStore(path) as store:
        store.upsert(sample_articles())
    return f"sqlite:///{path}"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = main(["index", *argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_migrate_copies_everything_then_verify_agrees(
    source: str,
    elastic_store: ElasticStore,
    elasticsearch_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = f"{elasticsearch_url}/?index={elastic_store.alias}"
    code, out = _run(capsys, "migrate", "--from", source, "--to", target, "--batch", "3")
    assert code == 0
    assert (out["read"], out["created"], out["failed"]) == (10, 10, 0)
    assert elastic_store.count() == 10
    code, out = _run(capsys, "verify", "--from", source, "--to", target)
    assert (code, out["ok"], out["sampled"]) == (0, True, 10)
    # A second run resumes after the checkpoint: nothing left to copy.
    code, out = _run(capsys, "migrate", "--from", source, "--to", target)
    assert (code, out["read"]) == (0, 0)
    code, out = _run(capsys, "migrate", "--from", source, "--to", target, "--after", "a7")
    assert (out["read"], out["updated"]) == (2, 2)  # a8, a9 (ids sort as text)


def test_verify_reports_missing_and_different(
    source: str,
    elastic_store: ElasticStore,
    elasticsearch_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    articles = sample_articles()
    articles[0].title = "changed"
    elastic_store.upsert(articles[:9])
    target = f"{elasticsearch_url}/?index={elastic_store.alias}"
    code, out = _run(capsys, "verify", "--from", source, "--to", target, "--sample", "50")
    assert code == 1
    assert (out["source_count"], out["target_count"]) == (10, 9)
    assert out["missing"] == [articles[9].id]
    assert out["different"] == ["a1"]


def test_ctrl_c_pauses_a_migration_and_the_same_command_resumes(
    tmp_path: Path, elastic_store: ElasticStore, elasticsearch_url: str
) -> None:
    source = tmp_path / "src.db"
    # Enough batches of one that the copy is still running when the signal comes, even when a
    # loaded machine lets this test look for the first checkpoint only seconds later.
    articles = [
        dataclasses.replace(a, id=f"{a.id}-{k}", url=f"{a.url}-{k}", canonical_url=f"{a.url}-{k}")
        for k in range(12)
        for a in corpus(900, seed=7)
    ]
    with SQLiteStore(source) as store:
        store.upsert(articles)
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    env["PANTAU_HOME"] = str(home)
    target = f"{elasticsearch_url}/?index={elastic_store.alias}"
    argv = [sys.executable, "-m", "pantau_cli", "index", "migrate", "--json"]
    argv += ["--from", f"sqlite:///{source}", "--to", target]
    first = subprocess.Popen(
        [*argv, "--batch", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As from a terminal. A process started with SIGINT ignored keeps ignoring it, and
        # earlier tests leave this pytest process ignoring it (the whole suite: the copy ran to
        # the end; alone: interrupted).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while not list(home.glob("index-migrate-*.json")):  # a batch is copied: stop it mid-way
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert first.poll() is None, "the copy ended before it could be interrupted"
    first.send_signal(signal.SIGINT)
    _, stderr = first.communicate(timeout=60)
    assert first.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "interrupted after" in stderr
    assert "the same command resumes after" in stderr
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    resumed = json.loads(done.stdout)
    assert 0 < resumed["read"] < len(articles)  # only what the first run had not copied
    elastic_store.refresh()
    assert elastic_store.count() == len(articles)
