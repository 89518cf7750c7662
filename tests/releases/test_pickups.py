"""Pickups of the sample site's press releases, in a real SQLite store filled from the site data."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

from bench.sample_truth import pickup_truth, release_articles, sample_store_articles
from pantau.models import Article, Quote, Sentiment
from search_api.digests.db import connect
from search_api.releases.pickups import find_pickups, releases_carried
from search_api.releases.registry import add_from_article, list_releases
from search_api.store import open_store
from search_api.store.base import Store


def _fill(tmp_path: Path) -> tuple[Store, dict[int, str]]:
    store = open_store(f"sqlite:///{tmp_path / 'pantau.db'}")
    store.upsert(sample_store_articles())
    conn = connect(tmp_path / "office.db")
    by_id: dict[int, str] = {}
    for syndication, article in release_articles().items():
        release, created = add_from_article(conn, article, source="url", registered_by="tes")
        assert created
        by_id[release.id] = syndication
    conn.close()
    return store, by_id


def test_every_pickup_is_found_and_nothing_else(tmp_path: Path) -> None:
    store, by_id = _fill(tmp_path)
    conn = connect(tmp_path / "office.db")
    try:
        found = {
            (by_id[release.id], pickup.article_id)
            for release in list_releases(conn)
            for pickup in find_pickups(store, release)
        }
    finally:
        conn.close()
        store.close()
    truth = pickup_truth()
    assert len(truth) >= 7
    assert found == truth  # precision and recall 1.0 on the sample site (bench/pickups.py)


def test_a_pickup_says_how_much_was_reused_what_was_added_and_when(tmp_path: Path) -> None:
    store, by_id = _fill(tmp_path)
    conn = connect(tmp_path / "office.db")
    try:
        release = next(
            r for r in list_releases(conn) if by_id[r.id] == "rilis-beasiswa-mahasiswa-kota-bekasi"
        )
        [pickup] = find_pickups(store, release)
    finally:
        conn.close()
        store.close()
    assert pickup.outlet == "wartabekasi.com"
    assert pickup.kind == "rewritten"
    assert 0.12 <= pickup.reused < 0.7
    assert pickup.delay == timedelta(hours=7, minutes=40)
    # The DPRD member's criticism is the outlet's own; the office's quote is not "added".
    assert any("Kuota 1.500 itu jauh dari cukup" in q for q in pickup.added_quotes)
    assert not any("Seleksi dilakukan terbuka" in q for q in pickup.added_quotes)
    assert any("dinilai terlalu kecil" in s for s in pickup.added_sentences)


def test_verbatim_copy_and_tone_difference(tmp_path: Path) -> None:
    store, by_id = _fill(tmp_path)
    conn = connect(tmp_path / "office.db")
    try:
        release = next(
            r for r in list_releases(conn) if by_id[r.id] == "rilis-normalisasi-kali-bekasi"
        )
        pickups = {p.outlet: p for p in find_pickups(store, release)}
    finally:
        conn.close()
        store.close()
    assert pickups["kabarmasa.com"].kind == "verbatim"
    assert pickups["kabarmasa.com"].reused >= 0.9
    assert pickups["kabarmasa.com"].added_sentences == []
    assert pickups["suarapriangan.net"].kind == "rewritten"
    # Listed earliest first.
    assert list(pickups) == ["kabarmasa.com", "suarapriangan.net"]


def test_tone_differs_when_the_outlet_is_negative(tmp_path: Path) -> None:
    store, _by_id = _fill(tmp_path)
    conn = connect(tmp_path / "office.db")
    try:
        [release] = [r for r in list_releases(conn) if "Beasiswa" in r.title]
        base = next(a for a in sample_store_articles() if a.title.startswith("Beasiswa Rp 6 Juta"))
        negative = Article.from_dict(base.to_dict())
        negative.sentiment = Sentiment(label="negative", score=0.8)
        negative.quotes = [
            Quote(speaker="Yusuf", text="Kuota 1.500 itu jauh dari cukup, kata dia.")
        ]
        store.upsert([negative])
        [pickup] = find_pickups(store, dataclasses.replace(release, sentiment="positive"))
    finally:
        conn.close()
        store.close()
    assert pickup.tone == "negative"
    assert pickup.tone_differs
    assert pickup.added_quotes == ["Kuota 1.500 itu jauh dari cukup, kata dia."]


def test_releases_carried_by_given_articles(tmp_path: Path) -> None:
    store, by_id = _fill(tmp_path)
    truth = pickup_truth()
    carriers = sorted({article for _, article in truth})
    unrelated = next(
        a.id for a in sample_store_articles() if a.title.startswith("Bazar UMKM Kabupaten Bekasi")
    )
    conn = connect(tmp_path / "office.db")
    try:
        answer = releases_carried(store, conn, [*carriers, unrelated, "0" * 20])
    finally:
        conn.close()
        store.close()
    assert "0" * 20 not in answer
    assert answer[unrelated] == []
    for article in carriers:
        assert {(by_id[c.release_id], article) for c in answer[article]} <= truth
        assert answer[article]
