"""The article body: trafilatura's main text, what it drops that we win back, and the clean-up.

Rules, each measured on the shared real pages (``bench/extraction.py``):

* **Precision first.** trafilatura runs with ``favor_precision=True`` (best mean token-F1: it keeps
  related-article boxes out). Its weakness: paragraphs written as bare text between ``<br>``s
  (Kompas' ``div.div-read``) are dropped.
* **Recall rerun, only when warranted.** :func:`dropped_words` finds the block that holds the
  extracted text and counts the words of long text runs (:data:`LONG_RUN` words or more) in it that
  the text lacks. When those are at least :data:`RECALL_TRIGGER` of the text, trafilatura runs
  again with ``favor_recall=True`` and that text is kept if it is longer and recovers most of
  them. Photo captions in the block also trigger it (then the recall text does not recover them
  and is discarded); the rerun costs a few milliseconds on those pages only.
* **Recall rescue.** When the text is still short next to the page's article markup, a second
  opinion (trafilatura's balanced mode) is weighed against that markup (:mod:`.rescue`).
* **Photo galleries.** A photo page's text is its captions: when the cleaned text is short and the
  page has two or more ``<figcaption>``, their distinct texts are the body (credits included).
* **Captions out of articles.** Lines that are the text of a caption or photo credit on the page
  (:func:`caption_texts`) are dropped, unless that would leave a page with no text beyond them.
* **Header remnants.** When trafilatura kept the headline, it and the short lines before it
  (kicker, section label: "FotoBisnis") are dropped.
* **Bold lead-in datelines.** "<b>Liputan6.com, Jakarta</b> London Love Story, ..." has no dash,
  so the text alone cannot tell where the place ends; the bold element can
  (:func:`lead_in_dateline`). One side must be a site name ("KompasOtomotif", "Liputan6.com").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import trafilatura

# lxml ships no type stubs (lxml-stubs is not a dependency); its objects are Any to mypy.
from lxml.html import HtmlElement  # type: ignore[import-untyped]

from crawler.extract.byline import Byline, extract_bylines, strip_trailing_initials
from crawler.extract.cleanup import clean_text, mentions_read_also, remove_captions
from crawler.extract.dateline import display_place, split_dateline
from crawler.extract.kind import word_count
from crawler.extract.metadata import link_texts
from crawler.extract.rescue import rescue
from crawler.extract.title import is_site_name

# A text run this long is a paragraph, not a label, button or date.
LONG_RUN = 12
RECALL_TRIGGER = 0.2
# The recall text must bring back at least this share of the dropped words to be preferred.
RECALL_RECOVERY = 0.5
# Text shorter than this next to a longer set of captions is a photo page's chrome.
SHORT_TEXT_WORDS = 60
# A caption longer than this is a wrapper (a gallery or a whole article), not one photo's caption.
_MAX_CAPTION_WORDS = 80
_HEADER_SEARCH_LINES = 5
_HEADER_MAX_WORDS = 5
_PROBE_XPATH = "//body//text()[contains(normalize-space(.), $probe)]"
_INLINE_OR_P = frozenset({"p", "span", "a", "b", "i", "em", "strong"})
_TEXT_XPATH = ".//text()[not(ancestor::script) and not(ancestor::style)]"
# Through the attribute nodes: each value is tested once, a third of the time of testing every
# element's attributes (``//*[contains(@class, ...)]``); same elements, same order.
_CAPTION_XPATH = (
    "//figcaption|//@class[contains(.,'caption') or contains(.,'photo') or contains(.,'foto')"
    " or contains(.,'keterangan')]/..|//@id[contains(.,'caption')]/.."
)
_LEAD_IN = re.compile(r"^(?P<a>[^,\n]{2,40}),\s*(?P<b>[^,\n]{2,40})$")
_LEAD_IN_MAX_WORDS = 5
_LEAD_IN_REST = re.compile(r"^\s*[-–—:]?\s*")
_NON_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class Body:
    text: str
    location: str | None
    byline: Byline
    initials: Byline


Mode = Literal["precision", "balanced", "recall"]


def run_trafilatura(tree: HtmlElement, url: str, mode: Mode = "precision") -> str:
    """trafilatura's main text (it copies the tree; ours stays intact)."""
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        deduplicate=False,
        favor_precision=mode == "precision",
        favor_recall=mode == "recall",
        include_comments=False,
        with_metadata=False,
    )
    text = getattr(document, "text", None)
    return text if isinstance(text, str) else ""


def _flat(value: str) -> str:
    return " ".join(value.split())


def _holder(tree: HtmlElement, text: str) -> HtmlElement | None:
    """The block holding the first long paragraph of ``text`` (its parent when it is a <p>)."""
    probes = [" ".join(line.split()[2:8]) for line in text.split("\n")]
    for probe in [p for p in probes if len(p.split()) == 6][:3]:
        # XPath searches the text nodes in C; a Python walk over every element costs more.
        hits = tree.xpath(_PROBE_XPATH, probe=probe)
        if not hits:
            continue
        found = hits[0].getparent()
        if hits[0].is_tail:
            found = found.getparent()
        return found.getparent() if found.tag in _INLINE_OR_P else found
    return None


def dropped_words(tree: HtmlElement, text: str) -> list[str]:
    """Long text runs in the block holding ``text`` that ``text`` does not contain."""
    holder = _holder(tree, text)
    if holder is None:
        return []
    flat = _flat(text)
    runs = (_flat(run) for run in holder.xpath(_TEXT_XPATH))
    return [run for run in runs if len(run.split()) >= LONG_RUN and run not in flat]


def main_text(
    tree: HtmlElement, url: str, off: frozenset[str] = frozenset(), article_body: str | None = None
) -> str:
    """Precision-mode text, completed by the recall rerun and the recall rescue (:mod:`.rescue`).

    ``off`` names rules (:mod:`.rules`) to skip; ``article_body`` is the page's JSON-LD
    ``articleBody`` when already read (:class:`.metadata.PageMeta`), else the rescue reads it.
    """
    text = run_trafilatura(tree, url)
    if "recall_rerun" not in off:
        text = _recall_rerun(tree, url, text)
    if "rescue" in off:
        return text
    return rescue(text, tree, lambda: run_trafilatura(tree, url, "balanced"), article_body)


def _recall_rerun(tree: HtmlElement, url: str, text: str) -> str:
    """The recall-mode text instead of ``text`` when it recovers dropped paragraphs."""
    dropped = dropped_words(tree, text)
    missing = sum(len(run.split()) for run in dropped)
    if not text or missing < RECALL_TRIGGER * len(text.split()):
        return text
    fuller = run_trafilatura(tree, url, "recall")
    flat = _flat(fuller)
    recovered = sum(len(run.split()) for run in dropped if run in flat)
    if len(fuller) > len(text) and recovered >= RECALL_RECOVERY * missing:
        return fuller
    return text


def caption_texts(tree: HtmlElement) -> list[str]:
    """The texts of photo captions and credits on the page (short elements only)."""
    texts = (_flat(element.text_content()) for element in tree.xpath(_CAPTION_XPATH))
    # Counted as kind.word_count counts: a Chinese article's wrapper is no short caption.
    return [t for t in texts if t and word_count(t) <= _MAX_CAPTION_WORDS]


def gallery_text(tree: HtmlElement) -> str:
    """The distinct ``<figcaption>`` texts of a page with two or more, one a line; else ""."""
    seen: list[str] = []
    for element in tree.iter("figcaption"):
        text = _flat(element.text_content())
        if text and text not in seen:
            seen.append(text)
    return "\n".join(seen) if len(seen) >= 2 else ""


def lead_in_dateline(tree: HtmlElement, names: list[str]) -> tuple[str, str] | None:
    """``(lead-in, place)`` for a bold "Outlet, Place" / "Place, Outlet" opening a block."""
    for element in tree.xpath("//p/b|//p/strong|//div/b|//div/strong"):
        parent = element.getparent()
        if (parent.text or "").strip() or any(
            _flat(s.text_content()) for s in element.itersiblings(preceding=True)
        ):
            continue
        text = _flat(element.text_content())
        match = _LEAD_IN.match(text)
        if match is None or len(text.split()) > _LEAD_IN_MAX_WORDS:
            continue
        # The bold may take the dash along: "<b>Liputan6.com, Jakarta -</b>".
        a, b = match.group("a").strip(), match.group("b").strip(" -–—:")
        if is_site_name(a, names) and not is_site_name(b, names):
            return text, display_place(b)
        if is_site_name(b, names) and not is_site_name(a, names):
            return text, display_place(a)
    return None


def _same_text(a: str, b: str) -> bool:
    return _NON_WORD.sub(" ", a).strip().lower() == _NON_WORD.sub(" ", b).strip().lower()


def drop_header(text: str, title: str) -> str:
    """Drop a repeated headline near the top and the short label lines before it."""
    lines = text.split("\n")
    repeats = [i for i, line in enumerate(lines[:_HEADER_SEARCH_LINES]) if _same_text(line, title)]
    if not repeats:
        return text
    last = repeats[-1]
    if all(len(line.split()) <= _HEADER_MAX_WORDS for line in lines[:last] if line not in title):
        return "\n".join(lines[last + 1 :])
    return "\n".join(line for i, line in enumerate(lines) if i not in repeats)


def _dateline(text: str, lead_in: tuple[str, str] | None) -> tuple[str | None, str]:
    if lead_in is not None and text.startswith(lead_in[0]):
        return lead_in[1], _LEAD_IN_REST.sub("", text[len(lead_in[0]) :], count=1)
    return split_dateline(text)


def clean_body(
    raw: str,
    tree: HtmlElement,
    title: str,
    names: list[str],
    min_words: int,
    off: frozenset[str] = frozenset(),
) -> Body:
    """The cleaned text with its dateline place and the bylines taken out of it.

    ``off`` names rules (:mod:`.rules`) to skip.
    """
    links = link_texts(tree) if mentions_read_also(raw) else []
    text = clean_text(raw, links, off)
    text = text if "header" in off else drop_header(text, title)
    without = text if "captions" in off else remove_captions(text, caption_texts(tree))
    # A photo page's text is its caption; only an article with more than that loses captions.
    if len(without.split()) >= min_words:
        text = without
    short = len(without.split()) < SHORT_TEXT_WORDS and "gallery" not in off
    gallery = gallery_text(tree) if short else ""
    if len(gallery.split()) > len(text.split()):
        text = gallery
    text, byline = extract_bylines(text)
    lead_in = None if "lead_in_dateline" in off else lead_in_dateline(tree, names)
    location, text = _dateline(text, lead_in)
    text, initials = strip_trailing_initials(text.strip())
    return Body(text.strip(), location, byline, initials)
