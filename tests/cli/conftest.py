"""The ``pantau`` command run as a user runs it: a subprocess in a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

Cli = Callable[..., subprocess.CompletedProcess[str]]


def run_pantau(
    *args: str,
    cwd: Path,
    stdin: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """``python -m pantau_cli ARGS`` with no inherited ``PANTAU_*`` variable, plus ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    return subprocess.run(
        [sys.executable, "-m", "pantau_cli", *args],
        cwd=cwd,
        env={**clean, **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def cli() -> Cli:
    return run_pantau
