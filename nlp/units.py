"""The unit vocabulary (``data/units.yaml``): the ``<unit>`` half of an agency id.

The YAML file documents its own fields. This module loads it into :class:`Unit` records that the
pattern builder (``nlp.build_patterns``), the agency resolver (``nlp.agencies``) and the officials
component share, merged with a user's ``agencies.yaml`` override (:func:`load_override`): extra
``units``, extra forms for existing units (``aliases``), fixed ``bodies`` and extra region names
(``regions``, read by :mod:`nlp.regions`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from nlp.regions import DATA_DIR, RegionKind

logger = logging.getLogger(__name__)

UnitLevel = Literal["kota", "kab", "prov", "kabkota", "any", "nasional"]
_LEVELS = ("kota", "kab", "prov", "kabkota", "any", "nasional")
_OVERRIDE_KEYS = frozenset({"units", "aliases", "bodies", "regions"})


@dataclass(frozen=True, slots=True)
class Unit:
    key: str
    level: UnitLevel
    name: str
    generic: str
    forms: tuple[str, ...]
    heads: tuple[str, ...] = ()
    by_kind: Mapping[str, str] = field(default_factory=dict)
    named: bool = False
    bare_kind: RegionKind | None = None

    def accepts(self, kind: RegionKind) -> bool:
        """Whether a region of this kind can own the unit ("Pemkot" never belongs to a
        kabupaten)."""
        if self.level == "kabkota":
            return kind in ("kota", "kab")
        return self.level == "any" or self.level == kind

    def slug_for(self, kind: RegionKind | None) -> str:
        """The unit slug once the region's kind is known ("Pemda" of a kota is ``pemkot``)."""
        if kind is None:
            return self.key
        return self.by_kind.get(kind, self.key)

    def head_forms(self, head_prefixes: tuple[str, ...]) -> list[str]:
        """The head titles and each head title with each prefix ("Pj Bupati")."""
        forms = list(self.heads)
        forms += [f"{prefix} {head}" for head in self.heads for prefix in head_prefixes]
        return forms

    def all_forms(self, head_prefixes: tuple[str, ...]) -> list[str]:
        """Every surface form: the forms, then the head forms."""
        return [*self.forms, *self.head_forms(head_prefixes)]


@dataclass(frozen=True, slots=True)
class UnitVocabulary:
    units: dict[str, Unit]
    head_prefixes: tuple[str, ...]
    roles: tuple[str, ...] = ()
    bodies: dict[str, tuple[str, ...]] = field(default_factory=dict)  # agency id -> forms
    former: frozenset[str] = frozenset()
    plural: frozenset[str] = frozenset()


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
        named=bool(raw.get("named", False)),
        bare_kind=_bare_kind(key, raw.get("bare_kind")),
    )


def _bare_kind(key: str, raw: Any) -> RegionKind | None:
    if raw is None:
        return None
    if raw not in ("kota", "kab"):
        raise ValueError(f"unit {key!r}: bare_kind must be kota or kab, not {raw!r}")
    return cast(RegionKind, raw)


def _strings(raw: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in raw or [])


def load_override(path: Path | None) -> dict[str, Any]:
    """A user's agencies.yaml (``{}`` without one); unknown sections are an error, not ignored."""
    if path is None:
        return {}
    with path.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle) or {}
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected a mapping with {sorted(_OVERRIDE_KEYS)}")
    unknown = set(raw) - _OVERRIDE_KEYS
    if unknown:
        raise ValueError(f"{path}: unknown sections {sorted(unknown)}")
    return raw


def load_units(
    data_dir: Path = DATA_DIR, override: Mapping[str, Any] | None = None
) -> UnitVocabulary:
    """The vocabulary from ``units.yaml``, with a user's override merged in."""
    with (data_dir / "units.yaml").open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    extra = override or {}
    units = {str(key): _unit(str(key), value) for key, value in raw["units"].items()}
    for key, value in (extra.get("units") or {}).items():
        units[str(key)] = _unit(str(key), value)
    for key, forms in (extra.get("aliases") or {}).items():
        if key not in units:
            raise ValueError(f"aliases for unknown unit {key!r}")
        units[key] = replace(units[key], forms=(*units[key].forms, *_strings(forms)))
    bodies = {str(k): _strings(v) for k, v in (raw.get("bodies") or {}).items()}
    for key, forms in (extra.get("bodies") or {}).items():
        bodies[str(key)] = (*bodies.get(str(key), ()), *_strings(forms))
    for agency_id in bodies:
        if agency_id.rpartition("/")[2] not in units:
            raise ValueError(f"body {agency_id!r}: unknown unit")
    return UnitVocabulary(
        units=units,
        head_prefixes=_strings(raw.get("head_prefixes")),
        roles=_strings(raw.get("roles")),
        bodies=bodies,
        former=frozenset(w.lower() for w in _strings(raw.get("former"))),
        plural=frozenset(w.lower() for w in _strings(raw.get("plural"))),
    )
