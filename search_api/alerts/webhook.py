"""Delivering an alert to a webhook: a signed JSON POST with the standard library.

The receiver (an office's own WhatsApp or Telegram gateway) checks two headers:

* ``X-Pantau-Timestamp``: Unix seconds when the request was signed;
* ``X-Pantau-Signature``: ``sha256=`` and the hex HMAC-SHA256, keyed with the shared secret
  (``alerts.webhook_secret``), of ``"<timestamp>." + body``.

The timestamp is inside the signed text, so a captured request cannot be replayed later with a
fresh timestamp; a receiver refuses a timestamp older than a few minutes (:func:`verify`, five by
default) and compares signatures in constant time. ``X-Pantau-Delivery`` carries the delivery's id:
a delivery whose answer was lost is sent again (at least once, never zero times), and the id lets
the receiver drop the second copy.

Any answer but 2xx is a failure, including redirects (a POST followed to another place is not
what the office configured); the outbox retries it. No secret configured is a failure too:
unsigned alerts would teach receivers to skip the check.

Settings read: ``alerts.webhook_secret``, ``alerts.webhook_timeout``.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import urllib.error
import urllib.request
from datetime import datetime
from email.message import Message
from typing import IO

SIGNATURE_HEADER = "X-Pantau-Signature"
TIMESTAMP_HEADER = "X-Pantau-Timestamp"
DELIVERY_HEADER = "X-Pantau-Delivery"
DEFAULT_TOLERANCE_SECONDS = 300
USER_AGENT = "Pantau-Alerts/1"


class WebhookError(Exception):
    """The webhook did not take the alert; the message says why (for the attempt log)."""


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def verify(
    secret: str,
    *,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now: datetime,
    tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS,
) -> bool:
    """What a receiver does: the signature matches and the timestamp is recent."""
    if timestamp is None or signature is None or not timestamp.isdigit():
        return False
    if abs(now.timestamp() - int(timestamp)) > tolerance_seconds:
        return False
    return hmac.compare_digest(sign(secret, int(timestamp), body), signature)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Message,
        newurl: str,
    ) -> None:
        return None  # urllib then raises HTTPError for the 3xx answer


def post(
    url: str,
    body: bytes,
    *,
    secret: str | None,
    delivery_id: int,
    timeout: float,
) -> int:
    """POST ``body`` to ``url``, signed; the HTTP status, or :class:`WebhookError`."""
    if not secret:
        raise WebhookError("alerts.webhook_secret is not set: configure [alerts] in pantau.toml")
    # The wall clock, not the run's notion of now: the receiver compares it with its own clock.
    timestamp = int(time.time())
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(secret, timestamp, body),
            DELIVERY_HEADER: str(delivery_id),
        },
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            status: int = response.status
    except urllib.error.HTTPError as exc:
        exc.close()
        raise WebhookError(f"webhook {url} answered HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        raise WebhookError(f"webhook {url} unreachable: {reason}") from exc
    if not 200 <= status < 300:
        raise WebhookError(f"webhook {url} answered HTTP {status}")
    return status
