"""VADER, exact and compiled: the same compound, pos, neu and neg as vaderSentiment 3.3.

vaderSentiment reads every word through a chain of Python string operations and list
copies. Here each distinct token is looked up once (lexicon valence, booster value, ALL
CAPS, negation, and an id for the few words the rules name), a text becomes an array of
token ids, and the rules run over those arrays in one numba-compiled loop per batch. The
rules are the library's own, step by step and in the same floating-point order
(``sentiment_valence``, ``_negation_check``, ``_special_idioms_check``, ``_least_check``,
``_but_check`` with its first-equal-value quirk, ``score_valence``); the rounding is
Python's ``round`` as in the library. Texts holding an emoji go through the library's own
emoji rewrite first. ``tests/test_vader_exact.py`` checks all four scores against
vaderSentiment to 1e-9 on thousands of real reviews and sentences and on rule edge cases.
"""

from __future__ import annotations

import string

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numba import njit
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)

# the words the rules name, in a fixed order: their ids are constants of the kernel
RULE_WORDS = ("no", "or", "nor", "kind", "of", "never", "so", "this", "without", "doubt")
RULE_WORDS += ("least", "at", "very", "but")
NO, OR, NOR, KIND, OF, NEVER, SO, THIS, WITHOUT, DOUBT, LEAST, AT, VERY, BUT = range(14)
_PUNCT = string.punctuation
_NEGATE = frozenset(NEGATE)
# per token: lexicon valence (NaN: not in the lexicon), booster value (0: not a booster; the
# library's are all +-0.293), ALL CAPS, negation word, rule-word id (-1: none)
_FEATURE_DTYPES = (np.float64, np.float64, np.bool_, np.bool_, np.int32)


def _ngrams(
    table: dict[str, float], size: int, vocab: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """The ``size``-word keys of a table as rows of word ids, and their values."""
    keys = [k.split(" ") for k in table if k.count(" ") == size - 1]
    ids = np.array([[vocab[w] for w in k] for k in keys], dtype=np.int32).reshape(-1, size)
    values = np.array([table[" ".join(k)] for k in keys], dtype=np.float64)
    return ids, values


@njit(cache=True)
def _find(ids: np.ndarray, values: np.ndarray, key: np.ndarray) -> tuple[bool, float]:
    for r in range(ids.shape[0]):
        hit = True
        for c in range(ids.shape[1]):
            if ids[r, c] != key[c]:
                hit = False
                break
        if hit:
            return True, values[r]
    return False, 0.0


@njit(cache=True)
def _negation_check(valence, w, neg, start_i, i):  # noqa: C901 - the library's rule, as it is
    # w: rule-word ids of the text's tokens; neg: whether each token is a negation
    if start_i == 0:  # noqa: SIM102 - kept in the library's shape
        if neg[i - 1]:
            valence = valence * N_SCALAR
    if start_i == 1:
        if w[i - 2] == NEVER and (w[i - 1] == SO or w[i - 1] == THIS):
            valence = valence * 1.25
        elif w[i - 2] == WITHOUT and w[i - 1] == DOUBT:
            valence = valence
        elif neg[i - 2]:
            valence = valence * N_SCALAR
    if start_i == 2:
        if (w[i - 3] == NEVER and (w[i - 2] == SO or w[i - 2] == THIS)) or (
            w[i - 1] == SO or w[i - 1] == THIS
        ):
            valence = valence * 1.25
        elif w[i - 3] == WITHOUT and (w[i - 2] == DOUBT or w[i - 1] == DOUBT):
            valence = valence
        elif neg[i - 3]:
            valence = valence * N_SCALAR
    return valence


@njit(cache=True)
def _special_idioms_check(valence, w, i, n, sc2, sc2v, sc3, sc3v, bo2, bo2v, bo3, bo3v):  # noqa: C901 - the library's rule, as it is
    k2 = np.empty(2, dtype=np.int32)
    k3 = np.empty(3, dtype=np.int32)
    # onezero, twoonezero, twoone, threetwoone, threetwo: the first one that is a case wins
    for seq in range(5):
        if seq == 0:
            k2[0], k2[1] = w[i - 1], w[i]
            hit, v = _find(sc2, sc2v, k2)
        elif seq == 1:
            k3[0], k3[1], k3[2] = w[i - 2], w[i - 1], w[i]
            hit, v = _find(sc3, sc3v, k3)
        elif seq == 2:
            k2[0], k2[1] = w[i - 2], w[i - 1]
            hit, v = _find(sc2, sc2v, k2)
        elif seq == 3:
            k3[0], k3[1], k3[2] = w[i - 3], w[i - 2], w[i - 1]
            hit, v = _find(sc3, sc3v, k3)
        else:
            k2[0], k2[1] = w[i - 3], w[i - 2]
            hit, v = _find(sc2, sc2v, k2)
        if hit:
            valence = v
            break
    if n - 1 > i:
        k2[0], k2[1] = w[i], w[i + 1]
        hit, v = _find(sc2, sc2v, k2)
        if hit:
            valence = v
    if n - 1 > i + 1:
        k3[0], k3[1], k3[2] = w[i], w[i + 1], w[i + 2]
        hit, v = _find(sc3, sc3v, k3)
        if hit:
            valence = v
    # multi-word boosters among threetwoone, threetwo, twoone: each adds its value
    k3[0], k3[1], k3[2] = w[i - 3], w[i - 2], w[i - 1]
    hit, v = _find(bo3, bo3v, k3)
    if hit:
        valence = valence + v
    k2[0], k2[1] = w[i - 3], w[i - 2]
    hit, v = _find(bo2, bo2v, k2)
    if hit:
        valence = valence + v
    k2[0], k2[1] = w[i - 2], w[i - 1]
    hit, v = _find(bo2, bo2v, k2)
    if hit:
        valence = valence + v
    return valence


@njit(cache=True)
def _valences(t, lexval, boost, upper, neg_t, wid, tables):  # noqa: C901 - the library's rules, kept in its order
    sc2, sc2v, sc3, sc3v, bo2, bo2v, bo3, bo3v = tables
    n = t.shape[0]
    w = np.empty(n, dtype=np.int32)
    neg = np.empty(n, dtype=np.bool_)
    n_upper = 0
    for k in range(n):
        w[k] = wid[t[k]]
        neg[k] = neg_t[t[k]]
        if upper[t[k]]:
            n_upper += 1
    cap_diff = 0 < n - n_upper < n
    s = np.zeros(n, dtype=np.float64)
    for i in range(n):
        ti = t[i]
        if boost[ti] != 0:
            continue
        if i < n - 1 and w[i] == KIND and w[i + 1] == OF:
            continue
        if np.isnan(lexval[ti]):
            continue
        valence = lexval[ti]
        if w[i] == NO and i != n - 1 and not np.isnan(lexval[t[i + 1]]):
            valence = 0.0
        if (
            (i > 0 and w[i - 1] == NO)
            or (i > 1 and w[i - 2] == NO)
            or (i > 2 and w[i - 3] == NO and (w[i - 1] == OR or w[i - 1] == NOR))
        ):
            valence = lexval[ti] * N_SCALAR
        if upper[ti] and cap_diff:
            if valence > 0:
                valence += C_INCR
            else:
                valence -= C_INCR
        for start_i in range(3):
            if i > start_i and np.isnan(lexval[t[i - (start_i + 1)]]):
                p = t[i - (start_i + 1)]
                sc = 0.0
                if boost[p] != 0:
                    sc = boost[p]
                    if valence < 0:
                        sc *= -1
                    if upper[p] and cap_diff:
                        if valence > 0:
                            sc += C_INCR
                        else:
                            sc -= C_INCR
                if start_i == 1 and sc != 0:
                    sc = sc * 0.95
                if start_i == 2 and sc != 0:
                    sc = sc * 0.9
                valence = valence + sc
                valence = _negation_check(valence, w, neg, start_i, i)
                if start_i == 2:
                    valence = _special_idioms_check(
                        valence, w, i, n, sc2, sc2v, sc3, sc3v, bo2, bo2v, bo3, bo3v
                    )
        if i > 1 and np.isnan(lexval[t[i - 1]]) and w[i - 1] == LEAST:
            if w[i - 2] != AT and w[i - 2] != VERY:
                valence = valence * N_SCALAR
        elif i > 0 and np.isnan(lexval[t[i - 1]]) and w[i - 1] == LEAST:
            valence = valence * N_SCALAR
        s[i] = valence
    # _but_check, with the library's list.index (the first equal value is the one changed)
    bi = -1
    for k in range(n):
        if w[k] == BUT:
            bi = k
            break
    if bi >= 0:
        for k in range(n):
            value = s[k]
            si = 0
            while s[si] != value:
                si += 1
            if si < bi:
                s[si] = value * 0.5
            elif si > bi:
                s[si] = value * 1.5
    return s


@njit(cache=True)
def _score_valence(s, ep_count, qm_count):  # noqa: C901 - the library's score_valence
    n = s.shape[0]
    if n == 0:
        return 0.0, 0.0, 0.0, 0.0
    sum_s = 0.0
    for k in range(n):
        sum_s += s[k]
    ep = min(ep_count, 4) * 0.292
    qm = 0.0
    if qm_count > 1:
        qm = qm_count * 0.18 if qm_count <= 3 else 0.96
    punct = ep + qm
    if sum_s > 0:
        sum_s += punct
    elif sum_s < 0:
        sum_s -= punct
    compound = sum_s / np.sqrt((sum_s * sum_s) + 15)
    compound = min(max(compound, -1.0), 1.0)
    pos_sum, neg_sum, neu_count = 0.0, 0.0, 0
    for k in range(n):
        if s[k] > 0:
            pos_sum += s[k] + 1
        if s[k] < 0:
            neg_sum += s[k] - 1
        if s[k] == 0:
            neu_count += 1
    if pos_sum > abs(neg_sum):
        pos_sum += punct
    elif pos_sum < abs(neg_sum):
        neg_sum -= punct
    total = pos_sum + abs(neg_sum) + neu_count
    return abs(neg_sum / total), abs(neu_count / total), abs(pos_sum / total), compound


@njit(cache=True)
def _score_batch(ids, offsets, ep, qm, lexval, boost, upper, neg, wid, tables):
    out = np.empty((offsets.shape[0] - 1, 4), dtype=np.float64)
    for j in range(offsets.shape[0] - 1):
        t = ids[offsets[j] : offsets[j + 1]]
        s = _valences(t, lexval, boost, upper, neg, wid, tables)
        out[j, 0], out[j, 1], out[j, 2], out[j, 3] = _score_valence(s, ep[j], qm[j])
    return out


def round_like_python(values: np.ndarray, digits: int) -> np.ndarray:
    """``round(v, digits)`` of each value, exactly as Python rounds, without a Python loop.

    ``rint(v * 10**digits) / 10**digits`` gives Python's result whenever it picks the same
    integer, as the division is correctly rounded in both; it can pick another only where
    ``v * 10**digits`` lies within a rounding error of a half (a tie, or nearly one), and
    there Python's ``round`` itself is used."""
    values = np.asarray(values, dtype=np.float64)
    scale = 10.0**digits
    scaled = values * scale
    out = np.rint(scaled) / scale
    near_tie = np.abs(np.abs(scaled - np.floor(scaled)) - 0.5) < 1e-6
    for i in np.flatnonzero(near_tie | ~np.isfinite(values)):
        out[i] = round(float(values[i]), digits) if np.isfinite(values[i]) else values[i]
    return out


class FastVader:
    """VADER's four scores for many texts at once, equal to ``SentimentIntensityAnalyzer``."""

    def __init__(self) -> None:
        library = SentimentIntensityAnalyzer()
        self.lexicon: dict[str, float] = library.lexicon
        self.emojis: dict[str, str] = library.emojis
        self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)
        words = [w for key in (*SPECIAL_CASES, *BOOSTER_DICT) for w in key.split(" ") if " " in key]
        self._vocab = {w: i for i, w in enumerate(dict.fromkeys((*RULE_WORDS, *words)))}
        self._tables = (
            *_ngrams(SPECIAL_CASES, 2, self._vocab),
            *_ngrams(SPECIAL_CASES, 3, self._vocab),
            *_ngrams(BOOSTER_DICT, 2, self._vocab),
            *_ngrams(BOOSTER_DICT, 3, self._vocab),
        )
        self._types: dict[str, int] = {}  # raw token -> row of the feature arrays
        self._arrays = tuple(np.zeros(1024, dtype=d) for d in _FEATURE_DTYPES)
        self.scores(["warm up the compiled rules: it is GOOD, but not great!"])

    def _row(self, token: str) -> tuple:
        """The token's features (see ``_FEATURE_DTYPES``), read as the library reads it."""
        stripped = token.strip(_PUNCT)
        word = token if len(stripped) <= 2 else stripped
        lower = word.lower()
        return (
            self.lexicon.get(lower, np.nan),
            BOOSTER_DICT.get(lower, 0.0),
            word.isupper(),
            lower in _NEGATE or "n't" in lower,
            self._vocab.get(lower, -1),
        )

    def _add(self, token: str) -> int:
        """The token's row, made on first sight (the arrays grow by doubling)."""
        if token in self._types:  # a new token seen twice in one text
            return self._types[token]
        row = self._types[token] = len(self._types)
        if row == len(self._arrays[0]):
            self._arrays = tuple(np.concatenate([a, np.zeros_like(a)]) for a in self._arrays)
        for array, value in zip(self._arrays, self._row(token), strict=True):
            array[row] = value
        return row

    def _no_emoji(self, text: str) -> str:
        """The library's emoji rewrite: each emoji becomes its description, glued to what
        follows it (a space before it too, which only changes spacing the split ignores)."""
        emojis = self.emojis
        return "".join(f" {emojis[ch]}" if ch in emojis else ch for ch in text)

    def _token_rows(self, texts: list[str]) -> tuple[np.ndarray, ...]:
        """The texts as the compiled rules read them: every token's row (flat), each
        text's offsets into that, and each text's '!' and '?' counts.

        The whitespace split and the factorising of the batch's words run in Arrow (C):
        Arrow's Unicode whitespace is Python's ``str.split()`` whitespace, character for
        character, and the empty strings it gives for leading and trailing whitespace are
        dropped, so the words are ``text.split()``'s. Each distinct word is looked up once
        per batch."""
        emoji = self._emoji_chars
        texts = [t if t.isascii() or emoji.isdisjoint(t) else self._no_emoji(t) for t in texts]
        column = pa.array(texts, type=pa.string())
        lists = pc.utf8_split_whitespace(column)
        flat = pc.list_flatten(lists)
        real = pc.not_equal(flat, "").to_numpy(zero_copy_only=False)
        owner = pc.list_parent_indices(lists).to_numpy()[real]
        offsets = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(owner, minlength=len(texts)), out=offsets[1:])
        words = pc.dictionary_encode(flat.filter(pa.array(real, type=pa.bool_())))
        types, add = self._types, self._add
        rows = np.array(
            [types[w] if w in types else add(w) for w in words.dictionary.to_pylist()],
            dtype=np.int64,
        )
        codes = words.indices.to_numpy(zero_copy_only=False)
        return (
            rows[codes],
            offsets,
            pc.count_substring(column, "!").to_numpy().astype(np.int64),
            pc.count_substring(column, "?").to_numpy().astype(np.int64),
        )

    def raw_scores(self, texts: list[str]) -> np.ndarray:
        """Unrounded (neg, neu, pos, compound) per text, one row each."""
        return _score_batch(*self._token_rows(texts), *self._arrays, self._tables)

    def raw_scores_with_wholes(
        self, parts: list[str], bounds: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Unrounded scores of each part and of each whole made of consecutive parts
        (whole ``g`` is parts ``bounds[g]`` to ``bounds[g + 1]``), each part tokenised once.

        A whole is read as its parts' tokens in turn, with their '!' and '?' counts added:
        what the library reads for a text whose parts are separated by whitespace only
        (``text.split()`` never joins two parts); the caller checks that."""
        flat, offsets, ep, qm = self._token_rows(parts)
        bounds = np.asarray(bounds, dtype=np.int64)
        ep_total = np.concatenate([[0], np.cumsum(ep)])
        qm_total = np.concatenate([[0], np.cumsum(qm)])
        wholes = _score_batch(
            flat,
            offsets[bounds],
            np.diff(ep_total[bounds]),
            np.diff(qm_total[bounds]),
            *self._arrays,
            self._tables,
        )
        return _score_batch(flat, offsets, ep, qm, *self._arrays, self._tables), wholes

    @staticmethod
    def rounded(raw: np.ndarray) -> np.ndarray:
        """(neg, neu, pos, compound) rounded as the library rounds them (``round_like_python``
        to 3, 3, 3 and 4 decimals)."""
        out = np.empty_like(raw)
        for j, digits in enumerate((3, 3, 3, 4)):
            out[:, j] = round_like_python(raw[:, j], digits)
        return out

    def scores(self, texts: list[str]) -> np.ndarray:
        """(neg, neu, pos, compound) per text, rounded as the library rounds them."""
        return self.rounded(self.raw_scores(texts))

    def polarity_scores(self, text: str) -> dict[str, float]:
        """The library's ``polarity_scores`` for one text."""
        neg, neu, pos, compound = self.scores([text])[0].tolist()
        return {"neg": neg, "neu": neu, "pos": pos, "compound": compound}


__all__ = ["FastVader"]
