# ruff: noqa: E501  -- page templates copy the long single-line markup real CMSes emit.
"""The Blogger outlet: Atom feed at /feeds/posts/default, /YYYY/MM/slug.html posts whose page shows
the date only as text ("Kamis, 09 November 2023"; some posts use local spelling variants), bodies
built from <div>/<br> ending in reporter initials, and Blogger's footer furniture (Labels, No
comments, Post a Comment, Older/Newer Post). robots.txt disallows /search, as Blogger's does.
"""

from __future__ import annotations

import zlib
from urllib.parse import quote

from samplesite.model import OutletData, SampleArticle, indonesian_day, indonesian_month
from samplesite.pages import Page, Routes, absolute, esc, html_page, related, text_page, xml_page

BLOG_ID = "7712045583321906554"


def post_id(article: SampleArticle) -> int:
    """A stable Blogger-like numeric post id derived from the slug."""
    return 4_000_000_000_000_000_000 + zlib.crc32(article.slug.encode())


def date_header(article: SampleArticle) -> str:
    """The only date a post page shows; ``date_text`` in the data overrides the usual form."""
    if article.date_text:
        return article.date_text
    when = article.published
    return f"{indonesian_day(when)}, {when.day:02d} {indonesian_month(when)} {when.year}"


def _atom_time(article: SampleArticle) -> str:
    return article.published.isoformat(timespec="milliseconds")


def _body(outlet: OutletData, article: SampleArticle, base: str) -> str:
    blocks = [esc(p) for p in article.paragraphs]
    if article.location:
        blocks[0] = f"<b>{esc(article.location.upper())}</b> - {blocks[0]}"
    if article.initials:
        blocks[-1] = f"{blocks[-1]} ({esc(article.initials)})"
    rendered = [f'<div style="text-align: justify;">{b}</div>' for b in blocks]
    others = related(outlet.articles, article, 1)
    if others and len(rendered) >= 4 and outlet.articles.index(article) % 3 != 2:
        rendered.insert(
            3,
            f'<div style="text-align: justify;"><b>Baca Juga :</b> '
            f'<a href="{absolute(base, others[0].path)}">{esc(others[0].title)}</a></div>',
        )
    return '\n<div style="text-align: justify;"><br /></div>\n'.join(rendered)


def _labels(article: SampleArticle, base: str) -> str:
    return ", ".join(
        f"<a href='{absolute(base, f'/search/label/{quote(t)}')}' rel='tag'>{esc(t)}</a>"
        for t in article.tags
    )


def _layout(outlet: OutletData, base: str, title: str, head: str, main: str) -> str:
    archive = sorted({a.path[:9] for a in outlet.articles}, reverse=True)
    archive_links = "".join(
        f"<li><a class='post-count-link' href='{absolute(base, p)}'>{p[1:5]}/{p[6:8]}</a></li>"
        for p in archive
    )
    popular = "".join(
        f"<li><a href='{absolute(base, a.path)}'>{esc(a.title)}</a></li>"
        for a in outlet.articles[:4]
    )
    return f"""<!DOCTYPE html>
<html class='v2' dir='ltr' lang='id' xmlns='http://www.w3.org/1999/xhtml' xmlns:b='http://www.google.com/2005/gml/b' xmlns:data='http://www.google.com/2005/gml/data' xmlns:expr='http://www.google.com/2005/gml/expr'>
<head>
<meta content='width=1100' name='viewport'/>
<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>
<meta content='blogger' name='generator'/>
<link href='{absolute(base, "/favicon.ico")}' rel='icon' type='image/x-icon'/>
<link rel="alternate" type="application/atom+xml" title="{esc(outlet.name)} - Atom" href="{absolute(base, "/feeds/posts/default")}" />
<link rel="service.post" type="application/atom+xml" title="{esc(outlet.name)} - Atom" href="https://www.blogger.com/feeds/{BLOG_ID}/posts/default" />
{head}
<title>{esc(title)}</title>
</head>
<body class='loading'>
<div class='content-outer'>
<header><div class='header-outer'><div class='Header' id='Header1'><h1 class='title'><a href='{base}'>{esc(outlet.name)}</a></h1><p class='description'>Informasi Seputar Sumedang dan Jawa Barat</p></div></div></header>
<div class='main-outer'><div class='main-inner'>
<div class='column-center-inner'><div class='main section' id='main'><div class='widget Blog' id='Blog1'>
{main}
</div></div></div>
<div class='column-right-inner'><aside>
<div class='widget PopularPosts' id='PopularPosts1'><h2>Popular Posts</h2><ul>{popular}</ul></div>
<div class='widget BlogArchive' id='BlogArchive1'><h2>Blog Archive</h2><ul class='hierarchy'>{archive_links}</ul></div>
</aside></div>
</div></div>
<footer><div class='footer-outer'>Tema Sederhana. Diberdayakan oleh <a href='https://www.blogger.com' target='_blank'>Blogger</a>.</div></footer>
</div>
</body>
</html>
"""


def _post_page(outlet: OutletData, article: SampleArticle, base: str) -> Page:
    url = absolute(base, article.path)
    pid = post_id(article)
    index = outlet.articles.index(article)
    newer = outlet.articles[index - 1] if index > 0 else None
    older = outlet.articles[index + 1] if index + 1 < len(outlet.articles) else None
    pager = ""
    if newer:
        pager += (
            f"<span id='blog-pager-newer-link'><a class='blog-pager-newer-link' "
            f"href='{absolute(base, newer.path)}' title='Newer Post'>Newer Post</a></span>\n"
        )
    if older:
        pager += (
            f"<span id='blog-pager-older-link'><a class='blog-pager-older-link' "
            f"href='{absolute(base, older.path)}' title='Older Post'>Older Post</a></span>\n"
        )
    head = f"""<link href='{url}' rel='canonical'/>
<meta content='{url}' property='og:url'/>
<meta content='{esc(article.title)}' property='og:title'/>
<meta content='{esc(article.paragraphs[0][:150])}' property='og:description'/>"""
    main = f"""<div class='blog-posts hfeed'>
<div class="date-outer">
<h2 class='date-header'><span>{esc(date_header(article))}</span></h2>
<div class="date-posts">
<div class='post-outer'>
<div class='post hentry uncustomized-post-template' itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>
<a name='{pid}'></a>
<h3 class='post-title entry-title' itemprop='name'>
{esc(article.title)}
</h3>
<div class='post-header'><div class='post-header-line-1'></div></div>
<div class='post-body entry-content' id='post-body-{pid}' itemprop='description articleBody'>
{_body(outlet, article, base)}
<div style='clear: both;'></div>
</div>
<div class='post-footer'>
<div class='post-footer-line post-footer-line-1'>
<span class='post-author vcard'>Diposting oleh <span class='fn' itemprop='author' itemscope='itemscope' itemtype='http://schema.org/Person'><span itemprop='name'>{esc(article.author or "Admin")}</span></span></span>
<span class='post-comment-link'><a class='comment-link' href='{url}#comment-form' onclick=''>No comments:</a></span>
<div class='post-share-buttons goog-inline-block'><a class='goog-inline-block share-button sb-email' href='#' title='Email This'><span class='share-button-link-text'>Email This</span></a><a class='goog-inline-block share-button sb-blog' href='#' title='BlogThis!'><span class='share-button-link-text'>BlogThis!</span></a><a class='goog-inline-block share-button sb-facebook' href='#' title='Share to Facebook'><span class='share-button-link-text'>Share to Facebook</span></a></div>
</div>
<div class='post-footer-line post-footer-line-2'><span class='post-labels'>Labels: {_labels(article, base)}</span></div>
</div>
</div>
<div class='comments' id='comments'>
<a name='comments'></a>
<h4>No comments:</h4>
<div id='Blog1_comments-block-wrapper'><dl class='avatar-comment-indent' id='comments-block'></dl></div>
<p class='comment-footer'></p>
<div class='comment-form'><a name='comment-form'></a><h4 id='comment-post-message'>Post a Comment</h4><p></p><a href='https://www.blogger.com/comment/frame/{BLOG_ID}?po={pid}' id='comment-editor-src'></a></div>
</div>
</div>
</div></div>
</div>
<div class='blog-pager' id='blog-pager'>
{pager}<a class='home-link' href='{base}'>Home</a>
</div>
<div class='clear'></div>
<div class='post-feeds'><div class='feed-links'>Subscribe to: <a class='feed-link' href='{absolute(base, f"/feeds/{pid}/comments/default")}' target='_blank' type='application/atom+xml'>Post Comments (Atom)</a></div></div>"""
    return html_page(_layout(outlet, base, f"{outlet.name}: {article.title}", head, main))


def _listing(outlet: OutletData, base: str, title: str, items: list[SampleArticle]) -> Page:
    posts = []
    for article in items:
        posts.append(
            f"<div class='date-outer'><h2 class='date-header'><span>{esc(date_header(article))}"
            f"</span></h2><div class='post-outer'><div class='post hentry'>"
            f"<h3 class='post-title entry-title'><a href='{absolute(base, article.path)}'>"
            f"{esc(article.title)}</a></h3><div class='post-body entry-content'>"
            f"{esc(article.paragraphs[0][:200])}...</div>"
            f"<div class='jump-link'><a href='{absolute(base, article.path)}#more'>"
            f"Baca selengkapnya &#187;</a></div></div></div></div>"
        )
    oldest = items[-1].published.isoformat(timespec="seconds") if items else ""
    more = absolute(base, f"/search?updated-max={oldest}&max-results=7")
    main = (
        f"<div class='status-msg-wrap'>{esc(title)}</div><div class='blog-posts hfeed'>"
        + "\n".join(posts)
        + f"</div><div class='blog-pager' id='blog-pager'><a class='blog-pager-older-link' "
        f"href='{more}' title='Older Posts'>Older Posts</a> <a class='home-link' href='{base}'>"
        "Home</a></div>"
    )
    return html_page(_layout(outlet, base, f"{outlet.name}: {title}", "", main))


def _feed(outlet: OutletData, base: str) -> Page:
    entries = []
    for article in outlet.articles:
        url = absolute(base, article.path)
        pid = post_id(article)
        categories = "".join(
            f"<category scheme='http://www.blogger.com/atom/ns#' term='{esc(t)}'/>"
            for t in article.tags
        )
        entries.append(
            f"""<entry><id>tag:blogger.com,1999:blog-{BLOG_ID}.post-{pid}</id><published>{_atom_time(article)}</published><updated>{_atom_time(article)}</updated>{categories}<title type='text'>{esc(article.title)}</title><content type='html'>{esc(_body(outlet, article, base))}</content><link rel='replies' type='application/atom+xml' href='{absolute(base, f"/feeds/{pid}/comments/default")}' title='Post Comments'/><link rel='edit' type='application/atom+xml' href='https://www.blogger.com/feeds/{BLOG_ID}/posts/default/{pid}'/><link rel='self' type='application/atom+xml' href='https://www.blogger.com/feeds/{BLOG_ID}/posts/default/{pid}'/><link rel='alternate' type='text/html' href='{url}' title='{esc(article.title)}'/><author><name>{esc(article.author or "Admin")}</name><uri>https://www.blogger.com/profile/0{pid % 10**12}</uri><email>noreply@blogger.com</email></author><thr:total>0</thr:total></entry>"""
        )
    updated = _atom_time(outlet.articles[0])
    labels = sorted({t for a in outlet.articles for t in a.tags})
    label_xml = "".join(f"<category term='{esc(t)}'/>" for t in labels)
    body = f"""<?xml version='1.0' encoding='UTF-8'?><?xml-stylesheet href="http://www.blogger.com/styles/atom.css" type="text/css"?><feed xmlns='http://www.w3.org/2005/Atom' xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' xmlns:blogger='http://schemas.google.com/blogger/2008' xmlns:georss='http://www.georss.org/georss' xmlns:gd="http://schemas.google.com/g/2005" xmlns:thr='http://purl.org/syndication/thread/1.0'><id>tag:blogger.com,1999:blog-{BLOG_ID}</id><updated>{updated}</updated>{label_xml}<title type='text'>{esc(outlet.name)}</title><subtitle type='html'>Informasi Seputar Sumedang dan Jawa Barat</subtitle><link rel='http://schemas.google.com/g/2005#feed' type='application/atom+xml' href='{absolute(base, "/feeds/posts/default")}'/><link rel='self' type='application/atom+xml' href='{absolute(base, "/feeds/posts/default")}'/><link rel='alternate' type='text/html' href='{base}'/><author><name>Admin</name><email>noreply@blogger.com</email></author><generator version='7.00' uri='http://www.blogger.com'>Blogger</generator><openSearch:totalResults>{len(outlet.articles)}</openSearch:totalResults><openSearch:startIndex>1</openSearch:startIndex><openSearch:itemsPerPage>25</openSearch:itemsPerPage>{"".join(entries)}</feed>"""
    return xml_page(body, "application/atom+xml; charset=UTF-8")


def build(outlet: OutletData, base: str) -> Routes:
    routes: Routes = {}
    routes["/robots.txt"] = text_page(
        "User-agent: Mediapartners-Google\nDisallow: \n\n"
        "User-agent: *\nDisallow: /search\nAllow: /\n\n"
        f"Sitemap: {absolute(base, '/sitemap.xml')}\n"
        f"Sitemap: {absolute(base, '/sitemap-pages.xml')}\n"
    )
    routes["/feeds/posts/default"] = _feed(outlet, base)
    for article in outlet.articles:
        routes[article.path] = _post_page(outlet, article, base)
    for month in sorted({a.path[:9] for a in outlet.articles}):
        items = [a for a in outlet.articles if a.path.startswith(month)]
        routes[month + "/"] = _listing(outlet, base, f"Arsip {month[1:]}", items)
    for tag in sorted({t for a in outlet.articles for t in a.tags}):
        items = [a for a in outlet.articles if tag in a.tags]
        title = f"Showing posts with the label {tag}"
        routes[f"/search/label/{quote(tag)}"] = _listing(outlet, base, title, items)
    routes["/"] = _listing(outlet, base, "Beranda", list(outlet.articles[:7]))
    routes["/p/tentang-kami.html"] = html_page(
        _layout(
            outlet,
            base,
            f"{outlet.name}: Tentang Kami",
            "",
            "<div class='post hentry'><h3 class='post-title entry-title'>Tentang Kami</h3>"
            "<div class='post-body entry-content'>Sumedang Post dikelola oleh komunitas "
            "jurnalis warga di Sumedang.</div></div>",
        )
    )
    routes["/sitemap.xml"] = xml_page(
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"<sitemap><loc>{absolute(base, '/sitemap.xml?page=1')}</loc></sitemap></sitemapindex>"
    )
    rows = "".join(
        f"<url><loc>{absolute(base, a.path)}</loc><lastmod>{_atom_time(a)}</lastmod></url>"
        for a in outlet.articles
    )
    routes["/sitemap.xml?page=1"] = xml_page(
        "<?xml version='1.0' encoding='UTF-8'?>"
        f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{rows}</urlset>"
    )
    routes["/sitemap-pages.xml"] = xml_page(
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>"
        f"{absolute(base, '/p/tentang-kami.html')}</loc></url></urlset>"
    )
    return routes
