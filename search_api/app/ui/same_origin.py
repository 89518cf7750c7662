"""The same-origin check of every form the web UI accepts, as a router dependency.

The UI has no login yet, so a form on another site could otherwise change a saved search
through a visitor's browser. Browsers name the sending page's origin in ``Origin`` on every POST;
one that is not this host is refused (:class:`CrossSiteRequest`, answered by the app's handler with
a 403 page). A request without ``Origin`` (curl, old browsers) is let through. Safe methods are not
checked: they change nothing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CrossSiteRequest(Exception):
    """A state-changing request sent by a page on another site."""


def is_cross_site(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None:
        return False
    return urlsplit(origin).netloc != request.headers.get("host", "")


def same_origin(request: Request) -> None:
    """Raises :class:`CrossSiteRequest` for a cross-site POST (or other unsafe method)."""
    if request.method not in SAFE_METHODS and is_cross_site(request):
        raise CrossSiteRequest(request.headers.get("origin", ""))
