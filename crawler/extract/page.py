"""One fetched article page, read from one parse: where the rest of it is, and its article.

What the spider asks of a page (and what an extraction worker, :mod:`crawler.extract_pool`,
returns): the link to the whole article on one page, the article's later pages
(:mod:`.pagination`), and the article itself (:func:`.core.extract_tree`) — from a single lxml
parse, where the spider used to parse each page once for its links and again for its article.

The links are read before extraction, which changes the tree (layout tables unwrapped). When the
page links to its one-page view, that page is the article and this one is not extracted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from crawler.extract.core import extract_tree, prepare
from crawler.extract.pagination import MAX_PAGES, page_links
from pantau.models import Article, Rejected

if TYPE_CHECKING:
    # Made by an extraction worker, not here (crawler.extract_pool): only the type is needed.
    from crawler.prepare import Prepared


@dataclass(frozen=True, slots=True)
class PageResult:
    """``article`` is None only when ``page_all`` is set (the whole article is elsewhere).
    ``prepared``: what the extraction worker prepared for the crawl's pipelines beside the
    article (:mod:`crawler.prepare`), if asked."""

    article: Article | Rejected | None
    page_all: str | None = None
    more: list[str] = field(default_factory=list)
    prepared: Prepared | None = None


def read_page(
    html: str | bytes,
    url: str,
    *,
    outlet: str | None = None,
    outlet_name: str | None = None,
    timezone: str = "Asia/Jakarta",
    follow_pages: bool = True,
    now: datetime | None = None,
) -> PageResult:
    """The page's pagination links (when ``follow_pages``) and its article, from one parse.

    ``follow_pages`` is off for a one-page view and for an article's later pages: their own links
    are not followed again. Other arguments as :func:`.core.extract`.
    """
    tree = prepare(html, url)
    if isinstance(tree, Rejected):
        return PageResult(tree)
    page_all, more = page_links(tree, url) if follow_pages else (None, [])
    if page_all:
        return PageResult(None, page_all=page_all)
    article = extract_tree(
        tree, url, outlet=outlet, outlet_name=outlet_name, timezone=timezone, now=now
    )
    return PageResult(article, more=more[: MAX_PAGES - 1])
