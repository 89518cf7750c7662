"""``pantau sources check``: figures per outlet, flags against the outlet's own history."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from crawler.check import (
    SourceFigures,
    append_history,
    figures,
    flags,
    load_history,
)
from pantau.models import Article
from samplesite.server import SampleSite

WIB = timezone(timedelta(hours=7))
NOW = datetime(2023, 11, 10, 3, 0, tzinfo=UTC)


def _article(text: str, *, dated: str | None = "meta", words: int = 200) -> Article:
    return Article(
        id=text[:8], url="u", canonical_url="u", outlet="k.com", title="t", text=text,
        published_at=datetime(2023, 11, 9, 14, 30, tzinfo=WIB) if dated else None,
        date_source=dated, word_count=words,  # type: ignore[arg-type]
    )  # fmt: skip


def _healthy(n: int = 3) -> list[SourceFigures]:
    return [
        SourceFigures(outlet="k.com", checked_at="x", articles=5, rejected=0, dated_share=1.0,
                      median_words=200, boilerplate_share=0.0)
        for _ in range(n)
    ]  # fmt: skip


def test_figures_count_only_the_pages_own_dates_and_left_boilerplate() -> None:
    articles = [
        _article("Isi berita satu.", dated="json-ld", words=100),
        _article("Isi berita dua. Baca juga: berita lain", dated="feed", words=300),
        _article("Isi berita tiga.", dated=None, words=200),
    ]
    result = figures("k.com", articles, rejected=1, now=NOW)
    assert result.articles == 3
    assert result.rejected == 1
    assert result.dated_share == pytest.approx(1 / 3)
    assert result.median_words == 200
    assert result.boilerplate_share == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("change", "flag"),
    [
        ({"dated_share": 0.2}, "dated share fell"),
        ({"median_words": 60}, "median length fell"),
        ({"boilerplate_share": 0.6}, "boilerplate share rose"),
        ({"articles": 1, "rejected": 4}, "extracted share fell"),
        ({"articles": 0}, "no articles extracted"),
    ],
)
def test_drops_against_own_history_are_flagged(change: dict[str, Any], flag: str) -> None:
    fields = {"outlet": "k.com", "checked_at": "x", "articles": 5, "rejected": 0,
              "dated_share": 1.0, "median_words": 200.0, "boilerplate_share": 0.0}  # fmt: skip
    current = SourceFigures(**{**fields, **change})
    assert any(f.startswith(flag) for f in flags(current, _healthy()))


def test_ordinary_variation_and_first_run_are_not_flagged() -> None:
    current = SourceFigures(outlet="k.com", checked_at="x", articles=4, rejected=1,
                            dated_share=0.8, median_words=150, boilerplate_share=0.2)  # fmt: skip
    assert flags(current, _healthy()) == []
    assert flags(current, []) == []


def test_history_round_trip_and_corrupt_line(tmp_path: Path) -> None:
    append_history(tmp_path, _healthy(2))
    assert len(load_history(tmp_path)["k.com"]) == 2
    with (tmp_path / "source-checks.jsonl").open("a") as fh:
        fh.write("{not json\n")
    with pytest.raises(ValueError, match=r"source-checks\.jsonl:3"):
        load_history(tmp_path)


def _check(home: Path, sources: Path) -> tuple[int, dict[str, Any]]:
    env = dict(os.environ, PANTAU_HOME=str(home), PANTAU_CRAWL__DOWNLOAD_DELAY="0",
               PANTAU_CRAWL__AUTOTHROTTLE="false")  # fmt: skip
    cmd = [
        sys.executable,
        "-m",
        "pantau_cli",
        "sources",
        "check",
        "--sources",
        str(sources),
        "--json",
        # Enough articles that the office-site pickups, whose text names a date (a real date the
        # redesign cannot hide), do not hide a redesign that drops the pages' own dates.
        "--sample",
        "12",
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode in (0, 1), done.stderr[-3000:]
    return done.returncode, {o["outlet"]: o for o in json.loads(done.stdout)["outlets"]}


@pytest.mark.slow
def test_a_redesigned_outlet_is_flagged(tmp_path: Path) -> None:
    site = SampleSite()
    site.start()
    try:
        sources = site.write_sources(tmp_path / "sources.yaml")
        for _ in range(2):
            code, outlets = _check(tmp_path, sources)
            assert code == 0
            assert all(not o["flags"] for o in outlets.values())
        assert outlets["sumedangpost.blogspot.com"]["dated_share"] == 1.0  # page's own day
        assert all(o["articles"] >= 4 for o in outlets.values())
    finally:
        site.stop()
    redesigned = SampleSite(redesigned={"kabarmasa.com"})
    redesigned.start()
    try:
        code, outlets = _check(tmp_path, redesigned.write_sources(tmp_path / "sources.yaml"))
    finally:
        redesigned.stop()
    assert code == 1
    assert [f.split(" from")[0] for f in outlets["kabarmasa.com"]["flags"]] == ["dated share fell"]
    others = [o for name, o in outlets.items() if name != "kabarmasa.com"]
    assert all(not o["flags"] for o in others)
