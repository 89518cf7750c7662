"""The ``pantau_sentiment`` component: trained model + our lexicon, per sentence, then aggregated.

Every sentence of a doc is scored by :class:`nlp.sentiment_model.SentimentModel` (a linear model
trained on CNBC Indonesia headlines whose features include the cues of our government-news
lexicon, with negation) and gets calibrated probabilities; :class:`nlp.sentiment_doc.DocScorer`
scores all sentences of a doc in one pass with the same numbers. The component writes:

* ``Doc._.pantau_tones`` — one :class:`SentenceTone` per sentence;
* ``Doc._.pantau_cues`` — the lexicon :class:`Cue` s found, with character offsets;
* ``Doc._.pantau_sentiment`` — :meth:`SentimentScorer.combine` of the doc alone.

**Aggregation** (:meth:`SentimentScorer.combine`, used for the article and for each agency): the
sentences' probabilities, lexicon cues and target groups (:mod:`nlp.sentiment_stack`) are summed
with place weights (a title sentence ``title_weight``, the first ``lead_sentences`` body sentences
``lead_weight``, others 1: headlines and leads say what the story is) into a few doc features,
and the doc-level tone model (:class:`nlp.sentiment_stack.StackModel`) gives the label: the tone
towards the government, not the mood of the topic. ``score`` is the label's probability times
``min(1, words / SHORT_TEXT_WORDS)``: a confidence in [0, 1], low for a text too short to judge;
an empty text is neutral with score 0.

**Reasons** (at most :data:`MAX_REASONS`, strongest first): the label's lexicon cues (negated ones
as written, "tidak berhasil") and target phrases of a group that explains the label (complaint
and accountability for negative; achievement and response for positive); only when there is none,
up to two words or bigrams that pushed the most weighty sentences towards the label. Each is
ranked by what it adds to the label's logit times its sentence's weight. Names, numbers, function
words, speech verbs and the words in ``not_reasons`` of ``data/sentiment_targets.yaml`` are never
reasons.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from nlp.extensions import register_extensions
from nlp.sentiment_agency import (
    AGENCY_FEATURES,
    AGENCY_FILE,
    agency_features,
    agency_features_of,
)
from nlp.sentiment_doc import DocScorer, DocTokens
from nlp.sentiment_lexicon import LABELS, LEXICON_FILE, CueMatch, Lexicon
from nlp.sentiment_model import MODEL_FILE, FloatArray, ModelArrays, SentimentModel
from nlp.sentiment_stack import (
    FEATURES,
    REASON_GROUPS,
    STACK_FILE,
    TARGETS_FILE,
    GroupHit,
    ScoredSentence,
    StackModel,
    TargetMatcher,
    doc_features,
    features_of_rows,
)
from nlp.sentiment_stack import FloatArray as Features
from pantau.models import Sentiment, SentimentLabel

logger = logging.getLogger(__name__)

# A reader takes in a handful of reasons; more turns the list into the article.
MAX_REASONS = 5
# Below this many words a text is not evidence enough for a confident label (a headline has ~10).
SHORT_TEXT_WORDS = 10
# Model phrases (only when no listed cue explains a label) come from this many of the sentences
# that weigh most towards the label, and at most this many are shown.
_EXPLAINED_SENTENCES = 2
_MODEL_REASONS = 2


@dataclass(frozen=True, slots=True)
class Cue:
    """One lexicon hit after negation; ``reason`` is what a reader sees ("tidak berhasil")."""

    reason: str
    label: SentimentLabel
    weight: float
    start_char: int
    end_char: int
    sent: int


@dataclass(frozen=True, slots=True)
class SentenceTone:
    sent: int
    start_char: int
    end_char: int
    probs: FloatArray  # in LABELS order
    cues: tuple[Cue, ...]
    tokens: tuple[str, ...]  # normalised, as the model reads them
    shown: tuple[str, ...]  # lower-cased as written, for reasons
    names: tuple[bool, ...] = ()  # per token: inside a place, body or person name (no reason)
    groups: tuple[GroupHit, ...] = ()  # target phrases (nlp.sentiment_stack)

    summary: ScoredSentence | None = None  # what the tone models read (set by the component)

    def scored(self) -> ScoredSentence:
        if self.summary is not None:
            return self.summary
        return _summary(self.probs, self.cues, self.groups, len(self.tokens))


def _summary(
    probs: FloatArray, cues: tuple[Cue, ...], groups: tuple[GroupHit, ...], words: int
) -> ScoredSentence:
    return ScoredSentence.of(probs.tolist(), _cue_mass(cues), groups, words)


def _cue_mass(cues: tuple[Cue, ...]) -> list[float]:
    """Cue weight per label, in LABELS order."""
    mass = [0.0, 0.0, 0.0]
    for cue in cues:
        mass[LABELS.index(cue.label)] += cue.weight
    return mass


class SentimentScorer:
    """The ``pantau_sentiment`` pipeline component (see the module docstring)."""

    def __init__(
        self,
        name: str,
        *,
        model_path: Path = MODEL_FILE,
        lexicon_path: Path = LEXICON_FILE,
        targets_path: Path = TARGETS_FILE,
        stack_path: Path | None = STACK_FILE,
        agency_path: Path | None = AGENCY_FILE,
        title_weight: float = 3.0,
        lead_weight: float = 2.0,
        lead_sentences: int = 2,
    ) -> None:
        register_extensions()
        self.name = name
        self.lexicon = Lexicon.load(lexicon_path)
        self.model = SentimentModel(ModelArrays.load(model_path), self.lexicon)
        self.scorer = DocScorer(self.model)
        self.targets = TargetMatcher(self.lexicon, targets_path)
        # None only while training the stack itself (nlp.train.sentiment_stack reads features).
        self.stack = StackModel.load(stack_path) if stack_path is not None else None
        self.agency_model = (
            StackModel.load(agency_path, AGENCY_FEATURES) if agency_path is not None else None
        )
        self.title_weight = title_weight
        self.lead_weight = lead_weight
        self.lead_sentences = lead_sentences
        # What one unit of a label's cue weight adds to that label's logit against the others.
        rows = self.scorer.cue_rows
        self._cue_push = {
            label: float(rows[i, i] - (rows[i].sum() - rows[i, i]) / (len(LABELS) - 1))
            for i, label in enumerate(LABELS)
        }

    def __call__(self, doc: Doc) -> Doc:
        tokens = self.scorer.tokens(doc)
        scores = self.scorer.score(tokens)
        names = _name_flags(doc, tokens.starts)
        found = [
            self._cues_and_groups(tokens, sentence, matches)
            for sentence, matches in zip(tokens.sentences, scores.cues, strict=True)
        ]
        # What the tone models read of every sentence, built as one array (the same numbers as
        # SentenceTone.scored() builds for one sentence).
        rows = ScoredSentence.rows(
            scores.probs,
            [_cue_mass(cues) for cues, _ in found],
            [groups for _, groups in found],
            [end - first for _, first, end in tokens.sentences],
        )
        starts, ends, shown, words = tokens.starts, tokens.ends, tokens.shown, tokens.tokens
        tones = [
            SentenceTone(
                number,
                starts[first],
                ends[end - 1],
                probs,
                cues,
                tuple(words[first:end]),
                tuple(shown[first:end]),
                tuple(names[first:end]),
                groups,
                ScoredSentence(row),
            )
            for (number, first, end), probs, (cues, groups), row in zip(
                tokens.sentences, scores.probs, found, rows, strict=True
            )
        ]
        doc._.pantau_tones = tones
        doc._.pantau_cues = [cue for tone in tones for cue in tone.cues]
        # Without the doc-level model (training it) the doc's sentiment stays None.
        doc._.pantau_sentiment = self.combine(doc) if self.stack is not None else None
        return doc

    def weighted(
        self,
        doc: Doc,
        title_doc: Doc | None = None,
        sentences: set[tuple[bool, int]] | None = None,
    ) -> list[tuple[SentenceTone, float]]:
        """The sentences ``combine`` reads, with their place weights."""
        return [
            (tone, weight)
            for in_title, tone, weight in self._weighted(doc, title_doc)
            if sentences is None or (in_title, tone.sent) in sentences
        ]

    def combine(
        self,
        doc: Doc,
        title_doc: Doc | None = None,
        sentences: set[tuple[bool, int]] | None = None,
        *,
        reasons: bool = True,
    ) -> Sentiment:
        """Sentiment of ``doc`` (and its title), or of only the ``(in_title, sentence)`` listed;
        ``reasons=False`` skips explaining it (an agency's tone is shown as a label only)."""
        weighted = self.weighted(doc, title_doc, sentences)
        if not weighted:
            return Sentiment(label="neutral", score=0.0, reasons=[])
        features = doc_features([(tone.scored(), weight) for tone, weight in weighted])
        if self.stack is None:
            raise RuntimeError("no doc-level tone model loaded (stack_path=None is for training)")
        probs = self.stack.probs(features)
        label = LABELS[int(np.argmax(probs))]
        words = sum(len(tone.tokens) for tone, _ in weighted)
        confidence = float(probs[LABELS.index(label)]) * min(1.0, words / SHORT_TEXT_WORDS)
        explained = self._reasons(weighted, label) if reasons else []
        return Sentiment(label=label, score=round(confidence, 3), reasons=explained)

    def agency_tone(
        self,
        doc: Doc,
        title_doc: Doc | None,
        sentences: set[tuple[bool, int]],
        agency_id: str,
        *,
        named_first: bool,
        bodies: int,
        story: tuple[Features, int] | None = None,
    ) -> SentimentLabel:
        """The tone towards one agency named in ``sentences`` (see ``nlp/sentiment_agency.py``);
        ``story`` is :meth:`story_features` of the doc, passed in to compute it once per doc."""
        if self.agency_model is None:  # training it: the sentences' own tone
            return self.combine(doc, title_doc, sentences, reasons=False).label
        own = [(tone.scored(), weight) for tone, weight in self.weighted(doc, title_doc, sentences)]
        if not own:
            return "neutral"
        story = story or self.story_features(doc, title_doc)
        features = agency_features(own, story, agency_id, named_first=named_first, bodies=bodies)
        return LABELS[int(np.argmax(self.agency_model.probs(features)))]

    def agency_tones(
        self, doc: Doc, title_doc: Doc | None, sentences: dict[str, set[tuple[bool, int]]]
    ) -> dict[str, SentimentLabel]:
        """:meth:`agency_tone` of every agency in ``sentences`` (in order of first mention, as
        :meth:`nlp.pipeline.Tagger.agency_sentences` gives them), the same labels in one pass:
        the story's sentences are stacked once and each agency picks its rows by index instead of
        filtering every sentence again."""
        if self.agency_model is None:
            return {
                agency_id: self.agency_tone(
                    doc, title_doc, wanted, agency_id, named_first=False, bodies=len(sentences)
                )
                for agency_id, wanted in sentences.items()
            }
        every = list(self._weighted(doc, title_doc))
        position = {(in_title, tone.sent): index for index, (in_title, tone, _) in enumerate(every)}
        if every:
            rows = np.array([tone.scored().row for _, tone, _ in every])
            place = np.array([weight for _, _, weight in every], dtype=np.float64)
            story = (features_of_rows(rows, place), len(every))
        else:
            story = (np.zeros(len(FEATURES)), 0)
        tones: dict[str, SentimentLabel] = {}
        for order, (agency_id, wanted) in enumerate(sentences.items()):
            # Sorted positions: the order weighted() keeps (title first, then by sentence).
            picked = sorted(position[key] for key in wanted if key in position)
            if not picked:
                tones[agency_id] = "neutral"
                continue
            features = agency_features_of(
                features_of_rows(rows[picked], place[picked]),
                len(picked),
                story,
                agency_id,
                named_first=order == 0,
                bodies=len(sentences),
            )
            tones[agency_id] = LABELS[int(np.argmax(self.agency_model.probs(features)))]
        return tones

    def story_features(self, doc: Doc, title_doc: Doc | None) -> tuple[Features, int]:
        """The whole story's doc features and sentence count, as the agency model reads them."""
        story = [(tone.scored(), weight) for tone, weight in self.weighted(doc, title_doc)]
        return doc_features(story) if story else np.zeros(len(FEATURES)), len(story)

    def sentences_between(self, doc: Doc, start_char: int, end_char: int) -> set[int]:
        """Sentence numbers overlapping a character range (a quote, say)."""
        return {
            tone.sent
            for tone in doc._.pantau_tones or []
            if tone.start_char < end_char and start_char < tone.end_char
        }

    def _weighted(
        self, doc: Doc, title_doc: Doc | None
    ) -> Iterable[tuple[bool, SentenceTone, float]]:
        if title_doc is not None:
            for tone in title_doc._.pantau_tones or []:
                yield True, tone, self.title_weight
        for tone in doc._.pantau_tones or []:
            yield False, tone, self.lead_weight if tone.sent < self.lead_sentences else 1.0

    def _cues_and_groups(
        self, tokens: DocTokens, sentence: tuple[int, int, int], matches: list[CueMatch]
    ) -> tuple[tuple[Cue, ...], tuple[GroupHit, ...]]:
        """A sentence's lexicon cues with character offsets, and its target phrases."""
        number, first, end = sentence
        starts, ends = tokens.starts, tokens.ends
        cues = tuple(
            Cue(
                match.reason,
                match.label,
                match.weight,
                starts[first + match.start],
                ends[first + match.end - 1],
                number,
            )
            for match in matches
        )
        return cues, self.targets.find(tokens.tokens[first:end])

    def _reasons(
        self, weighted: list[tuple[SentenceTone, float]], label: SentimentLabel
    ) -> list[str]:
        """Evaluative phrases for ``label``, strongest first (ranking in the module docstring)."""
        mass: dict[str, float] = {}
        prior = self.model.lexicon_prior
        groups = REASON_GROUPS[label]
        for tone, weight in weighted:
            for cue in tone.cues:
                if cue.label == label and self._readable(cue.reason):
                    push = cue.weight * self._cue_push[label] * weight
                    mass[cue.reason] = mass.get(cue.reason, 0.0) + push
            for hit in tone.groups:
                if hit.group in groups and self._readable(hit.reason):
                    mass[hit.reason] = mass.get(hit.reason, 0.0) + prior * weight
        # Routine cues explain neutral ("rapat paripurna"); no model phrase says "why not". Listed
        # cues are evaluative by construction; the model's own words often are not ("armada",
        # "lewat" lean one way in the training data), so they only speak when no cue does.
        if label == "neutral" or mass:
            return sorted(mass, key=lambda reason: -mass[reason])[:MAX_REASONS]
        target = LABELS.index(label)
        ranked = sorted(weighted, key=lambda item: -item[1] * float(item[0].probs[target]))
        for tone, weight in ranked[:_EXPLAINED_SENTENCES]:
            for phrase, push in self._phrases(tone, label):
                mass[phrase] = max(mass.get(phrase, 0.0), push * weight)
        return sorted(mass, key=lambda reason: -mass[reason])[:_MODEL_REASONS]

    def _phrases(self, tone: SentenceTone, label: SentimentLabel) -> list[tuple[str, float]]:
        """The model's words and bigrams for ``label`` in one sentence, readable ones only."""
        # Words of a cue or target of another direction never explain this one ("mangkrak" for
        # positive), nor do backdrop or routine words ("banjir" is the topic, not the verdict).
        other = {w for cue in tone.cues if cue.label != label for w in cue.reason.split()}
        other |= {
            w
            for hit in tone.groups
            if hit.group not in REASON_GROUPS[label]
            for w in hit.reason.split()
        }
        explained = self.scorer.explain(
            tone.tokens, tone.shown, label, MAX_REASONS, skip=tone.names
        )
        return [
            (phrase, push)
            for phrase, push in explained
            if not set(phrase.split()) & other and self._readable(phrase)
        ]

    def _readable(self, phrase: str) -> bool:
        """Not a number, a function word, a speech verb, a place word or another non-reason."""
        words = phrase.split()
        return all(
            (len(word) > 2 and word.isalpha() and word not in self.targets.not_reasons)
            or (index == 0 and len(words) > 1 and word in self.lexicon.negators)
            for index, word in enumerate(words)
        )


def _name_flags(doc: Doc, starts: list[int]) -> list[bool]:
    """Per scored token: does it start inside a span an earlier component marked (a region, an
    agency, an official's name)? Such words are what a story is about, not why it is good or bad
    news: the model may have learnt a lean for "Bekasi" from its headlines, but "Alasan: bekasi"
    explains nothing to a humas officer. Without those components (sentiment alone) no flags."""
    ranges = sorted(
        {(span.start_char, span.end_char) for group in doc.spans.values() for span in group}
        | {(ent.start_char, ent.end_char) for ent in doc.ents}
    )
    if not ranges or not starts:
        return [False] * len(starts)
    begins = np.array([begin for begin, _ in ranges])
    finishes = np.maximum.accumulate(np.array([finish for _, finish in ranges]))
    # The last range opening at or before the token; covered when the furthest end reaches past it.
    at = np.array(starts)
    where = np.searchsorted(begins, at, side="right") - 1
    flags: list[bool] = ((where >= 0) & (finishes[np.maximum(where, 0)] > at)).tolist()
    return flags


@Language.factory(
    "pantau_sentiment",
    default_config={
        "model_path": None,
        "lexicon_path": None,
        "targets_path": None,
        "stack_path": None,
        "agency_path": None,
        "title_weight": 3.0,
        "lead_weight": 2.0,
        "lead_sentences": 2,
    },
)
def make_sentiment(
    nlp: Language,
    name: str,
    model_path: str | None,
    lexicon_path: str | None,
    targets_path: str | None,
    stack_path: str | None,
    agency_path: str | None,
    title_weight: float,
    lead_weight: float,
    lead_sentences: int,
) -> SentimentScorer:
    """Factory; the paths (paths, not data) override the packaged model, lexicon and targets. An
    empty ``stack_path`` / ``agency_path`` loads no tone model (only to train one)."""
    return SentimentScorer(
        name,
        model_path=Path(model_path) if model_path else MODEL_FILE,
        lexicon_path=Path(lexicon_path) if lexicon_path else LEXICON_FILE,
        targets_path=Path(targets_path) if targets_path else TARGETS_FILE,
        stack_path=_model_path(stack_path, STACK_FILE),
        agency_path=_model_path(agency_path, AGENCY_FILE),
        title_weight=title_weight,
        lead_weight=lead_weight,
        lead_sentences=lead_sentences,
    )


def _model_path(value: str | None, packaged: Path) -> Path | None:
    """None: the packaged file; "": no model; otherwise that file."""
    if value is None:
        return packaged
    return Path(value) if value else None
