"""How the SQLite store keeps an article's text: once, as zlib-compressed JSON.

``articles.doc`` holds ``Article.to_dict()`` as compressed JSON (35 % of its size on the bench's
synthetic articles, whose small vocabulary flatters it; real text compresses less); no
other column repeats the text. The full-text index is an FTS5 *external content* table whose
content is the view ``articles_text``: SQLite calls :func:`fts_column` (registered on every
connection by :func:`register`) to read the title, body, author, location and the hidden token
columns back out of ``doc`` when FTS5 builds a snippet or rebuilds itself. A tool that opens the
file without these functions (the ``sqlite3`` shell) can read every table but not the view.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from functools import lru_cache
from typing import Any

from search_api.store.sqlite_rows import FtsFields, fts_fields

# Level 6 (zlib's default): level 9 made the bench's documents no smaller (35.24 % vs 35.24 %).
_LEVEL = 6
FTS_COLUMNS = ("title", "body", "author", "location", "keys", "grams", "titles")


def pack(document: dict[str, Any]) -> bytes:
    return zlib.compress(json.dumps(document, ensure_ascii=False).encode("utf-8"), _LEVEL)


def unpack(blob: bytes | str) -> dict[str, Any]:
    """A stored document; ``str`` is the uncompressed JSON of schema version 2 (migration)."""
    text = blob if isinstance(blob, str) else zlib.decompress(blob).decode("utf-8")
    value: dict[str, Any] = json.loads(text)
    return value


@lru_cache(maxsize=64)
def _fields(blob: bytes | str) -> FtsFields:
    # FTS5 asks for the seven columns of one row one after another: decompress once.
    return fts_fields(unpack(blob))


def fts_column(blob: bytes | str, index: int) -> str | None:
    return _fields(blob)[index]


def register(conn: sqlite3.Connection) -> None:
    """The SQL functions the schema's view and migrations call, on one connection."""
    conn.create_function("pantau_fts_column", 2, fts_column, deterministic=True)
    conn.create_function("pantau_pack", 1, _pack_json, deterministic=True)


def _pack_json(text: str) -> bytes:
    return pack(json.loads(text))
