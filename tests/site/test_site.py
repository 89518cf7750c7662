"""The sample news site: data, rendering and the live server (offline, loopback only)."""

from __future__ import annotations

import email.utils
import html
import http.client
import re
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from make_expected import EXPECTED_DIR, render_all

from samplesite.model import (
    DAYS,
    MONTHS,
    OFFICE_OUTLET,
    OUTLET_IDS,
    SampleArticle,
    load_articles,
)
from samplesite.server import SampleSite

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
ARTICLES = load_articles()
GOOD = [a for a in ARTICLES if a.expect == "article"]
SOURCE_KEYS = {
    "own",
    "id",
    "name",
    "url",
    "region",
    "timezone",
    "feeds",
    "sitemaps",
    "robots_sitemaps",
    "listings",
    "allow",
    "deny",
}


def fetch(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers.items()), response.read()


def raw_get(base: str, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request without following redirects."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def page_text(markup: str) -> str:
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def decode(article: SampleArticle, body: bytes) -> str:
    return body.decode("cp1252" if article.outlet == "suarapriangan.net" else "utf-8")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


# --- data -------------------------------------------------------------------------------------


def test_enough_articles_per_outlet() -> None:
    per_outlet = Counter(a.outlet for a in GOOD)
    assert len(GOOD) >= 44
    assert set(per_outlet) == set(OUTLET_IDS)
    # The office's own site carries only its handful of press releases.
    assert per_outlet.pop(OFFICE_OUTLET) >= 4
    assert min(per_outlet.values()) >= 10


@pytest.mark.parametrize("article", GOOD, ids=lambda a: f"{a.outlet}:{a.slug}")
def test_article_shape(article: SampleArticle) -> None:
    # Short items exist as on real outlets: press releases, their rewrites and brief news on the
    # same topics (from ~75 words; extraction's floor is MIN_WORDS, 30).
    assert 70 <= len(article.text.split()) <= 400
    assert len(article.paragraphs) >= 3
    assert article.author
    assert article.location
    assert article.tags
    assert article.published.utcoffset() is not None
    assert '"' in article.text or "“" in article.text, "every article quotes someone"


def test_unique_paths_and_ids() -> None:
    paths = [(a.outlet, a.path) for a in ARTICLES]
    assert len(paths) == len(set(paths))


def test_bekasi_found_in_at_least_three_outlets() -> None:
    outlets = {a.outlet for a in GOOD if "bekasi" in (a.title + a.text).lower()}
    assert len(outlets) >= 3


def test_syndicated_press_release_pair() -> None:
    groups: dict[str, list[SampleArticle]] = {}
    for article in GOOD:
        if article.syndication:
            groups.setdefault(article.syndication, []).append(article)
    assert groups, "press releases are republished by outlets"
    for release, group in groups.items():
        # The office's own copy is the release; of the outlets, the verbatim pickups are checked.
        pair = [a for a in group if a.pickup == "verbatim"]
        if release != "rilis-sub-pin-polio-kota-bekasi":
            assert any(a.outlet == OFFICE_OUTLET for a in group), release
            continue
        assert len({a.outlet for a in pair}) == 2
        first, second = pair
        assert first.title != second.title
        assert first.text != second.text
        shingles = [
            {tuple(w[i : i + 5]) for i in range(len(w) - 4)}
            for w in (words(first.text), words(second.text))
        ]
        jaccard = len(shingles[0] & shingles[1]) / len(shingles[0] | shingles[1])
        assert jaccard > 0.8


def test_expected_rejection_is_marked() -> None:
    rejected = [a for a in ARTICLES if a.expect == "rejected"]
    assert [a.outlet for a in rejected] == ["kabarmasa.com"]
    assert all(a.reject_reason and len(a.text.split()) < 40 for a in rejected)


def _parse_blogger_date(text: str) -> date:
    months = {m.lower(): i for i, m in enumerate(MONTHS, 1)}
    months.update({"pebruari": 2, "agt": 8, "agu": 8, "nop": 11, "des": 12})
    day_name, rest = text.split(", ")
    day, month, year = rest.split()
    parsed = date(int(year), months[month.lower()], int(day))
    assert DAYS[parsed.weekday()] == day_name.replace("Jum'at", "Jumat")
    return parsed


def test_blogger_date_variants() -> None:
    blog = [a for a in GOOD if a.outlet == "sumedangpost.blogspot.com"]
    texts = [a.date_text for a in blog if a.date_text]
    for needle in ("Pebruari", "Agt", "Jum'at"):
        assert any(needle in t for t in texts), needle
    for article in blog:
        if article.date_text:
            assert _parse_blogger_date(article.date_text) == article.published.date()


def test_legacy_text_needs_cp1252() -> None:
    legacy = " ".join(
        a.text + a.title + (a.author or "") for a in GOOD if a.outlet == "suarapriangan.net"
    )
    for char in "“”’–—é":
        assert char in legacy
    legacy.encode("cp1252")


# --- expected extraction results ---------------------------------------------------------------


def test_expected_files_in_sync() -> None:
    files = render_all()
    on_disk = set(EXPECTED_DIR.glob("*/*.json"))
    assert on_disk == set(files), "run python tests/site/make_expected.py"
    for path, text in files.items():
        assert path.read_text(encoding="utf-8") == text, f"stale {path}; run make_expected.py"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: f"{a.outlet}:{a.slug}")
def test_expected_matches_truth(article: SampleArticle) -> None:
    import json

    data = json.loads((EXPECTED_DIR / article.outlet / f"{article.slug}.json").read_text("utf-8"))
    for needle in data["must_contain"]:
        assert needle in article.text
        assert len(needle) > 20
    for needle in data["must_not_contain"]:
        assert needle not in article.text


# --- the live site -----------------------------------------------------------------------------


def test_base_urls_are_distinct_loopback_ports(sample_site: SampleSite) -> None:
    urls = sample_site.base_urls
    assert list(urls) == list(OUTLET_IDS)
    ports = {urlsplit(u).port for u in urls.values()}
    assert len(ports) == len(OUTLET_IDS)
    assert all(re.fullmatch(r"http://127\.0\.0\.1:\d+/", u) for u in urls.values())


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: f"{a.outlet}:{a.slug}")
def test_article_page_served(sample_site: SampleSite, article: SampleArticle) -> None:
    status, _, body = fetch(sample_site.base_urls[article.outlet].rstrip("/") + article.path)
    assert status == 200
    text = page_text(decode(article, body))
    assert article.title in text
    assert article.paragraphs[0] in text
    assert article.paragraphs[-1] in text


def test_robots_per_outlet(sample_site: SampleSite) -> None:
    for outlet, base in sample_site.base_urls.items():
        status, headers, body = fetch(base + "robots.txt")
        assert status == 200
        assert headers["Content-Type"].startswith("text/plain")
        robots = body.decode()
        assert "User-agent: *" in robots
        for line in robots.splitlines():
            if line.startswith("Sitemap:"):
                assert line.split(": ", 1)[1].startswith(base), outlet


def test_unknown_path_404_and_head(sample_site: SampleSite) -> None:
    base = sample_site.base_urls["kabarmasa.com"]
    status, _, _ = raw_get(base, "/tidak-ada")
    assert status == 404
    article = next(a for a in GOOD if a.outlet == "kabarmasa.com")
    status, headers, body = raw_get(base, article.path, method="HEAD")
    assert status == 200
    assert body == b""
    assert int(headers["Content-Length"]) > 1000


def test_wordpress_feed_and_sitemaps(sample_site: SampleSite) -> None:
    base = sample_site.base_urls["wartabekasi.com"]
    _, headers, body = fetch(base + "feed/")
    assert headers["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(body).find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert len(items) == 10
    for item in items:
        assert item.findtext("dc:creator", namespaces=NS)
        assert "Baca Juga" in (item.findtext("content:encoded", namespaces=NS) or "")
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate") or "").tzinfo
        assert fetch(item.findtext("link") or "")[0] == 200
    index = ET.fromstring(fetch(base + "wp-sitemap.xml")[2])
    locs = [e.text or "" for e in index.findall("sm:sitemap/sm:loc", NS)]
    assert base + "wp-sitemap-posts-post-1.xml" in locs
    for loc in locs:
        assert fetch(loc)[0] == 200
    posts = ET.fromstring(fetch(base + "wp-sitemap-posts-post-1.xml")[2])
    urls = posts.findall("sm:url", NS)
    assert len(urls) == sum(1 for a in ARTICLES if a.outlet == "wartabekasi.com")
    assert all(u.find("sm:lastmod", NS) is not None for u in urls)
    page = fetch(urls[0].findtext("sm:loc", namespaces=NS) or "")[2].decode()
    newest = max(a.published for a in ARTICLES if a.outlet == "wartabekasi.com")
    assert f'property="article:published_time" content="{newest.isoformat()}"' in page
    status, headers, _ = raw_get(base, GOOD[0].path.rstrip("/"))
    assert status == 301
    assert headers["Location"].endswith("/")


def test_blogger_atom_feed_and_pages(sample_site: SampleSite) -> None:
    base = sample_site.base_urls["sumedangpost.blogspot.com"]
    feed = ET.fromstring(fetch(base + "feeds/posts/default")[2])
    entries = feed.findall("atom:entry", NS)
    assert len(entries) == sum(1 for a in ARTICLES if a.outlet == "sumedangpost.blogspot.com")
    for entry in entries:
        datetime.fromisoformat(entry.findtext("atom:published", namespaces=NS) or "")
        assert entry.findtext("atom:author/atom:name", namespaces=NS)
        link = entry.find("atom:link[@rel='alternate']", NS)
        assert link is not None
        status, _, body = fetch(link.get("href", ""))
        page = body.decode()
        assert status == 200
        assert "<h2 class='date-header'><span>" in page
        assert "datetime=" not in page
        assert "published_time" not in page
        assert "No comments:" in page
        assert "Post a Comment" in page
        assert "Labels:" in page
        assert re.search(r"\([a-z]+(/[a-z]+)?\)</div>", page)
    assert "Disallow: /search" in fetch(base + "robots.txt")[2].decode()


def test_kabarmasa_sitemaps_and_listing(sample_site: SampleSite) -> None:
    base = sample_site.base_urls["kabarmasa.com"]
    robots = fetch(base + "robots.txt")[2].decode()
    assert "Disallow: /admin/" in robots
    sitemap_url = re.search(r"^Sitemap: (\S+)$", robots, re.M)
    assert sitemap_url
    index = ET.fromstring(fetch(sitemap_url.group(1))[2])
    news_loc = index.findtext("sm:sitemap/sm:loc", namespaces=NS) or ""
    assert news_loc.endswith("/sitemap-news.xml")
    news = ET.fromstring(fetch(news_loc)[2])
    outlet_articles = {a.path for a in ARTICLES if a.outlet == "kabarmasa.com"}
    seen = set()
    for url in news.findall("sm:url", NS):
        assert url.findtext("news:news/news:publication/news:name", namespaces=NS) == "KabarMasa"
        datetime.fromisoformat(url.findtext("news:news/news:publication_date", namespaces=NS) or "")
        assert url.findtext("news:news/news:title", namespaces=NS)
        seen.add(urlsplit(url.findtext("sm:loc", namespaces=NS) or "").path)
    assert seen == outlet_articles
    # Follow rel="next" from the first listing page and collect article links.
    listed: set[str] = set()
    url: str | None = base + "berita"
    pages = 0
    while url:
        page = fetch(url)[2].decode()
        pages += 1
        listed |= set(re.findall(r'href="http://[^"/]+(/berita/\d+/[^"]+)"', page))
        found = re.search(r'<a rel="next" href="([^"]+)"', page)
        url = html.unescape(found.group(1)) if found else None
    assert pages == 3
    assert outlet_articles <= listed
    article = fetch(base.rstrip("/") + next(iter(sorted(outlet_articles))))[2].decode()
    assert "KABARMASA.COM," in article
    assert "ADVERTISEMENT" in article
    assert "Baca juga:" in article or "Simak juga:" in article
    assert "[Gambas:Video KabarMasa]" in article
    assert '"datePublished"' in article
    assert 'name="pubdate"' in article
    assert "Editor:" in article


def test_legacy_outlet_is_cp1252_declared_only_in_meta(sample_site: SampleSite) -> None:
    base = sample_site.base_urls["suarapriangan.net"]
    article = next(a for a in GOOD if a.outlet == "suarapriangan.net" and a.numeric_id == 1211)
    status, headers, body = fetch(base.rstrip("/") + article.path)
    assert status == 200
    assert headers["Content-Type"] == "text/html"
    assert b'<META http-equiv="Content-Type" content="text/html; charset=windows-1252">' in body
    assert body.count(b"charset=") == 1
    assert b"\x93" in body
    assert b"\x94" in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert "“" in body.decode("cp1252")
    assert re.search(r"\d{2}/\d{2}/\d{4} - \d{2}:\d{2} WIB", body.decode("cp1252"))


def test_legacy_rss_and_listing(sample_site: SampleSite) -> None:
    base = sample_site.base_urls["suarapriangan.net"]
    _, _, body = fetch(base + "rss.xml")
    assert body.startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>')
    body.decode("iso-8859-1")
    channel = ET.fromstring(body).find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert len(items) == 8
    for item in items:
        assert (item.findtext("pubDate") or "").endswith("+0700")
        assert fetch(item.findtext("link") or "")[0] == 200
    assert "(André Kusnadi)".encode("iso-8859-1") in body
    assert b"&#8211;" in body  # dashes and curly quotes are not Latin-1: char references
    listed: set[str] = set()
    legacy = [a for a in ARTICLES if a.outlet == "suarapriangan.net"]
    pages = ["index.php/berita"] + [
        f"index.php/berita?hal={n}" for n in range(2, len(legacy) // 6 + 2)
    ]
    for path in pages:
        page = fetch(base + path)[2].decode("cp1252")
        listed |= set(re.findall(r"(/index\.php/berita/baca/\d+)", page))
    assert listed == {a.path for a in ARTICLES if a.outlet == "suarapriangan.net"}


def test_non_article_pages_exist(sample_site: SampleSite) -> None:
    urls = sample_site.base_urls
    for outlet, path in (
        ("wartabekasi.com", "tentang-kami/"),
        ("wartabekasi.com", "category/politik/"),
        ("wartabekasi.com", "tag/polio/"),
        ("sumedangpost.blogspot.com", "p/tentang-kami.html"),
        ("sumedangpost.blogspot.com", "search/label/Pemerintahan"),
        ("kabarmasa.com", "tentang"),
        ("kabarmasa.com", "kanal/hukum"),
        ("suarapriangan.net", "index.php/halaman/tentang"),
        ("suarapriangan.net", "index.php/berita/cetak/1211"),
    ):
        assert fetch(urls[outlet] + path)[0] == 200, (outlet, path)


def test_write_sources(sample_site: SampleSite, tmp_path: Path) -> None:
    path = sample_site.write_sources(tmp_path / "sources.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources = data["sources"]
    assert [s["id"] for s in sources] == list(OUTLET_IDS)
    for source in sources:
        assert set(source) <= SOURCE_KEYS
        assert source["url"] == sample_site.base_urls[source["id"]]
        for pattern in source.get("allow", []) + source.get("deny", []):
            re.compile(pattern)
    for article in ARTICLES:
        source = next(s for s in sources if s["id"] == article.outlet)
        assert any(re.search(p, article.path) for p in source["allow"])
        assert not any(re.search(p, article.path) for p in source["deny"])


def test_request_log_records_requests() -> None:
    with SampleSite() as site:
        base = site.base_urls["wartabekasi.com"]
        fetch(base + "robots.txt")
        fetch(base + "feed/")
        assert site.requests_for("wartabekasi.com") == ["/robots.txt", "/feed/"]
        assert site.request_log == [
            ("wartabekasi.com", "/robots.txt"),
            ("wartabekasi.com", "/feed/"),
        ]
    assert site.base_urls == {}


def test_fixed_base_port() -> None:
    with SampleSite() as probe:  # find a free port, then reuse it as the fixed base
        base_port = int(urlsplit(probe.base_urls["wartabekasi.com"]).port or 0)
    try:
        site = SampleSite(base_port=base_port)
        site.start()
    except OSError:
        pytest.skip("port range taken meanwhile")
    try:
        ports = [urlsplit(u).port for u in site.base_urls.values()]
        assert ports == [base_port + i for i in range(len(OUTLET_IDS))]
    finally:
        site.stop()
