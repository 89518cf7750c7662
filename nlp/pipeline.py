"""The tagging pipeline and :class:`Tagger`, the one entry point the crawler and ``pantau tag`` use.

``build_pipeline()`` is ``spacy.blank("id")`` plus, in order:

1. ``sentencizer`` — sentence boundaries, for "same sentence" rules and per-agency sentiment; 2.
   ``pantau_ruler`` (a ``span_ruler``) — phrase patterns from ``nlp/data/patterns.jsonl`` (generated
   by ``python -m nlp.build_patterns``), matched on ``LOWER``, overlapping matches kept in
   ``doc.spans["pantau_ruler"]``; the pattern data is loaded through the ruler's ``initialize``,
   never stored in ``config.cfg``; 3. ``pantau_agency_resolver`` (:mod:`nlp.agencies`) — agency ids
   on ``Doc._.pantau_agencies``; 4. ``pantau_sentiment`` (:mod:`nlp.sentiment`) — lexicon cues and
   sentiment on ``Doc._.pantau_cues`` / ``Doc._.pantau_sentiment``.

``pantau_officials`` and ``pantau_quotes`` (people with roles, direct quotes and their speakers)
run after the resolver; the sentiment component combines the trained models (``nlp/data``, see
the model card) with the lexicon. Each is a factory writing its own ``Doc._.pantau_*`` attribute,
and the :class:`Tagger` only reads those results.

**Offsets and titles.** ``Mention.start``/``end`` are character offsets into the ``text`` passed to
:meth:`Tagger.tag` (for an article, ``article.text``). The title is tagged as a separate doc: an
agency named in the title is listed in ``agencies`` (first, since the title says what the story is
about) and the title's sentences count, ``title_weight`` times, in its sentiment, but its title
occurrences are *not* in ``mentions`` because they are not in ``text``; an agency named only in the
title has ``mentions == []``. The title's regions are also context for units without a region in the
body.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from nlp.agencies import NASIONAL, RULER_KEY, UNKNOWN, AgencyResolver, RegionContext
from nlp.build_patterns import PATTERNS_FILE
from nlp.build_patterns import build as build_patterns
from nlp.dateline import dateline_places
from nlp.extensions import register_extensions
from nlp.officials import people_of
from nlp.quotes import quotes_of
from nlp.regions import DATA_DIR
from nlp.ruler import FACTORY as RULER_FACTORY
from nlp.sentencizer import FACTORY as SENTENCIZER_FACTORY
from nlp.sentiment import SentimentScorer
from nlp.tokenizer_cache import ChunkCachingTokenizer
from nlp.units import load_override
from pantau.models import AgencyRef, Annotation, Article, Mention, Sentiment

logger = logging.getLogger(__name__)

RULER_NAME = "pantau_ruler"
RESOLVER_NAME = "pantau_agency_resolver"
SENTIMENT_NAME = "pantau_sentiment"
OFFICIALS_NAME = "pantau_officials"
QUOTES_NAME = "pantau_quotes"
# Abbreviations that precede region names and titles; kept as one token so that the sentencizer does
# not end a sentence at their dot ("Kab. Bekasi", "Pj. Wali Kota").
_ABBREVIATIONS = ("Kab.", "Prov.", "Pj.", "Plt.", "Kec.", "Kel.")


def _read_patterns(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def build_pipeline(
    *,
    patterns_path: Path = PATTERNS_FILE,
    data_dir: Path | None = None,
    agencies_path: Path | None = None,
    tone_models: bool = True,
) -> Language:
    """A fresh pipeline; call once per process (or per worker) and reuse it.

    ``agencies_path`` is a user's agencies.yaml (local bodies and aliases, see nlp/README.md); with
    it the patterns are built from the data plus the override instead of read from
    ``patterns_path``. ``tone_models=False`` leaves out the doc-level and agency tone models
    (sentence scores only): for training them (``nlp.train.sentiment_stack``).
    """
    register_extensions()
    nlp = spacy.blank("id")
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        raise TypeError(f"unexpected tokenizer {tokenizer!r}")
    for abbreviation in _ABBREVIATIONS:
        for variant in sorted({abbreviation, abbreviation.lower(), abbreviation.upper()}):
            tokenizer.add_special_case(variant, [{ORTH: variant}])
    nlp.tokenizer = ChunkCachingTokenizer(tokenizer)  # same tokens, spaCy's cache filled
    # spaCy's sentencizer rule on arrays (nlp/sentencizer.py), under spaCy's name.
    nlp.add_pipe(SENTENCIZER_FACTORY, name="sentencizer")
    ruler = nlp.add_pipe(
        RULER_FACTORY,  # spaCy's span_ruler, its matches sorted as tuples (nlp/ruler.py)
        name=RULER_NAME,
        config={"spans_key": RULER_KEY, "phrase_matcher_attr": "LOWER", "overwrite": True},
    )
    if not isinstance(ruler, SpanRuler):
        raise TypeError(f"unexpected ruler {ruler!r}")
    if agencies_path is not None:
        patterns = build_patterns(data_dir or DATA_DIR, load_override(agencies_path))
    else:
        patterns = _read_patterns(patterns_path)
    ruler.initialize(lambda: [], nlp=nlp, patterns=patterns)
    nlp.add_pipe(
        RESOLVER_NAME,
        config={
            "data_dir": str(data_dir) if data_dir else None,
            "overrides": str(agencies_path) if agencies_path else None,
        },
    )
    nlp.add_pipe(OFFICIALS_NAME)
    nlp.add_pipe(QUOTES_NAME)
    no_models = {"stack_path": "", "agency_path": ""}
    nlp.add_pipe(SENTIMENT_NAME, config={} if tone_models else no_models)
    logger.debug("built pipeline %s", nlp.pipe_names)
    return nlp


class Tagger:
    """Tags texts with agencies and sentiment.

    Build one per process and reuse it: building takes about 2 s, almost all of it spaCy's own
    Indonesian tokenizer exceptions; tagging is about a millisecond per 600-word article.
    """

    def __init__(self, nlp: Language | None = None, *, agencies_path: Path | None = None) -> None:
        self.nlp = nlp if nlp is not None else build_pipeline(agencies_path=agencies_path)
        resolver = self.nlp.get_pipe(RESOLVER_NAME)
        scorer = self.nlp.get_pipe(SENTIMENT_NAME)
        if not isinstance(resolver, AgencyResolver) or not isinstance(scorer, SentimentScorer):
            raise TypeError(f"not a Pantau pipeline: {self.nlp.pipe_names}")
        self.resolver = resolver
        self.scorer = scorer

    def tag(
        self,
        text: str,
        *,
        title: str | None = None,
        location: str | None = None,
        region: str | None = None,
    ) -> Annotation:
        """Annotate one text.

        ``location`` is the dateline place ("KOTA BEKASI"; without it, the dateline the text opens
        with, see ``nlp/dateline.py``), ``region`` a default region for the source (a slug such as
        ``kab-bekasi`` or a name); both only help resolve units whose region the text leaves open.
        """
        lookup = self.resolver.gazetteer.lookup
        place = lookup(location) if location else self._dateline(text)
        context = RegionContext(location=place, region=lookup(region))
        title_doc = self._run(title, context) if title else None
        if title_doc is not None:
            context = replace(context, title=self._regions_of(title_doc))
        return self._annotation(self._run(text, context), title_doc)

    def tag_many(
        self,
        items: Iterable[tuple[str, str]],
        *,
        region: str | None = None,
        batch_size: int = 64,
    ) -> Iterator[tuple[str, Annotation]]:
        """Batch mode over ``(id, text)`` pairs via ``nlp.pipe``; yields ``(id, annotation)``.

        Ids and order are kept. Batch items carry no title, so units without a written region
        resolve from their sentence, the dateline the text opens with, else the caller's
        ``region`` (else ``unknown``).
        """
        default = self.resolver.gazetteer.lookup(region)

        def docs() -> Iterator[tuple[Doc, str]]:
            for item_id, text in items:
                doc = self.nlp.make_doc(text)
                doc._.pantau_context = RegionContext(location=self._dateline(text), region=default)
                yield doc, item_id

        for doc, item_id in self.nlp.pipe(docs(), as_tuples=True, batch_size=batch_size):
            yield item_id, self._annotation(doc, None)

    def annotate_article(self, article: Article, *, region: str | None = None) -> Annotation:
        """Tag an article's text with its title, dateline ``location`` and the outlet's
        ``region``."""
        return self.tag(
            article.text, title=article.title or None, location=article.location, region=region
        )

    def annotate_articles(
        self, articles: Sequence[tuple[Article, str | None]], *, batch_size: int = 64
    ) -> list[Annotation]:
        """:meth:`annotate_article` over ``(article, region)`` pairs, batched through ``nlp.pipe``.

        The same annotations as one call per article, in order: the titles go through the pipeline
        first, because a title's regions are context for its text, then the texts.
        """
        lookup = self.resolver.gazetteer.lookup
        contexts = [
            RegionContext(location=lookup(article.location), region=lookup(region))
            for article, region in articles
        ]
        titled = [i for i, (article, _) in enumerate(articles) if article.title]
        title_docs = self._pipe([(articles[i][0].title, contexts[i]) for i in titled], batch_size)
        titles = dict(zip(titled, title_docs, strict=True))
        for i, title_doc in titles.items():
            contexts[i] = replace(contexts[i], title=self._regions_of(title_doc))
        texts = [(article.text, contexts[i]) for i, (article, _) in enumerate(articles)]
        docs = self._pipe(texts, batch_size)
        return [self._annotation(doc, titles.get(i)) for i, doc in enumerate(docs)]

    def _pipe(self, texts: list[tuple[str, RegionContext]], batch_size: int) -> list[Doc]:
        docs = [self.nlp.make_doc(text) for text, _ in texts]
        for doc, (_, context) in zip(docs, texts, strict=True):
            doc._.pantau_context = context
        return list(self.nlp.pipe(docs, batch_size=batch_size))

    def _dateline(self, text: str) -> frozenset[str]:
        """Regions of the dateline the text opens with (``nlp.dateline``), when no ``location``
        was given: the first candidate the gazetteer knows."""
        for place in dateline_places(text):
            found = self.resolver.gazetteer.lookup(place)
            if found:
                return found
        return frozenset()

    def _run(self, text: str, context: RegionContext) -> Doc:
        doc = self.nlp.make_doc(text)
        doc._.pantau_context = context
        return self.nlp(doc)

    def _regions_of(self, doc: Doc) -> frozenset[str]:
        """Regions a title names: its resolved agencies' regions and place names written with a
        kind."""
        regions = {hit.id.split("/", 1)[0] for hit in doc._.pantau_agencies}
        regions |= {span.id_ for span in doc.spans[RULER_KEY] if span.label_ == "REGION"}
        return frozenset(regions - {UNKNOWN, NASIONAL})

    def parse(self, text: str) -> Doc:
        """The annotated doc of ``text`` alone (context: the dateline it opens with), as
        :meth:`tag` sees it; for training and measuring the tone models."""
        return self._run(text, RegionContext(location=self._dateline(text)))

    def agency_sentences(
        self, doc: Doc, title_doc: Doc | None = None
    ) -> dict[str, set[tuple[bool, int]]]:
        """Per agency id, in order of first mention (title first), the ``(in_title, sentence)``
        that speak of it: the sentences naming it and those of its officials' quotes."""
        sentences: dict[str, set[tuple[bool, int]]] = {}
        for in_title, source in ((True, title_doc), (False, doc)):
            for hit in source._.pantau_agencies if source is not None else ():
                sentences.setdefault(hit.id, set()).add((in_title, hit.sent))
        # An official's quote speaks for its agency: its sentences count in the agency's tone.
        for quote in doc._.pantau_quotes or []:
            if quote.agency_id in sentences:
                found = self.scorer.sentences_between(doc, quote.start_char, quote.end_char)
                sentences[quote.agency_id] |= {(False, number) for number in found}
        return sentences

    def _annotation(self, doc: Doc, title_doc: Doc | None) -> Annotation:
        refs: dict[str, AgencyRef] = {}
        for in_title, source in ((True, title_doc), (False, doc)):
            for hit in source._.pantau_agencies if source is not None else ():
                ref = refs.setdefault(hit.id, AgencyRef(id=hit.id, name=hit.name))
                if not in_title:
                    ref.mentions.append(
                        Mention(start=hit.start_char, end=hit.end_char, text=hit.text)
                    )
        sentences = self.agency_sentences(doc, title_doc)
        tones = self.scorer.agency_tones(doc, title_doc, {key: sentences[key] for key in refs})
        for agency_id, ref in refs.items():
            ref.sentiment = tones[agency_id]
        return Annotation(
            agencies=list(refs.values()),
            people=people_of(doc._.pantau_people or []),
            quotes=quotes_of(doc._.pantau_quotes or []),
            sentiment=self._sentiment(doc, title_doc),
        )

    def _sentiment(self, doc: Doc, title_doc: Doc | None) -> Sentiment:
        """The article's tone: the component's own result when there is no title to add."""
        own: Sentiment | None = doc._.pantau_sentiment
        if title_doc is None and own is not None:
            return own
        return self.scorer.combine(doc, title_doc)
