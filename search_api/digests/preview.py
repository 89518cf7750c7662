"""A digest built and rendered without sending: ``pantau digest preview`` and the API's preview."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from nlp.agency_names import AgencyNames
from pantau.settings import Settings
from search_api.digests.build import Digest, build_digest, default_day
from search_api.digests.links import UNSUBSCRIBE_MARKER, UNSUBSCRIBE_PATH, public_url
from search_api.digests.render import RenderedDigest, render_digest
from search_api.digests.searches import SavedSearch
from search_api.i18n import Language
from search_api.store import Store


@dataclass(frozen=True, slots=True)
class Preview:
    digest: Digest
    rendered: RenderedDigest


def preview_digest(
    settings: Settings,
    store: Store,
    saved: SavedSearch,
    *,
    names: AgencyNames,
    day: date | None = None,
    language: Language = "id",
) -> Preview:
    """The digest ``saved`` would send for ``day`` (default: yesterday, as the daily run does)."""
    day = day or default_day(datetime.now(UTC), settings.schedule.timezone)
    timezone = settings.schedule.timezone
    digest = build_digest(store, saved, day, settings.digest, timezone, names)
    base = public_url(settings)
    rendered = render_digest(digest, language, base)
    if base is not None:  # each recipient gets a link of their own; the preview shows its shape
        sample = f"{base}{UNSUBSCRIBE_PATH}?…"
        rendered = replace(
            rendered,
            text=rendered.text.replace(UNSUBSCRIBE_MARKER, sample),
            html=rendered.html.replace(UNSUBSCRIBE_MARKER, sample),
        )
    return Preview(digest=digest, rendered=rendered)
