"""One process at a time per job and data directory: a lock file under ``PANTAU_HOME``.

Two ``pantau scheduler`` processes on one installation fetched every URL twice. The lock is an
advisory ``flock`` on ``PANTAU_HOME/<name>.lock``, held for the life of the process (the kernel
drops it when the process ends, however it ends, so a crash never leaves a stale lock); the file
holds the owner's pid for the message the second process prints.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType
from typing import IO, Self


class AlreadyRunning(RuntimeError):
    """Another process holds the lock; the message names it and its pid."""


class ProcessLock:
    def __init__(self, home: Path, name: str) -> None:
        self.path = home / f"{name}.lock"
        self.name = name
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="ascii")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            owner = handle.read().strip() or "?"
            handle.close()
            raise AlreadyRunning(
                f"another {self.name} is running on {self.path.parent} (pid {owner})"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
