"""Generate the span-ruler patterns (``data/patterns.jsonl``) from the region list and the unit
vocabulary.

Run ``python -m nlp.build_patterns`` after changing ``data/wilayah/``, ``data/provinces.yaml`` or
``data/units.yaml``; the output is checked in and a test fails when it differs from a fresh build,
so the data and the patterns cannot drift apart.

Every line is a phrase pattern (matched on ``LOWER``, token by token) with an ``id``:

* ``REGION`` — a name that carries its kind ("Kota Bekasi"); ``id`` is the region slug.
* ``PLACE`` — a bare name ("Bekasi", "Jabar"); ``id`` is the normalised name, which the resolver
  looks up in :class:`nlp.regions.Gazetteer` to get the one or more regions it may mean.
* ``UNIT`` — a unit form ("Diskominfostandi", "Pemkot"); ``id`` is the unit key in units.yaml.
* ``HEAD`` — a head title that names the unit and a person's role ("Pj Wali Kota", "Kapolres");
  ``id`` is the unit key.
* ``BODY`` — a fixed name of one body ("Polda Metro Jaya"); ``id`` is the full agency id.
* ``ROLE`` — a generic title ("Kepala", "Ketua") that makes a role only with the unit after it;
  ``id`` is the normalised title.

A user's agencies.yaml override is merged by :func:`build` at pipeline build time (no file is
written), so the checked-in file only ever holds our own data.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nlp.regions import DATA_DIR, load_regions, normalise_name
from nlp.units import load_units

logger = logging.getLogger(__name__)

PATTERNS_FILE = DATA_DIR / "patterns.jsonl"
_UNIT_LABELS = frozenset({"UNIT", "HEAD", "BODY"})


class _Collector:
    """Keeps patterns in data order and refuses one surface form with two meanings."""

    def __init__(self) -> None:
        self.patterns: list[dict[str, Any]] = []
        self._seen: dict[tuple[str, str], str] = {}

    def add(self, label: str, pattern: str, pattern_id: str) -> None:
        # Unit-like labels share one namespace: a form may not be both a unit and a head.
        namespace = "UNIT" if label in _UNIT_LABELS else label
        # The exact lower-case form: "Kab" and "Kab." tokenize differently, so both are kept.
        key = (namespace, " ".join(pattern.lower().split()))
        previous = self._seen.get(key)
        if previous == pattern_id:
            return
        if previous is not None:
            raise ValueError(f"{label} {pattern!r} means both {previous!r} and {pattern_id!r}")
        self._seen[key] = pattern_id
        self.patterns.append({"label": label, "pattern": pattern, "id": pattern_id})


def build(
    data_dir: Path = DATA_DIR, override: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """All patterns, deterministic order: units, heads, bodies, roles, explicit region names, bare
    region names. ``override`` is a parsed agencies.yaml (:func:`nlp.units.load_override`)."""
    collector = _Collector()
    vocabulary = load_units(data_dir, override)
    for unit in vocabulary.units.values():
        for form in unit.forms:
            collector.add("UNIT", form, unit.key)
        for form in unit.head_forms(vocabulary.head_prefixes):
            collector.add("HEAD", form, unit.key)
    for agency_id, forms in vocabulary.bodies.items():
        for form in forms:
            collector.add("BODY", form, agency_id)
    for role in vocabulary.roles:
        collector.add("ROLE", role, normalise_name(role))
    regions = load_regions(data_dir, (override or {}).get("regions"))
    for region in regions:
        for name in region.explicit_names():
            collector.add("REGION", name, region.slug)
    for region in regions:
        for name in region.bare_names():
            # One PLACE pattern per bare name; several regions may share it (the id is the name).
            collector.add("PLACE", name, normalise_name(name))
    return collector.patterns


def render(patterns: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n" for p in patterns)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else PATTERNS_FILE
    patterns = build()
    target.write_text(render(patterns), encoding="utf-8")
    print(f"wrote {len(patterns)} patterns to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
