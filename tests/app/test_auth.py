"""Accounts and roles: no route answers without a login or a token (the app's routes walked one
by one), sessions from the login page, roles, the mail-domain rule, rate-limited logins, the
audit log, and the ``pantau users`` command."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from auth_helpers import PASSWORD, grant, token_for
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from pantau.settings import AuthSettings, Settings
from search_api.app import create_app
from search_api.auth.guard import PUBLIC_PATHS, SESSION_COOKIE

PUBLIC = {"/healthz", "/masuk", "/berhenti"}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        home=tmp_path,
        store=f"sqlite:///{tmp_path / 'a.db'}",
        auth=AuthSettings(allowed_mail_domains=["bekasikota.go.id"]),
    )


@pytest.fixture
def anonymous(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


def _routes(app: FastAPI) -> list[APIRoute]:
    """Every API route of the app, through the routers it includes (FastAPI keeps an included
    router as one entry that holds the original)."""
    found: list[APIRoute] = []

    def walk(routes: list[Any]) -> None:
        for route in routes:
            if isinstance(route, APIRoute):
                found.append(route)
            inner = getattr(route, "original_router", None)
            if inner is not None:
                walk(list(inner.routes))

    walk(list(app.routes))
    return found


def test_every_route_needs_a_login_or_a_token(anonymous: TestClient) -> None:
    routes = _routes(anonymous.app)  # type: ignore[arg-type]
    assert len(routes) > 40
    assert PUBLIC_PATHS == PUBLIC
    checked = 0
    for route in routes:
        path = re.sub(r"\{[^}]+\}", "1", route.path)
        for method in route.methods - {"HEAD"}:
            response = anonymous.request(method, path, follow_redirects=False)
            if route.path in PUBLIC:  # answered by the route itself, not by the guard
                assert "login required" not in response.text, (method, route.path)
                assert not response.headers.get("location", "").startswith("/masuk?next=")
                continue
            checked += 1
            if path.startswith("/api/") or path in ("/docs", "/redoc"):
                assert response.status_code == 401, (method, route.path, response.status_code)
            else:
                assert response.status_code == 303, (method, route.path, response.status_code)
                assert response.headers["location"].startswith("/masuk?next=")
    assert checked > 40


def test_login_page_session_and_logout(anonymous: TestClient, settings: Settings) -> None:
    token_for(settings.home, "staf")  # makes the user uji-staf
    form = anonymous.get("/masuk?next=/ringkasan")
    assert form.status_code == 200
    assert 'name="next" value="/ringkasan"' in form.text
    wrong = anonymous.post("/masuk", data={"username": "uji-staf", "password": "salah-sekali-1"})
    assert wrong.status_code == 401
    ok = anonymous.post(
        "/masuk",
        data={"username": "uji-staf", "password": PASSWORD, "next": "/ringkasan"},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert ok.headers["location"] == "/ringkasan"
    cookie = ok.headers["set-cookie"]
    assert SESSION_COOKIE in cookie
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    assert anonymous.get("/ringkasan").status_code == 200  # the cookie is kept by the client
    anonymous.post("/keluar", follow_redirects=False)
    assert anonymous.get("/ringkasan", follow_redirects=False).status_code == 303


def test_next_never_leaves_the_site(anonymous: TestClient, settings: Settings) -> None:
    token_for(settings.home, "baca")
    for target in ("https://evil.example/", "//evil.example/x"):
        response = anonymous.post(
            "/masuk",
            data={"username": "uji-baca", "password": PASSWORD, "next": target},
            follow_redirects=False,
        )
        assert response.headers["location"] == "/"


def test_logins_are_rate_limited(anonymous: TestClient, settings: Settings) -> None:
    token_for(settings.home, "staf")
    for _ in range(5):
        assert (
            anonymous.post("/masuk", data={"username": "uji-staf", "password": "x"}).status_code
            == 401
        )
    # The right password is refused too while the limit holds.
    blocked = anonymous.post("/masuk", data={"username": "uji-staf", "password": PASSWORD})
    assert blocked.status_code == 429


def test_roles(anonymous: TestClient, settings: Settings) -> None:
    grant(anonymous, settings.home, "baca")
    assert anonymous.get("/api/search").status_code == 200
    assert (
        anonymous.post("/api/saved-searches", json={"name": "x", "query": "banjir"}).status_code
        == 403
    )
    assert anonymous.get("/api/users").status_code == 403
    grant(anonymous, settings.home, "staf")
    assert (
        anonymous.post("/api/saved-searches", json={"name": "x", "query": "banjir"}).status_code
        == 201
    )
    assert anonymous.get("/api/users").status_code == 403
    grant(anonymous, settings.home, "admin")
    users = {u["username"]: u["role"] for u in anonymous.get("/api/users").json()}
    assert users == {"uji-baca": "baca", "uji-staf": "staf", "uji-admin": "admin"}


def test_outside_mail_domains_need_an_admin(anonymous: TestClient, settings: Settings) -> None:
    grant(anonymous, settings.home, "staf")
    saved = anonymous.post("/api/saved-searches", json={"name": "x", "query": "banjir"}).json()
    path = f"/api/saved-searches/{saved['id']}/subscriptions"
    assert anonymous.post(path, json={"email": "humas@bekasikota.go.id"}).status_code == 201
    assert anonymous.post(path, json={"email": "siapa@contoh.com"}).status_code == 403
    grant(anonymous, settings.home, "admin")
    assert anonymous.post(path, json={"email": "siapa@contoh.com"}).status_code == 201


def test_the_audit_log_says_who_changed_what(anonymous: TestClient, settings: Settings) -> None:
    grant(anonymous, settings.home, "staf")
    anonymous.post("/api/saved-searches", json={"name": "x", "query": "banjir"})
    grant(anonymous, settings.home, "admin")
    entries = anonymous.get("/api/users/audit").json()
    assert {
        "username": "uji-staf",
        "action": "POST",
        "detail": "/api/saved-searches",
    }.items() <= entries[-1].items() or any(
        e["username"] == "uji-staf"
        and e["action"] == "POST"
        and e["detail"] == "/api/saved-searches"
        for e in entries
    )


def test_users_command(tmp_path: Path) -> None:
    env = {"PANTAU_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def pantau(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pantau_cli", "users", *args],
            input=stdin,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    assert pantau("add", "amsiyah", "--role", "admin", stdin="panjang-sekali-1\n").returncode == 0
    assert pantau("add", "pendek", stdin="pendek\n").returncode == 2  # too short a password
    listed = pantau("list")
    assert '"amsiyah"' in listed.stdout
    assert '"admin"' in listed.stdout
    token = pantau("token", "amsiyah").stdout.strip()
    assert token.startswith("pantau_")
    settings = Settings(home=tmp_path, store=f"sqlite:///{tmp_path / 'a.db'}")
    with TestClient(create_app(settings)) as client:
        assert (
            client.get("/api/search", headers={"Authorization": f"Bearer {token}"}).status_code
            == 200
        )
    assert pantau("reset", "amsiyah", stdin="baru-panjang-sekali\n").returncode == 0
    assert pantau("remove", "amsiyah").returncode == 0
    assert pantau("remove", "amsiyah").returncode == 2


def test_the_demo_makes_its_own_login_once(tmp_path: Path) -> None:
    from pantau_cli.commands.demo import DEMO_USER, demo_login

    settings = Settings(home=tmp_path, store=f"sqlite:///{tmp_path / 'a.db'}")
    made = demo_login(settings)
    assert made is not None
    assert made[0] == DEMO_USER
    with TestClient(create_app(settings)) as client:
        login = {"username": made[0], "password": made[1]}
        assert client.post("/masuk", data=login, follow_redirects=False).status_code == 303
    assert demo_login(settings) is None  # users exist now: nobody is made again
