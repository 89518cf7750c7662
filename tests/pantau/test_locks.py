"""One scheduler and one crawl at a time per installation: a second one refuses to start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pantau.locks import AlreadyRunning, ProcessLock


def test_a_second_holder_is_refused_and_told_the_pid(tmp_path: Path) -> None:
    with ProcessLock(tmp_path, "scheduler"):
        with pytest.raises(
            AlreadyRunning, match=rf"another scheduler is running .*pid {os.getpid()}"
        ):
            ProcessLock(tmp_path, "scheduler").acquire()
        with ProcessLock(tmp_path, "crawl"):  # another job's lock is its own
            pass
    with ProcessLock(tmp_path, "scheduler"):  # released: free again
        pass


@pytest.mark.parametrize(
    ("lock", "command"),
    [("scheduler", ["scheduler"]), ("crawl", ["crawl", "--sources", "samplesite/sources.yaml"])],
)
def test_a_second_process_exits_1_at_once(tmp_path: Path, lock: str, command: list[str]) -> None:
    env = dict(os.environ, PANTAU_HOME=str(tmp_path), PANTAU_STORE=f"sqlite:///{tmp_path / 'p.db'}")
    with ProcessLock(tmp_path, lock):
        done = subprocess.run(
            [sys.executable, "-m", "pantau_cli", *command],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1, done.stderr
    assert f"another {lock} is running" in done.stderr
