"""``pantau digest preview|send|uncertain|resolve``: the saved searches' daily digests.

``preview`` builds and renders without sending or touching the send log; ``send`` sends what is
due (docs/digests.md) and exits 1 when any digest failed or is uncertain (a failure is recorded
and retried by the next run), so cron or a monitoring check notices. ``uncertain`` lists the
digests whose whole message reached the server without an answer, and ``resolve`` records a
person's decision on one (``--arrived`` or ``--resend``).
"""

from __future__ import annotations

import argparse
from datetime import date

from nlp.agency_names import AgencyNames
from pantau.settings import Settings
from pantau_cli.commands.output import fail, print_json
from search_api.app.saved_schemas import DigestOut
from search_api.digests import searches
from search_api.digests.db import OfficeDBError, open_office
from search_api.digests.preview import preview_digest
from search_api.digests.run import send_digests
from search_api.digests.searches import NotFound
from search_api.digests.sendlog import (
    DigestKey,
    NotUncertainError,
    list_uncertain,
    resolve_uncertain,
)
from search_api.store import StoreError, open_store


def _preview(settings: Settings, args: argparse.Namespace, day: date | None) -> int:
    with open_office(settings) as conn:
        if args.search is not None:
            chosen = [searches.get_saved_search(conn, args.search)]
        else:
            chosen = searches.list_saved_searches(conn)
    if not chosen:
        return fail("no saved searches yet: add one with `pantau saved add NAME QUERY`", code=1)
    names = AgencyNames.load(overrides=settings.agencies_file)
    store = open_store(settings.store_url)
    try:
        previews = [
            preview_digest(settings, store, saved, names=names, day=day, language=args.lang)
            for saved in chosen
        ]
    finally:
        store.close()
    if args.json:
        out = [DigestOut.of(p.digest, p.rendered).model_dump(mode="json") for p in previews]
        print_json(out[0] if args.search is not None else out)
        return 0
    for index, preview in enumerate(previews):
        if index:
            print("\n" + "#" * 72 + "\n")
        if args.html:
            print(preview.rendered.html)
        else:
            print(f"Subject: {preview.rendered.subject}\n")
            print(preview.rendered.text)
    return 0


def _send(settings: Settings, args: argparse.Namespace, day: date | None) -> int:
    report = send_digests(settings, day=day).to_dict()
    if args.json:
        print_json(report)
    else:
        print(
            f"{report['day']}: {report['sent']} terkirim / sent, "
            f"{report['failed']} gagal / failed, "
            f"{report['uncertain']} tidak pasti / uncertain, "
            f"{report['skipped_empty']} kosong dilewati / empty skipped, "
            f"{report['already_done']} sudah terkirim / already done, "
            f"{report['retried']} diulang / retried, {report['abandoned']} ditinggalkan / abandoned"
        )
        for error in report["errors"]:
            print(f"  gagal / failed: {error['email']} ({error['day']}): {error['error']}")
        if report["uncertain"]:
            print("  tidak pasti / uncertain: lihat / see `pantau digest uncertain`")
    return 1 if report["failed"] or report["uncertain"] else 0


def _uncertain(settings: Settings, args: argparse.Namespace, day: date | None) -> int:
    with open_office(settings) as conn:
        entries = list_uncertain(conn)
    rows = [
        {
            "saved_search_id": e.key.saved_search_id,
            "email": e.key.email,
            "day": e.key.day.isoformat(),
            "message_id": e.message_id,
            "error": e.error,
        }
        for e in entries
    ]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("tidak ada digest yang tidak pasti / no uncertain digests")
    for row in rows:
        print(
            f"{row['saved_search_id']} {row['email']} {row['day']} {row['message_id']}\n"
            f"  {row['error']}"
        )
    return 0


def _resolve(settings: Settings, args: argparse.Namespace, day: date | None) -> int:
    try:
        key = DigestKey(args.search, args.email, date.fromisoformat(args.day))
    except ValueError as exc:
        return fail(f"bad day: {exc}")
    with open_office(settings) as conn:
        try:
            entry = resolve_uncertain(conn, key, resend=args.resend)
        except NotUncertainError as exc:
            return fail(str(exc), code=1)
    print(f"{key.saved_search_id} {key.email} {key.day}: {entry.status}")
    return 0


def main(args: argparse.Namespace) -> int:
    settings = Settings()
    if args.digest_command in ("uncertain", "resolve"):
        day = None
        action = _uncertain if args.digest_command == "uncertain" else _resolve
    else:
        try:
            day = date.fromisoformat(args.day) if args.day else None
        except ValueError as exc:
            return fail(f"bad --day: {exc}")
        action = _preview if args.digest_command == "preview" else _send
    try:
        result = action(settings, args, day)
    except NotFound as exc:
        return fail(str(exc), code=1)
    except (OfficeDBError, StoreError) as exc:
        return fail(str(exc), code=1)
    return result
