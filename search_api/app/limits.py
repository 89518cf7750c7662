"""Bounds on what one client may send: the request body's size and the request rate.

An ASGI middleware (exports keep streaming): a body larger than ``api.max_body_bytes`` is answered
413 — by its ``Content-Length`` before it is read, or as soon as a chunked body passes the limit —
and a client address sending more than ``api.requests_per_minute`` gets 429 with
``Retry-After``. The rate is a token bucket per address in this process (a client behind the
office's proxy is told apart by ``X-Forwarded-For`` when ``api.forwarded_allow_ips`` trusts it).
"""

from __future__ import annotations

import json
import threading
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Buckets of clients not seen for this long are forgotten, so the table cannot grow without end.
IDLE_SECONDS = 600.0


class RequestLimits:
    def __init__(self, app: ASGIApp, *, max_body: int, per_minute: int) -> None:
        self.app = app
        self.max_body = max_body
        self.rate = per_minute / 60.0
        self.burst = float(per_minute)
        self._buckets: dict[str, tuple[float, float]] = {}  # client: (tokens, last time)
        self._lock = threading.Lock()

    def _allow(self, client: str) -> float:
        """0 when the request may go on, else the seconds until it could."""
        now = time.monotonic()
        with self._lock:
            if len(self._buckets) > 10_000:
                self._buckets = {
                    k: v for k, v in self._buckets.items() if now - v[1] < IDLE_SECONDS
                }
            tokens, last = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                return (1.0 - tokens) / self.rate
            self._buckets[client] = (tokens - 1.0, now)
            return 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("?", 0))[0]
        wait = self._allow(client)
        if wait > 0:
            message = "too many requests from this address; try again shortly"
            await _answer(send, 429, message, {"retry-after": str(int(wait) + 1)})
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await _answer(send, 413, f"the request body is larger than {self.max_body} bytes")
            return
        # The body is read here, whole, up to the limit (at most a megabyte by default), so a
        # chunked body without a Content-Length is refused as soon as it passes the limit too.
        buffered: list[Message] = []
        seen = 0
        more = scope["method"] not in ("GET", "HEAD", "OPTIONS")
        while more:
            event = await receive()
            buffered.append(event)
            if event["type"] != "http.request":
                break
            seen += len(event.get("body", b""))
            if seen > self.max_body:
                await _answer(send, 413, f"the request body is larger than {self.max_body} bytes")
                return
            more = bool(event.get("more_body", False))

        async def replay() -> Message:
            return buffered.pop(0) if buffered else await receive()

        await self.app(scope, replay, send)


async def _answer(
    send: Send, status: int, message: str, extra: dict[str, str] | None = None
) -> None:
    body = json.dumps({"detail": {"message": message}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
