"""``pantau index migrate|verify``: copy a whole store into Elasticsearch, then check the copy.

``migrate --from sqlite:///… --to http://…`` streams the source in id order, a batch at a time, into
the target (bulk writes, no refresh until the end). After every batch it records the last id in a
checkpoint file under ``PANTAU_HOME`` (one per source/target pair), so running the same command
again resumes after that id; ``--after ID`` starts elsewhere, ``--restart`` from the top. Documents
the target refuses are counted and listed, and make the command exit 1.

``verify`` compares the counts and a random sample of documents (``--sample``, default 200), exit 1
on any difference.

A new Elasticsearch mapping version (``elastic_index.json``) is adopted the same way: the store
refuses an index of another version, but the *source* of ``migrate``/``verify`` may be one (its
``_source`` is the Article), so ``migrate --from http://…/?index=OLD --to http://…/?index=NEW``
rebuilds the index with the current mapping (and its derived fields, such as ``agency_tone`` in
v2); then point the store URL at the new alias. SQLite files migrate themselves on opening.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from tqdm import tqdm

from pantau.models import Article
from pantau.settings import Settings
from pantau.urls import redact
from pantau_cli.commands.output import fail, print_json
from search_api.store import Store, StoreError, open_store
from search_api.store.base import WriteReport

BATCH = 500
INTERRUPTED = 130  # the shell's code for a command stopped by SIGINT


class ScanStore(Store, Protocol):
    """A store that can list all its articles (both implementations can)."""

    def scan(
        self, after: str | None = None, batch_size: int = BATCH
    ) -> Iterator[list[Article]]: ...

    def sample_ids(self, size: int) -> list[str]: ...


def _open(url: str, *, bulk: bool = False, source: bool = False) -> ScanStore:
    if source:
        _require_sqlite_file(url)
    # A source of an older mapping version is readable (copying it upgrades it); a bulk target
    # refreshes once at the end, not once per batch.
    store: Any = open_store(url, refresh=not bulk, any_version=source)
    if not hasattr(store, "scan"):
        store.close()
        raise StoreError(f"{redact(url)} cannot be scanned")
    result: ScanStore = store
    return result


def _require_sqlite_file(url: str) -> None:
    """Refuse a SQLite source that does not exist: opening a SQLite store creates the file, and a
    mistyped path would otherwise be copied as an empty store."""
    if not url.startswith("sqlite:///"):
        return
    path = Path(url.removeprefix("sqlite:///"))
    if not path.is_file():
        raise StoreError(f"--from {url}: no SQLite store at {path.resolve()}")


def checkpoint_path(home: Path, source: str, target: str) -> Path:
    key = hashlib.sha256(f"{source}\n{target}".encode()).hexdigest()[:16]
    return home / f"index-migrate-{key}.json"


def _read_checkpoint(path: Path) -> str | None:
    if not path.exists():
        return None
    after = json.loads(path.read_text(encoding="utf-8")).get("after")
    return str(after) if after else None


def _write_checkpoint(path: Path, after: str, copied: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"after": after, "copied": copied}), encoding="utf-8")
    tmp.replace(path)  # atomic: an interrupted run never leaves half a checkpoint


def migrate(args: argparse.Namespace) -> int:
    checkpoint = checkpoint_path(Settings().home, args.source, args.target)
    after = args.after or (None if args.restart else _read_checkpoint(checkpoint))
    source = _open(args.source, source=True)
    target = _open(args.target, bulk=True)
    report = WriteReport()
    copied = 0
    try:
        with tqdm(total=source.count(), unit="doc", desc="migrate", disable=None) as bar:
            for batch in source.scan(after=after, batch_size=args.batch):
                part = target.upsert(batch)
                report.created += part.created
                report.updated += part.updated
                report.failed += part.failed
                report.errors += part.errors
                copied += len(batch)
                after = batch[-1].id
                _write_checkpoint(checkpoint, after, copied)
                bar.update(len(batch))
        refresh = getattr(target, "refresh", None)
        if refresh is not None:
            refresh()
    except KeyboardInterrupt:
        # Ctrl-C is how a long copy is paused: say where it stopped, not a traceback. The batch
        # in flight is copied again on resuming (upserts by id: no duplicates).
        where = f"after {after}" if after else "from the start"
        return fail(
            f"interrupted after {copied} articles; the same command resumes {where} "
            f"(checkpoint {checkpoint})",
            INTERRUPTED,
        )
    finally:
        source.close()
        target.close()
    out = {
        "read": copied,
        "created": report.created,
        "updated": report.updated,
        "failed": report.failed,
        "errors": report.errors[:100],
        "last_id": after,
        "checkpoint": str(checkpoint),
    }
    _report(out, args.json)
    return 1 if report.failed else 0


def verify(args: argparse.Namespace) -> int:
    source = _open(args.source, source=True)
    target = _open(args.target)
    try:
        counts = source.count(), target.count()
        ids = source.sample_ids(args.sample)
        missing: list[str] = []
        different: list[str] = []
        for article_id in ids:
            copy = target.get(article_id)
            if copy is None:
                missing.append(article_id)
            elif copy != source.get(article_id):
                different.append(article_id)
    finally:
        source.close()
        target.close()
    ok = counts[0] == counts[1] and not missing and not different
    out = {
        "ok": ok,
        "source_count": counts[0],
        "target_count": counts[1],
        "sampled": len(ids),
        "missing": missing,
        "different": different,
    }
    _report(out, args.json)
    return 0 if ok else 1


def _report(out: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(out)
        return
    for key, value in out.items():
        print(f"{key}: {value}")


def main(args: argparse.Namespace) -> int:
    try:
        return migrate(args) if args.index_command == "migrate" else verify(args)
    except StoreError as exc:
        return fail(str(exc))
