"""Our lexicon: every entry matches with its label; negation flips what it governs; features."""

from __future__ import annotations

import pytest

from nlp.sentiment_features import Featurizer, char_ngrams, feature_hash, normalise
from nlp.sentiment_lexicon import FLIPPED, Lexicon, LexiconEntry

LEXICON = Lexicon.load()
MATCHER = LEXICON.matcher()
TEMPLATE = "laporan hari ini , {} terjadi di kota itu ."


def cues(text: str) -> list[tuple[str, str]]:
    return [(c.reason, c.label) for c in MATCHER.find(text.lower().split())]


@pytest.mark.parametrize("entry", LEXICON.entries, ids=lambda e: f"{e.label}:{e.phrase}")
def test_every_lexicon_entry(entry: LexiconEntry) -> None:
    assert cues(TEMPLATE.format(entry.phrase)) == [(entry.phrase, entry.label)]


def test_no_duplicate_phrases_and_sane_weights() -> None:
    phrases = [entry.phrase for entry in LEXICON.entries]
    assert len(phrases) == len(set(phrases))
    assert all(0 < entry.weight <= 2 for entry in LEXICON.entries)
    assert {"tidak", "bukan", "belum"} <= LEXICON.negators


@pytest.mark.parametrize("negator", sorted(LEXICON.negators))
@pytest.mark.parametrize(("cue", "label"), [("berhasil", "positive"), ("rusak", "negative")])
def test_negation_flips(negator: str, cue: str, label: str) -> None:
    assert cues(f"program itu {cue} .") == [(cue, label)]
    assert cues(f"program itu {negator} {cue} .") == [(f"{negator} {cue}", FLIPPED[label])]  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("proyek itu belum tuntas", [("belum tuntas", "negative")]),
        (
            "berjalan tanpa kendala dan lancar",
            [("tanpa kendala", "positive"), ("lancar", "positive")],
        ),
        ("kinerja tidak hanya meningkat", [("meningkat", "positive")]),  # "not only"
        ("jalan tidak ada yang rusak", [("tidak rusak", "positive")]),  # within the window
        ("tidak , program itu berhasil", [("berhasil", "positive")]),  # punctuation ends scope
        ("tidak ada program yang lalu berhasil", [("berhasil", "positive")]),  # beyond the window
        (
            "tidak berhasil , tapi meningkat",
            [("tidak berhasil", "negative"), ("meningkat", "positive")],
        ),
        ("meraih predikat terbaik", [("meraih predikat", "positive"), ("terbaik", "positive")]),
        ("wajar tanpa pengecualian", [("wajar tanpa pengecualian", "positive")]),  # longest wins
        ("tidak rapat", [("rapat", "neutral")]),  # neutral cues never flip
    ],
)
def test_negation_scope_and_longest_match(text: str, expected: list[tuple[str, str]]) -> None:
    assert cues(text) == expected


def test_features_mark_negation_scope_and_keep_negators() -> None:
    featurizer = Featurizer(MATCHER, bits=18)
    tokens = featurizer.tokens(
        ["Program", " ", "tidak", "berhasil", ",", "IHSG", "Naik", "2,5", "%"]
    )
    assert tokens == ["program", "tidak", "berhasil", ",", "ihsg", "naik", "0,0", "%"]
    assert featurizer.negated(tokens) == [False, False, True, False, False, False, False, False]
    features = featurizer.features(tokens)
    assert featurizer.word_feature("tidak", False) in features.word  # never a stop word
    assert featurizer.word_feature("berhasil", True) in features.word
    assert featurizer.word_feature("berhasil", False) not in features.word
    assert len(features.word) == len(tokens) + len(tokens) - 1  # unigrams + bigrams
    assert [c.reason for c in features.cues] == ["tidak berhasil", "naik"]


def test_hash_is_stable_across_processes() -> None:
    # crc32, not Python's salted hash(): the shipped weights depend on these exact values.
    assert feature_hash("w:korupsi", 18) == 206863
    assert normalise("Rp5,44") == "rp0,00"
    assert char_ngrams("ab") == ["<a", "ab", "b>", "<ab", "ab>", "<ab>"]
