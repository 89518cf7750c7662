"""Does the tagger still give exactly the same output? For speed work that must not change results.

Usage::

    .venv/bin/python bench/tagger_same.py --write before.jsonl      # on the old code
    .venv/bin/python bench/tagger_same.py --against before.jsonl    # on the new code

One JSON line per text, from every labelled set there is: the regional news
(``../shared/data/govnews``, skipped when missing) through ``Tagger.tag`` (with title and
dateline), ``Tagger.tag_many`` and the tone stage alone (``bench/sentiment.py``'s pipeline); our own
labelled set (``tests/nlp/labelled/regional_news.yaml``); the sample site's articles
(``Tagger.annotate_articles``); the CNBC held-out headlines through the tone stage (when the
sentiment data are there). Each line holds the :class:`pantau.models.Annotation` and, from the
annotated doc, every component's own result: agency hits, people, quotes, cues and each sentence's
tone with its probabilities as exact floats. ``--against`` prints the lines that differ and exits 1
when any does.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from bench.sentiment import sentiment_pipeline  # noqa: E402
from nlp.evaluate import load_items  # noqa: E402
from nlp.evaluate_govnews import load_records  # noqa: E402
from nlp.pipeline import Tagger  # noqa: E402
from pantau.models import Article  # noqa: E402

LABELLED = ROOT / "tests" / "nlp" / "labelled" / "regional_news.yaml"
GOVNEWS = ROOT.parent / "shared" / "data" / "govnews" / "govnews.jsonl"


def _plain(value: Any) -> Any:
    """JSON-ready: dataclasses as dicts, numpy arrays and scalars as Python lists and floats."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(item) for item in value)
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def _doc(doc: Doc) -> dict[str, Any]:
    return {
        "tokens": len(doc),
        "sent_starts": [token.i for token in doc if token.is_sent_start],
        "agencies": _plain(doc._.pantau_agencies),
        "people": _plain(doc._.pantau_people),
        "quotes": _plain(doc._.pantau_quotes),
        "cues": _plain(doc._.pantau_cues),
        "tones": _plain(doc._.pantau_tones),
        "sentiment": _plain(doc._.pantau_sentiment),
    }


def lines(govnews: Path, labelled: Path) -> Iterator[dict[str, Any]]:
    tagger = Tagger()
    tone: Language = sentiment_pipeline()
    records = load_records(govnews) if govnews.exists() else []
    for number, record in enumerate(records):
        text = record["text"]
        annotation = tagger.tag(text, title=record.get("title"), location=record.get("location"))
        yield {"set": "govnews", "n": number, "annotation": _plain(annotation)}
        yield {"set": "govnews-doc", "n": number, "doc": _doc(tagger.parse(text))}
        yield {"set": "govnews-tone", "n": number, "doc": _doc(tone(text))}
    texts = ((str(n), r["text"]) for n, r in enumerate(records))
    for item_id, annotation in tagger.tag_many(texts):
        yield {"set": "govnews-many", "n": item_id, "annotation": _plain(annotation)}
    for number, item in enumerate(load_items(labelled)):
        annotation = tagger.tag(
            item["text"],
            title=item.get("title"),
            location=item.get("location"),
            region=item.get("region"),
        )
        yield {"set": "labelled", "n": number, "annotation": _plain(annotation)}
        yield {"set": "labelled-doc", "n": number, "doc": _doc(tagger.parse(item["text"]))}
    yield from _samplesite(tagger)
    yield from _cnbc(tone)


def _samplesite(tagger: Tagger) -> Iterator[dict[str, Any]]:
    from samplesite.model import load_articles

    pairs = [
        (
            Article(
                id=a.slug,
                url=a.path,
                canonical_url=a.path,
                outlet=a.outlet,
                title=a.title,
                text=a.text,
                location=a.location,
            ),
            None,
        )
        for a in load_articles()
    ]
    for number, annotation in enumerate(tagger.annotate_articles(pairs)):
        yield {"set": "samplesite", "n": number, "annotation": _plain(annotation)}


def _cnbc(tone: Language) -> Iterator[dict[str, Any]]:
    try:
        from nlp.train.sentiment_data import load_cnbc, split_cnbc

        test = split_cnbc(load_cnbc()).test
    except (ImportError, FileNotFoundError) as error:
        print(f"CNBC headlines skipped: {error}", file=sys.stderr)
        return
    for number, doc in enumerate(tone.pipe(e.text for e in test)):
        yield {"set": "cnbc-tone", "n": number, "doc": _doc(doc)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--govnews", type=Path, default=GOVNEWS)
    parser.add_argument("--labelled", type=Path, default=LABELLED)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the output here")
    group.add_argument("--against", type=Path, help="compare with a file --write made")
    args = parser.parse_args(argv)
    made = [
        json.dumps(line, ensure_ascii=False, sort_keys=True)
        for line in lines(args.govnews, args.labelled)
    ]
    if args.write is not None:
        args.write.write_text("".join(f"{line}\n" for line in made), encoding="utf-8")
        print(f"{len(made)} lines written to {args.write}")
        return 0
    before = args.against.read_text(encoding="utf-8").splitlines()
    differ = [(old, new) for old, new in zip(before, made, strict=False) if old != new]
    for old, new in differ[:5]:
        print(f"- {old[:400]}\n+ {new[:400]}\n")
    print(f"{len(made)} lines now, {len(before)} before; {len(differ)} differ")
    return 0 if not differ and len(made) == len(before) else 1


if __name__ == "__main__":
    raise SystemExit(main())
