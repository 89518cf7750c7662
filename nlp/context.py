"""Where a unit's region comes from when the text does not write it next to the unit.

:class:`ContextResolver` holds the evidence of one document and answers, for one unit mention, the
region slug and the rule that gave it. The layers, first that decides wins:

1. **sentence** — the nearest region written in the same sentence that the unit can belong to (a
   province unit such as "Gubernur" takes the province of a kota or kabupaten);
2. **title** — the title names exactly one compatible region;
3. **document** — the dateline ``location`` and the article's *dominant* region (the region most
   often written with its kind or resolved explicitly in the body). They must agree: a dateline
   KOTA BEKASI on an article whose explicit mentions are mostly Kabupaten Bekasi is a conflict and
   the unit stays ``unknown`` ("conflict") rather than guessed. A dominant province that contains
   the dateline's kota/kabupaten is not a conflict: the more local region wins;
4. **region** — the caller's default region for the source;
5. otherwise ``None`` ("unknown").

An ambiguous bare name ("Diskominfo Bekasi": Kota or Kabupaten) passes its candidates, and every
layer only picks among them. Kota and Kabupaten are never guessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from nlp.regions import Gazetteer
from nlp.units import Unit


@dataclass(frozen=True, slots=True)
class RegionContext:
    """Document-level hints set by the caller on ``Doc._.pantau_context``: region slugs named by
    the title, the dateline ``location`` and the caller's default ``region``."""

    title: frozenset[str] = frozenset()
    location: frozenset[str] = frozenset()
    region: frozenset[str] = frozenset()


class ContextResolver:
    """The evidence of one document; :meth:`resolve` is called once per unit mention."""

    def __init__(
        self, gazetteer: Gazetteer, context: RegionContext, explicit: Iterable[str]
    ) -> None:
        self.gazetteer = gazetteer
        self.context = context
        self.explicit = Counter(explicit)  # region slug -> explicit mentions in the body

    def lifted(self, unit: Unit, slugs: Iterable[str]) -> frozenset[str]:
        """The regions the unit can belong to; a province unit takes a kota's province."""
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

    def resolve(
        self,
        unit: Unit,
        candidates: frozenset[str] | None,
        sentence: list[tuple[int, str]],
        position: int,
    ) -> tuple[str | None, str]:
        """The region slug (or ``None``) for a unit at token ``position`` and the rule that gave
        it; ``sentence`` holds the (token, slug) regions written in the unit's sentence."""
        found = self._in_sentence(unit, candidates, sentence, position)
        if found is not None:
            return found, "sentence"
        title = self._narrow(unit, candidates, self.context.title)
        if len(title) == 1:
            return next(iter(title)), "title"
        region, how = self._in_document(unit, candidates)
        if region is not None or how == "conflict":
            return region, how
        default = self._narrow(unit, candidates, self.context.region)
        if len(default) == 1:
            return next(iter(default)), "region"
        return None, "unknown"

    def _narrow(
        self, unit: Unit, candidates: frozenset[str] | None, slugs: Iterable[str]
    ) -> frozenset[str]:
        lifted = self.lifted(unit, slugs)
        return lifted if candidates is None else lifted & candidates

    def _in_sentence(
        self,
        unit: Unit,
        candidates: frozenset[str] | None,
        sentence: list[tuple[int, str]],
        position: int,
    ) -> str | None:
        if candidates is not None:
            narrowed = self._narrow(unit, candidates, (slug for _, slug in sentence))
            return next(iter(narrowed)) if len(narrowed) == 1 else None
        # The nearest compatible region wins (the earlier one on a tie).
        for _, slug in sorted(sentence, key=lambda item: (abs(item[0] - position), item[0])):
            nearest = self.lifted(unit, [slug])
            if nearest:
                return next(iter(nearest))
        return None

    def _dominant(self, unit: Unit, candidates: frozenset[str] | None) -> str | None:
        """The one compatible region mentioned explicitly more often than any other."""
        counts: Counter[str] = Counter()
        for slug, count in self.explicit.items():
            for lifted in self._narrow(unit, candidates, [slug]):
                counts[lifted] += count
        ranked = counts.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]

    def _in_document(self, unit: Unit, candidates: frozenset[str] | None) -> tuple[str | None, str]:
        dateline = self._narrow(unit, candidates, self.context.location)
        dominant = self._dominant(unit, candidates)
        if len(dateline) == 1:
            place = next(iter(dateline))
            if dominant is None or dominant == place or self._nested(place, dominant):
                return place, "location"
            return None, "conflict"
        if dominant is not None and (not dateline or dominant in dateline):
            return dominant, "dominant"
        return None, "unknown"

    def _nested(self, one: str, other: str) -> bool:
        """Whether one region is the province of the other (either way round)."""
        by_slug = self.gazetteer.by_slug
        return by_slug[one].province == other or by_slug[other].province == one
