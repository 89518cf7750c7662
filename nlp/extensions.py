"""The ``Doc._.pantau_*`` extensions our components read and write, and a helper they share.

spaCy raises E090 when an extension is set twice, and building a second pipeline (tests, a worker
pool) must not do that, so registration is guarded and may be called any number of times. We never
use the built-in ``doc.sentiment`` (a float with a different meaning).

* ``pantau_context``   — :class:`nlp.agencies.RegionContext`, set by the caller before the pipeline
* ``pantau_agencies``  — ``list[nlp.agencies.AgencyHit]``, by ``pantau_agency_resolver``
* ``pantau_cues``      — ``list[nlp.sentiment.Cue]`` (lexicon hits), by ``pantau_sentiment``
* ``pantau_tones``     — ``list[nlp.sentiment.SentenceTone]`` per sentence, by ``pantau_sentiment``
* ``pantau_sentiment`` — :class:`pantau.models.Sentiment` of the doc alone, by ``pantau_sentiment``
* ``pantau_people``    — ``list[nlp.officials.PersonMention]``, by ``pantau_officials`` (and the
  speakers ``pantau_quotes`` names)
* ``pantau_quotes``    — ``list[nlp.quotes.QuoteHit]``, by ``pantau_quotes``
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import SENT_START
from spacy.tokens import Doc

EXTENSIONS = (
    "pantau_context",
    "pantau_agencies",
    "pantau_cues",
    "pantau_sentiment",
    "pantau_tones",
    "pantau_people",
    "pantau_quotes",
)


def register_extensions() -> None:
    """Register every ``Doc._.pantau_*`` attribute once (default ``None``: "not computed")."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


# Where nlp.tokenizer_cache leaves the text it tokenized, in ``Doc.user_data``.
TEXT_KEY = "pantau_text"


def sentence_index(doc: Doc) -> list[int]:
    """Sentence number of every token (all 0 when no sentencizer ran), as ``Doc.sents`` numbers
    them: a sentence starts at every token after the first whose ``SENT_START`` is 1."""
    if not len(doc) or not doc.has_annotation("SENT_START"):
        return [0] * len(doc)
    opens = doc.to_array([SENT_START]).astype(np.int64) == 1
    opens[0] = False
    index: list[int] = np.cumsum(opens).tolist()
    return index


def doc_text(doc: Doc) -> str:
    """``doc.text`` without a ``Token`` object per word (which costs ~0.3 ms on a 600-word
    article): the text our tokenizer was given (``nlp.tokenizer_cache``), which spaCy's tokens
    reproduce exactly; checked against the last token's end, else ``doc.text``."""
    text = doc.user_data.get(TEXT_KEY)
    if isinstance(text, str) and len(doc):
        last = doc[-1]
        if len(text) == last.idx + len(last.text_with_ws):
            return text
    whole: str = doc.text
    return whole
