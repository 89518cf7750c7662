# ruff: noqa: E501  -- page templates copy the long single-line markup real CMSes emit.
"""The WordPress outlet: /feed/ (RSS 2.0, latest 10 only, as WordPress does), /wp-sitemap.xml
(index of core sitemaps, including taxonomy and page sitemaps a crawler must filter out),
/YYYY/MM/DD/slug/ articles with the usual theme furniture (Baca Juga boxes inside the content,
share buttons, related posts, comment form), category/tag/author archives and a static page.
"""

from __future__ import annotations

from samplesite.model import MONTHS, OutletData, SampleArticle
from samplesite.pages import (
    Page,
    Routes,
    absolute,
    esc,
    excerpt,
    html_page,
    redirect,
    related,
    rfc822,
    slugify,
    text_page,
    xml_page,
)

FEED_SIZE = 10  # WordPress "Syndication feeds show the most recent 10 items" default.


def _human_date(article: SampleArticle) -> str:
    when = article.published
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def _content(outlet: OutletData, article: SampleArticle, base: str) -> str:
    """The post content as WordPress stores it: dateline, paragraphs, a Baca Juga box."""
    others = related(outlet.articles, article, 2)
    paragraphs = [f"<p>{esc(p)}</p>" for p in article.paragraphs]
    if article.location:
        paragraphs[0] = (
            f"<p><strong>{esc(article.location.upper())}</strong> – {esc(article.paragraphs[0])}</p>"
        )
    if others and len(paragraphs) >= 3:
        first = others[0]
        link = f'<a href="{absolute(base, first.path)}">{esc(first.title)}</a>'
        if outlet.articles.index(article) % 2 == 0:
            box = f"<p><strong>Baca Juga:</strong> {link}</p>"
        else:
            box = f'<div class="baca-juga"><span>Baca Juga</span><ul><li>{link}</li></ul></div>'
        paragraphs.insert(2, box)
    if len(others) > 1 and len(paragraphs) >= 6:
        second = others[1]
        label = "Baca Juga:" if outlet.articles.index(article) % 2 == 0 else "Lihat juga:"
        paragraphs.insert(
            5,
            f'<p><strong>{label}</strong> <a href="{absolute(base, second.path)}">'
            f"{esc(second.title)}</a></p>",
        )
    # A photo under the lead, captioned and credited as WordPress block themes print it.
    paragraphs.insert(
        1,
        '<figure class="wp-block-image size-large"><img src="'
        f'{absolute(base, "/wp-content/uploads/2023/11/foto.jpg")}" alt="">'
        f"<figcaption>Suasana kegiatan di lokasi. Foto: Dok. {esc(outlet.name)}</figcaption>"
        "</figure>",
    )
    return "\n".join(paragraphs)


def _layout(outlet: OutletData, base: str, title: str, head: str, main: str) -> str:
    categories = sorted({a.section for a in outlet.articles if a.section})
    menu = "".join(
        f'<li class="menu-item"><a href="{absolute(base, f"/category/{slugify(c)}/")}">{esc(c)}</a></li>'
        for c in categories
    )
    popular = "".join(
        f'<li><a href="{absolute(base, a.path)}">{esc(a.title)}</a></li>'
        for a in outlet.articles[:5]
    )
    return f"""<!DOCTYPE html>
<html lang="id-ID">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<meta name="generator" content="WordPress 6.4.1">
<link rel="alternate" type="application/rss+xml" title="{esc(outlet.name)} &raquo; Feed" href="{absolute(base, "/feed/")}">
{head}
</head>
<body class="wp-singular">
<div id="page" class="site">
<header id="masthead" class="site-header">
<p class="site-title"><a href="{base}" rel="home">{esc(outlet.name)}</a></p>
<p class="site-description">Kabar Terkini dari Kota dan Kabupaten Bekasi</p>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">{menu}</ul></nav>
</header>
<div id="content" class="site-content">
<main id="main" class="site-main">
{main}
</main>
<aside id="secondary" class="widget-area">
<section class="widget widget_recent_entries"><h2 class="widget-title">Berita Terpopuler</h2><ul>{popular}</ul></section>
<section class="widget widget_text"><div class="textwidget"><p>Pasang iklan: hubungi redaksi@{outlet.id}</p></div></section>
</aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">&copy; 2023 {esc(outlet.name)}. Seluruh hak cipta dilindungi. <a href="{absolute(base, "/tentang-kami/")}">Tentang Kami</a></div></footer>
</div>
</body>
</html>
"""


def _article_page(outlet: OutletData, article: SampleArticle, base: str) -> Page:
    url = absolute(base, article.path)
    published = article.published.isoformat()
    modified = (article.modified or article.published).isoformat()
    section_slug = slugify(article.section or "berita")
    tag_meta = "\n".join(f'<meta property="article:tag" content="{esc(t)}">' for t in article.tags)
    head = f"""<link rel="canonical" href="{url}">
<meta property="og:locale" content="id_ID">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(article.title)}">
<meta property="og:description" content="{esc(excerpt(article.paragraphs[0], 25))}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{esc(outlet.name)}">
<meta property="article:published_time" content="{published}">
<meta property="article:modified_time" content="{modified}">
<meta property="article:section" content="{esc(article.section or "")}">
{tag_meta}"""
    author_slug = slugify(article.author or "redaksi")
    tags = ", ".join(
        f'<a href="{absolute(base, f"/tag/{slugify(t)}/")}" rel="tag">{esc(t)}</a>'
        for t in article.tags
    )
    rel_items = "".join(
        f'<li class="jp-relatedposts-post"><a href="{absolute(base, a.path)}">{esc(a.title)}</a>'
        f'<span class="jp-relatedposts-post-date">{_human_date(a)}</span></li>'
        for a in related(outlet.articles, article, 3)
    )
    main = f"""<article id="post-{outlet.articles.index(article) + 100}" class="post type-post status-publish format-standard hentry">
<header class="entry-header">
<span class="cat-links"><a href="{absolute(base, f"/category/{section_slug}/")}" rel="category tag">{esc(article.section or "Berita")}</a></span>
<h1 class="entry-title">{esc(article.title)}</h1>
<div class="entry-meta">
<span class="posted-on">Diposting pada <a href="{url}" rel="bookmark"><time class="entry-date published" datetime="{published}">{_human_date(article)}</time><time class="updated" datetime="{modified}">{_human_date(article)}</time></a></span>
<span class="byline"> oleh <span class="author vcard"><a class="url fn n" href="{absolute(base, f"/author/{author_slug}/")}">{esc(article.author or "Redaksi")}</a></span></span>
</div>
</header>
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Bagikan ini:</h3><ul><li><a class="share-facebook" href="#">Facebook</a></li><li><a class="share-whatsapp" href="#">WhatsApp</a></li><li><a class="share-twitter" href="#">X</a></li></ul></div>
<div class="entry-content">
{_content(outlet, article, base)}
</div>
<footer class="entry-footer"><span class="tags-links">Tag: {tags}</span></footer>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">Berita Terkait</h3><ul>{rel_items}</ul></div>
</article>
<div id="comments" class="comments-area">
<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Tinggalkan Balasan</h3>
<form action="{absolute(base, "/wp-comments-post.php")}" method="post" id="commentform" class="comment-form">
<p class="comment-notes">Alamat email Anda tidak akan dipublikasikan. Ruas yang wajib ditandai *</p>
<p class="comment-form-comment"><label for="comment">Komentar *</label><textarea id="comment" name="comment"></textarea></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Kirim Komentar"></p>
</form>
</div>
</div>"""
    return html_page(_layout(outlet, base, f"{article.title} - {outlet.name}", head, main))


def _archive(outlet: OutletData, base: str, title: str, items: list[SampleArticle]) -> Page:
    entries = "\n".join(
        f'<article class="post hentry"><h2 class="entry-title"><a href="{absolute(base, a.path)}">'
        f'{esc(a.title)}</a></h2><div class="entry-meta"><time class="entry-date" '
        f'datetime="{a.published.isoformat()}">{_human_date(a)}</time></div>'
        f'<div class="entry-summary"><p>{esc(excerpt(a.paragraphs[0], 30))}</p></div></article>'
        for a in items
    )
    main = (
        f'<header class="page-header"><h1 class="page-title">{esc(title)}</h1></header>\n{entries}'
    )
    return html_page(_layout(outlet, base, f"{title} - {outlet.name}", "", main))


def _feed(outlet: OutletData, base: str) -> Page:
    items = []
    for article in outlet.articles[:FEED_SIZE]:
        url = absolute(base, article.path)
        categories = "".join(
            f"<category><![CDATA[{c}]]></category>" for c in (article.section, *article.tags) if c
        )
        items.append(f"""<item>
<title>{esc(article.title)}</title>
<link>{url}</link>
<comments>{url}#respond</comments>
<dc:creator><![CDATA[{article.author or "Redaksi"}]]></dc:creator>
<pubDate>{rfc822(article.published, utc=True)}</pubDate>
{categories}
<guid isPermaLink="false">{absolute(base, f"/?p={outlet.articles.index(article) + 100}")}</guid>
<description><![CDATA[{excerpt(article.paragraphs[0])}]]></description>
<content:encoded><![CDATA[{_content(outlet, article, base)}]]></content:encoded>
<slash:comments>0</slash:comments>
</item>""")
    last = rfc822(outlet.articles[0].published, utc=True)
    body = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
xmlns:content="http://purl.org/rss/1.0/modules/content/"
xmlns:wfw="http://wellformedweb.org/CommentAPI/"
xmlns:dc="http://purl.org/dc/elements/1.1/"
xmlns:atom="http://www.w3.org/2005/Atom"
xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
<channel>
<title>{esc(outlet.name)}</title>
<atom:link href="{absolute(base, "/feed/")}" rel="self" type="application/rss+xml" />
<link>{base}</link>
<description>Kabar Terkini dari Kota dan Kabupaten Bekasi</description>
<lastBuildDate>{last}</lastBuildDate>
<language>id</language>
<sy:updatePeriod>hourly</sy:updatePeriod>
<sy:updateFrequency>1</sy:updateFrequency>
<generator>https://wordpress.org/?v=6.4.1</generator>
{"".join(items)}
</channel>
</rss>
"""
    return xml_page(body, "application/rss+xml; charset=UTF-8")


_SITEMAP_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<?xml-stylesheet type="text/xsl" href="/wp-sitemap.xsl" ?>\n'
)


def _urlset(urls: list[tuple[str, str | None]]) -> Page:
    rows = "".join(
        f"<url><loc>{esc(loc)}</loc>{f'<lastmod>{lastmod}</lastmod>' if lastmod else ''}</url>"
        for loc, lastmod in urls
    )
    return xml_page(
        _SITEMAP_HEAD
        + f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>\n'
    )


def build(outlet: OutletData, base: str) -> Routes:
    routes: Routes = {}
    routes["/robots.txt"] = text_page(
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
        f"Sitemap: {absolute(base, '/wp-sitemap.xml')}\n"
    )
    routes["/feed/"] = _feed(outlet, base)
    routes["/feed"] = redirect(absolute(base, "/feed/"))
    sections = sorted({a.section for a in outlet.articles if a.section})
    tags = sorted({t for a in outlet.articles for t in a.tags})
    authors = sorted({a.author for a in outlet.articles if a.author})
    for article in outlet.articles:
        routes[article.path] = _article_page(outlet, article, base)
        routes[article.path.rstrip("/")] = redirect(absolute(base, article.path))
    for section in sections:
        items = [a for a in outlet.articles if a.section == section]
        routes[f"/category/{slugify(section)}/"] = _archive(outlet, base, section, items)
    for tag in tags:
        items = [a for a in outlet.articles if tag in a.tags]
        routes[f"/tag/{slugify(tag)}/"] = _archive(outlet, base, f"Tag: {tag}", items)
    for author in authors:
        items = [a for a in outlet.articles if a.author == author]
        routes[f"/author/{slugify(author)}/"] = _archive(outlet, base, f"Penulis: {author}", items)
    routes["/"] = _archive(outlet, base, "Berita Terbaru", list(outlet.articles[:FEED_SIZE]))
    routes["/page/2/"] = _archive(outlet, base, "Berita Terbaru", list(outlet.articles[FEED_SIZE:]))
    routes["/tentang-kami/"] = html_page(
        _layout(
            outlet,
            base,
            f"Tentang Kami - {outlet.name}",
            "",
            '<article class="page type-page"><h1 class="entry-title">Tentang Kami</h1>'
            f'<div class="entry-content"><p>{esc(outlet.name)} menyajikan '
            "kabar seputar Kota dan Kabupaten Bekasi sejak 2016.</p></div></article>",
        )
    )
    latest = outlet.articles[0].published.isoformat()
    routes["/wp-sitemap.xml"] = xml_page(
        _SITEMAP_HEAD
        + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(
            f"<sitemap><loc>{absolute(base, p)}</loc></sitemap>"
            for p in (
                "/wp-sitemap-posts-post-1.xml",
                "/wp-sitemap-posts-page-1.xml",
                "/wp-sitemap-taxonomies-category-1.xml",
                "/wp-sitemap-taxonomies-post_tag-1.xml",
                "/wp-sitemap-users-1.xml",
            )
        )
        + "</sitemapindex>\n"
    )
    routes["/wp-sitemap-posts-post-1.xml"] = _urlset(
        [(absolute(base, a.path), (a.modified or a.published).isoformat()) for a in outlet.articles]
    )
    routes["/wp-sitemap-posts-page-1.xml"] = _urlset([(absolute(base, "/tentang-kami/"), latest)])
    routes["/wp-sitemap-taxonomies-category-1.xml"] = _urlset(
        [(absolute(base, f"/category/{slugify(s)}/"), None) for s in sections]
    )
    routes["/wp-sitemap-taxonomies-post_tag-1.xml"] = _urlset(
        [(absolute(base, f"/tag/{slugify(t)}/"), None) for t in tags]
    )
    routes["/wp-sitemap-users-1.xml"] = _urlset(
        [(absolute(base, f"/author/{slugify(a)}/"), None) for a in authors]
    )
    return routes
