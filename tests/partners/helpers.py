"""A real SQLite store holding hand-made articles of known dates, agencies and clusters."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pantau.models import AgencyRef, Article, article_id

WIB = ZoneInfo("Asia/Jakarta")


def article(
    slug: str,
    when: tuple[int, int, int],
    *,
    outlet: str = "kabarmasa.com",
    agencies: tuple[str, ...] = ("kota-bekasi/dinkes",),
    title: str | None = None,
    text: str = "Pemerintah daerah menggelar kegiatan untuk warga.",
    cluster_id: str | None = None,
) -> Article:
    url = f"https://{outlet}/berita/{slug}"
    return Article(
        id=article_id(outlet, url),
        url=url,
        canonical_url=url,
        outlet=outlet,
        outlet_name=outlet.split(".")[0].title(),
        title=title or f"Berita {slug}",
        text=text,
        published_at=datetime(*when, 10, 0, tzinfo=WIB),
        date_source="json-ld",
        agencies=[AgencyRef(id=a, name=a.split("/")[-1].upper()) for a in agencies],
        cluster_id=cluster_id,
        word_count=len(text.split()),
    )
