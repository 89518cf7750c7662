"""The tagger's ruler finds spaCy's span_ruler's spans, in the same order."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.pipeline import SpanRuler

from nlp.build_patterns import PATTERNS_FILE
from nlp.evaluate import load_items
from nlp.pipeline import RULER_NAME, _read_patterns
from nlp.ruler import FACTORY, TupleSpanRuler

LABELLED = Path(__file__).parent / "labelled" / "regional_news.yaml"
EXTRA = [
    "",
    "Pemkot Bekasi dan Pemerintah Kota Bekasi, Pemkot Bekasi lagi; Diskominfo Kabupaten Bekasi.",
    "Kab. Bandung Barat, Kota Bandung, Bandung. Polres Metro Bekasi Kota.",
]


def test_same_spans_as_spacy_span_ruler() -> None:
    patterns = _read_patterns(PATTERNS_FILE)
    config = {"spans_key": "found", "phrase_matcher_attr": "LOWER", "overwrite": True}
    ours_nlp, spacy_nlp = spacy.blank("id"), spacy.blank("id")
    ours = ours_nlp.add_pipe(FACTORY, name=RULER_NAME, config=config)
    theirs = spacy_nlp.add_pipe("span_ruler", config=config)
    assert isinstance(ours, TupleSpanRuler)
    assert isinstance(theirs, SpanRuler)
    ours.initialize(lambda: [], nlp=ours_nlp, patterns=patterns)
    theirs.initialize(lambda: [], nlp=spacy_nlp, patterns=patterns)
    texts = [item["text"] for item in load_items(LABELLED)] + EXTRA
    found = 0
    for text in texts:
        ours_doc, spacy_doc = ours_nlp(text), spacy_nlp(text)
        mine = [(s.start, s.end, s.label_, s.id_) for s in ours_doc.spans["found"]]
        spacy_own = [(s.start, s.end, s.label_, s.id_) for s in spacy_doc.spans["found"]]
        assert mine == spacy_own, text
        found += len(mine)
    assert found > 100  # the texts name many bodies and places
