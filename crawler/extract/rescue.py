"""Recall rescue: a second opinion when the main text is short next to the page's article markup.

trafilatura's precision mode (our first pass, :mod:`.body`) keeps related-article boxes out of
Indonesian pages, but on layouts it does not know it can keep only part of the article. The page
itself says how much article text it has; when our text falls well short of that, a second
extraction is run and the text that the page's own markup supports better is kept.

* **Evidence** (:func:`article_evidence`): the JSON-LD ``articleBody`` when it holds at least
  :data:`MIN_BODY_WORDS` words (the publisher's own statement of the text); otherwise the page's
  paragraphs — ``<p>`` of at least :data:`MIN_PARAGRAPH_WORDS` words outside navigation, header,
  footer, asides, forms, list items and links, and not wholly one link's text (teaser lists are
  ``<li>``/``<a>``; an article's paragraphs are ``<p>`` of prose).
* **Trigger**: the text has fewer than :data:`RESCUE_RATIO` of the evidence's words. Measured on
  the general corpus (``bench/extraction.py``), the rescue runs on about 4 % of pages, so its
  cost stays small.
* **Second opinion**: trafilatura in its default (balanced) mode, without the lines that are the
  whole text of a link on the page: a line that is a link is a teaser title or a menu entry
  (:func:`drop_link_lines`), never an article's own paragraph.
* **Choice**: the candidate with the higher token F1 against the evidence; on a tie the first
  pass stays. Weak evidence (no paragraphs) never triggers a rescue.
* **Empty first pass**: the second opinion always runs and any text it finds is kept.
* **Never empty**: when both trafilatura passes find nothing, the evidence itself is the text
  (the ``articleBody``, else the prose paragraphs), if the page has any.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable

# lxml ships no type stubs (lxml-stubs is not a dependency); its objects are Any to mypy.
from lxml.html import HtmlElement  # type: ignore[import-untyped]

from crawler.extract.metadata import jsonld_documents, longest_article_body

logger = logging.getLogger(__name__)

# Below this an articleBody is a summary or a teaser, not the text.
MIN_BODY_WORDS = 50
# A <p> this long is a paragraph of prose, not a label, a date or a button.
MIN_PARAGRAPH_WORDS = 8
RESCUE_RATIO = 0.8
_PARAGRAPHS = (
    "//p[not(ancestor::nav or ancestor::header or ancestor::footer or ancestor::aside"
    " or ancestor::form or ancestor::li or ancestor::a or ancestor::script)]"
    # A paragraph that is one link is a teaser title.
    "[not(normalize-space(.) = normalize-space(.//a))]"
)
_TOKEN = re.compile(r"\w+")

Extractor = Callable[[], str]


def _words(text: str) -> int:
    return len(text.split())


def _flat(value: str) -> str:
    return " ".join(value.split())


def article_body(tree: HtmlElement) -> str:
    """The longest JSON-LD ``articleBody`` on the page, or "" (:mod:`.metadata` reads it too,
    in its own JSON-LD pass, and hands it to :func:`rescue`)."""
    return longest_article_body(jsonld_documents(tree))


def article_evidence(tree: HtmlElement, body: str | None = None) -> str:
    """What the page's markup says its article text is (see the module docstring); ``body`` is
    the page's ``articleBody`` when the caller has already read it."""
    body = article_body(tree) if body is None else body
    if _words(body) >= MIN_BODY_WORDS:
        return body
    texts = (_flat(p.text_content()) for p in tree.xpath(_PARAGRAPHS))
    return "\n".join(t for t in texts if _words(t) >= MIN_PARAGRAPH_WORDS)


def drop_link_lines(text: str, tree: HtmlElement) -> str:
    """``text`` without lines (of two words or more) that are the whole text of a link."""
    links = {_flat(a.text_content()) for a in tree.iter("a")}
    kept = (line for line in text.split("\n") if _words(line) < 2 or _flat(line) not in links)
    return "\n".join(kept)


def support(text: str, evidence: str) -> float:
    """Token F1 of ``text`` against ``evidence``: how well the page's markup backs the text."""
    got = Counter(_TOKEN.findall(text.lower()))
    want = Counter(_TOKEN.findall(evidence.lower()))
    common = sum((got & want).values())
    if common == 0:
        return 0.0
    return 2 * common / (sum(got.values()) + sum(want.values()))


def rescue(text: str, tree: HtmlElement, second_opinion: Extractor, body: str | None = None) -> str:
    """``text``, or the second opinion when the evidence backs it better (module docstring);
    ``body`` as for :func:`article_evidence`."""
    evidence = article_evidence(tree, body)
    if text.strip() and _words(text) >= RESCUE_RATIO * _words(evidence):
        return text
    other = drop_link_lines(second_opinion(), tree)
    # An empty first pass loses to any text; otherwise the markup decides.
    if not text.strip() or support(other, evidence) > support(text, evidence):
        logger.debug("recall rescue: %d words instead of %d", _words(other), _words(text))
        text = other
    if not text.strip():
        return evidence
    return text
