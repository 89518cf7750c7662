"""Every request is someone's: a login session (cookie) or an API token (``Authorization:
Bearer``), with the role its method and path ask for.

* Reading (GET, HEAD) needs ``baca``; changing anything (POST, PUT, PATCH, DELETE) ``staf``;
  managing accounts and the audit log (``/api/users``, the pages under ``/admin/``) ``admin``,
  and so does changing the media-partner contracts (``/api/partners``, ``/mitra``).
* Public: ``/healthz`` (monitoring), the login page, and the digests' signed unsubscribe link
  (recipients have no account). Static files are served by their own mounts, outside the guard.
* Without a login a page answers with a redirect to ``/masuk``, the API with 401; a role too low
  is 403. Every change is written to the audit log (who, method and path) before it runs.

The guard is one dependency of the whole app (``create_app``), so a route cannot be added
unguarded; ``tests/app/test_auth.py`` walks every route to make sure.
"""

from __future__ import annotations

import sqlite3

from fastapi import Request

from pantau.settings import Settings
from search_api.auth.accounts import Role, User, audit, session_user, token_user
from search_api.digests.db import connect, office_db_path
from search_api.digests.links import UNSUBSCRIBE_PATH

SESSION_COOKIE = "pantau_session"
LOGIN_PATH = "/masuk"
PUBLIC_PATHS = frozenset({"/healthz", LOGIN_PATH, UNSUBSCRIBE_PATH})
# The accounts: their API and the UI's pages under /admin/ (ui/admin_users.py).
ADMIN_PREFIXES = ("/api/users", "/admin/")
# Read by everyone, changed by admins only: a media contract decides what the office pays.
ADMIN_WRITE_PREFIXES = ("/api/partners", "/mitra")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginRequired(Exception):
    """No valid session or token."""


class RoleRequired(Exception):
    """The user's role is below the one needed; ``needed`` names it."""

    def __init__(self, needed: Role) -> None:
        super().__init__(needed)
        self.needed = needed


def credentials(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.cookies.get(SESSION_COOKIE)


def who(request: Request, conn: sqlite3.Connection) -> User | None:
    token = credentials(request)
    if not token:
        return None
    if token.startswith("pantau_"):
        return token_user(conn, token)
    return session_user(conn, token)


def needed_role(request: Request) -> Role:
    path = request.url.path
    if path.startswith(ADMIN_PREFIXES):
        return "admin"
    if request.method in SAFE_METHODS:
        return "baca"
    return "admin" if path.startswith(ADMIN_WRITE_PREFIXES) else "staf"


def guard(request: Request) -> None:
    """The app-wide dependency; puts the user on ``request.state.user``."""
    if request.url.path in PUBLIC_PATHS:
        return
    settings: Settings = request.app.state.settings
    # One connection for the lookup and, for a change, its audit line.
    conn = connect(office_db_path(settings))
    try:
        user = who(request, conn)
        if user is None:
            raise LoginRequired
        needed = needed_role(request)
        if not user.may(needed):
            raise RoleRequired(needed)
        request.state.user = user
        if request.method not in SAFE_METHODS:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            audit(conn, user.username, request.method, target)
    finally:
        conn.close()


def current_user(request: Request) -> User | None:
    user: User | None = getattr(request.state, "user", None)
    return user


def may_subscribe(request: Request, settings: Settings, email: str) -> bool:
    """Staff subscribe addresses of the office's own mail domains; any other needs an admin (the
    office's mail server must not become a sender to anyone)."""
    allowed = [d.lower().lstrip("@") for d in settings.auth.allowed_mail_domains]
    domain = email.rpartition("@")[2].lower()
    if not allowed or domain in allowed:
        return True
    user = current_user(request)
    return user is not None and user.may("admin")


def require_subscriber(request: Request, settings: Settings, email: str) -> None:
    """Raises :class:`RoleRequired` (admin) for an address outside the allowed mail domains."""
    if not may_subscribe(request, settings, email):
        raise RoleRequired("admin")
