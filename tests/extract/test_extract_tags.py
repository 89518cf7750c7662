"""Tags without CMS facets ("Editor:Iskandar") and site-wide SEO phrases ("berita terkini")."""

from __future__ import annotations

import pytest

from crawler.extract import extract
from crawler.extract.tags import clean_tags
from pantau.models import Article


def test_liputan6_facets_become_editor_and_vanish_from_tags() -> None:
    result = clean_tags(["Media Visit", "Hutchison 3 Indonesia", "Tekno:Telko", "Editor:Iskandar"])
    assert result.tags == ["Media Visit", "Hutchison 3 Indonesia"]
    assert result.editor == "Iskandar"
    assert result.author is None


def test_topic_facet_value_is_a_tag_and_section_paths_are_dropped() -> None:
    result = clean_tags(["Celebrity: Hot Gossip", "Topic: Indra Birowo", "Photo:Showbiz:Musik"])
    assert result.tags == ["Indra Birowo"]


def test_person_facets_first_one_wins() -> None:
    result = clean_tags(["Penulis: Sri Wahyuni", "Reporter:Budi", "Redaktur:Ani", "Editor:Eko"])
    assert (result.author, result.editor, result.tags) == ("Sri Wahyuni", "Ani", [])


@pytest.mark.parametrize(
    "phrase",
    [
        "berita terkini",
        "berita Indonesia",
        "portal Indonesia",
        "berita harian online",
        "Berita Terbaru Hari Ini",
        "berita ekonomi",
        "info terkini",
    ],
)
def test_seo_phrases_are_dropped(phrase: str) -> None:
    assert clean_tags(["Pemkot Bekasi", phrase]).tags == ["Pemkot Bekasi"]


@pytest.mark.parametrize(
    "tag",
    [
        "berita hoaks",  # a topic, not a generic word
        "banjir Bekasi",
        "Piala Dunia 2026: Indonesia",  # a colon inside a real tag
        "kabar duka ASN",
        "portal pengaduan LAPOR",
    ],
)
def test_real_tags_are_kept(tag: str) -> None:
    assert clean_tags([tag]).tags == [tag]


def test_duplicates_and_spacing_are_collapsed() -> None:
    assert clean_tags(["Pemkot  Bekasi", "pemkot bekasi", " DPRD "]).tags == [
        "Pemkot Bekasi",
        "DPRD",
    ]


def test_extract_uses_the_facet_editor_over_initials() -> None:
    body = " ".join(["Pemerintah Kota Bekasi meresmikan taman baru untuk warga."] * 15)
    html = (
        '<html><head><meta name="keywords" content="Taman Kota, News:Regional, Editor:Iskandar,'
        ' berita terkini"></head><body><article><h1>Taman Baru Diresmikan</h1>'
        f"<p>{body} (isk)</p></article></body></html>"
    )
    article = extract(html.encode(), url="https://kabar.example/read/2")
    assert isinstance(article, Article)
    assert article.tags == ["Taman Kota"]
    assert article.editor == "Iskandar"
