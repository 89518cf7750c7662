"""Checks applied before anything is saved: the query, the filters, an e-mail address.

The agency-tone filter (``<agency id>:<tone>``) is parsed by :mod:`search_api.filters_core`, as
``/api/search`` and the search page parse it, so a saved search holds only values they accept.

A saved search is run unattended every morning, so a query that cannot be parsed is refused when it
is saved (:class:`~search_api.query.QueryError`, with the position), not discovered at 07:00.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable

from pantau.models import SentimentLabel
from search_api.filters_core import (
    AGENCY_TONE_FORMAT,
    MAX_FILTER_VALUES,
    format_agency_tone,
    parse_agency_tone,
)
from search_api.query import SENTIMENT_VALUES, parse

# Deliberately simple: one @, no spaces or angle brackets, a dotted domain. Whether the mailbox
# exists only the receiving server can tell; this catches typos such as "humas@bekasi" or a pasted
# "Humas <humas@…>" display name.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_EMAIL = re.compile(rf"^[^@\s<>(),;:\"\[\]]+@{_LABEL}(?:\.{_LABEL})+$")
MAX_NAME_LENGTH = 200


class ValidationError(ValueError):
    """A saved search or subscription value is not acceptable; the message says which and why."""


def check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError("name must not be empty")
    if any(ord(c) < 32 or ord(c) == 127 for c in cleaned):
        raise ValidationError("name must not contain control characters")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValidationError(f"name must be at most {MAX_NAME_LENGTH} characters")
    return cleaned


def check_query(query: str, *, has_filters: bool) -> str:
    """The query, stripped; raises ``QueryError`` (with the position) when it does not parse.

    An empty query is allowed only with a filter ("every article about kota-bekasi/pemkot");
    with neither, the digest would be the whole day's news.
    """
    # Parsed as typed, so the error position points into the user's own text.
    if parse(query) is None and not has_filters:
        raise ValidationError("a saved search needs a query or at least one filter")
    return query.strip()


def check_sentiments(values: Iterable[str]) -> list[SentimentLabel]:
    """Sentiment filters in English or Indonesian (``negatif``) → the stored labels."""
    labels: list[SentimentLabel] = []
    for value in values:
        label = SENTIMENT_VALUES.get(value.strip().lower())
        if label is None:
            raise ValidationError(f"sentiment {value!r}: expected positive, neutral or negative")
        if label not in labels:
            labels.append(label)  # type: ignore[arg-type]  # SENTIMENT_VALUES maps onto the labels
    return labels


def check_ids(values: Iterable[str], what: str) -> list[str]:
    """Outlet or agency ids as the store keeps them: lower-case, no blanks, no duplicates, at
    most :data:`MAX_FILTER_VALUES` (what a search request takes)."""
    ids: list[str] = []
    for value in values:
        if len(ids) == MAX_FILTER_VALUES:
            raise ValidationError(f"at most {MAX_FILTER_VALUES} {what} values")
        cleaned = value.strip().lower()
        if not cleaned or any(c.isspace() or not c.isprintable() for c in cleaned):
            raise ValidationError(f"{what} {value!r}: expected an id such as kota-bekasi/pemkot")
        if cleaned not in ids:
            ids.append(cleaned)
    return ids


def check_known_outlets(outlets: Iterable[str], known: Collection[str]) -> None:
    """Every outlet must be one Pantau has articles from: an id that matches nothing (a typo,
    ``wartabekasi`` for ``wartabekasi.com``) would make a search that can never match. The error
    names the closest known id."""
    for outlet in outlets:
        if outlet in known:
            continue
        close = difflib.get_close_matches(outlet, list(known), n=1, cutoff=0.6)
        close += [k for k in sorted(known) if not close and k.startswith(outlet + ".")][:1]
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValidationError(f"outlet {outlet!r} is not an outlet Pantau knows{hint}")


def check_agency_tones(values: Iterable[str]) -> list[str]:
    """``<agency id>:<tone>`` filters, the agency id cleaned as :func:`check_ids` cleans it (a
    lower-case id without blanks); raises :class:`ValidationError` naming the expected form."""
    cleaned: list[str] = []
    for value in values:
        pair = parse_agency_tone(value.strip())
        agency = pair[0].strip().lower() if pair else ""
        if pair is None or not agency or any(c.isspace() for c in agency):
            raise ValidationError(f"agency_tone {value!r}: expected {AGENCY_TONE_FORMAT}")
        normalised = format_agency_tone(agency, pair[1])
        if normalised not in cleaned:
            cleaned.append(normalised)
    return cleaned


def check_email(address: str) -> str:
    """A normalised address (domain lower-cased); raises :class:`ValidationError` when malformed."""
    stripped = address.strip()
    if len(stripped) > 254 or not _EMAIL.match(stripped):
        raise ValidationError(f"{address!r} is not an e-mail address")
    local, domain = stripped.rsplit("@", 1)
    return f"{local}@{domain.lower()}"
