"""Indonesian date parsing: formats, month and day-name variants, zone words, rejections."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta, timezone

import pytest
from extract_pages import PARAGRAPHS

from crawler.extract import extract
from crawler.extract.dates import (
    MONTHS,
    date_from_url,
    find_indonesian_date,
    is_date_only,
    parse_indonesian_date,
    parse_iso_date,
)
from pantau.models import Article

NOW = datetime(2024, 6, 1, tzinfo=UTC)
WIB = timezone(timedelta(hours=7))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kamis, 9 November 2023 14:30 WIB", datetime(2023, 11, 9, 14, 30, tzinfo=WIB)),
        ("Kamis, 09 November 2023", datetime(2023, 11, 9, tzinfo=WIB)),
        ("09/11/2023", datetime(2023, 11, 9, tzinfo=WIB)),
        ("10/11/2023 - 09:05 WIB", datetime(2023, 11, 10, 9, 5, tzinfo=WIB)),
        ("9 Nov 2023, 14.30 WIB", datetime(2023, 11, 9, 14, 30, tzinfo=WIB)),
        (
            "Jum'at, 10 November 2023 pukul 08.15:30 WIB",
            datetime(2023, 11, 10, 8, 15, 30, tzinfo=WIB),
        ),
        ("Kamis, 5 November 2015 - 15:56 wib", datetime(2015, 11, 5, 15, 56, tzinfo=WIB)),
        ("Rabu, 4 November 2015 | 21:04 WIB", datetime(2015, 11, 4, 21, 4, tzinfo=WIB)),
        ("diterbitkan 09-11-2023 14:30", datetime(2023, 11, 9, 14, 30, tzinfo=WIB)),
    ],
)
def test_formats(text: str, expected: datetime) -> None:
    value = parse_indonesian_date(text, now=NOW)
    assert value == expected
    assert value is not None
    assert value.tzinfo is not None


@pytest.mark.parametrize(
    ("word", "month"),
    [
        ("Januari", 1), ("Jan", 1), ("Februari", 2), ("Pebruari", 2), ("Feb", 2), ("Maret", 3),
        ("April", 4), ("Mei", 5), ("Juni", 6), ("Juli", 7), ("Agustus", 8), ("Agt", 8),
        ("Agu", 8), ("Ags", 8), ("September", 9), ("Sept", 9), ("Sep", 9), ("Oktober", 10),
        ("Okt", 10), ("November", 11), ("Nopember", 11), ("Nov", 11), ("Desember", 12),
        ("Des", 12), ("Dec", 12), ("Aug", 8), ("Oct", 10), ("May", 5),
    ],
)  # fmt: skip
def test_month_variants(word: str, month: int) -> None:
    value = parse_indonesian_date(f"3 {word} 2023", now=NOW)
    assert value is not None
    assert (value.year, value.month, value.day) == (2023, month, 3)


def test_every_table_month_parses() -> None:
    for word, month in MONTHS.items():
        value = parse_indonesian_date(f"1 {word}. 2020", now=NOW)
        assert value is not None, word
        assert value.month == month, word


@pytest.mark.parametrize(
    "day", ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Jum'at", "Sabtu", "Minggu", "Ahad"]
)
def test_day_names_are_accepted(day: str) -> None:
    assert is_date_only(f"{day}, 9 November 2023 14:30 WIB")
    assert parse_indonesian_date(f"{day}, 9 November 2023", now=NOW) == datetime(
        2023, 11, 9, tzinfo=WIB
    )


@pytest.mark.parametrize(("word", "hours"), [("WIB", 7), ("WITA", 8), ("WIT", 9), ("wita", 8)])
def test_zone_words(word: str, hours: int) -> None:
    value = parse_indonesian_date(f"9 November 2023 10:00 {word}", now=NOW)
    assert value is not None
    assert value.utcoffset() == timedelta(hours=hours)


def test_no_zone_uses_outlet_timezone() -> None:
    value = parse_indonesian_date("9 November 2023 10:00", "Asia/Makassar", now=NOW)
    assert value is not None
    assert value.utcoffset() == timedelta(hours=8)


def test_date_only_is_local_midnight_and_reported() -> None:
    found = find_indonesian_date("Senin, 6 Mei 2024", now=NOW)
    assert found is not None
    assert not found.has_time
    assert (found.value.hour, found.value.minute) == (0, 0)
    timed = find_indonesian_date("6 Mei 2024 07:00", now=NOW)
    assert timed is not None
    assert timed.has_time


@pytest.mark.parametrize(
    "text",
    [
        "31 Februari 2023",
        "30/02/2023",
        "12/13/2023",
        "9 November 2023 25:00 WIB",
        "1 Januari 1900",
        "9 November 2030",
        "bukan tanggal",
    ],
)
def test_impossible_old_future_and_non_dates(text: str) -> None:
    assert parse_indonesian_date(text, now=NOW) is None


def test_future_slack_of_one_day() -> None:
    assert parse_indonesian_date("1 Juni 2024 20:00 WIB", now=NOW) is not None
    assert parse_indonesian_date("3 Juni 2024", now=NOW) is None


def test_big_number_is_not_a_time() -> None:
    found = find_indonesian_date("09/11/2023 10.000 orang hadir", now=NOW)
    assert found is not None
    assert not found.has_time


def test_iso_dates_naive_aware_and_fallback() -> None:
    assert parse_iso_date("2023-11-09T14:30:00", now=NOW) == datetime(
        2023, 11, 9, 14, 30, tzinfo=WIB
    )
    utc = parse_iso_date("2016-02-16T02:10:56Z", now=NOW)
    assert utc == datetime(2016, 2, 16, 9, 10, 56, tzinfo=WIB)
    assert utc is not None
    assert utc.utcoffset() == timedelta(hours=7)
    assert parse_iso_date("Kamis, 9 November 2023", now=NOW) == datetime(2023, 11, 9, tzinfo=WIB)
    assert parse_iso_date("", now=NOW) is None


def test_date_from_url() -> None:
    assert date_from_url("https://x.id/read/2023/11/09/123/judul", now=NOW) == datetime(
        2023, 11, 9, tzinfo=WIB
    )
    # A year and month are no day: no date rather than a guessed 1st.
    assert date_from_url("https://x.id/2023/02/judul/", now=NOW) is None
    assert date_from_url("https://x.id/berita/12345/judul", now=NOW) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Diterbitkan 2023-11-09 14:30", datetime(2023, 11, 9, 14, 30, tzinfo=WIB)),
        ("2023-11-09T14:30:00", datetime(2023, 11, 9, 14, 30, tzinfo=WIB)),
        ("Thursday, November 9, 2023 10:15", datetime(2023, 11, 9, 10, 15, tzinfo=WIB)),
        ("Posted on Nov 9th, 2023", datetime(2023, 11, 9, tzinfo=WIB)),
    ],
)
def test_more_page_shapes(text: str, expected: datetime) -> None:
    assert parse_indonesian_date(text, now=NOW) == expected


def test_year_ranges_are_not_iso_dates() -> None:
    assert parse_indonesian_date("anggaran 2023-2024 naik", now=NOW) is None


def _page(head: str, body: str) -> str:
    return (
        f"<html><head><title>Pompa Air Siaga</title>{head}</head><body><h1>Pompa Air Siaga</h1>"
        f"{body}<div class='content'>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</div>"
        "</body></html>"
    )


def test_date_in_the_title_attribute_of_a_date_element() -> None:
    html = _page("", "<abbr class='published' title='2023-11-09T14:30:00+07:00'>9 Nov</abbr>")
    article = extract(html, "https://kabarmasa.com/berita/1/pompa", now=NOW)
    assert isinstance(article, Article)
    assert article.published_at == datetime(2023, 11, 9, 14, 30, tzinfo=WIB)
    assert article.date_source == "text"


def test_no_date_is_left_empty_and_the_reason_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="crawler.extract.published")
    url = "https://kabarmasa.com/2023/11/pompa"
    article = extract(_page("", ""), url, now=NOW)
    assert isinstance(article, Article)
    assert article.published_at is None
    assert article.date_source is None
    assert f"no publication date for {url}" in caplog.text


def test_a_day_without_time_gives_way_to_the_same_day_with_a_time() -> None:
    head = '<meta property="article:published_time" content="2023-11-09">'
    html = _page(head, "<div class='date'>Kamis, 9 November 2023 14:30 WIB</div>")
    article = extract(html, "https://kabarmasa.com/berita/1/pompa", now=NOW)
    assert isinstance(article, Article)
    assert article.published_at == datetime(2023, 11, 9, 14, 30, tzinfo=WIB)
    assert article.date_source == "text"


def test_a_later_source_on_another_day_does_not_override() -> None:
    head = '<meta property="article:published_time" content="2023-11-09">'
    html = _page(head, "<div class='date'>Jumat, 10 November 2023 08:00 WIB</div>")
    article = extract(html, "https://kabarmasa.com/berita/1/pompa", now=NOW)
    assert isinstance(article, Article)
    assert article.published_at == datetime(2023, 11, 9, tzinfo=WIB)
    assert article.date_source == "meta"
