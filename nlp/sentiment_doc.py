"""Every sentence of a doc scored at once: the fast path of :class:`SentimentModel`.

:meth:`SentimentModel.score` featurises one sentence in Python; this module gives the same numbers
(``tests/nlp/test_nlp_sentiment.py`` compares them) for a whole doc in a few numpy calls:

* token strings come from one ``Doc.to_array`` call, not from a ``Token`` object per word;
* a :class:`WordTable` keeps, per distinct normalised word, its unigram columns (plain and negated)
  and the summed weights of its character n-grams, so a word is hashed once per process, not once
  per occurrence; bigram columns are cached by pair of word ids;
* per-sentence sums are differences of cumulative sums over the doc's tokens, so sentences need no
  Python loop; only lexicon cues (a few per doc) are added one by one.

Both caches are bounded and only ever hold what the shipped arrays determine, so results never
depend on what was scored before.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from spacy.attrs import IDX, LENGTH, LOWER, SENT_START
from spacy.tokens import Doc

from nlp.sentiment_features import Featurizer, feature_hash, normalise
from nlp.sentiment_lexicon import LABELS, CueMatch, is_punct
from nlp.sentiment_model import SentimentModel
from pantau.models import SentimentLabel

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ObjectArray = npt.NDArray[np.object_]

# A long crawl meets endless new words (names, typos): past this many the caches start afresh.
_MAX_WORDS = 1 << 19
_MAX_BIGRAMS = 1 << 21
_PAIR_KEY = 1 << 32  # a bigram's cache key is first id * _PAIR_KEY + second id
# New words wait in a dict until this many (or a quarter of the known ones) are merged at once.
_MIN_MERGE = 4096


@dataclass(frozen=True, slots=True)
class DocTokens:
    """A doc's non-space tokens and its sentences as ``(number, first, end)`` ranges over them."""

    shown: list[str]  # lower-cased as written
    tokens: list[str]  # normalised (digits folded), as the model reads them
    ids: IntArray  # :class:`WordTable` ids
    starts: list[int]  # character offsets
    ends: list[int]
    sentences: list[tuple[int, int, int]]  # only sentences with at least one token
    sentence_firsts: IntArray  # the sentences' first and end positions, as arrays
    sentence_ends: IntArray


@dataclass(frozen=True, slots=True)
class DocScores:
    probs: npt.NDArray[np.float32]  # one row per entry of DocTokens.sentences
    cues: list[list[CueMatch]]  # offsets relative to the sentence, as SentimentModel.score gives


class WordTable:
    """Per normalised word: unigram columns and summed char n-gram weights (a cache; see above)."""

    def __init__(self, featurizer: Featurizer, weights_t: npt.NDArray[np.float32]) -> None:
        self.featurizer = featurizer
        self.weights_t = weights_t  # (2**bits, labels)
        self._by_hash: dict[int, tuple[str, int]] = {}  # spaCy LOWER hash -> (lower, id)
        self._clear_keys()
        self._ids: dict[str, int] = {}
        self._bigrams: dict[int, int] = {}
        self.words: list[str] = []
        # Indexed by word id; rows past len(words) are spare room.
        self.plain = np.zeros(1024, dtype=np.int64)
        self.negated = np.zeros(1024, dtype=np.int64)
        self.chars = np.zeros((1024, len(LABELS)))
        self.char_counts = np.zeros(1024)
        self.space = np.zeros(1024, dtype=bool)

    def reserve(self, count: int) -> None:
        """Room for ``count`` new words: ids stay valid until the next call."""
        if len(self.words) + count > _MAX_WORDS or len(self._bigrams) + count > _MAX_BIGRAMS:
            self._by_hash.clear()
            self._clear_keys()
            self._ids.clear()
            self._bigrams.clear()
            self.words.clear()

    def _clear_keys(self) -> None:
        # _by_hash as sorted arrays, up to the last _merge: hash, word id, lower-cased text.
        self._keys = np.zeros(0, dtype=np.uint64)
        self._key_ids = np.zeros(0, dtype=np.int64)
        self._key_texts = np.empty(0, dtype=object)
        self._key_words = np.empty(0, dtype=object)
        # _bigrams likewise: pair key, column.
        self._pair_keys = np.zeros(0, dtype=np.int64)
        self._pair_columns = np.zeros(0, dtype=np.int64)

    def word_id(self, token: str) -> int:
        """The id of a normalised token, added on first sight."""
        found = self._ids.get(token)
        if found is not None:
            return found
        index = len(self.words)
        self._ids[token] = index
        self.words.append(token)
        if index >= len(self.char_counts):
            self.plain = np.concatenate([self.plain, np.zeros_like(self.plain)])
            self.negated = np.concatenate([self.negated, np.zeros_like(self.negated)])
            self.chars = np.concatenate([self.chars, np.zeros_like(self.chars)])
            self.char_counts = np.concatenate([self.char_counts, np.zeros_like(self.char_counts)])
            self.space = np.concatenate([self.space, np.zeros_like(self.space)])
        self.space[index] = not token.strip()
        self.plain[index] = self.featurizer.word_feature(token, False)
        self.negated[index] = self.featurizer.word_feature(token, True)
        grams = self.featurizer.char_features(token)
        self.chars[index] = self.weights_t[grams].sum(axis=0, dtype=np.float64) if grams else 0.0
        self.char_counts[index] = len(grams)
        return index

    def lower(
        self, hashes: npt.NDArray[np.uint64], doc: Doc
    ) -> tuple[ObjectArray, ObjectArray, IntArray]:
        """Lower-cased texts, normalised words and word ids of spaCy ``LOWER`` hashes.

        The hashes met before the last merge are found by one binary search over sorted arrays
        (a dict lookup per token cost a fifth of the tone stage); only newer ones go through the
        dict, and new words are added in token order, as one lookup per token would add them."""
        keys = self._keys
        if len(keys):
            rows = np.minimum(np.searchsorted(keys, hashes), len(keys) - 1)
            missing = np.flatnonzero(keys[rows] != hashes).tolist()
            ids = self._key_ids[rows]
            texts = self._key_texts[rows]
            words = self._key_words[rows]
        else:
            missing = list(range(len(hashes)))
            ids = np.zeros(len(hashes), dtype=np.int64)
            texts = np.empty(len(hashes), dtype=object)
            words = np.empty(len(hashes), dtype=object)
        by_hash = self._by_hash
        for index, key in zip(missing, hashes[missing].tolist(), strict=True):
            text, word = by_hash.get(key) or self._add(key, doc)
            texts[index], ids[index], words[index] = text, word, self.words[word]
        if len(by_hash) - len(keys) > max(_MIN_MERGE, len(keys) // 4):
            self._merge()
        return texts, words, ids

    def _merge(self) -> None:
        """Every hash of the dict into the sorted arrays (rebuilt: amortised over many words)."""
        keys = np.fromiter(self._by_hash, dtype=np.uint64, count=len(self._by_hash))
        order = np.argsort(keys)
        found = list(self._by_hash.values())
        self._keys = keys[order]
        self._key_ids = np.array([word for _, word in found], dtype=np.int64)[order]
        texts = np.empty(len(found), dtype=object)
        texts[:] = [text for text, _ in found]
        self._key_texts = texts[order]
        words = np.empty(len(found), dtype=object)
        words[:] = [self.words[word] for _, word in found]
        self._key_words = words[order]

    def _add(self, key: int, doc: Doc) -> tuple[str, int]:
        text: str = doc.vocab.strings[key]
        found = (text, self.word_id(normalise(text)))
        self._by_hash[key] = found
        return found

    def bigram_columns(self, first: IntArray, second: IntArray) -> IntArray:
        """Hashed columns of the bigrams of word ids ``first[i]``, ``second[i]``; pairs met
        before the last merge by binary search (as :meth:`lower`), newer ones through the dict."""
        keys = first * _PAIR_KEY + second
        known = self._pair_keys
        if len(known):
            rows = np.minimum(np.searchsorted(known, keys), len(known) - 1)
            missing = np.flatnonzero(known[rows] != keys).tolist()
            columns = self._pair_columns[rows]
        else:
            missing = list(range(len(keys)))
            columns = np.zeros(len(keys), dtype=np.int64)
        cache = self._bigrams
        for index, key in zip(missing, keys[missing].tolist(), strict=True):
            column = cache.get(key, -1)
            if column < 0:
                one, two = divmod(key, _PAIR_KEY)
                column = self.featurizer.bigram_feature(self.words[one], self.words[two])
                cache[key] = column
            columns[index] = column
        if len(cache) - len(known) > max(_MIN_MERGE, len(known) // 4):
            pairs = np.fromiter(cache, dtype=np.int64, count=len(cache))
            order = np.argsort(pairs)
            self._pair_keys = pairs[order]
            columns_now = np.fromiter(cache.values(), dtype=np.int64, count=len(cache))
            self._pair_columns = columns_now[order]
        return columns


def doc_tokens(doc: Doc, table: WordTable) -> DocTokens:
    """The doc's tokens and sentences (the whole doc is one sentence without a sentencizer)."""
    table.reserve(len(doc))
    raw = doc.to_array([LOWER, IDX, LENGTH, SENT_START])
    texts, words, ids = table.lower(raw[:, 0].astype(np.uint64, copy=False), doc)  # string ids
    array = raw.astype(np.int64)  # SENT_START is -1, 0 or 1
    # Doc.sents: a sentence starts at every token after the first whose SENT_START is 1.
    opens = array[:, 3] == 1
    if len(opens):
        opens[0] = False
    numbers = np.cumsum(opens)
    kept = np.flatnonzero(~table.space[ids]) if len(ids) else ids
    if len(kept) < len(ids):  # whitespace tokens ("\n\n") are not words
        texts, words, ids, array, numbers = (
            texts[kept],
            words[kept],
            ids[kept],
            array[kept],
            numbers[kept],
        )
    starts = array[:, 1]
    firsts = np.flatnonzero(np.diff(numbers, prepend=-1))
    ends = np.append(firsts[1:], len(ids)) if len(firsts) else firsts
    return DocTokens(
        shown=texts.tolist(),
        tokens=words.tolist(),
        ids=ids,
        starts=starts.tolist(),
        ends=(starts + array[:, 2]).tolist(),
        sentences=list(zip(numbers[firsts].tolist(), firsts.tolist(), ends.tolist(), strict=True)),
        sentence_firsts=firsts,
        sentence_ends=ends,
    )


def negated(tokens: Sequence[str], ends: Sequence[int], featurizer: Featurizer) -> list[int]:
    """Positions in a negation scope (as :meth:`Featurizer.negated`, sentence by sentence)."""
    lexicon = featurizer.matcher.lexicon
    negators = lexicon.negators
    hits = [index for index, token in enumerate(tokens) if token in negators]
    if not hits:
        return []
    flagged: list[int] = []
    sentence = 0
    for index in hits:
        while ends[sentence] <= index:
            sentence += 1
        end = ends[sentence]
        if index + 1 < end and tokens[index + 1] in lexicon.not_negating_before:
            continue
        for scope in range(index + 1, min(index + 1 + lexicon.negation_window, end)):
            if is_punct(tokens[scope]):
                break
            flagged.append(scope)
    return flagged


class DocScorer:
    """Scores every sentence of a doc with a :class:`SentimentModel`'s arrays and lexicon."""

    def __init__(self, model: SentimentModel) -> None:
        self.model = model
        arrays = model.arrays
        self.weights_t = np.ascontiguousarray(arrays.weights.T)
        self.bias = arrays.bias.astype(np.float64)
        self.table = WordTable(model.featurizer, self.weights_t)
        featurizer = model.featurizer
        self._first_words = featurizer.matcher.first_words()
        # Row l: what one unit of cue weight of label l adds to the scaled logits.
        self.cue_rows = np.array([self._lex_row(label) for label in LABELS])

    def _lex_row(self, label: SentimentLabel) -> FloatArray:
        column = feature_hash(f"lex:{label}", self.model.featurizer.bits)
        row: FloatArray = self.weights_t[column].astype(np.float64) / self.model.arrays.temperature
        row[LABELS.index(label)] += self.model.lexicon_prior
        return row

    def tokens(self, doc: Doc) -> DocTokens:
        """The doc's tokens and sentences, read once for :meth:`score`."""
        return doc_tokens(doc, self.table)

    def score(self, doc: DocTokens) -> DocScores:
        table, weights_t, ids = self.table, self.weights_t, doc.ids
        firsts, ends = doc.sentence_firsts, doc.sentence_ends
        columns = table.plain[ids]
        flagged = negated(doc.tokens, ends.tolist(), self.model.featurizer)
        if flagged:
            columns[flagged] = table.negated[ids[flagged]]
        # Bigram i joins tokens i and i + 1 of one sentence; pairs across sentences weigh 0.
        same = np.ones(max(len(ids) - 1, 0), dtype=bool)
        same[ends[:-1] - 1] = False
        pairs = np.flatnonzero(same)
        bigrams = np.zeros((len(same), len(LABELS)))
        if len(pairs):
            bigrams[pairs] = weights_t[table.bigram_columns(ids[pairs], ids[pairs + 1])]
        words = _segment_sums(weights_t[columns].astype(np.float64), firsts, ends)
        words += _segment_sums(bigrams, firsts, ends - 1)
        chars = _segment_sums(table.chars[ids], firsts, ends)
        char_counts = _segment_sums(table.char_counts[ids][:, None], firsts, ends)[:, 0]
        logits = self.bias + words / np.sqrt(2.0 * (ends - firsts) - 1.0)[:, None]
        logits += chars / np.sqrt(np.maximum(char_counts, 1.0))[:, None]
        logits /= self.model.arrays.temperature
        cues = self._cues(doc)
        if any(cues):
            mass = np.zeros((len(firsts), len(LABELS)))  # cue weight per sentence and label
            for row, matches in enumerate(cues):
                for cue in matches:
                    mass[row, LABELS.index(cue.label)] += cue.weight
            logits += mass @ self.cue_rows
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        return DocScores(probs.astype(np.float32), cues)

    def _cues(self, doc: DocTokens) -> list[list[CueMatch]]:
        """Each sentence's lexicon cues."""
        tokens, first_words, find = (
            doc.tokens,
            self._first_words,
            self.model.featurizer.matcher.find,
        )
        return [
            [] if first_words.isdisjoint(tokens[first:end]) else find(tokens[first:end])
            for _, first, end in doc.sentences
        ]

    def explain(
        self,
        tokens: Sequence[str],
        shown: Sequence[str],
        label: SentimentLabel,
        limit: int,
        *,
        skip: Sequence[bool] = (),
    ) -> list[tuple[str, float]]:
        """Words and bigrams of one sentence that pushed it towards ``label``, strongest first.

        ``shown`` are the same tokens as the reader wrote them (``tokens`` have digits folded);
        tokens flagged in ``skip`` (names) are never part of a phrase.
        A phrase's push is its contribution to ``label``'s logit minus the mean of the others'.
        """
        table, weights_t = self.table, self.weights_t
        table.reserve(len(tokens))
        ids = np.array([table.word_id(token) for token in tokens], dtype=np.int64)
        if not len(ids):
            return []
        flags = np.array(self.model.featurizer.negated(tokens), dtype=bool)
        columns = np.where(flags, table.negated[ids], table.plain[ids])
        word_norm = math.sqrt(2 * len(ids) - 1)
        char_norm = math.sqrt(max(float(table.char_counts[ids].sum()), 1.0))
        vectors = weights_t[columns] / word_norm + table.chars[ids] / char_norm
        words = [
            index
            for index, token in enumerate(tokens)
            if not is_punct(token) and not (index < len(skip) and skip[index])
        ]
        kept = set(words)
        pairs = np.array([index for index in words if index + 1 in kept], dtype=np.int64)
        phrases = [shown[index] for index in words]
        phrases += [f"{shown[index]} {shown[index + 1]}" for index in pairs.tolist()]
        bigrams = table.bigram_columns(ids[pairs], ids[pairs + 1])
        found = np.concatenate(
            [vectors[words], weights_t[bigrams].reshape(-1, len(LABELS)) / word_norm]
        )
        if not len(found):
            return []
        target = LABELS.index(label)
        push = found[:, target] - (found.sum(axis=1) - found[:, target]) / (len(LABELS) - 1)
        order = np.argsort(-push, kind="stable")[:limit].tolist()
        # Only phrases that matter next to the strongest one: a long tail of tiny pushes ("di",
        # a place name) explains nothing to a reader.
        floor = max(float(push[order[0]]) * _RELATIVE_FLOOR, 0.0)
        return [(phrases[i], float(push[i])) for i in order if push[i] > floor]


_RELATIVE_FLOOR = 0.4


def _segment_sums(values: FloatArray, firsts: IntArray, ends: IntArray) -> FloatArray:
    """Sums of ``values[first:end]`` per segment (empty segments sum to 0)."""
    totals = np.zeros((len(values) + 1, values.shape[1]))
    np.cumsum(values, axis=0, out=totals[1:])
    result: FloatArray = totals[ends] - totals[firsts]
    return result
