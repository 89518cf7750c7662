"""WARC files with warcio: one gzip member per record, files rotated by size.

Each writer opens files of its own (``pantau-<UTC time>-<pid>-<n>.warc.gz``), so a crawl and a
re-check running at once never append to the same file. A record is located by its file name and
the byte offset of its gzip member; :func:`read_record` seeks there and reads one record.

The body is stored as the crawler received it after content decoding (Scrapy undoes gzip/br), so
``Content-Encoding``/``Transfer-Encoding`` are dropped from the stored headers and
``Content-Length`` is set to the stored body; the original values are kept as
``X-Pantau-Original-*`` headers.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# 100 MB per file: large enough that a year of a small office's crawls is a few dozen files,
# small enough to copy one to a USB stick for an auditor.
DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024
# zlib's default level, not warcio's 9: a 100 kB news page compresses in 2 ms instead of 4 (the
# crawl process writes every stored article's page) for 0.7 % more bytes on the real pages.
GZIP_LEVEL = 6
_DROPPED_HEADERS = ("content-encoding", "transfer-encoding", "content-length")


class ArchiveReadError(Exception):
    """A ledger entry that does not lead to a readable WARC record."""


@dataclass(frozen=True, kw_only=True, slots=True)
class RawResponse:
    """An HTTP response as fetched: what an archive record holds."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


@dataclass(frozen=True, kw_only=True, slots=True)
class WrittenRecord:
    warc_file: str
    offset: int
    length: int


@dataclass(frozen=True, kw_only=True, slots=True)
class BuiltRecord:
    """One response record, built and gzipped (:func:`build_record`) but not yet written: what
    a crawl's extraction worker prepares so the crawl process only appends it. ``article_id``,
    ``url``, ``fetched_at`` and ``sha256`` (of the body) say which article and response it
    holds."""

    article_id: str
    url: str
    fetched_at: datetime
    sha256: str
    member: bytes

    def holds(self, article_id: str, response: RawResponse) -> bool:
        """Whether this is the record of ``response`` for ``article_id``."""
        return (
            self.article_id == article_id
            and self.url == response.url
            and self.fetched_at == response.fetched_at
            and self.sha256 == response.sha256
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class ArchivedResponse:
    """A record read back: the response plus the WARC record's own headers."""

    response: RawResponse
    warc_headers: dict[str, str] = field(default_factory=dict)


def _stored_headers(headers: list[tuple[str, str]], length: int) -> list[tuple[str, str]]:
    kept = [(k, v) for k, v in headers if k.lower() not in _DROPPED_HEADERS]
    originals = [
        (f"X-Pantau-Original-{k}", v)
        for k, v in headers
        if k.lower() in ("content-encoding", "transfer-encoding")
    ]
    return [*kept, *originals, ("Content-Length", str(length))]


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def build_record(response: RawResponse, *, article_id: str) -> BuiltRecord:
    """The response record of ``response`` as one gzip member, ready to append to a WARC file.
    Built by warcio uncompressed and gzipped here at :data:`GZIP_LEVEL`; needs no file, so a
    crawl builds it in the extraction worker that read the page."""
    sha256 = response.sha256
    http_headers = StatusAndHeaders(
        _status_line(response.status),
        _stored_headers(response.headers, len(response.body)),
        protocol="HTTP/1.1",
    )
    plain = BytesIO()
    writer = WARCWriter(plain, gzip=False)
    record = writer.create_warc_record(
        response.url,
        "response",
        payload=BytesIO(response.body),
        # With the length known warcio needs no temporary copy of the body (which it would
        # leave unclosed).
        length=len(response.body),
        http_headers=http_headers,
        warc_headers_dict={
            "WARC-Date": response.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "WARC-Pantau-Article-Id": article_id,
            "WARC-Pantau-Body-SHA256": sha256,
        },
    )
    writer.write_record(record)
    member = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return BuiltRecord(
        article_id=article_id,
        url=response.url,
        fetched_at=response.fetched_at,
        sha256=sha256,
        member=member.compress(plain.getvalue()) + member.flush(),
    )


class RotatingWarcWriter:
    """Appends response records to ``directory``, starting a new file past ``max_file_bytes``."""

    def __init__(self, directory: Path, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> None:
        if max_file_bytes < 1024:
            raise ValueError(f"max_file_bytes must be at least 1024, got {max_file_bytes}")
        self.directory = directory
        self.max_file_bytes = max_file_bytes
        self._stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self._sequence = 0
        self._file: IO[bytes] | None = None
        self._name = ""

    def _open_next(self) -> None:
        self.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        self._sequence += 1
        self._name = f"pantau-{self._stamp}-{os.getpid()}-{self._sequence:05d}.warc.gz"
        # "xb": a name taken by an earlier run is a bug to see, never a file to overwrite.
        self._file = (self.directory / self._name).open("xb")

    def write(
        self, response: RawResponse, *, article_id: str, built: BuiltRecord | None = None
    ) -> WrittenRecord:
        """Write one response record (``built`` when it already is, :func:`build_record`);
        return where it is. Flushed before returning."""
        if built is None:
            built = build_record(response, article_id=article_id)
        elif not built.holds(article_id, response):
            raise ValueError(f"the record built for {built.url} is not the one of {response.url}")
        if self._file is None or self._file.tell() >= self.max_file_bytes:
            self._open_next()
        assert self._file is not None  # set by _open_next
        offset = self._file.tell()
        self._file.write(built.member)
        self._file.flush()
        return WrittenRecord(warc_file=self._name, offset=offset, length=self._file.tell() - offset)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def read_record(directory: Path, warc_file: str, offset: int) -> ArchivedResponse:
    """The response record at ``offset`` of ``directory/warc_file``."""
    if "/" in warc_file or "\\" in warc_file or warc_file.startswith("."):
        raise ArchiveReadError(f"not a WARC file name of this archive: {warc_file!r}")
    path = directory / warc_file
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise ArchiveReadError(f"{path}: {exc.strerror or exc}") from exc
    with fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh):
            if record.rec_type != "response" or record.http_headers is None:
                raise ArchiveReadError(f"{path}@{offset}: not a response record")
            warc_headers = dict(record.rec_headers.headers)
            http = record.http_headers
            status = int(http.get_statuscode())
            # The raw stream: the body exactly as stored (nothing is content-encoded).
            body = record.raw_stream.read()
            date = warc_headers.get("WARC-Date", "")
            return ArchivedResponse(
                response=RawResponse(
                    url=warc_headers.get("WARC-Target-URI", ""),
                    status=status,
                    headers=list(http.headers),
                    body=body,
                    fetched_at=datetime.fromisoformat(date.replace("Z", "+00:00")),
                ),
                warc_headers=warc_headers,
            )
    raise ArchiveReadError(f"{path}@{offset}: no record there")
