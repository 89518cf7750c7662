"""How the app answers our exceptions, in one place: JSON for the API, a page for the web UI.

* ``QueryError`` → 400 ``{"detail": {"message", "position", "query"}}`` (``/api/*``).
* ``OfficeDBError`` (the office database cannot be opened) → 503: JSON under ``/api/``, the UI's
  "unavailable" page in the visitor's language elsewhere.
* ``CrossSiteRequest`` (a form posted from another site) → the UI's 403 page.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from search_api.app.ui.rendering import page_for
from search_api.app.ui.same_origin import CrossSiteRequest
from search_api.app.ui.saved_common import problem_page
from search_api.digests.db import OfficeDBError
from search_api.query import QueryError

API_PREFIX = "/api/"


def query_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, QueryError)
    query = request.query_params.get("q", "")
    body = {"detail": {"message": exc.message, "position": exc.position, "query": query}}
    return JSONResponse(status_code=400, content=body)


def office_unavailable(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith(API_PREFIX):
        return JSONResponse(status_code=503, content={"detail": str(exc)})
    return problem_page(page_for(request), 503, "unavailable", detail=str(exc))


def cross_site(request: Request, exc: Exception) -> Response:
    return problem_page(page_for(request), 403, "cross_site")


def install(app: FastAPI) -> None:
    app.add_exception_handler(QueryError, query_error)
    app.add_exception_handler(OfficeDBError, office_unavailable)
    app.add_exception_handler(CrossSiteRequest, cross_site)
