"""How the app answers errors, in one place: JSON for the API, a page for the web UI.

**One envelope for every API error**: ``{"detail": {"message": "…", …}}``. A malformed query adds
``position`` and ``query``; invalid parameters (422) add ``errors``, a list of
``{"field", "message"}``; everything else (400, 404, 503 …) carries the message alone. Clients
read ``detail.message`` whatever went wrong.

* ``QueryError`` → 400 ``{"detail": {"message", "position", "query"}}`` (``/api/*``).
* ``HTTPException`` → its status in the envelope; a 404 outside ``/api/`` (a page that does not
  exist) is the UI's "not found" page in the visitor's language.
* ``RequestValidationError`` → 422 in the envelope, naming each parameter.
* ``OfficeDBError`` (the office database cannot be opened) → 503: JSON under ``/api/``, the UI's
  "unavailable" page in the visitor's language elsewhere.
* ``TooManyBuckets`` (a timeline of more buckets than a chart or a client can use) → 400.
* ``LoginRequired`` → 401 (API, /docs) or a redirect to the login page; ``RoleRequired`` → 403.
* ``CrossSiteRequest`` (a form posted from another site) → the UI's 403 page.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from search_api.app.ui.rendering import page_for
from search_api.app.ui.same_origin import CrossSiteRequest
from search_api.app.ui.saved_common import problem_page
from search_api.auth.guard import LOGIN_PATH, LoginRequired, RoleRequired
from search_api.digests.db import OfficeDBError
from search_api.query import QueryError
from search_api.store.stats import TooManyBuckets

API_PREFIX = "/api/"


def query_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, QueryError)
    query = request.query_params.get("q", "")
    body = envelope(exc.message, position=exc.position, query=query)
    return JSONResponse(status_code=400, content=body)


def envelope(message: str, **extra: object) -> dict[str, object]:
    return {"detail": {"message": message, **extra}}


def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404 and not request.url.path.startswith(API_PREFIX):
        return page_for(request).render("not_found.html", 404, article_id=None)
    detail = exc.detail
    body = {"detail": detail} if isinstance(detail, dict) else envelope(str(detail))
    return JSONResponse(status_code=exc.status_code, content=body, headers=exc.headers)


def invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": ".".join(str(part) for part in error.get("loc", ())), "message": error["msg"]}
        for error in exc.errors()
    ]
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "invalid request"
    return JSONResponse(status_code=422, content=envelope(summary, errors=errors))


def too_many_buckets(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith(API_PREFIX):
        return JSONResponse(status_code=400, content=envelope(str(exc)))
    return problem_page(page_for(request), 400, "too_many_buckets", detail=str(exc))


def login_required(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith(API_PREFIX) or request.url.path in ("/docs", "/redoc"):
        body = envelope("login required: a session or an Authorization: Bearer token")
        return JSONResponse(status_code=401, content=body, headers={"WWW-Authenticate": "Bearer"})
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"{LOGIN_PATH}?{urlencode({'next': target})}", status_code=303)


def role_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RoleRequired)
    message = f"this needs the role {exc.needed!r} or higher"
    if request.url.path.startswith(API_PREFIX):
        return JSONResponse(status_code=403, content=envelope(message))
    return problem_page(page_for(request), 403, "role", role=exc.needed)


def office_unavailable(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith(API_PREFIX):
        return JSONResponse(status_code=503, content=envelope(str(exc)))
    return problem_page(page_for(request), 503, "unavailable", detail=str(exc))


def cross_site(request: Request, exc: Exception) -> Response:
    return problem_page(page_for(request), 403, "cross_site")


def install(app: FastAPI) -> None:
    app.add_exception_handler(QueryError, query_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(OfficeDBError, office_unavailable)
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(RoleRequired, role_required)
    app.add_exception_handler(TooManyBuckets, too_many_buckets)
    app.add_exception_handler(CrossSiteRequest, cross_site)
