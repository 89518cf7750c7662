"""The lexicon sentiment baseline: every lexicon entry, negation, title weight, per-agency tone."""

from __future__ import annotations

import pytest
from spacy.language import Language

from nlp.pipeline import Tagger
from nlp.sentiment import Cue, Lexicon, LexiconEntry, Tally

LEXICON = Lexicon.load()
TEMPLATE = "Menurut laporan hari ini, {} terjadi di kota itu."


@pytest.mark.parametrize("entry", LEXICON.entries, ids=lambda e: f"{e.label}:{e.phrase}")
def test_every_lexicon_entry(nlp: Language, tagger: Tagger, entry: LexiconEntry) -> None:
    doc = nlp(TEMPLATE.format(entry.phrase))
    assert [(c.reason, c.label) for c in doc._.pantau_cues] == [(entry.phrase, entry.label)]
    sentiment = tagger.tag(TEMPLATE.format(entry.phrase)).sentiment
    assert sentiment is not None
    if entry.weight >= LEXICON.neutral_prior or entry.label == "neutral":
        assert sentiment.label == entry.label
        assert entry.phrase in sentiment.reasons
    else:  # a weak cue alone does not outweigh the neutral prior
        assert sentiment.label == "neutral"


@pytest.mark.parametrize("negator", sorted(LEXICON.negators))
@pytest.mark.parametrize(
    ("cue", "label", "flipped"),
    [("berhasil", "positive", "negative"), ("rusak", "negative", "positive")],
)
def test_negation_flips(tagger: Tagger, negator: str, cue: str, label: str, flipped: str) -> None:
    plain = tagger.tag(f"Program itu {cue}.").sentiment
    negated = tagger.tag(f"Program itu {negator} {cue}.").sentiment
    assert plain is not None
    assert negated is not None
    assert plain.label == label
    assert negated.label == flipped
    assert negated.reasons == [f"{negator} {cue}"]


@pytest.mark.parametrize(
    ("text", "label", "reasons"),
    [
        ("Proyek itu belum tuntas.", "negative", ["belum tuntas"]),
        ("Pelayanan berjalan tanpa kendala dan lancar.", "positive", ["lancar", "tanpa kendala"]),
        ("Kinerja tidak hanya meningkat.", "positive", ["meningkat"]),  # "not only"
        ("Jalan tidak ada yang rusak.", "positive", ["tidak rusak"]),  # within the window
        ("Tidak, program itu berjalan lalu berhasil.", "positive", ["berhasil"]),  # window
        ("Tidak. Program itu berhasil.", "positive", ["berhasil"]),  # other sentence
        ("Program tidak berhasil, tapi kinerja meningkat.", "neutral", []),  # one cue each
    ],
)
def test_negation_scope(tagger: Tagger, text: str, label: str, reasons: list[str]) -> None:
    sentiment = tagger.tag(text).sentiment
    assert sentiment is not None
    assert (sentiment.label, sentiment.reasons) == (label, reasons)


def test_title_weighs_more_than_body(tagger: Tagger) -> None:
    body = "Warga mengeluh soal jalan rusak. Pemkot Bekasi menggelar pertemuan."
    without_title = tagger.tag(body).sentiment
    with_title = tagger.tag(body, title="Pemkot Bekasi Raih Penghargaan").sentiment
    assert without_title is not None
    assert with_title is not None
    assert without_title.label == "negative"
    assert with_title.label == "positive"
    assert with_title.reasons[0] == "penghargaan"


def test_scores_are_shares_in_unit_interval(tagger: Tagger) -> None:
    for text in ["", "Rapat.", "Korupsi dan pungli.", "Berhasil.", "Berhasil, tetapi korupsi."]:
        sentiment = tagger.tag(text).sentiment
        assert sentiment is not None
        assert 0.0 <= sentiment.score <= 1.0
    strong = tagger.tag("Kasus korupsi dan pungli, pejabat ditangkap.").sentiment
    assert strong is not None
    assert strong.label == "negative"
    assert strong.score == pytest.approx(6 / 7, abs=1e-3)
    assert strong.reasons == ["korupsi", "pungli", "ditangkap"]


def test_empty_text_is_neutral(tagger: Tagger) -> None:
    sentiment = tagger.tag("").sentiment
    assert sentiment is not None
    assert (sentiment.label, sentiment.score, sentiment.reasons) == ("neutral", 1.0, [])


def test_tally_rules() -> None:
    def cue(label: str, weight: float) -> Cue:
        return Cue(label, label, weight, 0, 1, 0)  # type: ignore[arg-type]

    assert Tally(1.0).add([cue("positive", 1.0), cue("negative", 1.0)]).result().label == "neutral"
    assert Tally(1.0).add([cue("negative", 1.0)]).result().label == "negative"  # tie -> polar
    assert Tally(1.0).add([cue("positive", 0.5)]).result().label == "neutral"
    assert Tally(1.0).add([cue("positive", 0.5)], multiplier=2.0).result().label == "positive"


def test_agency_sentiment_follows_its_sentences(tagger: Tagger) -> None:
    text = (
        "Pemkab Bekasi meraih penghargaan dari Kemendagri. "
        "Sementara itu, Dinas Perhubungan Kota Bekasi dikritik karena kemacetan."
    )
    annotation = tagger.tag(text)
    tones = {agency.id: agency.sentiment for agency in annotation.agencies}
    assert tones == {
        "kab-bekasi/pemkab": "positive",
        "nasional/kemendagri": "positive",
        "kota-bekasi/dishub": "negative",
    }


def test_doc_sentiment_builtin_untouched(nlp: Language) -> None:
    doc = nlp("Pemkot Bekasi berhasil meraih penghargaan.")
    assert doc.sentiment == 0.0
    assert doc._.pantau_sentiment.label == "positive"
