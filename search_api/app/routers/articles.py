"""``GET /api/articles/{id}``: one stored article with its annotations."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from search_api.app.deps import StoreDep
from search_api.app.schemas import ArticleOut

router = APIRouter(prefix="/api", tags=["articles"])


@router.get("/articles/{article_id}", response_model=ArticleOut)
def get_article(article_id: str, store: StoreDep) -> ArticleOut:
    article = store.get(article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return ArticleOut.of(article)
