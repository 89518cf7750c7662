"""The scale-out store: Elasticsearch 9 through the official client (the only module importing it).

* **URL.** ``http(s)://[user:password@]host:port[/?index=ALIAS]`` (the store URL setting). The
  alias defaults to ``pantau-articles``.
* **Index.** ``elastic_index.json`` is the one copy of settings and mapping (``dynamic: strict``:
  a field the mapping does not know fails the write, loudly). On first use the store creates
  ``<alias>-v<version>-<UTC time>`` and points the alias at it as the write index, so a reindex can
  build a new index and swap the alias without downtime. Where the cluster lacks the
  ``indonesian`` analyzer (the analysis-common module; the integ-test distribution our tests use
  has none), the stemmed sub-fields are left out instead of failing; the mapping's ``_meta`` says
  which. An index of another mapping version is refused with :class:`StoreError`, except as the
  read-only source of ``pantau index migrate`` (``any_version=True``: ``_source`` is the Article
  in every version), which copies it into an index of the current version.
* **Matching** is identical to the SQLite store (``folding.py``, ``elastic_dsl.py``).
* **Writes.** Bulk requests of :data:`BULK_CHUNK` documents; items refused with 429/503 are
  retried with backoff, every other refusal is counted in the :class:`WriteReport` with its
  reason. A bad record (not an Article, naive date) is counted without being sent. With
  ``refresh=True`` (the default, as SQLite's writes are visible at once) each bulk request
  refreshes; bulk loaders pass ``False`` and call :meth:`ElasticStore.refresh` at the end.
* **Differences from SQLite**, written down: canonical URLs are not checked for uniqueness (ids
  are their hash); pages end at ``index.max_result_window`` (10,000 hits: page × size beyond it is
  a ``ValueError``); facet counts are exact on one shard (ours), approximate across several.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError

from pantau.models import Article
from pantau.urls import without_credentials
from search_api.query import positive_leaves
from search_api.store import elastic_docs as docs
from search_api.store import elastic_dsl as dsl
from search_api.store import elastic_stats as stats
from search_api.store.base import (
    MAX_RESULT_WINDOW,
    AgencyTone,
    ClosingStore,
    Hit,
    Interval,
    SearchRequest,
    SearchResult,
    Shares,
    StoreError,
    Timeline,
    WriteReport,
    story_request,
)
from search_api.store.elastic_index import (
    STEM_ANALYZER,
    load_index_definition,
    parse_url,
    without_stemming,
)

logger = logging.getLogger(__name__)

# ~500 articles is a few MB per request: large enough to amortise, small enough to retry.
BULK_CHUNK = 500
# 429/503 mean "busy, try later" (queue full, shard relocating); other refusals are final.
RETRY_STATUSES = frozenset({429, 503})
BULK_RETRIES = 5


class ElasticStore(ClosingStore):
    """The :class:`~search_api.store.base.Store` protocol on an Elasticsearch alias."""

    def __init__(
        self,
        url: str,
        *,
        index: str | None = None,
        refresh: bool = True,
        timeout: float = 30.0,
        any_version: bool = False,
    ) -> None:
        node, alias = parse_url(url)
        # Credentials go to the client apart from the node URL, so no message, log line or repr
        # of the client or its errors can carry the password.
        node, auth = without_credentials(node)
        self.alias = index or alias
        self.refresh_writes = refresh
        # The transport retries whole requests on 429/502/503/504 (idempotent: writes are by id).
        self._client = Elasticsearch(
            node, basic_auth=auth, request_timeout=timeout, max_retries=3, retry_on_timeout=True
        )
        self.version = int(load_index_definition()["version"])
        self.any_version = any_version
        self.stemmed = False
        try:
            self._ensure_index()
        except (ApiError, TransportError) as exc:
            self._client.close()
            raise StoreError(f"Elasticsearch at {node}: {exc}") from exc

    # --- the index -----------------------------------------------------------------------------

    def _ensure_index(self) -> None:
        if self._client.indices.exists_alias(name=self.alias):
            mappings = self._client.indices.get_mapping(index=self.alias)
            meta = next(iter(mappings.values()))["mappings"].get("_meta", {})
            found = meta.get("pantau_mapping_version")
            if found != self.version and not self.any_version:
                raise StoreError(
                    f"index behind {self.alias} has mapping version {found}; "
                    f"this code knows only {self.version}"
                )
            self.stemmed = bool(meta.get("stemmed", False))
            return
        self.create_index(make_write_index=True)

    def _has_analyzer(self, name: str) -> bool:
        try:
            self._client.indices.analyze(analyzer=name, text="pembangunan")
        except ApiError as exc:
            if exc.meta.status != 400:
                raise
            return False
        return True

    def create_index(self, *, make_write_index: bool) -> str:
        """A new concrete index from the definition file; the alias moves to it if asked."""
        definition = load_index_definition()
        mappings = definition["mappings"]
        self.stemmed = self._has_analyzer(STEM_ANALYZER)
        if not self.stemmed:
            logger.warning(
                "cluster has no %s analyzer (analysis-common module): no stemmed sub-fields",
                STEM_ANALYZER,
            )
            mappings = without_stemming(mappings)
        mappings["_meta"] = {**mappings["_meta"], "stemmed": self.stemmed}
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        name = f"{self.alias}-v{self.version}-{stamp}"
        aliases = {self.alias: {"is_write_index": True}} if make_write_index else None
        self._client.indices.create(
            index=name, settings=definition["settings"], mappings=mappings, aliases=aliases
        )
        logger.info("created Elasticsearch index %s (alias %s)", name, self.alias)
        return name

    def refresh(self) -> None:
        self._client.indices.refresh(index=self.alias)

    def size_bytes(self) -> int:
        """Primary store size on disk after a flush (benchmarks)."""
        self._client.indices.flush(index=self.alias)
        stats = self._client.indices.stats(index=self.alias, metric="store")
        return int(stats["_all"]["primaries"]["store"]["size_in_bytes"])

    def drop(self) -> None:
        """Delete the alias and the indices behind it (tests, benchmarks, a failed migration)."""
        try:
            names = list(self._client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return
        self._client.indices.delete(index=",".join(names))

    # --- writes --------------------------------------------------------------------------------

    def upsert(self, articles: Iterable[Article]) -> WriteReport:
        report = WriteReport()
        batch: list[tuple[str, dict[str, Any]]] = []
        for article in articles:
            try:
                doc = docs.to_doc(article)
            except (TypeError, ValueError) as exc:
                _count_failure(report, getattr(article, "id", None) or repr(article)[:80], exc)
                continue
            batch.append((doc["id"], doc))
            if len(batch) >= BULK_CHUNK:
                self._bulk(batch, report)
                batch = []
        if batch:
            self._bulk(batch, report)
        logger.info(
            "stored articles: %s created, %s updated, %s failed",
            report.created,
            report.updated,
            report.failed,
        )
        return report

    def _bulk(self, batch: list[tuple[str, dict[str, Any]]], report: WriteReport) -> None:
        """Index one batch; retry the items refused as busy, count every other outcome."""
        pending = dict(batch)
        for attempt in range(BULK_RETRIES + 1):
            operations: list[dict[str, Any]] = []
            for doc_id, doc in pending.items():
                operations += [{"index": {"_index": self.alias, "_id": doc_id}}, doc]
            try:
                response = self._client.bulk(
                    operations=operations, refresh=self.refresh_writes or None
                )
            except (ApiError, TransportError) as exc:
                raise StoreError(f"bulk write to {self.alias} failed: {exc}") from exc
            busy: dict[str, dict[str, Any]] = {}
            for item in response["items"]:
                self._account(item["index"], pending, busy, report, final=attempt == BULK_RETRIES)
            if not busy:
                return
            pending = busy
            delay = min(30.0, 0.5 * 2**attempt)
            logger.warning("%s documents refused as busy; retrying in %.1f s", len(busy), delay)
            time.sleep(delay)

    @staticmethod
    def _account(
        result: dict[str, Any],
        pending: dict[str, dict[str, Any]],
        busy: dict[str, dict[str, Any]],
        report: WriteReport,
        *,
        final: bool,
    ) -> None:
        doc_id = result["_id"]
        if "error" not in result:
            if result.get("result") == "created":
                report.created += 1
            else:
                report.updated += 1
        elif result.get("status") in RETRY_STATUSES and not final:
            busy[doc_id] = pending[doc_id]
        else:
            error = result["error"]
            reason = (
                f"{error.get('type')}: {error.get('reason')}" if isinstance(error, dict) else error
            )
            _count_failure(report, doc_id, reason)

    def delete(self, article_ids: Iterable[str]) -> int:
        """Remove articles by id (re-keying, ``elastic_rekey.py``); how many were there."""
        wanted = list(dict.fromkeys(article_ids))
        removed = 0
        for start in range(0, len(wanted), BULK_CHUNK):
            operations = [
                {"delete": {"_index": self.alias, "_id": doc_id}}
                for doc_id in wanted[start : start + BULK_CHUNK]
            ]
            try:
                response = self._client.bulk(
                    operations=operations, refresh=self.refresh_writes or None
                )
            except (ApiError, TransportError) as exc:
                raise StoreError(f"bulk delete from {self.alias} failed: {exc}") from exc
            results = [item["delete"] for item in response["items"]]
            failed = [r for r in results if r.get("status") not in (200, 404)]
            if failed:
                raise StoreError(f"bulk delete from {self.alias}: {failed[0]}")
            removed += sum(1 for r in results if r.get("result") == "deleted")
        return removed

    # --- reads ---------------------------------------------------------------------------------

    def get(self, article_id: str) -> Article | None:
        try:
            response = self._client.get(index=self.alias, id=article_id)
        except NotFoundError:
            return None
        return docs.from_source(response["_source"])

    def existing(self, article_ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(article_ids))
        found: set[str] = set()
        for start in range(0, len(wanted), BULK_CHUNK):
            chunk = wanted[start : start + BULK_CHUNK]
            response = self._client.mget(index=self.alias, ids=chunk, source=False)
            found.update(doc["_id"] for doc in response["docs"] if doc.get("found"))
        return found

    def scan(
        self, after: str | None = None, batch_size: int = BULK_CHUNK
    ) -> Iterator[list[Article]]:
        """Every article with an id above ``after``, in id order (``search_after`` on ``id``)."""
        cursor: list[Any] | None = [after] if after else None
        while True:
            response = self._client.search(
                index=self.alias,
                size=batch_size,
                sort=[{"id": "asc"}],
                search_after=cursor,
                source_excludes=list(docs.DERIVED_KEYS),
            )
            hits = response["hits"]["hits"]
            if not hits:
                return
            yield [docs.from_source(hit["_source"]) for hit in hits]
            cursor = hits[-1]["sort"]

    def sample_ids(self, size: int) -> list[str]:
        """Up to ``size`` ids picked at random (``pantau index verify``)."""
        response = self._client.search(
            index=self.alias,
            size=size,
            source=False,
            query={"function_score": {"query": {"match_all": {}}, "random_score": {}}},
        )
        return [hit["_id"] for hit in response["hits"]["hits"]]

    def search(self, request: SearchRequest) -> SearchResult:
        if request.page < 1 or request.size < 1:
            raise ValueError(
                f"page and size must be at least 1, got {request.page} and {request.size}"
            )
        offset = (request.page - 1) * request.size
        if offset + request.size > MAX_RESULT_WINDOW:
            raise ValueError(
                f"page × size must stay within {MAX_RESULT_WINDOW} hits; narrow the search"
            )
        leaves = positive_leaves(request.query)
        by_relevance = request.sort == "relevance" and bool(leaves)
        body: dict[str, Any] = {
            "query": {
                "bool": {
                    "filter": dsl.filters(request),
                    "should": dsl.ranking(leaves, self.stemmed) if by_relevance else [],
                }
            },
            "sort": _sort(request.sort, by_relevance),
            "from_": offset,
            "size": request.size,
            # Exact with facets (the aggregations visit every match anyway), else counted as far
            # as a person can page: "10.000+" beyond, as the SQLite store.
            "track_total_hits": True if request.facets else MAX_RESULT_WINDOW,
            "source_excludes": list(docs.DERIVED_KEYS),
        }
        highlight = dsl.highlight_query(leaves) if request.snippets else None
        if highlight is not None:
            body["highlight"] = _highlight(highlight)
        aggregations = (
            docs.aggregations(request.facet_size, request.facet_fields) if request.facets else {}
        )
        if request.collapse:
            # Each cluster's best hit in the same sort; inner_hits counts its cluster's matches.
            body["collapse"] = {"field": "cluster_id", "inner_hits": {"name": COPIES, "size": 0}}
            aggregations[STORIES] = {
                "cardinality": {"field": "cluster_id", "precision_threshold": STORIES_EXACT}
            }
        if aggregations:
            body["aggregations"] = aggregations
        try:
            response = self._client.search(index=self.alias, **body)
        except (ApiError, TransportError) as exc:
            raise StoreError(f"search on {self.alias} failed: {exc}") from exc
        with_facets = request.facets and bool(request.facet_fields)
        return _result(response.body, by_relevance, with_facets, request.collapse)

    def timeline(self, request: SearchRequest, interval: Interval) -> Timeline:
        aggs = self._aggregate(request, stats.timeline_aggregations(interval))
        return stats.timeline(aggs, interval)

    def agency_tones(self, request: SearchRequest, size: int) -> list[AgencyTone]:
        agencies = stats.top_agencies(
            self._aggregate(request, stats.top_agencies_aggregation(size))
        )
        if not agencies:
            return []
        return stats.agency_tones(
            agencies, self._aggregate(request, stats.tone_aggregation(agencies))
        )

    def shares(self, request: SearchRequest, size: int) -> Shares:
        """The three questions at once: each is a request the cluster answers on its own, so the
        caller waits for the slowest, not for their sum."""
        with ThreadPoolExecutor(2, thread_name_prefix="pantau-es-shares") as threads:
            agencies = threads.submit(self.agency_tones, request, size)
            stories = threads.submit(self.search, story_request(request))
            result = self.search(request)
            return Shares(result=result, agencies=agencies.result(), stories=stories.result().total)

    def _aggregate(self, request: SearchRequest, aggregations: dict[str, Any]) -> dict[str, Any]:
        """The aggregations over the articles matching ``request`` (no hits)."""
        try:
            response = self._client.search(
                index=self.alias,
                query={"bool": {"filter": dsl.filters(request)}},
                size=0,
                aggregations=aggregations,
            )
        except (ApiError, TransportError) as exc:
            raise StoreError(f"aggregation on {self.alias} failed: {exc}") from exc
        result: dict[str, Any] = response.body["aggregations"]
        return result

    def maintain(self) -> dict[str, Any]:
        """Elasticsearch merges its segments and keeps its statistics itself (a force merge of a
        live index would hurt more than help). What is left: articles written before clustering
        get their own id as ``cluster_id`` (collapsing would otherwise put them all in one group).
        """
        clustered = 0
        while True:
            # Written again through upsert (to_doc fills the field): no script module needed.
            try:
                response = self._client.search(
                    index=self.alias,
                    query={"bool": {"must_not": {"exists": {"field": "cluster_id"}}}},
                    size=BULK_CHUNK,
                    source_excludes=list(docs.DERIVED_KEYS),
                )
            except (ApiError, TransportError) as exc:
                raise StoreError(f"maintenance of {self.alias} failed: {exc}") from exc
            found = [docs.from_source(hit["_source"]) for hit in response.body["hits"]["hits"]]
            if not found:
                break
            report = self.upsert(found)
            if report.failed:
                raise StoreError(f"maintenance of {self.alias}: {report.errors[:3]}")
            clustered += len(found)
            self.refresh()
        return {"engine": "elasticsearch", "steps": [{"step": "clusters", "updated": clustered}]}

    def count(self) -> int:
        return int(self._client.count(index=self.alias)["count"])

    def ping(self) -> bool:
        try:
            return bool(self._client.indices.exists_alias(name=self.alias))
        except (ApiError, TransportError) as exc:
            logger.warning("store does not answer: %s", exc)
            return False

    def close(self) -> None:
        self._client.close()


COPIES = "copies"
STORIES = "stories"
# Below this many clusters the cardinality count is exact (Elasticsearch's documented maximum);
# above it a story count may be off by a fraction of a percent.
STORIES_EXACT = 40_000


def _sort(order: str, by_relevance: bool) -> list[Any]:
    """Undated articles last; the id breaks ties so pages never overlap."""
    direction = "asc" if order == "oldest" else "desc"
    dated = {"published_at": {"order": direction, "missing": "_last"}}
    keys: list[Any] = [dated, {"id": direction}]
    return ["_score", *keys] if by_relevance else keys


def _highlight(query: dict[str, Any]) -> dict[str, Any]:
    # The whole body comes back marked (number_of_fragments 0); elastic_docs picks the window.
    return {
        "pre_tags": [docs.PRE_TAG],
        "post_tags": [docs.POST_TAG],
        "fields": {"fold.body": {"number_of_fragments": 0, "highlight_query": query}},
        "require_field_match": True,
    }


def _result(
    response: dict[str, Any], by_relevance: bool, with_facets: bool, collapsed: bool = False
) -> SearchResult:
    hits = []
    for raw in response["hits"]["hits"]:
        article = docs.from_source(raw["_source"])
        marked = raw.get("highlight", {}).get("fold.body", [None])[0]
        score = raw.get("_score") if by_relevance else None
        copies = 0
        if collapsed:
            copies = int(raw["inner_hits"][COPIES]["hits"]["total"]["value"]) - 1
        hits.append(
            Hit(article=article, snippet=docs.snippet(article, marked), score=score, copies=copies)
        )
    facets = docs.facets(response["aggregations"]) if with_facets else {}
    total = response["hits"]["total"]
    articles = int(total["value"])
    exact = total.get("relation", "eq") == "eq"
    if not collapsed:
        return SearchResult(total=articles, hits=hits, facets=facets, total_is_exact=exact)
    stories = int(response["aggregations"][STORIES]["value"])
    return SearchResult(
        total=stories, hits=hits, facets=facets, articles=articles, total_is_exact=exact
    )


def _count_failure(report: WriteReport, label: str, reason: object) -> None:
    report.failed += 1
    report.errors.append(f"{label}: {reason}")
    logger.warning("article %s not stored: %s", label, reason)
