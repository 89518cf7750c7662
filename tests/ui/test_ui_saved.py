"""Saved searches and the digest preview in the web UI, through ``create_app`` on a real temp-file
SQLite article store (``ui_samples``) and a real ``office.db`` in the same temp ``PANTAU_HOME``."""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from httpx import Response
from ui_samples import BANJIR, WTP, XSS

from search_api.app import ui
from search_api.app.ui.saved_common import NOTICES
from search_api.app.ui.saved_form import explain
from search_api.app.ui.saved_preview import day_results_url
from search_api.digests import searches
from search_api.digests.db import connect
from search_api.digests.searches import SavedSearch, SearchFields
from search_api.digests.validation import (
    ValidationError,
    check_agency_tones,
    check_email,
    check_ids,
    check_name,
    check_query,
    check_sentiments,
)
from search_api.i18n import Messages, catalog_keys

DAY = "2026-11-28"  # BANJIR was published that evening (WIB)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _saved(home: Path) -> list[SavedSearch]:
    conn = connect(home / "office.db")
    try:
        return searches.list_saved_searches(conn)
    finally:
        conn.close()


def _create(client: TestClient, **fields: str | list[str]) -> Response:
    data: dict[str, str | list[str]] = {"name": "Banjir Bekasi", "q": "banjir", **fields}
    return client.post("/tersimpan/baru", data=data, follow_redirects=False)


def _section(html: str, search_id: int) -> str:
    start = html.index(f'id="saved-{search_id}"')
    end = html.find("</section>", start)
    return html[start:end]


@pytest.fixture
def saved_client(client: TestClient) -> TestClient:
    """``client`` with one saved search (id 1) and one subscriber."""
    response = _create(
        client,
        agency="kota-bekasi/pemkot",
        sentiment=["negative", "neutral", "positive"],
        email="humas@bekasikota.go.id",
    )
    assert response.status_code == 303
    return client


# Search page → create form ---------------------------------------------------------------


def test_search_page_offers_to_save_the_search(client: TestClient) -> None:
    html = client.get("/", params={"q": "banjir", "agency": "kota-bekasi/pemkot"}).text
    form = re.search(
        r'<form class="save-search" method="get" action="/tersimpan/baru">(.*?)</form>', html, re.S
    )
    assert form is not None
    assert '<input type="hidden" name="q" value="banjir">' in form.group(1)
    assert '<input type="hidden" name="agency" value="kota-bekasi/pemkot">' in form.group(1)
    assert "Simpan pencarian ini" in form.group(1)
    # Nothing asked yet, nothing to save.
    assert "save-search" not in client.get("/").text


def test_create_form_is_prefilled_from_the_search(client: TestClient) -> None:
    params = [
        ("q", '"wali kota"'),
        ("outlet", "kabarmasa.com"),
        ("agency", "kota-bekasi/pemkot"),
        ("agency", "kota-bekasi/bpbd"),
        ("sentiment", "negative"),
    ]
    response = client.get("/tersimpan/baru", params=params)
    assert response.status_code == 200
    html = response.text
    assert 'name="q" type="text" value="&#34;wali kota&#34;"' in html
    # Outlets and agencies the store knows are ticked boxes with their names; others are typed.
    assert 'name="outlet" value="kabarmasa.com" checked' in html
    for agency in ("kota-bekasi/pemkot", "kota-bekasi/bpbd"):
        assert (
            f'name="agency" value="{agency}" checked' in html
            or f'name="agency" type="text" value="{agency}' in html
        )
    assert 'value="negative" checked' in html
    assert 'value="positive" checked' not in html
    assert response.headers["content-language"] == "id"


# Create, list ------------------------------------------------------------------------------


def test_create_via_form_then_list(client: TestClient, tmp_path: Path) -> None:
    response = _create(
        client,
        agency="kota-bekasi/pemkot, KOTA-BEKASI/BPBD",
        sentiment="negative",
        email="Humas@BekasiKota.go.id",
        language="en",
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/tersimpan?ok=created#saved-1"

    [saved] = _saved(tmp_path)  # written to the office database through the digests package
    assert (saved.name, saved.query) == ("Banjir Bekasi", "banjir")
    assert saved.agencies == ["kota-bekasi/pemkot", "kota-bekasi/bpbd"]
    assert saved.sentiments == ["negative"]
    [sub] = saved.subscriptions
    assert (sub.email, sub.language, sub.active) == ("Humas@bekasikota.go.id", "en", True)

    page = client.get(response.headers["location"])
    assert page.status_code == 200
    html = page.text
    assert "Pencarian disimpan." in _text(html)
    section = _section(html, 1)
    text = _text(section)
    assert "Banjir Bekasi" in text
    assert "banjir" in text
    assert "Instansi: Pemerintah Kota Bekasi" in text  # the name, not the id
    assert "Sentimen: Negatif" in text
    assert 'data-email="Humas@bekasikota.go.id" data-active="true"' in section
    assert "Bahasa Inggris" in text
    assert "Aktif" in text
    results = re.search(r'href="([^"]+)" data-action="results"', section)
    assert results is not None
    assert unescape(results.group(1)) == (
        "/?q=banjir&agency=kota-bekasi%2Fpemkot&agency=kota-bekasi%2Fbpbd&sentiment=negative"
    )
    assert 'href="/tersimpan/1/ringkasan" data-action="preview"' in section
    # "Lihat hasil" opens the search page with that query and those filters.
    found = client.get(unescape(results.group(1)))
    assert f'href="/artikel/{BANJIR.id}"' in found.text
    # The navigation marks where we are.
    assert '<a href="/tersimpan" aria-current="page">Tersimpan</a>' in html


def test_empty_list_and_english(client: TestClient) -> None:
    text = _text(client.get("/tersimpan").text)
    assert "Belum ada pencarian tersimpan" in text
    english = client.get("/tersimpan", params={"lang": "en"})
    assert '<html lang="en">' in english.text
    assert "No saved searches yet" in _text(english.text)
    assert "New saved search" in _text(english.text)


def test_filter_only_search_needs_no_query(client: TestClient, tmp_path: Path) -> None:
    assert _create(client, q="", outlet="kabarmasa.com").status_code == 303
    assert _saved(tmp_path)[0].outlets == ["kabarmasa.com"]
    assert "(tanpa kata kunci)" in _text(client.get("/tersimpan").text)


# The agency-tone filter ("negative coverage of Pemkot Bekasi") ------------------------------

PEMKOT_NEGATIVE = "kota-bekasi/pemkot:negative"


def test_agency_tone_goes_from_search_page_to_list_and_back(
    client: TestClient, tmp_path: Path
) -> None:
    # The overview links to this search; its "Simpan pencarian ini" form carries the filter.
    html = client.get("/", params={"agency_tone": PEMKOT_NEGATIVE}).text
    form = re.search(
        r'<form class="save-search" method="get" action="/tersimpan/baru">(.*?)</form>', html, re.S
    )
    assert form is not None
    assert f'<input type="hidden" name="agency_tone" value="{PEMKOT_NEGATIVE}">' in form.group(1)

    # The create form shows it as a ticked box, labelled, and posts it back.
    new = client.get("/tersimpan/baru", params={"q": "", "agency_tone": PEMKOT_NEGATIVE})
    assert new.status_code == 200
    box = re.search(
        r'<fieldset class="field" id="field-agency_tone">(.*?)</fieldset>', new.text, re.S
    )
    assert box is not None
    assert f'name="agency_tone" value="{PEMKOT_NEGATIVE}" checked' in box.group(1)
    assert "Sentimen terhadap instansi" in _text(box.group(1))
    assert "Pemerintah Kota Bekasi (Negatif)" in _text(box.group(1))
    assert 'id="field-agency_tone"' not in client.get("/tersimpan/baru").text  # only when given

    created = _create(client, name="Pemkot negatif", q="", agency_tone=PEMKOT_NEGATIVE)
    assert created.status_code == 303
    [saved] = _saved(tmp_path)
    assert (saved.query, saved.agency_tones) == ("", [PEMKOT_NEGATIVE])

    section = _section(client.get("/tersimpan").text, saved.id)
    chip = re.search(r'<li class="chip" data-filter="agency_tone"[^>]*>(.*?)</li>', section)
    assert chip is not None
    assert _text(chip.group(1)) == "Sentimen terhadap instansi: Pemerintah Kota Bekasi (Negatif)"
    results = re.search(r'href="([^"]+)" data-action="results"', section)
    assert results is not None
    assert unescape(results.group(1)) == "/?agency_tone=kota-bekasi%2Fpemkot%3Anegative"
    # "Lihat hasil": the flood article (negative towards the Pemkot), not the audit praise.
    found = client.get(unescape(results.group(1))).text
    assert f'href="/artikel/{BANJIR.id}"' in found
    assert f'href="/artikel/{WTP.id}"' not in found

    # The preview names it, and its "every article of the day" link keeps it.
    preview = client.get(f"/tersimpan/{saved.id}/ringkasan", params={"day": DAY}).text
    assert day_results_url(saved, date.fromisoformat(DAY)) == (
        f"/?from={DAY}&to={DAY}&agency_tone=kota-bekasi%2Fpemkot%3Anegative"
    )
    assert "Sentimen terhadap instansi: Pemerintah Kota Bekasi (Negatif)" in _text(preview)
    english = _text(client.get("/tersimpan", params={"lang": "en"}).text)
    assert "Tone towards agency: Pemerintah Kota Bekasi (Negative)" in english


def test_unticking_the_agency_tone_drops_it(client: TestClient, tmp_path: Path) -> None:
    # Unticked boxes are not posted: the search is saved without that filter.
    assert _create(client, q="banjir").status_code == 303
    assert _saved(tmp_path)[0].agency_tones == []
    # Without a query the filter was the only thing to search for.
    response = _create(client, q="")
    assert response.status_code == 400
    assert 'data-field="q"' in response.text


def test_malformed_agency_tone_is_a_400_keeping_the_values(
    client: TestClient, tmp_path: Path
) -> None:
    response = _create(
        client, agency_tone="kota-bekasi/pemkot:marah", email="humas@bekasikota.go.id"
    )
    assert response.status_code == 400
    problems = re.search(r'id="form-problems">(.*?)</div>', response.text, re.S)
    assert problems is not None
    assert 'data-field="agency_tone"' in problems.group(1)
    assert (
        "Saringan sentimen instansi tidak valid: kota-bekasi/pemkot:marah. Bentuknya <id "
        "instansi>:<positive|neutral|negative|none>"
    ) in _text(problems.group(1))
    assert 'name="agency_tone" value="kota-bekasi/pemkot:marah" checked' in response.text
    assert 'value="humas@bekasikota.go.id"' in response.text
    assert _saved(tmp_path) == []


# Subscriptions -----------------------------------------------------------------------------


def test_subscribe_pause_resume_unsubscribe(saved_client: TestClient, tmp_path: Path) -> None:
    client = saved_client
    added = client.post(
        "/tersimpan/1/langganan",
        data={"email": "kadis@bekasikota.go.id", "language": "en"},
        follow_redirects=False,
    )
    assert added.status_code == 303
    assert added.headers["location"] == "/tersimpan?ok=subscribed#saved-1"
    section = _section(client.get("/tersimpan").text, 1)
    assert 'data-email="kadis@bekasikota.go.id" data-active="true"' in section
    sub_id = next(s.id for s in _saved(tmp_path)[0].subscriptions if s.email.startswith("kadis"))

    paused = client.post(f"/tersimpan/1/langganan/{sub_id}/jeda", follow_redirects=False)
    assert paused.status_code == 303
    assert paused.headers["location"] == "/tersimpan?ok=paused#saved-1"
    html = client.get(paused.headers["location"]).text
    assert "Pengiriman ke penerima ini dijeda." in _text(html)
    section = _section(html, 1)
    assert 'data-email="kadis@bekasikota.go.id" data-active="false"' in section
    assert "Dijeda" in _text(section)
    assert f'action="/tersimpan/1/langganan/{sub_id}/aktifkan"' in section
    # The other subscriber is untouched.
    assert 'data-email="humas@bekasikota.go.id" data-active="true"' in section

    resumed = client.post(f"/tersimpan/1/langganan/{sub_id}/aktifkan", follow_redirects=False)
    assert resumed.headers["location"] == "/tersimpan?ok=resumed#saved-1"
    assert next(s for s in _saved(tmp_path)[0].subscriptions if s.id == sub_id).active

    removed = client.post(f"/tersimpan/1/langganan/{sub_id}/hapus", follow_redirects=False)
    assert removed.headers["location"] == "/tersimpan?ok=unsubscribed#saved-1"
    assert [s.email for s in _saved(tmp_path)[0].subscriptions] == ["humas@bekasikota.go.id"]
    assert "kadis@" not in client.get("/tersimpan").text


def test_subscribe_with_a_bad_address_is_a_400_keeping_it(
    saved_client: TestClient, tmp_path: Path
) -> None:
    response = saved_client.post(
        "/tersimpan/1/langganan", data={"email": "humas@bekasi", "language": "en"}
    )
    assert response.status_code == 400
    text = _text(response.text)
    assert "Penerima belum dapat ditambahkan" in text
    assert '"humas@bekasi" bukan alamat e-mail yang valid' in text
    form = response.text[response.text.index('id="subscribe-1"') :]
    assert 'value="humas@bekasi"' in form[: form.index("</form>")]
    assert '<option value="en" selected>' in form[: form.index("</form>")]
    assert len(_saved(tmp_path)[0].subscriptions) == 1


# Delete ------------------------------------------------------------------------------------


def test_delete_asks_first_then_deletes(saved_client: TestClient, tmp_path: Path) -> None:
    confirm = saved_client.get("/tersimpan/1/hapus")
    assert confirm.status_code == 200
    text = _text(confirm.text)
    assert 'Pencarian "Banjir Bekasi" akan dihapus.' in text
    assert "tidak dapat dibatalkan" in text
    assert '<form method="post" action="/tersimpan/1/hapus"' in confirm.text
    assert len(_saved(tmp_path)) == 1  # asking deletes nothing

    deleted = saved_client.post("/tersimpan/1/hapus", follow_redirects=False)
    assert deleted.status_code == 303
    assert deleted.headers["location"] == "/tersimpan?ok=deleted"
    assert _saved(tmp_path) == []
    assert "Belum ada pencarian tersimpan" in _text(saved_client.get("/tersimpan").text)
    assert saved_client.get("/tersimpan/1/ringkasan").status_code == 404


def test_cross_site_posts_are_refused(saved_client: TestClient, tmp_path: Path) -> None:
    response = saved_client.post(
        "/tersimpan/1/hapus", headers={"origin": "https://evil.example"}, follow_redirects=False
    )
    assert response.status_code == 403
    assert len(_saved(tmp_path)) == 1
    # The same form from the UI's own origin goes through.
    same = saved_client.post(
        "/tersimpan/1/hapus", headers={"origin": "http://testserver"}, follow_redirects=False
    )
    assert same.status_code == 303


def test_every_ui_form_refuses_cross_site_posts(saved_client: TestClient) -> None:
    # The check is a dependency of the whole UI router: no POST route can forget it.
    ui_posts = [
        route.path
        for module in pkgutil.iter_modules(ui.__path__)
        for route in getattr(
            importlib.import_module(f"{ui.__name__}.{module.name}"), "router", ui.router
        ).routes
        if isinstance(route, APIRoute) and "POST" in route.methods
    ]
    assert len(ui_posts) >= 4
    for path in ui_posts:
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        response = saved_client.post(
            concrete, headers={"origin": "https://evil.example"}, follow_redirects=False
        )
        assert response.status_code == 403, path


# Validation --------------------------------------------------------------------------------


def test_bad_query_is_a_400_with_the_position_and_the_values_kept(
    client: TestClient, tmp_path: Path
) -> None:
    response = _create(
        client,
        name="Banjir",
        q='banjir AND "bekasi',
        agency="kota-bekasi/pemkot",
        sentiment="negative",
        email="humas@bekasikota.go.id",
        language="en",
    )
    assert response.status_code == 400
    html = response.text
    alert = re.search(
        r'<div class="alert alert--error" id="query-problem"[^>]*>(.*?)</div>', html, re.S
    )
    assert alert is not None
    assert 'data-position="11"' in html
    assert "Tanda kutip belum ditutup — pada karakter ke-12" in _text(alert.group(1))
    assert '<mark class="error-at">&#34;</mark>' in alert.group(1)
    # Everything typed is still there to be corrected.
    assert 'name="name" type="text" value="Banjir"' in html
    assert 'name="q" type="text" value="banjir AND &#34;bekasi"' in html
    assert 'name="agency" value="kota-bekasi/pemkot" checked' in html
    assert 'value="negative" checked' in html
    assert 'value="humas@bekasikota.go.id"' in html
    assert '<option value="en" selected>' in html
    assert _saved(tmp_path) == []


def test_bad_query_in_english(client: TestClient) -> None:
    response = client.post(
        "/tersimpan/baru?lang=en", data={"name": "x", "q": "banjir AND"}, follow_redirects=False
    )
    assert response.status_code == 400
    assert 'A word is needed after "AND" — at character' in _text(response.text)


def test_bad_email_is_a_400_and_nothing_is_saved(client: TestClient, tmp_path: Path) -> None:
    response = _create(client, email="Humas <humas@bekasikota.go.id>")
    assert response.status_code == 400
    text = _text(response.text)
    assert "Pencarian belum dapat disimpan" in text
    assert "bukan alamat e-mail yang valid" in text
    assert (
        'id="field-email" name="email" type="email" value="Humas &lt;humas@bekasikota.go.id&gt;"'
        in (response.text)
    )
    assert 'name="name" type="text" value="Banjir Bekasi"' in response.text
    assert _saved(tmp_path) == []


def test_empty_name_and_nothing_to_search_are_both_reported(client: TestClient) -> None:
    response = _create(client, name="  ", q="")
    assert response.status_code == 400
    problems = re.search(r'id="form-problems">(.*?)</div>', response.text, re.S)
    assert problems is not None
    assert 'data-field="name"' in problems.group(1)
    assert 'data-field="q"' in problems.group(1)
    text = _text(problems.group(1))
    assert "Nama harus diisi." in text
    assert "Isi kata kunci atau pilih setidaknya satu saringan" in text


def test_every_validation_message_has_a_translation() -> None:
    """A new wording in search_api/digests/validation.py should get its own saved.error.* entry."""
    messages = Messages("ui", "id")
    attempts = [
        lambda: check_name(""),
        lambda: check_name("x" * 500),
        lambda: check_query("", has_filters=False),
        lambda: check_sentiments(["marah"]),
        lambda: check_ids(["kota bekasi"], "agency"),
        lambda: check_ids([" "], "outlet"),
        lambda: check_email("humas@bekasi"),
        lambda: check_agency_tones(["kota-bekasi/pemkot:marah"]),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as raised:
            attempt()
        field, message = explain(raised.value, messages)
        assert field != "form", raised.value
        assert "'" not in message or "marah" not in message  # repr quotes are taken off


def test_dynamic_message_keys_exist() -> None:
    keys = catalog_keys("ui")
    assert {f"saved.notice.{notice}" for notice in NOTICES} <= keys
    for kind in ("not_found", "unavailable", "store", "cross_site"):
        assert {f"saved.problem.{kind}.title", f"saved.problem.{kind}.text"} <= keys
    assert {"saved.ids_hint.outlet", "saved.ids_hint.agency"} <= keys


# Digest preview ----------------------------------------------------------------------------


def test_preview_shows_counts_agencies_and_reasons(saved_client: TestClient) -> None:
    response = saved_client.get("/tersimpan/1/ringkasan", params={"day": DAY})
    assert response.status_code == 200
    html = response.text
    text = _text(html)
    assert 'name="day" value="2026-11-28"' in html
    assert "Sabtu, 28 November 2026, pukul 00.00–24.00 WIB" in text
    assert (
        "Pantau — Ringkasan berita 28 November 2026: 1 berita (1 negatif) · Banjir Bekasi" in text
    )
    counts = re.search(r'<ul class="tone-counts">(.*?)</ul>', html, re.S)
    assert counts is not None
    assert re.search(r'data-tone="total"><strong>1</strong> berita', counts.group(1))
    assert re.search(r'data-tone="negative">.*?Negatif</span> <strong>1</strong>', counts.group(1))
    assert re.search(r'data-tone="positive">.*?Positif</span> <strong>0</strong>', counts.group(1))
    # Agencies with the tone towards each.
    pemkot = re.search(r'<tr data-agency="kota-bekasi/pemkot">(.*?)</tr>', html, re.S)
    bpbd = re.search(r'<tr data-agency="kota-bekasi/bpbd">(.*?)</tr>', html, re.S)
    assert pemkot is not None
    assert bpbd is not None
    assert "badge--negative" in pemkot.group(1)
    assert "badge--neutral" in bpbd.group(1)
    # The article, linked to its page, with its tone and the reasons.
    article = re.search(rf'<li class="hit" data-article="{BANJIR.id}">(.*?)</li>', html, re.S)
    assert article is not None
    assert f'href="/artikel/{BANJIR.id}"' in article.group(1)
    assert "28 Nov 2026 21.05 WIB" in _text(article.group(1))
    assert "Alasan: lambannya penanganan , drainase yang tersumbat" in _text(article.group(1))
    # The e-mail as sent, in a sandboxed frame.
    assert re.search(
        r'<iframe class="email-copy__frame" title="[^"]*" sandbox srcdoc="&lt;!DOCTYPE html', html
    )
    assert "Ini pratinjau; tidak ada e-mail yang dikirim." in text


def test_preview_in_english(saved_client: TestClient) -> None:
    response = saved_client.get("/tersimpan/1/ringkasan", params={"day": DAY, "lang": "en"})
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    text = _text(response.text)
    assert "Pantau — News digest 28 November 2026: 1 article (1 negative) · Banjir Bekasi" in text
    assert "Saturday, November 28, 2026, 00:00–24:00 WIB" in text
    assert "Why: lambannya penanganan , drainase yang tersumbat" in text
    assert "Agencies covered" in text
    assert "Negative" in text
    assert '<option value="en" selected>' in response.text


def test_preview_defaults_to_yesterday_and_handles_quiet_days(saved_client: TestClient) -> None:
    response = saved_client.get("/tersimpan/1/ringkasan")
    assert response.status_code == 200
    assert re.search(r'name="day" value="\d{4}-\d{2}-\d{2}"', response.text)
    quiet = saved_client.get("/tersimpan/1/ringkasan", params={"day": "2026-11-29"})
    assert quiet.status_code == 200
    text = _text(quiet.text)
    assert "Tidak ada berita baru pada hari ini untuk pencarian ini." in text
    assert "tidak ada berita baru · Banjir Bekasi" in text


def test_preview_with_a_bad_day_is_a_400(saved_client: TestClient) -> None:
    response = saved_client.get("/tersimpan/1/ringkasan", params={"day": "28/11/2026"})
    assert response.status_code == 400
    assert "Tanggal tidak dikenali: 28/11/2026" in _text(response.text)
    assert 'name="day" value="28/11/2026"' in response.text


def test_unknown_ids_are_404_pages(saved_client: TestClient) -> None:
    client = saved_client
    for response in [
        client.get("/tersimpan/999/ringkasan"),
        client.get("/tersimpan/abc/ringkasan"),
        client.get("/tersimpan/999/hapus"),
        client.post("/tersimpan/999/hapus"),
        client.post("/tersimpan/999/langganan", data={"email": "a@b.go.id"}),
        client.post("/tersimpan/1/langganan/999/jeda"),
        client.post("/tersimpan/1/langganan/1/lompat"),
    ]:
        assert response.status_code == 404, response.request.url
        assert response.headers["content-type"].startswith("text/html")
        assert "Pencarian tersimpan tidak ditemukan" in _text(response.text)
    english = client.get("/tersimpan/999/ringkasan", params={"lang": "en"})
    assert "Saved search not found" in _text(english.text)


# Escaping ----------------------------------------------------------------------------------


def test_hostile_name_and_query_are_escaped_everywhere(client: TestClient, tmp_path: Path) -> None:
    conn = connect(tmp_path / "office.db")
    try:
        saved = searches.create_saved_search(
            conn, SearchFields(name=XSS, query='banjir OR "<img src=x onerror=alert(1)>"')
        )
    finally:
        conn.close()
    pages = [
        client.get("/tersimpan"),
        client.get(f"/tersimpan/{saved.id}/hapus"),
        client.get(f"/tersimpan/{saved.id}/ringkasan", params={"day": DAY}),
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.text
        assert "<script" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(" in html
    # In the e-mail frame the digest's own escaping is escaped once more as an attribute.
    assert "&amp;lt;script&amp;gt;" in pages[2].text
