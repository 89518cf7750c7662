"""Hosts: the outlet id of a URL and whether two URLs belong to the same site.

A site is a registrable domain under the Public Suffix List, *private* section included: every
``*.blogspot.com`` blog is its own site (``blogspot.com`` is a suffix there), as are
``*.wordpress.com`` and the like, so a hoax blog's ``rel=canonical`` to another blog is off-site.
The list is tldextract's bundled snapshot only: no download, no cache directory written, so the
answer is the same on every machine and in CI (no network).
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

import tldextract


@cache
def _extractor() -> tldextract.TLDExtract:
    # Built on first use, not at import: the snapshot parse is a few milliseconds we pay once.
    return tldextract.TLDExtract(
        cache_dir=None,
        suffix_list_urls=(),
        fallback_to_snapshot=True,
        include_psl_private_domains=True,
    )


def host_of(url: str) -> str:
    """Lower-case host of ``url`` without a leading ``www.`` ("" when there is none)."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def registrable_domain(host: str) -> str:
    """ "regional.kompas.com" → "kompas.com"; "bekasikota.go.id" → "bekasikota.go.id";
    "a.blogspot.com" → "a.blogspot.com". An IP address or a bare name is its own site."""
    host = host.lower().rstrip(".").removeprefix("www.")
    parts = _extractor()(host)
    return parts.top_domain_under_public_suffix or host


def same_site(url_a: str, url_b: str) -> bool:
    """Whether two URLs share a registrable domain (loopback hosts compare with their port)."""
    a, b = urlsplit(url_a), urlsplit(url_b)
    if not a.hostname or not b.hostname:
        return False
    if registrable_domain(a.hostname) != registrable_domain(b.hostname):
        return False
    return a.hostname not in ("localhost", "127.0.0.1") or a.port == b.port
