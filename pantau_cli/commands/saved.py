"""``pantau saved add|list|remove|subscribe|unsubscribe``: saved searches and who gets their digest.

A query that does not parse is refused with the position (exit 2), as ``pantau search`` does;
``--json`` prints the same fields as ``/api/saved-searches``.
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from pantau.settings import Settings
from pantau_cli.commands.output import fail, print_json
from search_api.alerts import rules
from search_api.alerts.rules import RuleFields
from search_api.app.alert_schemas import AlertRuleOut
from search_api.app.saved_schemas import SavedSearchOut, SubscriptionOut
from search_api.digests import searches
from search_api.digests.db import OfficeDBError, open_office
from search_api.digests.searches import NotFound, SavedSearch, SearchFields
from search_api.digests.validation import ValidationError, check_email
from search_api.query import QueryError
from search_api.store import open_store
from search_api.store.overview import known_outlets


def _known_outlets(args: argparse.Namespace) -> set[str] | None:
    store = open_store(Settings().store_url)
    try:
        return known_outlets(store)
    finally:
        store.close()


def _add(conn: sqlite3.Connection, args: argparse.Namespace) -> Any:
    for email in args.subscribe:
        check_email(email)  # every address first, so a typo saves nothing
    saved = searches.create_saved_search(
        conn,
        SearchFields(
            name=args.name,
            query=args.query,
            outlets=args.outlet,
            agencies=args.agency,
            sentiments=args.sentiment,
            agency_tones=args.agency_tone,
            known_outlets=_known_outlets(args) if args.outlet else None,
        ),
    )
    for email in args.subscribe:
        searches.subscribe(conn, saved.id, email, args.lang)
    return _show(searches.get_saved_search(conn, saved.id))


def _show(saved: SavedSearch) -> dict[str, Any]:
    return SavedSearchOut.of(saved).model_dump(mode="json")


def _describe(saved: dict[str, Any]) -> str:
    filters = [
        f"{key}={','.join(saved[key])}"
        for key in ("outlets", "agencies", "sentiments", "agency_tones")
        if saved[key]
    ]
    lines = [f"[{saved['id']}] {saved['name']}: {saved['query'] or '(semua)'}"]
    if filters:
        lines.append(f"    filter: {'; '.join(filters)}")
    for sub in saved["subscriptions"]:
        state = "" if sub["active"] else " (nonaktif / paused)"
        lines.append(f"    -> {sub['email']} [{sub['language']}]{state}")
    return "\n".join(lines)


def _list(conn: sqlite3.Connection, args: argparse.Namespace) -> Any:
    return [_show(saved) for saved in searches.list_saved_searches(conn)]


def _remove(conn: sqlite3.Connection, args: argparse.Namespace) -> Any:
    searches.delete_saved_search(conn, args.id)
    return {"removed": args.id}


def _alert_fields(args: argparse.Namespace) -> RuleFields | None:
    """The rule ``--alert`` asks for (None: leave alerts as they are, or ``off``)."""
    if args.alert in (None, "off"):
        if args.spike is not None or args.webhook or args.no_alert_email:
            raise ValidationError("--spike, --webhook and --no-alert-email need --alert MODE")
        return None
    return RuleFields(
        mode=args.alert,
        spike_threshold=args.spike,
        by_email=not args.no_alert_email,
        webhook_url=args.webhook,
    )


def _subscribe(conn: sqlite3.Connection, args: argparse.Namespace) -> Any:
    saved = searches.get_saved_search(conn, args.id)
    fields = _alert_fields(args)
    if fields is not None:
        rules.check_rule_fields(fields, saved)  # before anything is written
    subscription = searches.subscribe(conn, args.id, args.email, args.lang)
    result: dict[str, Any] = SubscriptionOut.of(subscription).model_dump(mode="json")
    if fields is not None:
        rule = rules.set_rule(conn, saved, subscription.id, fields)
        result["alert"] = AlertRuleOut.of(rule).model_dump(mode="json")
    elif args.alert == "off":
        with suppress(NotFound):  # off when it was never on is what was asked
            rules.delete_rule(conn, saved.id, subscription.id)
        result["alert"] = None
    return result


def _unsubscribe(conn: sqlite3.Connection, args: argparse.Namespace) -> Any:
    subscription = searches.find_subscription(conn, args.id, args.email)
    searches.unsubscribe(conn, args.id, subscription.id)
    return {"removed": subscription.email, "saved_search_id": args.id}


_ACTIONS: dict[str, Callable[[sqlite3.Connection, argparse.Namespace], Any]] = {
    "add": _add,
    "list": _list,
    "remove": _remove,
    "subscribe": _subscribe,
    "unsubscribe": _unsubscribe,
}


def _print(action: str, result: Any) -> None:
    if action == "list":
        print("\n".join(_describe(s) for s in result) or "Belum ada pencarian tersimpan.")
    elif action == "add":
        print(_describe(result))
    elif action == "subscribe":
        print(f"{result['email']} [{result['language']}] berlangganan / subscribed")
        if "alert" in result:
            alert = result["alert"]
            channels = ["e-mail"] if alert and alert["by_email"] else []
            channels += [alert["webhook_url"]] if alert and alert["webhook_url"] else []
            state = f"{alert['mode']} → {', '.join(channels)}" if alert else "mati / off"
            print(f"    peringatan / alert: {state}")
    else:
        print(f"dihapus / removed: {result['removed']}")


def main(args: argparse.Namespace) -> int:
    query = getattr(args, "query", "")
    try:
        with open_office(Settings()) as conn:
            result = _ACTIONS[args.saved_command](conn, args)
    except QueryError as exc:
        return fail(f"{exc}\n  {query}\n  {' ' * exc.position}^")
    except ValidationError as exc:
        return fail(str(exc))
    except NotFound as exc:
        return fail(str(exc), code=1)
    except OfficeDBError as exc:
        return fail(str(exc), code=1)
    if args.json:
        print_json(result)
    else:
        _print(args.saved_command, result)
    return 0
