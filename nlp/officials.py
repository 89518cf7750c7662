"""The ``pantau_officials`` component: people named with a role -> ``Doc._.pantau_people``.

A *role phrase* is an agency mention that is a head title ("Pj Bupati Sumedang", "Kapolres Metro
Bekasi Kota") or a generic ``ROLE`` title right before an agency mention ("Kepala" + "Dinas
Kesehatan Kota Bekasi"; a few title-case words may sit between: "Kepala Bidang Informasi Publik
Diskominfo"). The person is the proper name right after the phrase, optionally after a comma
("Kabag Humas, Amsiyah"), or right before it after a comma or "selaku"/"sebagai" ("Amsiyah, Kepala
Bagian Humas Setda Kota Bekasi"). Honorifics and ranks are dropped from the name ("Kombes Pol
Kusumo" -> "Kusumo").

A former office ("mantan Wali Kota Bekasi Rahmat Effendi") gives a person whose role keeps the
word "mantan" and whose ``agency_id`` is ``None``: the article is not about that office.

Every mention is kept, in text order, as a :class:`PersonMention` with character offsets; role
phrases without a name are kept too (``name is None``) so that "kata Wali Kota Bekasi" can be a
quote's speaker. :mod:`nlp.quotes` adds the speakers it finds by name alone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.agencies import FORMER_KEY, RULER_KEY, AgencyHit
from nlp.extensions import doc_text, register_extensions
from nlp.naming import is_name_token, person_name
from pantau.models import Person

logger = logging.getLogger(__name__)

# How many title-case words may separate a generic role from its agency ("Kepala Bidang
# Pencegahan dan Kesiapsiagaan BPBD"); bidang and seksi names are rarely longer.
_MAX_ROLE_GAP = 5
_GAP_WORDS = frozenset({"dan", "&", "serta"})
_BEFORE_MARKERS = frozenset({",", "selaku", "sebagai"})


@dataclass(frozen=True, slots=True)
class PersonMention:
    """One mention of a person (or of a role without a name: ``name is None``)."""

    name: str | None
    role: str | None
    agency_id: str | None
    start_char: int
    end_char: int


class OfficialsFinder:
    """Callable pipeline component; stateless apart from its name."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans[RULER_KEY]) if RULER_KEY in doc.spans else []
        roles = [(s.start, s.end) for s in spans if s.label_ == "ROLE"]
        stops = {s.start for s in spans}
        hits: list[tuple[AgencyHit | None, Span]] = [
            (hit, doc[hit.start : hit.end]) for hit in doc._.pantau_agencies or []
        ]
        if FORMER_KEY in doc.spans:
            hits += [(None, span) for span in doc.spans[FORMER_KEY]]
        mentions = []
        text = doc_text(doc)  # spans' text as slices of it: no Token built per word
        for hit, span in hits:
            mention = self._mention(doc, text, hit, span, roles, stops)
            if mention is not None:
                mentions.append(mention)
        doc._.pantau_people = sorted(mentions, key=lambda m: m.start_char)
        return doc

    def _mention(
        self,
        doc: Doc,
        text: str,
        hit: AgencyHit | None,
        span: Span,
        roles: list[tuple[int, int]],
        stops: set[int],
    ) -> PersonMention | None:
        role_start = _role_start(doc, span, roles, stops)
        is_head = hit.head if hit is not None else True
        if role_start is None and not is_head:
            return None  # a plain agency mention ("Pemkot Bekasi") names nobody
        start = span.start if role_start is None else role_start
        if hit is None and start > 0:
            start -= 1  # keep "mantan" in the role
        role = text[doc[start].idx : span.end_char]
        agency_id = hit.id if hit is not None else None
        name = _name_after(doc, span.end, stops) or _name_before(doc, start, stops)
        if name is None:
            return PersonMention(None, role, agency_id, doc[start].idx, span.end_char)
        first, last = name
        person = text[doc[first].idx : doc[last - 1].idx + len(doc[last - 1])]
        lo, hi = min(start, first), max(span.end, last)
        return PersonMention(
            person, role, agency_id, doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        )


def _role_start(doc: Doc, span: Span, roles: list[tuple[int, int]], stops: set[int]) -> int | None:
    """Where the generic role before an agency mention starts, if there is one; the words
    between may not start another span ("Ketua DPRD X Budi dan Wali Kota X" is two phrases)."""
    best: int | None = None
    for start, end in roles:
        if start >= span.start or end < span.start - _MAX_ROLE_GAP:
            continue
        if end > span.start:  # overlaps the unit ("Kepala Bagian" + "Bagian Humas")
            best = start if best is None else min(best, start)
            continue
        gap = doc[end : span.start]
        if all(
            (t.is_title or t.is_upper or t.lower_ in _GAP_WORDS) and t.i not in stops for t in gap
        ) and (best is None or start > best):
            best = start
    return best


def _name_after(doc: Doc, end: int, stops: set[int]) -> tuple[int, int] | None:
    index = end + 1 if end < len(doc) and doc[end].text == "," else end
    return person_name(doc, index, stops)


def _name_before(doc: Doc, start: int, stops: set[int]) -> tuple[int, int] | None:
    """ "Amsiyah, Kepala Bagian ..." or "Tri Adhianto selaku Wali Kota Bekasi"."""
    if start < 2 or doc[start - 1].lower_ not in _BEFORE_MARKERS:
        return None
    last = start - 1
    first = last
    while first > 0 and last - first < 4 and is_name_token(doc, first - 1):
        first -= 1
    if first == last or any(i in stops for i in range(first, last)):
        return None
    found = person_name(doc, first, stops)
    return found if found is not None and found[1] == last else None


def people_of(mentions: list[PersonMention]) -> list[Person]:
    """One :class:`Person` per name, in order of first mention; role and agency from the first
    mention that has them."""
    people: dict[str, Person] = {}
    for mention in mentions:
        if mention.name is None:
            continue
        person = people.setdefault(mention.name, Person(name=mention.name))
        if person.role is None and mention.role is not None:
            person.role, person.agency_id = mention.role, mention.agency_id
    return list(people.values())


@Language.factory("pantau_officials")
def make_officials(nlp: Language, name: str) -> OfficialsFinder:
    return OfficialsFinder(nlp, name)
