"""The overview page in a real browser (Chromium through Playwright, JavaScript off), with the
server, browser and page fixtures of ``test_ui_browser.py``: from an agency's negative count on
the overview to the search results filtered on it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import test_ui_browser
from ui_samples import BANJIR

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# The same module-scoped server and browser fixtures (by name, as pytest finds fixtures).
ui_server = test_ui_browser.ui_server
browser = test_ui_browser.browser
page = test_ui_browser.page


def test_agency_negative_count_opens_the_filtered_search(page: Page, tmp_path: Path) -> None:
    page.goto("/ringkasan?from=2026-11-22&to=2026-11-28")
    assert page.locator("h1#dashboard-heading").inner_text() == "Ringkasan pemberitaan"
    assert "22 November 2026 – 28 November 2026" in page.locator("#dashboard-range").inner_text()
    negative_share = page.locator('.tone-total[data-tone="negative"] .tone-total__share')
    assert negative_share.inner_text() == "50%"
    assert page.locator("ol.tone-chart > li").count() == 7
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)

    row = page.locator('tr[data-agency="kota-bekasi/pemkot"]')
    assert row.locator("th").inner_text() == "Pemkot Bekasi"
    negative = row.locator('td[data-tone="negative"] a')
    assert negative.inner_text() == "1"
    negative.click()
    page.wait_for_url(re.compile(r"agency_tone=kota-bekasi%2Fpemkot%3Anegative"))
    assert page.locator("#results-heading").inner_text() == "1 berita ditemukan"
    assert page.locator("li.hit").count() == 1
    assert page.locator(f'li.hit a[href="/artikel/{BANJIR.id}"]').count() >= 1
    chip = page.locator(".chip").first.inner_text()
    assert chip.startswith("Sentimen terhadap instansi: Pemkot Bekasi (Negatif)")
    # The dates came along.
    assert page.input_value('input[name="from"]') == "2026-11-22"
    assert page.input_value('input[name="to"]') == "2026-11-28"
