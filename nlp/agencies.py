"""The ``pantau_agency_resolver`` component: ruler spans -> agencies with canonical ids
``<region>/<unit>``.

The span ruler (patterns from ``data/patterns.jsonl``, see :mod:`nlp.build_patterns`) marks
``UNIT`` ("Diskominfo", "Pemerintah Kota"), ``HEAD`` ("Pj Wali Kota", "Kapolres"), ``BODY`` ("Polda
Metro Jaya"), ``ROLE`` ("Kepala"), ``REGION`` ("Kota Bekasi": kind given) and ``PLACE`` ("Bekasi":
kind not given), overlaps kept. This component turns units, heads and bodies into
:class:`AgencyHit` records on ``Doc._.pantau_agencies`` (and ``doc.spans["pantau_agencies"]``,
label ``AGENCY``, ``id_`` = the agency id). Head titles after a ``former`` word ("mantan Bupati X")
are not agencies: they go to ``doc.spans["pantau_former"]`` for the officials component.

How a unit gets its region, first rule that applies:

1. **Written after it.** A REGION or PLACE right after the unit, optionally after a parenthesised
   abbreviation ("Dinas Komunikasi dan Informatika (Diskominfo) Kota Bekasi"), longest name first,
   filtered by the unit's level: "Pemkab Bekasi" only accepts a kabupaten, so it is
   ``kab-bekasi/pemkab``; "Pemkot Sumedang" names no kota and falls through. A following unit of
   the same slug is merged into one mention ("Kepala Bagian Humas Setda Kota Bekasi"); a following
   unit of another slug lends its region ("Diskominfo Pemkot Bekasi"). Named units take their own
   name first ("Kecamatan Tambun Selatan" — a kecamatan name from the Kemendagri list gives its
   kabupaten/kota; "Desa Sukamaju") and may then be followed by ", Kabupaten Bekasi".
2. Otherwise the layers of :mod:`nlp.context`: same sentence, title, dateline + dominant region
   (conflict -> unknown), caller's region. National bodies are always ``nasional/<unit>``.

Not agencies: a unit inside a company name ("PT Kominfo Digital"), a head after a plural word
("para bupati"), a named unit with neither a name nor a region ("kepala desa setempat").
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.agency_names import NASIONAL, UNKNOWN, AgencyNames
from nlp.context import ContextResolver, RegionContext
from nlp.extensions import doc_text, register_extensions, sentence_index
from nlp.naming import NamedUnits, looks_like_place
from nlp.regions import DATA_DIR, Gazetteer
from nlp.units import Unit, load_override, load_units

__all__ = ["AGENCY_KEY", "FORMER_KEY", "NASIONAL", "RULER_KEY", "UNKNOWN", "AgencyHit"]
__all__ += ["AgencyResolver", "RegionContext"]

logger = logging.getLogger(__name__)

RULER_KEY = "pantau_ruler"
AGENCY_KEY = "pantau_agencies"
FORMER_KEY = "pantau_former"
_UNIT_LABELS = ("UNIT", "HEAD", "BODY")
# How far a "(Abbr)" may reach after a long unit name; abbreviations are one to three tokens.
_MAX_PARENTHETICAL = 5
# Words that make a head title corporate ("Presiden Direktur PT ...").
_CORPORATE_AFTER = frozenset({"direktur", "komisaris"})
# A unit inside a name that starts with these is a company or association, not an agency.
_COMPANY_MARKERS = frozenset({"pt", "pt.", "cv", "cv.", "koperasi", "yayasan", "perum", "bank"})


@dataclass(frozen=True, slots=True)
class AgencyHit:
    """One agency mention; ``resolved_by`` says which rule gave the region (for debugging and
    tests); ``start``/``end`` are token offsets, ``head`` marks a head title ("Bupati")."""

    id: str
    name: str
    start_char: int
    end_char: int
    text: str
    sent: int
    resolved_by: str
    start: int = 0
    end: int = 0
    head: bool = False


@dataclass(slots=True)
class _Parse:
    unit: Unit
    start: int
    end: int
    candidates: frozenset[str] | None  # None: nothing written; several: an ambiguous bare name
    how: str = "explicit"
    head: bool = False
    fixed: str | None = None  # a BODY's agency id


class AgencyResolver:
    """Callable pipeline component; the gazetteer and vocabulary are loaded once per pipeline."""

    def __init__(
        self, nlp: Language, name: str, data_dir: Path = DATA_DIR, overrides: Path | None = None
    ) -> None:
        register_extensions()
        self.name = name
        override = load_override(overrides)
        self.gazetteer = Gazetteer.load(data_dir, override.get("regions"))
        self.vocabulary = load_units(data_dir, override)
        self.units = self.vocabulary.units
        self.names = AgencyNames(self.gazetteer, self.units)
        self.named = NamedUnits(self.gazetteer)

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans[RULER_KEY]) if RULER_KEY in doc.spans else []
        sent_of = sentence_index(doc)
        parses, former = self._parse_units(doc, spans)
        mentioned, explicit = self._sentence_regions(spans, sent_of)
        for parse in parses:
            if parse.candidates is not None and len(parse.candidates) == 1:
                slug = next(iter(parse.candidates))
                mentioned[sent_of[parse.start]].append((parse.start, slug))
                explicit.setdefault(parse.start, slug)
        context = doc._.pantau_context or RegionContext()
        resolver = ContextResolver(self.gazetteer, context, explicit.values())
        text = doc_text(doc)
        hits = [
            self._hit(doc, text, p, mentioned[sent_of[p.start]], resolver, sent_of) for p in parses
        ]
        doc._.pantau_agencies = hits
        doc.spans[AGENCY_KEY] = [
            Span(doc, h.start, h.end, label="AGENCY", span_id=h.id) for h in hits
        ]
        former_hits = [self._hit(doc, text, p, [], resolver, sent_of) for p in former]
        doc.spans[FORMER_KEY] = [
            Span(doc, h.start, h.end, label="FORMER", span_id=h.id) for h in former_hits
        ]
        return doc

    def _parse_units(self, doc: Doc, spans: list[Span]) -> tuple[list[_Parse], list[_Parse]]:
        """Rule 1, right to left so that a unit can merge with or borrow from the unit after it.
        Returns the agency parses and the former-office parses."""
        units = filter_spans([s for s in spans if s.label_ in _UNIT_LABELS])
        regions: defaultdict[int, list[Span]] = defaultdict(list)
        for span in spans:
            if span.label_ in ("REGION", "PLACE"):
                regions[span.start].append(span)
        parses: dict[int, _Parse] = {}
        former: list[_Parse] = []
        for span in reversed(units):
            parse = self._parse(span)
            if parse is None or self._excluded(doc, parse):
                continue
            if parse.fixed is None and parse.unit.level != NASIONAL:
                self._attach_region(doc, parse, regions, parses)
            if parse.candidates is None and parse.how != "named" and self._generic(doc, parse):
                continue  # "kepala desa setempat", "pemerintah daerah": a kind of body, not one
            if parse.head and self._previous(doc, parse) in self.vocabulary.former:
                former.append(parse)
                continue
            parses[span.start] = parse
        return [parses[start] for start in sorted(parses)], former

    def _parse(self, span: Span) -> _Parse | None:
        if span.label_ == "BODY":
            region, _, key = span.id_.rpartition("/")
            if key not in self.units:
                return None
            parse = _Parse(self.units[key], span.start, span.end, frozenset({region}))
            parse.fixed, parse.how = span.id_, "body"
            return parse
        if span.id_ not in self.units:
            return None
        parse = _Parse(self.units[span.id_], span.start, span.end, None)
        parse.head = span.label_ == "HEAD"
        return parse

    def _generic(self, doc: Doc, parse: _Parse) -> bool:
        """A named unit without its name, or a head title or multi-word form written in lower case
        with no region after it: the common noun ("bupati", "pemerintah kota"), not a body."""
        if parse.unit.named:
            return True
        first = doc[parse.start]
        # A national body's full name means that body in any case ("kementerian kesehatan").
        wordy = parse.head or (parse.end - parse.start > 1 and parse.unit.level != NASIONAL)
        return wordy and first.is_lower and not first.is_sent_start

    def _previous(self, doc: Doc, parse: _Parse) -> str:
        return doc[parse.start - 1].lower_ if parse.start > 0 else ""

    def _excluded(self, doc: Doc, parse: _Parse) -> bool:
        """Plural heads, corporate titles and units inside a company's name."""
        if parse.head and self._previous(doc, parse) in self.vocabulary.plural:
            return True
        if parse.end < len(doc) and doc[parse.end].lower_ in _CORPORATE_AFTER:
            return True
        for index in range(parse.start - 1, max(parse.start - 4, -1), -1):
            token = doc[index]
            if token.lower_ in _COMPANY_MARKERS:
                return True
            if not (token.is_title or token.is_upper) or token.is_sent_start:
                return False
        return False

    def _attach_region(
        self,
        doc: Doc,
        parse: _Parse,
        regions: dict[int, list[Span]],
        parses: dict[int, _Parse],
    ) -> None:
        after = _skip_abbreviation(doc, parse, parses)
        if parse.unit.named:
            after = self._take_name(doc, parse, after, regions)
        for span in sorted(regions.get(after, []), key=len, reverse=True):
            candidates = self._accepted(parse.unit, self._candidates(span))
            if span.label_ == "PLACE" and parse.unit.bare_kind is not None and len(candidates) > 1:
                kind = parse.unit.bare_kind
                candidates = (
                    frozenset(c for c in candidates if self.gazetteer.by_slug[c].kind == kind)
                    or candidates
                )
            if candidates:
                if parse.candidates is not None:
                    candidates &= parse.candidates
                parse.end, parse.candidates = span.end, candidates or parse.candidates
                return
        self._follow_unit(parse, parses.get(after), parses, after)

    def _take_name(
        self, doc: Doc, parse: _Parse, after: int, regions: dict[int, list[Span]]
    ) -> int:
        """A named unit's own name ("Kecamatan Tambun Selatan"); returns where a region may
        follow (after an optional comma)."""
        if regions.get(after) and any(s.label_ == "REGION" for s in regions[after]):
            return after
        end, candidates = self.named.take(doc, after, parse.unit.key == "kecamatan")
        if end == after:
            return after
        parse.end, parse.how = end, "named"
        if candidates:
            parse.candidates = self._accepted(parse.unit, candidates) or None
        if end < len(doc) and doc[end].text == ",":
            return end + 1
        return end

    def _follow_unit(
        self, parse: _Parse, following: _Parse | None, parses: dict[int, _Parse], after: int
    ) -> None:
        if following is None or following.candidates is None or following.fixed is not None:
            return
        if following.unit.key == parse.unit.key and not parse.unit.named:
            del parses[after]
            parse.end, parse.candidates, parse.how = following.end, following.candidates, "merged"
            return
        borrowed = self._accepted(parse.unit, following.candidates)
        if parse.candidates is not None:
            borrowed &= parse.candidates
        if borrowed:
            parse.candidates, parse.how = borrowed, "chain"

    def _candidates(self, span: Span) -> frozenset[str]:
        if span.label_ == "REGION":
            return frozenset({span.id_})
        return self.gazetteer.bare.get(span.id_, frozenset())

    def _accepted(self, unit: Unit, slugs: frozenset[str]) -> frozenset[str]:
        by_slug = self.gazetteer.by_slug
        return frozenset(s for s in slugs if s in by_slug and unit.accepts(by_slug[s].kind))

    def _sentence_regions(
        self, spans: list[Span], sent_of: list[int]
    ) -> tuple[defaultdict[int, list[tuple[int, str]]], dict[int, str]]:
        """Regions written in each sentence, as (token position, slug), for the sentence layer;
        and the regions written with their kind, by position, for the dominant region."""
        found: defaultdict[int, list[tuple[int, str]]] = defaultdict(list)
        explicit: dict[int, str] = {}
        for span in filter_spans([s for s in spans if s.label_ in ("REGION", "PLACE")]):
            candidates = self._candidates(span)
            if len(candidates) == 1 and (span.label_ == "REGION" or looks_like_place(span)):
                slug = next(iter(candidates))
                found[sent_of[span.start]].append((span.start, slug))
                if span.label_ == "REGION":
                    explicit[span.start] = slug
        return found, explicit

    def _hit(
        self,
        doc: Doc,
        text: str,
        parse: _Parse,
        sentence: list[tuple[int, str]],
        resolver: ContextResolver,
        sent_of: list[int],
    ) -> AgencyHit:
        unit = parse.unit
        if parse.fixed is not None:
            region: str | None = parse.fixed.rpartition("/")[0]
            how = parse.how
        elif unit.level == NASIONAL:
            region, how = NASIONAL, "nasional"
        elif parse.candidates is not None and len(parse.candidates) == 1:
            region, how = next(iter(parse.candidates)), parse.how
        else:
            region, how = resolver.resolve(unit, parse.candidates, sentence, parse.start)
        agency_id, name = self._identify(unit, region)
        # The span's offsets and text, read off the doc's text (no Span, no Token per word).
        last = doc[parse.end - 1]
        start_char, end_char = doc[parse.start].idx, last.idx + len(last)
        return AgencyHit(
            id=agency_id,
            name=name,
            start_char=start_char,
            end_char=end_char,
            text=text[start_char:end_char],
            sent=sent_of[parse.start],
            resolved_by=how,
            start=parse.start,
            end=parse.end,
            head=parse.head,
        )

    def _identify(self, unit: Unit, region: str | None) -> tuple[str, str]:
        """The agency id and display name of a unit in a region (or unknown/nasional)."""
        if region is None or region == NASIONAL:
            agency_id = f"{region or UNKNOWN}/{unit.key}"
        else:
            agency_id = f"{region}/{unit.slug_for(self.gazetteer.by_slug[region].kind)}"
        name = self.names.name(agency_id)
        if name is None:  # a by_kind slug missing from the vocabulary: the unit's own name
            name = f"{unit.name} {self.gazetteer.display(region)}" if region else unit.generic
        return agency_id, name


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


@Language.factory("pantau_agency_resolver", default_config={"data_dir": None, "overrides": None})
def make_agency_resolver(
    nlp: Language, name: str, data_dir: str | None, overrides: str | None
) -> AgencyResolver:
    """Factory; ``data_dir`` (a path, not data) overrides the packaged ``nlp/data``, ``overrides``
    is the path of a user's agencies.yaml."""
    return AgencyResolver(
        nlp, name, Path(data_dir) if data_dir else DATA_DIR, Path(overrides) if overrides else None
    )
