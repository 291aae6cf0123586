"""Hashed binary word n-grams, compiled: the same matrix as scikit-learn's
``HashingVectorizer(binary=True, alternate_sign=False, norm=None)`` over the same tokens.

A text's tokens are joined by single spaces and encoded once; every n-gram is then a
contiguous slice of those bytes, which is what scikit-learn hashes (MurmurHash3 x86 32-bit,
seed 0, of the UTF-8 of ``" ".join(tokens[i:i + n])``). The hash, the index rule
(``abs(h) % n_features``, with scikit-learn's case for -2**31) and binarisation follow
``sklearn.feature_extraction._hashing_fast``; ``tests/test_hashing.py`` checks the
matrices are equal on real reviews.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from scipy.sparse import csr_matrix

_MASK = 0xFFFFFFFF


@njit(cache=True)
def _rotl(x, r):
    return ((x << r) | (x >> (32 - r))) & _MASK


@njit(cache=True)
def _murmur3_32(buf, start, end):
    """MurmurHash3 x86 32-bit (seed 0) of ``buf[start:end]``, as a signed 32-bit int."""
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = 0
    length = end - start
    nblocks = length // 4
    for b in range(nblocks):
        i = start + 4 * b
        k = buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24)
        k = (k * c1) & _MASK
        k = _rotl(k, 15)
        k = (k * c2) & _MASK
        h ^= k
        h = _rotl(h, 13)
        h = (h * 5 + 0xE6546B64) & _MASK
    tail = start + 4 * nblocks
    rest = length & 3
    k = 0
    if rest == 3:
        k ^= buf[tail + 2] << 16
    if rest >= 2:
        k ^= buf[tail + 1] << 8
    if rest >= 1:
        k ^= buf[tail]
        k = (k * c1) & _MASK
        k = _rotl(k, 15)
        k = (k * c2) & _MASK
        h ^= k
    h ^= length
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _MASK
    h ^= h >> 16
    return h - (1 << 32) if h >= (1 << 31) else h


@njit(cache=True)
def _index(h, n_features):
    if h == -2147483648:
        return (2147483647 - (n_features - 1)) % n_features
    return abs(h) % n_features


@njit(cache=True)
def _hash_texts(buf, offsets, n_min, n_max, n_features):
    """Sorted unique feature indices per text (CSR indptr and indices)."""
    n_texts = offsets.shape[0] - 1
    indptr = np.zeros(n_texts + 1, dtype=np.int64)
    # at most (tokens x n-gram sizes) indices per text; tokens <= bytes / 2 + 1
    out = np.empty((offsets[-1] // 2 + n_texts) * (n_max - n_min + 1), dtype=np.int32)
    starts = np.empty(offsets[-1] // 2 + 2, dtype=np.int64)
    ends = np.empty_like(starts)
    total = 0
    for j in range(n_texts):
        a, b = offsets[j], offsets[j + 1]
        # token starts and ends: the text is its tokens joined by single spaces
        n_tok = 0
        if b > a:
            s = a
            for p in range(a, b):
                if buf[p] == 32:
                    starts[n_tok], ends[n_tok] = s, p
                    n_tok += 1
                    s = p + 1
            starts[n_tok], ends[n_tok] = s, b
            n_tok += 1
        first = total
        for n in range(n_min, n_max + 1):
            for i in range(n_tok - n + 1):
                out[total] = _index(_murmur3_32(buf, starts[i], ends[i + n - 1]), n_features)
                total += 1
        row = np.unique(out[first:total])  # sorted, each feature once (binary)
        out[first : first + row.shape[0]] = row
        total = first + row.shape[0]
        indptr[j + 1] = total
    return indptr, out[:total].copy()


def joined_tokens(token_lists: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Each text's tokens joined by spaces, as one UTF-8 buffer and per-text offsets."""
    encoded = [" ".join(tokens).encode("utf-8") for tokens in token_lists]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


def hashed_ngrams(buf: np.ndarray, offsets: np.ndarray, ngram_max: int, bits: int) -> csr_matrix:
    """Binary hashed word 1..``ngram_max``-grams of the joined texts (float32 CSR)."""
    indptr, indices = _hash_texts(buf, offsets, 1, ngram_max, 2**bits)
    data = np.ones(len(indices), dtype=np.float32)
    return csr_matrix((data, indices, indptr), shape=(len(offsets) - 1, 2**bits))
