"""Saved searches in a real browser (marker ``browser``): from a search, save it with a recipient,
find it in the list and open its digest preview. Debian's Chromium through Playwright with
JavaScript off, against a real uvicorn server on loopback — the fixtures of ``test_ui_browser``
(skipped without ``/usr/bin/chromium`` unless ``PANTAU_REQUIRE_BROWSER=1``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from test_ui_browser import _search, browser, page, ui_server  # noqa: F401  (fixtures)
from ui_samples import BANJIR

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_save_a_search_subscribe_and_preview(page: Page, tmp_path: Path) -> None:  # noqa: F811
    page.goto("/")
    assert _search(page, "banjir") == 200
    page.click('a.facet__link[data-facet="agency"][data-value="kota-bekasi/pemkot"]')
    page.wait_for_url(re.compile(r"agency=kota-bekasi%2Fpemkot"))

    # "Simpan pencarian ini" carries the query and the filter to the create form.
    page.click("form.save-search button")
    page.wait_for_url(re.compile(r"/tersimpan/baru\?"))
    assert page.input_value("#field-q") == "banjir"
    # The agency is a ticked box in the picker, by name.
    assert page.is_checked('[data-picker="agency"] input[value="kota-bekasi/pemkot"]')
    page.fill("#field-name", "Banjir Pemkot Bekasi")
    page.fill("#field-email", "humas@bekasikota.go.id")
    page.select_option("select[name=language]", "en")
    page.screenshot(path=str(tmp_path / "saved-new.png"), full_page=True)
    with page.expect_navigation() as navigation:
        page.click("form.saved-form button[type=submit]")
    response = navigation.value
    assert response is not None
    assert response.status == 200  # after the 303 from the POST

    # The list shows it with its recipient.
    assert re.search(r"/tersimpan\?ok=created#saved-\d+$", page.url)
    assert page.locator(".alert--ok").inner_text() == "Pencarian disimpan."
    saved = page.locator("section.saved", has_text="Banjir Pemkot Bekasi")
    assert saved.locator(".saved__query").inner_text() == "banjir"
    # The filter chip names the agency, not its id.
    assert "Instansi: Pemerintah Kota Bekasi" in saved.locator(".chips").inner_text()
    row = saved.locator('tr[data-email="humas@bekasikota.go.id"]')
    assert "Bahasa Inggris" in row.inner_text()
    assert row.locator(".badge").inner_text() == "Aktif"
    assert page.locator('.site-nav a[aria-current="page"]').inner_text() == "Tersimpan"
    page.screenshot(path=str(tmp_path / "saved-list.png"), full_page=True)

    # Pause the recipient: a plain POST form, answered with the list again.
    row.locator("button[data-action=pause]").click()
    page.wait_for_url(re.compile(r"ok=paused"))
    assert saved.locator('tr[data-email="humas@bekasikota.go.id"] .badge').inner_text() == "Dijeda"

    # The digest preview of the day the article was published.
    saved.locator("a[data-action=preview]").click()
    page.wait_for_url(re.compile(r"/tersimpan/\d+/ringkasan$"))
    page.fill("input[name=day]", "2026-11-28")
    with page.expect_navigation():
        page.click("form.day-picker button[type=submit]")
    assert "day=2026-11-28" in page.url
    assert page.locator('.tone-count[data-tone="negative"] strong').inner_text() == "1"
    assert "1 berita (1 negatif)" in page.locator("#digest-subject").inner_text()
    pemkot = page.locator('tr[data-agency="kota-bekasi/pemkot"]')
    assert pemkot.locator(".badge").first.inner_text() == "Negatif"
    article = page.locator(f'li.hit[data-article="{BANJIR.id}"]')
    assert "lambannya penanganan" in article.locator(".sentiment__reasons").inner_text()
    page.screenshot(path=str(tmp_path / "saved-preview.png"), full_page=True)
