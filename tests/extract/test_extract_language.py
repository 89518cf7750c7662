"""Language from the text, ``<html lang>`` only as a hint (crawler.extract.language)."""

from __future__ import annotations

from extract_pages import PARAGRAPHS, article_html

from crawler.extract import extract
from crawler.extract.language import language, text_language
from pantau.models import Article

INDONESIAN = " ".join(PARAGRAPHS)
ENGLISH = (
    "The city government said on Thursday that all water pumps in the area will be ready before "
    "the rainy season, and that the river banks have been checked by the public works office, "
    "which has also asked residents to report blocked drains to the city."
)
GERMAN = (
    "Die Stadtverwaltung teilte am Donnerstag mit, dass alle Wasserpumpen vor der Regenzeit "
    "bereit sein werden und dass die Ufer des Flusses vom Bauamt geprüft worden sind, das auch "
    "die Bürger gebeten hat, verstopfte Abflüsse der Stadt zu melden."
)


def test_text_tells_indonesian_from_english() -> None:
    assert text_language(INDONESIAN) == "id"
    assert text_language(ENGLISH) == "en"


def test_weak_evidence_tells_nothing() -> None:
    assert text_language("Pemkot Bekasi") is None
    assert text_language(GERMAN) is None


def test_text_beats_the_lang_attribute() -> None:
    assert language(INDONESIAN, "en") == "id"
    assert language(ENGLISH, "id-ID") == "en"


def test_lang_attribute_is_the_fallback_else_unknown() -> None:
    assert language(GERMAN, "de-DE") == "de"
    assert language(GERMAN, None) is None


def test_indonesian_page_declared_english_is_indonesian() -> None:
    result = extract(article_html(lang="en"), "https://kabarmasa.com/berita/1/pompa")
    assert isinstance(result, Article)
    assert result.language == "id"
