"""Indonesian first, English available: message catalogs and date formatting for the UI and digests.

A catalog is one YAML file per domain in ``search_api/locales/`` (``common``, ``ui``, ``digest``),
mapping each message key to its text in every language, side by side::

    search.button:
      id: Cari
      en: Search

Side by side rather than one file per language so a translator sees both at once and a test can
check that no key lacks a language. Texts are ``str.format`` templates (``{count} berita``). A key
that is missing raises ``KeyError``: a page must never show a bare key to an office's staff.

Dates are shown in the office's time zone (Asia/Jakarta unless told otherwise) with the Indonesian
zone abbreviation (WIB/WITA/WIT), through Babel's CLDR data, so month and day names are right in
both languages.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Literal, get_args
from zoneinfo import ZoneInfo

import yaml
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime

Language = Literal["id", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "id"
DEFAULT_TIMEZONE = "Asia/Jakarta"

# Indonesia's three zones by their everyday names; Babel would give "GMT+07:00".
_ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
_DATETIME_PATTERNS: dict[Language, str] = {
    "id": "EEEE, d MMMM y HH.mm",
    "en": "EEEE, d MMMM y HH:mm",
}
_SHORT_DATETIME_PATTERNS: dict[Language, str] = {
    "id": "d MMM y HH.mm",
    "en": "d MMM y HH:mm",
}


class CatalogError(ValueError):
    """A catalog file is malformed: the message names the file and the key."""


@cache
def _catalog(domain: str) -> dict[str, dict[Language, str]]:
    resource = resources.files("search_api.locales").joinpath(f"{domain}.yaml")
    raw = yaml.safe_load(resource.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise CatalogError(f"locales/{domain}.yaml: expected a mapping of message keys")
    catalog: dict[str, dict[Language, str]] = {}
    for key, texts in raw.items():
        if not isinstance(texts, dict) or set(texts) != set(LANGUAGES):
            raise CatalogError(f"locales/{domain}.yaml: {key!r} needs exactly {list(LANGUAGES)}")
        catalog[str(key)] = {language: str(texts[language]) for language in LANGUAGES}
    return catalog


def catalog_keys(domain: str) -> set[str]:
    return set(_catalog(domain))


class Messages:
    """The texts of one domain in one language: ``_ = Messages("ui", "id"); _("search.button")``."""

    def __init__(self, domain: str, language: Language) -> None:
        self.domain = domain
        self.language = language
        self._texts = _catalog(domain)

    def __call__(self, key: str, /, **values: object) -> str:
        try:
            template = self._texts[key][self.language]
        except KeyError:
            raise KeyError(f"no message {key!r} in locales/{self.domain}.yaml") from None
        return template.format(**values) if values else template


def zone_abbreviation(timezone: str) -> str:
    """WIB/WITA/WIT for Indonesia's zones; the UTC offset for any other zone."""
    known = _ZONE_ABBREVIATIONS.get(timezone)
    if known is not None:
        return known
    offset = dt.datetime.now(ZoneInfo(timezone)).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def format_datetime(
    value: dt.datetime,
    language: Language,
    timezone: str = DEFAULT_TIMEZONE,
    *,
    short: bool = False,
) -> str:
    """``Sabtu, 28 November 2026 21.05 WIB`` (id) / ``Saturday, 28 November 2026 21:05 WIB`` (en).

    A naive datetime is taken as UTC: every timestamp Pantau stores is aware, so a naive one came
    from outside and UTC is the only safe reading.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    patterns = _SHORT_DATETIME_PATTERNS if short else _DATETIME_PATTERNS
    text = babel_format_datetime(
        value, patterns[language], tzinfo=ZoneInfo(timezone), locale=language
    )
    return f"{text} {zone_abbreviation(timezone)}"


def format_date(value: dt.date, language: Language) -> str:
    """``Sabtu, 28 November 2026`` / ``Saturday, November 28, 2026``."""
    return str(babel_format_date(value, "full", locale=language))


def sentiment_name(label: str, language: Language) -> str:
    """The display name of a sentiment label (``negative`` → ``Negatif``)."""
    return Messages("common", language)(f"sentiment.{label}")
