"""``/masuk`` (sign in) and ``/keluar`` (sign out) for the web UI.

A session is a random token in an HttpOnly, SameSite=Lax cookie (Secure when the page came over
HTTPS, directly or through a proxy that says so), stored in the office database only as its hash
and ending after ``auth.session_hours``. Failed logins are counted per user name: after five in 15
minutes further tries are refused for a while, whatever the password.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from search_api.app.deps import OfficeDep, SettingsDep
from search_api.app.ui.rendering import Page, PageDep
from search_api.app.ui.saved_common import FormDep
from search_api.auth.accounts import audit, authenticate, end_session, start_session, throttled
from search_api.auth.guard import LOGIN_PATH, SESSION_COOKIE

router = APIRouter(include_in_schema=False)


def safe_next(value: str) -> str:
    """Only a path on this site: an open redirect would send a fresh login elsewhere."""
    if value.startswith("/") and not value.startswith("//") and "\\\\" not in value:
        return value
    return "/"


def _form(
    page: Page, next_url: str, *, status: int = 200, problem: str | None = None
) -> HTMLResponse:
    return page.render("login.html", status, next_url=safe_next(next_url), problem=problem)


@router.get(LOGIN_PATH, response_class=HTMLResponse, name="ui_login")
def login_form(request: Request, page: PageDep) -> HTMLResponse:
    return _form(page, request.query_params.get("next", "/"))


@router.post(LOGIN_PATH, response_class=HTMLResponse)
def login(
    request: Request, data: FormDep, office: OfficeDep, settings: SettingsDep, page: PageDep
) -> Response:
    values = {k: v for k, v in data.items() if isinstance(v, str)}
    username, next_url = values.get("username", ""), values.get("next", "/")
    if throttled(office, username):
        return _form(page, next_url, status=429, problem=page.messages("login.throttled"))
    user = authenticate(office, username, values.get("password", ""))
    if user is None:
        return _form(page, next_url, status=401, problem=page.messages("login.failed"))
    token = start_session(office, user, settings.auth.session_hours)
    audit(office, user.username, "login")
    response = RedirectResponse(safe_next(next_url), status_code=303)
    secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(settings.auth.session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=secure,
    )
    return response


@router.get("/keluar", response_class=HTMLResponse)
def logout_form(page: PageDep) -> HTMLResponse:
    """Signing out changes state, so it is a POST; this page holds its button."""
    return page.render("logout.html")


@router.post("/keluar", response_class=HTMLResponse, name="ui_logout")
def logout(request: Request, office: OfficeDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        end_session(office, token)
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
