"""What ``pantau crawl status`` shows: the cycle, the queue, and each worker's counts (from the
one stats key every worker reports to) with their total."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from crawler.distributed.frontier import Frontier
from crawler.distributed.worker import REPORTED

JAKARTA = ZoneInfo("Asia/Jakarta")
# A running worker reports four times a second; one silent this long has stopped or died.
SILENT_AFTER = 30.0


def frontier_status(frontier: Frontier) -> dict[str, Any]:
    cycle = frontier.cycle()
    now = time.time()
    workers: dict[str, dict[str, Any]] = {}
    totals = dict.fromkeys(REPORTED, 0)
    for name, report in sorted(frontier.reports().items()):
        counts = {key: int(float(report.get(key, "0"))) for key in REPORTED}
        seen = float(report.get("seen", "0"))
        state = report.get("state", "?")
        if state == "running" and now - seen > SILENT_AFTER:
            state = "silent"
        workers[name] = {"state": state, "leases": int(report.get("leases", "0")), **counts}
        for key, value in counts.items():
            totals[key] += value
    started = cycle.get("started")
    return {
        "cycle": int(cycle.get("number", "0")),
        "started": _local(int(started) / 1000) if started else None,
        "queued": frontier.queued(),
        "in_flight": frontier.in_flight(),
        "requeued": int(cycle.get("requeued", "0")),
        "workers": workers,
        "total": totals,
    }


def _local(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).astimezone(JAKARTA).isoformat(timespec="seconds")


def format_status(status: dict[str, Any]) -> str:
    lines = [
        f"cycle {status['cycle']} (started {status['started'] or '-'}): "
        f"{status['queued']} queued, {status['in_flight']} in flight, "
        f"{status['requeued']} requeued after a worker stopped"
    ]
    header = ["worker", "state", "requests", "extracted", "created", "errors"]
    rows = [
        [name, w["state"], *(str(w[k]) for k in header[2:])]
        for name, w in status["workers"].items()
    ]
    rows.append(["total", "", *(str(status["total"][k]) for k in header[2:])])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return "\n".join(lines)
