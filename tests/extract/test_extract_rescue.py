"""The recall rescue of crawler.extract.rescue: evidence, trigger, second opinion, choice."""

from __future__ import annotations

import json

import lxml.html  # type: ignore[import-untyped]
from extract_pages import PARAGRAPHS, article_html

from crawler.extract.rescue import (
    article_body,
    article_evidence,
    drop_link_lines,
    rescue,
    support,
)

PROSE = [p for p in PARAGRAPHS if not p.startswith("Baca juga")]


def _tree(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def _jsonld(body: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "articleBody": body}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_evidence_is_the_article_body_when_long_enough() -> None:
    body = " ".join(PROSE)
    tree = _tree(article_html(head=_jsonld(body)))
    assert article_body(tree) == body
    assert article_evidence(tree) == body


def test_evidence_is_prose_paragraphs_not_teasers_or_menus() -> None:
    teaser = "<p><a href='/b'>Pemkot Bogor Mulai Revitalisasi Pasar Bogor Tahun Depan Ini</a></p>"
    menu = "<ul><li><p>Beranda Pemerintahan Ekonomi Olahraga Hiburan Teknologi Otomotif</p></li>"
    tree = _tree(article_html(extra_body=teaser + menu))
    evidence = article_evidence(tree)
    assert PROSE[1] in evidence
    assert "Revitalisasi" not in evidence
    assert "Olahraga" not in evidence


def test_link_lines_are_dropped_from_the_second_opinion() -> None:
    tree = _tree(article_html(extra_body="<a href='/c'>Tanggul Kali Cikarang Jebol</a>"))
    text = f"{PROSE[0]}\nTanggul Kali Cikarang Jebol\nOK"
    assert drop_link_lines(text, tree) == f"{PROSE[0]}\nOK"


def test_support_is_token_f1() -> None:
    assert support("a b c", "a b c") == 1.0
    assert support("a b", "c d") == 0.0
    assert 0.0 < support("a b", "a c") < 1.0


def test_no_second_opinion_when_the_text_matches_the_markup() -> None:
    tree = _tree(article_html())
    text = "\n".join(PROSE)

    def never() -> str:
        raise AssertionError("the second opinion must not run")

    assert rescue(text, tree, never) == text


def test_short_text_is_replaced_by_the_better_supported_second_opinion() -> None:
    tree = _tree(article_html())
    full = "\n".join(PROSE)
    assert rescue(PROSE[0], tree, lambda: full) == full


def test_second_opinion_that_the_markup_does_not_back_is_refused() -> None:
    tree = _tree(article_html())
    sidebar = "Jadwal imsakiyah\nKurs rupiah hari ini\nPrakiraan cuaca Jawa Barat besok pagi"
    assert rescue(PROSE[0], tree, lambda: sidebar) == PROSE[0]


def test_empty_first_pass_takes_any_second_opinion_then_the_evidence() -> None:
    tree = _tree(article_html(paragraphs=[]))
    assert rescue("", tree, lambda: "Teks dari pendapat kedua.") == "Teks dari pendapat kedua."
    body = " ".join(PROSE)
    with_body = _tree(article_html(head=_jsonld(body), paragraphs=[]))
    assert rescue("", with_body, lambda: "") == body
    paragraphs = _tree(article_html())
    assert PROSE[1] in rescue("", paragraphs, lambda: "")
    assert rescue("", _tree("<html><body><nav>Beranda</nav></body></html>"), lambda: "") == ""
