"""Byline label lines and trailing initials."""

from __future__ import annotations

import pytest

from crawler.extract.byline import Byline, extract_bylines, strip_label, strip_trailing_initials


@pytest.mark.parametrize(
    ("line", "author", "editor"),
    [
        ("Penulis: Budi Santoso", "Budi Santoso", None),
        ("Reporter : Siti Aminah", "Siti Aminah", None),
        ("Pewarta: Nur Imansyah", "Nur Imansyah", None),
        ("Wartawan: Andi", "Andi", None),
        ("Kontributor: Masriadi", "Masriadi", None),
        ("Laporan: Teti Sumiati", "Teti Sumiati", None),
        ("Editor: Ade Marboen", None, "Ade Marboen"),
        ("Redaktur: Bayu Galih", None, "Bayu Galih"),
        ("Penyunting: Rina", None, "Rina"),
        ("Pewarta: Nur Imansyah Editor: Ade Marboen", "Nur Imansyah", "Ade Marboen"),
        ("| Penulis | : Aditya Maulana |", "Aditya Maulana", None),
    ],
)
def test_label_lines_are_read_and_removed(
    line: str, author: str | None, editor: str | None
) -> None:
    text, byline = extract_bylines(f"Paragraf pertama berita.\n{line}\nParagraf kedua.")
    assert byline == Byline(author, editor)
    assert text == "Paragraf pertama berita.\nParagraf kedua."


def test_prose_with_colon_is_kept() -> None:
    text = 'Editor: "Kami akan menindaklanjuti laporan itu. Semua pihak diminta sabar," katanya.'
    assert extract_bylines(text) == (text, Byline())


def test_first_byline_wins() -> None:
    _, byline = extract_bylines("Penulis: A Satu\nteks\nPenulis: B Dua\nEditor: Cici\nEditor: Dodi")
    assert byline == Byline("A Satu", "Cici")


@pytest.mark.parametrize(
    ("text", "author", "editor"),
    [
        ("Acara berjalan lancar. (goeng)", "goeng", None),
        ("Acara berjalan lancar.(ast/rdn)", "ast", "rdn"),
        ("Acara berjalan lancar.\n(nds/krs)", "nds", "krs"),
        ('"Kami ingin juara," ujarnya. (FHM)', "FHM", None),
    ],
)
def test_trailing_initials(text: str, author: str, editor: str | None) -> None:
    cleaned, byline = strip_trailing_initials(text)
    assert byline == Byline(author, editor)
    assert "(" not in cleaned
    assert cleaned.endswith(("lancar.", "ujarnya."))


@pytest.mark.parametrize(
    "text",
    [
        "Rapat digelar di Jakarta (Jakpus).",
        "Kegiatan dipimpin Kepala Dinas (Kadis)",
        "(goeng) menulis di awal. Lalu teks berlanjut.",
        "Angka itu naik (12 persen)",
    ],
)
def test_initials_negatives(text: str) -> None:
    assert strip_trailing_initials(text) == (text, Byline())


def test_strip_label_from_meta_authors() -> None:
    assert strip_label("Pewarta Nur Imansyah") == "Nur Imansyah"
    assert strip_label("Oleh: Budi") == "Budi"
    assert strip_label("Budi Santoso") == "Budi Santoso"


def test_photographer_credit_is_the_author_only_without_a_writer() -> None:
    text, byline = extract_bylines("Fotografer: Grandyos Zafna\nPLN meresmikan gardu induk.")
    assert text == "PLN meresmikan gardu induk."
    assert byline == Byline("Grandyos Zafna", None)
    _, byline = extract_bylines("Fotografer: Grandyos Zafna\nPenulis: Budi\nTeks.")
    assert byline.author == "Budi"
