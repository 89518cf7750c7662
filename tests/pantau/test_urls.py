from __future__ import annotations

import pytest

from pantau.models import article_id
from pantau.urls import canonicalize_url, redact, without_credentials


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "http://www.KabarMasa.com/berita/1/judul?utm_source=fb&fbclid=x#komentar",
            "https://kabarmasa.com/berita/1/judul",
        ),
        ("https://kabarmasa.com/berita/1/judul/amp/", "https://kabarmasa.com/berita/1/judul/"),
        ("https://kabarmasa.com/amp/berita/1", "https://kabarmasa.com/berita/1"),
        ("https://kabarmasa.com/b?page=2&id=5", "https://kabarmasa.com/b?id=5&page=2"),
        ("https://kabarmasa.com:443/b", "https://kabarmasa.com/b"),
        ("http://127.0.0.1:8601/2023/11/x/?utm_medium=rss", "http://127.0.0.1:8601/2023/11/x/"),
        ("https://kabarmasa.com/ampera-baru", "https://kabarmasa.com/ampera-baru"),
        (
            "https://kabarmasa.com/b/?share=wa&mode=print&page=1&m=1&output=amp",
            "https://kabarmasa.com/b/",
        ),
        ("https://kabarmasa.com/b?mode=list&print=0", "https://kabarmasa.com/b?mode=list&print=0"),
        # A local file (pantau extract without --url) keeps its own URL, not "https:///tmp/…".
        ("file:///tmp/berita/page.html#top", "file:///tmp/berita/page.html"),
    ],
)
def test_canonicalize(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_variants_share_one_id() -> None:
    a = article_id(
        "kabarmasa.com", canonicalize_url("http://www.kabarmasa.com/berita/1/judul?utm_campaign=x")
    )
    b = article_id("kabarmasa.com", canonicalize_url("https://kabarmasa.com/berita/1/judul"))
    assert a == b
    assert len(a) == 20


# The seven copies of one article (no canonical link on the page).
VARIANTS = [
    "https://kabarmasa.com/berita/7/pasar-baru",
    "https://kabarmasa.com/berita/7/pasar-baru?share=wa",
    "https://kabarmasa.com/berita/7/pasar-baru?mode=print",
    "https://kabarmasa.com/berita/7/pasar-baru?print=1",
    "https://kabarmasa.com/berita/7/pasar-baru?page=1",
    "https://kabarmasa.com/berita/7/pasar-baru/",
    "https://KABARMASA.com/berita/7/pasar-baru?output=amp",
    "https://m.kabarmasa.com/berita/7/pasar-baru.amp",
    "https://amp.kabarmasa.com/berita/7/pasar-baru/amp",
    "http://127.0.0.1:8601/berita/7/pasar-baru?utm_source=wa#komentar",
]


def test_url_variants_of_one_article_share_one_id() -> None:
    ids = {article_id("kabarmasa.com", canonicalize_url(url)) for url in VARIANTS}
    assert len(ids) == 1


def test_real_differences_keep_their_own_id() -> None:
    def key(outlet: str, url: str) -> str:
        return article_id(outlet, canonicalize_url(url))

    first = key("kabarmasa.com", "https://kabarmasa.com/berita/7/pasar-baru")
    # The second page of a paginated article, another article, another outlet, another case.
    assert key("kabarmasa.com", "https://kabarmasa.com/berita/7/pasar-baru?page=2") != first
    assert key("kabarmasa.com", "https://kabarmasa.com/berita/8/pasar-baru") != first
    assert key("wartabekasi.com", "https://kabarmasa.com/berita/7/pasar-baru") != first
    assert key("kabarmasa.com", "https://kabarmasa.com/Berita/7/Pasar-Baru") != first


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://pantau:s3cret@es.kantor.go.id:9200/?index=a",
            "https://pantau:***@es.kantor.go.id:9200/?index=a",
        ),
        ("http://elastic:pw@[::1]:9200", "http://elastic:***@[::1]:9200"),
        ("http://127.0.0.1:9200", "http://127.0.0.1:9200"),
        ("sqlite:////srv/pantau/pantau.db", "sqlite:////srv/pantau/pantau.db"),
    ],
)
def test_redact_hides_passwords(url: str, expected: str) -> None:
    assert redact(url) == expected


def test_credentials_go_apart_from_the_url() -> None:
    assert without_credentials("https://u:p@es:9200/x") == ("https://es:9200/x", ("u", "p"))
    assert without_credentials("http://es:9200") == ("http://es:9200", None)
