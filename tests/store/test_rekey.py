"""Re-keying a store written with the old ids (a hash of the whole canonical URL): Elasticsearch
through ``elastic_rekey``, and ``pantau store rekey`` moving the office database's references."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_sqlite_migrate import OLD_COPIES, _version_2_file

from pantau.models import article_id
from search_api.alerts.match import Found
from search_api.alerts.outbox import record as record_alert
from search_api.alerts.outbox import seen
from search_api.corrections.ledger import history
from search_api.corrections.ledger import record as record_correction
from search_api.digests import searches
from search_api.digests.db import connect
from search_api.rekey_ids import rekey_all
from search_api.store.elastic import ElasticStore
from search_api.store.elastic_rekey import rekey

NOW = datetime(2026, 11, 6, 8, 0, tzinfo=UTC)
BANJIR = article_id("kabarmasa.com", "https://kabarmasa.com/berita/7/banjir")
PASAR = article_id("kabarmasa.com", "https://kabarmasa.com/berita/8/pasar")


def test_old_ids_are_what_the_fixture_says() -> None:
    # The fixture's ids really are the old scheme's, so these tests test a migration.
    first = OLD_COPIES[0]
    digest = hashlib.blake2b(first.canonical_url.encode(), digest_size=10).hexdigest()
    assert first.id == digest != BANJIR


@pytest.fixture
def old_elastic(elasticsearch_url: str) -> Iterator[ElasticStore]:
    store = ElasticStore(elasticsearch_url, index=f"pantau-test-{uuid.uuid4().hex[:12]}")
    assert store.upsert(OLD_COPIES).failed == 0
    yield store
    store.drop()
    store.close()


@pytest.mark.elasticsearch
def test_elasticsearch_store_is_rekeyed_and_copies_merged(old_elastic: ElasticStore) -> None:
    aliases = rekey(old_elastic)
    assert aliases == {**{a.id: BANJIR for a in OLD_COPIES[:3]}, OLD_COPIES[3].id: PASAR}
    assert old_elastic.count() == 2
    kept = old_elastic.get(BANJIR)
    assert kept is not None
    assert kept.url == "http://127.0.0.1:8701/berita/7/banjir"  # the newest crawl
    assert old_elastic.existing([a.id for a in OLD_COPIES]) == set()
    assert rekey(old_elastic) == {}  # done: a second run has nothing to do
    assert old_elastic.count() == 2


def _office_with_old_references(office: Path) -> None:
    """Corrections and an alert's sent-log naming articles by their old ids."""
    conn = connect(office)
    try:
        for old in OLD_COPIES[:2]:
            record_correction(conn, old, agency_id=None, tone="positive", reason="Bantuan.",
                              corrected_by="Ani", now=NOW)  # fmt: skip
        saved = searches.create_saved_search(
            conn, searches.SearchFields(name="Banjir", query="banjir")
        )
        sub = searches.subscribe(conn, saved.id, "humas@bekasikota.go.id", "id")
        for old in OLD_COPIES[:2]:  # two runs alerted on two copies of one article
            found = Found(kind="match", articles=[old])
            assert record_alert(conn, sub.id, found, {}, [], now=NOW, deliver_at=NOW,
                                held_until=None) is not None  # fmt: skip
    finally:
        conn.close()


def test_rekey_command_moves_the_office_references(tmp_path: Path) -> None:
    store_path, office = tmp_path / "pantau.db", tmp_path / "office.db"
    _version_2_file(store_path)
    _office_with_old_references(office)
    report = rekey_all(f"sqlite:///{store_path}", office)
    assert report == {"aliases": 4, "corrections": 2, "alert_articles": 1}
    conn = connect(office)
    try:
        assert len(history(conn, BANJIR)) == 2  # both corrections, under the new id
        assert history(conn, OLD_COPIES[0].id) == []
        assert seen(conn, 1, [BANJIR]) == {BANJIR}  # it alerted already: no second alert
        assert seen(conn, 1, [a.id for a in OLD_COPIES]) == set()
    finally:
        conn.close()
    # Again: nothing left to move.
    assert rekey_all(f"sqlite:///{store_path}", office) == {
        "aliases": 4, "corrections": 0, "alert_articles": 0
    }  # fmt: skip


def test_rekey_without_an_office_database(tmp_path: Path) -> None:
    _version_2_file(tmp_path / "pantau.db")
    report = rekey_all(f"sqlite:///{tmp_path / 'pantau.db'}", tmp_path / "office.db")
    assert report == {"aliases": 4, "corrections": 0, "alert_articles": 0}
    assert not (tmp_path / "office.db").exists()


def test_store_rekey_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pantau_cli.main import main

    _version_2_file(tmp_path / "pantau.db")
    _office_with_old_references(tmp_path / "office.db")
    monkeypatch.setenv("PANTAU_HOME", str(tmp_path))
    monkeypatch.setenv("PANTAU_STORE", f"sqlite:///{tmp_path / 'pantau.db'}")
    assert main(["store", "rekey"]) == 0
    assert capsys.readouterr().out == (
        "4 articles re-keyed; office database: 2 corrections, 1 alert records moved\n"
    )
