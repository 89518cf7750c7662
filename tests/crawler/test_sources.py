"""sources.yaml validation: typos are errors with the field named; the shipped files validate."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.sources import SourcesError, load_sources, parse_sources

ROOT = Path(__file__).resolve().parents[2]

GOOD = """
sources:
  - id: kabarmasa.com
    name: KabarMasa
    url: https://kabarmasa.com
    region: kota-bekasi
    listings: [/berita]
    allow: ['^/berita/\\d+/']
    deny: ['/tag/']
"""


def test_good_source_resolves_paths_and_filters() -> None:
    (source,) = parse_sources(GOOD)
    assert source.url == "https://kabarmasa.com/"
    assert source.listing_urls() == ["https://kabarmasa.com/berita"]
    assert source.wants("https://www.kabarmasa.com/berita/12/judul")
    assert not source.wants("https://kabarmasa.com/tag/berita/12/")
    assert not source.wants("https://kabarmasa.com/tentang")
    assert not source.wants("https://lain.com/berita/12/judul")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("listings:", "listing:"), "sources.0.listing: Extra inputs are not permitted"),
        (("id: kabarmasa.com", "id: KabarMasa"), "sources.0.id"),
        (("url: https://kabarmasa.com", "url: kabarmasa.com"), "absolute http"),
        (("region: kota-bekasi", "region: Bekasi"), "sources.0.region"),
        (("deny: ['/tag/']", "deny: ['/tag/(']"), "bad regex"),
        (("name: KabarMasa", "name: ''"), "sources.0.name"),
        (
            ("    region: kota-bekasi", "    region: kota-bekasi\n    timezone: Asia/Bekasi"),
            "unknown timezone",
        ),
    ],
)
def test_invalid_sources_name_the_field(change: tuple[str, str], message: str) -> None:
    with pytest.raises(SourcesError, match=message.replace("(", r"\(")):
        parse_sources(GOOD.replace(*change))


def test_duplicate_ids_and_bad_yaml() -> None:
    doubled = GOOD + GOOD.split("sources:\n", 1)[1]
    with pytest.raises(SourcesError, match="duplicate source id"):
        parse_sources(doubled)
    with pytest.raises(SourcesError, match="not valid YAML"):
        parse_sources("sources: [")
    with pytest.raises(SourcesError, match="expected a mapping"):
        parse_sources("- a\n- b\n")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="cannot read"):
        load_sources(tmp_path / "nope.yaml")


@pytest.mark.parametrize("path", ["sources.yaml", "samplesite/sources.yaml"])
def test_shipped_sources_files_validate(path: str) -> None:
    sources = load_sources(ROOT / path)
    assert sources, f"{path} lists no sources"
