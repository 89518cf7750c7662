"""``pantau alerts run|list|resolve``: the saved searches' instant alerts (docs/alerts.md).

``run`` checks every active alert rule against the store and delivers what is due (``pantau
crawl`` does the same after each crawl; the scheduler's ``alerts`` job runs it with
``--deliver-only``); it exits 1 when an attempt failed or a rule could not be checked (each failure
is recorded and retried by the next run), so cron or a monitoring check notices. ``list`` shows
the rules and the latest deliveries, with what is waiting and why. ``resolve`` records a person's
decision on an uncertain e-mail (sent whole, never acknowledged): ``--arrived`` or ``--resend``.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from pantau.settings import Settings
from pantau_cli.commands.output import fail, print_json
from search_api.alerts import outbox, rules
from search_api.alerts.run import run_alerts
from search_api.app.alert_schemas import AlertRuleOut, DeliveryOut
from search_api.digests.db import OfficeDBError, open_office


def _run(settings: Settings, args: argparse.Namespace) -> int:
    report = run_alerts(settings, match=not args.deliver_only).to_dict()
    if args.json:
        print_json(report)
    else:
        print(
            f"{report['rules_checked']} aturan diperiksa / rules checked, "
            f"{report['alerts']} peringatan baru / new alerts ({report['articles']} berita), "
            f"{report['sent']} terkirim / sent, {report['failed']} gagal / failed, "
            f"{report['pending']} menunggu / pending"
        )
        if report["quiet_until"]:
            print(f"  jam tenang / quiet hours until {report['quiet_until']}")
        for error in report["errors"]:
            print(f"  gagal / failed: {error}")
    return 1 if report["failed"] or report["errors"] else 0


def _waiting(row: dict[str, Any]) -> str:
    if row["held_until"]:
        return f"jam tenang / quiet hours until {row['held_until']}"
    return "belum dicoba / not tried yet"


def _list(settings: Settings, args: argparse.Namespace) -> int:
    with open_office(settings) as conn:
        listed: dict[str, Any] = {
            "rules": [AlertRuleOut.of(r).model_dump(mode="json") for r in rules.list_rules(conn)],
            "deliveries": outbox.status_counts(conn),
            "latest": [
                DeliveryOut.of(row).model_dump(mode="json")
                for row in outbox.list_deliveries(conn, limit=20)
            ],
        }
    if args.json:
        print_json(listed)
        return 0
    if not listed["rules"]:
        print("Belum ada peringatan / no alerts: pantau saved subscribe ID EMAIL --alert every")
    for rule in listed["rules"]:
        channels = (["e-mail"] if rule["by_email"] else []) + (
            [rule["webhook_url"]] if rule["webhook_url"] else []
        )
        state = "" if rule["active"] else " (nonaktif / paused)"
        print(
            f"[{rule['saved_search_id']}] {rule['email']}: {rule['mode']} → "
            f"{', '.join(channels)}{state}"
        )
    counts = listed["deliveries"]
    print(f"pengiriman / deliveries: {counts['sent']} sent, {counts['pending']} pending")
    for row in listed["latest"]:
        if row["status"] != "sent":
            print(
                f"  #{row['id']} {row['channel']} {row['target']}: {row['status']}, "
                f"{row['attempts']} attempts, next {row['next_attempt_at']}, "
                f"{row['last_error'] or _waiting(row)}"
            )
    return 0


def _resolve(settings: Settings, args: argparse.Namespace) -> int:
    with open_office(settings) as conn:
        try:
            outbox.resolve_uncertain(conn, args.delivery, resend=args.resend, now=datetime.now(UTC))
        except outbox.NotUncertainError as exc:
            return fail(str(exc), code=1)
    decided = "dikirim ulang / to be sent again" if args.resend else "terkirim / sent"
    print(f"#{args.delivery}: {decided}")
    return 0


def main(args: argparse.Namespace) -> int:
    settings = Settings()
    actions = {"run": _run, "list": _list, "resolve": _resolve}
    action = actions[args.alerts_command]
    try:
        return action(settings, args)
    except OfficeDBError as exc:
        return fail(str(exc), code=1)
