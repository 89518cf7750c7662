"""An outlet's requests stay on its own site: another host (an intranet address, a look-alike
blog) reached through a redirect or a sitemap entry is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from crawler.offsite import OutletHosts
from crawler.sources import Source, load_sources

SOURCES = """
sources:
  - id: kabarmasa.com
    name: KabarMasa
    url: https://kabarmasa.com/
    feeds: [https://feeds.kabarmasa-cdn.net/rss.xml]
    allow: ['^/berita/']
"""


@pytest.fixture
def source(tmp_path: Path) -> Source:
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES, encoding="utf-8")
    (only,) = load_sources(path)
    return only


def _request(url: str, source: Source) -> Request:
    return Request(url, cb_kwargs={"source": source})


def test_requests_leaving_the_outlets_hosts_are_refused(source: Source) -> None:
    crawler = get_crawler()
    crawler.stats.open_spider()  # type: ignore[union-attr]
    guard = OutletHosts.from_crawler(crawler)
    for url in (
        "https://kabarmasa.com/berita/1",
        "https://www.kabarmasa.com/berita/2",
        "https://feeds.kabarmasa-cdn.net/rss.xml",  # named in the outlet's entry
    ):
        assert guard.process_request(_request(url, source)) is None
    for url in ("http://10.0.0.5/admin", "https://kabarmasa.com.evil.example/berita/3"):
        with pytest.raises(IgnoreRequest):
            guard.process_request(_request(url, source))
    assert crawler.stats.get_value("pantau/offsite/refused") == 2  # type: ignore[union-attr]
    # Requests that are no outlet's (robots.txt checks) pass untouched.
    assert guard.process_request(Request("https://other.example/robots.txt")) is None
