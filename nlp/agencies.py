"""The ``pantau_agency_resolver`` component: ruler spans -> agencies with canonical ids
``<region>/<unit>``.

The span ruler (patterns from ``data/patterns.jsonl``) marks three kinds of span, overlaps kept:
``UNIT`` ("Diskominfo", "Pemerintah Kota", "Wali Kota"), ``REGION`` ("Kota Bekasi": kind given) and
``PLACE`` ("Bekasi": kind not given). This component turns them into :class:`AgencyHit` records on
``Doc._.pantau_agencies`` (and ``doc.spans["pantau_agencies"]``, label ``AGENCY``, ``id_`` = the
agency id).

How a unit gets its region, first rule that applies:

1. **Written after it.** A REGION or PLACE right after the unit, optionally after a parenthesised
   abbreviation ("Dinas Komunikasi dan Informatika (Diskominfo) Kota Bekasi"), longest name first,
   filtered by the unit's level: "Pemkab Bekasi" only accepts a kabupaten, so it is
   ``kab-bekasi/pemkab``; "Pemkot Sumedang" names no kota and falls through. A following unit of
   the same slug is merged into one mention ("Bagian Prokopim Setda Kota Bekasi"); a following unit
   of another slug lends its region ("Diskominfo Pemkot Bekasi" -> ``kota-bekasi/diskominfo``).
2. **A bare name that means several regions** ("Diskominfo Bekasi": Kota or Kabupaten) is narrowed
   by the regions of the same sentence, then the title, the dateline ``location``, then the
   caller's ``region`` (see :class:`RegionContext`); if none of them picks exactly one candidate the
   id is ``unknown/<unit>``. We never guess between Kota and Kabupaten.
3. **No region written** ("Dinas Kesehatan menggelar ..."): the nearest region in the same sentence
   (from an agency resolved by rule 1, a place name written with its kind, or a proper-case bare
   name that means exactly one region), then the title, ``location``, ``region`` layers; each layer
   must give exactly one compatible region. A province-level unit ("Gubernur") takes the province
   of a kabupaten/kota context.
4. Otherwise ``unknown/<unit>``. National bodies are always ``nasional/<unit>``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.extensions import register_extensions, sentence_index
from nlp.regions import DATA_DIR, Gazetteer
from nlp.units import Unit, load_units

logger = logging.getLogger(__name__)

RULER_KEY = "pantau_ruler"
AGENCY_KEY = "pantau_agencies"
UNKNOWN = "unknown"
NASIONAL = "nasional"
# How far a "(Abbr)" may reach after a long unit name; abbreviations are one to three tokens.
_MAX_PARENTHETICAL = 5
# A proper-case bare name after these is a company name ("PT Sumedang Jaya"), not a place.
_COMPANY_MARKERS = frozenset({"pt", "pt.", "cv", "cv.", "tbk", "perum"})


@dataclass(frozen=True, slots=True)
class RegionContext:
    """Document-level hints for rule 2 and 3, each a set of region slugs, consulted in this
    order."""

    title: frozenset[str] = frozenset()
    location: frozenset[str] = frozenset()
    region: frozenset[str] = frozenset()

    def layers(self) -> tuple[tuple[str, frozenset[str]], ...]:
        return (("title", self.title), ("location", self.location), ("region", self.region))


@dataclass(frozen=True, slots=True)
class AgencyHit:
    """One agency mention; ``resolved_by`` says which rule gave the region (for debugging and
    tests)."""

    id: str
    name: str
    start_char: int
    end_char: int
    text: str
    sent: int
    resolved_by: str


@dataclass(slots=True)
class _Parse:
    unit: Unit
    start: int
    end: int
    candidates: frozenset[str] | None  # None: nothing written; several: an ambiguous bare name
    how: str = "explicit"


class AgencyResolver:
    """Callable pipeline component; the gazetteer and vocabulary are loaded once per pipeline."""

    def __init__(self, nlp: Language, name: str, data_dir: Path = DATA_DIR) -> None:
        register_extensions()
        self.name = name
        self.gazetteer = Gazetteer.load(data_dir)
        self.units = load_units(data_dir).units

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans[RULER_KEY]) if RULER_KEY in doc.spans else []
        sent_of = sentence_index(doc)
        parses = self._parse_units(doc, spans)
        mentioned = self._sentence_regions(doc, spans, sent_of)
        for parse in parses:
            if parse.candidates is not None and len(parse.candidates) == 1:
                mentioned[sent_of[parse.start]].append((parse.start, next(iter(parse.candidates))))
        context = doc._.pantau_context or RegionContext()
        hits = [self._hit(doc, p, mentioned[sent_of[p.start]], context, sent_of) for p in parses]
        doc._.pantau_agencies = hits
        doc.spans[AGENCY_KEY] = [
            Span(doc, p.start, p.end, label="AGENCY", span_id=h.id)
            for p, h in zip(parses, hits, strict=True)
        ]
        return doc

    def _parse_units(self, doc: Doc, spans: list[Span]) -> list[_Parse]:
        """Rule 1, right to left so that a unit can merge with or borrow from the unit after it."""
        units = filter_spans([s for s in spans if s.label_ == "UNIT" and s.id_ in self.units])
        regions: defaultdict[int, list[Span]] = defaultdict(list)
        for span in spans:
            if span.label_ in ("REGION", "PLACE"):
                regions[span.start].append(span)
        parses: dict[int, _Parse] = {}
        for span in reversed(units):
            unit = self.units[span.id_]
            parse = _Parse(unit, span.start, span.end, None)
            if unit.level != NASIONAL:
                self._attach_region(doc, parse, regions, parses)
            parses[span.start] = parse
        return [parses[start] for start in sorted(parses)]

    def _attach_region(
        self,
        doc: Doc,
        parse: _Parse,
        regions: dict[int, list[Span]],
        parses: dict[int, _Parse],
    ) -> None:
        after = _skip_abbreviation(doc, parse, parses)
        for span in sorted(regions.get(after, []), key=len, reverse=True):
            candidates = self._accepted(parse.unit, self._candidates(span))
            if candidates:
                parse.end, parse.candidates = span.end, candidates
                return
        following = parses.get(after)
        if following is None or following.candidates is None:
            return
        if following.unit.key == parse.unit.key:
            del parses[after]
            parse.end, parse.candidates, parse.how = following.end, following.candidates, "merged"
            return
        borrowed = self._accepted(parse.unit, following.candidates)
        if borrowed:
            parse.candidates, parse.how = borrowed, "chain"

    def _candidates(self, span: Span) -> frozenset[str]:
        if span.label_ == "REGION":
            return frozenset({span.id_})
        return self.gazetteer.bare.get(span.id_, frozenset())

    def _accepted(self, unit: Unit, slugs: Iterable[str]) -> frozenset[str]:
        by_slug = self.gazetteer.by_slug
        return frozenset(s for s in slugs if s in by_slug and unit.accepts(by_slug[s].kind))

    def _lifted(self, unit: Unit, slugs: Iterable[str]) -> frozenset[str]:
        """Context regions the unit can belong to; a province unit takes a kota's province."""
        result: set[str] = set()
        for slug in slugs:
            region = self.gazetteer.by_slug.get(slug)
            if region is None:
                continue
            if unit.accepts(region.kind):
                result.add(slug)
            elif unit.level == "prov":
                result.add(region.province)
        return frozenset(result)

    def _sentence_regions(
        self, doc: Doc, spans: list[Span], sent_of: list[int]
    ) -> defaultdict[int, list[tuple[int, str]]]:
        """Regions written in each sentence, as (token position, slug), for rules 2 and 3."""
        found: defaultdict[int, list[tuple[int, str]]] = defaultdict(list)
        for span in filter_spans([s for s in spans if s.label_ in ("REGION", "PLACE")]):
            candidates = self._candidates(span)
            if len(candidates) == 1 and (span.label_ == "REGION" or _looks_like_place(span)):
                found[sent_of[span.start]].append((span.start, next(iter(candidates))))
        return found

    def _resolve(
        self, parse: _Parse, sentence: list[tuple[int, str]], context: RegionContext
    ) -> tuple[str | None, str]:
        """The region slug (or None) and the rule that gave it."""
        if parse.unit.level == NASIONAL:
            return NASIONAL, "nasional"
        if parse.candidates is not None and len(parse.candidates) == 1:
            return next(iter(parse.candidates)), parse.how
        ordered = sorted(sentence, key=lambda item: (abs(item[0] - parse.start), item[0]))
        layers = [("sentence", frozenset(slug for _, slug in ordered)), *context.layers()]
        for how, slugs in layers:
            if how == "sentence" and parse.candidates is None:
                # Rule 3 within the sentence: the nearest compatible region wins (earlier one on a
                # tie).
                for _, slug in ordered:
                    nearest = self._lifted(parse.unit, [slug])
                    if nearest:
                        return next(iter(nearest)), how
                continue
            lifted = self._lifted(parse.unit, slugs)
            if parse.candidates is not None:
                lifted &= parse.candidates
            if len(lifted) == 1:
                return next(iter(lifted)), how
        return None, UNKNOWN

    def _hit(
        self,
        doc: Doc,
        parse: _Parse,
        sentence: list[tuple[int, str]],
        context: RegionContext,
        sent_of: list[int],
    ) -> AgencyHit:
        region, how = self._resolve(parse, sentence, context)
        unit = parse.unit
        if region is None or region == NASIONAL:
            slug = unit.key
            name = unit.generic if region is None else unit.name
            agency_id = f"{region or UNKNOWN}/{slug}"
        else:
            kind = self.gazetteer.by_slug[region].kind
            slug = unit.slug_for(kind)
            display = self.units[slug].name if slug in self.units else unit.name
            name = f"{display} {self.gazetteer.display(region)}"
            agency_id = f"{region}/{slug}"
        span = doc[parse.start : parse.end]
        return AgencyHit(
            id=agency_id,
            name=name,
            start_char=span.start_char,
            end_char=span.end_char,
            text=span.text,
            sent=sent_of[parse.start],
            resolved_by=how,
        )


def _skip_abbreviation(doc: Doc, parse: _Parse, parses: dict[int, _Parse]) -> int:
    """The token after "(Abbr)" when the parenthesis holds the same unit, else the token after
    the unit."""
    end = parse.end
    if end >= len(doc) or doc[end].text != "(":
        return end
    inner = parses.get(end + 1)
    if inner is None or inner.unit.key != parse.unit.key:
        return end
    close = inner.end
    if close < len(doc) and doc[close].text == ")" and close - end <= _MAX_PARENTHETICAL:
        del parses[end + 1]
        parse.end = close + 1
        return close + 1
    return end


def _looks_like_place(span: Span) -> bool:
    """A bare name counts as a place mention only when written as a proper noun mid-sentence.

    Many kabupaten/kota names are common words ("Batu", "Malang", "Bone", "Pati"), so a lower-case
    or sentence-initial match is not evidence of a place.
    """
    first = span[0]
    if first.is_sent_start or not (first.is_title or first.is_upper):
        return False
    return span.start == 0 or span.doc[span.start - 1].lower_ not in _COMPANY_MARKERS


@Language.factory("pantau_agency_resolver", default_config={"data_dir": None})
def make_agency_resolver(nlp: Language, name: str, data_dir: str | None) -> AgencyResolver:
    """Factory; ``data_dir`` (a path, not data) overrides the packaged ``nlp/data``."""
    return AgencyResolver(nlp, name, Path(data_dir) if data_dir else DATA_DIR)
