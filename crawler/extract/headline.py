"""The article header: what sits next to the headline — date line, byline, section kicker.

Outside the text trafilatura returns, most templates put the article's date, its byline and its
section next to the headline: WordPress' ``entry-meta``, a custom CMS's ``detail__meta`` block, an
old table layout's ``<FONT>`` lines under a bold title. The rules:

* **The headline** is the first ``h1``/``h2`` whose text contains the title; failing that (table
  layouts and old templates set the title in ``<b>``/``<font>``/``<div>``), the first element
  outside a link whose own text is exactly the title.
* **The neighbourhood** is the text of the headline's following then preceding siblings, then
  those of its parent, up to :data:`NEIGHBOURHOOD_CHARS` characters each way, nearest first. Each
  block element (``div``, ``p``, ``li``, ``br`` ...) starts a new line, so "Penulis: X" and
  "Editor: Y" in sibling ``<div>`` stay apart, and text between ``<br>`` tags counts too.
* **Header byline.** Label lines of the neighbourhood ("Penulis: X", "Laporan: X", "Editor: Y";
  the labels of :mod:`.byline`) name the author and editor when the article text does not.
* **Section kicker.** The nearest element *above* the headline that is nothing but one link whose
  path names a section (``/category/``, ``/kategori/``, ``/kanal/``, ``/rubrik/``, ``/section/``)
  is the section label most templates print over the title; it names the section when the page's
  metadata does not. A menu (several links) is not a kicker, nor are links below the headline
  (related lists, tag rows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# lxml ships no type stubs (lxml-stubs is not a dependency); its objects are Any to mypy.
from lxml.html import HtmlElement  # type: ignore[import-untyped]

from crawler.extract.byline import Byline, extract_bylines

# Header blocks (date, byline, kicker) are short; 600 characters reach past them, not into the text.
NEIGHBOURHOOD_CHARS = 600
_HEADINGS = "//h1|//h2"
_EXACT_TEXT = "//body//text()[normalize-space(.) = $title]"
_NOT_HEADLINE = frozenset({"a", "title", "option", "script", "style", "textarea"})
_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt"),
        *("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("header", "hr", "li", "nav", "ol", "p", "section", "table", "tbody", "td", "th"),
        *("thead", "tr", "ul"),
    }
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})
_SECTION_PATH = re.compile(r"/(?:category|kategori|kanal|rubrik|rubric|section)/", re.IGNORECASE)
_MAX_SECTION_WORDS = 4


@dataclass(frozen=True, slots=True)
class Header:
    """What the headline's neighbourhood says; empty when no headline was found."""

    text: str = ""
    byline: Byline = field(default_factory=Byline)
    section: str | None = None


def _flat(value: str) -> str:
    return " ".join(value.split())


def find_headline(tree: HtmlElement, title: str) -> HtmlElement | None:
    """The element showing ``title`` (see the module docstring), or None."""
    wanted = _flat(title).lower()
    if not wanted:
        return None
    for heading in tree.xpath(_HEADINGS):
        if wanted in _flat(heading.text_content()).lower():
            return heading
    for node in tree.xpath(_EXACT_TEXT, title=_flat(title)):
        element = node.getparent()
        if node.is_text and not _in_link(element):
            return element
    return None


def _in_link(element: HtmlElement) -> bool:
    if element.tag in _NOT_HEADLINE:
        return True
    return any(ancestor.tag in _NOT_HEADLINE for ancestor in element.iterancestors())


def block_lines(element: HtmlElement) -> list[str]:
    """The text of ``element`` (without its tail), one line per block element."""
    lines: list[list[str]] = [[]]

    def walk(node: HtmlElement) -> None:
        block = node.tag in _BLOCK_TAGS
        if block:
            lines.append([])
        if node.text:
            lines[-1].append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in _SKIP_TAGS:
                walk(child)
            if child.tail:
                lines[-1].append(child.tail)
        if block:
            lines.append([])

    walk(element)
    flat = (_flat(" ".join(parts)) for parts in lines)
    return [line for line in flat if line]


def _sibling_lines(sibling: HtmlElement, preceding: bool, limit: int) -> list[str]:
    """A sibling's lines and its tail, nearest to the headline first."""
    tail = [_flat(sibling.tail)] if sibling.tail and sibling.tail.strip() else []
    if not isinstance(sibling.tag, str):
        return tail
    flat = _flat(sibling.text_content())
    # A long sibling is the article text, not header lines: one line, without a walk in Python.
    own = block_lines(sibling) if len(flat) < limit else [flat]
    return [*tail, *reversed(own)] if preceding else [*own, *tail]


def _neighbourhood(headline: HtmlElement, limit: int) -> tuple[list[str], list[HtmlElement]]:
    """The neighbourhood's lines (nearest first) and the preceding siblings visited."""
    lines: list[str] = []
    above: list[HtmlElement] = []
    for element in (headline, headline.getparent()):
        if element is None:
            break
        if element.tail and element.tail.strip():
            lines.append(_flat(element.tail))
        for preceding in (False, True):
            size = 0
            for sibling in element.itersiblings(preceding=preceding):
                found = _sibling_lines(sibling, preceding, limit)
                lines.extend(found)
                if preceding:
                    above.append(sibling)
                size += sum(len(line) for line in found)
                if size >= limit:
                    break
    return lines, above


def _kicker(element: HtmlElement) -> str | None:
    """The link text when ``element`` is nothing but one section link, else None."""
    links = list(element.iter("a"))
    if len(links) != 1:
        return None
    text = _flat(links[0].text_content())
    path = urlsplit(links[0].get("href") or "").path
    if not text or len(text.split()) > _MAX_SECTION_WORDS or not _SECTION_PATH.search(path):
        return None
    return text if _flat(element.text_content()) == text else None


def _section_link(above: list[HtmlElement]) -> str | None:
    """The nearest kicker among the elements above the headline."""
    for element in above:
        if isinstance(element.tag, str) and (text := _kicker(element)) is not None:
            return text
    return None


def read_header(tree: HtmlElement, title: str, limit: int = NEIGHBOURHOOD_CHARS) -> Header:
    """The neighbourhood text, header byline and section kicker of the headline of ``title``."""
    headline = find_headline(tree, title)
    if headline is None:
        return Header()
    lines, above = _neighbourhood(headline, limit)
    text = "\n".join(lines)
    _, byline = extract_bylines(text)
    return Header(text=text, byline=byline, section=_section_link(above))
