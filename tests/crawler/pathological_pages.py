"""Pages for the extraction time-limit tests: good articles and the two pages of issue #15."""

from __future__ import annotations

_SENTENCE = (
    "Pemerintah Kota Bekasi menggelar rapat koordinasi bersama warga di balai kota pada hari Senin"
)


def good_article(n: int) -> str:
    """A plain news article page (title, date, six paragraphs), distinct per ``n``."""
    paragraphs = "".join(
        f"<p>{_SENTENCE} untuk membahas program nomor {n} bagian {i}, kata kepala dinas.</p>"
        for i in range(6)
    )
    return (
        f"<html><head><title>Berita nomor {n} dari balai kota</title>"
        '<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="2026-11-0{n % 9 + 1}T10:00:00+07:00">'
        f"</head><body><h1>Berita nomor {n} dari balai kota</h1>"
        f"<article>{paragraphs}</article></body></html>"
    )


def many_attributes(count: int = 100_000) -> str:
    """A ``<p>`` with ``count`` attributes: 26 s of extraction in one process (issue #15)."""
    attributes = " ".join(f'a{i}="v{i}"' for i in range(count))
    words = " ".join(["kata"] * 200)
    return (
        "<html><head><title>Judul berita panjang</title></head><body>"
        f"<h1>Judul berita panjang</h1><p {attributes}>{words}</p><p>{words}</p></body></html>"
    )


def huge_page(paragraphs: int = 20_000) -> str:
    """About 3.4 MB of short linked paragraphs: 9 s of extraction in one process."""
    rows = "".join(
        f'<div class="row"><p>{_SENTENCE} {i} <a href="/berita/{i}/x">tautan {i}</a></p></div>'
        for i in range(paragraphs)
    )
    return (
        "<html><head><title>Judul berita besar</title></head><body>"
        f"<h1>Judul berita besar</h1><article>{rows}</article></body></html>"
    )
