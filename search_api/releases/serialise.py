"""Releases and pickups as JSON-ready dicts: one shape for ``/api/releases`` and the CLI."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from search_api.releases.pickups import Pickup
from search_api.releases.registry import Release

EXCERPT_CHARS = 300


def release_dict(release: Release, *, full_text: bool = False) -> dict[str, Any]:
    text = (
        release.text
        if full_text or len(release.text) <= EXCERPT_CHARS
        else (release.text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …")
    )
    return {
        "id": release.id,
        "title": release.title,
        "text": text,
        "published_at": release.published_at.isoformat(),
        "source": release.source,
        "url": release.url,
        "article_id": release.article_id,
        "outlet": release.outlet,
        "sentiment": release.sentiment,
        "registered_by": release.registered_by,
        "created_at": release.created_at.isoformat(),
    }


_UNITS = {"id": ("hari", "jam", "menit"), "en": ("d", "h", "min")}


def delay_text(delay: timedelta | None, lang: str = "id") -> str | None:
    """A delay in words: "4 jam 30 menit", "2 hari 3 jam", "-15 menit" (the outlet was first);
    in English "4 h 30 min"."""
    if delay is None:
        return None
    day, hour, minute = _UNITS.get(lang, _UNITS["id"])
    sign = "-" if delay < timedelta(0) else ""
    minutes = int(abs(delay).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} {day}"] if days else []
    if hours:
        parts.append(f"{hours} {hour}")
    if minutes and not days:
        parts.append(f"{minutes} {minute}")
    return sign + (" ".join(parts) or f"0 {minute}")


def pickup_dict(pickup: Pickup) -> dict[str, Any]:
    return {
        "article_id": pickup.article_id,
        "outlet": pickup.outlet,
        "url": pickup.url,
        "title": pickup.title,
        "published_at": pickup.published_at.isoformat() if pickup.published_at else None,
        "reused": pickup.reused,
        "kind": pickup.kind,
        "delay_seconds": int(pickup.delay.total_seconds()) if pickup.delay is not None else None,
        "delay": delay_text(pickup.delay),
        "added_sentences": pickup.added_sentences,
        "added_quotes": pickup.added_quotes,
        "tone": pickup.tone,
        "tone_differs": pickup.tone_differs,
    }
