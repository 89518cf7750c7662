"""Configuration mistakes and closed pipes end every command with one clear line, never a
traceback."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., subprocess.CompletedProcess[str]]  # the `cli` fixture (conftest.py)


@pytest.mark.parametrize("command", [["search", "bekasi"], ["saved", "list"], ["crawl"]])
@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[smtp]\nhots = "mail.example"\n', "pantau.toml: [smtp] hots: unknown key"),
        ('[smtpp]\nhost = "mail.example"\n', "pantau.toml: smtpp: unknown key"),
        ('[api]\nport = "abc"\n', "pantau.toml: [api] port = 'abc'"),
        ("[api\n", "pantau.toml: not valid TOML"),
    ],
)
def test_bad_config_is_one_line_and_exit_2(
    cli: Cli, tmp_path: Path, command: list[str], toml: str, expected: str
) -> None:
    (tmp_path / "pantau.toml").write_text(toml, encoding="utf-8")
    done = cli(*command, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"pantau: {expected}")
    assert done.stderr.count("\n") == 1, done.stderr
    assert not (tmp_path / "var").exists()  # nothing was created on the way


def test_bad_environment_value_is_one_line(cli: Cli, tmp_path: Path) -> None:
    done = cli("search", "bekasi", cwd=tmp_path, env={"PANTAU_API__PORT": "x"})
    assert done.returncode == 2
    assert done.stderr.startswith("pantau: environment variable PANTAU_API__PORT = 'x'")
    assert "Traceback" not in done.stderr
