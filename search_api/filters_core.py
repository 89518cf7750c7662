"""The parts of the search filters that need no web framework, shared by the API's filter
dependency (``search_api/app/filters.py``), the search page and the saved searches of the digests
package (which must not import FastAPI: the CLI and the scheduler use it too).

``agency_tone`` values are ``<agency id>:<tone>`` — articles whose tone *towards that agency* is
that tone; tone ``positive``, ``neutral``, ``negative`` or ``none`` (the tagger left it unlabelled).
"""

from __future__ import annotations

from search_api.store.base import TONES, Tone

__all__ = ["AGENCY_TONE_FORMAT", "TONES", "Tone", "format_agency_tone", "parse_agency_tone"]

# How a malformed value is explained, in every error message that names the expected form.
AGENCY_TONE_FORMAT = f"<agency id>:<{'|'.join(TONES)}>"


def parse_agency_tone(value: str) -> tuple[str, Tone] | None:
    """``"kota-bekasi/pemkot:negative"`` → ``("kota-bekasi/pemkot", "negative")``; None when
    malformed."""
    agency, _, tone = value.rpartition(":")
    for known in TONES:
        if agency and tone == known:
            return agency, known
    return None


def format_agency_tone(agency: str, tone: str) -> str:
    """The inverse of :func:`parse_agency_tone`."""
    return f"{agency}:{tone}"
