"""Stores behind one protocol; ``open_store(url)`` picks the implementation from the URL scheme."""

from __future__ import annotations

from pantau.urls import redact
from search_api.store.base import Store, StoreError

__all__ = ["Store", "StoreError", "open_store"]


def open_store(url: str, *, refresh: bool = True, any_version: bool = False) -> Store:
    """``sqlite:///path/file.db`` → SQLite FTS5; ``http(s)://host:9200[/?index=ALIAS]`` →
    Elasticsearch.

    Implementations are imported here, on use, so only a process that opens an Elasticsearch store
    loads the client. Two options matter to Elasticsearch only (a SQLite file is visible to
    readers at once and migrates itself on opening): ``refresh=False`` for a bulk copy's target
    (refreshed once at the end, not per batch) and ``any_version=True`` for a copy's source, whose
    index may have an older mapping (its ``_source`` is still the Article).
    """
    if url.startswith("sqlite:///"):
        from search_api.store.sqlite import SQLiteStore

        return SQLiteStore(url.removeprefix("sqlite:///"))
    if url.startswith(("http://", "https://")):
        from search_api.store.elastic import ElasticStore

        return ElasticStore(url, refresh=refresh, any_version=any_version)
    raise StoreError(
        f"unsupported store URL {redact(url)!r}: expected sqlite:///path/to/file.db or "
        "http(s)://host:9200"
    )
