"""What the spider yields: the extracted article plus what the crawl knows about its outlet.

The :class:`~pantau.models.Article` stays the one model from extraction to the store; this
envelope adds only crawl context the pipelines need and the store does not keep. Today that is the
outlet's default region from ``sources.yaml``, a hint for the tagger (an agency the text leaves
without a region resolves to the outlet's), carried from the request's ``Source`` so that no
pipeline has to look sources up on the spider; likewise whether the outlet is the office's own site.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.prepare import Prepared
from pantau.models import Article


@dataclass(kw_only=True, slots=True)
class CrawledArticle:
    article: Article
    region: str | None = None
    # From the office's own site (``own: true``): the article is registered as a press release.
    own: bool = False
    # Work the extraction worker did ahead for the pipelines (crawler.prepare), if any.
    prepared: Prepared | None = None
