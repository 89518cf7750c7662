"""Outlets as data: ``sources.yaml`` loaded and validated (a typo in a key is an error, not
ignored).

Each outlet is a plain record (after fundus' publisher records): id = main domain, display name,
home URL, and where to discover articles (feeds, sitemaps, robots.txt, listing pages) with URL
filters. Relative feed/sitemap/listing paths resolve against ``url``, so one file can be pointed at
another host (the sample site on loopback) by changing only ``url``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from pantau.config_errors import suggest

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_REGION = re.compile(r"^(kota|kab|prov)-[a-z0-9-]+$|^nasional$")

PathOrUrl = Annotated[str, Field(min_length=1)]


class SourcesError(ValueError):
    """sources.yaml is missing, unreadable or invalid; the message names the file and the field."""


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="the outlet's main domain, e.g. kabarmasa.com")
    name: str = Field(min_length=1)
    url: str = Field(description="home page; relative discovery paths resolve against it")
    region: str | None = Field(
        default=None, description="default region slug: kota-x, kab-x, prov-x"
    )
    timezone: str = "Asia/Jakarta"
    feeds: list[PathOrUrl] = Field(default_factory=list)
    sitemaps: list[PathOrUrl] = Field(default_factory=list)
    robots_sitemaps: bool = True
    listings: list[PathOrUrl] = Field(default_factory=list)
    allow: list[str] = Field(
        default_factory=list, description="regexes on the URL path of articles"
    )
    deny: list[str] = Field(default_factory=list, description="regexes on the URL path to skip")
    own: bool = Field(
        default=False,
        description="the office's own site: its articles are registered as press releases",
    )

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not _DOMAIN.match(value):
            raise ValueError(
                f"id must be the outlet's main domain (like kabarmasa.com), not {value!r}"
            )
        return value

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"url must be an absolute http(s) URL, not {value!r}")
        return value if value.endswith("/") else value + "/"

    @field_validator("region")
    @classmethod
    def _check_region(cls, value: str | None) -> str | None:
        if value is not None and not _REGION.match(value):
            raise ValueError(
                f"region must look like kota-bekasi, kab-bekasi or prov-jawa-barat: {value!r}"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}") from exc
        return value

    @field_validator("allow", "deny")
    @classmethod
    def _check_patterns(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad regex {pattern!r}: {exc}") from exc
        return patterns

    @model_validator(mode="after")
    def _check_discovery(self) -> Source:
        if not (self.feeds or self.sitemaps or self.listings or self.robots_sitemaps):
            raise ValueError(
                "a source needs at least one of feeds, sitemaps, listings, robots_sitemaps"
            )
        return self

    @property
    def netloc(self) -> str:
        return urlsplit(self.url).netloc.lower()

    def absolute(self, path_or_url: str) -> str:
        return urljoin(self.url, path_or_url)

    def feed_urls(self) -> list[str]:
        return [self.absolute(p) for p in self.feeds]

    def sitemap_urls(self) -> list[str]:
        return [self.absolute(p) for p in self.sitemaps]

    def listing_urls(self) -> list[str]:
        return [self.absolute(p) for p in self.listings]

    def owns(self, url: str) -> bool:
        """True for URLs on this outlet's host (``www.`` or not)."""
        host = urlsplit(url).netloc.lower().removeprefix("www.")
        return host == self.netloc.removeprefix("www.")

    def wants(self, url: str) -> bool:
        """Is ``url`` an article URL of this outlet, by host and the allow/deny filters?"""
        if not self.owns(url):
            return False
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if any(re.search(p, target) for p in self.deny):
            return False
        return not self.allow or any(re.search(p, target) for p in self.allow)


class SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[Source]

    @model_validator(mode="after")
    def _unique_ids(self) -> SourcesFile:
        seen: set[str] = set()
        for source in self.sources:
            if source.id in seen:
                raise ValueError(f"duplicate source id {source.id!r}")
            seen.add(source.id)
        return self


def parse_sources(text: str, *, origin: str = "sources.yaml") -> list[Source]:
    """Validate YAML text; errors name the origin, the entry and the field."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SourcesError(f"{origin}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise SourcesError(f"{origin}: expected a mapping with a 'sources' list")
    try:
        return SourcesFile.model_validate(data).sources
    except ValidationError as exc:
        problems = "; ".join(_problem(err, data) for err in exc.errors())
        raise SourcesError(f"{origin}: {problems}") from exc


def _problem(err: ErrorDetails, data: dict[str, object]) -> str:
    """One validation error, naming the source by its id and suggesting the key meant."""
    loc = list(err["loc"])
    where = ".".join(str(p) for p in loc)
    if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
        rest = ".".join(str(p) for p in loc[2:])
        where = f"source {_source_id(data, loc[1])}" + (f": {rest}" if rest else "")
    if err["type"] == "extra_forbidden":
        fields = list(Source.model_fields if len(loc) == 3 else SourcesFile.model_fields)
        return f"{where}: unknown key{suggest(str(loc[-1]), fields)}"
    return f"{where}: {err['msg']}"


def _source_id(data: dict[str, object], index: int) -> str:
    """``'kabarmasa.com'`` (the entry's id) or ``#3`` when the entry has none."""
    entries = data.get("sources")
    entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
    ident = entry.get("id") if isinstance(entry, dict) else None
    return repr(ident) if isinstance(ident, str) else f"#{index + 1}"


def load_sources(path: Path) -> list[Source]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesError(f"cannot read {path}: {exc.strerror}") from exc
    return parse_sources(text, origin=str(path))
