"""Every page fits a phone (390 px) and a desktop (1280 px) in a real Chromium: nothing wider than
the screen, the overview's day labels not clipped, the search page's filters reachable before
the results on a phone, and /docs rendering the API offline (JavaScript on, assets local)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import test_ui_browser
from ui_samples import BANJIR

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

pytestmark = pytest.mark.browser

ui_server = test_ui_browser.ui_server
browser = test_ui_browser.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WEEK = "from=2026-11-22&to=2026-11-28"
PAGES = [
    "/?q=banjir",
    f"/ringkasan?{WEEK}",
    f"/artikel/{BANJIR.id}",
    "/tersimpan",
    "/tersimpan/baru?q=banjir&outlet=kabarmasa.com",
    "/mitra",
    "/mitra/baru",
    "/rilis",
]


def _page(browser: Browser, ui_server: str, viewport: dict[str, int], js: bool = False) -> Page:
    context = browser.new_context(
        base_url=ui_server,
        java_script_enabled=js,
        locale="id-ID",
        viewport=viewport,
        extra_http_headers=test_ui_browser.auth_headers(ui_server),
    )
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def phone(browser: Browser, ui_server: str) -> Iterator[Page]:
    page = _page(browser, ui_server, PHONE)
    yield page
    page.context.close()


@pytest.fixture
def desktop(browser: Browser, ui_server: str) -> Iterator[Page]:
    page = _page(browser, ui_server, DESKTOP)
    yield page
    page.context.close()


def _overflow(page: Page) -> list[str]:
    """Elements reaching past the right edge of the viewport (a page that scrolls sideways)."""
    found: list[str] = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const wide = [];
          for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            if (box.width === 0) continue;
            // Inside a box that scrolls sideways on purpose (tables, the chart) is fine.
            if (el.closest('.table-scroll, .tone-chart-scroll')) continue;
            if (box.right > width + 1) wide.push(`${el.tagName}.${el.className} ${box.right}`);
          }
          return wide.slice(0, 5);
        }"""
    )
    return found


@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_a_phone(phone: Page, path: str, tmp_path: Path) -> None:
    response = phone.goto(path)
    assert response is not None
    assert response.status == 200
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    phone.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    assert width <= PHONE["width"], _overflow(phone)
    assert _overflow(phone) == []


@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_a_desktop(desktop: Page, path: str) -> None:
    desktop.goto(path)
    assert desktop.evaluate("() => document.documentElement.scrollWidth") <= DESKTOP["width"]


def test_on_a_phone_the_filters_come_before_the_results(phone: Page) -> None:
    phone.goto("/?q=banjir")
    filters = phone.locator(".facets").bounding_box()
    first_hit = phone.locator("li.hit").first.bounding_box()
    assert filters is not None
    assert first_hit is not None
    assert filters["y"] < first_hit["y"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP])
def test_the_day_labels_of_the_tone_chart_are_not_clipped(
    browser: Browser, ui_server: str, viewport: dict[str, int]
) -> None:
    page = _page(browser, ui_server, viewport)
    try:
        page.goto(f"/ringkasan?{WEEK}")
        labels = page.locator(".tone-chart__label:visible")
        assert labels.count() >= 2
        scroller = page.locator(".tone-chart-scroll").bounding_box()
        assert scroller is not None
        for index in range(labels.count()):
            box = labels.nth(index).bounding_box()
            assert box is not None
            assert box["y"] + box["height"] <= scroller["y"] + scroller["height"] + 1
    finally:
        page.context.close()


def test_docs_render_the_api_without_the_internet(browser: Browser, ui_server: str) -> None:
    page = _page(browser, ui_server, DESKTOP, js=True)
    outside: list[str] = []

    def only_this_server(route: Route) -> None:
        if route.request.url.startswith(ui_server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    try:
        page.goto("/docs")
        page.wait_for_selector(".opblock", timeout=15_000)
        assert page.locator(".opblock").count() > 10
        assert outside == []
    finally:
        page.context.close()
