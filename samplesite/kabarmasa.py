# ruff: noqa: E501  -- page templates copy the long single-line markup real CMSes emit.
"""The custom-CMS outlet: robots.txt names /sitemap.xml, a sitemap index pointing to a Google News
sitemap and a static-page sitemap; paginated listings /berita?page=N; /berita/<id>/<slug>
articles whose body opens with "KABARMASA.COM, KOTA BEKASI - ", with Penulis/Editor lines, a text
date in WIB, meta pubdate (no offset) and JSON-LD NewsArticle, inline "Baca juga" and ads.
"""

from __future__ import annotations

import json

from samplesite.model import OutletData, SampleArticle, indonesian_day, indonesian_month
from samplesite.pages import (
    Page,
    Routes,
    absolute,
    esc,
    html_page,
    related,
    slugify,
    text_page,
    xml_page,
)

PAGE_SIZE = 5
BRAND = "KABARMASA.COM"
STATIC_PAGES = {
    "/tentang": ("Tentang Kami", "KabarMasa adalah portal berita daerah yang berbasis di Bekasi."),
    "/redaksi": (
        "Redaksi",
        "Pemimpin Redaksi: Rudi Hermawan. Redaktur: Siti Aminah, Bayu Pratama.",
    ),
    "/pedoman-media-siber": (
        "Pedoman Media Siber",
        "KabarMasa tunduk pada Pedoman Pemberitaan Media Siber yang ditetapkan Dewan Pers.",
    ),
}


def date_text(article: SampleArticle) -> str:
    when = article.published
    return (
        f"{indonesian_day(when)}, {when.day} {indonesian_month(when)} {when.year} {when:%H:%M} WIB"
    )


def dateline(article: SampleArticle) -> str | None:
    return f"{BRAND}, {article.location.upper()} - " if article.location else None


def _layout(outlet: OutletData, base: str, title: str, head: str, main: str) -> str:
    sections = sorted({a.section for a in outlet.articles if a.section})
    nav = "".join(
        f'<li><a href="{absolute(base, f"/kanal/{slugify(s)}")}">{esc(s)}</a></li>'
        for s in sections
    )
    popular = "".join(
        f'<li><a href="{absolute(base, a.path)}">{esc(a.title)}</a></li>'
        for a in outlet.articles[:5]
        if a.expect == "article"
    )
    static = " | ".join(
        f'<a href="{absolute(base, path)}">{esc(label)}</a>'
        for path, (label, _) in STATIC_PAGES.items()
    )
    return f"""<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
{head}
</head>
<body>
<header class="header"><a class="header__logo" href="{base}">{esc(outlet.name)}</a>
<form class="header__search" action="{absolute(base, "/cari")}"><input name="q" placeholder="Cari berita..."></form>
<nav class="header__nav"><ul><li><a href="{absolute(base, "/berita")}">Indeks Berita</a></li>{nav}</ul></nav></header>
<div class="ads ads--top"><span class="ads__label">ADVERTISEMENT</span><div class="ads__slot" id="div-gpt-ad-top"></div></div>
<div class="container">
<main class="main">
{main}
</main>
<aside class="sidebar"><div class="box box--popular"><h3 class="box__title">Terpopuler</h3><ol>{popular}</ol></div>
<div class="ads ads--side"><span class="ads__label">ADVERTISEMENT</span></div></aside>
</div>
<footer class="footer"><p>{static}</p><p>&copy; 2023 {esc(outlet.name)} - PT Kabar Masa Media. All rights reserved.</p></footer>
</body>
</html>
"""


def _json_ld(outlet: OutletData, article: SampleArticle, base: str) -> str:
    data = {
        "@context": "https://schema.org",
        # The CMS publishes editorial notices as plain pages, not news articles.
        "@type": "NewsArticle" if article.expect == "article" else "WebPage",
        "mainEntityOfPage": {"@type": "WebPage", "@id": absolute(base, article.path)},
        "headline": article.title,
        "datePublished": article.published.isoformat(),
        "dateModified": (article.modified or article.published).isoformat(),
        "articleSection": article.section,
        "keywords": list(article.tags),
        "author": {"@type": "Person", "name": article.author},
        "editor": {"@type": "Person", "name": article.editor},
        "publisher": {
            "@type": "Organization",
            "name": outlet.name,
            "logo": {"@type": "ImageObject", "url": absolute(base, "/assets/logo.png")},
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def _body(outlet: OutletData, article: SampleArticle, base: str) -> str:
    blocks = [f"<p>{esc(p)}</p>" for p in article.paragraphs]
    line = dateline(article)
    if line:
        prefix = f"{BRAND}, {article.location.upper() if article.location else ''}"
        blocks[0] = f"<p><strong>{esc(prefix)}</strong> - {esc(article.paragraphs[0])}</p>"
    ad = (
        '<div class="ads ads--inline"><span class="ads__label">ADVERTISEMENT</span>'
        '<div class="ads__slot"></div><span class="ads__scroll">SCROLL TO CONTINUE WITH CONTENT'
        "</span></div>"
    )
    if len(blocks) >= 3:
        blocks.insert(2, ad)
    others = related(outlet.articles, article, 1)
    if others and len(blocks) >= 5:
        label = "Baca juga:" if outlet.articles.index(article) % 2 == 0 else "Simak juga:"
        blocks.insert(
            4,
            f'<p>{label} <a href="{absolute(base, others[0].path)}">{esc(others[0].title)}</a></p>',
        )
    # The CMS embeds its video player through a placeholder line, like national portals do.
    blocks.insert(min(3, len(blocks)), "<p>[Gambas:Video KabarMasa]</p>")
    if article.author:
        blocks.append(f"<p>Reporter: {esc(article.author)}</p>")
    return "\n".join(blocks)


def _article_page(
    outlet: OutletData, article: SampleArticle, base: str, redesign: bool = False
) -> Page:
    """``redesign`` is the outlet's new template (for ``pantau sources check`` tests): the date
    is drawn by JavaScript from a data attribute, and the date metas and JSON-LD are gone."""
    url = absolute(base, article.path)
    pubdate = (
        f'<meta name="pubdate" content="{article.published:%Y-%m-%d %H:%M:%S}">\n'
        if article.expect == "article" and not redesign
        else ""
    )
    json_ld = (
        ""
        if redesign
        else (f'<script type="application/ld+json">{_json_ld(outlet, article, base)}</script>')
    )
    shown_date = (
        f'<div class="detail__date" data-published="{int(article.published.timestamp())}"></div>'
        if redesign
        else f'<div class="detail__date">{date_text(article)}</div>'
    )
    head = f"""{pubdate}<meta name="description" content="{esc(article.paragraphs[0][:160])}">
<meta name="author" content="{esc(article.author or "")}">
<link rel="canonical" href="{url}">
<meta property="og:type" content="{"article" if article.expect == "article" else "website"}">
<meta property="og:title" content="{esc(article.title)}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{esc(outlet.name)}">
{json_ld}"""
    section = article.section or "Berita"
    author_url = absolute(base, f"/penulis/{slugify(article.author or 'redaksi')}")
    tags = " ".join(
        f'<a class="tag" href="{absolute(base, f"/tag/{slugify(t)}")}">{esc(t)}</a>'
        for t in article.tags
    )
    rel = "".join(
        f'<li><a href="{absolute(base, a.path)}">{esc(a.title)}</a></li>'
        for a in related(outlet.articles, article, 4)[1:]
    )
    editor = (
        f'<div class="detail__editor">Editor: {esc(article.editor)}</div>' if article.editor else ""
    )
    main = f"""<nav class="breadcrumb"><a href="{base}">Home</a> &rsaquo; <a href="{absolute(base, f"/kanal/{slugify(section)}")}">{esc(section)}</a></nav>
<article class="detail">
<h1 class="detail__title">{esc(article.title)}</h1>
<div class="detail__meta">
<div class="detail__author">Penulis: <a href="{author_url}">{esc(article.author or "Redaksi")}</a></div>
{editor}
{shown_date}
</div>
<div class="detail__share"><span>Bagikan:</span> <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">WhatsApp</a> <a href="#">Telegram</a> <a href="#">Salin Link</a></div>
<div class="detail__body-text">
{_body(outlet, article, base)}
</div>
<div class="detail__tags"><span>Tags:</span> {tags}</div>
</article>
<section class="related"><h3 class="related__title">Berita Terkait</h3><ul>{rel}</ul></section>"""
    return html_page(_layout(outlet, base, f"{article.title} | {outlet.name}", head, main))


def _item_list(base: str, items: list[SampleArticle]) -> str:
    return "\n".join(
        f'<div class="list-item"><h2 class="list-item__title"><a href="{absolute(base, a.path)}">'
        f'{esc(a.title)}</a></h2><span class="list-item__date">{date_text(a)}</span>'
        f'<p class="list-item__lead">{esc(a.paragraphs[0][:140])}...</p></div>'
        for a in items
    )


def _listing_page(outlet: OutletData, base: str, page: int, pages: int) -> Page:
    items = list(outlet.articles[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])

    def href(n: int) -> str:
        return absolute(base, "/berita" if n == 1 else f"/berita?page={n}")

    links = []
    head = ""
    if page > 1:
        links.append(f'<li><a rel="prev" href="{href(page - 1)}">&laquo; Sebelumnya</a></li>')
        head += f'<link rel="prev" href="{href(page - 1)}">\n'
    for n in range(1, pages + 1):
        if n == page:
            links.append(f'<li class="active"><span>{n}</span></li>')
        else:
            links.append(f'<li><a href="{href(n)}">{n}</a></li>')
    if page < pages:
        links.append(f'<li><a rel="next" href="{href(page + 1)}">Selanjutnya &raquo;</a></li>')
        head += f'<link rel="next" href="{href(page + 1)}">\n'
    main = (
        '<h1 class="page-title">Indeks Berita</h1>\n'
        + _item_list(base, items)
        + f'\n<ul class="pagination">{"".join(links)}</ul>'
    )
    return html_page(_layout(outlet, base, f"Indeks Berita | {outlet.name}", head, main))


def _simple(outlet: OutletData, base: str, title: str, main: str) -> Page:
    return html_page(_layout(outlet, base, f"{title} | {outlet.name}", "", main))


def build(outlet: OutletData, base: str, *, redesign: bool = False) -> Routes:
    routes: Routes = {}
    routes["/robots.txt"] = text_page(
        "User-agent: *\nDisallow: /admin/\nDisallow: /cari\n\n"
        f"Sitemap: {absolute(base, '/sitemap.xml')}\n"
    )
    routes["/sitemap.xml"] = xml_page(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"<sitemap><loc>{absolute(base, '/sitemap-news.xml')}</loc>"
        f"<lastmod>{outlet.articles[0].published.isoformat()}</lastmod></sitemap>\n"
        f"<sitemap><loc>{absolute(base, '/sitemap-pages.xml')}</loc></sitemap>\n"
        "</sitemapindex>\n"
    )
    news = "".join(
        f"<url><loc>{absolute(base, a.path)}</loc><news:news><news:publication>"
        f"<news:name>{esc(outlet.name)}</news:name><news:language>id</news:language>"
        f"</news:publication><news:publication_date>{a.published.isoformat()}"
        f"</news:publication_date><news:title>{esc(a.title)}</news:title>"
        f"<news:keywords>{esc(', '.join(a.tags))}</news:keywords></news:news></url>\n"
        for a in outlet.articles
    )
    routes["/sitemap-news.xml"] = xml_page(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{news}</urlset>\n"
    )
    routes["/sitemap-pages.xml"] = xml_page(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{absolute(base, p)}</loc></url>" for p in STATIC_PAGES)
        + "</urlset>\n"
    )
    pages = -(-len(outlet.articles) // PAGE_SIZE)
    routes["/berita"] = _listing_page(outlet, base, 1, pages)
    for n in range(1, pages + 1):
        routes[f"/berita?page={n}"] = _listing_page(outlet, base, n, pages)
    for article in outlet.articles:
        routes[article.path] = _article_page(outlet, article, base, redesign)
    for section in sorted({a.section for a in outlet.articles if a.section}):
        items = [a for a in outlet.articles if a.section == section]
        routes[f"/kanal/{slugify(section)}"] = _simple(
            outlet,
            base,
            section,
            f'<h1 class="page-title">{esc(section)}</h1>\n{_item_list(base, items)}',
        )
    for tag in sorted({t for a in outlet.articles for t in a.tags}):
        items = [a for a in outlet.articles if tag in a.tags]
        routes[f"/tag/{slugify(tag)}"] = _simple(
            outlet,
            base,
            tag,
            f'<h1 class="page-title">Tag: {esc(tag)}</h1>\n{_item_list(base, items)}',
        )
    for path, (label, text) in STATIC_PAGES.items():
        routes[path] = _simple(
            outlet, base, label, f'<h1 class="page-title">{esc(label)}</h1><p>{esc(text)}</p>'
        )
    routes["/"] = _simple(
        outlet,
        base,
        "Berita Terkini Bekasi dan Jawa Barat",
        '<h1 class="page-title">Berita Terkini</h1>\n'
        + _item_list(base, list(outlet.articles[:PAGE_SIZE]))
        + f'\n<p><a href="{absolute(base, "/berita")}">Indeks Berita &raquo;</a></p>',
    )
    routes["/admin/"] = _simple(outlet, base, "Login", "<form><input name='user'></form>")
    return routes
