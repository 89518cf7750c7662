"""What kind of page this is: a listing or an article, and how long its text is.

* **Listing pages** (home, category, tag, search, page N) are rejected as ``not_article``, but only
  when the page calls itself ``og:type`` website and has no Article JSON-LD. Then either its URL
  path is a listing path (:data:`LISTING_PATH`: strong evidence), or it shows
  :data:`LISTING_MIN_CARDS` or more ``<article>`` cards *and* the main text is spread over the
  cards: at least half of its lines are inside cards and no card holds
  :data:`ARTICLE_MIN_LINES` or more of them. A card count alone is weak evidence: magazine articles
  with related-story cards and forum threads (one ``<article>`` per post) also have many, and
  there the text trafilatura found sits inside one card, or outside them.
* **Word count** (:func:`word_count`): whitespace-separated words, plus one word for every two
  Chinese, Japanese or Korean characters, which are written without spaces (a Xinhua page of 300
  characters is not a "one-word" page).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# lxml ships no type stubs (lxml-stubs is not a dependency); its objects are Any to mypy.
from lxml.html import HtmlElement  # type: ignore[import-untyped]

from crawler.extract.metadata import PageMeta

LISTING_PATH = re.compile(
    r"^/?$|/(?:category|kategori|kanal|tag|tags|topik|label|search|cari|indeks|index|page|arsip)"
    r"(?:/|$)|/page/\d+",
    re.IGNORECASE,
)
LISTING_MIN_CARDS = 5
# A card holding this many lines of the text is the article itself, not a teaser.
ARTICLE_MIN_LINES = 3
# Only lines this long are looked for in the cards: short ones (a date, "Baca") are everywhere.
_MIN_LINE_WORDS = 4
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def word_count(text: str) -> int:
    """Words of ``text``, counting two CJK characters as one word (see the module docstring)."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(text.split())
    return len(_CJK.sub("", text).split()) + cjk // 2


def _spread_over_cards(tree: HtmlElement, text: str) -> bool:
    """Whether most lines of ``text`` are in cards and no card holds several of them."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if len(line.split()) >= _MIN_LINE_WORDS]
    carded: set[str] = set()
    for card in tree.iter("article"):
        flat = " ".join(card.text_content().split())
        inside = {line for line in lines if line in flat}
        if len(inside) >= ARTICLE_MIN_LINES:
            return False
        carded |= inside
    return 2 * len(carded) >= len(lines)


def is_listing(meta: PageMeta, url: str, tree: HtmlElement, text: str) -> bool:
    """Whether the page is a listing, by the rules of the module docstring."""
    if meta.og_type != "website" or meta.jsonld_article:
        return False
    if LISTING_PATH.search(urlsplit(url).path):
        return True
    return meta.article_elements >= LISTING_MIN_CARDS and _spread_over_cards(tree, text)
