"""extract() on whole pages in the markup of common templates: where their fields come from.

WordPress (hCard byline), Blogger (rel=tag labels), a custom CMS header block (Penulis/Editor
lines), an HTML 4 table layout (bold headline, date and "Laporan:" lines, kicker link).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from extract_pages import PARAGRAPHS, article_html

from crawler.extract import extract
from pantau.models import Article

WIB = timezone(timedelta(hours=7))
NOW = datetime(2024, 6, 1, tzinfo=WIB)
TITLE = "DPRD Jabar Mulai Bahas RAPBD 2024, Fraksi Soroti Belanja Pegawai"
BODY = [
    *PARAGRAPHS[1:4:2],
    "Pembahasan dijadwalkan rampung akhir November sebelum ditetapkan menjadi peraturan daerah "
    "dan dievaluasi Kementerian Dalam Negeri, kata pimpinan dewan kepada wartawan di Bandung.",
]


def _article(html: str | bytes, url: str = "https://kabarmasa.com/berita/123") -> Article:
    result = extract(html, url, outlet_name="Suara Priangan", now=NOW)
    assert isinstance(result, Article), result
    return result


def _table_layout() -> bytes:
    first = f"<P><B>BANDUNG</B> (Suara Priangan) — {BODY[0]}</P>"
    rest = "".join(f"<P>{p}</P>" for p in BODY[1:])
    page = f"""<HTML><HEAD>
<META http-equiv="Content-Type" content="text/html; charset=windows-1252">
<TITLE>Suara Priangan - {TITLE}</TITLE>
<META name="keywords" content="berita, bandung, jawa barat, priangan"></HEAD><BODY>
<TABLE width="780"><TR><TD colspan="2"><A href="/">Beranda</A> |
<A href="/index.php/kategori/1">Politik</A> |
<A href="/index.php/kategori/4">Jawa Barat</A></TD></TR>
<TR><TD width="580"><TABLE width="100%">
<TR><TD><FONT size="1"><A href="/index.php/kategori/4">Jawa Barat</A></FONT><BR>
<FONT size="4"><B>{TITLE}</B></FONT><BR>
<FONT size="1">Jum'at, 10/11/2023 - 09:05 WIB</FONT><BR>
<FONT size="1">Laporan: André Kusnadi</FONT></TD></TR>
<TR><TD class="isi"><FONT size="2">{first}{rest}</FONT></TD></TR>
<TR><TD><B>Berita Terkait:</B><UL><LI><A href="/index.php/berita/baca/1">Kejati Jabar Tahan Dua
Tersangka Korupsi Pengadaan Alat Laboratorium</A></LI></UL></TD></TR></TABLE></TD>
<TD width="200"><B>Berita Terpopuler</B><UL><LI><A href="/b/2">Satu</A></LI></UL></TD></TR>
</TABLE></BODY></HTML>"""
    return page.encode("cp1252")


def test_table_layout_page() -> None:
    article = _article(_table_layout(), url="http://suarapriangan.net/index.php/berita/baca/1211")
    assert article.title == TITLE
    assert article.text.split("\n") == BODY
    assert (article.location, article.author, article.section) == (
        "Bandung",
        "André Kusnadi",
        "Jawa Barat",
    )
    assert article.published_at == datetime(2023, 11, 10, 9, 5, tzinfo=WIB)
    assert article.date_source == "text"
    # No article tags on the page: the keywords meta is all there is, less its generic "berita".
    assert article.tags == ["bandung", "jawa barat", "priangan"]


def test_wordpress_hcard_names_the_author() -> None:
    byline = (
        '<div class="entry-meta"><span class="posted-on">Diposting pada 9 November 2023</span>'
        '<span class="byline"> oleh <span class="author vcard"><a class="url fn n" '
        'href="/author/rina-marlina/">Rina Marlina</a></span></span></div>'
    )
    article = _article(article_html(extra_body=byline))
    assert article.author == "Rina Marlina"


def test_header_byline_beats_meta_author() -> None:
    header = "<div class='meta'><div>Penulis: Rina</div><div>Editor: Siti Aminah</div></div>"
    html = article_html(head='<meta name="author" content="Andi Meta">', extra_body=header)
    article = _article(html)
    assert (article.author, article.editor) == ("Rina", "Siti Aminah")


def test_jsonld_editor_beats_initials() -> None:
    data = {"@type": "NewsArticle", "editor": {"@type": "Person", "name": "Bayu Pratama"}}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    paragraphs = [*PARAGRAPHS[:-1], PARAGRAPHS[-1].replace("(goeng)", "(goeng/krs)")]
    article = _article(article_html(head=head, paragraphs=paragraphs))
    assert (article.author, article.editor) == ("goeng", "Bayu Pratama")


def test_blogger_labels_are_tags() -> None:
    labels = (
        "<div class='post-footer'><span class='post-labels'>Labels: "
        "<a href='/search/label/Kesehatan' rel='tag'>Kesehatan</a>, "
        "<a href='/search/label/Imunisasi' rel='tag'>Imunisasi</a></span></div>"
    )
    html = article_html(head='<meta name="keywords" content="sumedang, berita">')
    article = _article(html.replace("</article>", f"{labels}</article>"))
    assert article.tags == ["Kesehatan", "Imunisasi"]
    assert "Labels" not in article.text
