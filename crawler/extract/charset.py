"""Turn fetched HTML bytes into text, the way a browser would.

Order: byte-order mark, then the document's own declaration (``<meta charset>`` or
``<meta http-equiv="Content-Type" content="...; charset=...">``, looked for in the first 4 KiB like
the HTML standard's pre-scan), then strict UTF-8, then charset-normalizer's guess, then
windows-1252.

ISO-8859-1 / latin-1 / US-ASCII declarations are read as windows-1252, as every browser does (WHATWG
Encoding standard): old Indonesian CMS pages declare latin-1 but contain curly quotes in 0x80-0x9F.
"""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

logger = logging.getLogger(__name__)

# The HTML standard's pre-scan looks at the first 1024 bytes; real pages put a long <head> of
# scripts before the meta, so we look a little further.
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels browsers map to windows-1252 (WHATWG Encoding standard, "windows-1252" entry, abridged).
_AS_CP1252 = frozenset(
    {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819", "ibm819"}
)
_FALLBACK = "cp1252"


def _normalise_label(label: str) -> str | None:
    """A Python codec name for an encoding label, or None when Python does not know it."""
    label = label.strip().lower()
    if label in _AS_CP1252:
        return _FALLBACK
    try:
        return codecs.lookup(label).name
    except LookupError:
        logger.debug("unknown charset label %r", label)
        return None


def declared_encoding(data: bytes) -> str | None:
    """The encoding named by a ``<meta>`` in the first bytes of ``data``, as a Python codec name."""
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if match is None:
        return None
    name = _normalise_label(match.group(1).decode("ascii", "replace"))
    # A page can only declare an ASCII-compatible encoding in ASCII; a UTF-16 label there is a lie
    # (the HTML standard says to treat it as UTF-8).
    if name is not None and name.startswith("utf-16"):
        return "utf-8"
    return name


def _guess(data: bytes) -> str:
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return _normalise_label(best.encoding) or _FALLBACK
    return _FALLBACK


def detect_encoding(data: bytes) -> str:
    """The Python codec name to decode ``data`` with (see the module docstring for the order)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    declared = declared_encoding(data)
    if declared is not None and declared != "utf-8":
        return declared
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        # Declared UTF-8 but not valid UTF-8: a CMS template saying utf-8 around windows-1252
        # content is common enough that guessing beats a page of U+FFFD.
        if declared is not None:
            logger.debug("page declares utf-8 but is not; guessing")
        return _guess(data)
    return "utf-8"


def decode_html(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` for HTML bytes; undecodable bytes become U+FFFD rather than failing."""
    encoding = detect_encoding(data)
    text = data.decode(encoding, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, encoding
