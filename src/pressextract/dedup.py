"""Duplicate detection for syndicated releases: exact (normalised text hash) and near
(MinHash of word 3-shingles with LSH banding; Broder 1997, "On the resemblance and
containment of documents"; Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3).

Two releases are near-duplicates when the estimated Jaccard similarity of their shingle sets is
at least ``threshold`` (0.8): a syndicated copy with another dateline or a footer added passes,
two releases written from the same template do not.
"""

from __future__ import annotations

import hashlib
import random
import re
from array import array

import numpy as np

_WORD = re.compile(r"\w+")
_PRIME = np.uint64((1 << 61) - 1)
_PERMS = 64
_BANDS, _ROWS = 16, 4
_rng = random.Random(20261126)
# (a * h + b) mod p with 32-bit h and a: no overflow in 64 bits.
_A = np.array([_rng.randrange(1, 1 << 32) for _ in range(_PERMS)], dtype=np.uint64)
_B = np.array([_rng.randrange(0, 1 << 32) for _ in range(_PERMS)], dtype=np.uint64)


def fingerprints(text: str) -> tuple[str, bytes]:
    """(sha1 of the normalised text, MinHash signature of its word 3-shingles as bytes)."""
    words = _WORD.findall(text.lower())
    exact = hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
    return exact, minhash(words)


def minhash(words: list[str]) -> bytes:
    shingles = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
    hashes = np.fromiter((int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest(), "big")
                          for s in shingles), dtype=np.uint64, count=len(shingles))
    permuted = (_A[:, None] * hashes[None, :] + _B[:, None]) % _PRIME
    return (permuted.min(axis=1) & np.uint64(0xFFFFFFFF)).astype(np.uint32).tobytes()


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    a, b = array("I", sig_a), array("I", sig_b)
    return sum(x == y for x, y in zip(a, b)) / len(a)


class DedupIndex:
    """Remembers documents; :meth:`check` returns the key of an earlier (near-)copy, or None."""

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        self.exact: dict[str, str] = {}
        self.signatures: dict[str, bytes] = {}
        self.bands: list[dict[bytes, list[str]]] = [{} for _ in range(_BANDS)]

    def check(self, key: str, fingerprint: str | None, signature: bytes | None) -> str | None:
        if fingerprint and fingerprint in self.exact:
            return self.exact[fingerprint]
        if signature:
            width = 4 * _ROWS
            for band, table in enumerate(self.bands):
                for first_key in table.get(signature[band * width : (band + 1) * width], []):
                    if similarity(signature, self.signatures[first_key]) >= self.threshold:
                        return first_key
        if fingerprint:
            self.exact[fingerprint] = key
        if signature:
            self.signatures[key] = signature
            width = 4 * _ROWS
            for band, table in enumerate(self.bands):
                table.setdefault(signature[band * width : (band + 1) * width], []).append(key)
        return None
