"""``pantau saved subscribe … --alert``, ``pantau alerts run|list``, the scheduler's alerts job and
the alerts after ``pantau crawl``, configured through PANTAU_* as a user does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from alert_helpers import PEMKOT, SECRET, Receiver, Smtp, article
from apscheduler.schedulers.background import BackgroundScheduler

from pantau.settings import Settings
from pantau_cli.main import main
from search_api.alerts.run import run_alerts
from search_api.scheduler import add_jobs, alerts_job

ADDRESS = "humas@bekasikota.go.id"


@pytest.fixture
def env(
    tmp_path: Path, store_url: str, smtp: Smtp, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)  # no pantau.toml here
    values = {
        "PANTAU_HOME": str(tmp_path / "home"),
        "PANTAU_STORE": store_url,
        "PANTAU_SMTP__HOST": "127.0.0.1",
        "PANTAU_SMTP__PORT": str(smtp.port),
        "PANTAU_SMTP__FROM_ADDRESS": "pantau@bekasikota.go.id",
        "PANTAU_ALERTS__WEBHOOK_SECRET": SECRET,
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


def _json(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> Any:
    capsys.readouterr()
    assert main(list(argv)) == code
    return json.loads(capsys.readouterr().out)


def _fresh(n: int, title: str, **kwargs: Any) -> Any:
    """An article published ten minutes ago and crawled just now (the real clock: the CLI's)."""
    now = datetime.now(UTC)
    return article(n, title, published=now - timedelta(minutes=10), crawled=now, **kwargs)


def test_subscribe_with_an_alert_run_list_and_switch_off(
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    add_articles: Callable[..., None],
    smtp: Smtp,
    receiver: Receiver,
) -> None:
    _json(capsys, "saved", "add", "Pemkot Bekasi", "", "--agency", PEMKOT[0], "--json")
    sub = _json(
        capsys,
        *("saved", "subscribe", "1", ADDRESS, "--alert", "negative"),
        *("--webhook", receiver.url, "--json"),
    )
    alert = sub["alert"]
    assert (alert["mode"], alert["by_email"], alert["webhook_url"]) == (
        "negative",
        True,
        receiver.url,
    )
    add_articles(
        _fresh(1, "Pemkot Bekasi dikritik soal banjir", agencies=((PEMKOT, "negative"),)),
        _fresh(2, "Pemkot Bekasi resmikan taman", agencies=((PEMKOT, "positive"),)),
    )

    report = _json(capsys, "alerts", "run", "--json")
    assert (report["alerts"], report["articles"], report["sent"], report["failed"]) == (1, 1, 2, 0)
    [message] = smtp.messages
    assert "negatif terhadap Pemerintah Kota Bekasi" in str(message["Subject"])
    [hook] = receiver.accepted
    assert [a["title"] for a in hook.body["articles"]] == ["Pemkot Bekasi dikritik soal banjir"]
    assert _json(capsys, "alerts", "run", "--json")["alerts"] == 0  # once per article

    listed = _json(capsys, "alerts", "list", "--json")
    assert [(r["email"], r["mode"]) for r in listed["rules"]] == [(ADDRESS, "negative")]
    assert listed["deliveries"]["sent"] == 2
    assert {d["channel"] for d in listed["latest"]} == {"email", "webhook"}

    off = _json(capsys, "saved", "subscribe", "1", ADDRESS, "--alert", "off", "--json")
    assert off["alert"] is None
    assert _json(capsys, "alerts", "list", "--json")["rules"] == []
    # The digest subscription stays.
    [saved] = _json(capsys, "saved", "list", "--json")
    assert [s["email"] for s in saved["subscriptions"]] == [ADDRESS]


def test_invalid_alert_options_write_nothing(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _json(capsys, "saved", "add", "Bekasi", "bekasi", "--json")
    capsys.readouterr()
    assert main(["saved", "subscribe", "1", ADDRESS, "--alert", "negative"]) == 2
    assert "needs a saved search with an agency" in capsys.readouterr().err
    assert main(["saved", "subscribe", "1", ADDRESS, "--webhook", "https://gw.example/h"]) == 2
    assert "need --alert" in capsys.readouterr().err
    [saved] = _json(capsys, "saved", "list", "--json")
    assert saved["subscriptions"] == []


def test_the_scheduler_job_delivers_what_is_due_without_searching(
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    add_articles: Callable[..., None],
    smtp: Smtp,
) -> None:
    scheduler = BackgroundScheduler(timezone=ZoneInfo("UTC"))
    add_jobs(scheduler, Settings())
    job = scheduler.get_job("alerts")
    assert (job.coalesce, job.max_instances) == (True, 1)
    assert job.trigger.timezone == ZoneInfo("Asia/Jakarta")

    _json(capsys, "saved", "add", "Bekasi", "bekasi", "--json")
    _json(capsys, "saved", "subscribe", "1", ADDRESS, "--alert", "every", "--json")
    add_articles(_fresh(1, "Bekasi berbenah"))
    found = run_alerts(Settings(), deliver=False)  # as a crawl that died before delivering
    assert (found.alerts, found.pending) == (1, 1)
    assert smtp.messages == []

    report = alerts_job(Settings())
    assert (report["rules_checked"], report["sent"], report["pending"]) == (0, 1, 0)
    assert "Bekasi berbenah" in str(smtp.messages[0].get_content())


@pytest.mark.slow
def test_pantau_crawl_runs_the_alerts(
    sample_site: Any, env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _json(capsys, "saved", "add", "Bekasi", "bekasi", "--json")
    _json(capsys, "saved", "subscribe", "1", ADDRESS, "--alert", "every", "--json")
    sources = sample_site.write_sources(tmp_path / "sources.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "pantau_cli", "crawl", "--sources", str(sources), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={
            **os.environ,
            "PANTAU_CRAWL__DOWNLOAD_DELAY": "0",
            "PANTAU_CRAWL__AUTOTHROTTLE": "false",
        },
    )
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout)
    assert summary["created"] > 0
    # The rule was checked right after the crawl. The sample site's news is from 2023, long
    # before the rule's window, so nothing alerts: old news found today is not "instant".
    assert summary["alerts"]["rules_checked"] == 1
    assert (summary["alerts"]["alerts"], summary["alerts"]["errors"]) == (0, [])
