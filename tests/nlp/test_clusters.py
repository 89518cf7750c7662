"""Near-duplicate clusters on the sample site's own articles (no store: the index alone)."""

from __future__ import annotations

import pytest

from nlp.clusters import ClusterIndex
from nlp.shingles import article_shingles, normalise
from samplesite.model import OFFICE_OUTLET, SampleArticle, load_articles

ARTICLES = [a for a in load_articles() if a.expect == "article"]


def _key(article: SampleArticle) -> str:
    return f"{article.outlet}/{article.slug}"


def test_normalise_drops_dateline_initials_and_thousands_separators() -> None:
    words = normalise("KABARMASA.COM, KOTA BEKASI - Sebanyak 312.450 anak diimunisasi. (goeng)")
    assert words == ["sebanyak", "312450", "anak", "diimunisasi"]
    assert normalise("Jum'at Andé") == ["jum", "at", "ande"]


def test_shingles_of_a_short_text_are_one_shingle() -> None:
    assert article_shingles("Banjir", "") == {"banjir"}


def test_index_rejects_a_threshold_out_of_range() -> None:
    with pytest.raises(ValueError, match="threshold"):
        ClusterIndex(0.0)


def test_verbatim_copies_share_a_cluster_and_nothing_else_does() -> None:
    """Oldest first, as a crawl of the archive would store them: each cluster's id is its first."""
    index = ClusterIndex()
    clusters: dict[str, str] = {}
    ordered = sorted(ARTICLES, key=lambda a: a.published)
    for article in ordered:
        clusters[_key(article)] = index.assign(
            _key(article), article.title, article.text
        ).cluster_id
    for article in ordered:
        release = article.syndication
        office = [a for a in ordered if a.outlet == OFFICE_OUTLET and a.syndication == release]
        if release and article.pickup == "verbatim":
            # The release was stored first: the copies join the release's cluster.
            assert clusters[_key(article)] == _key(office[0])
        elif article.outlet != OFFICE_OUTLET:
            # Rewrites and unrelated articles on the same topics are stories of their own.
            assert clusters[_key(article)] == _key(article)
    assert len(set(clusters.values())) == len(ARTICLES) - sum(
        a.pickup == "verbatim" for a in ARTICLES
    )


def test_an_indexed_article_keeps_its_cluster() -> None:
    index = ClusterIndex()
    index.add("a", "cluster-a", "Judul pertama", "Teks yang sama sekali lain " * 5)
    again = index.assign("a", "Judul lain", "Teks baru")
    assert again.cluster_id == "cluster-a"
    assert again.matched is None
    assert "a" in index
    assert len(index) == 1


def test_signature_is_datasketch_own_minhash_of_the_shingles() -> None:
    """Signatures made from hashes computed elsewhere (an extraction worker: shingle_hashes,
    without numpy) are the MinHash datasketch makes of the shingles itself, so signatures of
    every crawl and process stay comparable."""
    from datasketch import MinHash

    from nlp.clusters import NUM_PERM, SEED, signature, signature_of
    from nlp.shingles import shingle_hashes

    for article in ARTICLES[:5]:
        own = MinHash(num_perm=NUM_PERM, seed=SEED)
        own.update_batch([s.encode("utf-8") for s in article_shingles(article.title, article.text)])
        hashes = shingle_hashes(article.title, article.text)
        assert list(signature(article.title, article.text).hashvalues) == list(own.hashvalues)
        assert list(signature_of(hashes).hashvalues) == list(own.hashvalues)


def test_assign_with_given_hashes_clusters_as_without() -> None:
    from nlp.shingles import shingle_hashes

    first, second = ClusterIndex(), ClusterIndex()
    for n, article in enumerate(ARTICLES):
        key = f"{n}-{_key(article)}"
        hashes = shingle_hashes(article.title, article.text)
        assert first.assign(key, article.title, article.text) == second.assign(
            key, article.title, article.text, hashes=hashes
        )
