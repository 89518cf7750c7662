"""``extract(html, url) -> Article | Rejected``: one page to one article, as a pure function.

Pipeline: size check → decode (:mod:`.charset`) → parse once with lxml → our metadata readers
(:mod:`.metadata`, corrected by :mod:`.overrides` for the few outlets whose markup lies) →
layout tables read as blocks (:mod:`.layout`) → trafilatura on the same tree (it copies it), with
a recall rerun when it dropped paragraphs, a recall rescue when the text is short next to the
page's article markup (:mod:`.rescue`), and photo pages' captions (:mod:`.body`) → listing check
(:mod:`.kind`) → Indonesian clean-up (:mod:`.cleanup`, :mod:`.byline`, :mod:`.dateline`) → the
header next to the headline (:mod:`.headline`: date line, byline, section kicker) → fields: the
publication date (:mod:`.published`), the language (:mod:`.language`). Multi-page articles:
:mod:`.pagination`. Every rule that removes or replaces text is named in :mod:`.rules` and can
be switched off (``off=``) to measure it.

Field sources, first found wins: author — byline line in the text, in the header, meta/JSON-LD/
markup author (not the site's name), trailing initials; editor — the same with JSON-LD/microdata
``editor``; section — meta/JSON-LD, the HTML breadcrumb trail (:mod:`.breadcrumb`), then the
header's kicker link; tags — the article's
own (:mod:`.metadata`), else the keywords meta, without CMS facets and SEO phrases (:mod:`.tags`).

Trafilatura runs with ``deduplicate=False`` (its dedup cache is process-wide state, so results would
depend on earlier calls), ``favor_precision=True`` (best mean token-F1 on the shared real pages:
0.87 vs 0.82 default, 0.78 favour-recall), ``include_comments=False`` (reader comments are not the
article) and ``with_metadata=False``: our readers cover title, dates, author, tags and image, and
skipping trafilatura's own metadata pass (htmldate included) saves about a fifth of the time a page.

Rejection reasons (counted as ``pantau/extract/rejected/<reason>``):

``empty``        no HTML at all (empty body, whitespace only);
``too_large``    over :data:`MAX_HTML_BYTES` — real article pages are well under 1 MB; bigger ones
                 are dumps, binaries or pathological pages costing seconds and memory to parse;
``unparseable``  binary content (NUL bytes) or markup lxml cannot turn into a document;
``not_article``  the page calls itself ``og:type`` website, has no Article JSON-LD and looks like
                 a listing: a home, category/tag/search/page-N URL, or 5+ ``<article>`` cards
                 over which the main text is spread (:mod:`.kind`);
``no_text``      trafilatura found no main text;
``too_short``    under :data:`MIN_WORDS` words after clean-up (notices, empty templates), or
                 under :data:`MIN_ARTICLE_WORDS` when the page declares itself an article (a
                 photo or video page's caption is still news); words as :func:`.kind.word_count`
                 counts them (CJK text has no spaces);
``no_title``     no title anywhere (og:title, JSON-LD headline, h1, ``<title>``); a page whose
                 only title is the site's name keeps that name as its title.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from urllib.parse import urljoin

# lxml.html has no type stubs (lxml-stubs is not a dependency): its objects are Any to mypy.
import lxml.html  # type: ignore[import-untyped]
from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.body import Body, clean_body, main_text
from crawler.extract.breadcrumb import breadcrumb_section
from crawler.extract.charset import decode_html
from crawler.extract.dates import parse_iso_date
from crawler.extract.headline import Header, read_header
from crawler.extract.hosts import host_of, same_site
from crawler.extract.kind import is_listing, word_count
from crawler.extract.language import language
from crawler.extract.layout import unwrap_layout_tables
from crawler.extract.metadata import PageMeta, read_metadata
from crawler.extract.overrides import apply_overrides
from crawler.extract.published import published
from crawler.extract.rules import NAMES
from crawler.extract.tags import Tags, clean_tags
from crawler.extract.title import clean_title, is_site_name, site_names
from pantau.models import Article, Rejected, article_id
from pantau.urls import canonicalize_url

logger = logging.getLogger(__name__)

MAX_HTML_BYTES = 5 * 1024 * 1024
# 60 until issue #12: on trafilatura's 990-page corpus that rejected short articles and
# announcements that trafilatura itself keeps (a 45-word news brief); 30 still rejects notices
# like "kantor tutup hari Jumat" and empty templates.
MIN_WORDS = 30
# A page that declares itself an article (og:type article, Article JSON-LD, a published time)
# is kept down to a photo caption's length: photo and video pages are news the office may need.
MIN_ARTICLE_WORDS = 15
REJECTION_REASONS = (
    "empty",
    "too_large",
    "unparseable",
    "not_article",
    "no_text",
    "too_short",
    "no_title",
)

_PARSER = lxml.html.HTMLParser(collect_ids=False, remove_comments=True, remove_pis=True)
# lxml refuses str input that carries an XML encoding declaration.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def _decode(html: str | bytes) -> str:
    return decode_html(html)[0] if isinstance(html, bytes) else html


def _parse(text: str) -> HtmlElement | None:
    if "\x00" in text[:2048]:
        return None
    try:
        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1), _PARSER)
    except (etree.ParserError, ValueError) as err:
        logger.debug("lxml could not parse the page: %s", err)
        return None


def _choose_title(meta: PageMeta, names: list[str]) -> str | None:
    """The first candidate that is more than the site's name; else the first one at all.

    A bare site name ("KabarMasa") as og:title is a template default, not a headline, so the
    next candidate (JSON-LD headline, h1, ``<title>``) is tried; a page whose every title is the
    site name keeps that rather than being lost.
    """
    candidates = [c for c in (*meta.titles, meta.h1, meta.html_title) if c]
    for candidate in candidates:
        title = clean_title(candidate, names)
        if title and not is_site_name(title, names):
            return title
    return " ".join(candidates[0].split()) if candidates else None


def _modified(meta: PageMeta, tz: str, now: datetime) -> datetime | None:
    raws = [meta.jsonld_modified] if meta.jsonld_modified else []
    for raw in [*raws, *meta.meta_modified]:
        value = parse_iso_date(raw, tz, now=now)
        if value is not None:
            return value
    return None


def _author(body: Body, header: Header, meta: PageMeta, tags: Tags, names: list[str]) -> str | None:
    """Byline in the text or the header, else a personal meta/markup author, else a keyword
    facet ("Penulis:…"), else the initials."""
    if body.byline.author or header.byline.author:
        return body.byline.author or header.byline.author
    # "Kompas Cyber Media" and the like name the publisher, not a writer.
    people = [a for a in meta.authors if not is_site_name(a, names)]
    return people[0] if people else tags.author or body.initials.author


def _editor(body: Body, header: Header, meta: PageMeta, tags: Tags, names: list[str]) -> str | None:
    """Editor line in the text or the header, else JSON-LD/microdata editor, else a keyword facet
    ("Editor:Iskandar" — the full name beats the initials), else the initials."""
    if body.byline.editor or header.byline.editor:
        return body.byline.editor or header.byline.editor
    people = [e for e in meta.editors if not is_site_name(e, names)]
    return people[0] if people else tags.editor or body.initials.editor


def _canonical(meta: PageMeta, url: str) -> str:
    """The page's canonical link when on the same site, else the fetched URL; normalised."""
    if meta.canonical:
        candidate = urljoin(url, meta.canonical)
        if same_site(candidate, url):
            return canonicalize_url(candidate)
        logger.debug("ignoring off-site canonical %s for %s", candidate, url)
    return canonicalize_url(url)


def _tags(meta: PageMeta) -> Tags:
    """The article's own tags; the keywords meta only when there are none (see :mod:`.metadata`);
    facets and SEO phrases taken out (:mod:`.tags`)."""
    return clean_tags(meta.tags or meta.keywords)


def _min_words(meta: PageMeta) -> int:
    declared = meta.og_type == "article" or meta.jsonld_article or bool(meta.meta_published)
    return MIN_ARTICLE_WORDS if declared else MIN_WORDS


def _reject(reason: str, url: str, detail: str = "") -> Rejected:
    logger.debug("rejected %s: %s %s", url, reason, detail)
    return Rejected(reason=reason, url=url, detail=detail)


def size_rejection(html: str | bytes, url: str) -> Rejected | None:
    """``empty`` or ``too_large`` before any parsing (the spider checks it before handing a page
    to an extraction worker); None when the size is fine."""
    if not html or not html.strip():
        return _reject("empty", url)
    if len(html) > MAX_HTML_BYTES:
        return _reject("too_large", url, f"{len(html)} > {MAX_HTML_BYTES} bytes")
    return None


def prepare(html: str | bytes, url: str) -> HtmlElement | Rejected:
    """Size check, decoding and parsing: the page's one tree, or why there is none."""
    rejected = size_rejection(html, url)
    if rejected is not None:
        return rejected
    tree = _parse(_decode(html))
    if tree is None:
        return _reject("unparseable", url, "binary content or not HTML")
    return tree


def extract(
    html: str | bytes,
    url: str,
    *,
    outlet: str | None = None,
    outlet_name: str | None = None,
    timezone: str = "Asia/Jakarta",
    now: datetime | None = None,
    off: frozenset[str] = frozenset(),
) -> Article | Rejected:
    """One fetched page → an :class:`Article`, or :class:`Rejected` with a reason (see module doc).

    ``outlet`` defaults to the URL's host without ``www.``; ``timezone`` is the outlet's, used for
    dates given without a zone; ``now`` (default: the current time) is ``crawled_at`` and the limit
    for future dates. ``off`` names rules of :mod:`.rules` to switch off (benchmarks measure each
    rule's effect that way); unknown names raise ``ValueError``.
    """
    _check_rules(off)
    tree = prepare(html, url)
    if isinstance(tree, Rejected):
        return tree
    return extract_tree(
        tree, url, outlet=outlet, outlet_name=outlet_name, timezone=timezone, now=now, off=off
    )


def _check_rules(off: frozenset[str]) -> None:
    if not off <= NAMES:
        raise ValueError(f"unknown extraction rules: {sorted(off - NAMES)}")


def extract_tree(
    tree: HtmlElement,
    url: str,
    *,
    outlet: str | None = None,
    outlet_name: str | None = None,
    timezone: str = "Asia/Jakarta",
    now: datetime | None = None,
    off: frozenset[str] = frozenset(),
) -> Article | Rejected:
    """:func:`extract` on a tree from :func:`prepare` (which it changes: layout tables unwrapped),
    for callers that read the same parse for something else too (:mod:`.page`)."""
    _check_rules(off)
    meta = _page_meta(tree, url, off)
    raw = main_text(tree, url, off, meta.article_body)
    rejected = _not_news(meta, url, tree, raw)
    if rejected is not None:
        return rejected
    outlet = outlet or host_of(url)
    names = site_names(meta.site_name, outlet_name, outlet)
    title = _choose_title(meta, names)
    body = _checked_body(raw, tree, meta, title, names, url, off)
    if isinstance(body, Rejected):
        return body
    if title is None:
        return _reject("no_title", url)
    return _article(
        tree,
        meta,
        body,
        url,
        title=title,
        outlet=outlet,
        outlet_name=outlet_name,
        tz=timezone,
        now=now or datetime.now(UTC),
        names=names,
    )


def _page_meta(tree: HtmlElement, url: str, off: frozenset[str]) -> PageMeta:
    """The page's metadata, with the outlet overrides; layout tables unwrapped for trafilatura."""
    meta = read_metadata(tree)
    apply_overrides(url, meta, off)
    if "layout_tables" not in off:
        unwrap_layout_tables(tree)
    return meta


def _not_news(meta: PageMeta, url: str, tree: HtmlElement, raw: str) -> Rejected | None:
    if is_listing(meta, url, tree, raw):
        return _reject("not_article", url, f"og:type website, {meta.article_elements} cards")
    if not raw.strip():
        return _reject("no_text", url)
    return None


def _checked_body(
    raw: str,
    tree: HtmlElement,
    meta: PageMeta,
    title: str | None,
    names: list[str],
    url: str,
    off: frozenset[str],
) -> Body | Rejected:
    """The cleaned text, or ``too_short`` when under the page's minimum (:func:`_min_words`)."""
    minimum = _min_words(meta)
    body = clean_body(raw, tree, title or "", names, minimum, off)
    words = word_count(body.text)
    if words < minimum:
        return _reject("too_short", url, f"{words} words < {minimum}")
    return body


def _section(tree: HtmlElement, meta: PageMeta, header: Header, title: str) -> str | None:
    if meta.sections:
        return meta.sections[0]
    return breadcrumb_section(tree, title) or header.section


def _article(
    tree: HtmlElement,
    meta: PageMeta,
    body: Body,
    url: str,
    *,
    title: str,
    outlet: str,
    outlet_name: str | None,
    tz: str,
    now: datetime,
    names: list[str],
) -> Article:
    canonical = _canonical(meta, url)
    header = read_header(tree, title)
    tags = _tags(meta)
    published_at, source = published(meta, url, tz, now, header.text)
    image = urljoin(url, meta.images[0]) if meta.images else None
    return Article(
        id=article_id(outlet, canonical),
        url=url,
        canonical_url=canonical,
        outlet=outlet,
        outlet_name=outlet_name or meta.site_name,
        title=title,
        text=body.text,
        lead=body.text.split("\n", 1)[0],
        author=_author(body, header, meta, tags, names),
        editor=_editor(body, header, meta, tags, names),
        published_at=published_at,
        modified_at=_modified(meta, tz, now),
        date_source=source,
        location=body.location,
        section=_section(tree, meta, header, title),
        tags=tags.tags,
        image_url=image,
        language=language(body.text, meta.language),
        word_count=word_count(body.text),
        crawled_at=now,
    )
