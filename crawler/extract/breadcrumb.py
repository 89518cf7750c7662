"""The page's visible breadcrumb trail → the article's section.

Many Indonesian outlets (Kompas, detik, most WordPress themes) print the section only as an HTML
breadcrumb — ``Home › News › Regional`` — with no ``article:section`` meta and no JSON-LD trail.
A trail is a list, nav or block whose class, id or ``aria-label`` says "breadcrumb", or a microdata
``BreadcrumbList``. Its crumbs are its links' texts: the current page is usually plain text, and
separators (›, », /) are never links. Crumbs that name the site's top ("Home", "Beranda",
"Indeks", "News") or the article itself (its title) are dropped; the last crumb left is the
section, the most specific one the outlet gives ("Regional", not "News").
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement  # type: ignore[import-untyped]

# Crumbs that name the site's top rather than a section (compared case-folded).
_TOP_CRUMBS = frozenset({"home", "beranda", "index", "indeks", "berita", "news", "homepage"})
# A section name is a few words; a longer crumb is a headline or a sentence.
_MAX_SECTION_CHARS = 40
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_UPPER = _LOWER.upper()
# XPath 1.0 has no lower-case(): translate() folds the attribute before the contains() test.
_TRAIL_TAGS = "[self::ul or self::ol or self::nav or self::div or self::p or self::span]"
# Through the attribute nodes (each value tested once; a fraction of the time of testing every
# element's attributes), united back into document order.
_TRAIL_XPATH = "|".join(
    [
        *(
            # "rumb"/"RUMB" first: a cheap test that spares most values the translate().
            f"//@{attribute}[(contains(., 'rumb') or contains(., 'RUMB'))"
            f" and contains(translate(., '{_UPPER}', '{_LOWER}'), 'breadcrumb')]"
            f"/parent::*{_TRAIL_TAGS}"
            for attribute in ("class", "id", "aria-label")
        ),
        f"//@itemtype[contains(., 'BreadcrumbList')]/parent::*{_TRAIL_TAGS}",
    ]
)
_SPACES = re.compile(r"\s+")


def _fold(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _crumbs(trail: HtmlElement, title: str) -> list[str]:
    folded_title = _fold(title)
    crumbs: list[str] = []
    for link in trail.iter("a"):
        text = _SPACES.sub(" ", link.text_content()).strip()
        folded = _fold(text)
        if not text or folded in _TOP_CRUMBS or len(text) > _MAX_SECTION_CHARS:
            continue
        if folded_title and (folded == folded_title or folded_title.startswith(folded + " ")):
            # The trail links the article itself (or a truncated form of its title).
            continue
        if crumbs and crumbs[-1] == text:
            continue
        crumbs.append(text)
    return crumbs


def breadcrumb_section(tree: HtmlElement, title: str) -> str | None:
    """The last section crumb of the page's first breadcrumb trail that has one, else None."""
    for trail in tree.xpath(_TRAIL_XPATH):
        crumbs = _crumbs(trail, title)
        if crumbs:
            return crumbs[-1]
    return None
