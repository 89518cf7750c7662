"""Elasticsearch-only behaviour: the index file, alias, capability detection, bulk accounting."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime
from typing import Any

import pytest
from store_samples import sample_articles

from pantau.models import Sentiment
from search_api.store import open_store
from search_api.store.base import SearchRequest, StoreError
from search_api.store.elastic import ElasticStore, load_index_definition, parse_url
from search_api.store.elastic_docs import to_doc

pytestmark = pytest.mark.elasticsearch


def test_index_file_is_strict_and_versioned() -> None:
    definition = load_index_definition()
    mappings = definition["mappings"]
    assert mappings["dynamic"] in ("strict", False)
    assert mappings["_meta"]["pantau_mapping_version"] == definition["version"]
    article_fields = {f.name for f in dataclasses.fields(sample_articles()[0])}
    assert article_fields <= set(mappings["properties"])  # every Article field is mapped
    assert mappings["properties"]["text"]["fields"]["id"]["analyzer"] == "indonesian"


def test_parse_url() -> None:
    assert parse_url("http://u:p@es:9200") == ("http://u:p@es:9200", "pantau-articles")
    assert parse_url("https://es:9200/?index=kab-x") == ("https://es:9200/", "kab-x")
    with pytest.raises(StoreError):
        parse_url("ftp://es")


def test_writes_go_through_an_alias_to_a_versioned_index(elastic_store: ElasticStore) -> None:
    client = elastic_store._client
    aliases = client.indices.get_alias(name=elastic_store.alias)
    ((index, spec),) = aliases.items()
    assert index.startswith(f"{elastic_store.alias}-v{elastic_store.version}-")
    assert spec["aliases"][elastic_store.alias]["is_write_index"] is True


def test_missing_indonesian_analyzer_is_detected_not_fatal(elastic_store: ElasticStore) -> None:
    mapping = next(
        iter(elastic_store._client.indices.get_mapping(index=elastic_store.alias).values())
    )
    stemmed = mapping["mappings"]["_meta"]["stemmed"]
    assert stemmed == elastic_store.stemmed
    has_subfield = "fields" in mapping["mappings"]["properties"]["text"]
    assert has_subfield == stemmed


def test_reopening_finds_the_alias(elastic_store: ElasticStore, elasticsearch_url: str) -> None:
    elastic_store.upsert(sample_articles())
    with ElasticStore(elasticsearch_url, index=elastic_store.alias) as again:
        assert again.count() == 10
    with open_store(f"{elasticsearch_url}/?index={elastic_store.alias}") as routed:  # type: ignore[attr-defined]
        assert isinstance(routed, ElasticStore)
        assert routed.count() == 10


def test_other_mapping_version_is_refused(
    elastic_store: ElasticStore, elasticsearch_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    definition = load_index_definition()
    current = definition["version"]
    definition["version"] = 99
    monkeypatch.setattr("search_api.store.elastic.load_index_definition", lambda: definition)
    with pytest.raises(StoreError, match=f"mapping version {current}"):
        ElasticStore(elasticsearch_url, index=elastic_store.alias)
    # ... except as the source of a migration, which only reads the articles back.
    elastic_store.upsert(sample_articles())
    with ElasticStore(elasticsearch_url, index=elastic_store.alias, any_version=True) as source:
        assert source.count() == 10
        assert source.get("a1") == sample_articles()[0]


def test_bad_records_are_counted_and_the_rest_stored(elastic_store: ElasticStore) -> None:
    good = sample_articles()
    naive = dataclasses.replace(good[0], id="naive", canonical_url="https://x/naive")
    naive.published_at = datetime(2025, 3, 1, 8, 0)
    bad_label = dataclasses.replace(good[1], id="label", canonical_url="https://x/label")
    bad_label.sentiment = Sentiment(label="angry", score=0.1)  # type: ignore[arg-type]
    batch: list[object] = [*good[:5], naive, bad_label, "not an article", *good[5:]]
    report = elastic_store.upsert(batch)  # type: ignore[arg-type]
    assert (report.created, report.updated, report.failed) == (10, 0, 3)
    assert elastic_store.count() == 10


@pytest.fixture
def flaky_bulk(elastic_store: ElasticStore, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The first bulk answer refuses a1 as busy (429) and a2 for good (400); later ones pass."""
    real = elastic_store._client.bulk
    calls: list[int] = []

    def bulk(**kwargs: Any) -> dict[str, Any]:
        response = dict(real(**kwargs))
        calls.append(len(kwargs["operations"]) // 2)
        if len(calls) == 1:
            for item in response["items"]:
                result = item["index"]
                if result["_id"] in ("a1", "a2"):
                    status = 429 if result["_id"] == "a1" else 400
                    result.update(status=status, error={"type": "x", "reason": "refused"})
        return response

    monkeypatch.setattr(elastic_store._client, "bulk", bulk)
    monkeypatch.setattr("search_api.store.elastic.time.sleep", lambda seconds: None)
    return calls


def test_busy_items_are_retried_and_refusals_reported(
    elastic_store: ElasticStore, flaky_bulk: list[int]
) -> None:
    report = elastic_store.upsert(sample_articles())
    assert flaky_bulk == [10, 1]  # only the 429 item is sent again
    assert report.failed == 1
    assert report.errors == ["a2: x: refused"]
    assert report.created + report.updated == 9


def test_scan_and_sample(elastic_store: ElasticStore) -> None:
    elastic_store.upsert(sample_articles())
    batches = list(elastic_store.scan(batch_size=4))
    assert [len(b) for b in batches] == [4, 4, 2]
    ids = [a.id for b in batches for a in b]
    assert ids == sorted(ids)
    assert [a.id for b in elastic_store.scan(after=ids[7]) for a in b] == ids[8:]
    assert set(elastic_store.sample_ids(3)) <= set(ids)


def test_deep_pages_are_refused(elastic_store: ElasticStore) -> None:
    from search_api.store.base import SearchRequest

    with pytest.raises(ValueError, match="10000"):
        elastic_store.search(SearchRequest(page=101, size=100))


def test_unreachable_node_is_a_store_error() -> None:
    with pytest.raises(StoreError):
        ElasticStore("http://127.0.0.1:9/", index=f"x-{uuid.uuid4().hex[:6]}", timeout=1)


def test_maintenance_gives_articles_written_before_clustering_a_cluster(
    elastic_store: ElasticStore,
) -> None:
    elastic_store.upsert(sample_articles())
    # As an index written before clustering holds it: no cluster_id in the document.
    old = to_doc(sample_articles()[1])
    del old["cluster_id"]
    elastic_store._client.index(index=elastic_store.alias, id="a2", document=old, refresh=True)
    assert elastic_store.get("a2").cluster_id is None  # type: ignore[union-attr]
    report = elastic_store.maintain()
    assert report["steps"] == [{"step": "clusters", "updated": 1}]
    assert elastic_store.get("a2") == sample_articles()[1]
    collapsed = elastic_store.search(SearchRequest(size=100, collapse=True))
    assert collapsed.total == collapsed.articles == 10
