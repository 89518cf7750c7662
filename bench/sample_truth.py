"""The sample site's pickup ground truth as articles: what the pickup evaluation scores against.

``sample_store_articles()`` turns every sample article into the :class:`~pantau.models.Article`
the crawl would store (text, title, date; no NLP), with the id of its URL on ``base_url``-like
``https://<outlet>`` hosts, so a store can be filled without serving or crawling the site.
``pickup_truth()`` says which outlet articles carry which release (``syndication`` on an outlet
article; the office site's own article with that id is the release).
"""

from __future__ import annotations

from pantau.models import Article, article_id
from samplesite.model import OFFICE_OUTLET, SampleArticle, load_articles


def _url(article: SampleArticle) -> str:
    return f"https://{article.outlet}{article.path}"


def to_article(article: SampleArticle) -> Article:
    url = _url(article)
    return Article(
        id=article_id(article.outlet, url),
        url=url,
        canonical_url=url,
        outlet=article.outlet,
        outlet_name=article.outlet_name,
        title=article.title,
        text=article.text,
        published_at=article.published,
    )


def sample_store_articles() -> list[Article]:
    return [to_article(a) for a in load_articles() if a.expect == "article"]


def release_articles() -> dict[str, Article]:
    """The office site's press releases by syndication id."""
    return {
        a.syndication: to_article(a)
        for a in load_articles()
        if a.outlet == OFFICE_OUTLET and a.syndication and a.expect == "article"
    }


def pickup_truth() -> set[tuple[str, str]]:
    """(syndication id, article id) of every outlet article that carries a release."""
    return {
        (a.syndication, to_article(a).id)
        for a in load_articles()
        if a.syndication and a.outlet != OFFICE_OUTLET and a.expect == "article"
    }
