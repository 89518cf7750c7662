"""The speed paths give exactly what the plain ones give: word and bigram lookups after merges,
agency tones of a story in one pass."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.language import Language

from nlp import sentiment_doc
from nlp.pipeline import Tagger
from nlp.sentiment import SentimentScorer
from nlp.sentiment_doc import DocScorer
from nlp.sentiment_lexicon import LABELS
from nlp.sentiment_stack import ScoredSentence

TEXTS = [
    "Pemkot Bekasi berhasil meraih penghargaan. Ketua DPRD menghadiri rapat.",
    "Proyek itu belum tuntas.\n\nWarga tidak hanya mengeluh, tapi juga melapor ke Ombudsman!",
    "IHSG naik 2,5% ke 7.100; rupiah melemah. Tidak ada kendala , kata Kadis.",
    "",
    "   ",
    "Satu.",
    "Bupati Karangasem meresmikan jembatan. Jembatan itu belum tuntas, kata Kepala Dinas PUPR.",
]


def _scores(scorer: DocScorer, nlp: Language) -> list[tuple[list[str], list[int], np.ndarray]]:
    found = []
    for text in TEXTS:
        tokens = scorer.tokens(nlp(text))
        found.append((tokens.shown, tokens.tokens, scorer.score(tokens).probs))
    return found


def test_word_lookup_is_the_same_before_and_after_merges(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    component = nlp.get_pipe("pantau_sentiment")
    assert isinstance(component, SentimentScorer)
    unmerged = _scores(DocScorer(component.model), nlp)  # < _MIN_MERGE words: dict only
    monkeypatch.setattr(sentiment_doc, "_MIN_MERGE", 2)  # a merge after almost every doc
    merging = DocScorer(component.model)
    first, again = _scores(merging, nlp), _scores(merging, nlp)  # again: from the arrays
    assert len(merging.table._keys) > 0
    assert len(merging.table._pair_keys) > 0
    for a, b, c in zip(unmerged, first, again, strict=True):
        assert a[0] == b[0] == c[0]
        assert a[1] == b[1] == c[1]
        assert np.array_equal(a[2], b[2])
        assert np.array_equal(a[2], c[2])


def test_agency_tones_equal_one_agency_at_a_time(tagger: Tagger) -> None:
    scorer = tagger.scorer
    title = tagger.parse("Kejari Kolaka Tahan Kepala Dinas PUPR")
    for text in TEXTS:
        doc = tagger.parse(text)
        for title_doc in (None, title):
            sentences = tagger.agency_sentences(doc, title_doc)
            together = scorer.agency_tones(doc, title_doc, sentences)
            story = scorer.story_features(doc, title_doc)
            one_by_one = {
                agency_id: scorer.agency_tone(
                    doc,
                    title_doc,
                    wanted,
                    agency_id,
                    named_first=position == 0,
                    bodies=len(sentences),
                    story=story,
                )
                for position, (agency_id, wanted) in enumerate(sentences.items())
            }
            assert together == one_by_one
    assert scorer.agency_tones(tagger.parse(TEXTS[0]), None, {}) == {}


def test_sentence_rows_built_at_once_equal_one_by_one(tagger: Tagger) -> None:
    checked = 0
    for text in TEXTS:
        for tone in tagger.parse(text)._.pantau_tones:
            mass = [sum(c.weight for c in tone.cues if c.label == label) for label in LABELS]
            alone = ScoredSentence.of(tone.probs.tolist(), mass, tone.groups, len(tone.tokens))
            assert np.array_equal(tone.scored().row, alone.row)
            checked += 1
    assert checked >= 8
