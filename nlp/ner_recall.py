"""Recall of government ORG spans in public NER corpora (IndoNLU NERGrit and NERP, IndoLEM NER
UGM and UI): of the organisation spans a real news sentence marks that are Indonesian government
bodies, how many does the agency tagger find (any agency mention overlapping the span)?

"Government" is the corpus provider's ``government_like`` flag in ``ner_org_spans.csv``. We leave
out, on purpose, the spans listed in :data:`OUT_OF_SCOPE` (state companies, party organs, foreign
bodies, parliament's internal organs …) and report them apart, so the figure measures what the
gazetteer should know. Used by ``bench/tagger.py`` and a test that skips without the data.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from nlp.pipeline import Tagger

# Corpus files (full sets, so no sentence is counted twice) and their organisation labels.
CORPORA: dict[str, tuple[str, ...]] = {
    "nergrit_ner-grit/train_preprocess.txt": ("ORGANISATION",),
    "nergrit_ner-grit/valid_preprocess.txt": ("ORGANISATION",),
    "nergrit_ner-grit/test_preprocess.txt": ("ORGANISATION",),
    "nerp_ner-prosa/train_preprocess.txt": ("IND",),
    "nerp_ner-prosa/valid_preprocess.txt": ("IND",),
    "nerp_ner-prosa/test_preprocess.txt": ("IND",),
    "nerugm/nerugm.txt": ("ORGANIZATION",),
    "nerui/nergithub.txt": ("ORGANIZATION",),
}
# Government-like spans we chose not to model, with the reason (matched on the lower-case span).
OUT_OF_SCOPE: tuple[tuple[str, str], ...] = (
    (r"pertamina|\bpln\b|perusahaan listrik|bulog|urusan logistik", "state-owned company"),
    (r"^(badan usaha milik negara|bumn)$", "a kind of company, not a body"),
    (r"partai|fraksi|pemenangan|^dpd (nasdem|partai)|koalisi", "party organ"),
    (r"eropa|korea|dunia|who\b", "foreign or international body"),
    (r"badan kehormatan|badan anggaran|pimpinan dpr|ketua dpr|komisi i+ dpr", "organ of DPR"),
    (r"http|laman ", "a web address"),
    (r"sekretariat gabungan|tim komunikasi|staf khusus|serikat|sekolah perwira", "not a body"),
    (r"^dprd i+$|^kepolisian$|^pengadilan (negeri|tinggi)$|^kejaksaan$", "no region, no id"),
)


@dataclass(frozen=True, slots=True)
class OrgSpan:
    sentence: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class NerRecall:
    found: int = 0
    total: int = 0
    misses: Counter[str] = field(default_factory=Counter)
    left_out: Counter[str] = field(default_factory=Counter)  # reason -> spans

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 0.0


def read_bio(path: Path, labels: tuple[str, ...]) -> Iterator[OrgSpan]:
    """Organisation spans of a token-per-line BIO file, with their sentence joined by spaces."""
    tokens: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0]:
                tokens.append((parts[0], parts[-1]))
                continue
            yield from _spans(tokens, labels)
            tokens = []
    yield from _spans(tokens, labels)


def _spans(tokens: list[tuple[str, str]], labels: tuple[str, ...]) -> Iterator[OrgSpan]:
    if not tokens:
        return
    sentence = " ".join(word for word, _ in tokens)
    offsets, position = [], 0
    for word, _ in tokens:
        offsets.append(position)
        position += len(word) + 1
    start: int | None = None
    for index, (_, tag) in enumerate([*tokens, ("", "O")]):
        inside = tag.startswith("I-") and tag[2:] in labels and start is not None
        if start is not None and not inside:
            end = offsets[index - 1] + len(tokens[index - 1][0])
            yield OrgSpan(sentence, offsets[start], end, sentence[offsets[start] : end])
            start = None
        if tag.startswith("B-") and tag[2:] in labels:
            start = index


def government_spans(ner_dir: Path) -> set[str]:
    with (ner_dir / "ner_org_spans.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["span"].strip().lower()
            for row in csv.DictReader(handle)
            if row["government_like"].strip() == "1"
        }


def out_of_scope(span: str) -> str | None:
    for pattern, reason in OUT_OF_SCOPE:
        if re.search(pattern, span.lower()):
            return reason
    return None


def measure(tagger: Tagger, ner_dir: Path) -> NerRecall:
    """Recall over every occurrence of an in-scope government span in the corpora."""
    wanted = government_spans(ner_dir)
    result = NerRecall()
    for name, labels in CORPORA.items():
        path = ner_dir / name
        if not path.exists():
            continue
        for span in read_bio(path, labels):
            key = span.text.lower()
            if key not in wanted:
                continue
            reason = out_of_scope(key)
            if reason is not None:
                result.left_out[f"{span.text} ({reason})"] += 1
                continue
            result.total += 1
            mentions = [m for a in tagger.tag(span.sentence).agencies for m in a.mentions]
            if any(m.start < span.end and span.start < m.end for m in mentions):
                result.found += 1
            else:
                result.misses[span.text] += 1
    return result
