"""The registry of extraction rules: each rule's name and the outlets it was written from.

Every rule that removes or replaces text around trafilatura has a name here, and
``extract(..., off=...)`` switches named rules off. That serves two measurements in
``bench/extraction.py``: a rule's effect (the corpora scored with it off), and the
leave-one-outlet-out view (each outlet's pages scored with the rules written from that outlet's
pages off — a rule that only helps the outlet it was written for is not general).

``written_for`` names the outlets (registrable domains) whose pages a rule was first written
against, as its module docstring tells: the shared real pages (antaranews.com, detik.com,
kompas.com, liputan6.com, okezone.com) or the outlets of the bundled sample site. An empty set
means the rule came from generic markup conventions (Blogger, WordPress, schema.org), not from
one outlet.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    module: str
    written_for: frozenset[str]


def _rule(name: str, module: str, *outlets: str) -> Rule:
    return Rule(name, module, frozenset(outlets))


RULES: tuple[Rule, ...] = (
    # "Baca juga" lines: kompas, okezone and detik ("Lihat juga", "Simak juga") pages.
    _rule("read_also", "cleanup", "kompas.com", "okezone.com", "detik.com"),
    _rule("gambas", "cleanup", "cnnindonesia.com"),
    _rule("ad_markers", "cleanup", "detik.com"),
    _rule("blogger", "cleanup", "sumedangpost.blogspot.com"),
    # liputan6's share row; WordPress' "Share this:" / "Like this:" (the sample site's outlet).
    _rule("share_widgets", "cleanup", "liputan6.com", "wartabekasi.com"),
    _rule("date_lines", "cleanup", "detik.com"),
    _rule("footer_lines", "cleanup", "okezone.com", "detik.com"),
    _rule("symbol_lines", "cleanup", "detik.com"),
    # detik's "MustRead"/"close" labels; the related-box headings of the sample site's templates.
    _rule(
        "trailing_debris",
        "cleanup",
        *("detik.com", "kabarmasa.com", "suarapriangan.net", "wartabekasi.com"),
    ),
    _rule("captions", "body", "liputan6.com", "detik.com"),
    _rule("gallery", "body", "liputan6.com"),
    _rule("header", "body", "detik.com"),
    _rule("lead_in_dateline", "body", "liputan6.com", "kompas.com"),
    _rule("recall_rerun", "body", "kompas.com"),
    _rule("rescue", "rescue"),
    _rule("layout_tables", "layout", "suarapriangan.net"),
    _rule("detik_pubdate", "overrides", "detik.com"),
)
NAMES = frozenset(rule.name for rule in RULES)


def written_for(outlet: str) -> frozenset[str]:
    """The names of the rules written from ``outlet``'s pages."""
    return frozenset(rule.name for rule in RULES if outlet in rule.written_for)
