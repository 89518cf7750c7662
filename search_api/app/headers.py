"""Security headers on every response (an ASGI middleware, so streamed exports keep streaming).

* ``Content-Security-Policy``: the UI loads only its own files and runs no script at all
  (``script-src 'self'`` with none to load); inline ``style`` attributes stay allowed because the
  tone bars are drawn with them. ``/docs`` and ``/redoc`` run Swagger UI and ReDoc, which start
  from an inline script and (ReDoc) a blob worker, so those two pages get their own policy.
* ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``: no other site may frame a page (a
  framed "Ya, hapus" button could be clicked through).
* ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin`` (search URLs carry
  queries; they stay on this server).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Receive, Scope, Send

UI_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
DOCS_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; worker-src 'self' blob:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")
COMMON = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_POLICY if scope["path"] in DOCS_PATHS else UI_POLICY

        async def with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in COMMON.items():
                    headers.setdefault(name, value)
                headers.setdefault("Content-Security-Policy", policy)
            await send(message)

        await self.app(scope, receive, with_headers)
