"""Saved searches with the agency-tone filter ("negative coverage of Pemkot Bekasi"), end to end:
validated when saved, through the API and the CLI, run against a real SQLite store whose articles'
tone towards the Pemkot differs from their own tone, rendered, and sent to a real SMTP server."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from auth_helpers import grant
from digest_samples import AGENCY_TONE_EXTRAS, DAY, PEMKOT_NEGATIVE_ON_DAY, WIB, vocabulary
from digest_smtp import SmtpServer
from fastapi.testclient import TestClient

from pantau.models import article_id
from pantau.settings import DigestSettings, Settings
from pantau_cli.main import main
from search_api.app import create_app
from search_api.digests import searches
from search_api.digests.build import build_digest
from search_api.digests.db import connect, open_office
from search_api.digests.render import render_digest
from search_api.digests.run import send_digests
from search_api.digests.searches import SearchFields
from search_api.digests.validation import ValidationError, check_agency_tones
from search_api.store import Store, open_store
from search_api.store.base import SearchRequest

JAKARTA = "Asia/Jakarta"
PEMKOT_NEGATIVE = "kota-bekasi/pemkot:negative"
HUMAS = "humas@bekasikota.go.id"


@pytest.fixture
def store_url(store_url: str) -> str:
    """The sample store plus articles whose tone towards the Pemkot is not their own tone."""
    store = open_store(store_url)
    try:
        report = store.upsert(AGENCY_TONE_EXTRAS)
        assert report.created == len(AGENCY_TONE_EXTRAS), report.errors
    finally:
        store.close()
    return store_url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def office(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect(tmp_path / "office.db")
    try:
        yield conn
    finally:
        conn.close()


# Validation and storage ------------------------------------------------------------------


def test_values_are_cleaned_and_kept(office: sqlite3.Connection) -> None:
    saved = searches.create_saved_search(
        office,
        SearchFields(
            name="Berita negatif Pemkot",
            query="",  # the agency tone alone is a filter
            agency_tones=[
                " Kota-Bekasi/Pemkot:negative ",
                PEMKOT_NEGATIVE,
                "kota-bekasi/bpbd:none",
            ],
        ),
    )
    assert saved.agency_tones == [PEMKOT_NEGATIVE, "kota-bekasi/bpbd:none"]
    assert searches.get_saved_search(office, saved.id).agency_tones == saved.agency_tones
    stored = office.execute("SELECT agency_tones FROM saved_searches").fetchone()[0]
    assert json.loads(stored) == [PEMKOT_NEGATIVE, "kota-bekasi/bpbd:none"]

    cleared = searches.update_saved_search(
        office, saved.id, SearchFields(name="Banjir", query="banjir")
    )
    assert cleared.agency_tones == []


@pytest.mark.parametrize(
    "value",
    [
        "kota-bekasi/pemkot",  # no tone
        "kota-bekasi/pemkot:negatif",  # tones are the API's labels
        "kota-bekasi/pemkot:",
        ":negative",
        "kota bekasi:negative",
        "",
    ],
)
def test_malformed_values_are_refused_naming_the_form(
    office: sqlite3.Connection, value: str
) -> None:
    with pytest.raises(ValidationError, match=r"agency_tone .*expected <agency id>:<positive\|"):
        check_agency_tones([value])
    with pytest.raises(ValidationError, match="agency_tone"):
        searches.create_saved_search(
            office, SearchFields(name="x", query="banjir", agency_tones=[value])
        )
    assert searches.list_saved_searches(office) == []


# Building, rendering, sending --------------------------------------------------------------


def test_the_digest_holds_exactly_the_articles_negative_towards_the_agency(
    store: Store, office: sqlite3.Connection
) -> None:
    saved = searches.create_saved_search(
        office, SearchFields(name="Pemkot negatif", query="", agency_tones=[PEMKOT_NEGATIVE])
    )
    digest = build_digest(store, saved, DAY, DigestSettings(), JAKARTA, vocabulary())
    # 1 and 4 (negative overall) and 9 (positive overall, negative towards the Pemkot); not 8
    # (negative, but neutral towards the Pemkot), nor 10 (the evening before).
    assert {a.id for a in digest.articles} == {a.id for a in PEMKOT_NEGATIVE_ON_DAY}
    assert digest.total == 3
    # The tone counts are the articles' own tones.
    assert digest.sentiments == {"negative": 2, "neutral": 0, "positive": 1}
    pemkot = next(a for a in digest.agencies if a.agency == "kota-bekasi/pemkot")
    assert (
        pemkot.articles,
        pemkot.tones.negative,
        pemkot.tones.neutral,
        pemkot.tones.positive,
    ) == (3, 3, 0, 0)
    assert digest.filters == {"agency_tone": [PEMKOT_NEGATIVE]}

    # Pairs are ORed; with a query both must hold.
    either = searches.create_saved_search(
        office,
        SearchFields(
            name="Pemkot atau DPRD negatif",
            query="",
            agency_tones=[PEMKOT_NEGATIVE, "kota-bekasi/dprd:negative"],
        ),
    )
    assert build_digest(store, either, DAY, DigestSettings(), JAKARTA, vocabulary()).total == 4
    banjir = searches.create_saved_search(
        office, SearchFields(name="Banjir", query="banjir", agency_tones=[PEMKOT_NEGATIVE])
    )
    assert [
        a.id
        for a in build_digest(store, banjir, DAY, DigestSettings(), JAKARTA, vocabulary()).articles
    ] == [PEMKOT_NEGATIVE_ON_DAY[0].id]


def test_the_filter_is_named_in_both_languages(store: Store, office: sqlite3.Connection) -> None:
    saved = searches.create_saved_search(
        office, SearchFields(name="Pemkot negatif", query="", agency_tones=[PEMKOT_NEGATIVE])
    )
    digest = build_digest(store, saved, DAY, DigestSettings(), JAKARTA, vocabulary())
    indonesian = render_digest(digest, "id")
    line = "Filter: sentimen terhadap instansi: Pemerintah Kota Bekasi (Negatif)"
    assert line in indonesian.text
    assert line in indonesian.html
    english = render_digest(digest, "en")
    assert "Filters: tone towards agency: Pemerintah Kota Bekasi (Negative)" in english.text
    # A quiet day has no article to name the agency: the tagger's vocabulary does, as in the UI.
    quiet = build_digest(store, saved, DAY.replace(day=20), DigestSettings(), JAKARTA, vocabulary())
    assert line in render_digest(quiet, "id").text


def test_sent_digest_lists_exactly_those_articles(
    settings: Settings, smtp_server: SmtpServer
) -> None:
    with open_office(settings) as conn:
        saved = searches.create_saved_search(
            conn, SearchFields(name="Pemkot negatif", query="", agency_tones=[PEMKOT_NEGATIVE])
        )
        searches.subscribe(conn, saved.id, HUMAS, "id")
    report = send_digests(settings, day=DAY)
    assert (report.sent, report.failed) == (1, 0)
    [received] = smtp_server.received
    message = received.message
    assert message["Subject"] == (
        "Pantau — Ringkasan berita 28 November 2026: 3 berita (2 negatif) · Pemkot negatif"
    )
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    titles = {a.title for a in [*PEMKOT_NEGATIVE_ON_DAY, *AGENCY_TONE_EXTRAS]}
    listed = {title for title in titles if title in text}
    assert listed == {a.title for a in PEMKOT_NEGATIVE_ON_DAY}
    assert "sentimen terhadap instansi: Pemerintah Kota Bekasi (Negatif)" in text


# API ---------------------------------------------------------------------------------------


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield grant(test_client, settings.home)


def test_api_create_get_patch(client: TestClient) -> None:
    response = client.post(
        "/api/saved-searches",
        json={"name": "Pemkot negatif", "query": "", "agency_tones": [PEMKOT_NEGATIVE]},
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["agency_tones"] == [PEMKOT_NEGATIVE]
    search_id = created["id"]
    assert client.get(f"/api/saved-searches/{search_id}").json()["agency_tones"] == [
        PEMKOT_NEGATIVE
    ]
    assert client.get("/api/saved-searches").json()[0]["agency_tones"] == [PEMKOT_NEGATIVE]

    renamed = client.patch(f"/api/saved-searches/{search_id}", json={"name": "Pemkot"})
    assert renamed.json()["agency_tones"] == [PEMKOT_NEGATIVE]  # untouched
    changed = client.patch(
        f"/api/saved-searches/{search_id}", json={"agency_tones": ["kota-bekasi/pemkot:none"]}
    )
    assert changed.json()["agency_tones"] == ["kota-bekasi/pemkot:none"]
    # Clearing the only filter of a search without a query is refused: nothing left to search.
    emptied = client.patch(f"/api/saved-searches/{search_id}", json={"agency_tones": []})
    assert emptied.status_code == 400
    assert "query or at least one filter" in emptied.json()["detail"]["message"]

    preview = client.get(
        f"/api/saved-searches/{search_id}/digest", params={"day": DAY.isoformat()}
    ).json()
    assert preview["total"] == 0  # nothing on that day without a tone towards the Pemkot


def test_api_preview_counts(client: TestClient) -> None:
    search_id = client.post(
        "/api/saved-searches",
        json={"name": "Pemkot negatif", "query": "", "agency_tones": [PEMKOT_NEGATIVE]},
    ).json()["id"]
    body = client.get(
        f"/api/saved-searches/{search_id}/digest", params={"day": DAY.isoformat(), "lang": "en"}
    ).json()
    assert body["total"] == 3
    assert {a["id"] for a in body["articles"]} == {a.id for a in PEMKOT_NEGATIVE_ON_DAY}
    assert "tone towards agency: Pemerintah Kota Bekasi (Negative)" in body["text"]


@pytest.mark.parametrize("value", ["kota-bekasi/pemkot", "kota-bekasi/pemkot:marah", "a b:none"])
def test_api_malformed_value_is_400_with_the_form(client: TestClient, value: str) -> None:
    response = client.post(
        "/api/saved-searches", json={"name": "x", "query": "banjir", "agency_tones": [value]}
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail == {
        "message": f"agency_tone {value!r}: expected <agency id>:<positive|neutral|negative|none>"
    }
    assert client.get("/api/saved-searches").json() == []

    search_id = client.post("/api/saved-searches", json={"name": "x", "query": "banjir"}).json()[
        "id"
    ]
    patched = client.patch(f"/api/saved-searches/{search_id}", json={"agency_tones": [value]})
    assert patched.status_code == 400
    assert client.get(f"/api/saved-searches/{search_id}").json()["agency_tones"] == []


# CLI ---------------------------------------------------------------------------------------


@pytest.fixture
def env(tmp_path: Path, store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no pantau.toml here
    monkeypatch.setenv("PANTAU_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PANTAU_STORE", store_url)


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.usefixtures("env")
def test_cli_add_list_and_preview(capsys: pytest.CaptureFixture[str]) -> None:
    created = _json(
        capsys,
        *("saved", "add", "Pemkot negatif", ""),
        *("--agency-tone", PEMKOT_NEGATIVE, "--agency-tone", "kota-bekasi/dprd:negative"),
        "--json",
    )
    assert created["agency_tones"] == [PEMKOT_NEGATIVE, "kota-bekasi/dprd:negative"]
    (listed,) = _json(capsys, "saved", "list", "--json")
    assert listed["agency_tones"] == created["agency_tones"]
    assert main(["saved", "list"]) == 0
    out = capsys.readouterr().out
    assert "[1] Pemkot negatif: (semua)" in out
    assert f"filter: agency_tones={PEMKOT_NEGATIVE},kota-bekasi/dprd:negative" in out

    preview = _json(
        capsys, "digest", "preview", "--search", "1", "--day", DAY.isoformat(), "--json"
    )
    assert preview["total"] == 4  # 1, 4, 9 towards the Pemkot; 8 towards the DPRD


@pytest.mark.usefixtures("env")
def test_cli_refuses_a_malformed_value(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["saved", "add", "x", "banjir", "--agency-tone", "kota-bekasi/pemkot"]) == 2
    assert "expected <agency id>:<positive|neutral|negative|none>" in capsys.readouterr().err
    assert _json(capsys, "saved", "list", "--json") == []


def test_the_subject_counts_the_tone_towards_the_subscribed_agency(
    store: Store, office: sqlite3.Connection
) -> None:
    # One more article positive overall but negative towards the Pemkot: the counts now differ.
    extra = AGENCY_TONE_EXTRAS[1]
    url = extra.url + "-2"
    store.upsert([replace(extra, id=article_id(extra.outlet, url), url=url, canonical_url=url)])
    saved = searches.create_saved_search(
        office, SearchFields(name="Pemkot Bekasi", query="", agencies=["kota-bekasi/pemkot"])
    )
    digest = build_digest(store, saved, DAY, DigestSettings(), JAKARTA, vocabulary())
    # The day's articles on the Pemkot, by their own tone and by the tone towards the Pemkot.
    on_day = [
        hit.article
        for hit in store.search(
            SearchRequest(agencies=["kota-bekasi/pemkot"], size=100, facets=False)
        ).hits
        if hit.article.published_at is not None
        and hit.article.published_at.astimezone(WIB).date() == DAY
    ]
    overall = sum(1 for a in on_day if a.sentiment and a.sentiment.label == "negative")
    towards = len(PEMKOT_NEGATIVE_ON_DAY) + 1
    assert overall != towards  # the samples hold both kinds, or this test proves nothing
    assert (digest.negative, digest.negative_towards) == (overall, towards)
    assert f"({towards} negatif)" in render_digest(digest, "id").subject
    # A search naming no agency keeps the articles' own tone.
    plain = searches.create_saved_search(office, SearchFields(name="Semua", query="banjir"))
    plain_digest = build_digest(store, plain, DAY, DigestSettings(), JAKARTA, vocabulary())
    assert plain_digest.negative_towards is None
    assert plain_digest.alarming == plain_digest.negative
