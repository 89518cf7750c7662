"""Per-outlet overrides: detik's pubdate "Z" that is WIB wall-clock time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from extract_pages import article_html

from crawler.extract import extract
from crawler.extract.metadata import PageMeta
from crawler.extract.overrides import apply_overrides
from pantau.models import Article

WIB = timezone(timedelta(hours=7))
DETIK_META = (
    '<meta name="pubdate" content="2015-11-05 T10:08:58Z" itemprop="datePublished">'
    '<meta property="og:type" content="article">'
)


def test_detik_pubdate_is_local_time() -> None:
    html = article_html(head=DETIK_META)
    url = "http://inet.detik.com/read/2015/11/05/100026/3062623/323/google-umbar"
    result = extract(html, url, now=datetime(2024, 1, 1, tzinfo=WIB))
    assert isinstance(result, Article)
    assert result.published_at == datetime(2015, 11, 5, 10, 8, 58, tzinfo=WIB)
    assert result.date_source == "meta"


def test_other_sites_are_untouched() -> None:
    meta = PageMeta(meta_published=["2015-11-05 T10:08:58Z"])
    apply_overrides("https://kabarmasa.com/a", meta)
    assert meta.meta_published == ["2015-11-05 T10:08:58Z"]
