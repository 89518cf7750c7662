"""The rule registry (crawler.extract.rules) and switching rules off in ``extract``."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from extract_pages import article_html

from crawler.extract import extract
from crawler.extract.cleanup import LINE_RULES
from crawler.extract.rules import NAMES, RULES, written_for
from pantau.models import Article

URL = "https://www.kabarmasa.com/2023/11/09/pemkot-bekasi-siagakan-pompa"
NOW = datetime(2024, 6, 1, tzinfo=UTC)


def test_rule_names_are_unique_and_cover_the_line_rules() -> None:
    assert len(NAMES) == len(RULES)
    assert {name for name, _ in LINE_RULES} <= NAMES


def test_written_for_names_the_outlets_rules() -> None:
    assert "detik_pubdate" in written_for("detik.com")
    assert written_for("antaranews.com") == frozenset()
    assert "rescue" not in written_for("kompas.com")


def test_a_rule_switched_off_leaves_its_boilerplate() -> None:
    html = article_html()
    on = extract(html, URL, now=NOW)
    off = extract(html, URL, now=NOW, off=frozenset({"read_also"}))
    assert isinstance(on, Article)
    assert isinstance(off, Article)
    assert "Baca juga" not in on.text
    assert "Baca juga" in off.text


def test_unknown_rule_names_are_refused() -> None:
    with pytest.raises(ValueError, match="no_such_rule"):
        extract(article_html(), URL, now=NOW, off=frozenset({"no_such_rule"}))
