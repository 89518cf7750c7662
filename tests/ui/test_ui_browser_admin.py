"""The accounts page in a real browser (marker ``browser``): an admin finds it in the menu, adds a
user, changes the role, sets a new password and removes the user, each a plain POST form answered
with the list again. Debian's Chromium through Playwright with JavaScript off, the fixtures of
``test_ui_browser`` (skipped without ``/usr/bin/chromium`` unless ``PANTAU_REQUIRE_BROWSER=1``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from test_ui_browser import browser, page, ui_server  # noqa: F401  (fixtures)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_an_admin_manages_a_user(page: Page, tmp_path: Path) -> None:  # noqa: F811
    page.goto("/")
    page.click('.site-nav a[href="/admin/pengguna"]')
    page.wait_for_url(re.compile(r"/admin/pengguna$"))
    assert page.locator("h1").inner_text() == "Pengguna dan log audit"
    assert page.locator('.site-nav a[aria-current="page"]').inner_text() == "Pengguna"

    page.fill("#new-username", "rina")
    page.select_option("#new-role", "staf")
    page.fill("#new-password", "sandi-rina-panjang")
    page.click("form.add-user button[type=submit]")
    page.wait_for_url(re.compile(r"ok=added"))
    assert page.locator(".alert--ok").inner_text() == "Pengguna ditambahkan."
    row = page.locator('tr[data-username="rina"]')
    assert row.locator("select[name=role]").input_value() == "staf"
    page.screenshot(path=str(tmp_path / "admin-users.png"), full_page=True)

    row.locator("select[name=role]").select_option("baca")
    row.locator("button[data-action=role]").click()
    page.wait_for_url(re.compile(r"ok=role"))
    assert page.locator('tr[data-username="rina"] select[name=role]').input_value() == "baca"

    row = page.locator('tr[data-username="rina"]')
    row.locator("input[name=password]").fill("sandi-baru-rina-12")
    row.locator("button[data-action=password]").click()
    page.wait_for_url(re.compile(r"ok=password"))
    assert "sesi pengguna itu sudah diakhiri" in page.locator(".alert--ok").inner_text()

    page.locator('tr[data-username="rina"] button[data-action=remove]').click()
    page.wait_for_url(re.compile(r"ok=removed"))
    assert page.locator('tr[data-username="rina"]').count() == 0
    # The audit log below the list tells the story, newest first (each change also has the
    # guard's own line: POST and the path).
    actions = page.locator("table.audit tbody tr td:nth-child(3)").all_inner_texts()
    named = [action for action in actions if action != "POST"]
    assert named[:4] == ["user removed", "password reset", "role changed", "user added"]
    assert actions.count("POST") >= 4
