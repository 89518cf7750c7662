"""Extraction: one fetched HTML page → ``Article`` or ``Rejected`` (:mod:`pantau.models`).

A pure function with no Scrapy types, shared by the spider, ``pantau extract``, tests and
benchmarks.
See :mod:`crawler.extract.core` for the pipeline and the rejection reasons.
"""

from crawler.extract.core import MAX_HTML_BYTES, MIN_WORDS, REJECTION_REASONS, extract
from crawler.extract.dates import find_indonesian_date, parse_indonesian_date
from crawler.extract.pagination import merge_pages, next_page_urls, page_all_url

__all__ = [
    "MAX_HTML_BYTES",
    "MIN_WORDS",
    "REJECTION_REASONS",
    "extract",
    "find_indonesian_date",
    "merge_pages",
    "next_page_urls",
    "page_all_url",
    "parse_indonesian_date",
]
