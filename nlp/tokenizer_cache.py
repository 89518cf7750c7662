"""spaCy's tokenizer, with its cache actually filled on real news text.

spaCy's ``Tokenizer`` caches the tokens of every whitespace-separated chunk ("Kota,", "(Sekda)",
"2023,"), but one flag per call stops all caching for the rest of a text once a special case has
been seen in it ("—", "Hj.", "anak-anak" and the other 15 963 Indonesian exceptions; see the
``has_special`` check in spaCy's ``Tokenizer._save_cached``). Real regional news meet one in their
first lines, so every punctuated chunk after it goes through the affix regexes again on every
article: a 600-word article cost ≈ 4–7 ms to tokenize instead of ≈ 0.6 ms.

:class:`ChunkCachingTokenizer` tokenizes each chunk it has not met before on its own first (a call
in which no earlier special case blocks the cache), then the whole text, which then finds its
chunks in spaCy's own cache. The tokens are spaCy's: the cache only memoises how spaCy splits a
chunk, and ``tests/nlp/test_nlp_pipeline.py`` checks the output equals the plain tokenizer's.
"""

from __future__ import annotations

from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from nlp.extensions import TEXT_KEY

# Chunks remembered as already warmed; past this many a long crawl starts afresh (spaCy's own
# cache keeps what it has, so this only bounds our set).
_MAX_SEEN = 1 << 20


class ChunkCachingTokenizer:
    """Callable like a spaCy tokenizer (``nlp.tokenizer``); wraps one (see the module docstring)."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self._seen: set[str] = set()

    def __call__(self, text: str) -> Doc:
        seen, tokenize = self._seen, self.tokenizer
        if len(seen) > _MAX_SEEN:
            seen.clear()
        # Each new chunk alone (in any order: spaCy caches a chunk's tokens, whatever came before).
        for chunk in set(text.split()) - seen:
            seen.add(chunk)
            tokenize(chunk)
        doc: Doc = tokenize(text)
        doc.user_data[TEXT_KEY] = text  # for nlp.extensions.doc_text
        return doc
