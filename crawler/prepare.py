"""What an extraction worker prepares for the crawl process's pipelines, beside the article.

The crawl process (Scrapy's reactor and the item pipelines) is one process; the extraction
workers (:mod:`crawler.extract_pool`) are the others. Per-article work that needs nothing but
the page and its article is done where the page was read, so that the crawl process spends less
on each article and the cores share the work more evenly:

* the shingle hashes of the article's MinHash (:func:`nlp.shingles.shingle_hashes`, two thirds
  of a signature; the rest needs numpy, which the workers do not load), for clustering
  (:mod:`crawler.cluster_pipeline`);
* the gzipped WARC record of the page's response (:func:`search_api.archive.warc.build_record`),
  which the archive pipeline (:mod:`crawler.archive`) appends: writing, ordering and rotation
  stay with the one writer in the crawl process.

A pipeline uses them only while they still fit the article (a merged multi-page article has
other text, a moved URL takes a stored article's id): otherwise it computes them itself, as it
always did.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from nlp.shingles import shingle_hashes
from pantau.models import Article
from search_api.archive.warc import BuiltRecord, RawResponse, build_record


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """The shingle hashes of ``title`` and ``text`` (32-bit, in an array: compact to pickle)."""

    title: str
    text: str
    hashes: array[int]

    def fits(self, article: Article) -> bool:
        """Whether the hashes are still those of the article's title and text."""
        return article.title == self.title and article.text == self.text


@dataclass(frozen=True, slots=True)
class Prepared:
    fingerprint: Fingerprint | None = None
    record: BuiltRecord | None = None


@dataclass(frozen=True, slots=True)
class Wanted:
    """What the crawl's pipelines can use: a fingerprint (clustering is on), a WARC record
    (archiving is on)."""

    fingerprint: bool = False
    record: bool = False


def prepare(article: Article, *, fingerprint: bool, response: RawResponse | None) -> Prepared:
    """The fingerprint (when asked) and the WARC record of ``response`` (when given) of one
    article read from that response."""
    return Prepared(
        fingerprint=(
            Fingerprint(
                article.title, article.text, array("I", shingle_hashes(article.title, article.text))
            )
            if fingerprint
            else None
        ),
        record=build_record(response, article_id=article.id) if response is not None else None,
    )
