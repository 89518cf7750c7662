"""Encoding detection for fetched bytes."""

from __future__ import annotations

import codecs

import pytest

from crawler.extract.charset import declared_encoding, decode_html, detect_encoding

TEXT = "“Kami siap,” kata André — Wali Kota."


def _page(meta: str, body: str, encoding: str) -> bytes:
    return f"<html><head>{meta}</head><body><p>{body}</p></body></html>".encode(encoding)


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-1252">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
        "<meta charset=latin1>",
    ],
)
def test_cp1252_declarations(meta: str) -> None:
    data = _page(meta, TEXT, "cp1252")
    assert detect_encoding(data) == "cp1252"
    assert TEXT in decode_html(data)[0]


def test_iso_8859_1_label_means_windows_1252() -> None:
    # 0x93/0x94 are C1 controls in real ISO-8859-1 but curly quotes in windows-1252.
    data = _page('<meta charset="iso-8859-1">', TEXT, "cp1252")
    assert "“Kami siap,”" in decode_html(data)[0]


def test_bom_wins_over_declaration() -> None:
    data = codecs.BOM_UTF8 + _page('<meta charset="windows-1252">', TEXT, "utf-8")
    text, encoding = decode_html(data)
    assert encoding == "utf-8"
    assert TEXT in text
    assert not text.startswith("\ufeff")


def test_utf16_bom() -> None:
    data = codecs.BOM_UTF16_LE + _page("", TEXT, "utf-16-le")
    assert TEXT in decode_html(data)[0]


def test_undeclared_utf8() -> None:
    assert decode_html(_page("", TEXT, "utf-8")) == (
        f"<html><head></head><body><p>{TEXT}</p></body></html>",
        "utf-8",
    )


def test_undeclared_cp1252_falls_back_to_a_guess() -> None:
    data = _page("", TEXT * 20, "cp1252")
    assert TEXT in decode_html(data)[0]


def test_declared_utf8_that_is_not() -> None:
    data = _page('<meta charset="utf-8">', TEXT * 20, "cp1252")
    assert TEXT in decode_html(data)[0]


def test_unknown_label_is_ignored() -> None:
    assert declared_encoding(b'<meta charset="klingon">') is None
    assert declared_encoding(b'<meta charset="utf-16">') == "utf-8"
