"""The ``pantau`` command run as a user runs it: a subprocess in a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from pantau.crawl_process import LOCAL_SITE_ENV, crawl_subprocess
from pantau.settings import Settings

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


@pytest.fixture(scope="session")
def demo_home(sample_site: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``PANTAU_HOME`` holding the demo data: the sample site crawled into a SQLite store, as
    ``pantau demo`` does (one crawl subprocess, shared by the tests that only read it)."""
    home = tmp_path_factory.mktemp("demo-home")
    settings = Settings(home=home, store=f"sqlite:///{home / 'pantau.db'}")
    crawl_subprocess(
        settings, sample_site.write_sources(home / "sources.yaml"), env=LOCAL_SITE_ENV, timeout=300
    )
    return home
