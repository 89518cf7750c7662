"""The unit vocabulary (``data/units.yaml``): the ``<unit>`` half of an agency id.

The YAML file documents its own fields. This module only loads it into :class:`Unit` records that
the pattern builder (``nlp.build_patterns``) and the agency resolver (``nlp.agencies``) share.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from nlp.regions import DATA_DIR, RegionKind

logger = logging.getLogger(__name__)

UnitLevel = Literal["kota", "kab", "prov", "any", "nasional"]
_LEVELS = ("kota", "kab", "prov", "any", "nasional")


@dataclass(frozen=True, slots=True)
class Unit:
    key: str
    level: UnitLevel
    name: str
    generic: str
    forms: tuple[str, ...]
    heads: tuple[str, ...] = ()
    by_kind: Mapping[str, str] = field(default_factory=dict)

    def accepts(self, kind: RegionKind) -> bool:
        """Whether a region of this kind can own the unit ("Pemkot" never belongs to a
        kabupaten)."""
        return self.level == "any" or self.level == kind

    def slug_for(self, kind: RegionKind | None) -> str:
        """The unit slug once the region's kind is known ("Pemda" of a kota is ``pemkot``)."""
        if kind is None:
            return self.key
        return self.by_kind.get(kind, self.key)

    def all_forms(self, head_prefixes: tuple[str, ...]) -> list[str]:
        """Every surface form: the forms, the head titles and each head title with each prefix."""
        forms = [*self.forms, *self.heads]
        forms += [f"{prefix} {head}" for head in self.heads for prefix in head_prefixes]
        return forms


@dataclass(frozen=True, slots=True)
class UnitVocabulary:
    units: dict[str, Unit]
    head_prefixes: tuple[str, ...]


def _unit(key: str, raw: Mapping[str, Any]) -> Unit:
    level = str(raw.get("level", "any"))
    if level not in _LEVELS:
        raise ValueError(f"unit {key!r}: unknown level {level!r}")
    name = str(raw["name"])
    return Unit(
        key=key,
        level=cast(UnitLevel, level),
        name=name,
        generic=str(raw.get("generic", name)),
        forms=tuple(str(f) for f in raw.get("forms", [])),
        heads=tuple(str(h) for h in raw.get("heads", [])),
        by_kind={str(k): str(v) for k, v in raw.get("by_kind", {}).items()},
    )


def load_units(data_dir: Path = DATA_DIR) -> UnitVocabulary:
    with (data_dir / "units.yaml").open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    units = {str(key): _unit(str(key), value) for key, value in raw["units"].items()}
    prefixes = tuple(str(p) for p in raw.get("head_prefixes", []))
    return UnitVocabulary(units=units, head_prefixes=prefixes)
