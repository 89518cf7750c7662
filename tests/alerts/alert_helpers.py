"""Helpers for the alert tests: articles on a fixed clock, an SMTP collector, a webhook receiver.

The receiver checks the signature itself, with ``hmac`` straight from the standard library rather
than Pantau's own ``verify``, so a wrong signature cannot pass because both sides share a bug.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from net_helpers import free_port as free_port  # the tests here import it from this module

from pantau.models import AgencyRef, Article, Sentiment, SentimentLabel, article_id

WIB = timezone(timedelta(hours=7))
# The tests' clock: a Thursday morning in Bekasi. Alerts were switched on an hour earlier.
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=WIB)
SINCE = NOW - timedelta(hours=1)
SECRET = "rahasia-bersama-humas"
PEMKOT = ("kota-bekasi/pemkot", "Pemerintah Kota Bekasi")
BPBD = ("kota-bekasi/bpbd", "BPBD Kota Bekasi")


def article(
    n: int,
    title: str,
    *,
    published: datetime,
    crawled: datetime | None = None,
    label: SentimentLabel = "neutral",
    agencies: tuple[tuple[tuple[str, str], SentimentLabel | None], ...] = (),
    location: str = "Kota Bekasi",
) -> Article:
    url = f"https://kabarmasa.com/berita/2026/12/{n}/berita-{n}"
    return Article(
        id=article_id("kabarmasa.com", url),
        url=url,
        canonical_url=url,
        outlet="kabarmasa.com",
        outlet_name="Kabar Masa",
        title=title,
        text=f"{title}. Warga membicarakan hal ini sepanjang hari.",
        lead=f"{title}.",
        published_at=published,
        date_source="json-ld",
        crawled_at=crawled or NOW - timedelta(minutes=5),
        location=location,
        language="id",
        word_count=12,
        agencies=[AgencyRef(id=i, name=name, sentiment=tone) for (i, name), tone in agencies],
        sentiment=Sentiment(label=label, score=0.8, reasons=[]),
    )


@dataclass
class Collector:
    """An aiosmtpd handler keeping every message it is given."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@dataclass
class Smtp:
    """The running SMTP server: its port and what it was given."""

    port: int
    collector: Collector

    @property
    def messages(self) -> list[EmailMessage]:
        return self.collector.messages


@dataclass
class Received:
    headers: dict[str, str]
    body: dict[str, Any]


class Receiver:
    """A webhook receiver on loopback: verifies the signature (401 if wrong or old), answers 500
    to the next ``fail_next`` requests, keeps every accepted body."""

    def __init__(self, port: int = 0) -> None:
        self.accepted: list[Received] = []
        self.refused: list[int] = []
        self.fail_next = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                code = receiver.answer(dict(self.headers.items()), body)
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass  # the tests assert on what was received, not on access logs

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def answer(self, headers: dict[str, str], body: bytes) -> int:
        timestamp = headers.get("X-Pantau-Timestamp", "")
        expected = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
        signature = headers.get("X-Pantau-Signature", "")
        fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) < 300
        if not fresh or not hmac.compare_digest(f"sha256={expected.hexdigest()}", signature):
            self.refused.append(401)
            return 401
        if self.fail_next:
            self.fail_next -= 1
            self.refused.append(500)
            return 500
        self.accepted.append(Received(headers, json.loads(body)))
        return 204

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
