"""The archive of one Pantau home: WARC files plus their ledger, under ``PANTAU_HOME/warc/``.

Writers (the crawler's pipeline, ``pantau archive recheck``) call :meth:`Archive.record`; readers
(``pantau archive show``, the partner reports) call :meth:`Archive.evidence` and the ledger.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from search_api.archive.ledger import LEDGER_NAME, Capture, Ledger, NewCapture, Origin
from search_api.archive.warc import (
    DEFAULT_MAX_FILE_BYTES,
    ArchivedResponse,
    BuiltRecord,
    RawResponse,
    RotatingWarcWriter,
    read_record,
)

WARC_DIR_NAME = "warc"


def warc_dir(home: Path) -> Path:
    return home / WARC_DIR_NAME


def text_sha256(text: str | None) -> str | None:
    """The hash of an article's text with whitespace folded: a re-wrapped page is not an edit."""
    if text is None or not text.strip():
        return None
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True, kw_only=True, slots=True)
class Evidence:
    capture: Capture
    record: ArchivedResponse


class Archive:
    """Open once per crawl or command; ``close()`` (or ``with``) closes the file and the ledger."""

    def __init__(self, directory: Path, *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> None:
        self.directory = directory
        self.ledger = Ledger(directory / LEDGER_NAME)
        self._writer = RotatingWarcWriter(directory, max_file_bytes)

    @classmethod
    def of_home(cls, home: Path, *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Archive:
        return cls(warc_dir(home), max_file_bytes=max_file_bytes)

    def record(
        self,
        article_id: str,
        response: RawResponse,
        *,
        text: str | None,
        origin: Origin,
        built: BuiltRecord | None = None,
    ) -> Capture:
        """Write the response to the WARC file, then its ledger row (a crash between the two
        leaves an unindexed record, never a row pointing nowhere). ``built``: the record already
        built for this response and article (:func:`~search_api.archive.warc.build_record`);
        another response's or article's is refused (``ValueError``)."""
        written = self._writer.write(response, article_id=article_id, built=built)
        return self.ledger.add(
            NewCapture(
                article_id=article_id,
                url=response.url,
                status=response.status,
                sha256=built.sha256 if built is not None else response.sha256,
                text_sha256=text_sha256(text),
                warc_file=written.warc_file,
                warc_offset=written.offset,
                warc_length=written.length,
                fetched_at=response.fetched_at,
                origin=origin,
            )
        )

    def read(self, capture: Capture) -> ArchivedResponse:
        return read_record(self.directory, capture.warc_file, capture.warc_offset)

    def evidence(self, article_id: str, *, latest: bool = False) -> Evidence | None:
        """The first successful capture of an article (or its latest capture), read back."""
        capture = self.ledger.last(article_id) if latest else self.ledger.first(article_id)
        if capture is None:
            return None
        return Evidence(capture=capture, record=self.read(capture))

    def close(self) -> None:
        self._writer.close()
        self.ledger.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
