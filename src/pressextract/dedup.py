"""Duplicate detection for syndicated releases: exact (normalised text hash) and near (word
3-shingles; Broder 1997, "On the resemblance and containment of documents").

Two releases are near-duplicates when the Jaccard similarity of their sets of word 3-shingles is
at least ``threshold`` (``settings.NEAR_DUPLICATE_JACCARD``): a syndicated copy with another
dateline or a footer added passes, two releases written from the same template do not.

The decision is exact, the search is not: MinHash signatures with LSH banding (Leskovec,
Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3) only propose candidates, and each
candidate is verified by the Jaccard similarity of the two shingle sets. A signature estimates
the similarity with a standard error of about 0.05 at 60 functions, so deciding on the estimate
marked pairs at 0.79 (and could miss pairs at 0.81).

A shingle set is kept as the sorted 64-bit hashes of its shingles (``np.uint64`` bytes): two
different shingles of two releases share a hash with probability about n*m/2**64, so the
Jaccard of the hash sets is that of the shingle sets.
"""

from __future__ import annotations

import hashlib
import random
import re

import numpy as np

from .settings import NEAR_DUPLICATE_JACCARD

_WORD = re.compile(r"\w+")
# 15 bands of 4 rows: a pair at Jaccard 0.8 shares a band with probability 1 - (1 - 0.8**4)**15
# = 0.9996 (10 bands of 6 rows gave 0.95), at 0.5 with 0.62, at 0.2 with 0.024. Candidates
# below the threshold cost one exact check each; a missed candidate is a missed copy.
_BANDS, _ROWS = 15, 4
_PERMS = _BANDS * _ROWS
_rng = random.Random(20261126)
_SEEDS = np.array([_rng.getrandbits(64) for _ in range(_PERMS)], dtype=np.uint64)
# Shingles hashed per step of the signature: bounds its temporary memory (_PERMS x 8 bytes each).
_SIGNATURE_BLOCK = 4096


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser (Steele, Lea & Flood 2014), wrapping in uint64: every input bit
    moves every output bit. The hash functions were ``(a*h + b) mod p`` with 32-bit ``a`` and
    ``h``, which never wraps: the shingle with the smallest ``h`` was the minimum under nearly
    every function, so one shared phrase made two unrelated releases "near-copies"."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def fingerprints(text: str) -> tuple[str, bytes]:
    """(sha1 of the normalised text, :func:`shingle_hashes` of its words)."""
    words = _WORD.findall(text.lower())
    exact = hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
    return exact, shingle_hashes(words)


def shingle_hashes(words: list[str]) -> bytes:
    """The word 3-shingles of `words` as sorted, distinct 64-bit hashes (``np.uint64`` bytes, 8
    bytes a shingle). A text of fewer than three words is one shingle."""
    shingles = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
    hashes = np.fromiter((int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big")
                          for s in shingles), dtype=np.uint64, count=len(shingles))
    hashes.sort()
    return hashes.tobytes()


def _array(shingles: bytes) -> np.ndarray:
    return np.frombuffer(shingles, dtype=np.uint64)


def jaccard(a: bytes, b: bytes) -> float:
    """Jaccard similarity of two :func:`shingle_hashes` sets."""
    x, y = _array(a), _array(b)
    if len(x) > len(y):
        x, y = y, x
    if not len(x):
        return 1.0 if not len(y) else 0.0
    at = np.searchsorted(y, x).clip(max=len(y) - 1)
    shared = int(np.count_nonzero(y[at] == x))
    return shared / (len(x) + len(y) - shared)


def minhash(shingles: bytes) -> np.ndarray:
    """MinHash signature of a :func:`shingle_hashes` set: the minimum under each of ``_PERMS``
    independent, well-mixed hash functions (``np.uint64``)."""
    hashes = _array(shingles)
    signature = np.full(_PERMS, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, len(hashes), _SIGNATURE_BLOCK):
        block = hashes[start : start + _SIGNATURE_BLOCK]
        np.minimum(signature, _mix(block[None, :] ^ _SEEDS[:, None]).min(axis=1), out=signature)
    return signature


def band_keys(shingles: bytes) -> list[int]:
    """One LSH key per band of the signature: equal keys make two documents candidates.

    A digest, not hash(): hash() of bytes changes with PYTHONHASHSEED; these keys are the same
    in every run and process."""
    signature = minhash(shingles).tobytes()
    width = 8 * _ROWS
    return [int.from_bytes(hashlib.blake2b(signature[band * width : (band + 1) * width], digest_size=8,
                                           salt=band.to_bytes(16, "big")).digest(), "big")
            for band in range(_BANDS)]


class DedupIndex:
    """Remembers documents; :meth:`check` returns the key of an earlier (near-)copy, or None.

    It grows with the run. Per document: its shingle hashes (8 bytes a distinct shingle, about
    8 bytes a word), its key, an entry in the exact table and 15 in the band tables. On the 2,000
    archive releases (503 words on average): 3.8 KB of hashes and 1.3 KB of tables a release,
    10 MB in all.
    """

    def __init__(self, threshold: float = NEAR_DUPLICATE_JACCARD) -> None:
        self.threshold = threshold
        self.keys: list[str] = []
        self.shingles: list[bytes] = []
        self.exact: dict[int, int] = {}
        self.bands: dict[int, int | list[int]] = {}      # (band, hash of its rows) -> document index(es)

    def check(self, key: str, fingerprint: str | None, shingles: bytes | None) -> str | None:
        """The key of the first indexed copy of this document; None after adding it to the index."""
        exact = int(fingerprint[:16], 16) if fingerprint else None
        if exact is not None and exact in self.exact:
            return self.keys[self.exact[exact]]
        keys = band_keys(shingles) if shingles else []
        candidates: set[int] = set()
        for band_key in keys:
            found = self.bands.get(band_key)
            if found is not None:
                candidates.update(found if isinstance(found, list) else (found,))
        for index in sorted(candidates):                 # the earliest copy, in every run
            if jaccard(shingles, self.shingles[index]) >= self.threshold:
                return self.keys[index]
        self._add(key, exact, shingles or b"", keys)
        return None

    def add(self, key: str, fingerprint: str | None, shingles: bytes | None) -> None:
        """Index a document without looking for copies (rebuilding the index of an earlier run)."""
        self._add(key, int(fingerprint[:16], 16) if fingerprint else None, shingles or b"",
                  band_keys(shingles) if shingles else [])

    def _add(self, key: str, exact: int | None, shingles: bytes, keys: list[int]) -> None:
        index = len(self.keys)
        self.keys.append(key)
        self.shingles.append(shingles)
        if exact is not None:
            self.exact.setdefault(exact, index)
        for band_key in keys:
            found = self.bands.get(band_key)
            if found is None:
                self.bands[band_key] = index
            elif isinstance(found, list):
                found.append(index)
            else:
                self.bands[band_key] = [found, index]
