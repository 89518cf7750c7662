"""``pantau corrections add|list|export``: staff corrections of tone from the command line
(:mod:`search_api.corrections`); ``export`` writes the JSON lines the tone model trains on."""

from __future__ import annotations

import argparse
import sys

from pantau.settings import Settings
from pantau_cli.commands.output import fail, print_json
from search_api.app.schemas import CorrectionOut
from search_api.corrections.apply import correct
from search_api.corrections.export import jsonl_lines
from search_api.corrections.ledger import CorrectionError, history
from search_api.digests.db import open_office
from search_api.store import StoreError, open_store


def _add(settings: Settings, args: argparse.Namespace) -> int:
    store = open_store(settings.store_url)
    try:
        with open_office(settings) as conn:
            made, _ = correct(
                conn,
                store,
                args.article_id,
                agency_id=args.agency,
                tone=args.tone,
                reason=args.reason,
                corrected_by=args.by,
            )
    except LookupError as exc:
        return fail(str(exc), code=1)
    except (CorrectionError, StoreError) as exc:
        return fail(str(exc))
    finally:
        store.close()
    print_json(CorrectionOut.model_validate(made).model_dump(mode="json"))
    return 0


def _list(settings: Settings, args: argparse.Namespace) -> int:
    with open_office(settings) as conn:
        made = history(conn, args.article_id)
    print_json([CorrectionOut.model_validate(c).model_dump(mode="json") for c in made])
    return 0


def _export(settings: Settings, args: argparse.Namespace) -> int:
    with open_office(settings) as conn:
        lines = jsonl_lines(conn, history=args.history)
        if args.out is None:
            sys.stdout.writelines(lines)
            return 0
        with args.out.open("w", encoding="utf-8") as fh:
            fh.writelines(lines)
    return 0


def main(args: argparse.Namespace) -> int:
    settings = Settings()
    action = {"add": _add, "list": _list, "export": _export}[args.corrections_command]
    return action(settings, args)
