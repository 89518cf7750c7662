"""Pickups of the sample site's press releases, in a real SQLite store filled from the site data."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bench.sample_truth import pickup_truth, release_articles, sample_store_articles
from pantau.models import Article, Quote, Sentiment
from search_api.digests.db import connect
from search_api.releases.pickups import find_pickups, releases_carried
from search_api.releases.registry import (
    ReleaseError,
    add_from_article,
    add_release,
    get_release,
    list_releases,
)
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


def test_registry_refuses_bad_releases_with_the_field_named(tmp_path: Path) -> None:
    conn = connect(tmp_path / "office.db")
    text = "Pemerintah Kota Bekasi " * 12
    when = datetime(2023, 11, 12, 8, 0, tzinfo=UTC)
    cases = [
        ({"title": " "}, "title: must not be empty"),
        ({"text": "pendek"}, "text: at least 30 words"),
        ({"published_at": datetime(2023, 11, 12)}, "published_at: must carry a timezone"),
        ({"published_at": datetime(1, 1, 1, tzinfo=UTC)}, "published_at: a year from 1990"),
        ({"source": "fax"}, "source: one of text, url, feed"),
        ({"registered_by": ""}, "registered_by: must not be empty"),
    ]
    try:
        for change, message in cases:
            values = {"title": "Rilis", "text": text, "published_at": when, "source": "text",
                      "registered_by": "tes", **change}  # fmt: skip
            with pytest.raises(ReleaseError, match=message):
                add_release(conn, **values)  # type: ignore[arg-type]
        assert list_releases(conn) == []
        made, created = add_release(conn, title="Rilis", text=text, published_at=when,
                                    source="text", registered_by="tes")  # fmt: skip
        assert created
        assert get_release(conn, made.id) == made
        with pytest.raises(ReleaseError, match="no release 999"):
            get_release(conn, 999)
    finally:
        conn.close()
