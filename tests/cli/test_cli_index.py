"""``pantau index migrate|verify`` refuses a SQLite source that does not exist, and creates
nothing (opening a store as a copy's source must not make an empty one)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., subprocess.CompletedProcess[str]]  # the `cli` fixture (conftest.py)


@pytest.mark.parametrize("action", ["migrate", "verify"])
def test_a_mistyped_sqlite_source_is_refused(cli: Cli, tmp_path: Path, action: str) -> None:
    missing = tmp_path / "var" / "pantua.db"
    done = cli(
        "index",
        action,
        "--from",
        f"sqlite:///{missing}",
        "--to",
        "http://127.0.0.1:9",  # never reached: the source is checked first
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr == f"pantau: --from sqlite:///{missing}: no SQLite store at {missing}\n"
    assert not missing.exists()
