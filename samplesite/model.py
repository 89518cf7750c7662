"""The sample articles as data: loading, validation and the shared date/text helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

ARTICLES_DIR = Path(__file__).resolve().parent / "articles"

# Outlet ids in a fixed order (this is also the order of ports and of sources.yaml).
OUTLET_IDS = (
    "wartabekasi.com",
    "sumedangpost.blogspot.com",
    "kabarmasa.com",
    "suarapriangan.net",
    "humas.bekasikota.go.id",
)
# The office's own site: its articles are the press releases the other outlets pick up.
OFFICE_OUTLET = "humas.bekasikota.go.id"
# How an outlet article carries a release (``pickup``): copied whole, or rewritten around it.
PICKUP_KINDS = ("verbatim", "rewritten")

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

_ALLOWED_KEYS = {
    "slug",
    "id",
    "title",
    "published",
    "modified",
    "author",
    "editor",
    "section",
    "tags",
    "location",
    "initials",
    "date_text",
    "tone",
    "syndication",
    "pickup",
    "expect",
    "reject_reason",
    "paragraphs",
}

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {"dr", "Dr", "H", "Hj", "Ir", "Drs", "Prof", "St", "No", "Kab", "Jl", "Sos", "Si"}


@dataclass(frozen=True, kw_only=True)
class SampleArticle:
    """One article of the sample site: the truth extraction output is compared with.

    ``paragraphs`` are the body without the dateline, "Baca juga" boxes or initials.
    ``expect`` is ``"article"`` or ``"rejected"`` (then ``reject_reason`` says why).
    ``time_known`` is false where the page shows only a date (the Blogger outlet).
    """

    outlet: str
    outlet_name: str
    path: str
    slug: str
    numeric_id: int | None
    title: str
    published: datetime
    modified: datetime | None
    author: str | None
    editor: str | None
    section: str | None
    tags: tuple[str, ...]
    location: str | None
    initials: str | None
    date_text: str | None
    tone: str | None
    syndication: str | None
    # On an outlet (not the office site): how it carries the release named by ``syndication``.
    pickup: str | None
    expect: str
    reject_reason: str | None
    time_known: bool
    paragraphs: tuple[str, ...] = field(repr=False)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, kw_only=True)
class OutletData:
    id: str
    name: str
    articles: tuple[SampleArticle, ...]


def _as_str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: expected a non-empty string, got {value!r}")
    return value


def _opt_str(value: Any, where: str) -> str | None:
    return None if value is None else _as_str(value, where)


def _as_datetime(value: Any, where: str) -> datetime:
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if parsed.tzinfo is None:
        raise ValueError(f"{where}: datetime must carry an offset")
    return parsed


def article_path(outlet: str, slug: str, numeric_id: int | None, published: datetime) -> str:
    """The URL path of an article in its outlet's own URL shape."""
    if outlet in ("wartabekasi.com", OFFICE_OUTLET):
        return f"/{published:%Y/%m/%d}/{slug}/"
    if outlet == "sumedangpost.blogspot.com":
        return f"/{published:%Y/%m}/{slug}.html"
    if outlet == "kabarmasa.com":
        return f"/berita/{numeric_id}/{slug}"
    if outlet == "suarapriangan.net":
        return f"/index.php/berita/baca/{numeric_id}"
    raise ValueError(f"unknown outlet {outlet}")


def _article(outlet: str, name: str, raw: dict[str, Any]) -> SampleArticle:
    where = f"{outlet}:{raw.get('slug')}"
    unknown = set(raw) - _ALLOWED_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    slug = _as_str(raw["slug"], where)
    numeric_id = raw.get("id")
    if numeric_id is not None and not isinstance(numeric_id, int):
        raise ValueError(f"{where}: id must be an int")
    published = _as_datetime(raw["published"], where)
    modified = raw.get("modified")
    paragraphs = tuple(_as_str(p, where).strip() for p in raw["paragraphs"])
    pickup = _opt_str(raw.get("pickup"), where)
    if pickup is not None and (pickup not in PICKUP_KINDS or raw.get("syndication") is None):
        raise ValueError(f"{where}: pickup must be one of {PICKUP_KINDS}, with a syndication id")
    expect = raw.get("expect", "article")
    if expect not in ("article", "rejected"):
        raise ValueError(f"{where}: expect must be article or rejected")
    return SampleArticle(
        outlet=outlet,
        outlet_name=name,
        path=article_path(outlet, slug, numeric_id, published),
        slug=slug,
        numeric_id=numeric_id,
        title=_as_str(raw["title"], where),
        published=published,
        modified=None if modified is None else _as_datetime(modified, where),
        author=_opt_str(raw.get("author"), where),
        editor=_opt_str(raw.get("editor"), where),
        section=_opt_str(raw.get("section"), where),
        tags=tuple(_as_str(t, where) for t in raw.get("tags", [])),
        location=_opt_str(raw.get("location"), where),
        initials=_opt_str(raw.get("initials"), where),
        date_text=_opt_str(raw.get("date_text"), where),
        tone=_opt_str(raw.get("tone"), where),
        syndication=_opt_str(raw.get("syndication"), where),
        pickup=pickup,
        expect=expect,
        reject_reason=_opt_str(raw.get("reject_reason"), where),
        time_known=outlet != "sumedangpost.blogspot.com",
        paragraphs=paragraphs,
    )


def load_outlet(outlet: str) -> OutletData:
    """One outlet's articles, newest first."""
    with (ARTICLES_DIR / f"{outlet}.yaml").open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    if raw.get("outlet") != outlet:
        raise ValueError(f"{outlet}.yaml: outlet key must be {outlet}")
    name = _as_str(raw["name"], outlet)
    articles = [_article(outlet, name, item) for item in raw["articles"]]
    articles.sort(key=lambda a: a.published, reverse=True)
    return OutletData(id=outlet, name=name, articles=tuple(articles))


def load_articles() -> list[SampleArticle]:
    """Every sample article of every outlet (including the expected rejections)."""
    return [a for outlet in OUTLET_IDS for a in load_outlet(outlet).articles]


def first_sentence(paragraph: str) -> str:
    """The first sentence of a paragraph (used for ``must_contain``)."""
    for match in re.finditer(r"[.!?][\"”’]?(?=\s+[\"“‘(]?[A-Z0-9])", paragraph):
        before = paragraph[: match.start()]
        word = re.split(r"[\s(]", before)[-1].split(".")[-1]
        if word in _ABBREVIATIONS or len(word) == 1:
            continue
        return paragraph[: match.end()]
    return paragraph


def indonesian_day(when: datetime) -> str:
    return DAYS[when.weekday()]


def indonesian_month(when: datetime) -> str:
    return MONTHS[when.month - 1]
