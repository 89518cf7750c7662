"""``pantau archive show|recheck|stats``: the crawl-time archive (docs/partners.md).

``show`` prints an article's first archived copy (or ``--latest``) — record, HTTP headers and the
text extracted from the archived body — even after the outlet edited or deleted the page;
``--raw`` writes the body bytes exactly as archived. ``recheck`` fetches archived articles again
and flags the ones changed or gone (:mod:`search_api.archive.recheck`).
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from typing import Any

from crawler.extract import extract
from pantau.models import Rejected
from pantau.settings import Settings
from pantau_cli.commands.output import fail, print_json
from search_api.archive.archive import Archive, Evidence, warc_dir
from search_api.archive.ledger import LEDGER_NAME
from search_api.archive.recheck import FetchError, recheck
from search_api.archive.warc import ArchiveReadError, RawResponse
from search_api.store import Store, open_store

# Enough for a news page; a larger body is cut, as the crawler's DOWNLOAD_MAXSIZE would refuse it.
MAX_BODY = 10 * 1024 * 1024


def _extracted_text(response: RawResponse, outlet: str | None) -> str | None:
    result = extract(response.body, response.url, outlet=outlet)
    return None if isinstance(result, Rejected) else result.text


def _outlet(store: Store, article_id: str) -> str | None:
    article = store.get(article_id)
    return article.outlet if article is not None else None


def _evidence_dict(
    evidence: Evidence, text: str | None, flags: list[dict[str, Any]]
) -> dict[str, Any]:
    capture = evidence.capture
    response = evidence.record.response
    return {
        "article_id": capture.article_id,
        "url": capture.url,
        "status": capture.status,
        "fetched_at": capture.fetched_at.isoformat(),
        "sha256": capture.sha256,
        "warc_file": capture.warc_file,
        "warc_offset": capture.warc_offset,
        "warc_length": capture.warc_length,
        "origin": capture.origin,
        "flags": flags,
        "headers": [list(pair) for pair in response.headers],
        "text": text,
    }


def _show(args: argparse.Namespace, settings: Settings) -> int:
    directory = warc_dir(settings.home)
    if not (directory / LEDGER_NAME).is_file():
        return fail(f"no archive at {directory} (crawl first)")
    with Archive(directory) as archive:
        try:
            evidence = archive.evidence(args.article_id, latest=args.latest)
        except ArchiveReadError as exc:
            return fail(f"archive damaged: {exc}")
        if evidence is None:
            return fail(f"article {args.article_id} has no archived copy")
        flags = [
            {"kind": f.kind, "detected_at": f.detected_at.isoformat(), "capture_id": f.capture_id}
            for f in archive.ledger.flags([args.article_id]).get(args.article_id, [])
        ]
    if args.raw:
        sys.stdout.buffer.write(evidence.record.response.body)
        return 0
    with closing(open_store(settings.store_url)) as store:
        outlet = _outlet(store, args.article_id)
    text = _extracted_text(evidence.record.response, outlet)
    data = _evidence_dict(evidence, text, flags)
    if args.json:
        print_json(data)
        return 0
    print(f"Artikel   {data['article_id']}")
    print(f"URL       {data['url']}")
    print(f"Diambil   {data['fetched_at']}  (HTTP {data['status']}, {data['origin']})")
    print(f"WARC      {data['warc_file']}#{data['warc_offset']} ({data['warc_length']} byte)")
    print(f"SHA-256   {data['sha256']}")
    for flag in flags:
        label = "DIHAPUS" if flag["kind"] == "gone" else "DIUBAH"
        print(f"Tanda     {label} sejak {flag['detected_at']}")
    print()
    for name, value in evidence.record.response.headers:
        print(f"{name}: {value}")
    print()
    print(text if text is not None else evidence.record.response.body.decode("utf-8", "replace"))
    return 0


def _fetcher(settings: Settings) -> Any:
    def fetch(url: str) -> RawResponse:
        request = urllib.request.Request(url, headers={"User-Agent": settings.crawl.user_agent})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # URLs we crawled
                status, headers, body = answer.status, answer.getheaders(), answer.read(MAX_BODY)
        except urllib.error.HTTPError as exc:  # 404/410 are answers, not failures
            status, headers, body = exc.code, list(exc.headers.items()), exc.read(MAX_BODY)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise FetchError(f"{url}: {exc}") from exc
        return RawResponse(
            url=url, status=status, headers=headers, body=body, fetched_at=datetime.now(UTC)
        )

    return fetch


def _paced(ids: list[str], delay: float) -> Iterator[str]:
    for index, article_id in enumerate(ids):
        if index and delay:
            time.sleep(delay)  # politeness towards the outlets: one request at a time
        yield article_id


def _recheck(args: argparse.Namespace, settings: Settings) -> int:
    directory = warc_dir(settings.home)
    if not (directory / LEDGER_NAME).is_file():
        return fail(f"no archive at {directory} (crawl first)")
    with (
        Archive(directory, max_file_bytes=settings.archive.max_file_bytes) as archive,
        closing(open_store(settings.store_url)) as store,
    ):
        ids = list(args.article_id) or archive.ledger.archived_ids()
        if args.outlet:
            ids = [i for i in ids if _outlet(store, i) in set(args.outlet)]
        # The outlet picks the extraction rules, as in the crawl that made the first capture.
        by_url: dict[str, str | None] = {}
        for article_id in ids:
            first = archive.ledger.first(article_id)
            if first is not None:
                by_url[first.url] = _outlet(store, article_id)
        results = list(
            recheck(
                archive,
                _paced(ids, settings.archive.recheck_delay),
                _fetcher(settings),
                lambda response: _extracted_text(response, by_url.get(response.url)),
            )
        )
    counts: dict[str, int] = {}
    for result in results:
        counts[result.outcome] = counts.get(result.outcome, 0) + 1
    if args.json:
        print_json({"counts": counts, "results": [r.to_dict() for r in results]})
    else:
        for result in results:
            if result.outcome in ("gone", "changed", "error", "not_archived"):
                print(f"{result.outcome:10} {result.article_id} {result.url or ''} {result.detail}")
        print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing archived")
    return 0


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    directory = warc_dir(settings.home)
    if not (directory / LEDGER_NAME).is_file():
        return fail(f"no archive at {directory} (crawl first)")
    with Archive(directory) as archive:
        figures: dict[str, Any] = archive.ledger.stats()
    files = sorted(directory.glob("*.warc.gz"))
    figures["warc_files"] = len(files)
    figures["warc_bytes_on_disk"] = sum(f.stat().st_size for f in files)
    articles = figures["articles"]
    figures["warc_bytes_per_article"] = round(figures["warc_bytes"] / articles) if articles else 0
    if args.json:
        print_json(figures)
    else:
        for key, value in figures.items():
            print(f"{key:24} {value}")
    return 0


def main(args: argparse.Namespace) -> int:
    settings = Settings()
    action = {"show": _show, "recheck": _recheck, "stats": _stats}[args.archive_command]
    return action(args, settings)
