"""Links in a digest back to Pantau: the day's results, and a per-recipient unsubscribe link.

Both need ``api.public_url`` (the address staff open Pantau at); without it a digest carries no
link and its footer says to ask the office's administrator, as before.

**Unsubscribe links** are signed, so nobody can stop someone else's digest by guessing numbers:
``/berhenti?p=<saved search>&s=<subscription>&t=<token>``, the token an HMAC-SHA256 of the ids and
the address under a key kept in ``PANTAU_HOME/unsubscribe.key`` (made once, readable by its owner
only). A changed address or a new key makes old links invalid. The mail carries the link in
``List-Unsubscribe`` with ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058), so
mail clients offer their own button.

Settings read: ``api.public_url``, ``home``.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from pantau.settings import Settings
from search_api.digests.searches import SavedSearch

KEY_FILE = "unsubscribe.key"
KEY_BYTES = 32
UNSUBSCRIBE_PATH = "/berhenti"
# In a rendered digest, where each recipient's own unsubscribe link goes (mail.compose fills it).
UNSUBSCRIBE_MARKER = "__PANTAU_UNSUBSCRIBE_URL__"


def public_url(settings: Settings) -> str | None:
    base = settings.api.public_url
    return base.rstrip("/") if base else None


def unsubscribe_key(home: Path) -> bytes:
    """The signing key, made on first use. Created with O_EXCL so two processes starting at once
    cannot each write a different key."""
    path = home / KEY_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    home.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it meanwhile
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    key = secrets.token_bytes(KEY_BYTES)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key.hex())
    return key


def unsubscribe_token(key: bytes, search_id: int, subscription_id: int, email: str) -> str:
    message = f"{search_id}:{subscription_id}:{email.lower()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def token_matches(key: bytes, search_id: int, subscription_id: int, email: str, token: str) -> bool:
    expected = unsubscribe_token(key, search_id, subscription_id, email)
    return hmac.compare_digest(expected, token)


def unsubscribe_url(base: str, key: bytes, search_id: int, subscription_id: int, email: str) -> str:
    token = unsubscribe_token(key, search_id, subscription_id, email)
    query = urlencode({"p": search_id, "s": subscription_id, "t": token})
    return f"{base}{UNSUBSCRIBE_PATH}?{query}"


def search_filters(saved: SavedSearch) -> dict[str, list[str]]:
    """A saved search's filters by the search page's parameter names (empty ones left out)."""
    named: dict[str, Sequence[str]] = {
        "outlet": saved.outlets,
        "agency": saved.agencies,
        "sentiment": saved.sentiments,
        "agency_tone": saved.agency_tones,
    }
    return {key: list(values) for key, values in named.items() if values}


def results_url(base: str, query: str, filters: Mapping[str, Sequence[str]], day: date) -> str:
    """The search page with this query and these filters over ``day`` (``base`` "" for a path):
    every article of the day, not only a digest's top ones."""
    pairs: list[tuple[str, str]] = [("q", query)] if query else []
    pairs += [("from", day.isoformat()), ("to", day.isoformat())]
    for key in ("outlet", "agency", "sentiment", "agency_tone"):
        pairs += [(key, value) for value in filters.get(key, ())]
    return f"{base}/?{urlencode(pairs)}"
