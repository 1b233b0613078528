"""Duplicate detection for syndicated releases: exact (normalised text hash) and near
(MinHash of word 3-shingles with LSH banding; Broder 1997, "On the resemblance and
containment of documents"; Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3).

Two releases are near-duplicates when the estimated Jaccard similarity of their shingle sets is
at least ``threshold`` (``settings.NEAR_DUPLICATE_JACCARD``): a syndicated copy with another dateline or a footer added passes,
two releases written from the same template do not.
"""

from __future__ import annotations

import hashlib
import random
import re
from array import array

import numpy as np

from .settings import NEAR_DUPLICATE_JACCARD

_WORD = re.compile(r"\w+")
_PERMS = 60
_BANDS, _ROWS = 10, 6       # a pair with Jaccard 0.8 shares a band with probability 0.95
_rng = random.Random(20261126)
_SEEDS = np.array([_rng.getrandbits(64) for _ in range(_PERMS)], dtype=np.uint64)


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser (Steele, Lea & Flood 2014), wrapping in uint64: every input bit
    moves every output bit. The hash functions were ``(a*h + b) mod p`` with 32-bit ``a`` and
    ``h``, which never wraps: the shingle with the smallest ``h`` was the minimum under nearly
    every function, so one shared phrase made two unrelated releases "near-copies"."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def fingerprints(text: str) -> tuple[str, bytes]:
    """(sha1 of the normalised text, MinHash signature of its word 3-shingles as bytes)."""
    words = _WORD.findall(text.lower())
    exact = hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
    return exact, minhash(words)


def minhash(words: list[str]) -> bytes:
    shingles = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
    hashes = np.fromiter((int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big")
                          for s in shingles), dtype=np.uint64, count=len(shingles))
    permuted = _mix(hashes[None, :] ^ _SEEDS[:, None])    # one independent hash function per row
    return (permuted.min(axis=1) & np.uint64(0xFFFFFFFF)).astype(np.uint32).tobytes()


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    a, b = array("I", sig_a), array("I", sig_b)
    return sum(x == y for x, y in zip(a, b)) / len(a)


class DedupIndex:
    """Remembers documents; :meth:`check` returns the key of an earlier (near-)copy, or None.

    Compact, because it grows with the run: per document one key, a 240-byte signature in one
    bytearray, and ten integer entries in the band tables (about 1.5 KB in all).
    """

    def __init__(self, threshold: float = NEAR_DUPLICATE_JACCARD) -> None:
        self.threshold = threshold
        self.keys: list[str] = []
        self.signatures = bytearray()
        self.exact: dict[int, int] = {}
        self.bands: dict[int, int | list[int]] = {}      # (band, hash of its rows) -> document index(es)

    @staticmethod
    def _band_keys(signature: bytes) -> list[int]:
        # A digest, not hash(): hash() of bytes changes with PYTHONHASHSEED; these keys are
        # the same in every run and process.
        width = 4 * _ROWS
        return [int.from_bytes(hashlib.blake2b(signature[band * width : (band + 1) * width], digest_size=8,
                                               salt=band.to_bytes(16, "big")).digest(), "big")
                for band in range(_BANDS)]

    def check(self, key: str, fingerprint: str | None, signature: bytes | None) -> str | None:
        exact = int(fingerprint[:16], 16) if fingerprint else None
        if exact is not None and exact in self.exact:
            return self.keys[self.exact[exact]]
        band_keys = self._band_keys(signature) if signature else []
        size = 4 * _PERMS
        for band_key in band_keys:
            found = self.bands.get(band_key)
            for index in (found if isinstance(found, list) else [] if found is None else [found]):
                other = bytes(self.signatures[index * size : (index + 1) * size])
                if similarity(signature, other) >= self.threshold:
                    return self.keys[index]
        index = len(self.keys)
        self.keys.append(key)
        self.signatures += signature if signature else bytes(size)
        if exact is not None:
            self.exact[exact] = index
        for band_key in band_keys:
            found = self.bands.get(band_key)
            if found is None:
                self.bands[band_key] = index
            elif isinstance(found, list):
                found.append(index)
            else:
                self.bands[band_key] = [found, index]
        return None
