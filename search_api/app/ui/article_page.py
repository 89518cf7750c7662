"""``GET /artikel/{id}``: one article with everything Pantau knows about it; unknown ids get the
404 page in the UI language."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from pantau.models import Article
from search_api.app.deps import StoreDep
from search_api.app.ui.rendering import PageDep

router = APIRouter(include_in_schema=False)


@router.get("/artikel/{article_id}", response_class=HTMLResponse, name="ui_article")
def article_page(article_id: str, store: StoreDep, page: PageDep) -> HTMLResponse:
    article = store.get(article_id)
    if article is None:
        return page.render("not_found.html", 404, article_id=article_id)
    return page.render(
        "article.html",
        article=article,
        agency_names=agency_names(article),
        paragraphs=paragraphs(article),
        original_url=original_url(article),
    )


def agency_names(article: Article) -> dict[str, str]:
    """Agency id → name, for the people and quotes that carry only the id."""
    return {agency.id: agency.name for agency in article.agencies}


def original_url(article: Article) -> str | None:
    """The outlet's page, only as an http(s) link: a crawled ``javascript:`` URL must not become
    a clickable link."""
    for url in (article.url, article.canonical_url):
        if urlsplit(url).scheme in ("http", "https"):
            return url
    return None


def paragraphs(article: Article) -> list[str]:
    """The body as paragraphs, without repeating the lead when the text starts with it."""
    blocks = [" ".join(block.split()) for block in article.text.split("\n")]
    blocks = [block for block in blocks if block]
    if article.lead and blocks and blocks[0] == " ".join(article.lead.split()):
        blocks = blocks[1:]
    return blocks
