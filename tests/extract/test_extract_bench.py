"""bench/extraction.py: the general corpus read from a tar.gz and scored with its snippets."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from extract_pages import PARAGRAPHS, article_html

from bench.extraction import (
    Result,
    count_snippets,
    load_general,
    main,
    prf,
    summarise_snippets,
)

URL = "https://kabarmasa.com/berita/1/pompa"


def _archive(tmp_path: Path) -> Path:
    evaldata = {
        URL: {
            "file": "kabarmasa.html",
            "with": [PARAGRAPHS[1][:60], PARAGRAPHS[3][:60]],
            "without": ["Hak cipta KabarMasa", "Beranda"],
        }
    }
    path = tmp_path / "eval.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in (
            ("tests/evaldata.json", json.dumps(evaldata).encode()),
            ("tests/eval/kabarmasa.html", article_html().encode()),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_snippet_counts_follow_trafilaturas_scoring() -> None:
    item = {"with": ["a  b", "c"], "without": ["x", "y"]}
    assert count_snippets(item, "a b\nx") == (1, 1, 1)
    summary = summarise_snippets([Result("a b\nx")], [item])
    assert (summary.precision, summary.recall) == (0.5, 0.5)


def test_token_prf() -> None:
    assert prf("a b", "a b") == (1.0, 1.0, 1.0)
    assert prf("", "a") == (0.0, 0.0, 0.0)


def test_general_corpus_is_read_from_the_archive(tmp_path: Path) -> None:
    pages = load_general(_archive(tmp_path), sample=1)
    assert [(url, item["file"]) for url, item, _ in pages] == [(URL, "kabarmasa.html")]
    assert b"Pemkot" in pages[0][2]


def test_bench_runs_and_prints_both_extractors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--shared", str(tmp_path / "absent"), "--general", str(_archive(tmp_path))]) == 0
    out = capsys.readouterr()
    row = next(line for line in out.out.splitlines() if line.startswith("general corpus"))
    # Pantau finds both snippets and neither boilerplate line: F1 1.000 in its column.
    assert row.split("|")[1].split()[0] == "1.000"
    assert "shared pages not found" in out.err
