"""Canonical article URLs: the key for ids and for "already stored?" checks.

Rules (DESIGN.md): no tracking parameters, no AMP variant, https, no fragment. Also: lower-case host
without a leading ``www.``, default ports dropped, query parameters sorted. Loopback hosts (the
sample site, tests) keep their scheme and port, since ``https`` would point nowhere there. A URL of
another scheme (``file:`` for ``pantau extract FILE`` without ``--url``) names no web page: it is
kept as it is, without its fragment, so it still points at the file.

Parameters that only pick a view of the same article are dropped as well: ``share=wa``,
``mode=print`` / ``print=1``, ``output=amp``, ``page=1`` (the first page *is* the article;
``page=2`` is real pagination and stays), Blogger's ``m=1`` / ``m=0``.

Two things are deliberately left to the article id (:func:`pantau.models.article_id`) rather than
folded here, because the canonical URL must stay a URL the outlet serves: the host (www./m./amp.
hosts and the port all belong to one outlet) and the trailing slash (WordPress serves
``/slug/``, others ``/slug``). Path case is never folded: paths are case-sensitive on most servers
(Blogger, nginx), and a case variant that a lenient server answers is caught as a moved URL
(same outlet, title, day and text: ``crawler/moved.py``) instead.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that identify a campaign or a click, never a different article.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "ref",
        "ref_src",
        "src",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
        "utm_id",
        "amp",
        "outputType",
        "share",
        "shared",
        "_gl",
        "yclid",
        "twclid",
    }
)
# (parameter, value) pairs that choose a view of the same article, never another article.
VIEW_PARAMS = frozenset(
    {
        ("page", "1"),
        ("mode", "print"),
        ("print", "1"),
        ("print", "true"),
        ("output", "amp"),
        ("output", "print"),
        ("view", "print"),
        ("m", "1"),
        ("m", "0"),
    }
)
_TRACKING_PREFIXES = ("utm_", "_hs", "mtm_", "pk_")
# "/amp/" path segment (WordPress AMP plugin) or a trailing ".amp" / "/amp".
_AMP_SEGMENT = re.compile(r"/amp(?=/|$)")
_LOOPBACK = re.compile(r"^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$")


def is_loopback(host: str) -> bool:
    return bool(_LOOPBACK.match(host))


def canonicalize_url(url: str) -> str:
    """Normalise ``url`` so that every variant of one article maps to one string."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https", ""):
        return urlunsplit(parts._replace(fragment=""))
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    loopback = is_loopback(host)
    scheme = parts.scheme.lower() if loopback else "https"
    netloc = host
    if port is not None and not (port in (80, 443) and not loopback):
        netloc = f"{host}:{port}"
    path = _AMP_SEGMENT.sub("", parts.path) or "/"
    if path.endswith(".amp"):
        path = path[: -len(".amp")]
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k not in TRACKING_PARAMS
        and not k.startswith(_TRACKING_PREFIXES)
        and (k, v.lower()) not in VIEW_PARAMS
    ]
    query.sort()
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***``, for messages and logs: a store URL may carry
    credentials (``https://pantau:secret@es:9200``) that must never be printed."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit((parts.scheme, f"{user}:***@{host}{port}", parts.path, parts.query, ""))


def without_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """(``url`` without its user and password, (user, password) or None)."""
    parts = urlsplit(url)
    if parts.username is None:
        return url, None
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    bare = urlunsplit((parts.scheme, f"{host}{port}", parts.path, parts.query, parts.fragment))
    return bare, (parts.username, parts.password or "")
