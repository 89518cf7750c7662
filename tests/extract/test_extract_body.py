"""The body rules of crawler.extract.body: recall rerun, photo pages, captions, lead-ins."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import lxml.html  # type: ignore[import-untyped]
from extract_pages import PARAGRAPHS, article_html

from crawler.extract import extract
from crawler.extract.body import (
    caption_texts,
    drop_header,
    dropped_words,
    gallery_text,
    lead_in_dateline,
    main_text,
)
from crawler.extract.title import site_names
from pantau.models import Article

URL = "https://www.kabarmasa.com/2023/11/09/pemkot-bekasi-siagakan-pompa"
NOW = datetime(2024, 6, 1, tzinfo=timezone(timedelta(hours=7)))
NAMES = site_names("KabarMasa", None, "kabarmasa.com")
ARTICLE_HEAD = '<meta property="og:type" content="article">'


def _tree(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def _br_page() -> str:
    # The first two paragraphs are bare text between <br>s, the rest are <p>s: the shape that
    # trafilatura's precision mode drops.
    bare = "<br><br>".join(PARAGRAPHS[:2])
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[3:])
    return article_html(extra_body=f"<div class='read'>{bare}<br><br>{paragraphs}</div>")


def test_recall_rerun_recovers_bare_text_paragraphs() -> None:
    tree = _tree(_br_page())
    text = main_text(tree, URL)
    assert "seluruh pompa air harus siap" in text
    assert "kondisi tanggul" in text


def test_no_rerun_when_nothing_was_dropped() -> None:
    tree = _tree(article_html())
    assert dropped_words(tree, main_text(tree, URL)) == []


def test_captions_are_found_and_removed_from_articles() -> None:
    caption = "Wali Kota Bekasi meninjau pompa air di Kali Bekasi pada Kamis pagi bersama camat."
    figure = f"<figure><img src='/a.jpg'><figcaption>{caption}</figcaption></figure>"
    html = article_html(head=ARTICLE_HEAD, extra_body=figure)
    assert caption in caption_texts(_tree(html))
    result = extract(html, URL, now=NOW)
    assert isinstance(result, Article)
    assert "meninjau pompa air di Kali Bekasi" not in result.text


def test_photo_page_keeps_its_caption() -> None:
    caption = (
        "Petugas PLN memeriksa gardu induk baru di Tangerang yang resmi beroperasi hari ini "
        "untuk melayani warga."
    )
    html = article_html(
        head=ARTICLE_HEAD,
        paragraphs=[],
        extra_body=f"<div class='foto-caption'><p>{caption}</p></div>",
    )
    result = extract(html, URL, now=NOW)
    assert isinstance(result, Article), result
    assert result.text == caption


def test_gallery_page_text_is_its_captions() -> None:
    captions = [
        f"Foto {n}: warga Bekasi membersihkan saluran air di Kecamatan Bekasi Timur." for n in "123"
    ]
    figures = "".join(
        f"<figure><img src='/{i}.jpg'><figcaption>{c}</figcaption></figure>"
        for i, c in enumerate(captions)
    )
    html = article_html(
        head=ARTICLE_HEAD, paragraphs=["telah dilihat 3584 kali"], extra_body=figures
    )
    assert gallery_text(_tree(html)) == "\n".join(captions)
    result = extract(html, URL, now=NOW)
    assert isinstance(result, Article), result
    assert result.text == "\n".join(captions)


def test_short_page_without_article_markup_is_still_too_short() -> None:
    html = article_html(paragraphs=["Pengumuman: kantor tutup hari Jumat untuk libur nasional."])
    result = extract(html, URL, now=NOW)
    assert not isinstance(result, Article)
    assert result.reason == "too_short"


def test_bold_lead_in_without_a_dash() -> None:
    first = "<b>KabarMasa.com, Bekasi</b> Pemerintah Kota Bekasi menggelar rapat koordinasi."
    html = article_html(paragraphs=[first, *PARAGRAPHS[1:]])
    tree = _tree(html)
    assert lead_in_dateline(tree, NAMES) == ("KabarMasa.com, Bekasi", "Bekasi")
    result = extract(html, URL, now=NOW)
    assert isinstance(result, Article)
    assert result.location == "Bekasi"
    assert result.text.startswith("Pemerintah Kota Bekasi menggelar")


def test_bold_lead_in_with_its_dash() -> None:
    html = article_html(paragraphs=["<b>KabarMasa.com, Bekasi -</b> Pemerintah menggelar rapat."])
    assert lead_in_dateline(_tree(html), NAMES) == ("KabarMasa.com, Bekasi -", "Bekasi")


def test_bold_lead_in_needs_a_site_name() -> None:
    html = article_html(paragraphs=["<b>Bekasi, Kamis</b> Pemerintah Kota Bekasi menggelar."])
    assert lead_in_dateline(_tree(html), NAMES) is None


def test_drop_header() -> None:
    title = "Gardu Induk Resmi Beroperasi"
    text = f"{title}\nFotoBisnis\n{title}\nPLN meresmikan gardu induk."
    assert drop_header(text, title) == "PLN meresmikan gardu induk."
    long_before = f"Paragraf panjang yang bukan label sama sekali di sini.\n{title}\nIsi."
    assert drop_header(long_before, title) == long_before.replace(f"{title}\n", "")
