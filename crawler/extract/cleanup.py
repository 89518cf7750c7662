"""Boilerplate that survives trafilatura on Indonesian news sites, removed from the extracted text.

Each rule is one function ``str -> str`` over the text trafilatura returns (one paragraph a line);
:func:`clean_text` applies them all. The rules:

* :func:`remove_read_also` — "Baca juga: ..." / "BACA JUGA" / "Lihat juga" / "Simak juga" lines and
  boxes; when merged into a paragraph, only the "Baca juga: <linked title>" part, and only when
  it is the label (capitalised or followed by ":", "»", ">>", "-"), not the verb in a sentence;
* :func:`remove_gambas` — CNN Indonesia's "[Gambas:Video CNN]" embeds;
* :func:`remove_ad_markers` — "ADVERTISEMENT", "SCROLL TO CONTINUE WITH CONTENT", "Iklan";
* :func:`remove_blogger_remnants` — Blogger's "No comments:", "Post a Comment", "Labels: ...",
  "Older Post Newer Post Home", "Subscribe to: Post Comments (Atom)", "Email ThisBlogThis!...";
* :func:`remove_share_widgets` — "Bagikan", "Share this:", "Like this:", rows of network names,
  "0 Komentar";
* :func:`remove_date_lines` — lines that are only a date (related-article lists:
  "- Kamis, 05/11/2015 09:25 WIB");
* :func:`remove_footer_lines` — "Copyright © 2016", "© 2007 - 2015 Okezone.com All Rights
  Reserved", "Hak cipta dilindungi undang-undang" (a "Copyright"/"Hak cipta" line only with a ©,
  a year or the reservation formula: without them it is prose about copyright), and the outlet's
  short contact lines ("Redaksi: redaksi[at]detikfinance.com", "hubungi : sales[at]detik.com");
  a plain address ("KONTAK: info@example.com") stays, since press releases end with one;
* :func:`remove_symbol_lines` — lines without a letter ("-", "01", "|"): list bullets and
  numbering of most-read boxes;
* :func:`remove_trailing_debris` — at the very end only, the labels of known widgets
  ("MustRead", "close", "Tutup", "Lihat Semua", "Load more") and the heading of a
  related-articles box, colon or not ("Berita Terkait:", "Artikel Lainnya:", "Related Posts:"),
  which old templates put right under the text. Until issue #12 any trailing line of three words
  or fewer without sentence punctuation went too: that is length, not a marker, and on
  trafilatura's general corpus it took author names, addresses and whole Chinese articles
  (CJK lines are one "word" and end in "。"); the shared pages needed only detik's two labels;
* :func:`remove_captions` — lines that are the text of a photo caption or credit on the page
  (``figcaption``, elements whose class or id names a caption or photo); the caller passes the
  captions (:func:`crawler.extract.body.caption_texts`);
* :func:`normalise_whitespace` — spaces collapsed, empty lines dropped.

Byline lines ("Penulis:", "Reporter:", "Editor:", "Fotografer:") and trailing initials
("(nds/krs)") are not dropped here but moved into author/editor by :mod:`.byline`; datelines
into the location by :mod:`.dateline`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from crawler.extract.dates import is_date_only

_READ_ALSO_LABEL = r"(?:baca|lihat|simak)\s+(?:juga|pula)(?P<sep>\s*:|\s*»|\s*>>|\s*-)?"
_READ_ALSO_LINE = re.compile(rf"^\s*[\[(]?\s*{_READ_ALSO_LABEL}", re.IGNORECASE)
_READ_ALSO_INLINE = re.compile(rf"\s*[\[(]?\b{_READ_ALSO_LABEL}\s*", re.IGNORECASE)
# The label alone, for the check on raw text: a leading ``\s*`` searched over the long space runs
# of raw text is quadratic (10 ms on some pages).
_READ_ALSO_WORDS = re.compile(rf"\b{_READ_ALSO_LABEL}", re.IGNORECASE)
# Sentence end followed by more text: the "Baca juga" tail then holds more than a title.
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’]?\s+[A-Z\"“]")
_GAMBAS = re.compile(r"\[\s*Gambas\s*:[^\]]*\]", re.IGNORECASE)
_AD_LINE = re.compile(
    r"^\s*(?:advertisement|scroll to continue with content|iklan|advertorial|sponsored|"
    r"(?:informasi )?pemasangan iklan)\s*$",
    re.IGNORECASE,
)
_BLOGGER_LINE = re.compile(
    r"^\s*(?:no comments?:.*|\d+ comments?:.*|post a comment|labels?:.*|"
    r"(?:newer post\s*)?(?:older post\s*)?(?:newer post\s*)?home|subscribe to:.*|"
    r"email this\s*blogthis!.*|posted by .{1,60}|share to (?:twitter|facebook|pinterest).*)\s*$",
    re.IGNORECASE,
)
_SHARE_WORDS = (
    r"bagikan|share|share this|like this|tweet|facebook|twitter|whatsapp|telegram|line|linkedin|"
    r"email|e-mail|copy link|salin tautan|print|cetak|pinterest|google\+|x"
)
_SHARE_LINE = re.compile(
    rf"^\s*(?:(?:{_SHARE_WORDS})\s*[:|·•,/]?\s*)+(?:artikel ini\s*:?)?\s*$|"
    r"^\s*\d*\s*(?:komentar|comments?|shares?)\s*$|^\s*loading\.*\s*$",
    re.IGNORECASE,
)
# "Copyright"/"Hak cipta" open prose too ("Hak cipta lagu itu dimiliki ..."): the notice has a
# © sign, a year or the reservation formula besides.
_COPYRIGHT_LINE = re.compile(
    r"^\s*(?:©|\(c\)\s*\d{4}).{0,120}$"
    r"|^\s*(?:copyright|hak cipta)\b(?=.*(?:©|\b(?:19|20)\d\d\b|reserved|dilindungi)).{0,120}$"
    r"|^.{0,80}\ball rights reserved\.?\s*$",
    re.IGNORECASE,
)
# The outlet's own contact footer: "Redaksi: ..." or an address in the "[at]" spelling outlets
# use against harvesters. A plain address stays: press releases end with their contact.
_ADDRESS = re.compile(r"^\s*redaksi\s*:|\S+\s*(?:\[at\]|\(at\))\s*\S+\.\w{2,}", re.IGNORECASE)
_CONTACT_MAX_WORDS = 12
_LETTER = re.compile(r"[^\W\d_]")
# Labels of related, most-read and comment widgets that trafilatura leaves under the text.
_WIDGET_LABEL = re.compile(
    r"^\s*(?:must\s*read|close|tutup|lihat semua|selengkapnya|load more|muat lebih banyak"
    r"|tampilkan lebih banyak|show more|loading\.*)\s*$",
    re.IGNORECASE,
)
_RELATED_HEADING = re.compile(
    r"^\s*(?:(?:berita|artikel|tulisan|postingan|topik|tag)\s+(?:terkait|lainnya)"
    r"|related\s+(?:posts?|articles?|stories))\s*:?\s*$",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
_BULLET = re.compile(r"^\s*[-•·*]\s*")


def _drop_lines(text: str, pattern: re.Pattern[str]) -> str:
    return "\n".join(line for line in text.split("\n") if not pattern.match(line))


def _cut_inline_read_also(line: str, start: int, end: int, link_texts: Iterable[str]) -> str:
    """Remove "Baca juga: <title>" found at ``start:end`` inside a paragraph line."""
    rest = line[end:]
    titles = [t for t in link_texts if t and rest.startswith(t)]
    if titles:
        return (line[:start].rstrip() + " " + rest[len(max(titles, key=len)) :].lstrip()).strip()
    if _SENTENCE_BREAK.search(rest) is None:
        # The label runs to the end of the line: the rest is the linked title.
        return line[:start].rstrip()
    # Without the link we cannot tell the title from the paragraph; drop only the label.
    return (line[:start] + " " + rest).strip()


def mentions_read_also(text: str) -> bool:
    """Whether ``text`` has a "Baca juga"-style label (then the page's link texts are needed)."""
    return _READ_ALSO_WORDS.search(text) is not None


def remove_read_also(text: str, link_texts: Iterable[str] = ()) -> str:
    """Drop "Baca juga" lines; inside a paragraph drop the label and its linked title.

    ``link_texts`` are the page's anchor texts; they tell where a merged title ends.
    """
    links = [t.strip() for t in link_texts]
    kept = []
    for line in text.split("\n"):
        if _READ_ALSO_LINE.match(line):
            continue
        match = _READ_ALSO_INLINE.search(line)
        while match is not None:
            if _is_label(match):
                line = _cut_inline_read_also(line, match.start(), match.end(), links)
                match = _READ_ALSO_INLINE.search(line)
            else:
                match = _READ_ALSO_INLINE.search(line, match.end())
        kept.append(line)
    return "\n".join(kept)


def _is_label(match: re.Match[str]) -> bool:
    """Whether a "baca juga" inside a paragraph is the widget's label, not the verb in prose.

    The label is capitalised ("Baca juga", "BACA JUGA") or followed by its separator ("baca
    juga:"); "warga bisa lihat juga jadwalnya" is a sentence.
    """
    words = match.group(0).strip(" [(")
    return bool(match.group("sep")) or words[:1].isupper()


def remove_gambas(text: str) -> str:
    """Drop CNN Indonesia's "[Gambas:...]" embed placeholders."""
    return _GAMBAS.sub("", text)


def remove_ad_markers(text: str) -> str:
    """Drop lines that are only an advertisement marker."""
    return _drop_lines(text, _AD_LINE)


def remove_blogger_remnants(text: str) -> str:
    """Drop the footer lines of Blogger (blogspot) templates."""
    return _drop_lines(text, _BLOGGER_LINE)


def remove_share_widgets(text: str) -> str:
    """Drop share-button rows ("Bagikan", "Share this:", "Facebook Twitter") and counters."""
    return _drop_lines(text, _SHARE_LINE)


def _is_date_line(line: str) -> bool:
    body = _BULLET.sub("", line).strip(" .,|")
    return len(body) <= 60 and is_date_only(body)


def remove_date_lines(text: str) -> str:
    """Drop lines holding only a date (lists of related articles, a repeated timestamp)."""
    return "\n".join(line for line in text.split("\n") if not _is_date_line(line))


def _is_footer_line(line: str) -> bool:
    if _COPYRIGHT_LINE.match(line):
        return True
    return len(line.split()) <= _CONTACT_MAX_WORDS and _ADDRESS.search(line) is not None


def remove_footer_lines(text: str) -> str:
    """Drop copyright notices and the outlet's own short contact lines."""
    return "\n".join(line for line in text.split("\n") if not _is_footer_line(line))


def remove_symbol_lines(text: str) -> str:
    """Drop lines with no letter at all (bullets, list numbers, separators)."""
    return "\n".join(line for line in text.split("\n") if _LETTER.search(line))


def _is_debris(line: str) -> bool:
    return bool(_RELATED_HEADING.match(line) or _WIDGET_LABEL.match(line))


def remove_trailing_debris(text: str) -> str:
    """Drop widget labels and related-box headings after the text ("MustRead", "Berita Terkait")."""
    lines = text.rstrip("\n").split("\n")
    while lines and _is_debris(lines[-1]):
        lines.pop()
    return "\n".join(lines)


def _norm(value: str) -> str:
    return " ".join(value.split()).lower()


def remove_captions(text: str, captions: Iterable[str]) -> str:
    """Drop lines (of three words or more) found inside a caption or photo credit of the page."""
    texts = [_norm(c) for c in captions if c.strip()]
    if not texts:
        return text
    kept = []
    for line in text.split("\n"):
        normal = _norm(line)
        if len(normal.split()) >= 3 and any(normal in caption for caption in texts):
            continue
        kept.append(line)
    return "\n".join(kept)


def normalise_whitespace(text: str) -> str:
    """Collapse runs of spaces, strip each line, drop empty lines."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# In the order they run, each seeing whole lines; the names are those of :mod:`.rules`.
LINE_RULES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("gambas", remove_gambas),
    ("ad_markers", remove_ad_markers),
    ("blogger", remove_blogger_remnants),
    ("share_widgets", remove_share_widgets),
    ("date_lines", remove_date_lines),
    ("footer_lines", remove_footer_lines),
    ("symbol_lines", remove_symbol_lines),
    ("trailing_debris", remove_trailing_debris),
)


def clean_text(text: str, link_texts: Iterable[str] = (), off: frozenset[str] = frozenset()) -> str:
    """All the rules above but those named in ``off``, in an order where each sees whole lines."""
    text = normalise_whitespace(text)
    if "read_also" not in off:
        text = remove_read_also(text, link_texts)
    for name, rule in LINE_RULES:
        if name not in off:
            text = rule(text)
    return normalise_whitespace(text)
