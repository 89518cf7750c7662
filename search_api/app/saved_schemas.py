"""Request and response models of the saved-search API (``routers/saved_searches.py``) and of
``pantau saved … --json``, so the command line and the API print the same fields."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from search_api.digests.build import Digest
from search_api.digests.render import RenderedDigest, snippet_text
from search_api.digests.searches import SavedSearch, Subscription
from search_api.filters_core import AGENCY_TONE_FORMAT

LanguageIn = Literal["id", "en"]
SentimentIn = Literal["positive", "neutral", "negative", "positif", "netral", "negatif"]
AGENCY_TONE_HELP = (
    f"{AGENCY_TONE_FORMAT}: articles whose tone towards that agency is that tone "
    "(the agency_tone filter of /api/search)"
)


class SubscriptionIn(BaseModel):
    email: str = Field(max_length=254, examples=["humas@bekasikota.go.id"])
    language: LanguageIn = "id"


class SubscriptionPatch(BaseModel):
    active: bool | None = None
    language: LanguageIn | None = None


class SubscriptionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    language: str
    active: bool
    created_at: datetime

    @classmethod
    def of(cls, subscription: Subscription) -> SubscriptionOut:
        return cls.model_validate(subscription)


class SavedSearchIn(BaseModel):
    name: str = Field(max_length=200, examples=["Pemkot Bekasi"])
    query: str = Field(
        default="", max_length=1000, examples=['agency:kota-bekasi/pemkot OR "wali kota bekasi"']
    )
    outlets: list[str] = Field(default_factory=list)
    agencies: list[str] = Field(default_factory=list)
    sentiments: list[SentimentIn] = Field(default_factory=list)
    agency_tones: list[str] = Field(
        default_factory=list,
        description=AGENCY_TONE_HELP,
        examples=[["kota-bekasi/pemkot:negative"]],
    )
    subscriptions: list[SubscriptionIn] = Field(
        default_factory=list, description="subscribe these addresses right away"
    )


class SavedSearchPatch(BaseModel):
    """Only the fields given change; ``[]`` clears a filter."""

    name: str | None = Field(default=None, max_length=200)
    query: str | None = Field(default=None, max_length=1000)
    outlets: list[str] | None = None
    agencies: list[str] | None = None
    sentiments: list[SentimentIn] | None = None
    agency_tones: list[str] | None = Field(default=None, description=AGENCY_TONE_HELP)


class SavedSearchOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    query: str
    outlets: list[str]
    agencies: list[str]
    sentiments: list[str]
    agency_tones: list[str] = Field(description=AGENCY_TONE_HELP)
    created_at: datetime
    subscriptions: list[SubscriptionOut]

    @classmethod
    def of(cls, saved: SavedSearch) -> SavedSearchOut:
        return cls.model_validate(saved)


class AgencyToneOut(BaseModel):
    id: str
    name: str
    articles: int
    negative: int
    neutral: int
    positive: int


class DigestArticleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str
    outlet: str
    outlet_name: str | None
    url: str
    published_at: datetime | None
    snippet: str = Field(description="plain text")
    sentiment: str | None
    reasons: list[str]


class DigestOut(BaseModel):
    saved_search_id: int
    name: str
    day: date
    timezone: str
    language: str
    subject: str
    total: int
    sentiments: dict[str, int]
    agencies: list[AgencyToneOut]
    articles: list[DigestArticleOut]
    text: str
    html: str

    @classmethod
    def of(cls, digest: Digest, rendered: RenderedDigest) -> DigestOut:
        return cls(
            saved_search_id=digest.saved_search_id,
            name=digest.name,
            day=digest.day,
            timezone=digest.timezone,
            language=rendered.language,
            subject=rendered.subject,
            total=digest.total,
            sentiments={str(label): count for label, count in digest.sentiments.items()},
            agencies=[
                AgencyToneOut(
                    id=a.agency,
                    name=digest.agency_names.get(a.agency, a.agency),
                    articles=a.articles,
                    negative=a.tones.negative,
                    neutral=a.tones.neutral,
                    positive=a.tones.positive,
                )
                for a in digest.agencies
            ],
            articles=[
                DigestArticleOut.model_validate(a).model_copy(
                    update={"snippet": snippet_text(a.snippet)}
                )
                for a in digest.articles
            ],
            text=rendered.text,
            html=rendered.html,
        )
