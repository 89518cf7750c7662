# ruff: noqa: E501  -- page templates copy the long single-line markup real CMSes emit.
"""The legacy outlet: HTML 4 table layout encoded windows-1252 and declared only in a
<META http-equiv> tag (the server sends a bare "text/html"), an ISO-8859-1 RSS feed with the
latest items only, /index.php/berita/baca/<id> articles, a paginated listing without rel=next,
category pages and a print view that URL filters must exclude.
"""

from __future__ import annotations

from samplesite.model import OutletData, SampleArticle
from samplesite.pages import Page, Routes, absolute, esc, related, rfc822, slugify, text_page

HTML_ENCODING = "cp1252"
FEED_ENCODING = "iso-8859-1"
FEED_SIZE = 8
PAGE_SIZE = 6
BRAND = "(Suara Priangan)"
_DOCTYPE = (
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" '
    '"http://www.w3.org/TR/html4/loose.dtd">'
)


def date_text(article: SampleArticle) -> str:
    when = article.published
    day = ("Senin", "Selasa", "Rabu", "Kamis", "Jum'at", "Sabtu", "Minggu")[when.weekday()]
    return f"{day}, {when:%d/%m/%Y - %H:%M} WIB"


def dateline(article: SampleArticle) -> str | None:
    return f"{article.location.upper()} {BRAND} — " if article.location else None


def _legacy_page(markup: str) -> Page:
    # Declared only in the META tag: the header carries no charset on purpose.
    return Page(markup.encode(HTML_ENCODING), "text/html")


def _sections(outlet: OutletData) -> list[str]:
    return sorted({a.section for a in outlet.articles if a.section})


def _section_path(outlet: OutletData, section: str) -> str:
    return f"/index.php/kategori/{_sections(outlet).index(section) + 1}"


def _layout(outlet: OutletData, base: str, title: str, main: str) -> str:
    menu = " | ".join(
        f'<A href="{absolute(base, _section_path(outlet, s))}"><FONT color="#FFFFFF">{esc(s)}</FONT></A>'
        for s in _sections(outlet)
    )
    popular = "".join(
        f'<LI><A href="{absolute(base, a.path)}">{esc(a.title)}</A></LI>'
        for a in outlet.articles[:5]
    )
    return f"""{_DOCTYPE}
<HTML>
<HEAD>
<META http-equiv="Content-Type" content="text/html; charset=windows-1252">
<TITLE>{esc(title)}</TITLE>
<META name="keywords" content="berita, bandung, jawa barat, priangan">
<LINK rel="alternate" type="application/rss+xml" title="RSS" href="{absolute(base, "/rss.xml")}">
<LINK rel="stylesheet" type="text/css" href="/css/style.css">
</HEAD>
<BODY bgcolor="#FFFFFF" topmargin="0" leftmargin="0" marginwidth="0" marginheight="0">
<TABLE width="780" border="0" cellpadding="0" cellspacing="0" align="center">
<TR><TD colspan="2"><A href="{base}"><IMG src="/images/header.gif" width="780" height="90" border="0" alt="Suara Priangan"></A></TD></TR>
<TR><TD colspan="2" bgcolor="#003366" height="22"><FONT face="Verdana" size="2" color="#FFFFFF">&nbsp;<A href="{base}"><FONT color="#FFFFFF">Beranda</FONT></A> | <A href="{absolute(base, "/index.php/berita")}"><FONT color="#FFFFFF">Indeks</FONT></A> | {menu}</FONT></TD></TR>
<TR>
<TD width="580" valign="top">
{main}
</TD>
<TD width="200" valign="top" bgcolor="#EEEEEE">
<TABLE width="100%" cellpadding="4"><TR><TD><FONT face="Verdana" size="2"><B>Berita Terpopuler</B></FONT><UL>{popular}</UL>
<B>Jajak Pendapat</B><BR><FORM action="/index.php/polling" method="post"><INPUT type="radio" name="p" value="1">Puas<BR><INPUT type="radio" name="p" value="2">Tidak puas<BR><INPUT type="submit" value="Pilih"></FORM>
</TD></TR></TABLE>
</TD>
</TR>
<TR><TD colspan="2" align="center" bgcolor="#CCCCCC"><FONT face="Verdana" size="1">Copyright © 2005–2023 Suara Priangan. <A href="{absolute(base, "/index.php/halaman/tentang")}">Tentang Kami</A> | <A href="{absolute(base, "/index.php/halaman/iklan")}">Pasang Iklan</A></FONT></TD></TR>
</TABLE>
</BODY>
</HTML>
"""


def _body(article: SampleArticle) -> str:
    paragraphs = [f"<P>{esc(p)}</P>" for p in article.paragraphs]
    if article.location:
        paragraphs[0] = (
            f"<P><B>{esc(article.location.upper())}</B> {BRAND} — {esc(article.paragraphs[0])}</P>"
        )
    return "\n".join(paragraphs)


def _article_page(outlet: OutletData, article: SampleArticle, base: str) -> Page:
    assert article.numeric_id is not None
    rel = "".join(
        f'<LI><A href="{absolute(base, a.path)}">{esc(a.title)}</A></LI>'
        for a in related(outlet.articles, article, 3)
    )
    section = article.section or "Berita"
    tags = ", ".join(
        f'<A href="{absolute(base, f"/index.php/tag/{slugify(t)}")}" rel="tag">{esc(t)}</A>'
        for t in article.tags
    )
    main = f"""<TABLE width="100%" border="0" cellpadding="6" cellspacing="0">
<TR><TD><FONT face="Verdana" size="1"><A href="{absolute(base, _section_path(outlet, section))}">{esc(section)}</A></FONT><BR>
<FONT face="Georgia" size="4" color="#003366"><B>{esc(article.title)}</B></FONT><BR>
<FONT face="Verdana" size="1" color="#666666">{date_text(article)}</FONT><BR>
<FONT face="Verdana" size="1">Laporan: {esc(article.author or "Redaksi")}</FONT></TD></TR>
<TR><TD class="isi"><FONT face="Verdana" size="2">
{_body(article)}
</FONT></TD></TR>
<TR><TD><FONT face="Verdana" size="1">Tag: {tags}</FONT></TD></TR>
<TR><TD><FONT face="Verdana" size="1"><A href="{absolute(base, f"/index.php/berita/cetak/{article.numeric_id}")}">Cetak</A> | <A href="{absolute(base, f"/index.php/berita/kirim/{article.numeric_id}")}">Kirim ke Teman</A></FONT></TD></TR>
<TR><TD><FONT face="Verdana" size="2"><B>Berita Terkait:</B></FONT><UL>{rel}</UL></TD></TR>
</TABLE>"""
    return _legacy_page(_layout(outlet, base, f"Suara Priangan - {article.title}", main))


def _print_page(article: SampleArticle) -> Page:
    markup = f"""{_DOCTYPE}
<HTML><HEAD><META http-equiv="Content-Type" content="text/html; charset=windows-1252">
<TITLE>{esc(article.title)}</TITLE></HEAD>
<BODY onload="window.print()"><H3>{esc(article.title)}</H3><P>{date_text(article)}</P>
{_body(article)}
</BODY></HTML>
"""
    return _legacy_page(markup)


def _list_rows(base: str, items: list[SampleArticle]) -> str:
    return "\n".join(
        f'<TR><TD><FONT face="Verdana" size="1">{a.published:%d/%m/%Y}</FONT><BR>'
        f'<A href="{absolute(base, a.path)}"><B>{esc(a.title)}</B></A><BR>'
        f'<FONT face="Verdana" size="2">{esc(a.paragraphs[0][:150])}...</FONT></TD></TR>'
        for a in items
    )


def _listing(
    outlet: OutletData, base: str, title: str, items: list[SampleArticle], pager: str
) -> Page:
    main = (
        f'<TABLE width="100%" cellpadding="6"><TR><TD><FONT face="Georgia" size="4"><B>{esc(title)}'
        f"</B></FONT></TD></TR>\n{_list_rows(base, items)}\n<TR><TD>{pager}</TD></TR></TABLE>"
    )
    return _legacy_page(_layout(outlet, base, f"Suara Priangan - {title}", main))


def _feed(outlet: OutletData, base: str) -> Page:
    items = "".join(
        f"<item><title>{esc(a.title)}</title><link>{absolute(base, a.path)}</link>"
        f"<description>{esc(a.paragraphs[0])}</description>"
        f"<category>{esc(a.section or 'Berita')}</category>"
        f"<author>redaksi@suarapriangan.net ({esc(a.author or 'Redaksi')})</author>"
        f"<pubDate>{rfc822(a.published, utc=False)}</pubDate>"
        f"<guid>{absolute(base, a.path)}</guid></item>\n"
        for a in outlet.articles[:FEED_SIZE]
    )
    text = (
        f'<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss version="2.0"><channel>'
        f"<title>Suara Priangan</title><link>{base}</link>"
        f"<description>Berita Bandung dan Jawa Barat</description><language>id</language>\n"
        f"{items}</channel></rss>\n"
    )
    # Curly quotes and dashes are not in Latin-1: old CMSes wrote them as character references.
    return Page(text.encode(FEED_ENCODING, "xmlcharrefreplace"), "text/xml")


def build(outlet: OutletData, base: str) -> Routes:
    routes: Routes = {}
    routes["/robots.txt"] = text_page("User-agent: *\nDisallow: /admin/\nDisallow: /cgi-bin/\n")
    routes["/rss.xml"] = _feed(outlet, base)
    pages = -(-len(outlet.articles) // PAGE_SIZE)

    def href(n: int) -> str:
        return absolute(base, "/index.php/berita" if n == 1 else f"/index.php/berita?hal={n}")

    for n in range(1, pages + 1):
        numbers = " ".join(
            f"<B>[{i}]</B>" if i == n else f'<A href="{href(i)}">{i}</A>'
            for i in range(1, pages + 1)
        )
        pager = f'<FONT face="Verdana" size="2">Halaman: {numbers}'
        if n < pages:
            pager += f' <A href="{href(n + 1)}">Berikutnya »</A>'
        pager += "</FONT>"
        items = list(outlet.articles[(n - 1) * PAGE_SIZE : n * PAGE_SIZE])
        page = _listing(outlet, base, "Indeks Berita", items, pager)
        routes[f"/index.php/berita?hal={n}"] = page
        if n == 1:
            routes["/index.php/berita"] = page
    for article in outlet.articles:
        assert article.numeric_id is not None
        routes[article.path] = _article_page(outlet, article, base)
        routes[f"/index.php/berita/cetak/{article.numeric_id}"] = _print_page(article)
    for section in _sections(outlet):
        items = [a for a in outlet.articles if a.section == section]
        routes[_section_path(outlet, section)] = _listing(outlet, base, section, items, "")
    home = _listing(outlet, base, "Berita Terkini", list(outlet.articles[:PAGE_SIZE]), "")
    routes["/"] = home
    routes["/index.php"] = home
    routes["/index.php/halaman/tentang"] = _legacy_page(
        _layout(
            outlet,
            base,
            "Suara Priangan - Tentang Kami",
            "<P>Suara Priangan terbit sejak 2005 sebagai media informasi warga Priangan.</P>",
        )
    )
    routes["/index.php/halaman/iklan"] = _legacy_page(
        _layout(outlet, base, "Suara Priangan - Pasang Iklan", "<P>Hubungi bagian iklan kami.</P>")
    )
    return routes
