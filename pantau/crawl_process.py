"""Run ``pantau crawl`` as a subprocess: the Twisted reactor runs once per process, so the demo and
the scheduler each start a fresh process per crawl. Imports nothing of ours but the settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pantau.settings import Settings

# For the bundled sample site only: it is ours, on loopback, so the delays that protect real
# outlets would only slow the demo and the tests down.
LOCAL_SITE_ENV = {
    "PANTAU_CRAWL__DOWNLOAD_DELAY": "0",
    "PANTAU_CRAWL__AUTOTHROTTLE": "false",
    "PANTAU_CRAWL__CONCURRENT_PER_DOMAIN": "8",
}


class CrawlProcessFailed(RuntimeError):
    """The crawl process exited non-zero; the message carries the end of its stderr."""


def crawl_subprocess(
    settings: Settings,
    sources_file: Path,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> dict[str, Any]:
    """One crawl of ``sources_file`` into ``settings``' store; returns the crawl's JSON counts."""
    cmd = [sys.executable, "-m", "pantau_cli", "crawl", "--sources", str(sources_file), "--json"]
    full_env = dict(
        os.environ,
        PANTAU_HOME=str(settings.home.resolve()),
        PANTAU_STORE=settings.store_url,
        **(env or {}),
    )
    done = subprocess.run(
        cmd, env=full_env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise CrawlProcessFailed(f"crawl exited {done.returncode}: {done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result
