"""``/admin/pengguna`` (admin only): the accounts of this installation and the audit log.

An admin lists the users, adds one, changes a role, sets a new password and removes a user; the
newest audit lines are shown below. Every change is a plain HTML form (POST, then a 303 redirect
back to the list naming what was done), same-origin checked like every UI form (the UI router's
``same_origin``). The guard asks the ``admin`` role for every path under ``/admin/``
(``search_api.auth.guard.ADMIN_PREFIXES``) and writes method and path to the audit log; these
handlers add a line naming the account and what changed. A form with a problem comes back with
status 400 and the reason in the page's language. The rules are the accounts module's: nobody
removes their own account, and the last admin can neither be removed nor demoted.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from search_api.app.deps import OfficeDep
from search_api.app.ui.rendering import Page, PageDep
from search_api.app.ui.saved_common import FormDep
from search_api.auth.accounts import (
    ROLES,
    AccountError,
    User,
    add_user,
    audit,
    audit_entries,
    list_users,
    remove_user,
    set_password,
    set_role,
)
from search_api.auth.guard import current_user

router = APIRouter(include_in_schema=False)

PATH = "/admin/pengguna"
NOTICES = ("added", "role", "password", "removed")


@dataclass(frozen=True, slots=True)
class Problem:
    """A form that came back: whose row (None: the add form), which rule it broke."""

    username: str | None
    code: str


@dataclass(frozen=True, slots=True)
class UserRow:
    user: User
    created: datetime


@dataclass(frozen=True, slots=True)
class AuditLine:
    at: datetime
    username: str
    action: str
    detail: str


def _actor(request: Request) -> str:
    user = current_user(request)
    assert user is not None  # the guard let only a signed-in admin through
    return user.username


def _page(
    page: Page,
    office: sqlite3.Connection,
    *,
    status: int = 200,
    notice: str | None = None,
    problem: Problem | None = None,
    entered: str = "",
) -> HTMLResponse:
    lines = [
        AuditLine(datetime.fromisoformat(e["at"]), e["username"], e["action"], e["detail"])
        for e in audit_entries(office)
    ]
    return page.render(
        "admin_users.html",
        status,
        rows=[UserRow(u, datetime.fromisoformat(u.created_at)) for u in list_users(office)],
        roles=ROLES,
        audit_lines=lines,
        notice=notice,
        problem=problem,
        entered=entered,
        me=_actor(page.request),
    )


def _done(notice: str, username: str | None = None) -> RedirectResponse:
    anchor = f"#user-{username}" if username else ""
    return RedirectResponse(f"{PATH}?ok={notice}{anchor}", status_code=303)


@router.get(PATH, response_class=HTMLResponse, name="ui_admin_users")
def users_page(request: Request, office: OfficeDep, page: PageDep) -> HTMLResponse:
    notice = request.query_params.get("ok")
    return _page(page, office, notice=notice if notice in NOTICES else None)


@router.post(PATH, response_class=HTMLResponse)
def add(request: Request, data: FormDep, office: OfficeDep, page: PageDep) -> Response:
    username = str(data.get("username", "")).strip()
    role = str(data.get("role", ""))
    try:
        user = add_user(office, username, role, str(data.get("password", "")))
    except AccountError as exc:
        return _page(page, office, status=400, problem=Problem(None, exc.code), entered=username)
    audit(office, _actor(request), "user added", f"{user.username} ({user.role})")
    return _done("added", user.username)


@router.post(PATH + "/{username}/peran", response_class=HTMLResponse)
def change_role(
    request: Request, username: str, data: FormDep, office: OfficeDep, page: PageDep
) -> Response:
    try:
        user = set_role(office, username, str(data.get("role", "")), keep_last_admin=True)
    except AccountError as exc:
        return _page(page, office, status=_status(exc), problem=Problem(username, exc.code))
    audit(office, _actor(request), "role changed", f"{user.username}: {user.role}")
    return _done("role", user.username)


@router.post(PATH + "/{username}/sandi", response_class=HTMLResponse)
def reset_password(
    request: Request, username: str, data: FormDep, office: OfficeDep, page: PageDep
) -> Response:
    try:
        set_password(office, username, str(data.get("password", "")))
    except AccountError as exc:
        return _page(page, office, status=_status(exc), problem=Problem(username, exc.code))
    audit(office, _actor(request), "password reset", username)
    return _done("password", username)


@router.post(PATH + "/{username}/hapus", response_class=HTMLResponse)
def remove(request: Request, username: str, office: OfficeDep, page: PageDep) -> Response:
    actor = _actor(request)
    try:
        if username.strip().lower() == actor:
            # Signing oneself out of the last door is never what was meant.
            raise AccountError("an admin cannot remove their own account", "self")
        remove_user(office, username, keep_last_admin=True)
    except AccountError as exc:
        return _page(page, office, status=_status(exc), problem=Problem(username, exc.code))
    audit(office, actor, "user removed", username)
    return _done("removed")


def _status(exc: AccountError) -> int:
    return 404 if exc.code == "no_user" else 400
