"""One blank-``id`` pipeline per session: building costs ~2 s (spaCy's tokenizer exceptions)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from nlp.pipeline import Tagger, build_pipeline
from pantau.models import Annotation


@pytest.fixture(scope="session")
def nlp() -> Language:
    return build_pipeline()


@pytest.fixture(scope="session")
def tagger(nlp: Language) -> Tagger:
    return Tagger(nlp)


def ids(annotation: Annotation) -> list[str]:
    return [agency.id for agency in annotation.agencies]
