"""``pantau partners list|check|report``: media-partner contracts and their monthly report
(docs/partners.md)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import IO

from pantau.settings import Settings
from pantau_cli.commands.output import fail, print_json
from search_api.archive.archive import warc_dir
from search_api.archive.ledger import LEDGER_NAME, Ledger
from search_api.partners.contracts import (
    PartnersError,
    contract_to_dict,
    find_contract,
    load_contracts,
)
from search_api.partners.formatting import percent, rupiah
from search_api.partners.pdf_report import write_pdf
from search_api.partners.report import ContractReport, ReportError, build_report, parse_month
from search_api.partners.service import default_releases
from search_api.partners.xlsx_report import write_xlsx
from search_api.store import open_store


def _atomic(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    out: IO[bytes]
    with partial.open("wb") as out:
        write(out)
    partial.replace(path)  # a reader never sees half a file


def _list(args: argparse.Namespace, settings: Settings) -> int:
    contracts = load_contracts(settings.partners_path)
    if args.json:
        print_json([contract_to_dict(c) for c in contracts])
        return 0
    if not contracts:
        print(f"belum ada kontrak di {settings.partners_path}")
    for c in contracts:
        quota = "/".join(
            part
            for part in (
                f"{c.quota.per_month} per bulan" if c.quota.per_month else "",
                f"{c.quota.total} total" if c.quota.total else "",
            )
            if part
        )
        print(
            f"{c.id:20} {c.number:28} {', '.join(c.outlets):30} {c.period.start}–{c.period.end}"
            f"  {quota}  {rupiah(c.price_per_item)}"
        )
    return 0


def _check(args: argparse.Namespace, settings: Settings) -> int:
    contracts = load_contracts(settings.partners_path)  # raises PartnersError naming the key
    print(f"{settings.partners_path}: {len(contracts)} kontrak, valid")
    return 0


def _reports(args: argparse.Namespace, settings: Settings) -> list[ContractReport]:
    contracts = load_contracts(settings.partners_path)
    if args.contract:
        contracts = [find_contract(contracts, args.contract)]
    month = parse_month(args.month)
    ledger_path = warc_dir(settings.home) / LEDGER_NAME
    ledger = Ledger(ledger_path) if ledger_path.is_file() else None
    try:
        with closing(open_store(settings.store_url)) as store:
            return [
                build_report(
                    store,
                    contract,
                    month,
                    releases=default_releases(settings),
                    ledger=ledger,
                    timezone=settings.schedule.timezone,
                )
                for contract in contracts
                if contract.period.start.replace(day=1) <= month <= contract.period.end
            ]
    finally:
        if ledger is not None:
            ledger.close()


def _report(args: argparse.Namespace, settings: Settings) -> int:
    if (args.xlsx or args.pdf) and not args.contract:
        contracts = load_contracts(settings.partners_path)
        if len(contracts) != 1:
            return fail("--xlsx/--pdf: name the contract with --contract ID")
    reports = _reports(args, settings)
    if not reports:
        return fail(f"no contract runs in {args.month}")
    if args.xlsx:
        _atomic(args.xlsx, lambda out: write_xlsx(out, reports[0]))
    if args.pdf:
        _atomic(args.pdf, lambda out: write_pdf(out, reports[0]))
    if args.json:
        data = [r.to_dict() for r in reports]
        print_json(data[0] if args.contract else data)
        return 0
    for report in reports:
        line = report.line
        print(
            f"{report.contract.id} {report.month}: kuota {line.expected if line.expected else '-'}"
            f", tayang {line.found}, dihitung {len(report.counted)}, melebihi kuota "
            f"{len(report.over_quota)}, tidak dihitung {len(report.not_counted)}; kepatuhan "
            f"{percent(report.compliance_pct)}; dibayar {line.payable} × "
            f"{rupiah(report.contract.price_per_item)} = {rupiah(line.amount)}"
        )
        for item in report.not_counted:
            print(f"  - {item.title[:70]} ({item.outlet}): {item.reason_text}")
    for flag, path in (("xlsx", args.xlsx), ("pdf", args.pdf)):
        if path:
            print(f"{flag.upper()} → {path}")
    return 0


def main(args: argparse.Namespace) -> int:
    settings = Settings()
    action = {"list": _list, "check": _check, "report": _report}[args.partners_command]
    try:
        return action(args, settings)
    except (PartnersError, ReportError) as exc:
        return fail(str(exc))
