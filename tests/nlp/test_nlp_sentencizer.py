"""The array sentencizer gives spaCy's sentence boundaries; doc_text and sentence_index give what
``Doc.text`` and ``Doc.sents`` give."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer

from nlp.extensions import doc_text, sentence_index
from nlp.pipeline import build_pipeline
from nlp.sentencizer import FACTORY, ArraySentencizer

TEXTS = [
    "",
    "   ",
    "Satu kalimat saja",
    "Bupati meresmikan jembatan. Warga senang! Apa kabar? Ya.",
    '"Kami siap," kata Wali Kota. "Mulai besok." Lalu ia pergi...',
    "Harga naik 2,5 persen (yoy). Lalu -- pada 13/11/2023 -- rapat digelar.\n\nParagraf baru.",
    "Titik di akhir.\n\n\nSpasi putih sesudahnya.   ",
    "Kalimat Tionghoa。 Kalimat berikut！ Lalu ？ dan ‼ selesai",
    ". . . dimulai dengan titik. ! ? ",
    "Pj. Wali Kota Bekasi hadir. Kab. Bandung juga.",
]


def _both() -> tuple[Language, Sentencizer, ArraySentencizer]:
    nlp = spacy.blank("id")
    spacy_own = Sentencizer()
    ours = nlp.add_pipe(FACTORY)
    assert isinstance(ours, ArraySentencizer)
    return nlp, spacy_own, ours


def test_same_boundaries_as_spacy() -> None:
    nlp, spacy_own, ours = _both()
    for text in TEXTS:
        doc = nlp.make_doc(text)
        assert ours.predict([doc]) == spacy_own.predict([doc]), text
        expected = [s.text for s in spacy_own(nlp.make_doc(text)).sents] if text else []
        assert [s.text for s in ours(nlp.make_doc(text)).sents] == expected, text


def test_same_boundaries_with_other_punct_chars() -> None:
    nlp = spacy.blank("id")
    ours = nlp.add_pipe(FACTORY, config={"punct_chars": [";"]})
    spacy_own = Sentencizer(punct_chars=[";"])
    for text in TEXTS:
        doc = nlp.make_doc(text)
        assert ours.predict([doc]) == spacy_own.predict([doc]), text
    assert ours.predict([nlp.make_doc("a ; b . c")]) == [[True, False, True, False, False]]


def test_keeps_boundaries_set_before() -> None:
    nlp, spacy_own, ours = _both()
    for component in (spacy_own, ours):
        doc = nlp.make_doc("Satu dua. Tiga empat")
        doc[1].is_sent_start = True
        assert [s.text for s in component(doc).sents] == ["Satu", "dua.", "Tiga empat"]


def test_doc_text_and_sentence_index_match_spacy() -> None:
    nlp = build_pipeline()
    for text in TEXTS:
        doc = nlp(text)
        assert doc_text(doc) == doc.text == text
        expected = [0] * len(doc)
        for number, sent in enumerate(doc.sents if len(doc) else []):
            expected[sent.start : sent.end] = [number] * len(sent)
        assert sentence_index(doc) == expected


def test_doc_text_without_our_tokenizer() -> None:
    nlp = spacy.blank("id")
    doc = nlp("Tanpa teks yang diingat.")
    assert doc_text(doc) == "Tanpa teks yang diingat."
    doc.user_data["pantau_text"] = "teks lain"  # stale: not the doc's own length
    assert doc_text(doc) == "Tanpa teks yang diingat."
