"""``pantau sources check``: per outlet, is extraction still healthy? (see ``crawler.check``)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from crawler.check import append_history, as_dict, figures, flags, load_history
from crawler.run import CrawlFailed, run_check
from crawler.sources import SourcesError
from pantau.settings import Settings
from pantau_cli.commands.output import fail, print_json


def main(args: argparse.Namespace) -> int:
    settings = Settings()
    sources_file = args.sources or settings.sources_path
    try:
        history = load_history(settings.home)
        found, rejected = run_check(
            settings, sources_file, source=args.source, sample=args.sample, verbose=args.verbose
        )
    except (SourcesError, ValueError) as exc:
        return fail(str(exc))
    except CrawlFailed as exc:
        return fail(str(exc), code=1)
    now = datetime.now(UTC)
    results = []
    for outlet, articles in found.items():
        result = figures(outlet, articles, rejected.get(outlet, 0), now)
        result.flags = flags(result, history.get(outlet, []))
        results.append(result)
    append_history(settings.home, results)
    if args.json:
        print_json({"outlets": [as_dict(r) for r in results]})
    else:
        print(f"{'outlet':32} {'articles':>8} {'dated':>6} {'words':>6} {'boilerpl.':>9}  flags")
        for r in results:
            print(
                f"{r.outlet:32} {r.articles:>8} {r.dated_share:>6.2f} {r.median_words:>6.0f} "
                f"{r.boilerplate_share:>9.2f}  {'; '.join(r.flags) or 'ok'}"
            )
    return 1 if any(r.flags for r in results) else 0
