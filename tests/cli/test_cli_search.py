"""``pantau search`` on the demo data, as a terminal shows it: plain text, the count of what is
listed, and a clean end when the reader goes away (``| head``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., subprocess.CompletedProcess[str]]  # the `cli` fixture (conftest.py)

pytestmark = pytest.mark.slow  # the demo crawl


def test_search_prints_text_not_html_entities(cli: Cli, demo_home: Path, tmp_path: Path) -> None:
    done = cli("search", "wali kota", cwd=tmp_path, env={"PANTAU_HOME": str(demo_home)})
    assert done.returncode == 0, done.stderr
    raw = cli("search", "wali kota", "--json", cwd=tmp_path, env={"PANTAU_HOME": str(demo_home)})
    snippets = "".join(hit["snippet"] for hit in json.loads(raw.stdout)["hits"])
    assert "&quot;" in snippets  # the API's snippets are HTML …
    assert "&quot;" not in done.stdout  # … the terminal gets the text
    assert "&amp;" not in done.stdout
    assert '"' in done.stdout


def test_search_says_which_hits_it_lists(cli: Cli, demo_home: Path, tmp_path: Path) -> None:
    env = {"PANTAU_HOME": str(demo_home)}
    total = json.loads(cli("search", "bekasi", "--json", cwd=tmp_path, env=env).stdout)["total"]
    assert total > 20
    first = cli("search", "bekasi", cwd=tmp_path, env=env).stdout.splitlines()[0]
    assert first == f"{total} hasil / results — showing 1–20 of {total}; --size N for more"
    every = cli("search", "bekasi", "--size", str(total), cwd=tmp_path, env=env)
    assert every.stdout.splitlines()[0] == f"{total} hasil / results"


def test_search_into_a_closed_pipe_ends_quietly(demo_home: Path, tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "pantau_cli", "search", "bekasi", "--size", "50"],
        cwd=tmp_path,
        env={**_clean_env(), "PANTAU_HOME": str(demo_home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()  # the reader is gone before the first line, as `| head -0` would be
    stderr = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) == 1
    assert "Traceback" not in stderr
    assert "BrokenPipeError" not in stderr


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
