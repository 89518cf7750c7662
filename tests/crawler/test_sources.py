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
    assert source.own is False  # an outlet, not the office's own site


def test_the_offices_own_site_is_marked_own() -> None:
    (source,) = parse_sources(
        GOOD.replace("    region: kota-bekasi", "    region: kota-bekasi\n    own: true")
    )
    assert source.own is True


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("listings:", "listing:"), "source 'kabarmasa.com': listing: unknown key"),
        (("id: kabarmasa.com", "id: KabarMasa"), "source 'KabarMasa': id"),
        (("url: https://kabarmasa.com", "url: kabarmasa.com"), "absolute http"),
        (("region: kota-bekasi", "region: Bekasi"), "source 'kabarmasa.com': region"),
        (("deny: ['/tag/']", "deny: ['/tag/(']"), "bad regex"),
        (("name: KabarMasa", "name: ''"), "source 'kabarmasa.com': name"),
        (
            ("    region: kota-bekasi", "    region: kota-bekasi\n    timezone: Asia/Bekasi"),
            "unknown timezone",
        ),
        (
            ("    region: kota-bekasi", "    region: kota-bekasi\n    own: kadang"),
            "source 'kabarmasa.com': own",
        ),
    ],
)
def test_invalid_sources_name_the_field(change: tuple[str, str], message: str) -> None:
    with pytest.raises(SourcesError, match=message.replace("(", r"\(")):
        parse_sources(GOOD.replace(*change))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("feeds", "feed"), "source 'kabarmasa.com': feed: unknown key (did you mean 'feeds'?)"),
        (("deny:", "deni:"), "source 'kabarmasa.com': deni: unknown key (did you mean 'deny'?)"),
        (("sources:", "source:"), "source: unknown key (did you mean 'sources'?)"),
    ],
)
def test_a_typo_names_the_source_and_suggests_the_key(
    change: tuple[str, str], message: str
) -> None:
    text = GOOD.replace("    listings: [/berita]", "    feeds: [/feed/]")
    with pytest.raises(SourcesError) as caught:
        parse_sources(text.replace(*change))
    assert message in str(caught.value)


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
