"""Per-outlet corrections of page metadata, only where a generic rule cannot work.

Each override names the markup it relies on and the date of the pages it was written against.
It edits :class:`~crawler.extract.metadata.PageMeta` before any field is chosen, so the generic
rules in :mod:`crawler.extract.core` stay the same for every outlet.

``detik.com`` (pages of 2015-2016 in the shared real-page set, checked 2025): the publication time
is ``<meta name="pubdate" content="2015-11-05 T10:08:58Z" itemprop="datePublished">`` — a space
before the ``T`` and a ``Z``, yet the wall-clock time is WIB: the page shows "Kamis, 05/11/2015
10:08 WIB" for that value. Read as UTC it would be seven hours late, and no generic rule can tell
a lying ``Z`` from a true one, so for detik the value is rewritten as local time (the outlet's
timezone then applies). Other ISO values on detik are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from crawler.extract.hosts import host_of, registrable_domain
from crawler.extract.metadata import PageMeta

_DETIK_PUBDATE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+T(\d{2}:\d{2}(?::\d{2})?)Z$")


def _detik(meta: PageMeta) -> None:
    meta.meta_published = [_DETIK_PUBDATE.sub(r"\1T\2", v) for v in meta.meta_published]


# Site → (rule name in :mod:`.rules`, override).
OVERRIDES: dict[str, tuple[str, Callable[[PageMeta], None]]] = {
    "detik.com": ("detik_pubdate", _detik)
}


def apply_overrides(url: str, meta: PageMeta, off: frozenset[str] = frozenset()) -> None:
    """Run the override of the URL's site on ``meta``, if it has one and it is not ``off``."""
    found = OVERRIDES.get(registrable_domain(host_of(url)))
    if found is not None and found[0] not in off:
        found[1](meta)
