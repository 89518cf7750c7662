"""The ``pantau`` command: one entry point, each sub-command in ``pantau_cli/commands/``.

Sub-commands import their heavy dependencies (Scrapy, spaCy, FastAPI) only when they run, so
``pantau --help`` stays fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pantau", description="Pantau: pemantauan berita untuk humas."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_pipeline_commands(sub)
    _add_operations_commands(sub)
    _add_office_commands(sub)
    return parser


# argparse has no public name for the type of add_subparsers(); typeshed uses this one.
Subparsers = argparse._SubParsersAction


def _add_pipeline_commands(sub: Subparsers[argparse.ArgumentParser]) -> None:
    """The main job and its stages: demo, crawl, serve, extract, tag, search."""
    demo = sub.add_parser("demo", help="crawl the bundled sample site, index it, serve the API")
    demo.add_argument("--once", action="store_true", help="crawl and index, print counts, exit")
    demo.add_argument("--json", action="store_true", help="print the counts as JSON")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=0, help="API port (default: a free one)")
    demo.add_argument("--site-port", type=int, default=8601, help="first port of the sample site")

    crawl = sub.add_parser("crawl", help="crawl the configured sources into the store")
    crawl.add_argument(
        "action",
        nargs="?",
        choices=["status"],
        help="status: the shared frontier's queue and each worker's counts (crawl.frontier)",
    )
    crawl.add_argument(
        "--worker",
        action="store_true",
        help="join the shared frontier (crawl.frontier) and crawl until its cycle is done",
    )
    crawl.add_argument("--source", help="only this outlet id")
    crawl.add_argument(
        "--sources", type=Path, help="sources.yaml (default: setting crawl.sources_file)"
    )
    crawl.add_argument(
        "--no-alerts", action="store_true", help="do not run the instant alerts after the crawl"
    )
    crawl.add_argument("--json", action="store_true")
    crawl.add_argument(
        "--verbose", action="store_true", help="Scrapy's log on stderr (default: PANTAU_HOME/logs/)"
    )

    serve = sub.add_parser("serve", help="serve the JSON API")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, help="server processes (default: the number of CPUs)")

    extract = sub.add_parser("extract", help="one HTML file -> article fields (no NLP)")
    extract.add_argument("file", type=Path)
    extract.add_argument("--url", help="the page's URL (default: file:// URL of FILE)")
    extract.add_argument("--json", action="store_true")

    tag = sub.add_parser("tag", help="plain text -> agencies, people, quotes, sentiment")
    tag.add_argument("file", nargs="?", default="-", help="text file, or - for stdin")
    tag.add_argument("--json", action="store_true")
    tag.add_argument(
        "--jsonl",
        action="store_true",
        help='batch: lines {"id","text"} in, one result per line out',
    )
    tag.add_argument("--region", help="region slug to resolve unqualified mentions (kota-bekasi)")
    tag.add_argument("--agencies", type=Path, help="agencies.yaml with local bodies and aliases")

    search = sub.add_parser("search", help="search the store with the query language")
    search.add_argument("query")
    search.add_argument("--from", dest="date_from", help="YYYY-MM-DD (Asia/Jakarta)")
    search.add_argument("--to", dest="date_to", help="YYYY-MM-DD, inclusive")
    search.add_argument("--size", type=int, default=20)
    search.add_argument("--json", action="store_true")


def _add_operations_commands(sub: Subparsers[argparse.ArgumentParser]) -> None:
    """Running an installation: index migration, source checks, the scheduler."""
    index = sub.add_parser("index", help="copy a store into Elasticsearch and check the copy")
    index_sub = index.add_subparsers(dest="index_command", required=True, metavar="ACTION")
    migrate = index_sub.add_parser("migrate", help="copy every article (resumable)")
    verify = index_sub.add_parser("verify", help="compare counts and a sample of documents")
    for action in (migrate, verify):
        action.add_argument("--from", dest="source", required=True, help="sqlite:///path/pantau.db")
        action.add_argument("--to", dest="target", required=True, help="http(s)://host:9200")
        action.add_argument("--json", action="store_true")
    migrate.add_argument("--batch", type=int, default=500)
    migrate.add_argument("--after", help="start after this id (default: the checkpoint)")
    migrate.add_argument("--restart", action="store_true", help="ignore the checkpoint")
    verify.add_argument("--sample", type=int, default=200, help="documents compared")

    sources = sub.add_parser("sources", help="check the configured outlets")
    sources_sub = sources.add_subparsers(dest="sources_command", required=True, metavar="ACTION")
    check = sources_sub.add_parser(
        "check", help="extract a few recent articles per outlet, flag drops"
    )
    check.add_argument("--source", help="only this outlet id")
    check.add_argument("--sources", type=Path, help="sources.yaml (default: crawl.sources_file)")
    check.add_argument("--sample", type=int, default=5, help="articles per outlet (default 5)")
    check.add_argument("--json", action="store_true")
    check.add_argument(
        "--verbose", action="store_true", help="Scrapy's log on stderr (default: PANTAU_HOME/logs/)"
    )

    store = sub.add_parser("store", help="the article store's upkeep")
    store_sub = store.add_subparsers(dest="store_command", required=True, metavar="ACTION")
    maintain = store_sub.add_parser("maintain", help="ANALYZE, FTS optimize, VACUUM (weekly)")
    maintain.add_argument("--json", action="store_true")
    rekey = store_sub.add_parser(
        "rekey", help="move articles and office references to the current article ids"
    )
    rekey.add_argument("--json", action="store_true")

    scheduler = sub.add_parser("scheduler", help="run the periodic jobs (crawls) in this process")
    scheduler.add_argument(
        "--run-now", choices=["crawl", "digest", "alerts"], help="run this job once and exit"
    )


def _add_office_commands(sub: Subparsers[argparse.ArgumentParser]) -> None:
    """Saved searches, their subscriptions and the daily digests (docs/digests.md)."""
    saved = sub.add_parser("saved", help="saved searches and their e-mail subscriptions")
    saved_sub = saved.add_subparsers(dest="saved_command", required=True, metavar="ACTION")
    add = saved_sub.add_parser("add", help="save a search (the query is checked now)")
    add.add_argument("name")
    add.add_argument("query", help="query language, as for pantau search ('' with a filter)")
    for option in ("outlet", "agency", "sentiment"):
        add.add_argument(f"--{option}", action="append", default=[], help="filter (repeatable)")
    add.add_argument(
        "--agency-tone",
        metavar="AGENCY:TONE",
        action="append",
        default=[],
        help="articles with this tone towards the agency, e.g. kota-bekasi/pemkot:negative "
        "(tone positive, neutral, negative or none; repeatable)",
    )
    add.add_argument("--subscribe", metavar="EMAIL", action="append", default=[])
    add.add_argument("--lang", choices=["id", "en"], default="id", help="digest language")
    listing = saved_sub.add_parser("list", help="saved searches with their subscribers")
    remove = saved_sub.add_parser("remove", help="delete a saved search and its subscriptions")
    remove.add_argument("id", type=int)
    subscribe = saved_sub.add_parser("subscribe", help="send a saved search's digest to EMAIL")
    subscribe.add_argument("id", type=int)
    subscribe.add_argument("email")
    subscribe.add_argument("--lang", choices=["id", "en"], default="id")
    _add_alert_options(subscribe)
    unsubscribe = saved_sub.add_parser("unsubscribe", help="stop sending it to EMAIL")
    unsubscribe.add_argument("id", type=int)
    unsubscribe.add_argument("email")
    for action in (add, listing, remove, subscribe, unsubscribe):
        action.add_argument("--json", action="store_true")

    _add_desk_commands(sub)
    _add_digest_commands(sub)
    _add_user_commands(sub)
    _add_partner_commands(sub)


def _add_partner_commands(sub: Subparsers[argparse.ArgumentParser]) -> None:
    """The crawl-time archive and the media-partner contracts (docs/partners.md)."""
    archive = sub.add_parser("archive", help="archived copies (WARC) of the stored articles")
    archive_sub = archive.add_subparsers(dest="archive_command", required=True, metavar="ACTION")
    show = archive_sub.add_parser("show", help="an article's archived copy: record, headers, text")
    show.add_argument("article_id")
    show.add_argument("--latest", action="store_true", help="the latest capture, not the first")
    show.add_argument("--raw", action="store_true", help="only the archived body bytes")
    recheck = archive_sub.add_parser(
        "recheck", help="fetch archived articles again; flag the ones edited or deleted"
    )
    recheck.add_argument("article_id", nargs="*", help="default: every archived article")
    recheck.add_argument("--outlet", action="append", default=[], help="only this outlet")
    stats = archive_sub.add_parser("stats", help="captures, articles and WARC bytes")
    for action in (show, recheck, stats):
        action.add_argument("--json", action="store_true")

    partners = sub.add_parser("partners", help="media-partner contracts (partners.yaml)")
    partners_sub = partners.add_subparsers(dest="partners_command", required=True, metavar="ACTION")
    listing = partners_sub.add_parser("list", help="the contracts")
    listing.add_argument("--json", action="store_true")
    partners_sub.add_parser("check", help="validate partners.yaml")
    report = partners_sub.add_parser("report", help="a contract's monthly proof-of-publication")
    report.add_argument("--month", required=True, help="YYYY-MM")
    report.add_argument("--contract", help="contract id (default: every contract of the month)")
    report.add_argument("--json", action="store_true")
    report.add_argument("--xlsx", type=Path, metavar="FILE", help="write the XLSX for BPKAD")
    report.add_argument("--pdf", type=Path, metavar="FILE", help="write the PDF clipping")


def _add_user_commands(sub: Subparsers[argparse.ArgumentParser]) -> None:
    users = sub.add_parser("users", help="accounts: admin, staf (staff) and baca (read-only)")
    users_sub = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = users_sub.add_parser("add", help="a new user (the password is asked, or read from stdin)")
    add.add_argument("username")
    add.add_argument("--role", choices=["admin", "staf", "baca"], default="staf")
    users_sub.add_parser("list", help="every user with their role")
    for action, text in (("remove", "delete a user"), ("reset", "set a new password")):
        users_sub.add_parser(action, help=text).add_argument("username")
    token = users_sub.add_parser("token", help="an API token for scripts, printed once")
    token.add_argument("username")
    token.add_argument("--name", default="script", help="what the token is for")


def _add_desk_commands(sub: Subparsers[argparse.ArgumentParser]) -> None:
    """Exports, alerts and corrections: the humas desk's tools."""
    export = sub.add_parser("export", help="a clipping export of a search: XLSX, CSV or PDF")
    export.add_argument("query", help="query language ('' for every article)")
    export.add_argument("--format", choices=["xlsx", "csv", "pdf"], default="xlsx")
    export.add_argument("--out", type=Path, required=True, help="the file to write ('-': stdout)")
    export.add_argument("--from", dest="date_from", help="YYYY-MM-DD (office time)")
    export.add_argument("--to", dest="date_to", help="YYYY-MM-DD, inclusive")
    for option in ("outlet", "agency", "sentiment"):
        export.add_argument(f"--{option}", action="append", default=[], help="filter (repeatable)")
    export.add_argument("--agency-tone", metavar="AGENCY:TONE", action="append", default=[])
    export.add_argument("--lang", choices=["id", "en"], default="id")
    export.add_argument("--json", action="store_true", help="print what was written as JSON")

    alerts = sub.add_parser("alerts", help="instant alerts of the saved searches (docs/alerts.md)")
    alerts_sub = alerts.add_subparsers(dest="alerts_command", required=True, metavar="ACTION")
    alerts_run = alerts_sub.add_parser(
        "run", help="check every alert rule against the store, deliver what is due"
    )
    alerts_run.add_argument(
        "--deliver-only",
        action="store_true",
        help="no new search: only retries and alerts held in quiet hours",
    )
    alerts_list = alerts_sub.add_parser("list", help="alert rules and the latest deliveries")
    for action in (alerts_run, alerts_list):
        action.add_argument("--json", action="store_true")
    resolve = alerts_sub.add_parser(
        "resolve", help="decide on an uncertain e-mail delivery (sent whole, never acknowledged)"
    )
    resolve.add_argument("delivery", type=int, help="the delivery's # in `pantau alerts list`")
    _add_decision(resolve)

    corrections = sub.add_parser("corrections", help="staff corrections of tone")
    corrections_sub = corrections.add_subparsers(
        dest="corrections_command", required=True, metavar="ACTION"
    )
    add_correction = corrections_sub.add_parser("add", help="correct an article's tone")
    add_correction.add_argument("article_id")
    add_correction.add_argument(
        "--tone", required=True, choices=["positive", "neutral", "negative"]
    )
    add_correction.add_argument(
        "--agency", help="the agency whose tone this is (default: the article's)"
    )
    add_correction.add_argument("--reason", required=True)
    add_correction.add_argument("--by", required=True, help="who corrects")
    list_corrections = corrections_sub.add_parser("list", help="an article's corrections")
    list_corrections.add_argument("article_id")
    export_corrections = corrections_sub.add_parser(
        "export", help="corrections as JSON lines (labelled data for the tone model)"
    )
    export_corrections.add_argument("--out", type=Path, help="file (default: stdout)")
    export_corrections.add_argument("--history", action="store_true", help="every correction")

    _add_release_commands(sub)


def _add_release_commands(sub: Subparsers[argparse.ArgumentParser]) -> None:
    releases = sub.add_parser("releases", help="press releases and the outlets that carried them")
    releases_sub = releases.add_subparsers(dest="releases_command", required=True, metavar="ACTION")
    add = releases_sub.add_parser("add", help="register a release: pasted text or its page URL")
    source = add.add_mutually_exclusive_group(required=True)
    source.add_argument("--url", help="a page of the office's own site (fetched and extracted)")
    source.add_argument("--text", metavar="FILE", help="the release text ('-': stdin)")
    add.add_argument("--title", help="the release's title (with --text)")
    add.add_argument(
        "--published", help="ISO date/time (with --text; default: now, office time zone)"
    )
    add.add_argument("--by", default="cli", help="who registers it")
    listing = releases_sub.add_parser("list", help="registered releases, newest first")
    show = releases_sub.add_parser("show", help="a release and the outlets that carried it")
    show.add_argument("id", type=int)
    for action in (add, listing, show):
        action.add_argument("--json", action="store_true")


def _add_digest_commands(sub: Subparsers[argparse.ArgumentParser]) -> None:
    digest = sub.add_parser("digest", help="daily e-mail digests of the saved searches")
    digest_sub = digest.add_subparsers(dest="digest_command", required=True, metavar="ACTION")
    preview = digest_sub.add_parser("preview", help="print a digest without sending it")
    preview.add_argument("--search", type=int, help="saved search id (default: every one)")
    preview.add_argument("--lang", choices=["id", "en"], default="id")
    preview.add_argument("--html", action="store_true", help="print the HTML body")
    send = digest_sub.add_parser("send", help="send the due digests (and retry failed ones)")
    for action in (preview, send):
        action.add_argument("--day", help="YYYY-MM-DD in Asia/Jakarta (default: yesterday)")
        action.add_argument("--json", action="store_true")
    digest_sub.add_parser(
        "uncertain", help="digests sent whole but never acknowledged: they may have arrived"
    ).add_argument("--json", action="store_true")
    resolve = digest_sub.add_parser("resolve", help="decide on an uncertain digest")
    resolve.add_argument("search", type=int, help="saved search id")
    resolve.add_argument("email")
    resolve.add_argument("day", help="YYYY-MM-DD")
    _add_decision(resolve)


def _add_decision(parser: argparse.ArgumentParser) -> None:
    decision = parser.add_mutually_exclusive_group(required=True)
    decision.add_argument(
        "--arrived", action="store_true", help="the recipient has it: record it as sent"
    )
    decision.add_argument(
        "--resend", action="store_true", help="it did not arrive: the next run sends it again"
    )


def _add_alert_options(subscribe: argparse.ArgumentParser) -> None:
    """``pantau saved subscribe … --alert MODE``: instant alerts on the subscription too."""
    subscribe.add_argument(
        "--alert",
        choices=["every", "negative", "spike", "off"],
        help="instant alerts: every match, negative towards the search's agency, or a spike of "
        "matches within an hour; off stops them (the digest stays)",
    )
    subscribe.add_argument(
        "--spike", type=int, metavar="N", help="--alert spike: N articles (default: setting)"
    )
    subscribe.add_argument("--webhook", metavar="URL", help="also POST each alert, signed, here")
    subscribe.add_argument(
        "--no-alert-email", action="store_true", help="alerts only to the webhook, not by e-mail"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; configuration mistakes and a closed stdout end it cleanly, for all."""
    args = _parser().parse_args(argv)
    from pantau.config_errors import ConfigError
    from pantau_cli.commands import run
    from pantau_cli.commands.output import fail

    try:
        code = run(args)
        # Flushed here, inside the handler: a pipe closed early (``| head``) otherwise fails
        # in the interpreter's own flush at exit, with a traceback we cannot catch.
        sys.stdout.flush()
    except ConfigError as exc:
        return fail(str(exc))
    except BrokenPipeError:
        # The reader has gone (``pantau search … | head``): as the Python docs advise, point
        # stdout at devnull so the exit flush cannot raise again, and exit 1 like Python does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
