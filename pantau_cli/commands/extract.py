"""``pantau extract FILE [--url URL] --json``: one HTML file → the article fields (no NLP)."""

from __future__ import annotations

import argparse

from crawler.extract import extract
from pantau.models import Rejected
from pantau_cli.commands.output import fail, print_json


def main(args: argparse.Namespace) -> int:
    try:
        body = args.file.read_bytes()
    except OSError as exc:
        return fail(f"cannot read {args.file}: {exc.strerror}")
    url = args.url or args.file.resolve().as_uri()
    result = extract(body, url)
    if isinstance(result, Rejected):
        if args.json:
            print_json({"rejected": result.reason, "detail": result.detail, "url": result.url})
        else:
            print(f"rejected: {result.reason} ({result.detail})")
        return 1
    data = result.to_dict()
    if args.json:
        print_json(data)
    else:
        for key in (
            "title",
            "published_at",
            "date_source",
            "author",
            "editor",
            "location",
            "canonical_url",
        ):
            print(f"{key}: {data[key]}")
        print()
        print(result.text)
    return 0
