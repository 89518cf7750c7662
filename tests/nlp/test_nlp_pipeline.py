"""The pipeline shape, extension registration, pattern data, batch mode and articles."""

from __future__ import annotations

import json

from conftest import ids
from spacy.language import Language

from nlp import build_patterns
from nlp.agencies import AGENCY_KEY
from nlp.extensions import EXTENSIONS, register_extensions
from nlp.pipeline import Tagger, build_pipeline
from nlp.tokenizer_cache import ChunkCachingTokenizer
from pantau.models import Article


def test_pipeline_components(nlp: Language) -> None:
    assert nlp.lang == "id"
    assert nlp.pipe_names == [
        "sentencizer",
        "pantau_ruler",
        "pantau_agency_resolver",
        "pantau_officials",
        "pantau_quotes",
        "pantau_sentiment",
    ]


def test_pattern_data_not_in_config(nlp: Language) -> None:
    config = nlp.config.to_str()
    assert "Bekasi" not in config
    assert "Diskominfo" not in config


def test_checked_in_patterns_match_a_fresh_build() -> None:
    fresh = build_patterns.render(build_patterns.build())
    assert build_patterns.PATTERNS_FILE.read_text(encoding="utf-8") == fresh, (
        "run `python -m nlp.build_patterns`"
    )


def test_every_pattern_has_label_and_id() -> None:
    lines = build_patterns.PATTERNS_FILE.read_text(encoding="utf-8").splitlines()
    patterns = [json.loads(line) for line in lines]
    assert {p["label"] for p in patterns} == {"UNIT", "HEAD", "BODY", "ROLE", "REGION", "PLACE"}
    assert all(p["id"] and isinstance(p["pattern"], str) for p in patterns)


def test_extensions_registered_idempotently(nlp: Language) -> None:
    register_extensions()
    register_extensions()
    second = build_pipeline()  # would raise E090 if set_extension ran twice
    doc = second("Pemkot Bekasi")
    for name in EXTENSIONS:
        assert doc.has_extension(name)
    assert [hit.id for hit in doc._.pantau_agencies] == ["kota-bekasi/pemkot"]


def test_doc_level_results(nlp: Language) -> None:
    doc = nlp("Wali Kota Bekasi meresmikan taman. Dinas Kesehatan membuka posko.")
    hits = doc._.pantau_agencies
    assert [(h.id, h.text, h.sent, h.resolved_by) for h in hits] == [
        ("kota-bekasi/pemkot", "Wali Kota Bekasi", 0, "explicit"),
        ("kota-bekasi/dinkes", "Dinas Kesehatan", 1, "dominant"),
    ]
    spans = doc.spans[AGENCY_KEY]
    assert [(s.text, s.label_, s.id_) for s in spans] == [
        ("Wali Kota Bekasi", "AGENCY", "kota-bekasi/pemkot"),
        ("Dinas Kesehatan", "AGENCY", "kota-bekasi/dinkes"),
    ]
    assert doc._.pantau_sentiment.label == "positive"


def test_tag_many_keeps_ids_and_order(tagger: Tagger) -> None:
    items = [
        ("b", "Pemkab Bekasi meraih penghargaan."),
        ("a", "Tidak ada berita."),
        ("c", "Pemkot Bogor dikritik warga."),
    ] * 50
    results = list(tagger.tag_many(iter(items), batch_size=16))
    assert [item_id for item_id, _ in results] == [item_id for item_id, _ in items]
    first, second, third = (annotation for _, annotation in results[:3])
    assert ids(first) == ["kab-bekasi/pemkab"]
    assert ids(second) == []
    assert ids(third) == ["kota-bogor/pemkot"]
    assert results[3][1] == first


def test_tag_many_matches_tag(tagger: Tagger) -> None:
    text = "Diskominfo Kota Bekasi berhasil. Dinas Kesehatan menggelar rapat."
    [(_, batch)] = list(tagger.tag_many([("x", text)]))
    assert batch == tagger.tag(text)


def test_annotate_article_uses_title_and_dateline(tagger: Tagger) -> None:
    article = Article(
        id="x",
        url="https://example.id/a",
        canonical_url="https://example.id/a",
        outlet="example.id",
        title="Diskominfo Raih Penghargaan",
        text="Diskominfo Bekasi menggelar pelatihan. Kegiatan berjalan lancar.",
        location="Kota Bekasi",
    )
    annotation = tagger.annotate_article(article)
    assert ids(annotation) == ["kota-bekasi/diskominfo"]
    [agency] = annotation.agencies
    assert [(m.start, m.end, m.text) for m in agency.mentions] == [(0, 17, "Diskominfo Bekasi")]
    assert agency.sentiment == "positive"  # the title sentence counts for the agency
    assert annotation.sentiment is not None
    assert annotation.sentiment.label == "positive"
    assert annotation.people == []
    assert annotation.quotes == []
    article.annotate(annotation)
    assert Article.from_dict(article.to_dict()).agencies == annotation.agencies


def test_chunk_caching_tokenizer_gives_spacys_tokens(nlp: Language) -> None:
    """The wrapper only fills spaCy's cache; tokens, spaces and special cases are spaCy's."""
    wrapper = build_pipeline().tokenizer  # its own vocab and cache, our special cases
    assert isinstance(wrapper, ChunkCachingTokenizer)
    plain = wrapper.tokenizer  # spaCy's, called directly: no chunk warming
    texts = [
        "BANJAR, Sorotindonesia.com — Wali Kota Hj. Ade (Sekda) hadir, 2018-2023, anak-anak.",
        "Kab. Bekasi – Pj. Bupati meninjau jalan rusak.\n\nWarga: “kapan diperbaiki?”  ",
        "anak-anak, Kota, (05/12/2023) dr. Yulianus M.Kes; IHSG naik 2,5%.",
        "",
        "   ",
    ]
    for _ in range(2):  # the second pass reads spaCy's cache the first pass filled
        for text in texts:
            ours, theirs = nlp.make_doc(text), plain(text)
            assert [(t.text, t.whitespace_) for t in ours] == [
                (t.text, t.whitespace_) for t in theirs
            ]
    assert isinstance(nlp.tokenizer, ChunkCachingTokenizer)
