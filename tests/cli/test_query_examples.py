"""Every example query the README's query-language table and the web UI's help show finds
something in the demo data (the sample site crawled into a store, as ``pantau demo`` does), and
the README's malformed examples are refused."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from search_api.filters_core import Filters, build_request
from search_api.query import QueryError, parse
from search_api.store import Store, open_store

ROOT = Path(__file__).resolve().parents[2]
_CODE = re.compile(r"`([^`]+)`")


def readme_examples() -> list[str]:
    """The code spans of the first column of the README's ``| syntax | meaning |`` table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| syntax | meaning |", 1)[1].split("\n\n", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    return [code for row in rows for code in _CODE.findall(row.split(" | ", 1)[0])]


def readme_malformed_examples() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sentence = readme.split("A malformed query (", 1)[1].split(")", 1)[0]
    return _CODE.findall(sentence)


def ui_help_examples() -> list[str]:
    """The ``<code>`` examples of the search page's syntax help (read here, owned by the UI)."""
    template = (ROOT / "search_api/app/templates/search.html").read_text(encoding="utf-8")
    help_block = template.split('class="syntax-help"', 1)[1].split("</details>", 1)[0]
    return [html.unescape(code) for code in re.findall(r"<code>(.*?)</code>", help_block)]


@pytest.fixture(scope="module")
def demo_store(demo_home: Path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{demo_home / 'pantau.db'}")
    try:
        yield store
    finally:
        store.close()


def hits(store: Store, query: str) -> int:
    """The total for ``query``, built by the same request builder as the CLI, API and UI."""
    request = build_request(Filters(q=query), ZoneInfo("Asia/Jakarta"), size=1, facets=False)
    return store.search(request).total


def test_the_examples_are_read() -> None:
    assert len(readme_examples()) >= 12
    assert "author:gugun" in readme_examples()
    assert len(ui_help_examples()) >= 12
    assert readme_malformed_examples() == ['"unclosed', "AND OR", "title:"]


@pytest.mark.slow
@pytest.mark.parametrize("query", readme_examples())
def test_readme_example_finds_something(demo_store: Store, query: str) -> None:
    assert hits(demo_store, query) > 0, f"README example {query!r} finds nothing in the demo"


@pytest.mark.slow
@pytest.mark.parametrize("query", ui_help_examples())
def test_ui_help_example_finds_something(demo_store: Store, query: str) -> None:
    assert hits(demo_store, query) > 0, f"UI help example {query!r} finds nothing in the demo"


@pytest.mark.parametrize("query", readme_malformed_examples())
def test_readme_malformed_example_is_refused(query: str) -> None:
    with pytest.raises(QueryError):
        parse(query)
