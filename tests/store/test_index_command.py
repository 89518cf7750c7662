"""``pantau index migrate|verify`` from SQLite into a real Elasticsearch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_samples import sample_articles

from pantau_cli.main import main
from search_api.store.elastic import ElasticStore
from search_api.store.sqlite import SQLiteStore

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
