"""The Elasticsearch store's overview aggregations and their parsing (used by ``elastic.py``).

Plain dicts, no client. Counts are exact: the index has one shard, and the per-agency tone counts
come from a terms aggregation on ``agency_tone`` limited (``include``) to the exact keys of the
top agencies, so no bucket can fall outside the requested size.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from search_api.store.base import (
    TONES,
    AgencyTone,
    Interval,
    Timeline,
    TimelineBucket,
    ToneCounts,
)
from search_api.store.elastic_docs import agency_tone_key

_NO_TONE = "none"
_ORDER = [{"_count": "desc"}, {"_key": "asc"}]


def timeline_aggregations(interval: Interval) -> dict[str, Any]:
    tone = {"terms": {"field": "sentiment.label", "size": len(TONES), "missing": _NO_TONE}}
    return {
        "buckets": {
            "date_histogram": {
                "field": "published_at",
                # Calendar units in Asia/Jakarta (WIB, UTC+7, no DST); weeks start on Monday.
                "calendar_interval": interval,
                "time_zone": "+07:00",
                "format": "yyyy-MM-dd",
                "min_doc_count": 1,
            },
            "aggregations": {"tone": tone},
        },
        "undated": {"missing": {"field": "published_at"}},
    }


def timeline(aggs: dict[str, Any], interval: Interval) -> Timeline:
    buckets = []
    for raw in aggs["buckets"]["buckets"]:
        counts = ToneCounts()
        for tone in raw["tone"]["buckets"]:
            counts.add(str(tone["key"]), int(tone["doc_count"]))
        buckets.append(
            TimelineBucket(start=date.fromisoformat(raw["key_as_string"]), counts=counts)
        )
    return Timeline(interval=interval, buckets=buckets, undated=int(aggs["undated"]["doc_count"]))


def top_agencies_aggregation(size: int) -> dict[str, Any]:
    return {"agency": {"terms": {"field": "agencies.id", "size": size, "order": _ORDER}}}


def top_agencies(aggs: dict[str, Any]) -> list[str]:
    return [str(bucket["key"]) for bucket in aggs["agency"]["buckets"]]


def tone_aggregation(agencies: list[str]) -> dict[str, Any]:
    keys = [agency_tone_key(agency, tone) for agency in agencies for tone in TONES]
    return {"tone": {"terms": {"field": "agency_tone", "size": len(keys), "include": keys}}}


def agency_tones(agencies: list[str], aggs: dict[str, Any]) -> list[AgencyTone]:
    tones = {agency: ToneCounts() for agency in agencies}
    for bucket in aggs["tone"]["buckets"]:
        agency, _, tone = str(bucket["key"]).rpartition("|")
        tones[agency].add(tone, int(bucket["doc_count"]))
    return [
        AgencyTone(agency=agency, articles=tones[agency].total, tones=tones[agency])
        for agency in agencies
    ]
