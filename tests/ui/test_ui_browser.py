"""The web UI in a real browser: Debian's Chromium driven by Playwright, against a real uvicorn
server on loopback serving a temp-file SQLite store. JavaScript is switched off in the browser, so
these runs also show the pages work without it.

Without ``/usr/bin/chromium`` the tests are skipped with the reason, unless
``PANTAU_REQUIRE_BROWSER=1`` (CI sets it), which turns that into a failure. No browser is ever
downloaded and nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn
from auth_helpers import token_for
from ui_samples import BANJIR, WTP, ui_settings

from search_api.app import create_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# A cold uvicorn start with the store opening takes well under a second; ten allows a busy CI box.
SERVER_START_TIMEOUT_S = 10


def _unavailable(reason: str) -> None:
    if os.environ.get("PANTAU_REQUIRE_BROWSER") == "1":
        pytest.fail(f"PANTAU_REQUIRE_BROWSER=1 but no browser: {reason}", pytrace=False)
    pytest.skip(f"no browser ({reason}); install Debian's chromium to run the UI browser tests")


# The API token each running UI server's browser contexts send (every page needs a login).
_TOKENS: dict[str, str] = {}


def auth_headers(ui_server: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {_TOKENS[ui_server]}"}


@pytest.fixture(scope="module")
def ui_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real uvicorn server in a thread, on a free loopback port."""
    home = tmp_path_factory.mktemp("ui-browser")
    settings = ui_settings(home)
    sock = socket.create_server(("127.0.0.1", 0))  # port 0: a free port, known before serving
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the UI server did not start", pytrace=False)
        time.sleep(0.02)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    _TOKENS[url] = token_for(home)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=SERVER_START_TIMEOUT_S)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        _unavailable(f"{CHROMIUM} not found")
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Error as exc:
            _unavailable(f"{CHROMIUM} did not start: {exc.message.splitlines()[0]}")
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, ui_server: str) -> Iterator[Page]:
    # A fresh context per test: no language cookie carried over from another test.
    context = browser.new_context(
        base_url=ui_server,
        java_script_enabled=False,
        locale="id-ID",
        extra_http_headers=auth_headers(ui_server),
    )
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def _search(page: Page, query: str) -> int:
    """Type a query into the box and submit the form; the response's status."""
    page.fill("#q", query)
    with page.expect_navigation() as navigation:
        page.click("button[type=submit]")
    response = navigation.value
    assert response is not None
    return response.status


def test_search_facet_and_article(page: Page, tmp_path: Path) -> None:
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1#results-heading").inner_text() == "Berita terbaru"

    assert _search(page, "banjir OR wtp") == 200
    assert page.locator("#results-heading").inner_text() == "2 berita ditemukan"
    banjir = page.locator("li.hit", has=page.locator(f'a[href="/artikel/{BANJIR.id}"]'))
    assert banjir.locator(".badge--negative").first.inner_text() == "Negatif"
    reasons = banjir.locator(".sentiment__reasons").inner_text()
    assert "lambannya penanganan" in reasons
    assert "drainase yang tersumbat" in reasons
    assert "Pemkot Bekasi" in banjir.locator(".agency-tones").inner_text()
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)

    # A facet link narrows the results to one outlet.
    page.click('a.facet__link[data-facet="outlet"][data-value="wartabekasi.com"]')
    page.wait_for_url(re.compile(r"outlet=wartabekasi\.com"))
    assert page.locator("#results-heading").inner_text() == "1 berita ditemukan"
    assert page.locator("li.hit").count() == 1
    assert page.locator(".chip").first.inner_text().startswith("Media: Warta Bekasi")

    # The article page shows each agency's tone.
    page.click(f'a[href="/artikel/{WTP.id}"]')
    page.wait_for_url(f"**/artikel/{WTP.id}")
    assert page.locator("h1.article__title").inner_text() == WTP.title
    row = page.locator('tr[data-agency="kota-bekasi/pemkot"]')
    assert row.locator("th").inner_text() == "Pemkot Bekasi"
    assert row.locator(".badge").inner_text() == "Positif"
    assert "keyakinan 91%" in page.locator(".sentiment").inner_text()


def test_switch_to_english_is_remembered(page: Page) -> None:
    page.goto(f"/artikel/{BANJIR.id}")
    assert page.locator("#tone-heading").inner_text() == "Sentimen berita"
    page.click('nav.lang-switch a[hreflang="en"]')
    page.wait_for_url(re.compile(r"lang=en"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#tone-heading").inner_text() == "Article tone"
    assert page.locator('tr[data-agency="kota-bekasi/pemkot"] .badge').inner_text() == "Negative"
    # The cookie keeps English on the next page, reached by a link without ?lang.
    page.click("p.back a")
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#results-heading").inner_text() == "Latest news"
    assert page.locator("button[type=submit]").inner_text() == "Search"


def test_malformed_query_shows_the_position(page: Page) -> None:
    page.goto("/")
    assert _search(page, 'banjir AND "bekasi') == 400
    alert = page.locator("#query-problem")
    assert "Tanda kutip belum ditutup" in alert.inner_text()
    assert "pada karakter ke-12" in alert.inner_text()
    assert alert.locator("mark.error-at").inner_text() == '"'
    # The query stays in the box to be corrected.
    assert page.input_value("#q") == 'banjir AND "bekasi'
    assert _search(page, 'banjir AND "bekasi"') == 200
    assert page.locator("#query-problem").count() == 0
