"""The SQLite word rules the Elasticsearch store applies itself (no node needed)."""

from __future__ import annotations

import pytest

from search_api.query import parse
from search_api.store.elastic_dsl import compile_node
from search_api.store.folding import fold, word_spans, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("André Wijaya", ["andre", "wijaya"]),
        ("Jum'at Jum’at", ["jum", "at", "jum", "at"]),
        ("warga-warga, kota.", ["warga", "warga", "kota"]),
        ("pukul 10:30 WIB", ["pukul", "10", "30", "wib"]),
        ("kabarmasa.com", ["kabarmasa", "com"]),
        ("İstanbul ß", ["istanbul", "ß"]),
        ("\ue000forged\ue001", ["forged"]),
    ],
)
def test_words_follow_unicode61(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_fold_keeps_offsets() -> None:
    text = "Banjir di Kota Bekasi — André, Jum’at!"
    folded = fold(text)
    assert len(folded) == len(text)
    for start, end in word_spans(folded):
        assert fold(text[start:end]) == folded[start:end]


def test_compiled_queries() -> None:
    assert compile_node(parse("title:banj*")) == {"prefix": {"fold.title": {"value": "banj"}}}  # type: ignore[arg-type]
    multi = compile_node(parse("title:kota-ko*"))  # type: ignore[arg-type]
    assert multi["span_near"]["clauses"][0] == {"span_term": {"fold.title": "kota"}}
    assert compile_node(parse("agency:kota_*")) == {"prefix": {"agencies.id": {"value": "kota_"}}}  # type: ignore[arg-type]
    assert compile_node(parse("a -b"))["bool"]["filter"][1] == {  # type: ignore[arg-type]
        "bool": {"must_not": [compile_node(parse("b"))]}  # type: ignore[arg-type]
    }
