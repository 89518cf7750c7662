"""Metadata read from the parsed page: meta tags, JSON-LD, ``<time>``, canonical link, headings.

One walk over the elements we need on the lxml tree that trafilatura also receives (so each page is
parsed once). Values are kept raw here, in priority order; :mod:`crawler.extract.core` picks and
parses them. Everything is optional: a page with no metadata yields an empty :class:`PageMeta`.

Besides meta tags and JSON-LD, the markup conventions of blog engines and themes:

* **Authors**: meta and JSON-LD authors first, then ``itemprop="author"``, then the hCard byline
  of WordPress themes (``<span class="author vcard"><a class="url fn n">Name</a></span>``: the
  ``fn`` inside an element classed both ``author`` and ``vcard``; ``comment-author vcard`` is a
  reader's comment, not a byline) and ``<a rel="author">`` links with a name as text.
* **Editors**: JSON-LD ``editor`` and ``itemprop="editor"``.
* **Date texts**: the text of elements whose class or id names a date, and their ``datetime``,
  ``content``, ``title`` and ``data-date`` attributes (hAtom ``abbr.published``); JSON-LD
  ``dateCreated`` when an Article has no ``datePublished``.
* **Tags**: ``article:tag``, ``news_keywords``, JSON-LD ``keywords`` and ``rel="tag"`` links
  (WordPress tag rows, Blogger "Labels:"; WordPress marks category links ``rel="category tag"``,
  and those are sections, not tags) are the article's own. ``<meta name="keywords">`` is kept
  apart (:attr:`PageMeta.keywords`): old CMS templates print the same site-wide list on every
  page, so it is used only when the page has no article tags.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# lxml ships no type stubs (lxml-stubs is not a dependency); its objects are Any to mypy.
from lxml.html import HtmlElement  # type: ignore[import-untyped]

from crawler.extract.byline import strip_label

logger = logging.getLogger(__name__)

_PUBLISHED_KEYS = frozenset(
    [
        "article:published_time",
        "og:article:published_time",
        "article:published",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "dcterms.date",
        "parsely-pub-date",
        "sailthru.date",
        "article_date_original",
        "content_publisheddate",
    ]
)
_MODIFIED_KEYS = frozenset(
    [
        "article:modified_time",
        "og:updated_time",
        "datemodified",
        "dcterms.modified",
        "last-modified",
    ]
)
_AUTHOR_KEYS = frozenset(["author", "article:author", "dc.creator", "content_author", "byl"])
_TAG_KEYS = frozenset({"article:tag", "news_keywords"})
_ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "reportagenewsarticle", "blogposting", "analysisnewsarticle"}
)
_BREADCRUMB_SKIP = frozenset({"home", "beranda", "index", "indeks", "berita", "news"})
# Elements whose class or id names a date: where a visible publication date usually sits.
_DATE_CLASS_HINTS = ("date", "time", "tanggal", "publish", "posted")
_DATE_ID_HINT = "date"
# One walk finds both date hints and hCards; the class tokens are then checked in Python. Walking
# the attribute nodes tests each value once: half the time of ``//*[contains(@class, ...)]``.
_CLASS_HINT_XPATH = (
    "//@class["
    + " or ".join(f"contains(., '{hint}')" for hint in (*_DATE_CLASS_HINTS, "vcard"))
    + f"]/..|//@id[contains(., '{_DATE_ID_HINT}')]/.."
)
_MAX_DATE_TEXT = 200
_DATE_ATTRIBUTES = ("datetime", "content", "title", "data-date")
_FN_XPATH = ".//*[contains(@class, 'fn')]"
_REL_LINKS_XPATH = "//a[@rel]"
# A byline link with more words than this is a label ("Lihat semua tulisan ..."), not a name.
_MAX_NAME_WORDS = 6
# A tag of more words than this is a sentence or a link to another article.
_MAX_TAG_WORDS = 6


@dataclass(slots=True)
class PageMeta:
    """What the page says about itself; lists are in priority order."""

    titles: list[str] = field(default_factory=list)
    h1: str | None = None
    html_title: str | None = None
    site_name: str | None = None
    og_type: str | None = None
    jsonld_article: bool = False
    jsonld_published: str | None = None
    jsonld_modified: str | None = None
    meta_published: list[str] = field(default_factory=list)
    meta_modified: list[str] = field(default_factory=list)
    time_values: list[str] = field(default_factory=list)
    date_texts: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    language: str | None = None
    canonical: str | None = None
    article_elements: int = 0
    # The longest JSON-LD ``articleBody`` (the recall rescue's evidence, :mod:`.rescue`), read in
    # the same JSON pass as the rest of the JSON-LD.
    article_body: str = ""


def _text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _add(target: list[str], value: Any) -> None:
    """Append a non-empty string, or the strings of a list, once each."""
    values = value if isinstance(value, list) else [value]
    for item in values:
        if isinstance(item, dict):
            item = item.get("name") or item.get("url")
        if isinstance(item, str) and item.strip() and item.strip() not in target:
            target.append(item.strip())


def _read_metas(tree: HtmlElement, meta: PageMeta) -> None:
    for element in tree.iter("meta"):
        key = (
            element.get("property") or element.get("name") or element.get("itemprop") or ""
        ).lower()
        content = (element.get("content") or "").strip()
        if not key or not content:
            continue
        if key in ("og:title", "twitter:title"):
            _add(meta.titles, content)
        elif key == "og:site_name":
            meta.site_name = meta.site_name or content
        elif key == "og:type":
            meta.og_type = meta.og_type or content.lower()
        elif key in _PUBLISHED_KEYS:
            _add(meta.meta_published, content)
        elif key in _MODIFIED_KEYS:
            _add(meta.meta_modified, content)
        elif key in _AUTHOR_KEYS and not content.startswith(("http://", "https://")):
            _add(meta.authors, strip_label(content))
        elif key == "article:section":
            _add(meta.sections, content)
        elif key in _TAG_KEYS:
            _add(meta.tags, [t for t in content.split(",") if t.strip()])
        elif key == "keywords":
            _add(meta.keywords, [t for t in content.split(",") if t.strip()])
        elif key in ("og:image", "twitter:image", "og:image:url"):
            _add(meta.images, content)


def _jsonld_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every dict in a JSON-LD document, descending into lists and ``@graph``."""
    if isinstance(data, list):
        for item in data:
            yield from _jsonld_objects(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _jsonld_objects(data["@graph"])


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {v.lower() for v in values if isinstance(v, str)}


def _read_jsonld_article(obj: dict[str, Any], meta: PageMeta) -> None:
    meta.jsonld_article = True
    # dateCreated stands in when a CMS fills only that one.
    for key in ("datePublished", "dateCreated"):
        if isinstance(obj.get(key), str) and meta.jsonld_published is None:
            meta.jsonld_published = obj[key]
    if isinstance(obj.get("dateModified"), str) and meta.jsonld_modified is None:
        meta.jsonld_modified = obj["dateModified"]
    headline = obj.get("headline")
    if isinstance(headline, str):
        _add(meta.titles, headline)
    authors = obj.get("author")
    names = authors if isinstance(authors, list) else [authors]
    _add(meta.authors, [strip_label(n) for n in _names(names)])
    editors = obj.get("editor")
    _add(meta.editors, _names(editors if isinstance(editors, list) else [editors]))
    _add(meta.sections, obj.get("articleSection"))
    keywords = obj.get("keywords")
    _add(meta.tags, keywords.split(",") if isinstance(keywords, str) else keywords)
    _add(meta.images, obj.get("image"))


def _names(values: list[Any]) -> list[str]:
    names = [v.get("name") if isinstance(v, dict) else v for v in values]
    return [n for n in names if isinstance(n, str)]


def _read_breadcrumb(obj: dict[str, Any], meta: PageMeta) -> None:
    items = obj.get("itemListElement")
    if not isinstance(items, list):
        return
    names = []
    for item in items:
        if not isinstance(item, dict):
            continue
        name = item.get("name") or (item.get("item") or {}).get("name")
        if isinstance(name, str) and name.strip().lower() not in _BREADCRUMB_SKIP:
            names.append(name.strip())
    # The last crumb is often the article itself; the one before it is the section.
    if len(names) >= 2:
        _add(meta.sections, names[-2])
    elif names:
        _add(meta.sections, names[0])


def jsonld_documents(tree: HtmlElement) -> list[Any]:
    """Every JSON-LD script of the page, decoded; broken ones left out."""
    documents = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            documents.append(json.loads(script.text or "", strict=False))
        except ValueError as err:
            # Broken JSON-LD is common (CMS templates); the other readers still work.
            logger.debug("invalid JSON-LD skipped: %s", err)
    return documents


def _nested_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every dict at any depth (an ``articleBody`` can sit under ``mainEntity`` and the like)."""
    if isinstance(data, list):
        for item in data:
            yield from _nested_objects(item)
    elif isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, list | dict):
                yield from _nested_objects(value)


def longest_article_body(documents: list[Any]) -> str:
    """The longest ``articleBody`` in the decoded JSON-LD ``documents``, or ""."""
    best = ""
    for obj in _nested_objects(documents):
        body = obj.get("articleBody")
        if isinstance(body, str) and len(body) > len(best):
            best = body.strip()
    return best


def _read_jsonld(tree: HtmlElement, meta: PageMeta) -> None:
    documents = jsonld_documents(tree)
    for data in documents:
        for obj in _jsonld_objects(data):
            types = _types(obj)
            if types & _ARTICLE_TYPES:
                _read_jsonld_article(obj, meta)
            elif "breadcrumblist" in types:
                _read_breadcrumb(obj, meta)
    meta.article_body = longest_article_body(documents)


def _read_document(tree: HtmlElement, meta: PageMeta) -> None:
    meta.language = (tree.get("lang") or tree.get("xml:lang") or "").strip() or None
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            meta.canonical = link.get("href", "").strip()
            break
    for title in tree.iter("title"):
        meta.html_title = _text(title) or None
        break
    for h1 in tree.iter("h1"):
        meta.h1 = _text(h1) or None
        if meta.h1:
            break
    for element in tree.iter("time"):
        if (element.get("datetime") or "").strip():
            meta.time_values.append(element.get("datetime").strip())
        elif 6 <= len(text := _text(element)) <= _MAX_DATE_TEXT:
            meta.date_texts.append(text)
    _read_microdata(tree, meta)
    _read_class_hints(tree, meta)
    _read_rel_links(tree, meta)
    meta.article_elements = sum(1 for _ in tree.iter("article"))


def _read_microdata(tree: HtmlElement, meta: PageMeta) -> None:
    """``itemprop`` author, editor and datePublished on ordinary elements (not metas)."""
    # Through the attribute nodes, as _CLASS_HINT_XPATH: a tenth of the time of ``//*[@itemprop]``.
    for element in tree.xpath(
        "//@itemprop[.='author' or .='editor' or .='datePublished']/parent::*[not(self::meta)]"
    ):
        value = element.get("content") or element.get("datetime") or _text(element)
        prop = element.get("itemprop")
        if prop == "author":
            _add(meta.authors, strip_label(value))
        elif prop == "editor":
            _add(meta.editors, strip_label(value))
        else:
            _add(meta.meta_published, value)


def _tokens(element: HtmlElement, attribute: str) -> list[str]:
    return (element.get(attribute) or "").lower().split()


def _is_date_hint(element: HtmlElement) -> bool:
    classes = element.get("class") or ""
    return any(hint in classes for hint in _DATE_CLASS_HINTS) or _DATE_ID_HINT in (
        element.get("id") or ""
    )


def _read_class_hints(tree: HtmlElement, meta: PageMeta) -> None:
    """Texts of elements whose class names a date, and hCard bylines, in document order."""
    for element in tree.xpath(_CLASS_HINT_XPATH):
        classes = _tokens(element, "class")
        if "vcard" in classes and "author" in classes:
            _read_hcard(element, meta)
        if _is_date_hint(element):
            # hAtom's <abbr class="published" title="2023-11-09T14:30:00+07:00"> and the like
            # keep the exact value in an attribute; the visible text is often rounded.
            meta.date_texts.extend(
                value for a in _DATE_ATTRIBUTES if 6 <= len(value := element.get(a) or "") <= 40
            )
            if 6 <= len(text := _text(element)) <= _MAX_DATE_TEXT:
                meta.date_texts.append(text)


def _read_hcard(card: HtmlElement, meta: PageMeta) -> None:
    """The ``fn`` of an ``author vcard`` element (a byline; ``comment-author`` is not)."""
    for element in card.xpath(_FN_XPATH):
        if "fn" in _tokens(element, "class"):
            _add_name(meta.authors, _text(element))
            return


def _read_rel_links(tree: HtmlElement, meta: PageMeta) -> None:
    """``<a rel="author">`` names and ``rel="tag"`` texts (not ``rel="category tag"``)."""
    for link in tree.xpath(_REL_LINKS_XPATH):
        rels = _tokens(link, "rel")
        if "author" in rels:
            _add_name(meta.authors, _text(link))
        elif "tag" in rels and "category" not in rels:
            text = _text(link)
            if text and len(text.split()) <= _MAX_TAG_WORDS:
                _add(meta.tags, text)


def _add_name(target: list[str], text: str) -> None:
    name = strip_label(text)
    if name and len(name.split()) <= _MAX_NAME_WORDS:
        _add(target, name)


def read_metadata(tree: HtmlElement) -> PageMeta:
    """Everything :class:`PageMeta` holds, from one parsed page."""
    meta = PageMeta()
    _read_metas(tree, meta)
    _read_jsonld(tree, meta)
    _read_document(tree, meta)
    return meta


def link_texts(tree: HtmlElement) -> list[str]:
    """The visible text of every link (for telling where a merged "Baca juga" title ends)."""
    texts = (_text(a) for a in tree.iter("a"))
    return [t for t in texts if len(t) >= 10]
