"""``pantau saved …`` and ``pantau digest …`` as a user runs them, configured through PANTAU_*."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from digest_samples import DAY
from digest_smtp import SmtpServer, free_port

from pantau_cli.main import main


@pytest.fixture
def env(
    tmp_path: Path, store_url: str, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)  # no pantau.toml here
    values = {
        "PANTAU_HOME": str(tmp_path / "home"),
        "PANTAU_STORE": store_url,
        "PANTAU_SMTP__HOST": "127.0.0.1",
        "PANTAU_SMTP__PORT": str(smtp_server.port),
        "PANTAU_SMTP__FROM_ADDRESS": "pantau@bekasikota.go.id",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_saved_add_list_subscribe_remove(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    created = _json(
        capsys,
        *("saved", "add", "Pemkot Bekasi", "bekasi", "--agency", "kota-bekasi/pemkot"),
        *("--subscribe", "humas@bekasikota.go.id", "--lang", "en", "--json"),
    )
    assert created["agencies"] == ["kota-bekasi/pemkot"]
    assert created["subscriptions"][0]["language"] == "en"
    search_id = str(created["id"])

    added = _json(capsys, "saved", "subscribe", search_id, "kadis@bekasikota.go.id", "--json")
    assert added["language"] == "id"
    (listed,) = _json(capsys, "saved", "list", "--json")
    assert [s["email"] for s in listed["subscriptions"]] == [
        "humas@bekasikota.go.id",
        "kadis@bekasikota.go.id",
    ]
    assert main(["saved", "list"]) == 0
    assert "[1] Pemkot Bekasi: bekasi" in capsys.readouterr().out

    _json(capsys, "saved", "unsubscribe", search_id, "kadis@bekasikota.go.id", "--json")
    assert _json(capsys, "saved", "remove", search_id, "--json") == {"removed": int(search_id)}
    assert _json(capsys, "saved", "list", "--json") == []
    assert main(["saved", "remove", search_id]) == 1
    assert "no saved search" in capsys.readouterr().err


def test_bad_query_is_refused_with_the_position(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["saved", "add", "Banjir", 'banjir "genangan']) == 2
    err = capsys.readouterr().err
    assert "position 7" in err
    assert '  banjir "genangan\n         ^' in err
    assert main(["saved", "add", "x", "banjir", "--subscribe", "humas@bekasi"]) == 2
    assert "not an e-mail address" in capsys.readouterr().err
    assert _json(capsys, "saved", "list", "--json") == []


def test_preview_and_send(
    env: dict[str, str], capsys: pytest.CaptureFixture[str], smtp_server: SmtpServer
) -> None:
    _json(
        capsys,
        "saved",
        "add",
        "Pemkot Bekasi",
        "bekasi",
        "--subscribe",
        "humas@bekasikota.go.id",
        "--json",
    )
    day = DAY.isoformat()

    assert main(["digest", "preview", "--day", day]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Subject: Pantau — Ringkasan berita 28 November 2026: 4 berita")
    assert "Alasan: banjir merendam" in out
    assert main(["digest", "preview", "--search", "1", "--day", day, "--lang", "en", "--html"]) == 0
    assert '<html lang="en">' in capsys.readouterr().out
    preview = _json(capsys, "digest", "preview", "--search", "1", "--day", day, "--json")
    assert preview["total"] == 4
    assert smtp_server.received == []  # previews never send

    report = _json(capsys, "digest", "send", "--day", day, "--json")
    assert (report["day"], report["sent"], report["failed"]) == (day, 1, 0)
    again = _json(capsys, "digest", "send", "--day", day, "--json")
    assert (again["sent"], again["already_done"]) == (0, 1)
    assert len(smtp_server.received) == 1
    assert main(["digest", "preview", "--day", "28/11/2026"]) == 2


def test_send_reports_failures_with_exit_1(
    env: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _json(
        capsys,
        "saved",
        "add",
        "Banjir",
        "banjir",
        "--subscribe",
        "humas@bekasikota.go.id",
        "--json",
    )
    monkeypatch.setenv("PANTAU_SMTP__PORT", str(free_port()))
    assert main(["digest", "send", "--day", DAY.isoformat(), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["failed"] == 1
    assert "cannot reach SMTP server" in report["errors"][0]["error"]


def test_help_lists_the_office_commands(tmp_path: Path) -> None:
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    done = subprocess.run(
        [sys.executable, "-m", "pantau_cli", "digest", "--help"],
        cwd=tmp_path,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert "preview" in done.stdout
    assert "send" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "pantau_cli", "saved", "add", "x", "(banjir"],
        cwd=tmp_path,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2
    assert "position 0" in bad.stderr


def test_scheduler_runs_the_digest_job_once(
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    smtp_server: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _json(
        capsys,
        "saved",
        "add",
        "Banjir",
        "banjir",
        "--subscribe",
        "humas@bekasikota.go.id",
        "--json",
    )
    # The job's day is yesterday in Jakarta: the sample day has no articles then, so the
    # office still gets the short "no new articles" digest (send_empty is on by default).
    report = _json(capsys, "scheduler", "--run-now", "digest")
    assert (report["sent"], report["failed"]) == (1, 0)
    assert len(smtp_server.received) == 1
    # An unreachable server: the failure is recorded for the next run and the exit code says so.
    monkeypatch.setenv("PANTAU_SMTP__PORT", str(free_port()))
    _json(capsys, "saved", "subscribe", "1", "kadis@bekasikota.go.id", "--json")
    capsys.readouterr()
    assert main(["scheduler", "--run-now", "digest"]) == 1
    assert json.loads(capsys.readouterr().out)["failed"] == 1
