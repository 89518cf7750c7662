"""Response models of the overview API (``/api/stats/*``): tone over time and share of voice.

They read the store layer's dataclasses (:mod:`search_api.store.overview`, ``ToneCounts``) by
attribute (``from_attributes``) instead of copying them field by field.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from search_api.store.base import Interval
from search_api.store.overview import ShareOfVoice, StatsQuery


class TonesOut(BaseModel):
    """Article counts by tone; ``none`` counts articles (or mentions) the tagger left unlabelled."""

    model_config = ConfigDict(from_attributes=True)

    positive: int
    neutral: int
    negative: int
    none: int
    total: int


class BucketOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    start: date = Field(description="first day of the bucket (office time)")
    end: date = Field(description="last day of the bucket, included")
    tones: TonesOut


class TimelineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    query: str
    date_from: date | None = Field(
        serialization_alias="from", description="first day asked for, if any"
    )
    date_to: date | None = Field(
        serialization_alias="to", description="last day asked for (included), if any"
    )
    interval: Interval = Field(description="the bucket size used ('auto' resolved)")
    buckets: list[BucketOut] = Field(description="every bucket of the range, empty ones included")
    totals: TonesOut = Field(description="the dated matches by tone (the buckets' sum)")
    undated: int = Field(description="matches without a publication date (in no bucket)")


class ShareOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    value: str = Field(description="outlet or agency id")
    count: int = Field(description="matched articles from that outlet / covering that agency")
    share: float = Field(description="count ÷ all matched articles (0–1)")


class AgencyShareOut(ShareOut):
    tones: TonesOut = Field(
        description="the tone towards this agency in those articles (not the article's tone)"
    )


class FacetsOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    query: str
    date_from: date | None = Field(serialization_alias="from")
    date_to: date | None = Field(serialization_alias="to")
    total: int = Field(description="all matched articles (copies of a story each counted)")
    total_is_exact: bool = Field(description="false: total is the first 10,000 counted")
    sample: int | None = Field(
        description="null when counted over every match; else the counts and shares come from "
        "this many newest matches"
    )
    stories: int = Field(description="the stories they tell: copies of one story count once")
    sentiment: TonesOut = Field(description="matched articles by article tone")
    outlets: list[ShareOut] = Field(description="top outlets by matched articles")
    agencies: list[AgencyShareOut] = Field(
        description="top agencies by matched articles; an article may cover several, so shares "
        "can add up to more than 1"
    )

    @classmethod
    def of(cls, query: StatsQuery, shares: ShareOfVoice) -> FacetsOut:
        return cls.model_validate(
            {"query": query.q, "date_from": query.first_day, "date_to": query.last_day}
            | {
                "total": shares.total,
                "total_is_exact": shares.total_is_exact,
                "sample": shares.sample,
                "stories": shares.stories,
                "sentiment": shares.sentiment,
                "outlets": shares.outlets,
                "agencies": shares.agencies,
            }
        )
