"""The spool: ``PANTAU_HOME/spool/spool-<ns>.jsonl``, articles not yet known to be in the store.

It is a write-ahead journal, not only a place for what the store refused. The store pipeline
appends every article here *before* it lets Scrapy consider the item handled, one JSON line each,
and batches them for the store in memory beside it. One file per batch: when the store commits
the batch, its file is deleted; when the store refuses it, the file simply stays, and is replayed
after the next batch the store accepts and at the start of the next crawl. So a crawl killed at
any moment (SIGKILL, SIGBUS on a store made immutable, the OOM killer) leaves every handled
article either in the store or here. A batch written but killed before its file was deleted is
written again by the replay, which the store's upsert makes harmless.

**fsync policy.** Each line is written and flushed to the kernel before the article is
acknowledged, which is all a process crash needs. It is also ``fsync``-ed, and the directory is
``fsync``-ed when a new file appears in it, so a power cut loses nothing either: the crawler waits
on the network for far longer than a disk flush per article takes (``bench/hostile.py`` crawls
with it on). Deleting a file is not flushed: a file that comes back after a power cut is only
replayed once more.

A line cut short by the kill (no newline at its end) was never acknowledged and is skipped with a
warning. A file with a damaged line elsewhere is renamed ``unreadable-…`` and kept for a person:
never deleted, never retried blindly.
"""

from __future__ import annotations

import json
import logging
import os
import time
from io import TextIOWrapper
from pathlib import Path

from pantau.models import Article

logger = logging.getLogger(__name__)

PATTERN = "spool-*.jsonl"


class UnreadableSpoolFile(ValueError):
    """A spool file with a damaged line that is not its last; it was set aside (the message says
    where)."""


class Journal:
    """The current batch's file, opened on its first article."""

    def __init__(self, directory: Path, *, fsync: bool = True) -> None:
        self.directory = directory
        self.fsync = fsync
        self.path: Path | None = None
        self._file: TextIOWrapper | None = None

    def append(self, article: Article) -> None:
        """Make ``article`` survive this process: written, flushed and (by default) fsync-ed."""
        if self._file is None:
            self._open()
        assert self._file is not None  # opened just above
        self._file.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        self._file.flush()
        if self.fsync:
            os.fsync(self._file.fileno())

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / f"spool-{time.time_ns()}.jsonl"
        # "x": a second crawl in the same nanosecond must not append to this one's file.
        self._file = self.path.open("x", encoding="utf-8")
        if self.fsync:
            _fsync_directory(self.directory)

    def committed(self) -> None:
        """The store holds the batch: its file goes."""
        path = self._close()
        if path is not None:
            path.unlink(missing_ok=True)

    def kept(self) -> Path | None:
        """The store refused the batch: its file stays in the spool; its path."""
        return self._close()

    def _close(self) -> Path | None:
        file, self._file = self._file, None
        path, self.path = self.path, None
        if file is not None:
            file.close()
        return path


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def pending(directory: Path, *, besides: Path | None = None) -> list[Path]:
    """The spool files waiting for the store, oldest first (``besides``: the open journal)."""
    if not directory.is_dir():
        return []
    return [path for path in sorted(directory.glob(PATTERN)) if path != besides]


def read(path: Path) -> list[Article]:
    """The articles of one spool file. Raises :class:`UnreadableSpoolFile` (after renaming the
    file out of the spool) when a line other than a cut-short last one is damaged."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    lines = raw.split("\n")
    tail = lines.pop()  # "" when the file ends with a newline, as every complete write does
    if tail.strip():
        logger.warning(
            "spool %s: last line cut short (%s bytes), an article never acknowledged: skipped",
            path,
            len(tail.encode()),
        )
    articles = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            articles.append(Article.from_dict(json.loads(line)))
        except (ValueError, TypeError, KeyError) as exc:
            aside = path.with_name(f"unreadable-{path.name}")
            path.rename(aside)
            raise UnreadableSpoolFile(
                f"spool {path} line {number}: {exc}; set aside as {aside} for a person"
            ) from exc
    return articles


def count(directory: Path) -> int:
    """Complete article lines waiting in the spool."""
    return sum(
        path.read_text(encoding="utf-8", errors="replace").count("\n")
        for path in pending(directory)
    )
