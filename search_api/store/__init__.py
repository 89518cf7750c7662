"""Stores behind one protocol; ``open_store(url)`` picks the implementation from the URL scheme."""

from __future__ import annotations

from search_api.store.base import Store, StoreError

__all__ = ["Store", "StoreError", "open_store"]


def open_store(url: str) -> Store:
    """``sqlite:///path/file.db`` → SQLite FTS5 (Elasticsearch URLs come with issue [elasticsearch])."""
    if url.startswith("sqlite:///"):
        from search_api.store.sqlite import SQLiteStore

        return SQLiteStore(url.removeprefix("sqlite:///"))
    raise StoreError(f"unsupported store URL {url!r}: expected sqlite:///path/to/file.db")
