"""Users, sessions, API tokens, failed logins and the audit log in the office database."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from search_api.digests.db import transaction

Role = Literal["admin", "staf", "baca"]
ROLES: tuple[Role, ...] = get_args(Role)
# What each role may do, by rank: baca reads, staf also changes, admin also administers.
RANK: dict[Role, int] = {"baca": 0, "staf": 1, "admin": 2}
MIN_PASSWORD = 10
# Failed logins per user name allowed in the window before further tries are refused.
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)


class AccountError(ValueError):
    """A user name, role or password that cannot be used; the message says why, and ``code``
    which rule it broke (``name``, ``role``, ``password``, ``exists``, ``no_user``,
    ``last_admin``), for the web UI's own wording."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    role: Role
    created_at: str

    def may(self, needed: Role) -> bool:
        return RANK[self.role] >= RANK[needed]


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _user(row: sqlite3.Row) -> User:
    return User(
        id=row["id"], username=row["username"], role=row["role"], created_at=row["created_at"]
    )


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters", "password")


def add_user(conn: sqlite3.Connection, username: str, role: str, password: str) -> User:
    name = username.strip().lower()
    if not name or any(c.isspace() or not c.isprintable() for c in name) or len(name) > 64:
        raise AccountError(
            f"user name {username!r}: letters, digits and . _ - only, at most 64", "name"
        )
    _check_role(role)
    check_password(password)
    hashed = PasswordHasher().hash(password)
    try:
        with transaction(conn):
            conn.execute(
                "INSERT INTO users (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                (name, role, hashed, _now().isoformat()),
            )
    except sqlite3.IntegrityError:
        raise AccountError(f"user {name!r} exists already", "exists") from None
    found = find_user(conn, name)
    assert found is not None  # inserted a moment ago
    return found


def find_user(conn: sqlite3.Connection, username: str) -> User | None:
    row = conn.execute("SELECT * FROM users WHERE username = ?", (username.strip().lower(),))
    found = row.fetchone()
    return _user(found) if found else None


def list_users(conn: sqlite3.Connection) -> list[User]:
    return [_user(row) for row in conn.execute("SELECT * FROM users ORDER BY username")]


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"role {role!r}: expected one of {', '.join(ROLES)}", "role")


def _keep_an_admin(conn: sqlite3.Connection, username: str) -> None:
    """Refuse (inside the caller's transaction) to take away the installation's last admin:
    nobody could manage accounts in the web UI any more. The server's ``pantau users`` may (its
    operator can always add an admin again), so this is the callers' choice."""
    admins = conn.execute("SELECT username FROM users WHERE role = 'admin'").fetchall()
    if [row[0] for row in admins] == [username]:
        raise AccountError(f"{username!r} is the last admin", "last_admin")


def remove_user(conn: sqlite3.Connection, username: str, *, keep_last_admin: bool = False) -> None:
    name = username.strip().lower()
    with transaction(conn):
        if keep_last_admin:
            _keep_an_admin(conn, name)
        cursor = conn.execute("DELETE FROM users WHERE username = ?", (name,))
    if cursor.rowcount == 0:
        raise AccountError(f"no user {username!r}", "no_user")


def set_role(
    conn: sqlite3.Connection, username: str, role: str, *, keep_last_admin: bool = False
) -> User:
    """A new role for ``username``; their sessions stay (the guard reads the role per request)."""
    _check_role(role)
    name = username.strip().lower()
    with transaction(conn):
        if keep_last_admin and role != "admin":
            _keep_an_admin(conn, name)
        cursor = conn.execute("UPDATE users SET role = ? WHERE username = ?", (role, name))
    if cursor.rowcount == 0:
        raise AccountError(f"no user {username!r}", "no_user")
    found = find_user(conn, name)
    assert found is not None  # updated a moment ago
    return found


def set_password(conn: sqlite3.Connection, username: str, password: str) -> None:
    """A new password; every session of the user ends (their API tokens stay)."""
    check_password(password)
    user = find_user(conn, username)
    if user is None:
        raise AccountError(f"no user {username!r}", "no_user")
    with transaction(conn):
        conn.execute(
            "UPDATE users SET password_hash = ? WHERE id = ?",
            (PasswordHasher().hash(password), user.id),
        )
        conn.execute("DELETE FROM sessions WHERE user_id = ?", (user.id,))


def throttled(conn: sqlite3.Connection, username: str) -> bool:
    """Too many failed logins for this name lately: refuse without checking the password."""
    since = (_now() - FAILURE_WINDOW).isoformat()
    count = conn.execute(
        "SELECT count(*) FROM login_failures WHERE username = ? AND at >= ?",
        (username.strip().lower(), since),
    ).fetchone()[0]
    return int(count) >= MAX_FAILURES


def authenticate(conn: sqlite3.Connection, username: str, password: str) -> User | None:
    """The user, when the password is right; a wrong one is recorded for the rate limit."""
    row = conn.execute(
        "SELECT * FROM users WHERE username = ?", (username.strip().lower(),)
    ).fetchone()
    hasher = PasswordHasher()
    try:
        if row is None:
            raise VerificationError("no such user")
        hasher.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        with transaction(conn):
            conn.execute(
                "INSERT INTO login_failures (username, at) VALUES (?, ?)",
                (username.strip().lower()[:64], _now().isoformat()),
            )
        return None
    return _user(row)


def start_session(conn: sqlite3.Connection, user: User, hours: float) -> str:
    token = secrets.token_urlsafe(32)
    now = _now()
    with transaction(conn):
        conn.execute(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) "
            "VALUES (?, ?, ?, ?)",
            (
                _hash_token(token),
                user.id,
                now.isoformat(),
                (now + timedelta(hours=hours)).isoformat(),
            ),
        )
    return token


def end_session(conn: sqlite3.Connection, token: str) -> None:
    with transaction(conn):
        conn.execute("DELETE FROM sessions WHERE token_hash = ?", (_hash_token(token),))


def session_user(conn: sqlite3.Connection, token: str) -> User | None:
    row = conn.execute(
        "SELECT u.* FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_hash = ? AND s.expires_at > ?",
        (_hash_token(token), _now().isoformat()),
    ).fetchone()
    return _user(row) if row else None


def new_api_token(conn: sqlite3.Connection, username: str, name: str) -> str:
    """A token for scripts (``Authorization: Bearer …``); shown once, stored only as a hash."""
    user = find_user(conn, username)
    if user is None:
        raise AccountError(f"no user {username!r}", "no_user")
    token = "pantau_" + secrets.token_urlsafe(32)
    with transaction(conn):
        conn.execute(
            "INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES (?, ?, ?, ?)",
            (_hash_token(token), user.id, name, _now().isoformat()),
        )
    return token


def token_user(conn: sqlite3.Connection, token: str) -> User | None:
    row = conn.execute(
        "SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
        (_hash_token(token),),
    ).fetchone()
    return _user(row) if row else None


def audit(conn: sqlite3.Connection, username: str, action: str, detail: str = "") -> None:
    with transaction(conn):
        conn.execute(
            "INSERT INTO audit_log (at, username, action, detail) VALUES (?, ?, ?, ?)",
            (_now().isoformat(), username, action, detail[:500]),
        )


def audit_entries(conn: sqlite3.Connection, limit: int = 100) -> list[dict[str, str]]:
    rows = conn.execute("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,))
    return [{k: str(row[k]) for k in ("at", "username", "action", "detail")} for row in rows]
