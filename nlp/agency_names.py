"""Display names for agency ids: ``kota-bekasi/diskominfo`` → "Diskominfo Kota Bekasi".

The names the tagger gives (``AgencyRef.name``) come from here, so an id shown without an article
beside it — a facet, a dashboard row, a saved search's filter — reads the same as in the article.
The unit vocabulary and the region list are the tagger's own (``units.yaml`` and the Kemendagri
list, plus an office's ``agencies.yaml`` override); loading them takes about a quarter second, so
callers keep one instance.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from nlp.regions import DATA_DIR, Gazetteer
from nlp.units import Unit, load_override, load_units

UNKNOWN = "unknown"
NASIONAL = "nasional"


class AgencyNames:
    def __init__(self, gazetteer: Gazetteer, units: Mapping[str, Unit]) -> None:
        self.gazetteer = gazetteer
        self.units = units

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR, overrides: Path | None = None) -> AgencyNames:
        override = load_override(overrides)
        gazetteer = Gazetteer.load(data_dir, override.get("regions"))
        return cls(gazetteer, load_units(data_dir, override).units)

    def name(self, agency_id: str) -> str | None:
        """The display name, or None for an id outside the vocabulary (a retired unit, a typo)."""
        region, _, slug = agency_id.rpartition("/")
        unit = self.units.get(slug)
        if unit is None or not region:
            return None
        if region == NASIONAL:
            return unit.name
        if region == UNKNOWN:
            return unit.generic
        if region not in self.gazetteer.by_slug:
            return None
        return f"{unit.name} {self.gazetteer.display(region)}"
