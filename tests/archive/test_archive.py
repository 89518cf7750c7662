"""The WARC archive and its ledger on real files: records read back byte for byte, rotation by
size, the first capture stays the evidence, and a re-check against a real loopback server flags an
edited and a deleted page."""

from __future__ import annotations

import gzip
import threading
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from warcio.archiveiterator import ArchiveIterator

from search_api.archive.archive import Archive
from search_api.archive.recheck import FetchError, recheck
from search_api.archive.warc import GZIP_LEVEL, RawResponse, build_record, read_record

WHEN = datetime(2026, 10, 5, 3, 0, tzinfo=UTC)


def _response(url: str, body: bytes, status: int = 200) -> RawResponse:
    return RawResponse(
        url=url,
        status=status,
        headers=[
            ("Content-Type", "text/html; charset=UTF-8"),
            ("Content-Encoding", "gzip"),  # Scrapy decoded it: must not be stored as is
            ("Server", "nginx"),
        ],
        body=body,
        fetched_at=WHEN,
    )


def test_a_record_reads_back_exactly_and_is_a_valid_warc(tmp_path: Path) -> None:
    body = "<html><body><h1>Wali Kota — ‘rapat’</h1></body></html>".encode()
    with Archive(tmp_path) as archive:
        capture = archive.record("a1", _response("http://x.test/1", body), text="t", origin="crawl")
        again = archive.read(capture)
    assert again.response.body == body
    assert again.response.status == 200
    assert again.response.url == "http://x.test/1"
    assert again.response.fetched_at == WHEN
    headers = dict(again.response.headers)
    assert "Content-Encoding" not in headers
    assert headers["X-Pantau-Original-Content-Encoding"] == "gzip"
    assert headers["Content-Length"] == str(len(body))
    assert again.warc_headers["WARC-Pantau-Article-Id"] == "a1"
    assert capture.sha256 == again.response.sha256
    # Any WARC reader sees one response record (warcio's own iterator, from the file's start).
    with (tmp_path / capture.warc_file).open("rb") as fh:
        records = [(r.rec_type, r.content_stream().read()) for r in ArchiveIterator(fh)]
    assert records == [("response", body)]
    # A gzip member per record: the file decompresses as a whole too.
    assert b"WARC/1" in gzip.decompress((tmp_path / capture.warc_file).read_bytes())


def test_a_record_built_beforehand_is_written_as_built(tmp_path: Path) -> None:
    """A crawl builds the record in the extraction worker (build_record) and the crawl process
    only appends it: it reads back as a record written in one go, in the writer's order."""
    first, second = b"<html>satu</html>", b"<html>dua</html>"
    built = build_record(_response("http://x.test/2", second), article_id="a2")
    with Archive(tmp_path) as archive:
        one = archive.record("a1", _response("http://x.test/1", first), text="t", origin="crawl")
        two = archive.record(
            "a2", _response("http://x.test/2", second), text="t", origin="crawl", built=built
        )
        again = archive.read(two)
        assert archive.read(one).response.body == first
    assert two.warc_offset == one.warc_offset + one.warc_length
    assert two.warc_length == len(built.member)
    assert again.response.body == second
    assert again.warc_headers["WARC-Pantau-Article-Id"] == "a2"
    assert two.sha256 == again.response.sha256 == built.sha256


def test_a_record_built_for_another_article_or_response_is_refused(tmp_path: Path) -> None:
    """A moved URL takes a stored article's id after the worker built the record: the crawl
    must build it again rather than file it under the wrong article."""
    response = _response("http://x.test/1", b"<html>satu</html>")
    built = build_record(response, article_id="a1")
    other_body = _response("http://x.test/1", b"<html>lain</html>")
    with Archive(tmp_path) as archive:
        with pytest.raises(ValueError, match="record built"):
            archive.record("a9", response, text=None, origin="crawl", built=built)
        with pytest.raises(ValueError, match="record built"):
            archive.record("a1", other_body, text=None, origin="crawl", built=built)
        assert archive.ledger.last("a1") is None


def test_files_rotate_by_size_and_every_record_stays_reachable(tmp_path: Path) -> None:
    bodies = [bytes([65 + i]) * 3000 + b"x" * i for i in range(8)]
    with Archive(tmp_path, max_file_bytes=1024) as archive:
        captures = [
            archive.record(f"a{i}", _response(f"http://x.test/{i}", b), text=None, origin="crawl")
            for i, b in enumerate(bodies)
        ]
    files = {c.warc_file for c in captures}
    assert len(files) > 1
    for capture, body in zip(captures, bodies, strict=True):
        assert read_record(tmp_path, capture.warc_file, capture.warc_offset).response.body == body


def test_each_record_is_one_gzip_member_at_the_archives_level(tmp_path: Path) -> None:
    """Records are gzipped by Pantau at GZIP_LEVEL (warcio's 9 cost the crawl twice the time):
    each record's bytes are exactly one member, as that level compresses the plain record."""
    body = b"<html><body>" + b"<p>Wali Kota meresmikan pasar baru.</p>" * 300 + b"</body></html>"
    with Archive(tmp_path) as archive:
        first = archive.record("a1", _response("http://x.test/1", body), text=None, origin="crawl")
        second = archive.record("a2", _response("http://x.test/2", body), text=None, origin="crawl")
    data = (tmp_path / first.warc_file).read_bytes()
    assert second.warc_offset == first.warc_offset + first.warc_length
    member = data[first.warc_offset : first.warc_offset + first.warc_length]
    reader = zlib.decompressobj(zlib.MAX_WBITS + 16)
    plain = reader.decompress(member)
    assert reader.eof
    assert not reader.unused_data
    assert plain.startswith(b"WARC/1.")
    assert body in plain
    again = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    assert len(again.compress(plain) + again.flush()) == len(member)


def test_the_first_capture_stays_the_evidence(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        first = archive.record(
            "a", _response("http://x.test/a", b"one"), text="one", origin="crawl"
        )
        archive.record("a", _response("http://x.test/a", b"two"), text="two", origin="recheck")
        archive.record(
            "a", _response("http://x.test/a", b"gone", status=410), text=None, origin="recheck"
        )
        evidence = archive.evidence("a")
        latest = archive.evidence("a", latest=True)
        assert evidence is not None
        assert latest is not None
        assert evidence.capture == first
        assert evidence.record.response.body == b"one"
        assert latest.record.response.status == 410
        assert archive.evidence("unknown") is None
        assert archive.ledger.archived_ids() == ["a"]


def test_a_reference_outside_the_archive_is_refused(tmp_path: Path) -> None:
    from search_api.archive.warc import ArchiveReadError

    with pytest.raises(ArchiveReadError, match="not a WARC file name"):
        read_record(tmp_path, "../etc/passwd", 0)
    with pytest.raises(ArchiveReadError, match="No such file"):
        read_record(tmp_path, "missing.warc.gz", 0)


class _Site(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[int, bytes]]] = {}

    def do_GET(self) -> None:
        status, body = self.pages.get(self.path, (404, b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _fetch(url: str) -> RawResponse:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return _response(url, answer.read(), answer.status)
    except urllib.error.HTTPError as exc:
        return _response(url, exc.read(), exc.code)
    except urllib.error.URLError as exc:
        raise FetchError(str(exc)) from exc


def test_recheck_flags_edited_and_deleted_pages_and_keeps_the_first_copy(
    tmp_path: Path, site: str
) -> None:
    def text_of(response: RawResponse) -> str:
        # The "article" is the <p>; the <aside> is page chrome that changes on its own.
        body = response.body.decode()
        return body.split("<p>")[1].split("</p>")[0] if "<p>" in body else ""

    original = {
        "/edited": b"<p>Dinkes buka posko.</p><aside>1</aside>",
        "/deleted": b"<p>Wali kota meresmikan pasar.</p>",
        "/chrome": b"<p>Teks sama.</p><aside>populer 1</aside>",
        "/same": b"<p>Tidak berubah.</p>",
    }
    _Site.pages = {path: (200, body) for path, body in original.items()}
    with Archive(tmp_path) as archive:
        for path, body in original.items():
            response = _response(site + path, body)
            archive.record(path, response, text=text_of(response), origin="crawl")
        _Site.pages["/edited"] = (200, b"<p>Dinkes tutup posko.</p><aside>1</aside>")
        _Site.pages["/deleted"] = (410, b"gone")
        _Site.pages["/chrome"] = (200, b"<p>Teks sama.</p><aside>populer 2</aside>")
        ids = [*original, "never-archived"]
        outcomes = {r.article_id: r.outcome for r in recheck(archive, ids, _fetch, text_of)}
        assert outcomes == {
            "/edited": "changed",
            "/deleted": "gone",
            "/chrome": "same_text",
            "/same": "unchanged",
            "never-archived": "not_archived",
        }
        flags = archive.ledger.flags(list(original))
        assert {k: [f.kind for f in v] for k, v in flags.items()} == {
            "/edited": ["changed"],
            "/deleted": ["gone"],
        }
        evidence = archive.evidence("/deleted")
        assert evidence is not None
        assert evidence.record.response.body == original["/deleted"]
        # A second re-check finds the same and keeps the first finding's date.
        again = {r.article_id: r for r in recheck(archive, ["/deleted"], _fetch, text_of)}
        assert again["/deleted"].outcome == "gone"
        assert again["/deleted"].flagged is False


def test_an_unreachable_page_is_an_error_not_a_deletion(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        archive.record(
            "a", _response("http://127.0.0.1:9/x", b"<p>x</p>"), text="x", origin="crawl"
        )
        [result] = recheck(archive, ["a"], _fetch, lambda r: None)
        assert result.outcome == "error"
        assert archive.ledger.flags(["a"]) == {}
