"""Sentiment: the component on real-looking sentences, title and lead weight, per-agency tone."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from spacy.language import Language

from nlp import sentiment_doc
from nlp.pipeline import Tagger
from nlp.sentiment import SentimentScorer
from nlp.sentiment_agency import OVERSEERS
from nlp.sentiment_doc import DocScorer
from nlp.sentiment_lexicon import LABELS
from nlp.sentiment_model import ModelArrays


@pytest.mark.parametrize(
    ("text", "label", "reason"),
    [
        (
            "Pemkot Bekasi kembali meraih opini WTP dari BPK atas laporan keuangannya.",
            "positive",
            "opini wtp",
        ),
        (
            "Kabupaten Sumedang meraih penghargaan inovasi pelayanan publik.",
            "positive",
            "meraih penghargaan",
        ),
        ("Kepala dinas ditangkap KPK dalam operasi tangkap tangan.", "negative", "ditangkap"),
        ("Warga mengeluhkan pungli di kantor kelurahan.", "negative", "pungli"),
        ("Proyek pasar induk mangkrak sejak 2022 dan dikeluhkan warga.", "negative", "mangkrak"),
        (
            "Banjir di Dayeuhkolot tak kunjung surut hingga hari ketiga.",
            "negative",
            "tak kunjung surut",
        ),
        ("Wali Kota Bekasi menghadiri rapat paripurna DPRD.", "neutral", "rapat paripurna"),
        (
            "Bupati Bandung melakukan kunjungan kerja ke Kecamatan Ciparay.",
            "neutral",
            "kunjungan kerja",
        ),
    ],
)
def test_government_news_cues(tagger: Tagger, text: str, label: str, reason: str) -> None:
    sentiment = tagger.tag(text).sentiment
    assert sentiment is not None
    assert sentiment.label == label
    assert reason in sentiment.reasons
    assert 0.0 <= sentiment.score <= 1.0


def test_negation_flips_the_cue_and_moves_the_model(nlp: Language, tagger: Tagger) -> None:
    plain = nlp("Pembangunan pasar itu sudah tuntas.")
    negated = nlp("Pembangunan pasar itu belum tuntas.")
    assert [(c.reason, c.label) for c in plain._.pantau_cues] == [("tuntas", "positive")]
    assert [(c.reason, c.label) for c in negated._.pantau_cues] == [("belum tuntas", "negative")]
    negative = LABELS.index("negative")
    assert negated._.pantau_tones[0].probs[negative] > 2 * plain._.pantau_tones[0].probs[negative]
    sentiment = tagger.tag("Proyek itu belum tuntas.").sentiment
    assert sentiment is not None
    assert (sentiment.label, sentiment.reasons[0]) == ("negative", "belum tuntas")


def test_title_and_lead_weigh_more_than_body(tagger: Tagger) -> None:
    body = (
        "Wali Kota Bekasi menerima penghargaan itu di Jakarta. "
        "Acara dihadiri para kepala daerah. "
        "Sebelumnya warga mengeluhkan jalan rusak di sejumlah kelurahan."
    )
    title = "Pemkot Bekasi Raih Penghargaan Kota Layak Anak"
    with_title = tagger.tag(body, title=title).sentiment
    assert with_title is not None
    assert with_title.label == "positive"
    assert with_title.reasons[0] in {"penghargaan", "raih penghargaan"}


def test_score_is_a_probability_and_too_short_is_low(tagger: Tagger) -> None:
    for text in ["", "   "]:
        empty = tagger.tag(text).sentiment
        assert empty is not None
        assert (empty.label, empty.score, empty.reasons) == ("neutral", 0.0, [])
    for text in ["Rapat.", "Itu dia."]:  # a word or two: nothing to judge, so no confidence
        short = tagger.tag(text).sentiment
        assert short is not None
        assert short.label == "neutral"
        assert short.score < 0.3
    for text in ["Korupsi dan pungli.", "IHSG melesat, rupiah menguat."]:
        sentiment = tagger.tag(text).sentiment
        assert sentiment is not None
        assert 0.0 < sentiment.score <= 1.0


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        # The two reports: a repair and aid after a flood are the government acting.
        ("DPUPR Kabupaten Bekasi Kebut Perbaikan Jalan Rusak", {"positive", "neutral"}),
        ("Pemprov Jabar Kirim Bantuan untuk Korban Banjir", {"positive", "neutral"}),
        (
            "BPBD Kabupaten Bogor menyalurkan bantuan logistik kepada 250 warga terdampak banjir "
            "di Kecamatan Cibinong.",
            {"positive", "neutral"},
        ),
        (
            "Kejari Sumedang menetapkan Kepala Dinas PUPR sebagai tersangka dugaan korupsi "
            "proyek jalan.",
            {"negative"},
        ),
        (
            "Warga Bekasi Timur mengeluhkan jalan rusak yang dibiarkan bertahun-tahun tanpa "
            "perbaikan oleh Pemkot Bekasi.",
            {"negative"},
        ),
    ],
)
def test_tone_is_towards_the_government_not_the_topic(
    tagger: Tagger, text: str, allowed: set[str]
) -> None:
    annotation = tagger.tag(text)
    assert annotation.sentiment is not None
    assert annotation.sentiment.label in allowed
    # Bodies that investigate or judge are the source of the verdict, not its target.
    judged = [a for a in annotation.agencies if a.id.split("/")[1] not in OVERSEERS]
    assert judged
    assert {agency.sentiment for agency in judged} <= allowed
    if "negative" not in allowed:  # the disaster is the backdrop, never the reason
        assert not {"banjir", "korban", "terdampak", "rusak"} & set(annotation.sentiment.reasons)


def test_the_investigator_is_neutral_the_investigated_negative(tagger: Tagger) -> None:
    text = "Kejari Sumedang menetapkan Kepala Dinas PUPR sebagai tersangka dugaan korupsi."
    tones = {agency.id: agency.sentiment for agency in tagger.tag(text).agencies}
    assert tones == {"kab-sumedang/kejari": "neutral", "kab-sumedang/dpupr": "negative"}


def test_reasons_are_evaluative_at_most_five_strongest_first(tagger: Tagger) -> None:
    text = (
        "Warga Kelurahan Bekasi Timur mengatakan sebanyak 10.900 keluarga akan mengeluhkan "
        "pungli, jalan rusak yang dibiarkan, sampah menumpuk dan layanan yang lambat. "
        "Anggota DPRD mengkritik dinas karena proyek itu mangkrak dan gagal."
    )
    sentiment = tagger.tag(text).sentiment
    assert sentiment is not None
    assert sentiment.label == "negative"
    assert 1 <= len(sentiment.reasons) <= 5
    words = {word for reason in sentiment.reasons for word in reason.split()}
    assert words.isdisjoint({"warga", "timur", "mengatakan", "sebanyak", "akan", "keluarga"})
    assert not any(char.isdigit() for char in "".join(sentiment.reasons))
    # Strongest first: pungli (weight 2, lead sentence) before any weight-1 cue.
    assert sentiment.reasons[0] == "pungli"


def test_names_never_explain_a_tone(tagger: Tagger, nlp: Language) -> None:
    """Regions, agencies and officials are what a story is about, not why it is good news."""
    text = (
        "Wali Kota Bekasi Rahmat Sudibyo menyerahkan penghargaan kepada 24 sekolah yang meraih "
        "predikat Adiwiyata tingkat nasional. Program Pemkot Bekasi ini berhasil meningkatkan "
        "kesadaran warga Kota Bekasi."
    )
    sentiment = tagger.tag(text).sentiment
    assert sentiment is not None
    assert sentiment.label == "positive"
    assert {"penghargaan", "berhasil"} <= set(sentiment.reasons)
    words = {word for reason in sentiment.reasons for word in reason.split()}
    assert words.isdisjoint({"bekasi", "kota", "pemkot", "wali", "rahmat", "sudibyo"})
    # The flags come from the agency and officials components: the doc marks those tokens.
    doc = nlp(text)
    flagged = {
        token
        for tone in doc._.pantau_tones
        for token, name in zip(tone.shown, tone.names, strict=True)
        if name
    }
    assert {"bekasi", "pemkot"} <= flagged
    assert "penghargaan" not in flagged


def test_agency_tone_follows_its_sentences(tagger: Tagger) -> None:
    """A story negative about a dinas and positive about the Pemkab; the ministry handing over the
    award is neutral (the labelling guide's reading: it is not the one being judged)."""
    text = (
        "Pemkab Bekasi meraih penghargaan dari Kemendagri. "
        "Sementara itu, Dinas Perhubungan Kota Bekasi dikritik karena kemacetan."
    )
    tones = {agency.id: agency.sentiment for agency in tagger.tag(text).agencies}
    assert tones == {
        "kab-bekasi/pemkab": "positive",
        "nasional/kemendagri": "neutral",
        "kota-bekasi/dishub": "negative",
    }


def test_doc_results_and_builtin_untouched(nlp: Language) -> None:
    doc = nlp("Pemkot Bekasi berhasil meraih penghargaan. Ketua DPRD menghadiri rapat.")
    assert doc.sentiment == 0.0
    assert doc._.pantau_sentiment.label == "positive"
    assert [tone.sent for tone in doc._.pantau_tones] == [0, 1]
    assert {cue.reason for cue in doc._.pantau_cues} >= {"meraih penghargaan", "rapat"}
    first = doc._.pantau_cues[0]
    assert doc.text[first.start_char : first.end_char].lower() == first.reason


def test_model_is_plain_arrays_and_runs_without_scikit_learn() -> None:
    arrays = ModelArrays.load()  # allow_pickle=False inside
    assert arrays.weights.shape == (len(LABELS), 1 << arrays.bits)
    assert arrays.temperature > 0
    code = (
        "import sys; sys.modules['sklearn'] = None; sys.modules['scipy'] = None\n"
        "from nlp.pipeline import Tagger\n"
        "print(Tagger().tag('Kepala dinas ditangkap KPK.').sentiment.label)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "negative"


TEXTS = [
    "Pemkot Bekasi berhasil meraih penghargaan. Ketua DPRD menghadiri rapat.",
    "Proyek itu belum tuntas.\n\nWarga tidak hanya mengeluh, tapi juga melapor ke Ombudsman!",
    "IHSG naik 2,5% ke 7.100; rupiah melemah. Tidak ada kendala , kata Kadis.",
    "",
    "   ",
    "Satu.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_doc_scorer_matches_sentence_by_sentence_reference(nlp: Language, text: str) -> None:
    """The batched fast path gives the numbers of SentimentModel.score (the training features)."""
    scorer = nlp.get_pipe("pantau_sentiment")
    assert isinstance(scorer, SentimentScorer)
    doc = nlp(text)
    sents = [s for s in doc.sents if any(not t.is_space for t in s)] if len(doc) else []
    assert [tone.sent for tone in doc._.pantau_tones] == [
        number for number, s in enumerate(doc.sents) if s in sents
    ]
    for tone, sent in zip(doc._.pantau_tones, sents, strict=True):
        words = [t for t in sent if not t.is_space]
        assert tone.shown == tuple(t.lower_ for t in words)
        assert (tone.start_char, tone.end_char) == (words[0].idx, words[-1].idx + len(words[-1]))
        reference = scorer.model.score(scorer.model.featurizer.tokens(list(tone.shown)))
        np.testing.assert_allclose(tone.probs, reference.probs, atol=1e-5)
        assert [c.reason for c in tone.cues] == [c.reason for c in reference.cues]


def test_doc_scorer_caches_start_afresh_without_changing_results(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    scorer = nlp.get_pipe("pantau_sentiment")
    assert isinstance(scorer, SentimentScorer)
    before = [tone.probs for text in TEXTS for tone in nlp(text)._.pantau_tones]
    fresh = DocScorer(scorer.model)
    monkeypatch.setattr(sentiment_doc, "_MAX_WORDS", 8)  # every doc clears the word table
    after = []
    for text in TEXTS:
        tokens = fresh.tokens(nlp(text))
        after.extend(fresh.score(tokens).probs)
    np.testing.assert_allclose(np.array(after), np.array(before), atol=1e-6)
