"""``pantau store maintain``: the store's upkeep now (the scheduler runs it weekly).
``pantau store rekey``: the store and the office database to the current article ids."""

from __future__ import annotations

import argparse

from pantau.settings import Settings
from pantau_cli.commands.output import print_json
from search_api.scheduler import maintain_job


def main(args: argparse.Namespace) -> int:
    if args.store_command == "rekey":
        return _rekey(args)
    report = maintain_job(Settings())
    if args.json:
        print_json(report)
    elif report["steps"]:
        saved = (report["bytes_before"] - report["bytes_after"]) / 1e6
        print(f"{', '.join(report['steps'])}: {saved:.1f} MB freed in {report['seconds']} s")
    else:
        print(f"{report['engine']}: nothing to do")
    return 0


def _rekey(args: argparse.Namespace) -> int:
    from search_api.digests.db import OFFICE_DB_NAME
    from search_api.rekey_ids import rekey_all

    settings = Settings()
    report = rekey_all(settings.store_url, settings.home / OFFICE_DB_NAME)
    if args.json:
        print_json(report)
    else:
        print(
            f"{report['aliases']} articles re-keyed; office database: "
            f"{report['corrections']} corrections, {report['alert_articles']} alert records moved"
        )
    return 0
