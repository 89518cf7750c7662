from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from pantau.models import AgencyRef, Article, Mention, Person, Quote, Sentiment

WIB = timezone(timedelta(hours=7))


def _article() -> Article:
    return Article(
        id="abc",
        url="https://kabarmasa.com/berita/1/judul?utm_source=x",
        canonical_url="https://kabarmasa.com/berita/1/judul",
        outlet="kabarmasa.com",
        title="Pemkot Bekasi raih WTP",
        text="KOTA BEKASI - Pemkot Bekasi meraih opini WTP.",
        published_at=datetime(2023, 11, 9, 14, 30, tzinfo=WIB),
        crawled_at=datetime(2023, 11, 9, 8, 0, tzinfo=UTC),
        date_source="meta",
        agencies=[
            AgencyRef(
                id="kota-bekasi/pemkot",
                name="Pemerintah Kota Bekasi",
                mentions=[Mention(start=14, end=27, text="Pemkot Bekasi")],
            )
        ],
        people=[Person(name="Amsiyah", role="Kabag Humas", agency_id="kota-bekasi/setda")],
        quotes=[Quote(speaker="Amsiyah", text="Kami bersyukur.", agency_id="kota-bekasi/setda")],
        sentiment=Sentiment(label="positive", score=0.8, reasons=["meraih opini WTP"]),
    )


def test_round_trip_keeps_every_field_and_offset() -> None:
    article = _article()
    data = article.to_dict()
    assert data["published_at"] == "2023-11-09T14:30:00+07:00"
    assert Article.from_dict(data) == article


def test_unknown_fields_are_rejected() -> None:
    data = _article().to_dict()
    data["titel"] = "typo"
    with pytest.raises(ValueError, match="titel"):
        Article.from_dict(data)


def test_missing_optionals_are_none_and_lists_empty() -> None:
    article = Article(id="x", url="u", canonical_url="u", outlet="o.com", title="t", text="x")
    assert article.author is None
    assert article.tags == []
    assert article.agencies == []
