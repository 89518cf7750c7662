"""``pantau tag``: plain text → agencies, people, quotes, sentiment.

``--jsonl`` is the batch form: lines ``{"id": ..., "text": ...}`` on stdin, one result per line with
the same ``id``; the model loads once. A bad line gives an ``error`` result for that id and the
batch goes on.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from nlp.pipeline import Tagger
from pantau.settings import Settings
from pantau_cli.commands.output import fail, print_json


def main(args: argparse.Namespace) -> int:
    settings = Settings()
    tagger = Tagger(agencies_path=args.agencies or settings.agencies_file)
    if args.jsonl:
        return _batch(tagger, args.region)
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return fail(f"cannot read {args.file}: {exc}")
    annotation = tagger.tag(text, region=args.region)
    if args.json:
        print_json(annotation.to_dict())
    else:
        for agency in annotation.agencies:
            print(f"{agency.id}\t{agency.name}\t{len(agency.mentions)} mentions")
        if annotation.sentiment:
            print(f"sentiment: {annotation.sentiment.label} ({annotation.sentiment.score:.2f})")
    return 0


def _batch(tagger: Tagger, region: str | None) -> int:
    """Tag every good line in one ``nlp.pipe`` pass; results keep the input order and ids."""
    rows: list[dict[str, Any]] = []  # per input line: {"id"} plus "error" or "text"
    for number, line in enumerate(sys.stdin, start=1):
        if line.strip():
            rows.append(_parse_line(line, number))
    texts = [(str(i), row["text"]) for i, row in enumerate(rows) if "text" in row]
    tagged = {key: annotation for key, annotation in tagger.tag_many(texts, region=region)}
    for i, row in enumerate(rows):
        out = row if "error" in row else {"id": row["id"], **tagged[str(i)].to_dict()}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 1 if any("error" in row for row in rows) else 0


def _parse_line(line: str, number: int) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "line": number, "error": f"not JSON: {exc.msg} at column {exc.colno}"}
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        ident = data.get("id") if isinstance(data, dict) else None
        return {
            "id": ident,
            "line": number,
            "error": 'expected an object {"id": ..., "text": "..."}',
        }
    return {"id": data.get("id"), "text": data["text"]}
