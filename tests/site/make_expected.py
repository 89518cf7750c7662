"""Regenerate ``tests/site/expected/<outlet>/<slug>.json`` from the article data.

Run ``python tests/site/make_expected.py`` after editing ``samplesite/articles/*.yaml``;
``test_site.py`` fails when the files are out of date. The JSON is what extraction of the served
page should yield (no NLP fields):

* ``published_at`` — ISO 8601 with offset, or ``null`` where the page shows no time (Blogger);
  then ``published_date`` still gives the day and ``feed_published_at`` the Atom feed's timestamp.
* ``must_contain`` — the first sentence of the first and of the last paragraph (no dateline).
* ``must_not_contain`` — boilerplate sentinels and the titles linked from "Baca juga" boxes.
* ``expect`` — ``article``, or ``rejected`` with ``reject_reason`` for pages that are not articles.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from samplesite import blogger, kabarmasa, legacy
from samplesite.model import OUTLET_IDS, SampleArticle, first_sentence, load_outlet
from samplesite.pages import related

_HERE = Path(__file__).resolve().parent

EXPECTED_DIR = _HERE / "expected"

# Boilerplate that must never reach an article's text, on any outlet.
COMMON_SENTINELS = (
    "Baca Juga",
    "Baca juga",
    "No comments",
    "Post a Comment",
    "ADVERTISEMENT",
    "Labels:",
    "KABARMASA.COM,",
    "Tinggalkan Balasan",
    "Berita Terkait",
    "Older Post",
    "Lihat juga",
    "Simak juga",
    "[Gambas:",
    "Foto: Dok.",
    "Suasana kegiatan di lokasi",
    "Reporter:",
)


def _dateline(article: SampleArticle) -> str | None:
    if not article.location:
        return None
    place = article.location.upper()
    if article.outlet == "kabarmasa.com":
        return kabarmasa.dateline(article)
    if article.outlet == "suarapriangan.net":
        return legacy.dateline(article)
    if article.outlet == "sumedangpost.blogspot.com":
        return f"{place} - "
    return f"{place} – "


def expected(article: SampleArticle, siblings: tuple[SampleArticle, ...]) -> dict[str, Any]:
    sentinels = list(COMMON_SENTINELS)
    if article.initials:
        sentinels.append(f"({article.initials})")
    if article.outlet == "suarapriangan.net":
        sentinels.append(legacy.BRAND)
    # Titles of other posts linked in boxes inside the body (Baca juga, related lists).
    sentinels.extend(a.title for a in related(siblings, article, 2))
    blog = article.outlet == "sumedangpost.blogspot.com"
    return {
        "outlet": article.outlet,
        "url_path": article.path,
        "expect": article.expect,
        "reject_reason": article.reject_reason,
        "title": article.title,
        "published_at": None if blog else article.published.isoformat(),
        "published_date": article.published.date().isoformat(),
        "time_known": article.time_known,
        "date_text": blogger.date_header(article) if blog else None,
        "feed_published_at": article.published.isoformat() if blog else None,
        "modified_at": article.modified.isoformat() if article.modified else None,
        "author": article.author,
        "editor": article.editor,
        "author_initials": article.initials,
        "location": article.location,
        "dateline": _dateline(article),
        "section": article.section,
        "tags": list(article.tags),
        "tone": article.tone,
        "syndication": article.syndication,
        "must_contain": [
            first_sentence(article.paragraphs[0]),
            first_sentence(article.paragraphs[-1]),
        ],
        "must_not_contain": sentinels,
    }


def render_all() -> dict[Path, str]:
    """Every expected file's path and its exact content."""
    out: dict[Path, str] = {}
    for outlet_id in OUTLET_IDS:
        outlet = load_outlet(outlet_id)
        for article in outlet.articles:
            data = expected(article, outlet.articles)
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            out[EXPECTED_DIR / outlet_id / f"{article.slug}.json"] = text
    return out


def main() -> None:
    files = render_all()
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    stale = {p for p in EXPECTED_DIR.glob("*/*.json")} - set(files)
    for path in stale:
        path.unlink()
    print(f"wrote {len(files)} files, removed {len(stale)} stale ones under {EXPECTED_DIR}")


if __name__ == "__main__":
    main()
