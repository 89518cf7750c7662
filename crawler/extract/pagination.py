"""Multi-page articles: where the rest of an article is, and one article from its pages.

Pure functions; the spider does the fetching. The contract:

1. ``page_all_url(html, url)`` — a link to the whole article on one page ("?page=all",
   "Tampilkan semua", "Lihat semua halaman", "Baca dalam satu halaman", "Show all"). When it gives
   a URL, fetch that page and extract it alone; it is the article. ``None`` when the page has no
   such link or already is the whole article.
2. Otherwise ``next_page_urls(html, url)`` — the article's other pages in page order: numbered
   links of a pagination block ("Halaman 1 2 3", an element whose class or id names paging) and
   ``rel="next"``. Fetch each, ``extract`` each, then ``merge_pages(first, rest)``. An empty list
   means a one-page article.
3. ``merge_pages(first, rest)`` — the first page's article with the other pages' text appended in
   order (lines already seen, such as a repeated lead or headline, are skipped), ``word_count``
   recomputed, and author, editor, location, section and image filled from later pages where the
   first page had none; tags are united. ``rest`` pages that failed extraction are the caller's to
   count and leave out.

A link belongs to the article only when it is on the same site and its path starts with the
article's path (without a trailing ``/2`` page number): pagination of a listing or a link to the
next *article* ("Berita selanjutnya") does not qualify. The spider should still cap the number of
pages it follows (:data:`MAX_PAGES` here). ``find_pages(html, url)`` answers 1 and 2 from one
parse of the page.
"""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import urljoin, urlsplit

# lxml.html has no type stubs (lxml-stubs is not a dependency): its objects are Any to mypy.
import lxml.html  # type: ignore[import-untyped]
from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.hosts import same_site
from crawler.extract.kind import word_count
from pantau.models import Article

# Real articles run to a handful of pages; more is a calendar or a gallery crawl trap.
MAX_PAGES = 20
_ALL_TEXT = re.compile(
    r"^\s*(?:tampilkan semua|lihat semua(?: halaman)?|semua halaman|baca dalam satu halaman|"
    r"(?:tampilkan|baca) (?:dalam )?satu halaman|show all|view all|single page|all pages)\b",
    re.IGNORECASE,
)
_ALL_HREF = re.compile(r"[?&](?:page|halaman|showpage|p)=all\b|/all/?$", re.IGNORECASE)
_PAGING_XPATH = (
    "//*[contains(@class,'pag') or contains(@id,'pag') or contains(@class,'halaman')"
    " or contains(@class,'paging')]//a[@href]"
)
_PAGE_NUMBER = re.compile(r"^\s*(\d{1,2})\s*$")
_TRAILING_PAGE = re.compile(r"/\d{1,2}/?$")
_PARSER = lxml.html.HTMLParser(collect_ids=False, remove_comments=True)


def _tree(html: str | bytes) -> HtmlElement | None:
    try:
        return lxml.html.document_fromstring(html, _PARSER)
    except (etree.ParserError, ValueError):
        # Not a document: no links to follow; extraction reports the page itself.
        return None


def _stem(url: str) -> str:
    return _TRAILING_PAGE.sub("", urlsplit(url).path).rstrip("/")


def _same_article(candidate: str, url: str) -> bool:
    if not same_site(candidate, url):
        return False
    return urlsplit(candidate).path.rstrip("/").startswith(_stem(url))


def _is_this_page(candidate: str, url: str) -> bool:
    a, b = urlsplit(candidate), urlsplit(url)
    return (a.path.rstrip("/"), a.query) == (b.path.rstrip("/"), b.query)


def find_pages(html: str | bytes, url: str) -> tuple[str | None, list[str]]:
    """``(page_all_url, next_page_urls)`` from one parse of the page."""
    tree = _tree(html)
    if tree is None:
        return None, []
    return page_links(tree, url)


def page_links(tree: HtmlElement, url: str) -> tuple[str | None, list[str]]:
    """:func:`find_pages` on an already parsed page (the spider's, :mod:`.page`)."""
    return _page_all(tree, url), _next_pages(tree, url)


def page_all_url(html: str | bytes, url: str) -> str | None:
    """The URL of the whole article on one page, or None (see the module's contract)."""
    tree = _tree(html)
    return _page_all(tree, url) if tree is not None else None


def _page_all(tree: HtmlElement, url: str) -> str | None:
    if _ALL_HREF.search(url):
        return None
    for anchor in tree.iter("a"):
        href = str(anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        text = " ".join(anchor.text_content().split())
        if _ALL_TEXT.match(text) or _ALL_HREF.search(href):
            candidate: str = urljoin(url, href)
            if _same_article(candidate, url) and not _is_this_page(candidate, url):
                return candidate
    return None


def _numbered_links(tree: HtmlElement, url: str) -> dict[int, str]:
    pages: dict[int, str] = {}
    for anchor in tree.xpath(_PAGING_XPATH):
        match = _PAGE_NUMBER.match(anchor.text_content())
        if match is None:
            continue
        candidate = urljoin(url, anchor.get("href").strip())
        if _same_article(candidate, url) and not _is_this_page(candidate, url):
            pages.setdefault(int(match.group(1)), candidate)
    return pages


def next_page_urls(html: str | bytes, url: str) -> list[str]:
    """The article's other pages in order (see the module's contract); [] for one page."""
    tree = _tree(html)
    return _next_pages(tree, url) if tree is not None else []


def _next_pages(tree: HtmlElement, url: str) -> list[str]:
    numbered = _numbered_links(tree, url)
    urls = [numbered[n] for n in sorted(numbered) if n >= 2]
    for element in tree.xpath("//link[@rel='next'][@href]|//a[@rel='next'][@href]"):
        candidate = urljoin(url, element.get("href").strip())
        if (
            _same_article(candidate, url)
            and not _is_this_page(candidate, url)
            and candidate not in urls
        ):
            urls.append(candidate)
    return urls[:MAX_PAGES]


def merge_pages(first: Article, rest: list[Article]) -> Article:
    """One article from its pages in order (see the module's contract)."""
    lines = first.text.split("\n")
    seen = {" ".join(line.split()).lower() for line in lines}
    tags = list(first.tags)
    fill = {
        name: getattr(first, name)
        for name in ("author", "editor", "location", "section", "image_url")
    }
    for page in rest:
        for line in page.text.split("\n"):
            key = " ".join(line.split()).lower()
            if key and key not in seen:
                seen.add(key)
                lines.append(line)
        tags += [t for t in page.tags if t.lower() not in {x.lower() for x in tags}]
        for name, value in fill.items():
            fill[name] = value or getattr(page, name)
    text = "\n".join(lines)
    return dataclasses.replace(first, text=text, word_count=word_count(text), tags=tags, **fill)
