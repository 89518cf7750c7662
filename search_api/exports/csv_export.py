"""CSV: UTF-8 with a byte-order mark (so Excel reads Indonesian text right), comma-separated,
one header line in the office's language, then one line per article, produced as it is read."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from search_api.exports.rows import Row

BOM = "\ufeff"


def csv_chunks(header: list[str], rows: Iterable[Row]) -> Iterator[bytes]:
    """The file as byte chunks, one per line: a response can send each as soon as it is made."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def take() -> bytes:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode("utf-8")

    buffer.write(BOM)
    writer.writerow(header)
    yield take()
    for row in rows:
        writer.writerow(row.cells())
        yield take()
