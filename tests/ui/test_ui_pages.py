"""The web UI's pages through ``create_app`` on a real temp-file SQLite store (no mocks)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from ui_samples import BANJIR, PASAR, WTP, XSS, XSS_ARTICLE

from search_api.app import ui
from search_api.app.ui.language import COOKIE_NAME
from search_api.app.ui.query_errors import describe, mark_position
from search_api.app.ui.snippets import safe_snippet
from search_api.i18n import Messages, catalog_keys
from search_api.query import QueryError, parse


def _text(html: str) -> str:
    """The page's visible words, roughly: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _hit_ids(html: str) -> list[str]:
    return re.findall(r'class="hit__title"><a href="/artikel/([0-9a-f]+)"', html)


# Search page -------------------------------------------------------------------------------


def test_home_lists_latest_articles_in_indonesian(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-language"] == "id"
    html = response.text
    assert '<html lang="id">' in html
    text = _text(html)
    assert "Berita terbaru" in text
    assert "Cara menulis kata kunci" in text  # the syntax help
    assert _hit_ids(html)[0] == BANJIR.id  # newest first without a query
    assert "/static/style.css" in html


def test_search_shows_count_hits_dates_snippets_tone_and_agencies(client: TestClient) -> None:
    html = client.get("/", params={"q": "banjir"}).text
    text = _text(html)
    assert "1 berita ditemukan" in text
    assert _hit_ids(html) == [BANJIR.id]
    assert "KabarMasa" in text
    assert "Sabtu, 28 November 2026 21.05 WIB" in text
    assert "<mark>banjir</mark>" in html.lower()  # the store's highlight survives as markup
    assert 'class="badge badge--negative">Negatif<' in html
    assert "lambannya penanganan" in text
    assert "drainase yang tersumbat" in text
    assert "Alasan:" in text
    # Every agency covered, each with its own tone.
    assert re.search(r"BPBD Kota Bekasi</span>\s*<span class=\"badge badge--neutral\">Netral", html)
    assert re.search(r"Pemkot Bekasi</span>\s*<span class=\"badge badge--negative\">Negatif", html)


def test_search_in_english_via_parameter_is_remembered(client: TestClient) -> None:
    response = client.get("/", params={"q": "banjir", "lang": "en"})
    assert response.status_code == 200
    assert response.cookies.get(COOKIE_NAME) == "en"
    assert '<html lang="en">' in response.text
    text = _text(response.text)
    assert "1 articles found" in text
    assert "Saturday, 28 November 2026 21:05 WIB" in text
    assert "Negative" in text
    assert "Why:" in text
    # The cookie carries the choice to the next page, without the parameter.
    later = client.get(f"/artikel/{WTP.id}")
    assert '<html lang="en">' in later.text
    assert "Agencies and their tone" in later.text
    # …until Indonesian is chosen again.
    back = client.get("/", params={"lang": "id"})
    assert '<html lang="id">' in back.text
    assert back.cookies.get(COOKIE_NAME) == "id"


def test_language_switch_links_keep_the_search(client: TestClient) -> None:
    html = client.get("/", params={"q": "banjir", "sentiment": "negative"}).text
    assert 'href="/?q=banjir&amp;sentiment=negative&amp;lang=en"' in html
    assert 'aria-current="true" lang="id"' in html  # ID is the current one, shown not linked


def test_unknown_language_falls_back_to_indonesian(client: TestClient) -> None:
    response = client.get("/", params={"lang": "fr"})
    assert '<html lang="id">' in response.text
    assert COOKIE_NAME not in response.cookies


def test_html_in_titles_snippets_and_bylines_stays_escaped(client: TestClient) -> None:
    html = client.get("/", params={"q": "paripurna"}).text
    assert _hit_ids(html) == [XSS_ARTICLE.id]
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in html
    detail = client.get(f"/artikel/{XSS_ARTICLE.id}").text
    assert "<script>" not in detail
    assert "<b>" not in detail
    assert XSS in _text(detail)


def test_snippet_keeps_only_the_highlight_marks() -> None:
    assert safe_snippet("a <mark>b</mark> &amp; c") == "a <mark>b</mark> &amp; c"
    # A store that forgot to escape still cannot inject markup.
    assert safe_snippet("<img src=x onerror=alert(1)> <mark>x</mark>") == (
        "&lt;img src=x onerror=alert(1)&gt; <mark>x</mark>"
    )
    assert safe_snippet("an <mark>unclosed mark") == "an unclosed mark"


def test_facets_are_links_with_counts_that_toggle_filters(client: TestClient) -> None:
    html = client.get("/", params={"q": "bekasi"}).text
    link = re.search(
        r'<a class="facet__link" href="([^"]+)"[^>]*'
        r'data-facet="outlet" data-value="wartabekasi.com">'
        r'\s*<span class="facet__label">Warta Bekasi</span>\s*<span class="facet__count">(\d+)<',
        html,
    )
    assert link is not None
    assert link.group(2) == "1"
    filtered = client.get(unescape(link.group(1)))
    assert filtered.status_code == 200
    assert _hit_ids(filtered.text) == [WTP.id]
    assert 'class="facet__link is-selected"' in filtered.text
    assert "Hapus semua saringan" in filtered.text
    # The hidden input keeps the filter when the form is submitted again.
    assert '<input type="hidden" name="outlet" value="wartabekasi.com">' in filtered.text
    # The selected facet's link removes the filter again.
    selected = re.search(r'class="facet__link is-selected" href="([^"]+)"', filtered.text)
    assert selected is not None
    assert unescape(selected.group(1)) == "/?q=bekasi"


def test_agency_and_sentiment_facets_use_names(client: TestClient) -> None:
    html = client.get("/", params={"q": "bekasi"}).text
    assert re.search(
        r'data-value="kota-bekasi/inspektorat">\s*<span class="facet__label">'
        r"Inspektorat Kota Bekasi<",
        html,
    )
    assert re.search(
        r'data-facet="sentiment" data-value="positive">\s*<span class="facet__label">'
        r"Positif<",
        html,
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sentiment": "positive"}, {WTP.id, PASAR.id}),
        ({"agency": "kab-sumedang/pemkab"}, {PASAR.id}),
        ({"outlet": "wartabekasi.com"}, {WTP.id}),
        ({"q": "bekasi", "from": "2026-11-27", "to": "2026-11-27"}, {WTP.id}),
        ({"q": "outlet:sumedangpost.blogspot.com"}, {PASAR.id}),
    ],
)
def test_filters(client: TestClient, params: dict[str, str], expected: set[str]) -> None:
    response = client.get("/", params=params)
    assert response.status_code == 200
    assert set(_hit_ids(response.text)) == expected


def test_a_filter_with_no_hits_still_names_its_agency(client: TestClient) -> None:
    """No article on the page names the agency: the chip takes the vocabulary's name, not the id."""
    response = client.get("/", params={"agency": "nasional/kpk", "q": "banjir"})
    assert response.status_code == 200
    assert "Komisi Pemberantasan Korupsi" in _text(response.text)
    unknown = client.get("/", params={"agency": "kota-atlantis/pemkot"})
    assert "kota-atlantis/pemkot" in _text(unknown.text)  # outside the vocabulary: the id


def test_pagination(client: TestClient) -> None:
    first = client.get("/", params={"q": "diskominfo"})
    assert "22 berita ditemukan" in _text(first.text)
    assert "Menampilkan 1–20 dari 22" in _text(first.text)
    assert len(_hit_ids(first.text)) == 20
    assert 'href="/?q=diskominfo&amp;page=2" rel="next"' in first.text
    second = client.get("/", params={"q": "diskominfo", "page": "2"})
    assert len(_hit_ids(second.text)) == 2
    assert set(_hit_ids(first.text)).isdisjoint(_hit_ids(second.text))
    assert 'aria-current="page">2<' in second.text
    assert 'href="/?q=diskominfo" rel="prev"' in second.text


def test_sort_oldest(client: TestClient) -> None:
    html = client.get("/", params={"q": "bekasi", "sort": "oldest"}).text
    assert _hit_ids(html)[0] != BANJIR.id
    assert '<option value="oldest" selected>' in html


def test_no_results_and_empty_archive(client: TestClient, empty_client: TestClient) -> None:
    none = client.get("/", params={"q": "gempa"})
    assert none.status_code == 200
    assert "0 berita ditemukan" in _text(none.text)
    assert "Tidak ada berita yang cocok" in _text(none.text)
    empty = empty_client.get("/")
    assert empty.status_code == 200
    assert "Arsip masih kosong" in _text(empty.text)


@pytest.mark.parametrize(
    ("query", "position", "message"),
    [
        ('banjir "bekasi', 7, "Tanda kutip belum ditutup"),
        ("banjir AND OR longsor", 11, 'Perlu kata, tetapi yang ada "OR"'),
        ("title:", 6, '"title:" perlu nilai'),
        ("warna:merah", 0, 'Kolom "warna:" tidak dikenal'),
        ("(banjir", 0, "Tanda kurung belum ditutup"),
    ],
)
def test_malformed_query_is_a_400_page_naming_the_position(
    client: TestClient, query: str, position: int, message: str
) -> None:
    response = client.get("/", params={"q": query})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    text = _text(response.text)
    assert "Kata kunci tidak dapat dibaca" in text
    assert message in text
    assert f"pada karakter ke-{position + 1}" in text
    assert f'data-position="{position}"' in response.text
    assert '<mark class="error-at">' in response.text
    assert 'aria-invalid="true"' in response.text


def test_malformed_query_in_english(client: TestClient) -> None:
    response = client.get("/", params={"q": 'x "', "lang": "en"})
    assert response.status_code == 400
    assert "A quotation mark is not closed — at character 3" in _text(response.text)


def test_malformed_query_with_markup_is_escaped_in_the_error(client: TestClient) -> None:
    response = client.get("/", params={"q": '<b>x</b> "'})
    assert response.status_code == 400
    assert "<b>x</b>" not in response.text
    assert "&lt;b&gt;x&lt;/b&gt; " in response.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "kemarin"}, 'Tanggal "dari" tidak dikenali: kemarin'),
        ({"to": "2026-13-01"}, 'Tanggal "sampai" tidak dikenali'),
        ({"from": "2026-11-28", "to": "2026-11-01"}, "harus sebelum atau sama dengan"),
        ({"page": "abc"}, "Halaman tidak valid: abc"),
        ({"page": "0"}, "Halaman tidak valid: 0"),
        ({"sentiment": "marah"}, "Sentimen tidak dikenal: marah"),
        ({"sort": "random"}, "Urutan tidak dikenal: random"),
    ],
)
def test_bad_parameters_are_friendly_400s(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    response = client.get("/", params=params)
    assert response.status_code == 400
    assert message in _text(response.text)


def test_every_parser_message_has_a_translation() -> None:
    """A new wording in search_api/query.py should get its own catalog entry here."""
    messages = Messages("ui", "id")
    queries = [
        '"x',
        "(x",
        "x)",
        "- x",
        "warna:x",
        "x AND",
        "AND x",
        "title:(author:x)",
        "title:",
        "x*y",
        "*",
        "title:-x",
        '""',
        "&",
        'outlet:""',
        "sentiment:marah",
        "-x",
        "x " * 600,
    ]
    for query in queries:
        with pytest.raises(QueryError) as caught:
            parse(query)
        problem = describe(caught.value, query, messages)
        assert not problem.message.startswith("Kata kunci tidak valid ("), (query, problem)


def test_mark_position_at_the_end_marks_a_space() -> None:
    assert mark_position("x AND", 5) == 'x AND<mark class="error-at">&nbsp;</mark>'
    assert mark_position("a<b", 1) == 'a<mark class="error-at">&lt;</mark>b'


# Article page ------------------------------------------------------------------------------


def test_article_page_shows_everything(client: TestClient) -> None:
    response = client.get(f"/artikel/{BANJIR.id}")
    assert response.status_code == 200
    html = response.text
    text = _text(html)
    for expected in [
        BANJIR.title,
        "KabarMasa",
        "Andre Wijaya",  # author
        "Rina Sari",  # editor
        "Sabtu, 28 November 2026 21.05 WIB",
        "Kota Bekasi",
        "Metro",
        "banjir",
        "Negatif",
        "keyakinan 82%",
        "lambannya penanganan",
        "Instansi dan nadanya",
        "kota-bekasi/bpbd",
        "Agus Harpito",
        "Kepala BPBD",
        "Kami sudah menurunkan tim ke tiga kelurahan.",
        "Isi berita",
        "Pemkot Bekasi menyiapkan dapur umum",
    ]:
        assert expected in text, expected
    assert f'href="{BANJIR.url}"' in html
    row = re.search(r'<tr data-agency="kota-bekasi/bpbd">(.*?)</tr>', html, re.S)
    assert row is not None
    assert "BPBD Kota Bekasi" in row.group(1)
    assert '<td class="num">2</td>' in row.group(1)  # mentions
    assert "badge--neutral" in row.group(1)
    pemkot = re.search(r'<tr data-agency="kota-bekasi/pemkot">(.*?)</tr>', html, re.S)
    assert pemkot is not None
    assert "badge--negative" in pemkot.group(1)


def test_article_page_agency_without_tone(client: TestClient) -> None:
    html = client.get(f"/artikel/{WTP.id}").text
    row = re.search(r'<tr data-agency="nasional/bpk">(.*?)</tr>', html, re.S)
    assert row is not None
    assert "Belum dinilai" in row.group(1)
    assert "keyakinan 91%" in _text(html)


def test_unknown_article_is_a_404_page_in_the_ui_language(client: TestClient) -> None:
    response = client.get("/artikel/0000000000")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Berita tidak ditemukan" in _text(response.text)
    english = client.get("/artikel/0000000000", params={"lang": "en"})
    assert english.status_code == 404
    assert "Article not found" in _text(english.text)


# The rest of the app is unchanged ----------------------------------------------------------


def test_static_files_and_json_api_still_served(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert client.get("/static/logo.svg").status_code == 200
    assert client.get("/api/search", params={"q": "banjir"}).json()["total"] == 1
    bad = client.get("/api/search", params={"q": '"x'})
    assert bad.status_code == 400
    assert bad.json()["detail"]["position"] == 0
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert "/" not in paths
    assert "/artikel/{article_id}" not in paths


def test_every_message_key_in_the_templates_is_in_the_catalog() -> None:
    """Pages render only the branches a test visits; this covers the keys of all the others."""
    templates = Path(ui.__file__).resolve().parent.parent / "templates"
    used = set()
    for template in templates.glob("*.html"):
        used |= set(re.findall(r"\b_\('([a-z_.]+)'[,)]", template.read_text(encoding="utf-8")))
    assert used
    assert used - catalog_keys("ui") == set()
    for prefix, suffixes in {
        "facets.": ["outlet", "agency", "sentiment"],
        "sort.": ["relevance", "newest", "oldest"],
        "lang.": ["id", "en"],
    }.items():
        assert {prefix + s for s in suffixes} <= catalog_keys("ui")
