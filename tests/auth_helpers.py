"""Signing the tests' clients in: every route but /healthz needs a login or a token now."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from search_api.auth.accounts import add_user, find_user, new_api_token
from search_api.digests.db import connect

PASSWORD = "kata-sandi-uji-123"


def token_for(home: Path, role: str = "admin") -> str:
    """An API token of a user with ``role`` in the office database under ``home``."""
    conn = connect(home / "office.db")
    try:
        name = f"uji-{role}"
        if find_user(conn, name) is None:
            add_user(conn, name, role, PASSWORD)
        return new_api_token(conn, name, "tests")
    finally:
        conn.close()


def grant(client: TestClient, home: Path, role: str = "admin") -> TestClient:
    """``client`` sending a token of a user with ``role`` on every request."""
    client.headers["Authorization"] = f"Bearer {token_for(home, role)}"
    return client
