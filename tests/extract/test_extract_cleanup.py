"""Each boilerplate rule of crawler.extract.cleanup, alone and together."""

from __future__ import annotations

import pytest

from crawler.extract.cleanup import (
    clean_text,
    mentions_read_also,
    normalise_whitespace,
    remove_ad_markers,
    remove_blogger_remnants,
    remove_captions,
    remove_date_lines,
    remove_footer_lines,
    remove_gambas,
    remove_read_also,
    remove_share_widgets,
    remove_symbol_lines,
    remove_trailing_debris,
)

BODY = "Pemerintah Kota Bekasi menggelar rapat."


@pytest.mark.parametrize(
    "line",
    [
        "Baca juga: Wali Kota Tinjau Banjir",
        "Baca Juga: Wali Kota Tinjau Banjir",
        "BACA JUGA: Wali Kota Tinjau Banjir",
        "BACA JUGA",
        "Lihat juga: Video Banjir Bekasi",
        "Simak juga: Jadwal Samsat Keliling",
        "[Baca juga: Wali Kota Tinjau Banjir]",
        "Baca Juga » Pemkot Raih WTP",
    ],
)
def test_read_also_lines(line: str) -> None:
    assert remove_read_also(f"{BODY}\n{line}\nParagraf dua.") == f"{BODY}\nParagraf dua."


def test_read_also_merged_with_known_link() -> None:
    text = f"{BODY} Baca juga: Wali Kota Tinjau Banjir Rapat dihadiri camat."
    cleaned = remove_read_also(text, ["Wali Kota Tinjau Banjir", "Beranda"])
    assert cleaned == f"{BODY} Rapat dihadiri camat."


def test_read_also_merged_at_line_end() -> None:
    assert remove_read_also(f"{BODY} Baca juga: Wali Kota Tinjau Banjir") == BODY


def test_read_also_merged_unknown_title_keeps_prose() -> None:
    text = f"{BODY} Baca juga: Judul. Rapat dihadiri camat."
    assert remove_read_also(text) == f"{BODY} Judul. Rapat dihadiri camat."


def test_read_also_as_a_verb_in_prose_stays() -> None:
    text = f"{BODY} Warga bisa lihat juga jadwal pemadaman di situs PLN tanpa perlu antre"
    assert remove_read_also(text) == text


def test_mentions_read_also() -> None:
    assert mentions_read_also("x BACA JUGA: y")
    assert not mentions_read_also("Warga membaca juknis.")


def test_gambas() -> None:
    assert remove_gambas(f"{BODY}[Gambas:Video CNN]") == BODY


@pytest.mark.parametrize(
    "line", ["ADVERTISEMENT", "SCROLL TO CONTINUE WITH CONTENT", "Advertisement", "Iklan"]
)
def test_ad_markers(line: str) -> None:
    assert remove_ad_markers(f"{BODY}\n{line}") == BODY


@pytest.mark.parametrize(
    "line",
    [
        "No comments:",
        "Post a Comment",
        "Labels: Berita, Bekasi",
        "Older Post Newer Post Home",
        "Newer Post Older Post Home",
        "Subscribe to: Post Comments (Atom)",
        "Email ThisBlogThis!Share to TwitterShare to Facebook",
    ],
)
def test_blogger_remnants(line: str) -> None:
    assert remove_blogger_remnants(f"{BODY}\n{line}") == BODY


@pytest.mark.parametrize(
    "line",
    ["Bagikan", "Bagikan:", "Share this:", "Like this:", "Facebook Twitter WhatsApp", "0 Komentar"],
)
def test_share_widgets(line: str) -> None:
    assert remove_share_widgets(f"{BODY}\n{line}") == BODY


def test_date_lines() -> None:
    text = (
        f"- Kamis, 05/11/2015 09:25 WIB\n{BODY}\nRabu, 4 November 2015\n- Kamis, 05/11/2015 10:08"
    )
    assert remove_date_lines(text) == BODY


def test_rules_keep_prose_mentioning_the_words() -> None:
    prose = (
        "Warga diminta membagikan informasi; iklan rokok dilarang di Kamis, 9 November 2023 "
        "menurut Perda, dan label halal wajib."
    )
    assert clean_text(prose) == prose


def test_normalise_whitespace() -> None:
    assert normalise_whitespace("  a \u00a0 b \n\n\n c  ") == "a b\nc"


def test_clean_text_all_together() -> None:
    raw = (
        f"{BODY}\nADVERTISEMENT\nBaca juga: Judul Lain\n[Gambas:Video 20detik]\n"
        "Paragraf dua.\nBagikan\nLabels: Bekasi"
    )
    assert clean_text(raw) == f"{BODY}\nParagraf dua."


@pytest.mark.parametrize(
    "line",
    [
        "Copyright © 2016",
        "COPYRIGHT © 2016",
        "© 2007 - 2015 Okezone.com All Rights Reserved",
        "Hak cipta dilindungi undang-undang",
        "Redaksi: redaksi[at]detikfinance.com",
        "hubungi : sales[at]detik.com",
    ],
)
def test_footer_lines(line: str) -> None:
    assert remove_footer_lines(f"{BODY}\n{line}") == BODY


def test_footer_keeps_prose_about_copyright() -> None:
    line = "Hak cipta lagu itu dimiliki oleh pencipta aslinya, kata kuasa hukumnya."
    assert remove_footer_lines(f"{BODY}\n{line}") == f"{BODY}\n{line}"


def test_footer_keeps_a_press_release_contact() -> None:
    text = f"{BODY}\nKONTAK: info@contoh-rilis.com"
    assert remove_footer_lines(text) == text


def test_symbol_lines() -> None:
    assert remove_symbol_lines(f"{BODY}\n-\n01\n|\n02") == BODY


def test_trailing_debris_only_at_the_end() -> None:
    text = f"Subjudul\n{BODY}\nMustRead\nclose"
    assert remove_trailing_debris(text) == f"Subjudul\n{BODY}"


@pytest.mark.parametrize("heading", ["Berita Terkait:", "Artikel Lainnya :", "Related Posts:"])
def test_trailing_related_heading_with_colon(heading: str) -> None:
    assert remove_trailing_debris(f"{BODY}\n{heading}") == BODY
    # Only at the end: the same words inside the text are prose.
    assert remove_trailing_debris(f"{heading}\n{BODY}") == f"{heading}\n{BODY}"


def test_trailing_debris_keeps_bylines_and_initials() -> None:
    for tail in ("Editor: Bayu Galih", "(nds/krs)", "Demikian disampaikan."):
        assert remove_trailing_debris(f"{BODY}\n{tail}") == f"{BODY}\n{tail}"


def test_captions() -> None:
    caption = "Dok. Humas Wali Kota meninjau pompa air di Kali Bekasi, Kamis (9/11/2023)."
    text = f"Wali Kota meninjau pompa air di Kali Bekasi, Kamis (9/11/2023).\n{BODY}"
    assert remove_captions(text, [caption]) == BODY
    assert remove_captions(BODY, []) == BODY


def test_clean_text_new_rules_together() -> None:
    raw = f"{BODY}\nCopyright © 2016\n-\n01\nInformasi pemasangan iklan\nMustRead"
    assert clean_text(raw) == BODY


def test_trailing_short_lines_without_a_marker_stay() -> None:
    # Names, prices and CJK sentences are short lines too: length alone is no marker.
    for tail in ("Stefan Wasmer", "84,80 Euro", "益水之阳，是名益阳。"):
        assert remove_trailing_debris(f"{BODY}\n{tail}") == f"{BODY}\n{tail}"
