"""``pantau store maintain``: the store's upkeep now (the scheduler runs it weekly)."""

from __future__ import annotations

import argparse

from pantau.settings import Settings
from pantau_cli.commands.output import print_json
from search_api.scheduler import maintain_job


def main(args: argparse.Namespace) -> int:
    report = maintain_job(Settings())
    if args.json:
        print_json(report)
    elif report["steps"]:
        saved = (report["bytes_before"] - report["bytes_after"]) / 1e6
        print(f"{', '.join(report['steps'])}: {saved:.1f} MB freed in {report['seconds']} s")
    else:
        print(f"{report['engine']}: nothing to do")
    return 0
