"""One story, many copies: MinHash signatures and an LSH index that give each article a cluster.

An article's signature is a MinHash (datasketch) of its title and text shingles
(:mod:`nlp.shingles`). The :class:`ClusterIndex` holds signatures in a MinHashLSH; a new article
joins the cluster of the most similar indexed article whose estimated Jaccard similarity reaches
the threshold, else it starts its own cluster, whose id is its own article id. So a cluster's id is
the id of the first article of it that Pantau stored, and it never changes afterwards: an article
already in the index keeps the cluster it has.

:data:`THRESHOLD` (0.5) was tuned on the sample site (``bench/clusters.py``): copies of one
release on different outlets score 0.75-1.0 (estimated Jaccard), rewritten
versions and unrelated articles on the same topic at most 0.23.

Of ours this module imports only ``nlp.shingles`` (layering: nlp reaches no further than
``pantau.models``); it holds no state but the index a caller creates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from datasketch import MinHash, MinHashLSH

from nlp.shingles import shingle_hashes

NUM_PERM = 128
THRESHOLD = 0.5
# A fixed seed: signatures computed in different processes and crawls are comparable.
SEED = 1


# datasketch's default scheme, named because a MinHash built on given permutations must say it.
_SCHEME = "affine32"


def signature(title: str, text: str) -> MinHash:
    """The MinHash of an article's title and text shingles."""
    return signature_of(shingle_hashes(title, text))


def signature_of(hashes: Sequence[int]) -> MinHash:
    """The MinHash of shingles already hashed (:func:`nlp.shingles.shingle_hashes`, which an
    extraction worker computes beside the page): the same values as datasketch's own hashing of
    the shingles, whose permutations are drawn once per process instead of once a signature."""
    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        hashfunc=_hashed,
        permutations=_permutations(),
        scheme=_SCHEME,
    )
    minhash.update_batch(hashes)
    return minhash


def _hashed(value: int) -> int:
    return value


@cache
def _permutations() -> Any:
    # Drawing them (numpy's RandomState) cost 0.2 ms of each 2 ms signature.
    return MinHash(num_perm=NUM_PERM, seed=SEED).permutations


@dataclass(frozen=True, slots=True)
class Assignment:
    cluster_id: str
    # The indexed article it was matched to and their estimated Jaccard similarity; None for a
    # new cluster.
    matched: str | None = None
    similarity: float | None = None


class ClusterIndex:
    """Signatures of known articles, queried for each new one (see the module docstring)."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}
        self._clusters: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._clusters)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._clusters

    def cluster_of(self, article_id: str) -> str | None:
        return self._clusters.get(article_id)

    def add(self, article_id: str, cluster_id: str, title: str, text: str) -> None:
        """Index an article whose cluster is already known (loaded from the store)."""
        self._insert(article_id, cluster_id, signature(title, text))

    def assign(
        self, article_id: str, title: str, text: str, *, hashes: Sequence[int] | None = None
    ) -> Assignment:
        """The cluster of an article, indexing it; an indexed article keeps its cluster.
        ``hashes``: its :func:`~nlp.shingles.shingle_hashes`, when already computed."""
        known = self._clusters.get(article_id)
        if known is not None:
            return Assignment(cluster_id=known)
        minhash = signature(title, text) if hashes is None else signature_of(hashes)
        best: tuple[float, str] | None = None
        for candidate in self._lsh.query(minhash):
            similarity = float(minhash.jaccard(self._signatures[candidate]))
            if similarity < self.threshold:
                continue
            # Ties go to the smaller id, so the choice does not depend on the LSH's set order.
            if (
                best is None
                or similarity > best[0]
                or (similarity == best[0] and candidate < best[1])
            ):
                best = (similarity, candidate)
        if best is None:
            self._insert(article_id, article_id, minhash)
            return Assignment(cluster_id=article_id)
        cluster_id = self._clusters[best[1]]
        self._insert(article_id, cluster_id, minhash)
        return Assignment(cluster_id=cluster_id, matched=best[1], similarity=best[0])

    def _insert(self, article_id: str, cluster_id: str, minhash: MinHash) -> None:
        if article_id in self._clusters:
            return
        self._lsh.insert(article_id, minhash)
        self._signatures[article_id] = minhash
        self._clusters[article_id] = cluster_id
