"""The crawl-time archive at size: write and read speed and WARC bytes per article.

Usage::

    .venv/bin/python bench/archive.py [--repeat 50]

The bodies are the sample site's real article pages (every outlet, as served), written
``--repeat`` times each through the same code as the crawler's ArchivePipeline (WARC record +
ledger row per capture) into a temp directory; then every record is read back at random through
the ledger. Printed: captures, seconds and captures/s for writing, ms per random read, WARC bytes
per article (gzip) next to the raw body bytes, and the ledger's size.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from samplesite.model import OUTLET_IDS
from samplesite.server import SampleSite
from search_api.archive.archive import Archive
from search_api.archive.warc import RawResponse


def _pages() -> list[RawResponse]:
    pages = []
    with SampleSite() as site:
        for server in site._servers:  # the routes as served, no HTTP needed for the figures
            assert server.data is not None
            for article in server.data.articles:
                page = server.routes[article.path]
                if page.status == 200:
                    pages.append(
                        RawResponse(
                            url=site.base_urls[server.outlet].rstrip("/") + article.path,
                            status=200,
                            headers=[("Content-Type", page.content_type), ("Server", "nginx")],
                            body=page.body,
                            fetched_at=datetime.now(UTC),
                        )
                    )
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    pages = _pages()
    print(f"sample pages: {len(pages)} from {len(OUTLET_IDS)} outlets")
    raw = sum(len(p.body) for p in pages) / len(pages)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        with Archive(directory) as archive:
            ids = []
            started = time.perf_counter()
            for round_ in range(args.repeat):
                for index, page in enumerate(pages):
                    article = f"a{round_}-{index}"
                    archive.record(
                        article, page, text=page.body.decode("utf-8", "replace"), origin="crawl"
                    )
                    ids.append(article)
            seconds = time.perf_counter() - started
            random.seed(7)
            sample = random.sample(ids, min(500, len(ids)))
            started = time.perf_counter()
            for article in sample:
                evidence = archive.evidence(article)
                assert evidence is not None
            read_ms = (time.perf_counter() - started) * 1000 / len(sample)
            stats = archive.ledger.stats()
        ledger_bytes = sum(f.stat().st_size for f in directory.glob("captures.db*"))
    print(f"captures written:       {len(ids)} in {seconds:.2f} s ({len(ids) / seconds:.0f}/s)")
    print(f"random read (evidence): {read_ms:.2f} ms")
    print(f"WARC bytes per article: {stats['warc_bytes'] / len(ids):.0f} (raw body {raw:.0f})")
    print(f"ledger bytes per article: {ledger_bytes / len(ids):.0f}")


if __name__ == "__main__":
    main()
