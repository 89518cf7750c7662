"""The crawl tags in batches: ``Tagger.annotate_articles`` (through ``nlp.pipe``) must give exactly
what tagging article by article gave, titles, datelines and outlet regions included."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nlp.pipeline import Tagger
from pantau.models import Article, article_id

LABELLED = Path(__file__).parents[1] / "nlp" / "labelled" / "regional_news.yaml"


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger()


def _labelled() -> list[tuple[Article, str | None]]:
    """The labelled paragraphs as articles: many have a title, a dateline or a default region."""
    items = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))["items"]
    pairs = []
    for item in items:
        url = f"https://contoh.example/{item['id']}"
        article = Article(id=article_id("contoh.example", url), url=url, canonical_url=url,
                          outlet="contoh.example",
                          title=item.get("title") or "", text=item["text"],
                          location=item.get("location"))  # fmt: skip
        pairs.append((article, item.get("region")))
    return pairs


def test_batch_tagging_equals_one_by_one(tagger: Tagger) -> None:
    pairs = _labelled()
    assert sum(1 for a, _ in pairs if a.title) >= 3  # the title path is exercised
    assert sum(1 for a, _ in pairs if a.location) >= 3
    assert sum(1 for _, r in pairs if r) >= 2
    one_by_one = [tagger.annotate_article(a, region=r) for a, r in pairs]
    assert sum(1 for annotation in one_by_one if annotation.agencies) >= 20
    assert tagger.annotate_articles(pairs, batch_size=7) == one_by_one
    assert tagger.annotate_articles([]) == []


def test_batch_tagging_uses_each_articles_region(tagger: Tagger) -> None:
    # Outlets of two regions in one batch: each article keeps its own outlet's region.
    pairs = [(a, "kab-bekasi" if n % 2 else "kota-bekasi") for n, (a, _) in enumerate(_labelled())]
    one_by_one = [tagger.annotate_article(a, region=r) for a, r in pairs]
    assert tagger.annotate_articles(pairs) == one_by_one
