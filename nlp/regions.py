"""Indonesian regions (provinces, kabupaten, kota) and the names newspapers use for them.

Source of truth: ``data/wilayah/kabupaten_kota.csv`` (Kemendagri codes via cahyadsn/wilayah, MIT)
for the 514 kabupaten/kota; the 38 provinces are derived from its province columns;
``data/provinces.yaml`` adds short names ("Jabar"), the two province slug overrides (DKI Jakarta, DI
Yogyakarta) and the current official spelling of a few kota/kabupaten whose listed one is older
("Pangkal Pinang" -> Pangkalpinang, ``kota-pangkalpinang``).

Slug rules (DESIGN.md "Agency ids"): the name without "Kota"/"Kabupaten"/"Provinsi" (and without the
"Administrasi" of Jakarta's five kota and Kepulauan Seribu), slugified, prefixed by the kind:
``kota-bekasi``, ``kab-bekasi``, ``kab-bandung-barat``, ``kota-jakarta-selatan``,
``prov-jawa-barat``.

Two kinds of name are produced for every region, and the pattern builder and the resolver both use
them:

* *explicit* names carry the kind ("Kota Bekasi", "Kabupaten Bekasi", "Kab. Bekasi", "Provinsi
  Jawa Barat", "Prov. Jawa Barat") and name exactly one region;
* *bare* names do not ("Bekasi", "Bandung Barat", "Jabar") and may name several regions: "Bekasi"
  is both ``kota-bekasi`` and ``kab-bekasi``; "Gorontalo" is a kota, a kabupaten and a province.
"""

from __future__ import annotations

import csv
import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import yaml

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
RegionKind = Literal["kota", "kab", "prov"]
# Prefixes a journalist writes before a name to give its kind; "Kab"/"Prov" without the dot are
# common too.
KIND_PREFIXES: dict[RegionKind, tuple[str, ...]] = {
    "kota": ("Kota",),
    "kab": ("Kabupaten", "Kab.", "Kab"),
    "prov": ("Provinsi", "Prov.", "Prov"),
}
_ADMIN = "Administrasi "


def slugify(name: str) -> str:
    """ASCII, lower case, words joined by hyphens: "Tanjung Jabung Timur" ->
    "tanjung-jabung-timur"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def normalise_name(name: str) -> str:
    """The lookup key for a place name: lower case, single spaces, no dots or commas at the ends."""
    return " ".join(name.replace(".", ". ").split()).lower().replace(" .", ".").strip(" .,-")


@dataclass(frozen=True, slots=True)
class Region:
    """One province, kabupaten or kota."""

    slug: str
    kind: RegionKind
    name: str  # the name without its kind ("Bekasi", "Jawa Barat")
    official: str  # the display name ("Kota Bekasi", "Kabupaten Bekasi", "Provinsi Jawa Barat")
    province: str  # the province's slug (a province's own slug for a province)
    aliases: tuple[str, ...] = field(default=())
    code: str = ""  # the Kemendagri code of a kabupaten/kota ("32.16"); "" for a province

    def explicit_names(self) -> list[str]:
        """Names that carry the kind and so name this region alone."""
        names = [f"{prefix} {self.name}" for prefix in KIND_PREFIXES[self.kind]]
        if self.kind == "kota":
            # Police and courts put the kind after the name: "Polres Metro Bekasi Kota".
            names.append(f"{self.name} Kota")
        if self.official not in names:
            names.append(self.official)  # "Kota Administrasi Jakarta Selatan"
        return names

    def bare_names(self) -> list[str]:
        return [self.name, *self.aliases]


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _province(code: str, official: str, extra: Mapping[str, Any]) -> Region:
    name = str(extra.get("name", official))
    slug = str(extra.get("slug", f"prov-{slugify(official)}"))
    aliases = tuple(str(a) for a in extra.get("aliases", []))
    return Region(slug, "prov", name, f"Provinsi {name}", slug, aliases)


def load_regions(
    data_dir: Path = DATA_DIR, extra_aliases: Mapping[str, Iterable[str]] | None = None
) -> list[Region]:
    """All regions: the 38 provinces first, then the kabupaten/kota in Kemendagri code order.

    ``extra_aliases`` (region slug -> bare names) comes from a user's agencies.yaml override.
    """
    rows = _read_rows(data_dir / "wilayah" / "kabupaten_kota.csv")
    with (data_dir / "provinces.yaml").open(encoding="utf-8") as handle:
        extra = yaml.safe_load(handle)
    prov_extra: dict[str, Any] = extra.get("provinces", {})
    renamed: dict[str, str] = {str(k): str(v) for k, v in (extra.get("names") or {}).items()}
    region_aliases: dict[str, list[str]] = extra.get("regions", {})
    region_aliases = {k: list(v) for k, v in region_aliases.items()}
    for slug, names in (extra_aliases or {}).items():
        region_aliases.setdefault(slug, []).extend(str(n) for n in names)
    provinces: dict[str, Region] = {}
    for row in rows:
        code = row["kode_provinsi"]
        if code not in provinces:
            provinces[code] = _province(code, row["provinsi"], prov_extra.get(code, {}))
    regions = [
        replace(p, aliases=(*p.aliases, *region_aliases.get(p.slug, [])))
        for p in provinces.values()
    ]
    for row in rows:
        kind: RegionKind = "kota" if row["jenis"] == "Kota" else "kab"
        name = renamed.get(row["kode"]) or row["nama_pendek"].removeprefix(_ADMIN)
        slug = f"{kind}-{slugify(name)}"
        aliases = [row["nama_pendek"]] if row["nama_pendek"] != name else []
        official = f"{row['jenis']} {name}" if row["kode"] in renamed else row["nama"]
        aliases += region_aliases.get(slug, [])
        province = provinces[row["kode_provinsi"]].slug
        regions.append(Region(slug, kind, name, official, province, tuple(aliases), row["kode"]))
    _check_unique(regions)
    known = {region.slug for region in regions}
    unknown = set(region_aliases) - known
    if unknown:
        raise ValueError(f"aliases for unknown regions: {sorted(unknown)}")
    return regions


def load_kecamatan(data_dir: Path = DATA_DIR) -> dict[str, frozenset[str]]:
    """Kecamatan name (normalised) -> the kabupaten/kota slugs that have a kecamatan of that name.

    From ``data/wilayah/kecamatan.csv`` (Kemendagri level-3 codes, same source as the region list).
    Many names repeat across regions ("Sukamaju"), so a name may mean several regions.
    """
    parents = {region.code: region.slug for region in load_regions(data_dir) if region.code}
    found: defaultdict[str, set[str]] = defaultdict(set)
    for row in _read_rows(data_dir / "wilayah" / "kecamatan.csv"):
        parent = parents.get(row["kode"].rsplit(".", 1)[0])
        if parent is not None:
            found[normalise_name(row["nama"])].add(parent)
    return {name: frozenset(slugs) for name, slugs in found.items()}


def _check_unique(regions: Iterable[Region]) -> None:
    seen: set[str] = set()
    for region in regions:
        if region.slug in seen:
            raise ValueError(f"duplicate region slug {region.slug!r}: fix the data files")
        seen.add(region.slug)


class Gazetteer:
    """Lookups over the regions: by slug, by explicit name and by bare name."""

    def __init__(
        self, regions: Iterable[Region], kecamatan: Mapping[str, frozenset[str]] | None = None
    ) -> None:
        self.kecamatan: Mapping[str, frozenset[str]] = kecamatan or {}
        self.by_slug: dict[str, Region] = {}
        self.explicit: dict[str, str] = {}
        bare: defaultdict[str, set[str]] = defaultdict(set)
        for region in regions:
            self.by_slug[region.slug] = region
            for name in region.explicit_names():
                self.explicit[normalise_name(name)] = region.slug
            for name in region.bare_names():
                bare[normalise_name(name)].add(region.slug)
        self.bare: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in bare.items()}

    @classmethod
    def load(
        cls, data_dir: Path = DATA_DIR, extra_aliases: Mapping[str, Iterable[str]] | None = None
    ) -> Gazetteer:
        return cls(load_regions(data_dir, extra_aliases), load_kecamatan(data_dir))

    def lookup(self, place: str | None) -> frozenset[str]:
        """Region slugs a free-text place may mean: a slug, an explicit name or a bare name.

        "Kota Bekasi" and "kota-bekasi" give one slug, "BEKASI" gives both Bekasi regions, an
        unknown place gives none. Datelines such as "KOTA BEKASI" are handled by the case folding.
        """
        if not place or not place.strip():
            return frozenset()
        if place.strip() in self.by_slug:
            return frozenset({place.strip()})
        key = normalise_name(place)
        if key in self.explicit:
            return frozenset({self.explicit[key]})
        return self.bare.get(key, frozenset())

    def display(self, slug: str) -> str:
        return self.by_slug[slug].official
