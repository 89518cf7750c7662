"""The one request builder every search goes through (API, UI, digests, CLI)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from pantau.settings import ScheduleSettings, Settings
from search_api.filters_core import (
    SENTIMENTS,
    TONES,
    FilterError,
    Filters,
    build_request,
    days_of,
    format_agency_tone,
    office_timezone,
    parse_agency_tone,
)
from search_api.query import QueryError

JAKARTA = ZoneInfo("Asia/Jakarta")
MAKASSAR = ZoneInfo("Asia/Makassar")


def test_labels_come_from_the_model() -> None:
    assert SENTIMENTS == ("positive", "neutral", "negative")
    assert (*SENTIMENTS, "none") == TONES


def test_a_plain_day_is_a_whole_office_day_and_to_includes_it() -> None:
    request = build_request(
        Filters(date_from=date(2026, 11, 28), date_to=date(2026, 11, 28)), JAKARTA
    )
    assert request.date_from is not None
    assert request.date_to is not None
    assert request.date_from.isoformat() == "2026-11-28T00:00:00+07:00"
    assert request.date_to.isoformat() == "2026-11-29T00:00:00+07:00"
    assert days_of(request, JAKARTA) == (date(2026, 11, 28), date(2026, 11, 28))


def test_the_office_timezone_comes_from_settings() -> None:
    settings = Settings(schedule=ScheduleSettings(timezone="Asia/Makassar"))
    tz = office_timezone(settings)
    request = build_request(Filters(date_from=date(2026, 11, 28)), tz)
    assert request.date_from is not None
    assert request.date_from.isoformat() == "2026-11-28T00:00:00+08:00"
    # A naive time is read on the office's clock too; an aware one is kept.
    naive = build_request(Filters(date_from=datetime(2026, 11, 28, 9, 30)), MAKASSAR)
    assert naive.date_from is not None
    assert naive.date_from.utcoffset() is not None
    assert naive.date_from.isoformat() == "2026-11-28T09:30:00+08:00"


def test_filters_become_the_request() -> None:
    request = build_request(
        Filters(
            q="banjir bekasi",
            outlets=("kabarmasa.com",),
            agencies=("kota-bekasi/pemkot",),
            sentiments=("negative",),
            agency_tones=("kota-bekasi/bpbd:positive",),
        ),
        JAKARTA,
        sort="newest",
        page=2,
        size=5,
        facets=False,
    )
    assert request.query is not None
    assert (request.outlets, request.agencies, request.sentiments) == (
        ["kabarmasa.com"],
        ["kota-bekasi/pemkot"],
        ["negative"],
    )
    assert request.agency_tones == [("kota-bekasi/bpbd", "positive")]
    assert (request.sort, request.page, request.size, request.facets) == ("newest", 2, 5, False)


@pytest.mark.parametrize(
    ("filters", "key"),
    [
        (Filters(date_from=date(2026, 11, 29), date_to=date(2026, 11, 28)), "date_order"),
        (Filters(date_to=date(9999, 12, 31)), "date_range"),
        (Filters(date_from=date(1, 1, 1)), "date_range"),
        (Filters(sentiments=("senang",)), "sentiment"),
        (Filters(agency_tones=("kota-bekasi/pemkot:angry",)), "agency_tone"),
        (Filters(agency_tones=(":negative",)), "agency_tone"),
    ],
)
def test_unusable_filters_are_named(filters: Filters, key: str) -> None:
    with pytest.raises(FilterError) as caught:
        build_request(filters, JAKARTA)
    assert caught.value.key == key


def test_tones_take_the_indonesian_words() -> None:
    request = build_request(Filters(sentiments=("negatif", "Netral", "negative")), JAKARTA)
    assert request.sentiments == ["negative", "neutral"]


def test_a_malformed_query_keeps_its_position() -> None:
    with pytest.raises(QueryError) as caught:
        build_request(Filters(q='banjir "bekasi'), JAKARTA)
    assert caught.value.position == 7


def test_agency_tone_round_trip() -> None:
    assert parse_agency_tone("kota-bekasi/pemkot:none") == ("kota-bekasi/pemkot", "none")
    assert parse_agency_tone("kota-bekasi/pemkot") is None
    assert format_agency_tone("nasional/kpk", "negative") == "nasional/kpk:negative"
