"""A digest built from a real SQLite store and rendered in Indonesian and English."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from digest_samples import DAY, QUIET_DAY, vocabulary

from pantau.settings import DigestSettings
from search_api.digests.build import build_digest, default_day
from search_api.digests.render import render_digest, snippet_html, snippet_text
from search_api.digests.searches import SavedSearch
from search_api.filters_core import Filters, build_request
from search_api.store import Store, open_store

JAKARTA = "Asia/Jakarta"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()


def _saved(query: str = "bekasi", **filters: list[str]) -> SavedSearch:
    return SavedSearch(
        id=7,
        name="Pemkot Bekasi",
        query=query,
        created_at=datetime(2026, 11, 1, tzinfo=UTC),
        **filters,  # type: ignore[arg-type]
    )


def test_the_day_is_the_previous_calendar_day_in_jakarta() -> None:
    # 07:00 WIB on the 29th is 00:00 UTC: the digest covers the 28th, 00:00–24:00 WIB.
    assert default_day(datetime(2026, 11, 29, 0, 0, tzinfo=UTC), JAKARTA) == DAY
    # 23:30 UTC on the 28th is already 06:30 WIB on the 29th.
    assert default_day(datetime(2026, 11, 28, 23, 30, tzinfo=UTC), JAKARTA) == DAY
    # The digest's request: that whole day on the office's clock (the one request builder).
    day = build_request(Filters(date_from=DAY, date_to=DAY), ZoneInfo(JAKARTA))
    start, end = day.date_from, day.date_to
    assert start is not None
    assert end is not None
    assert start.isoformat() == "2026-11-28T00:00:00+07:00"
    assert end.isoformat() == "2026-11-29T00:00:00+07:00"


def test_digest_counts_agencies_and_order(store: Store) -> None:
    digest = build_digest(store, _saved(), DAY, DigestSettings(), JAKARTA, vocabulary())
    # Articles at 23:59 the day before and 00:10 the day after are outside; Sumedang never matched.
    assert digest.total == 4
    assert digest.sentiments == {"negative": 2, "neutral": 1, "positive": 1}
    assert digest.negative == 2
    pemkot = digest.agencies[0]
    assert (pemkot.agency, pemkot.articles) == ("kota-bekasi/pemkot", 4)
    assert (pemkot.tones.negative, pemkot.tones.neutral, pemkot.tones.positive) == (2, 1, 1)
    assert {a.agency for a in digest.agencies} >= {"kota-bekasi/bpbd", "nasional/bpk"}
    # Negative first (newest first within), then neutral, then positive.
    assert [a.sentiment for a in digest.articles] == ["negative", "negative", "neutral", "positive"]
    assert digest.articles[0].title.startswith("Proyek jalan")
    assert digest.articles[1].reasons == [
        "banjir merendam",
        "mengeluhkan drainase",
        "lamban menangani",
    ]


def test_filters_and_limits(store: Store) -> None:
    digest = build_digest(
        store,
        _saved(sentiments=["negative"]),
        DAY,
        DigestSettings(max_articles=1, max_agencies=2, scan_limit=1),
        JAKARTA,
        vocabulary(),
    )
    assert digest.total == 2
    assert digest.filters == {"sentiment": ["negative"]}
    assert len(digest.articles) == 1
    assert digest.scanned == 1
    assert len(digest.agencies) == 2
    text = render_digest(digest, "id").text
    assert "dari 2" in text  # says the top articles were chosen from part of the day
    assert "…dan 1 berita lainnya" in text


def test_indonesian_rendering(store: Store) -> None:
    rendered = render_digest(
        build_digest(store, _saved(), DAY, DigestSettings(), JAKARTA, vocabulary()), "id"
    )
    assert rendered.subject == (
        "Pantau — Ringkasan berita 28 November 2026: 4 berita (2 negatif) · Pemkot Bekasi"
    )
    text = rendered.text
    assert "Periode: Sabtu, 28 November 2026, pukul 00.00–24.00 WIB" in text
    assert "4 berita — 2 negatif · 1 netral · 1 positif" in text
    assert "Pemerintah Kota Bekasi (kota-bekasi/pemkot): 4 berita — 2 negatif, 1 netral" in text
    assert "1. [Negatif] Proyek jalan Pemkot Bekasi molor" in text
    assert "Kabar Masa · 28 Nov 2026 21.40 WIB" in text
    assert "Alasan: banjir merendam; mengeluhkan drainase; lamban menangani" in text
    assert "https://kabarmasa.com/berita/2026/11/1/" in text
    html = rendered.html
    assert '<html lang="id">' in html
    assert "Alasan: banjir merendam; mengeluhkan drainase; lamban menangani" in html
    assert '<a href="https://kabarmasa.com/berita/2026/11/1/' in html
    assert "<b>Bekasi</b>" in html  # matched terms in bold


def test_english_rendering(store: Store) -> None:
    rendered = render_digest(
        build_digest(store, _saved(), DAY, DigestSettings(), JAKARTA, vocabulary()), "en"
    )
    assert rendered.subject == (
        "Pantau — News digest 28 November 2026: 4 articles (2 negative) · Pemkot Bekasi"
    )
    assert "Why: molor dari jadwal; pekerjaan terbengkalai" in rendered.text
    assert "2 negative · 1 neutral · 1 positive" in rendered.text
    assert "21:40 WIB" in rendered.text
    assert '<html lang="en">' in rendered.html


def test_quiet_day(store: Store) -> None:
    digest = build_digest(store, _saved(), QUIET_DAY, DigestSettings(), JAKARTA, vocabulary())
    assert (digest.total, digest.articles, digest.agencies) == (0, [], [])
    rendered = render_digest(digest, "id")
    assert rendered.subject == (
        "Pantau — Ringkasan berita 20 November 2026: tidak ada berita baru · Pemkot Bekasi"
    )
    assert "Tidak ada berita baru" in rendered.text
    assert "Berita teratas" not in rendered.text
    assert render_digest(digest, "en").subject.endswith("no new articles · Pemkot Bekasi")


def test_no_negative_subject_and_singular(store: Store) -> None:
    digest = build_digest(store, _saved("wtp"), DAY, DigestSettings(), JAKARTA, vocabulary())
    assert render_digest(digest, "en").subject == (
        "Pantau — News digest 28 November 2026: 1 article · Pemkot Bekasi"
    )


def test_names_and_snippets_are_escaped_in_html(store: Store) -> None:
    saved = _saved()
    saved.name = "<script>alert(1)</script> & co"
    html = render_digest(
        build_digest(store, saved, DAY, DigestSettings(), JAKARTA, vocabulary()), "id"
    ).html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert snippet_html("a &lt;b&gt; <mark>c</mark> <mark>d") == "a &lt;b&gt; <b>c</b> <b>d</b>"
    assert snippet_text("a &amp; <mark>b</mark>") == "a & b"


def test_a_store_that_fails_raises(tmp_path: Path) -> None:
    from search_api.store import StoreError

    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    store.close()
    with pytest.raises(StoreError):
        build_digest(store, _saved(), date(2026, 11, 28), DigestSettings(), JAKARTA, vocabulary())


def test_digest_counts_stories_and_copies_apart(store: Store) -> None:
    alone = build_digest(store, _saved(), DAY, DigestSettings(), JAKARTA, vocabulary())
    assert alone.stories == alone.total == 4
    assert "cerita" not in render_digest(alone, "id").text
    # Two of the day's articles become copies of one story (as the crawl's clustering would).
    first, second = (store.get(a.id) for a in alone.articles[:2])
    assert first is not None
    assert second is not None
    second.cluster_id = first.cluster_id
    store.upsert([second])
    digest = build_digest(store, _saved(), DAY, DigestSettings(), JAKARTA, vocabulary())
    assert (digest.total, digest.stories) == (4, 3)
    rendered = render_digest(digest, "id")
    assert "4 berita (3 cerita; salinan di beberapa media dihitung sekali)" in rendered.text
    assert "(3 cerita; salinan di beberapa media dihitung sekali)" in rendered.html
    assert "(3 stories; copies on several outlets count once)" in render_digest(digest, "en").text
