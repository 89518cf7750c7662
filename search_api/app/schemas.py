"""Response models of the JSON API: stable field names, ISO dates with offsets.

Models of our dataclasses read them by attribute (``from_attributes``) rather than by a copy
written out field by field; a test keeps ``ArticleOut`` in step with the ``Article``.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from pantau.models import Article
from search_api.store.base import SearchResult


class _FromAttributes(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class MentionOut(_FromAttributes):
    start: int
    end: int
    text: str


class AgencyOut(_FromAttributes):
    id: str
    name: str
    mentions: list[MentionOut] = Field(default_factory=list)
    sentiment: str | None = None


class PersonOut(_FromAttributes):
    name: str
    role: str | None = None
    agency_id: str | None = None


class QuoteOut(_FromAttributes):
    speaker: str
    text: str
    role: str | None = None
    agency_id: str | None = None


class SentimentOut(_FromAttributes):
    label: str
    score: float
    reasons: list[str] = Field(default_factory=list)


class ArticleOut(_FromAttributes):
    id: str
    url: str
    canonical_url: str
    outlet: str
    outlet_name: str | None
    title: str
    lead: str | None
    text: str
    author: str | None
    editor: str | None
    published_at: datetime | None
    modified_at: datetime | None
    date_source: str | None
    location: str | None
    section: str | None
    tags: list[str]
    image_url: str | None
    language: str | None
    word_count: int
    crawled_at: datetime | None
    agencies: list[AgencyOut]
    people: list[PersonOut]
    quotes: list[QuoteOut]
    sentiment: SentimentOut | None
    cluster_id: str | None

    @classmethod
    def of(cls, article: Article) -> ArticleOut:
        return cls.model_validate(article)


class CopyOut(BaseModel):
    """Another outlet's copy of a hit's story (``collapse``)."""

    id: str
    url: str
    title: str
    outlet: str
    outlet_name: str | None
    published_at: datetime | None


class HitOut(BaseModel):
    id: str
    url: str
    title: str
    outlet: str
    outlet_name: str | None
    published_at: datetime | None
    location: str | None
    sentiment: str | None
    agencies: list[str]
    snippet: str = Field(description="HTML: escaped text with <mark> around matched terms")
    score: float | None
    cluster_id: str | None = Field(
        default=None, description="the story: the id of the first stored article of its cluster"
    )
    copies: int = Field(
        default=0, description="with collapse: the other matching articles of this story"
    )
    copies_list: list[CopyOut] = Field(
        default_factory=list, description="with collapse: those articles (at most 50)"
    )


class FacetOut(BaseModel):
    value: str
    count: int


class SearchOut(BaseModel):
    query: str
    total: int
    total_is_exact: bool = Field(
        description="false when there are more than 10,000 matches: total is then 10,000 "
        '("10.000+")'
    )
    page: int
    size: int
    hits: list[HitOut]
    facets: dict[str, list[FacetOut]]
    facets_sample: int | None = Field(
        description="null when the facets count every match; else they were counted from this "
        "many newest matches (embedded store, very broad searches)"
    )
    articles: int | None = Field(
        default=None,
        description="with collapse: the matching articles (total then counts stories)",
    )

    @classmethod
    def of(
        cls,
        query: str,
        page: int,
        size: int,
        result: SearchResult,
        copies: dict[str, list[Article]] | None = None,
    ) -> SearchOut:
        listed = copies or {}
        hits = [
            HitOut(
                id=h.article.id,
                url=h.article.url,
                title=h.article.title,
                outlet=h.article.outlet,
                outlet_name=h.article.outlet_name,
                published_at=h.article.published_at,
                location=h.article.location,
                sentiment=h.article.sentiment.label if h.article.sentiment else None,
                agencies=[a.id for a in h.article.agencies],
                snippet=h.snippet,
                score=h.score,
                cluster_id=h.article.cluster_id,
                copies=h.copies,
                copies_list=[
                    CopyOut(
                        id=c.id,
                        url=c.url,
                        title=c.title,
                        outlet=c.outlet,
                        outlet_name=c.outlet_name,
                        published_at=c.published_at,
                    )
                    for c in listed.get(h.article.cluster_id or "", [])
                ],
            )
            for h in result.hits
        ]
        facets = {
            key: [FacetOut(value=f.value, count=f.count) for f in values]
            for key, values in result.facets.items()
        }
        return cls(
            query=query,
            total=result.total,
            total_is_exact=result.total_is_exact,
            page=page,
            size=size,
            hits=hits,
            facets=facets,
            facets_sample=result.facets_sample,
            articles=result.articles,
        )


class FieldErrorOut(BaseModel):
    field: str = Field(description="where: query.page, body.name …")
    message: str


class ErrorDetailOut(BaseModel):
    message: str = Field(description="what went wrong, for a person")
    position: int | None = Field(
        default=None, description="malformed query: 0-based offset of the error in it"
    )
    query: str | None = Field(default=None, description="malformed query: the query as sent")
    errors: list[FieldErrorOut] | None = Field(
        default=None, description="invalid parameters (422): each one"
    )


class ErrorOut(BaseModel):
    """The one shape of every API error (search_api/app/errors.py)."""

    detail: ErrorDetailOut


class HealthOut(BaseModel):
    status: str
    store: str
    articles: int | None


class CorrectionOut(_FromAttributes):
    """A staff correction of tone (search_api.corrections)."""

    id: int
    article_id: str
    agency_id: str | None
    original: str | None
    corrected: str
    reason: str
    corrected_by: str
    created_at: datetime
