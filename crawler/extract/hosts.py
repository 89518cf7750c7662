"""Hosts: the outlet id of a URL and whether two URLs belong to the same site.

No public-suffix list ships with our dependencies, so the registrable domain is the last two labels,
or three under Indonesia's second-level domains (``.co.id``, ``.go.id``, ``.ac.id`` …) and the few
other ``co.*`` style suffixes we meet. Good enough for "is this canonical link on the same site?".
"""

from __future__ import annotations

from urllib.parse import urlsplit

_SECOND_LEVEL = frozenset(
    {
        "co",
        "go",
        "ac",
        "or",
        "web",
        "my",
        "sch",
        "net",
        "mil",
        "biz",
        "desa",
        "ponpes",
        "com",
        "org",
    }
)


def host_of(url: str) -> str:
    """Lower-case host of ``url`` without a leading ``www.`` ("" when there is none)."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def registrable_domain(host: str) -> str:
    """ "regional.kompas.com" → "kompas.com"; "bekasikota.go.id" → "bekasikota.go.id"."""
    labels = host.lower().removeprefix("www.").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def same_site(url_a: str, url_b: str) -> bool:
    """Whether two URLs share a registrable domain (loopback hosts compare with their port)."""
    a, b = urlsplit(url_a), urlsplit(url_b)
    if not a.hostname or not b.hostname:
        return False
    if registrable_domain(a.hostname) != registrable_domain(b.hostname):
        return False
    return a.hostname not in ("localhost", "127.0.0.1") or a.port == b.port
