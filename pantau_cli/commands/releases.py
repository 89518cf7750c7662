"""``pantau releases add|list|show``: press releases and the outlets that carried them
(:mod:`search_api.releases`).

``add`` registers pasted text (``--text FILE``, ``-`` for stdin, with ``--title``) or a page of
the office's own site (``--url``: fetched and extracted like the crawler does; when the crawl
already stored it, the stored, tagged article is used).
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from crawler.extract import extract
from pantau.models import Article, Rejected
from pantau.settings import Settings
from pantau_cli.commands.output import fail, print_json
from search_api.digests.db import open_office
from search_api.releases.pickups import find_pickups
from search_api.releases.registry import (
    Release,
    ReleaseError,
    add_from_article,
    add_release,
    get_release,
    list_releases,
    own_outlets,
)
from search_api.releases.serialise import delay_text, pickup_dict, release_dict
from search_api.store import StoreError, open_store

FETCH_TIMEOUT = 30
MAX_PAGE_BYTES = 5_000_000
USER_AGENT = "Pantau/1.0 (press release registration)"


def _fetch(url: str) -> bytes:
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError("only http and https URLs")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
        body: bytes = response.read(MAX_PAGE_BYTES + 1)
    if len(body) > MAX_PAGE_BYTES:
        raise ValueError(f"page larger than {MAX_PAGE_BYTES} bytes")
    return body


def _page_article(settings: Settings, url: str) -> Article | str:
    """The page as an article (the stored one when the crawl has it), or why not."""
    try:
        body = _fetch(url)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return f"cannot fetch {url}: {exc}"
    result = extract(body, url, timezone=settings.schedule.timezone)
    if isinstance(result, Rejected):
        return f"{url}: not an article page ({result.reason}: {result.detail})"
    store = open_store(settings.store_url)
    try:
        stored = store.get(result.id)
    finally:
        store.close()
    return stored if stored is not None else result


def _add(settings: Settings, args: argparse.Namespace) -> int:
    by = args.by
    with open_office(settings) as conn:
        try:
            if args.url:
                article = _page_article(settings, args.url)
                if isinstance(article, str):
                    return fail(article, code=1)
                release, created = add_from_article(conn, article, source="url", registered_by=by)
            else:
                if not args.title:
                    return fail("--title is needed with --text")
                text = sys.stdin.read() if args.text == "-" else _read(args.text)
                if text is None:
                    return fail(f"cannot read {args.text}")
                published = _published(args.published, settings.schedule.timezone)
                release, created = add_release(
                    conn,
                    title=args.title,
                    text=text,
                    published_at=published,
                    source="text",
                    registered_by=by,
                )
        except (ReleaseError, StoreError) as exc:
            return fail(str(exc))
    if args.json:
        print_json({"created": created, **release_dict(release)})
    else:
        state = "registered" if created else "already registered"
        print(f"release {release.id} {state}: {release.title}")
    return 0


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except OSError:
        return None


def _published(value: str | None, timezone: str) -> datetime:
    if value is None:
        return datetime.now(ZoneInfo(timezone))
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ReleaseError(f"--published: not an ISO date/time: {value!r}") from exc
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=ZoneInfo(timezone))


def _list(settings: Settings, args: argparse.Namespace) -> int:
    with open_office(settings) as conn:
        releases = list_releases(conn)
    if args.json:
        print_json([release_dict(r) for r in releases])
        return 0
    zone = ZoneInfo(settings.schedule.timezone)
    for release in releases:
        when = release.published_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        print(f"{release.id:>4}  {when}  {release.source:4}  {release.title}")
    return 0


def _show(settings: Settings, args: argparse.Namespace) -> int:
    try:
        with open_office(settings) as conn:
            release = get_release(conn, args.id)
            own = own_outlets(conn)
        store = open_store(settings.store_url)
        try:
            pickups = find_pickups(store, release, own)
        finally:
            store.close()
    except ReleaseError as exc:
        return fail(str(exc), code=1)
    except StoreError as exc:
        return fail(str(exc))
    if args.json:
        print_json(
            {**release_dict(release, full_text=True), "pickups": [pickup_dict(p) for p in pickups]}
        )
        return 0
    _print_release(release, settings.schedule.timezone)
    print(f"carried by {len(pickups)} outlet article(s)")
    for pickup in pickups:
        print(
            f"- {pickup.outlet}: {pickup.title} ({pickup.kind}, {pickup.reused:.0%} reused, "
            f"after {delay_text(pickup.delay) or '?'})"
        )
        print(f"  {pickup.url}")
        for quote in pickup.added_quotes:
            print(f"  + quote: {quote}")
        if pickup.tone_differs:
            print(f"  tone: {pickup.tone} (release: {release.sentiment})")
    return 0


def _print_release(release: Release, timezone: str) -> None:
    when = release.published_at.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")
    print(f"release {release.id}: {release.title}")
    print(f"published {when} ({release.source}{', ' + release.url if release.url else ''})")


def main(args: argparse.Namespace) -> int:
    settings = Settings()
    action = {"add": _add, "list": _list, "show": _show}[args.releases_command]
    return action(settings, args)
