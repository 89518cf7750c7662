"""The Elasticsearch index definition (``elastic_index.json``) and the store URL, read for
``elastic.py``: the mapping file is the one copy, loaded from the package."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

from pantau.urls import redact
from search_api.store.base import StoreError

INDEX_RESOURCE = "elastic_index.json"
STEM_ANALYZER = "indonesian"
DEFAULT_ALIAS = "pantau-articles"


def load_index_definition() -> dict[str, Any]:
    text = resources.files("search_api.store").joinpath(INDEX_RESOURCE).read_text("utf-8")
    definition: dict[str, Any] = json.loads(text)
    return definition


def parse_url(url: str) -> tuple[str, str]:
    """(node URL without the ``index`` parameter, alias)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an Elasticsearch URL: {redact(url)!r}")
    alias = parse_qs(parts.query).get("index", [DEFAULT_ALIAS])[0]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")), alias


def without_stemming(mappings: dict[str, Any]) -> dict[str, Any]:
    """The mapping minus every sub-field analysed by the Indonesian analyzer."""
    stripped: dict[str, Any] = json.loads(json.dumps(mappings))
    for spec in stripped["properties"].values():
        subfields = spec.get("fields", {})
        for name in [n for n, sub in subfields.items() if sub.get("analyzer") == STEM_ANALYZER]:
            del subfields[name]
        if "fields" in spec and not subfields:
            del spec["fields"]
    return stripped
