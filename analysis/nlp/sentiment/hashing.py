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
def _count_tokens(buf, offsets):
    """Tokens in all texts: each text is its tokens joined by single spaces."""
    n_tokens = 0
    for j in range(offsets.shape[0] - 1):
        if offsets[j + 1] > offsets[j]:
            n_tokens += 1
            for p in range(offsets[j], offsets[j + 1]):
                if buf[p] == 32:
                    n_tokens += 1
    return n_tokens


@njit(cache=True)
def _token_bounds(buf, a, b, starts, ends):
    """Fill ``starts``/``ends`` with the byte range of each token of ``buf[a:b]``; returns
    the number of tokens."""
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
    return n_tok


@njit(cache=True)
def _text_grams(buf, a, b, n_max, big, starts, ends, grams):
    """Hash every 1..``n_max``-gram of the text ``buf[a:b]`` at size ``big`` into
    ``grams[n - 1, start]``; returns the number of tokens."""
    n_tok = _token_bounds(buf, a, b, starts, ends)
    for n in range(1, n_max + 1):
        for i in range(n_tok - n + 1):
            grams[n - 1, i] = _index(_murmur3_32(buf, starts[i], ends[i + n - 1]), big)
    return n_tok


N_BITS = 3  # a sort key is a gram's index and its length n (n < 2**N_BITS)


RADIX_BITS = 8  # a radix sort's digit
RADIX_FROM = 48  # keys from which a radix sort beats the comparison sort (measured)


@njit(cache=True)
def _sorted_keys(grams, n_tok, n_max, keys, key_bits, spare, counts):
    """Every 1..``n_max``-gram of the text as ``index << N_BITS | n`` in ``keys``, sorted
    (so by index, each index's grams together); returns how many. One sort serves every
    (n, bits) the text is hashed at (``_spec_row``)."""
    m = 0
    for n in range(1, n_max + 1):
        for i in range(n_tok - n + 1):
            keys[m] = (grams[n - 1, i] << N_BITS) | n
            m += 1
    if m < RADIX_FROM:
        keys[:m].sort()
    else:
        _radix_sort(keys, m, key_bits, spare, counts)
    return m


@njit(cache=True)
def _radix_sort(keys, m, key_bits, spare, counts):
    """Sort the non-negative ``keys[:m]`` (below ``2**key_bits``) in place: least
    significant digit first, ``RADIX_BITS`` at a time, through ``spare``."""
    digit = (1 << RADIX_BITS) - 1
    src, dst = keys, spare
    passes = (key_bits + RADIX_BITS - 1) // RADIX_BITS
    for p in range(passes):
        shift = p * RADIX_BITS
        counts[:] = 0
        for i in range(m):
            counts[(src[i] >> shift) & digit] += 1
        total = 0
        for b in range(digit + 1):
            total, counts[b] = total + counts[b], total
        for i in range(m):
            b = (src[i] >> shift) & digit
            dst[counts[b]] = src[i]
            counts[b] += 1
        src, dst = dst, src
    if passes % 2:
        keys[:m] = spare[:m]


@njit(cache=True)
def _spec_row(keys, n_keys, ngram_max, bits, max_bits, full, row, heads, stops):
    """The text's distinct 1..``ngram_max``-gram indices at size ``2**bits`` (no larger
    than the hashing size ``2**max_bits``), ascending, in ``row[:m]``; returns m.

    The sorted keys give the distinct indices at the hashing size in order. An index at
    the smaller size is the full one's low ``bits`` bits, so the full indices fall into
    ``2**(max_bits - bits)`` ascending runs (one per value of the high bits), which are
    merged; with more than eight runs they are sorted instead."""
    k = 0
    for i in range(n_keys):
        if keys[i] & ((1 << N_BITS) - 1) <= ngram_max:
            v = keys[i] >> N_BITS
            if k == 0 or v != full[k - 1]:
                full[k] = v
                k += 1
    shift = max_bits - bits
    if shift == 0:
        row[:k] = full[:k]
        return k
    if shift > 3:
        full[:k] &= (1 << bits) - 1
        full[:k].sort()
        return _distinct(full, k, row)
    return _merge_runs(full, k, bits, 1 << shift, row, heads, stops)


@njit(cache=True)
def _distinct(values, k, row):
    """The distinct values of the sorted ``values[:k]`` in ``row``; returns how many."""
    m = 0
    for i in range(k):
        if m == 0 or values[i] != row[m - 1]:
            row[m] = values[i]
            m += 1
    return m


@njit(cache=True)
def _merge_runs(full, k, bits, runs, row, heads, stops):
    """The distinct low ``bits`` bits of the ascending ``full[:k]``, ascending, in ``row``
    (``runs`` runs, one per value of the high bits, merged); returns how many."""
    p = 0
    for r in range(runs):
        heads[r] = p
        while p < k and (full[p] >> bits) == r:
            p += 1
        stops[r] = p
    mask = (1 << bits) - 1
    m = 0
    while True:
        best, run = -1, -1
        for r in range(runs):
            if heads[r] < stops[r] and (run < 0 or full[heads[r]] & mask < best):
                best, run = full[heads[r]] & mask, r
        if run < 0:
            return m
        heads[run] += 1
        if m == 0 or row[m - 1] != best:
            row[m] = best
            m += 1


@njit(cache=True)
def _scratch(offsets, n_specs, n_max):
    """Working arrays for the longest text: token bounds, gram indices, sort keys (and a
    radix sort's spare keys and digit counts), merge runs, and each spec's row."""
    longest = 1
    for j in range(offsets.shape[0] - 1):
        longest = max(longest, offsets[j + 1] - offsets[j] + 1)
    starts = np.empty(longest, dtype=np.int64)
    ends = np.empty_like(starts)
    grams = np.empty((n_max, longest), dtype=np.int64)  # index at the hashing size
    keys = np.empty(longest * n_max, dtype=np.int64)
    spare, full = np.empty_like(keys), np.empty_like(keys)
    counts = np.empty(1 << RADIX_BITS, dtype=np.int64)
    runs = np.empty((2, 8), dtype=np.int64)  # each run's next and end position
    rows = np.empty((n_specs, longest * n_max), dtype=np.int64)
    return starts, ends, grams, keys, spare, counts, full, runs[0], runs[1], rows


@njit(cache=True)
def _text_rows(buf, a, b, ngram_maxes, bits, max_bits, scratch, sizes):
    """The text ``buf[a:b]``'s distinct sorted indices for every (``ngram_maxes[k]``,
    ``bits[k]``) in ``rows[k, :sizes[k]]`` (``rows``, the last of ``scratch``): its n-grams
    hashed once at ``2**max_bits``, their keys sorted once."""
    starts, ends, grams, keys, spare, counts, full, heads, stops, rows = scratch
    n_max = ngram_maxes.max()
    n_tok = _text_grams(buf, a, b, n_max, 1 << max_bits, starts, ends, grams)
    n_keys = _sorted_keys(grams, n_tok, n_max, keys, max_bits + N_BITS, spare, counts)
    for k in range(ngram_maxes.shape[0]):
        sizes[k] = _spec_row(
            keys, n_keys, ngram_maxes[k], bits[k], max_bits, full, rows[k], heads, stops
        )


@njit(cache=True)
def _hash_texts(buf, offsets, ngram_maxes, bits, max_bits):
    """Sorted unique feature indices per text (CSR indptr and indices), for several
    (``ngram_maxes[k]``, ``bits[k]``) at once: every n-gram is hashed once, at the largest
    size, and an index at a smaller power of two is that index modulo the smaller size
    (``abs(h) % 2**b == (abs(h) % 2**B) % 2**b`` for b <= B; scikit-learn's index of
    -2**31 is 0 at every power of two)."""
    n_texts = offsets.shape[0] - 1
    n_specs = ngram_maxes.shape[0]
    n_max = ngram_maxes.max()
    n_tokens = _count_tokens(buf, offsets)
    indptr = np.zeros((n_specs, n_texts + 1), dtype=np.int64)
    out = np.empty((n_specs, max(n_tokens, 1) * n_max), dtype=np.int32)
    totals = np.zeros(n_specs, dtype=np.int64)
    scratch = _scratch(offsets, n_specs, n_max)
    rows, sizes = scratch[-1], np.zeros(n_specs, dtype=np.int64)
    for j in range(n_texts):
        _text_rows(buf, offsets[j], offsets[j + 1], ngram_maxes, bits, max_bits, scratch, sizes)
        for k in range(n_specs):
            t, m = totals[k], sizes[k]
            out[k, t : t + m] = rows[k, :m]
            totals[k] = t + m
            indptr[k, j + 1] = totals[k]
    return indptr, out, totals


@njit(cache=True)
def _hash_sums(
    buf, offsets, ngram_maxes, bits, max_bits, spec_of, start_of, ratio, coef, bit_spec, bit_of
):
    """Per text and weight set c (features of spec ``spec_of[c]``, weights at
    ``start_of[c]`` in ``ratio`` and ``coef``): the sums over the text's distinct features
    of ratio * coef and of ratio ** 2, added in ascending feature order in float64 (what a
    sparse product with the binary matrix adds); and the number of distinct features of
    spec ``bit_spec`` and how many of them are set in ``bit_of``."""
    n_texts = offsets.shape[0] - 1
    n_sets = spec_of.shape[0]
    n_max = ngram_maxes.max()
    dots = np.zeros((n_texts, n_sets))
    norms = np.zeros((n_texts, n_sets))
    counted = np.zeros(n_texts, dtype=np.int64)
    seen = np.zeros(n_texts, dtype=np.int64)
    n_specs = ngram_maxes.shape[0]
    scratch = _scratch(offsets, n_specs, n_max)
    rows, sizes = scratch[-1], np.zeros(n_specs, dtype=np.int64)
    for j in range(n_texts):
        _text_rows(buf, offsets[j], offsets[j + 1], ngram_maxes, bits, max_bits, scratch, sizes)
        for k in range(n_specs):
            row, m = rows[k], sizes[k]
            for c in range(n_sets):
                if spec_of[c] != k:
                    continue
                dot, norm = 0.0, 0.0
                for i in range(m):
                    r = np.float64(ratio[start_of[c] + row[i]])
                    dot += r * np.float64(coef[start_of[c] + row[i]])
                    norm += r * r
                dots[j, c], norms[j, c] = dot, norm
            if k == bit_spec:
                counted[j] = m
                for i in range(m):
                    seen[j] += bit_of[row[i]]
    return dots, norms, counted, seen


@njit(cache=True)
def _is_word(c):
    """An ASCII byte that ``\\w`` matches: a letter, a digit or an underscore."""
    return (97 <= c <= 122) or (65 <= c <= 90) or (48 <= c <= 57) or c == 95


@njit(cache=True)
def _word_token_end(src, p, end):
    """Where the word token starting at ``p`` ends: ``\\w+(?:'+\\w+)*``, apostrophes
    belonging to it only between word characters ("rock'n'roll", not "dogs'")."""
    while p < end and _is_word(src[p]):
        p += 1
    while p < end and src[p] == 39:
        q = p
        while q < end and src[q] == 39:
            q += 1
        if q == end or not _is_word(src[q]):
            break
        p = q
        while p < end and _is_word(src[p]):
            p += 1
    return p


@njit(cache=True)
def _ascii_tokens(src, src_offsets, out, out_offsets):
    """Each ASCII text ``src[src_offsets[j]:src_offsets[j + 1]]``'s tokens joined by single
    spaces into ``out`` (ending at ``out_offsets[j + 1]``): what ``" ".join`` of the
    regex ``[!?]|\\w+(?:'+\\w+)*``'s ``findall`` gives (``model.token_lists``' tokens),
    without a string per token; returns the bytes written."""
    o = 0
    for j in range(src_offsets.shape[0] - 1):
        p, end = src_offsets[j], src_offsets[j + 1]
        while p < end:
            c = src[p]
            if c == 33 or c == 63:  # "!" or "?": a token of its own
                e = p + 1
            elif _is_word(c):
                e = _word_token_end(src, p, end)
            else:
                p += 1
                continue
            o = _put(out, o, src, p, e, o > out_offsets[j])
            p = e
        out_offsets[j + 1] = o
    return o


@njit(cache=True)
def _put(out, o, src, start, end, spaced):
    """``src[start:end]`` written to ``out`` at ``o``, after a space when ``spaced`` (a
    token or text already written before it); returns where the writing ended."""
    if spaced:
        out[o] = 32
        o += 1
    out[o : o + end - start] = src[start:end]
    return o + end - start


def ascii_tokens(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``joined_tokens`` of the ASCII ``texts``' tokens (``_ascii_tokens``)."""
    src = np.frombuffer("".join(texts).encode("ascii"), dtype=np.uint8)
    src_offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, texts), np.int64, len(texts)), out=src_offsets[1:])
    out = np.empty(2 * len(src) + 1, dtype=np.uint8)  # a space at most per byte
    offsets = np.zeros_like(src_offsets)
    n = _ascii_tokens(src, src_offsets, out, offsets)
    return out[:n], offsets


@njit(cache=True)
def _merge(from_b, buf_a, off_a, buf_b, off_b):
    """Texts in turn from two joined sets: the next of b where ``from_b``, else of a."""
    n = from_b.shape[0]
    out = np.empty(buf_a.shape[0] + buf_b.shape[0], dtype=np.uint8)
    offsets = np.zeros(n + 1, dtype=np.int64)
    ia, ib, o = 0, 0, 0
    for j in range(n):
        if from_b[j]:
            s, e = off_b[ib], off_b[ib + 1]
            out[o : o + e - s] = buf_b[s:e]
            ib += 1
        else:
            s, e = off_a[ia], off_a[ia + 1]
            out[o : o + e - s] = buf_a[s:e]
            ia += 1
        o += e - s
        offsets[j + 1] = o
    return out, offsets


def merged(
    from_b: np.ndarray, a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """One joined set of texts taken in turn from ``b`` where ``from_b`` and from ``a``
    elsewhere (each holding its texts in order)."""
    return _merge(np.asarray(from_b, dtype=np.bool_), a[0], a[1], b[0], b[1])


@njit(cache=True)
def _join_groups(buf, offsets, starts, stops):
    """Text i: texts ``starts[i]`` to ``stops[i]`` (exclusive) joined by single spaces,
    empty ones left out (what joining their token lists end to end gives)."""
    n = starts.shape[0]
    out = np.empty(buf.shape[0] + offsets.shape[0], dtype=np.uint8)
    out_offsets = np.zeros(n + 1, dtype=np.int64)
    o = 0
    for i in range(n):
        for k in range(starts[i], stops[i]):
            if offsets[k + 1] > offsets[k]:
                o = _put(out, o, buf, offsets[k], offsets[k + 1], o > out_offsets[i])
        out_offsets[i + 1] = o
    return out[:o], out_offsets


def joined_groups(
    joined: tuple[np.ndarray, np.ndarray], starts: np.ndarray, stops: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each group of consecutive joined texts (``starts[i]:stops[i]``) as one text, as if
    their token lists were chained."""
    return _join_groups(
        joined[0], joined[1], np.asarray(starts, np.int64), np.asarray(stops, np.int64)
    )


def joined_tokens(token_lists: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Each text's tokens joined by spaces, as one UTF-8 buffer and per-text offsets."""
    encoded = [" ".join(tokens).encode("utf-8") for tokens in token_lists]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


def _spec_arrays(specs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """The specs' n and bits as arrays, after checking the kernels can take them."""
    if not all(1 <= n < 2**N_BITS and 1 <= b <= 31 for n, b in specs):
        msg = f"hashed n-grams take 1 <= n < {2**N_BITS} words and 1..31 bits, not {specs}"
        raise ValueError(msg)
    return (
        np.array([n for n, _ in specs], dtype=np.int64),
        np.array([b for _, b in specs], dtype=np.int64),
    )


def hashed_ngram_sets(
    buf: np.ndarray, offsets: np.ndarray, specs: list[tuple[int, int]]
) -> dict[tuple[int, int], csr_matrix]:
    """Binary hashed word 1..n-grams of the joined texts (float32 CSR) for each
    (n, bits) in ``specs``, from one hashing pass."""
    specs = list(dict.fromkeys(specs))
    ngram_maxes, bits = _spec_arrays(specs)
    indptr, out, totals = _hash_texts(buf, offsets, ngram_maxes, bits, int(bits.max()))
    n_texts = len(offsets) - 1
    matrices = {}
    for k, (_, b) in enumerate(specs):
        indices = out[k, : totals[k]].copy()
        data = np.ones(len(indices), dtype=np.float32)
        matrices[specs[k]] = csr_matrix((data, indices, indptr[k]), shape=(n_texts, 2**b))
    return matrices


def hashed_sums(
    buf: np.ndarray,
    offsets: np.ndarray,
    specs: list[tuple[int, int]],
    weights: tuple[np.ndarray, ...],
    bit_spec: int,
    bit_of: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """``_hash_sums`` for (n, bits) ``specs`` and ``weights`` (spec_of, start_of, ratio,
    coef): what products with ``hashed_ngram_sets``' matrices give, without building
    them."""
    ngram_maxes, bits = _spec_arrays(specs)
    return _hash_sums(buf, offsets, ngram_maxes, bits, int(bits.max()), *weights, bit_spec, bit_of)


def hashed_ngrams(buf: np.ndarray, offsets: np.ndarray, ngram_max: int, bits: int) -> csr_matrix:
    """Binary hashed word 1..``ngram_max``-grams of the joined texts (float32 CSR)."""
    return hashed_ngram_sets(buf, offsets, [(ngram_max, bits)])[(ngram_max, bits)]
