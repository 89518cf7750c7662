"""``pantau search QUERY``: the API's query language from the command line."""

from __future__ import annotations

import argparse
import html
import re
from datetime import date

from pantau.settings import Settings
from pantau_cli.commands.output import fail, print_json
from search_api.app.schemas import SearchOut
from search_api.filters_core import FilterError, Filters, build_request, office_timezone
from search_api.query import QueryError
from search_api.store import open_store

_MARKS = re.compile(r"</?mark>")


def main(args: argparse.Namespace) -> int:
    settings = Settings()
    try:
        filters = Filters(
            q=args.query,
            date_from=date.fromisoformat(args.date_from) if args.date_from else None,
            date_to=date.fromisoformat(args.date_to) if args.date_to else None,
        )
        request = build_request(filters, office_timezone(settings), size=args.size)
    except QueryError as exc:
        return fail(f"{exc}\n  {args.query}\n  {' ' * exc.position}^")
    except (FilterError, ValueError) as exc:
        return fail(f"bad date: {exc}")
    store = open_store(settings.store_url)
    try:
        result = store.search(request)
    finally:
        store.close()
    out = SearchOut.of(args.query, 1, args.size, result)
    if args.json:
        print_json(out.model_dump(mode="json"))
        return 0
    print(_count_line(out.total, len(out.hits)))
    for hit in out.hits:
        when = hit.published_at.isoformat() if hit.published_at else "-"
        print(f"- {_plain(hit.title)} [{hit.outlet_name or hit.outlet}, {when}]\n  {hit.url}")
        print(f"  {_plain(_MARKS.sub('*', hit.snippet))}")
    return 0


def _count_line(total: int, shown: int) -> str:
    """The total, and when not every hit is listed, which ones are and how to see more."""
    line = f"{total} hasil / results"
    if shown < total:
        line += f" — showing 1–{shown} of {total}; --size N for more"
    return line


def _plain(text: str) -> str:
    # Snippets (and some outlets' titles) are HTML-escaped for the web; a terminal wants the text.
    return html.unescape(text)
