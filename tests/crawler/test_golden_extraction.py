"""Golden extraction tests: every sample-site page against its expected JSON (tests/site/expected/).

One parametrised test walks all outlets. Pages are fetched from the running sample site, so the
bytes are exactly what the crawler sees (including the windows-1252 outlet).
"""

from __future__ import annotations

import json
import urllib.request
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from crawler.extract import extract
from pantau.models import Article, Rejected

EXPECTED = sorted((Path(__file__).resolve().parents[1] / "site" / "expected").glob("*/*.json"))
NAMES = {
    "wartabekasi.com": "Warta Bekasi",
    "sumedangpost.blogspot.com": "Sumedang Post",
    "kabarmasa.com": "KabarMasa",
    "suarapriangan.net": "Suara Priangan",
    "humas.bekasikota.go.id": "Humas Pemkot Bekasi",
}


def _fetch(site: Any, outlet: str, path: str) -> tuple[str, bytes]:
    url = site.base_urls[outlet].rstrip("/") + path
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.geturl(), response.read()


def _extract(site: Any, expected: dict[str, Any]) -> Article | Rejected:
    url, body = _fetch(site, expected["outlet"], expected["url_path"])
    return extract(body, url, outlet=expected["outlet"], outlet_name=NAMES[expected["outlet"]])


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_page_matches_expected(sample_site: Any, path: Path) -> None:
    expected = json.loads(path.read_text(encoding="utf-8"))
    result = _extract(sample_site, expected)
    if expected["expect"] == "rejected":
        assert isinstance(result, Rejected)
        assert result.reason == expected["reject_reason"]
        return
    assert isinstance(result, Article), result
    assert result.title == expected["title"]
    assert result.location == expected["location"]
    assert result.author == expected["author"]
    if expected["editor"]:
        assert result.editor == expected["editor"]
    if expected["section"]:
        assert result.section == expected["section"]
    assert set(expected["tags"]) <= set(result.tags)
    for sentence in expected["must_contain"]:
        assert sentence in result.text
    for sentinel in expected["must_not_contain"]:
        assert sentinel not in result.text, f"{sentinel!r} left in the text"
    assert result.published_at is not None
    if expected["time_known"]:
        assert result.published_at == datetime.fromisoformat(expected["published_at"])
    else:
        # Date-only pages (Blogger): the page gives the day; the feed gives the time (see the
        # spider).
        assert result.published_at.date() == date.fromisoformat(expected["published_date"])
        assert result.date_source == "text"
    assert result.published_at.utcoffset() is not None
