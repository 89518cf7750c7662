"""Tags as a reader would name them: CMS facets and site-wide SEO phrases taken out.

Two kinds of keyword are not the article's tags:

* **Facets** ``Label:Value`` — liputan6 puts ``Editor:Iskandar``, ``Tekno:Telko`` and
  ``Photo:Showbiz:Musik`` in its keywords, okezone ``Topic: Indra Birowo`` and ``Celebrity: Hot
  Gossip``. The value of a topic facet (``Topic:``, ``Topik:``, ``Tag:``) is a tag; the value of a
  person facet (``Editor:``, ``Penulis:``, ``Reporter:``) names the editor or the writer and is
  returned for the byline fallbacks; any other facet is a section path and is dropped.
* **SEO phrases** printed on every page of a site — Antara's ``berita terkini``, ``berita
  Indonesia``, ``portal Indonesia``, ``berita harian online``, ``berita ekonomi`` — say nothing
  about the article: a keyword made only of generic news words (optionally with one desk name
  after ``berita``) is dropped.

A colon inside a real tag ("Piala Dunia 2026: Indonesia") has a space after a longer first part;
facets are recognised by their label, so such tags are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOPIC_LABELS = frozenset({"topic", "topik", "tag", "tags"})
_EDITOR_LABELS = frozenset({"editor", "redaktur", "penyunting"})
_AUTHOR_LABELS = frozenset({"penulis", "reporter", "wartawan", "author"})
# A facet label: one word (letters only) before the colon, e.g. "Editor:", "Photo:", "Celebrity: ".
_FACET = re.compile(r"^(?P<label>[A-Za-z]{2,20})\s?:\s*(?P<value>.+)$")
_GENERIC_WORDS = frozenset(
    {
        "berita", "kabar", "info", "informasi", "portal", "news", "situs", "media",
        "terkini", "terbaru", "terupdate", "update", "hari", "ini", "online", "harian",
        "indonesia", "lengkap", "populer", "viral", "hangat", "utama", "aktual", "seputar",
    }
)  # fmt: skip
# Desk names that follow "berita" in site-wide keyword lists ("berita ekonomi").
_DESKS = frozenset(
    {
        "ekonomi", "bisnis", "olahraga", "politik", "hukum", "nasional", "daerah", "dunia",
        "internasional", "teknologi", "tekno", "hiburan", "otomotif", "kesehatan", "regional",
    }
)  # fmt: skip


@dataclass(slots=True)
class Tags:
    tags: list[str] = field(default_factory=list)
    editor: str | None = None
    author: str | None = None


def _is_seo_phrase(folded: str) -> bool:
    words = folded.split()
    if not words or not set(words) & {"berita", "kabar", "info", "portal", "news"}:
        return False
    rest = [w for w in words if w not in _GENERIC_WORDS]
    return not rest or (len(rest) == 1 and rest[0] in _DESKS and words[0] == "berita")


def clean_tags(keywords: list[str]) -> Tags:
    """Distinct tags in page order, plus the editor/author a facet names (first one wins)."""
    result = Tags()
    seen: set[str] = set()
    for keyword in keywords:
        tag = " ".join(keyword.split())
        facet = _FACET.match(tag)
        if facet is not None:
            label, value = facet["label"].lower(), facet["value"].strip()
            if label in _EDITOR_LABELS:
                result.editor = result.editor or value
                continue
            if label in _AUTHOR_LABELS:
                result.author = result.author or value
                continue
            if label not in _TOPIC_LABELS:
                continue  # a section path such as "Tekno:Telko"
            tag = value
        folded = tag.casefold()
        if not tag or folded in seen or _is_seo_phrase(folded):
            continue
        seen.add(folded)
        result.tags.append(tag)
    return result
