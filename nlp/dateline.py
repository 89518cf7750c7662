"""The dateline place at the start of a news text: "KARANGASEM - ...", "Gowa, Outlet.id – ...".

Regional news opens with the place the story was filed from, then the outlet or a dash; some
outlets put their own name first ("Bisnis.com, BANDUNG -- ..."). When a caller passes no
``location`` (``pantau tag`` on pasted text, a batch of paragraphs), the dateline is the best hint
for a bare "Bupati Mbaraka". Only candidates are returned; the gazetteer decides whether one names
a region ("SONORABANGKA.ID" or "Di sisi lain" name none).
"""

from __future__ import annotations

import re

# One to four words of letters (a domain's dots allowed), then a comma, a parenthesis or a dash,
# at the very start: a sentence's own later commas are never read as a dateline.
_SEGMENT = re.compile(
    r"\s*(?P<place>[^\W\d_][\w.'’]*(?:[ ][^\W\d_][\w.'’]*){0,3})\s*(?:,|\(|[-–—])"
)

_DOMAIN = re.compile(r"\.\w")


def dateline_places(text: str) -> list[str]:
    """Dateline candidates of ``text``: its first segment, and the second when the first is an
    outlet's domain ("Malukuexpress.com, Masohi – ...")."""
    places: list[str] = []
    position = 0
    for _ in range(2):
        found = _SEGMENT.match(text, position)
        if found is None:
            break
        place = found.group("place").strip(" .")
        if not _DOMAIN.search(place):  # "Kab. Bekasi" is a place, "Outlet.com" is not
            places.append(place)
            break
        position = found.end()
    return places
