"""``pantau crawl --worker`` and ``pantau crawl status`` refuse what distributed mode cannot do,
with a message that says what to set; ``crawl.frontier`` must be a Redis URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.distributed.frontier import Frontier
from pantau.config_errors import ConfigError
from pantau.settings import Settings
from pantau_cli.main import main
from tests.net_helpers import free_port


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PANTAU_HOME", str(tmp_path / "var"))
    monkeypatch.delenv("PANTAU_STORE", raising=False)
    monkeypatch.delenv("PANTAU_CRAWL__FRONTIER", raising=False)
    monkeypatch.chdir(tmp_path)  # no pantau.toml of the developer's
    return tmp_path


def test_a_worker_refuses_an_sqlite_store(
    home: Path,
    frontier_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PANTAU_CRAWL__FRONTIER", frontier_url)
    sources = home / "sources.yaml"
    sources.write_text("sources: []\n", encoding="utf-8")
    assert main(["crawl", "--worker", "--sources", str(sources)]) == 2
    err = capsys.readouterr().err
    assert "needs an Elasticsearch store" in err
    assert "sqlite:///" in err
    assert not (home / "var" / "pantau.db").exists()  # refused before anything was opened


def test_a_worker_needs_a_frontier(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crawl", "--worker"]) == 2
    assert "PANTAU_CRAWL__FRONTIER" in capsys.readouterr().err
    assert main(["crawl", "status"]) == 2
    assert "PANTAU_CRAWL__FRONTIER" in capsys.readouterr().err


def test_a_worker_crawls_every_source(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crawl", "--worker", "--source", "kabarmasa.com"]) == 2
    assert "--source" in capsys.readouterr().err


def test_status_of_an_unreachable_frontier_says_so(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PANTAU_CRAWL__FRONTIER", f"redis://127.0.0.1:{free_port()}/0")
    monkeypatch.setenv("PANTAU_STORE", "http://127.0.0.1:9/")
    assert main(["crawl", "status"]) == 1
    assert "unreachable" in capsys.readouterr().err


def test_status_shows_the_cycle_and_workers(
    home: Path,
    frontier_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    frontier = Frontier(frontier_url)
    frontier.claim_cycle("vm:1", interval=0, visibility=60)
    frontier.push("a.com", b"x")
    frontier.report("vm:1", {"requests": 7, "created": 5, "state": "running", "seen": 1e12})
    frontier.report("vm:2", {"requests": 3, "created": 2, "state": "finished (finished)"})
    frontier.close()
    monkeypatch.setenv("PANTAU_CRAWL__FRONTIER", frontier_url)
    monkeypatch.setenv("PANTAU_STORE", "http://127.0.0.1:9/")
    assert main(["crawl", "status"]) == 0
    out = capsys.readouterr().out
    assert "cycle 1" in out
    assert "1 queued, 1 in flight" in out  # the seed lease is in flight until seeding ends
    lines = {line.split()[0]: line.split() for line in out.splitlines()[1:]}
    assert lines["vm:1"][1:4] == ["running", "7", "0"]
    assert lines["total"][:2] == ["total", "10"]


def test_the_frontier_must_be_a_redis_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANTAU_CRAWL__FRONTIER", "http://redis:6379")
    with pytest.raises(ConfigError, match="redis://"):
        Settings()
