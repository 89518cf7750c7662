"""The overview page (/ringkasan) through TestClient, on the ``ui_samples`` store.

In the week of 22–28 November 2026 the samples hold two articles: BANJIR (negative; negative
towards Pemkot Bekasi, neutral towards BPBD) and WTP (positive; positive towards Pemkot Bekasi and
the Inspektorat, no tone towards BPK). Every number on the page links to the search page, and the
search page finds exactly that many articles there.
"""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from ui_samples import BANJIR

from search_api.app.ui import dashboard_page

WEEK = {"from": "2026-11-22", "to": "2026-11-28"}
PEMKOT = "kota-bekasi/pemkot"


class _Links(HTMLParser):
    """Every ``<a href>`` inside the dashboard with its text, and its enclosing row's data-*."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, dict[str, str]]] = []
        self._open: list[tuple[str, list[str]]] = []
        self._row: dict[str, str] = {}
        self._cell: dict[str, str] = {}
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if values.get("class") == "dashboard":
            self._inside = True
        if tag == "tr":
            self._row = {k: v for k, v in values.items() if k.startswith("data-")}
        if tag in ("td", "li"):
            self._cell = {k: v for k, v in values.items() if k.startswith("data-")}
        if tag == "a" and self._inside:
            self._open.append((values["href"], []))

    def handle_data(self, data: str) -> None:
        for _, parts in self._open:
            parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, parts = self._open.pop()
            self.links.append((href, "".join(parts).strip(), {**self._row, **self._cell}))


def links(html: str) -> list[tuple[str, str, dict[str, str]]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def found(client: TestClient, url: str) -> int:
    """How many articles the search page finds at ``url``."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:500])
    match = re.search(r'id="results-heading"[^>]*>\s*([\d.]+) berita ditemukan', response.text)
    assert match, url
    return int(match.group(1).replace(".", ""))


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_week_in_indonesian(client: TestClient) -> None:
    response = client.get("/ringkasan", params=WEEK)
    assert response.status_code == 200
    assert response.headers["content-language"] == "id"
    page = text(response.text)
    assert "Ringkasan pemberitaan" in page
    assert "22 November 2026 – 28 November 2026 (WIB)" in page
    assert "2 berita" in page
    assert "Per hari" in page
    # Totals by tone with percentages.
    totals = re.findall(
        r'data-tone="(\w+)">\s*<span class="tone-total__name">([^<]+)</span>\s*'
        r'<span class="tone-total__count">(?:<a[^>]*>)?(\d+)(?:</a>)?</span>\s*'
        r'<span class="tone-total__share">([^<]+)</span>',
        response.text,
    )
    assert totals == [
        ("positive", "Positif", "1", "50%"),
        ("neutral", "Netral", "0", "0%"),
        ("negative", "Negatif", "1", "50%"),
        ("none", "Belum dinilai", "0", "0%"),
    ]
    # The agency table: Pemkot first (both articles), the tone towards it split 1/1.
    rows = re.findall(r'<tr data-agency="([^"]+)">', response.text)
    assert rows[0] == PEMKOT
    assert set(rows) == {PEMKOT, "kota-bekasi/bpbd", "kota-bekasi/inspektorat", "nasional/bpk"}
    pemkot = response.text.split(f'<tr data-agency="{PEMKOT}">')[1].split("</tr>")[0]
    assert "Pemkot Bekasi" in pemkot  # the name as the articles spell it, not the id
    assert "100%" in pemkot
    assert 'aria-label="Positif 50%, Negatif 50%"' in pemkot
    # Outlets and the nav entry.
    assert re.findall(r'<tr data-outlet="([^"]+)">', response.text) == [
        "kabarmasa.com",
        "wartabekasi.com",
    ]
    assert '<a href="/ringkasan" aria-current="page">Ringkasan</a>' in response.text


def test_every_number_links_to_a_search_finding_that_many(client: TestClient) -> None:
    html = client.get("/ringkasan", params=WEEK).text
    numbered = [(href, label, data) for href, label, data in links(html) if label[:1].isdigit()]
    assert len(numbered) >= 15
    for href, label, _ in numbered:
        count = int(re.match(r"\d+", label).group())  # type: ignore[union-attr]
        assert found(client, href) == count, (href, label)
        params = query(href)
        assert params["from"] >= ["2026-11-22"]
        assert params["to"] <= ["2026-11-28"]


def test_agency_tone_link_filters_on_the_tone_towards_the_agency(client: TestClient) -> None:
    html = client.get("/ringkasan", params=WEEK).text
    negative = [
        href
        for href, _, data in links(html)
        if data.get("data-agency") == PEMKOT and data.get("data-tone") == "negative"
    ]
    assert negative == [
        "/?from=2026-11-22&to=2026-11-28&agency_tone=kota-bekasi%2Fpemkot%3Anegative"
    ]
    results = client.get(negative[0]).text
    assert f'href="/artikel/{BANJIR.id}"' in results
    assert "1 berita ditemukan" in text(results)
    assert "Sentimen terhadap instansi: Pemkot Bekasi (Negatif)" in text(results)
    # Neutral towards BPBD in a negative article: the agency's tone, not the article's.
    bpbd = [
        href
        for href, _, data in links(html)
        if data.get("data-agency") == "kota-bekasi/bpbd" and data.get("data-tone") == "neutral"
    ]
    assert found(client, bpbd[0]) == 1


def test_links_carry_the_query_and_filters(client: TestClient) -> None:
    params = {"q": "bekasi", "outlet": "kabarmasa.com", "agency": "kota-bekasi/bpbd", **WEEK}
    html = client.get("/ringkasan", params=params).text
    assert 'value="kabarmasa.com"' in html  # kept in the form as a hidden input
    for href, label, data in links(html):
        if not label[:1].isdigit():
            continue
        carried = query(href)
        assert carried["outlet"] == ["kabarmasa.com"]
        assert carried["from"] >= ["2026-11-22"]
        if data.get("data-agency") == PEMKOT and "data-tone" not in data:
            # Another agency is AND-ed through the query, not OR-ed into the agency filter.
            assert carried["q"] == ["(bekasi) agency:kota-bekasi/pemkot"]
            assert carried["agency"] == ["kota-bekasi/bpbd"]
        else:
            assert carried["q"] == ["bekasi"]
        assert found(client, href) == int(label.split()[0])


def test_default_range_is_the_last_seven_days(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dashboard_page, "today", lambda tz: date(2026, 11, 28))
    response = client.get("/ringkasan")
    assert response.status_code == 200
    page = text(response.text)
    assert "22 November 2026 – 28 November 2026 (WIB)" in page
    assert 'name="from" value="2026-11-22"' in response.text
    assert len(re.findall(r'<tr data-start="', response.text)) == 7
    day = response.text.split('<tr data-start="2026-11-28">')[1].split("</tr>")[0]
    link = "/?from=2026-11-28&amp;to=2026-11-28&amp;sentiment=negative"
    assert f'<td data-tone="negative"><a href="{link}">1</a>' in day


def test_an_empty_last_week_moves_to_the_newest_news_and_says_so(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A year after the sample news: the last seven days hold nothing (the demo's first visit).
    monkeypatch.setattr(dashboard_page, "today", lambda tz: date(2027, 11, 28))
    response = client.get("/ringkasan")
    assert response.status_code == 200
    assert 'id="dashboard-moved"' in response.text
    assert "hingga berita terbaru (28 November 2026)" in text(response.text)
    assert 'name="from" value="2026-11-22"' in response.text
    assert 'id="total-link"' in response.text
    assert ">0 berita<" not in response.text
    # Dates given, or a last week with news, are never moved.
    kept = client.get("/ringkasan", params={"from": "2027-11-01", "to": "2027-11-07"})
    assert 'id="dashboard-moved"' not in kept.text
    monkeypatch.setattr(dashboard_page, "today", lambda tz: date(2026, 11, 28))
    assert 'id="dashboard-moved"' not in client.get("/ringkasan").text


def test_english(client: TestClient) -> None:
    response = client.get("/ringkasan", params={**WEEK, "lang": "en"})
    assert response.headers["content-language"] == "en"
    page = text(response.text)
    assert "Coverage overview" in page
    assert "November 22, 2026 – November 28, 2026 (WIB)" in page
    assert "Top agencies and the tone towards them" in page
    assert "Not rated" in page
    assert "Share" in page
    assert "Per day" in page
    assert '<a href="/ringkasan" aria-current="page">Overview</a>' in response.text


def test_long_range_uses_weeks(client: TestClient) -> None:
    html = client.get("/ringkasan", params={"from": "2026-09-01", "to": "2026-11-30"}).text
    assert "Per minggu (Senin–Minggu)" in text(html)
    starts = re.findall(r'<tr data-start="([\d-]+)">', html)
    assert starts[0] == "2026-09-01"  # the first week cut to the range (a Tuesday)
    assert len(starts) == 14
    total = re.search(r'id="total-link">([\d.]+) berita', html)
    assert total
    assert total.group(1) == "26"


def test_chart_is_accessible_without_javascript(client: TestClient) -> None:
    html = client.get("/ringkasan", params=WEEK).text
    assert "<script" not in html
    bar = re.search(r'<a class="tone-chart__column" href="([^"]+)" aria-label="([^"]+)"', html)
    assert bar
    assert unescape(bar.group(2)) == "Jum 27 Nov: 1 berita, Positif 1"
    assert '<table class="data-table" id="timeline-table">' in html


def test_bad_query_is_a_400_page_with_the_position(client: TestClient) -> None:
    response = client.get("/ringkasan", params={"q": 'banjir AND "bekasi'})
    assert response.status_code == 400
    assert 'data-position="11"' in response.text
    assert "pada karakter ke-12" in text(response.text)
    assert 'value="banjir AND &#34;bekasi"' in response.text
    english = client.get("/ringkasan", params={"q": "(banjir", "lang": "en"})
    assert english.status_code == 400
    assert 'id="query-problem"' in english.text


@pytest.mark.parametrize(
    "params", [{"from": "kemarin"}, {"sentiment": "marah"}, {"agency_tone": "pemkot"}]
)
def test_bad_parameters_are_400_pages(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/ringkasan", params=params)
    assert response.status_code == 400
    assert 'class="alert alert--error"' in response.text


def test_search_page_refuses_a_bad_agency_tone(client: TestClient) -> None:
    response = client.get("/", params={"agency_tone": f"{PEMKOT}:marah"})
    assert response.status_code == 400
    assert "Saringan sentimen instansi tidak dikenal" in text(response.text)


def test_empty_archive(empty_client: TestClient) -> None:
    response = empty_client.get("/ringkasan", params=WEEK)
    assert response.status_code == 200
    assert "Tidak ada berita pada rentang ini." not in text(response.text)  # zero bars shown
    assert len(re.findall(r'<tr data-start="', response.text)) == 7
    assert "0 berita" in text(response.text)
