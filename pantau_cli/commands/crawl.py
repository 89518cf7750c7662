"""``pantau crawl``: one crawl of the configured sources, in this process."""

from __future__ import annotations

import argparse

from crawler.run import CrawlFailed, run_crawl
from crawler.sources import SourcesError
from pantau.settings import Settings
from pantau_cli.commands.output import fail, print_json


def main(args: argparse.Namespace) -> int:
    settings = Settings()
    sources_file = args.sources or settings.sources_path
    try:
        summary = run_crawl(settings, sources_file, source=args.source)
    except SourcesError as exc:
        return fail(str(exc))
    except CrawlFailed as exc:
        return fail(str(exc), code=1)
    if args.json:
        print_json(summary)
    else:
        print(
            f"{summary['extracted']} articles extracted, {summary['created']} new, "
            f"{summary['skipped_already_stored']} already stored, "
            f"rejected: {summary['rejected'] or 'none'}"
        )
    return 0 if summary["spooled"] == 0 else 1
