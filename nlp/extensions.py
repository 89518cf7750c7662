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


def sentence_index(doc: Doc) -> list[int]:
    """Sentence number of every token (all 0 when no sentencizer ran)."""
    index = [0] * len(doc)
    if not doc.has_annotation("SENT_START"):
        return index
    for number, sent in enumerate(doc.sents):
        index[sent.start : sent.end] = [number] * len(sent)
    return index
