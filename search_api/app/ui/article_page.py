"""``GET /artikel/{id}``: one article with everything Pantau knows about it; unknown ids get the
404 page in the UI language. Corrected tones are marked "dikoreksi" (the original, who and why in
its title), and ``POST /artikel/{id}/koreksi`` records a staff correction
(:mod:`search_api.corrections`) and comes back to the page."""

from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pantau.models import Article
from search_api.app.deps import OfficeDep, StoreDep
from search_api.app.ui.rendering import Page, PageDep
from search_api.app.ui.saved_common import FormDep
from search_api.corrections.apply import correct
from search_api.corrections.ledger import CorrectionError, in_force
from search_api.filters_core import SENTIMENTS

router = APIRouter(include_in_schema=False)


@router.get("/artikel/{article_id}", response_class=HTMLResponse, name="ui_article")
def article_page(
    article_id: str, request: Request, store: StoreDep, office: OfficeDep, page: PageDep
) -> HTMLResponse:
    article = store.get(article_id)
    if article is None:
        return page.render("not_found.html", 404, article_id=article_id)
    notice = request.query_params.get("ok") == "corrected"
    return _render(page, article, office, notice=notice)


def _render(
    page: Page,
    article: Article,
    office: sqlite3.Connection,
    *,
    status: int = 200,
    notice: bool = False,
    problem: str | None = None,
) -> HTMLResponse:
    return page.render(
        "article.html",
        status,
        article=article,
        agency_names=agency_names(article),
        paragraphs=paragraphs(article),
        original_url=original_url(article),
        corrections=in_force(office, [article.id]),
        tone_labels=SENTIMENTS,
        notice=notice,
        correction_problem=problem,
    )


@router.post("/artikel/{article_id}/koreksi", response_class=HTMLResponse)
def correct_tone(
    article_id: str, data: FormDep, store: StoreDep, office: OfficeDep, page: PageDep
) -> Response:
    values = {k: v for k, v in data.items() if isinstance(v, str)}
    try:
        correct(
            office,
            store,
            article_id,
            agency_id=values.get("agency") or None,
            tone=values.get("tone", ""),
            reason=values.get("reason", ""),
            corrected_by=values.get("by", ""),
        )
    except LookupError:
        return page.render("not_found.html", 404, article_id=article_id)
    except CorrectionError as exc:
        article = store.get(article_id)
        assert article is not None  # correct() found it a moment ago
        message = page.messages("correction.problem", detail=str(exc))
        return _render(page, article, office, status=400, problem=message)
    return RedirectResponse(f"/artikel/{article_id}?ok=corrected#tone-heading", status_code=303)


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
