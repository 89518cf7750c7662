"""``/admin/pengguna``: an admin lists, adds, re-roles, resets and removes accounts and reads the
audit log; nobody else may; forms from another site are refused; the last admin stays."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from auth_helpers import PASSWORD, grant
from fastapi.testclient import TestClient
from ui_samples import ui_settings

from search_api.app import create_app
from search_api.auth.accounts import authenticate, find_user
from search_api.digests.db import connect

NEW_PASSWORD = "sandi-baru-yang-panjang"


@pytest.fixture
def admin(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(ui_settings(tmp_path, articles=[]))) as client:
        yield grant(client, tmp_path, "admin")


def _office(home: Path) -> sqlite3.Connection:
    return connect(home / "office.db")


def test_an_admin_manages_accounts_and_sees_the_audit_log(
    admin: TestClient, tmp_path: Path
) -> None:
    page = admin.get("/admin/pengguna")
    assert page.status_code == 200
    assert "Pengguna dan log audit" in page.text
    assert 'data-username="uji-admin"' in page.text
    assert 'href="/admin/pengguna" aria-current="page"' in page.text  # in the admin's menu

    added = admin.post(
        "/admin/pengguna",
        data={"username": "Budi", "role": "staf", "password": PASSWORD},
        follow_redirects=False,
    )
    assert added.status_code == 303
    assert added.headers["location"] == "/admin/pengguna?ok=added#user-budi"
    listed = admin.get("/admin/pengguna?ok=added")
    assert "Pengguna ditambahkan." in listed.text
    assert 'data-username="budi"' in listed.text

    assert (
        admin.post("/admin/pengguna/budi/peran", data={"role": "baca"}, follow_redirects=False)
    ).status_code == 303
    reset = admin.post(
        "/admin/pengguna/budi/sandi", data={"password": NEW_PASSWORD}, follow_redirects=False
    )
    assert reset.status_code == 303
    conn = _office(tmp_path)
    try:
        budi = find_user(conn, "budi")
        assert budi is not None
        assert budi.role == "baca"
        assert authenticate(conn, "budi", NEW_PASSWORD) is not None
    finally:
        conn.close()

    removed = admin.post("/admin/pengguna/budi/hapus", follow_redirects=False)
    assert removed.headers["location"] == "/admin/pengguna?ok=removed"
    conn = _office(tmp_path)
    try:
        assert find_user(conn, "budi") is None
    finally:
        conn.close()

    # The audit log on the page names who did what to whom, newest first.
    audit = admin.get("/admin/pengguna", params={"lang": "en"}).text
    assert "Audit log (newest 100)" in audit
    for line in ("user removed", "password reset", "budi: baca", "budi (staf)"):
        assert line in audit
    assert audit.index("user removed") < audit.index("user added")
    assert NEW_PASSWORD not in audit
    assert PASSWORD not in audit


def test_bad_forms_come_back_with_the_reason(admin: TestClient) -> None:
    short = admin.post(
        "/admin/pengguna", data={"username": "citra", "role": "staf", "password": "pendek"}
    )
    assert short.status_code == 400
    assert 'data-problem="password"' in short.text
    assert "Kata sandi minimal 10 karakter." in short.text
    assert 'value="citra"' in short.text  # what was typed comes back

    bad_role = admin.post(
        "/admin/pengguna", data={"username": "citra", "role": "raja", "password": PASSWORD}
    )
    assert bad_role.status_code == 400
    assert 'data-problem="role"' in bad_role.text

    twice = admin.post(
        "/admin/pengguna", data={"username": "uji-admin", "role": "baca", "password": PASSWORD}
    )
    assert twice.status_code == 400
    assert 'data-problem="exists"' in twice.text

    missing = admin.post("/admin/pengguna/siapa/peran", data={"role": "baca"})
    assert missing.status_code == 404
    assert 'data-problem="no_user"' in missing.text


def test_the_last_admin_stays_and_nobody_removes_themselves(
    admin: TestClient, tmp_path: Path
) -> None:
    demoted = admin.post("/admin/pengguna/uji-admin/peran", data={"role": "staf"})
    assert demoted.status_code == 400
    assert 'data-problem="last_admin"' in demoted.text
    self_removed = admin.post("/admin/pengguna/uji-admin/hapus")
    assert self_removed.status_code == 400
    assert 'data-problem="self"' in self_removed.text
    conn = _office(tmp_path)
    try:
        kept = find_user(conn, "uji-admin")
        assert kept is not None
        assert kept.role == "admin"
    finally:
        conn.close()

    # With a second admin, the first may be demoted.
    admin.post("/admin/pengguna", data={"username": "dewi", "role": "admin", "password": PASSWORD})
    assert (
        admin.post("/admin/pengguna/uji-admin/peran", data={"role": "staf"}, follow_redirects=False)
    ).status_code == 303


@pytest.mark.parametrize("role", ["staf", "baca"])
def test_only_an_admin_gets_the_page(tmp_path: Path, role: str) -> None:
    with TestClient(create_app(ui_settings(tmp_path, articles=[]))) as client:
        grant(client, tmp_path, role)
        assert client.get("/admin/pengguna").status_code == 403
        posted = client.post(
            "/admin/pengguna", data={"username": "eko", "role": "admin", "password": PASSWORD}
        )
        assert posted.status_code == 403
        assert 'href="/admin/pengguna"' not in client.get("/").text  # not in their menu
    conn = _office(tmp_path)
    try:
        assert find_user(conn, "eko") is None
    finally:
        conn.close()


def test_a_form_from_another_site_is_refused(admin: TestClient, tmp_path: Path) -> None:
    response = admin.post(
        "/admin/pengguna",
        data={"username": "penyusup", "role": "admin", "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    conn = _office(tmp_path)
    try:
        assert find_user(conn, "penyusup") is None
    finally:
        conn.close()
