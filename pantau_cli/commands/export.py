"""``pantau export QUERY --format xlsx|csv|pdf --out FILE``: a clipping export from the command
line, the same file as the web UI's "Ekspor" and ``/api/export`` (:mod:`search_api.exports`)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import IO

from nlp.agency_names import AgencyNames
from pantau.settings import Settings
from pantau_cli.commands.output import fail, print_json
from search_api.exports.run import Export, prepare
from search_api.filters_core import FilterError, Filters
from search_api.query import QueryError
from search_api.store import open_store


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(
        q=args.query,
        date_from=date.fromisoformat(args.date_from) if args.date_from else None,
        date_to=date.fromisoformat(args.date_to) if args.date_to else None,
        outlets=args.outlet,
        agencies=args.agency,
        sentiments=args.sentiment,
        agency_tones=args.agency_tone,
    )


def _write(job: Export, args: argparse.Namespace) -> int:
    if str(args.out) == "-":
        return job.write(sys.stdout.buffer)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    partial = args.out.with_name(args.out.name + ".part")
    out: IO[bytes]
    with partial.open("wb") as out:
        count = job.write(out)
    partial.replace(args.out)  # a reader never sees half a file
    return count


def main(args: argparse.Namespace) -> int:
    settings = Settings()
    try:
        filters = _filters(args)
    except ValueError as exc:
        return fail(f"bad date: {exc}")
    store = open_store(settings.store_url)
    try:
        names = AgencyNames.load(overrides=settings.agencies_file)
        try:
            job = prepare(
                store,
                filters,
                args.format,
                tz_name=settings.schedule.timezone,
                names=names,
                language=args.lang,
            )
        except QueryError as exc:
            return fail(f"{exc}\n  {args.query}\n  {' ' * exc.position}^")
        except FilterError as exc:
            return fail(str(exc))
        count = _write(job, args)
    finally:
        store.close()
    report = {
        "file": str(args.out),
        "format": args.format,
        "articles": count,
        "total": job.summary.scope.total,
        "truncated": job.summary.scope.truncated,
    }
    if args.json:
        print_json(report)
    elif str(args.out) != "-":
        print(f"{count} berita / articles → {args.out} (dari / of {job.summary.scope.total})")
    return 0
