"""End to end: `pantau crawl` in a subprocess against the sample site, into a temp-file SQLite
store.

Checks discovery through every outlet shape, the expected rejections, that non-article pages never
become articles, and that a second crawl fetches no stored article again.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from pantau.crawl_process import LOCAL_SITE_ENV, CrawlProcessFailed, crawl_subprocess
from pantau.settings import Settings
from samplesite.server import SampleSite
from search_api.store import open_store
from search_api.store.base import SearchRequest

pytestmark = pytest.mark.slow


def _crawl(home: Path, sources: Path) -> dict[str, Any]:
    """The same subprocess the demo runs; a failed crawl raises with its stderr."""
    settings = Settings(home=home, store=f"sqlite:///{home / 'pantau.db'}")
    return crawl_subprocess(settings, sources, env=LOCAL_SITE_ENV, timeout=300)


@pytest.fixture(scope="module")
def crawled(
    sample_site: Any, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Any, Path, dict[str, Any]]:
    home = tmp_path_factory.mktemp("crawl")
    sources = sample_site.write_sources(home / "sources.yaml")
    return sample_site, home, _crawl(home, sources)


def test_every_sample_article_is_stored_and_nothing_else(
    crawled: tuple[Any, Path, dict[str, Any]],
) -> None:
    site, home, summary = crawled
    truth = site_module_articles(site)
    wanted = {(a.outlet, a.path) for a in truth if a.expect == "article"}
    store = open_store(f"sqlite:///{home / 'pantau.db'}")
    try:
        result = store.search(SearchRequest(size=100, facet_size=100))
    finally:
        store.close()
    stored = {(h.article.outlet, urlsplit(h.article.url).path) for h in result.hits}
    assert stored == wanted
    assert len(wanted) >= 40
    assert {f.value for f in result.facets["outlet"]} == set(site.base_urls)
    expected_rejections = Counter(a.reject_reason for a in truth if a.expect == "rejected")
    assert summary["rejected"] == dict(expected_rejections)
    assert summary["created"] == len(wanted)
    assert summary["errors"] == 0


def test_articles_are_annotated(crawled: tuple[Any, Path, dict[str, Any]]) -> None:
    _site, home, _summary = crawled
    store = open_store(f"sqlite:///{home / 'pantau.db'}")
    try:
        kota = store.search(SearchRequest(agencies=["kota-bekasi/pemkot"], size=100))
        kab = store.search(SearchRequest(agencies=["kab-bekasi/pemkab"], size=100))
    finally:
        store.close()
    assert kota.total >= 3
    assert kab.total >= 2
    assert all(h.article.sentiment is not None for h in kota.hits)


def test_second_crawl_fetches_no_stored_article(crawled: tuple[Any, Path, dict[str, Any]]) -> None:
    site, home, first = crawled
    before = len(site.request_log)
    second = _crawl(home, home / "sources.yaml")
    paths = [path for _outlet, path in site.request_log[before:]]
    article_paths = {a.path for a in site_module_articles(site)}
    refetched = [p for p in paths if p in article_paths]
    # Only the expected rejection is fetched again (it was never stored, so it is not known).
    assert len(refetched) == sum(1 for a in site_module_articles(site) if a.expect == "rejected")
    assert second["created"] == 0
    assert second["skipped_already_stored"] >= first["created"]


def test_the_site_on_other_ports_is_the_same_outlets(
    crawled: tuple[Any, Path, dict[str, Any]],
) -> None:
    # Two demo runs on different site ports stored every article twice (issue #10): an article's
    # id is its outlet and path, not the host and port it was fetched from.
    site, home, first = crawled
    with SampleSite() as moved:
        assert set(moved.base_urls.values()).isdisjoint(site.base_urls.values())
        second = _crawl(home, moved.write_sources(home / "sources-moved.yaml"))
    store = open_store(f"sqlite:///{home / 'pantau.db'}")
    try:
        count = store.count()
    finally:
        store.close()
    assert second["created"] == 0
    assert second["skipped_already_stored"] >= first["created"]
    wanted = sum(1 for a in site_module_articles(site) if a.expect == "article")
    assert count == first["created"] == wanted  # 58 on today's site (44 before the office site)


def test_robots_txt_is_read_for_every_outlet(crawled: tuple[Any, Path, dict[str, Any]]) -> None:
    site, _home, _summary = crawled
    for outlet in site.base_urls:
        assert "/robots.txt" in [path for name, path in site.request_log if name == outlet]


def test_crawl_settings_are_polite() -> None:
    from crawler.settings import crawl_settings
    from pantau.settings import Settings

    values = crawl_settings(Settings(), sources_file="sources.yaml")
    assert values["ROBOTSTXT_OBEY"] is True
    assert values["AUTOTHROTTLE_ENABLED"] is True
    assert values["CONCURRENT_REQUESTS_PER_DOMAIN"] <= 4
    assert "PantauBot" in values["USER_AGENT"]


def site_module_articles(site: Any) -> list[Any]:
    return list(sys.modules[type(site).__module__].load_articles())


def test_every_discovery_path_is_used(crawled: tuple[Any, Path, dict[str, Any]]) -> None:
    site, _home, summary = crawled
    counts = summary["counts"]
    assert counts["discovery/feed_entries"] > 0
    assert counts["discovery/sitemap_entries"] > 0
    assert counts["discovery/listing_pages"] >= 4

    def fetched(outlet: str) -> set[str]:
        return {path for name, path in site.request_log if name == outlet}

    # RSS and the WordPress sitemap index (the feed lists only the latest posts).
    assert {"/feed/", "/wp-sitemap.xml", "/wp-sitemap-posts-post-1.xml"} <= fetched(
        "wartabekasi.com"
    )
    # Atom feed; sitemaps found through robots.txt.
    assert {"/feeds/posts/default", "/sitemap.xml"} <= fetched("sumedangpost.blogspot.com")
    # robots.txt → sitemap index → Google News sitemap; listing pagination.
    kabarmasa = fetched("kabarmasa.com")
    assert {"/sitemap.xml", "/sitemap-news.xml", "/berita", "/berita?page=2"} <= kabarmasa
    # Legacy RSS in ISO-8859-1 and numbered listing pages without rel=next.
    assert {"/rss.xml", "/index.php/berita", "/index.php/berita?hal=2"} <= fetched(
        "suarapriangan.net"
    )


def test_copies_of_a_release_share_a_cluster_and_nothing_else_does(
    crawled: tuple[Any, Path, dict[str, Any]],
) -> None:
    site, home, _summary = crawled
    store = open_store(f"sqlite:///{home / 'pantau.db'}")
    try:
        stored = [h.article for h in store.search(SearchRequest(size=100, facets=False)).hits]
        stories = store.search(SearchRequest(size=1, facets=False, collapse=True))
    finally:
        store.close()
    by_path = {(a.outlet, urlsplit(a.url).path): a for a in stored}
    assert all(a.cluster_id for a in stored)
    copies: dict[str, set[str]] = {}
    for sample in site_module_articles(site):
        if sample.syndication and (
            sample.outlet == "humas.bekasikota.go.id" or sample.pickup == "verbatim"
        ):
            copies.setdefault(sample.syndication, set()).add(
                by_path[(sample.outlet, sample.path)].id
            )
    clustered = {a.id: a.cluster_id for a in stored}
    for release, ids in copies.items():
        [cluster] = {clustered[i] for i in ids}
        assert cluster in ids, release  # the id of one of them: the first stored
    in_copies = set().union(*copies.values())
    # Everything else (rewrites, unrelated articles on the same topics) is a story of its own.
    assert all(clustered[i] == i for i in clustered if i not in in_copies)
    assert stories.total == len(stored) - sum(len(ids) - 1 for ids in copies.values())


def test_a_tagger_that_cannot_load_stops_the_crawl(sample_site: Any, tmp_path: Path) -> None:
    """spaCy loads in a thread while the crawl starts (crawler.pipelines.load_tagger); a model
    that cannot load still fails the crawl, as when it loaded before the crawl began."""
    broken = tmp_path / "agencies.yaml"
    broken.write_text("agencies:\n  - {nama: 1\n", encoding="utf-8")
    sources = sample_site.write_sources(tmp_path / "sources.yaml")
    settings = Settings(home=tmp_path, store=f"sqlite:///{tmp_path / 'pantau.db'}")
    env = {**LOCAL_SITE_ENV, "PANTAU_AGENCIES_FILE": str(broken)}
    with pytest.raises(CrawlProcessFailed, match="tagger_failed"):
        crawl_subprocess(settings, sources, env=env, timeout=300)


def test_the_extraction_workers_prepare_the_archive_and_cluster_work(
    crawled: tuple[Any, Path, dict[str, Any]],
) -> None:
    """crawler/prepare.py: every archived page's record was built in a worker (no article of a
    first crawl moves), and every one-page article's shingle hashes came from one too."""
    _site, _home, summary = crawled
    counts = summary["counts"]
    assert counts["archive/captures"] == summary["created"]
    assert counts["prepared/record"] == counts["archive/captures"]
    assert "archive/rebuilt" not in counts
    clustered = counts.get("cluster/new", 0) + counts.get("cluster/joined", 0)
    assert counts["prepared/fingerprint"] == clustered
