"""Discovery parsers: feeds, sitemaps, robots.txt and listing pages → candidate article URLs.

Pure functions over bytes/text (no Scrapy types) so they are tested on stored bytes. XML is parsed
with entity resolution and network access off (a feed is untrusted input), and a malformed document
gives ``DiscoveryError`` with the reason instead of a silent empty list.
"""

from __future__ import annotations

import logging
import re
import zlib
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Literal
from urllib.parse import urljoin

import lxml.html  # type: ignore[import-untyped]  # lxml ships stubs for etree only
from lxml import etree

logger = logging.getLogger(__name__)

# Sitemaps may be at most 50 MB uncompressed (sitemaps.org); more is a broken or hostile file.
MAX_XML_BYTES = 50 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


class DiscoveryError(ValueError):
    """A feed or sitemap could not be read; the message says why."""


@dataclass(frozen=True, slots=True)
class Entry:
    """A candidate article: its URL and, when the feed or sitemap says, its publication time."""

    url: str
    published: datetime | None = None
    title: str | None = None


SitemapKind = Literal["index", "urlset"]


def gunzip_capped(body: bytes, limit: int = MAX_XML_BYTES) -> bytes:
    """The gzip ``body`` inflated, but never past ``limit`` bytes: a 1 MB bomb inflating to
    gigabytes is refused after ``limit`` bytes of output, not after filling the memory."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # 16+: a gzip header and trailer
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise DiscoveryError(f"bad gzip data: {exc}") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise DiscoveryError(f"gzip data inflates to more than {limit} bytes")
    return out


def _xml_root(body: bytes) -> etree._Element:
    if body[:2] == _GZIP_MAGIC:
        body = gunzip_capped(body)
    if len(body) > MAX_XML_BYTES:
        raise DiscoveryError(f"document too large ({len(body)} bytes)")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, recover=False, huge_tree=False
    )
    try:
        root = etree.fromstring(body.strip(), parser=parser)
    except etree.XMLSyntaxError as exc:
        raise DiscoveryError(f"not well-formed XML: {exc}") from exc
    if root is None:
        raise DiscoveryError("empty XML document")
    return root


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(elem: etree._Element, *names: str) -> str | None:
    """Text of the first descendant whose local name is in ``names`` (namespace-agnostic)."""
    for node in elem.iter():
        if _local(node.tag) in names and node.text and node.text.strip():
            return str(node.text).strip()
    return None


def parse_datetime(value: str | None) -> datetime | None:
    """ISO 8601 (Atom, sitemaps) or RFC 822 (RSS) → aware datetime; naive or unparsable → None."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            logger.debug("unparsable feed date %r", value)
            return None
    # A date without a zone is ambiguous here; the article page usually has a better one.
    return parsed if parsed.tzinfo is not None else None


def parse_feed(body: bytes, base_url: str) -> list[Entry]:
    """RSS 2.0 (``<item>``) or Atom (``<entry>``) → entries with link, date and title."""
    root = _xml_root(body)
    kind = _local(root.tag)
    entries: list[Entry] = []
    if kind == "rss" or kind == "RDF":
        for item in root.iter():
            if _local(item.tag) != "item":
                continue
            link = _child_text(item, "link") or _child_text(item, "guid")
            if link:
                published = _child_text(item, "pubDate", "date", "published")
                entries.append(
                    Entry(
                        urljoin(base_url, link),
                        parse_datetime(published),
                        _child_text(item, "title"),
                    )
                )
    elif kind == "feed":
        for entry in root:
            if _local(entry.tag) == "entry":
                link = _atom_link(entry)
                if link:
                    published = _child_text(entry, "published", "updated")
                    entries.append(
                        Entry(
                            urljoin(base_url, link),
                            parse_datetime(published),
                            _child_text(entry, "title"),
                        )
                    )
    else:
        raise DiscoveryError(f"not an RSS or Atom feed (root element <{kind}>)")
    return entries


def _atom_link(entry: etree._Element) -> str | None:
    fallback: str | None = None
    for node in entry:
        if _local(node.tag) != "link" or not node.get("href"):
            continue
        rel = node.get("rel", "alternate")
        if rel == "alternate" and node.get("type", "text/html") == "text/html":
            return str(node.get("href"))
        fallback = fallback or (str(node.get("href")) if rel == "alternate" else None)
    return fallback


def parse_sitemap(body: bytes, base_url: str) -> tuple[SitemapKind, list[Entry]]:
    """A sitemap index (child sitemaps) or a urlset (pages, with Google News dates when present)."""
    root = _xml_root(body)
    kind = _local(root.tag)
    if kind not in ("sitemapindex", "urlset"):
        raise DiscoveryError(f"not a sitemap (root element <{kind}>)")
    entries: list[Entry] = []
    for node in root:
        if _local(node.tag) not in ("sitemap", "url"):
            continue
        loc = None
        for child in node:
            if _local(child.tag) == "loc" and child.text:
                loc = child.text.strip()
        if not loc:
            continue
        # news:publication_date is the publication time; lastmod is only "changed at".
        published = _child_text(node, "publication_date") or _child_text(node, "lastmod")
        entries.append(
            Entry(urljoin(base_url, loc), parse_datetime(published), _child_text(node, "title"))
        )
    return ("index" if kind == "sitemapindex" else "urlset"), entries


def sitemaps_from_robots(text: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt, as absolute URLs."""
    return [urljoin(base_url, m.group(1)) for m in _SITEMAP_LINE.finditer(text)]


_NEXT_WORDS = re.compile(r"^\s*(next|berikutnya|selanjutnya|lanjut|»|›|>)\s*$", re.IGNORECASE)


def listing_links(body: str, base_url: str) -> tuple[list[str], list[str]]:
    """All links of a listing page and the pagination links among them (``rel=next``, "Selanjutnya",
    numbers)."""
    try:
        doc = lxml.html.fromstring(body, base_url=base_url)
    except (etree.ParserError, ValueError) as exc:
        raise DiscoveryError(f"unparsable listing page: {exc}") from exc
    links: list[str] = []
    pages: list[str] = []
    for anchor in doc.iter("a"):
        href = anchor.get("href")
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = urljoin(base_url, href.strip())
        links.append(url)
        text = anchor.text_content().strip()
        rel = (anchor.get("rel") or "").lower().split()
        if "next" in rel or _NEXT_WORDS.match(text) or (text.isdigit() and len(text) <= 4):
            pages.append(url)
    for link in doc.iter("link"):
        if "next" in (link.get("rel") or "").lower().split() and link.get("href"):
            pages.append(urljoin(base_url, str(link.get("href"))))
    return links, pages
