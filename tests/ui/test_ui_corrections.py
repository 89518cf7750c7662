"""Staff corrections of tone, on a real SQLite store and office database: made from the article
page, the API and the CLI; shown as "dikoreksi"; used in counts and filters; put back when the
article is written again; exported as labelled data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from ui_samples import BANJIR

from pantau_cli.main import main
from search_api.corrections.apply import reapply
from search_api.digests.db import connect
from search_api.store import open_store

PEMKOT = "kota-bekasi/pemkot"


def _counts(client: TestClient, **params: str) -> int:
    return int(client.get("/api/search", params={**params, "size": "1"}).json()["total"])


def test_correct_the_tone_towards_an_agency_from_the_article_page(client: TestClient) -> None:
    before = _counts(client, agency_tone=f"{PEMKOT}:negative")
    page = client.get(f"/artikel/{BANJIR.id}")
    assert 'action="/artikel/' in page.text
    assert "dikoreksi" not in page.text
    response = client.post(
        f"/artikel/{BANJIR.id}/koreksi",
        data={"agency": PEMKOT, "tone": "neutral", "reason": "Pemkot hanya disebut.", "by": "Ani"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    after = client.get(response.headers["location"])
    assert "Koreksi disimpan" in after.text
    row = after.text.split(f'<tr data-agency="{PEMKOT}">')[1].split("</tr>")[0]
    assert "dikoreksi" in row
    assert "Semula Negatif; dikoreksi oleh Ani: Pemkot hanya disebut." in row
    # Counts and filters use the corrected tone at once.
    assert _counts(client, agency_tone=f"{PEMKOT}:negative") == before - 1
    assert _counts(client, agency_tone=f"{PEMKOT}:neutral") >= 1
    stored = client.get(f"/api/articles/{BANJIR.id}").json()
    assert next(a for a in stored["agencies"] if a["id"] == PEMKOT)["sentiment"] == "neutral"
    assert stored["sentiment"]["label"] == "negative"  # the article's own tone is untouched


def test_a_correction_needs_a_reason_and_a_covered_agency(client: TestClient) -> None:
    empty = client.post(
        f"/artikel/{BANJIR.id}/koreksi", data={"tone": "positive", "reason": " ", "by": "Ani"}
    )
    assert empty.status_code == 400
    assert "Koreksi belum disimpan" in empty.text
    api = client.post(
        f"/api/articles/{BANJIR.id}/corrections",
        json={
            "tone": "positive",
            "agency_id": "nasional/kpk",
            "reason": "x",
            "corrected_by": "Ani",
        },
    )
    assert api.status_code == 400
    assert "does not cover" in api.json()["detail"]["message"]
    missing = client.post(
        "/api/articles/nope/corrections",
        json={"tone": "positive", "reason": "x", "corrected_by": "Ani"},
    )
    assert missing.status_code == 404


def test_api_history_and_export(client: TestClient) -> None:
    for tone, reason in (("positive", "Penanganan cepat."), ("neutral", "Laporan rutin.")):
        made = client.post(
            f"/api/articles/{BANJIR.id}/corrections",
            json={"tone": tone, "reason": reason, "corrected_by": "Budi"},
        )
        assert made.status_code == 201
        assert made.json()["original"] == "negative"  # the tagger's label, not the last fix
    listed = client.get(f"/api/articles/{BANJIR.id}/corrections").json()
    assert [c["corrected"] for c in listed] == ["neutral", "positive"]
    assert client.get(f"/api/articles/{BANJIR.id}").json()["sentiment"]["label"] == "neutral"
    lines = client.get("/api/corrections/export").text.splitlines()
    assert len(lines) == 1  # the one in force
    record = json.loads(lines[0])
    assert (record["original"], record["label"]) == ("negative", "neutral")
    assert record["title"] == BANJIR.title
    assert record["text"] == BANJIR.text
    every = client.get("/api/corrections/export", params={"history": "true"}).text.splitlines()
    assert len(every) == 2


def test_a_rewritten_article_keeps_its_correction(client: TestClient, tmp_path: Path) -> None:
    client.post(
        f"/api/articles/{BANJIR.id}/corrections",
        json={"tone": "positive", "reason": "Bantuan sampai.", "corrected_by": "Ani"},
    )
    # The crawler writes articles through reapply (crawler/pipelines.py): as if tagged again.
    conn = connect(tmp_path / "office.db")
    try:
        (rewritten,) = reapply(conn, [BANJIR])
    finally:
        conn.close()
    assert rewritten.sentiment is not None
    assert rewritten.sentiment.label == "positive"
    assert rewritten.title == BANJIR.title
    with open_store(f"sqlite:///{tmp_path / 'ui.db'}") as store:
        store.upsert([rewritten])
        stored = store.get(BANJIR.id)
    assert stored is not None
    assert stored.sentiment is not None
    assert stored.sentiment.label == "positive"


def test_cli_add_list_export(
    client: TestClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PANTAU_HOME", str(tmp_path))
    monkeypatch.setenv("PANTAU_STORE", f"sqlite:///{tmp_path / 'ui.db'}")
    args = [
        "corrections",
        "add",
        BANJIR.id,
        "--tone",
        "positive",
        "--reason",
        "Cepat.",
        "--by",
        "Ani",
    ]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["corrected"] == "positive"
    assert main(["corrections", "list", BANJIR.id]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1
    out = tmp_path / "koreksi.jsonl"
    assert main(["corrections", "export", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["label"] == "positive"
    assert (
        main(["corrections", "add", "nope", "--tone", "positive", "--reason", "x", "--by", "y"])
        == 1
    )
