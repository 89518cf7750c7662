"""Catalogs and dates for the UI and digests: Indonesian by default, English available."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import pytest

from search_api.i18n import (
    CatalogError,
    Messages,
    catalog_keys,
    format_date,
    format_datetime,
    sentiment_name,
    zone_abbreviation,
)

DOMAINS = sorted(
    entry.name.removesuffix(".yaml")
    for entry in resources.files("search_api.locales").iterdir()
    if entry.name.endswith(".yaml")
)


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_catalog_loads_with_both_languages(domain: str) -> None:
    keys = catalog_keys(domain)
    assert keys
    for key in keys:
        assert Messages(domain, "id")(key)
        assert Messages(domain, "en")(key)


def test_messages_fill_placeholders_and_refuse_unknown_keys() -> None:
    assert Messages("common", "id")("sentiment.negative") == "Negatif"
    assert Messages("common", "en")("sentiment.negative") == "Negative"
    with pytest.raises(KeyError, match="no message 'nope'"):
        Messages("common", "id")("nope")


def test_malformed_catalog_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from search_api import i18n

    bad = tmp_path / "broken.yaml"
    bad.write_text("greeting:\n  id: Halo\n", encoding="utf-8")

    class Files:
        def joinpath(self, name: str) -> Path:
            return tmp_path / name

    monkeypatch.setattr(i18n.resources, "files", lambda package: Files())
    i18n._catalog.cache_clear()
    try:
        with pytest.raises(CatalogError, match=r"'greeting' needs exactly \['id', 'en'\]"):
            Messages("broken", "id")
    finally:
        i18n._catalog.cache_clear()


def test_datetimes_in_jakarta_with_indonesian_names() -> None:
    moment = dt.datetime(2026, 11, 28, 14, 5, tzinfo=dt.UTC)
    assert format_datetime(moment, "id") == "Sabtu, 28 November 2026 21.05 WIB"
    assert format_datetime(moment, "en") == "Saturday, 28 November 2026 21:05 WIB"
    assert format_datetime(moment, "id", "Asia/Makassar", short=True) == "28 Nov 2026 22.05 WITA"
    assert format_datetime(moment, "id", "Asia/Jayapura").endswith("23.05 WIT")


def test_naive_datetime_is_read_as_utc() -> None:
    assert (
        format_datetime(dt.datetime(2026, 1, 1, 0, 0), "id", short=True) == "1 Jan 2026 07.00 WIB"
    )


def test_dates_and_zone_names() -> None:
    assert format_date(dt.date(2026, 8, 17), "id") == "Senin, 17 Agustus 2026"
    assert format_date(dt.date(2026, 8, 17), "en") == "Monday, August 17, 2026"
    assert zone_abbreviation("Europe/London") in {"UTC+00:00", "UTC+01:00"}
    assert sentiment_name("positive", "id") == "Positif"
