"""The compiled n-gram hasher gives scikit-learn's HashingVectorizer matrix exactly (the
model was trained on that matrix), and the decisions of both classifiers are unchanged."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import FIXTURES
from sklearn.utils import murmurhash3_32

from analysis.nlp.sentences import split_sentences
from analysis.nlp.sentiment.hashing import (
    _index,
    _murmur3_32,
    hashed_ngram_sets,
    hashed_ngrams,
    joined_tokens,
)
from analysis.nlp.sentiment.model import _TOKEN, load_models, prepare, vectorizer

SAMPLE = pd.read_parquet(FIXTURES / "imdb_sample.parquet")["text"].head(200).tolist()
ODD = [
    "",
    "!",
    "?!",
    "a",
    "not good at all!!",
    "ça été très bien, naïve café",
    "日本語 テスト 映画",
    "x " * 300,
]


def _texts() -> list[str]:
    return SAMPLE + [s for t in SAMPLE[:40] for s in split_sentences(t)] + ODD


@pytest.mark.parametrize(("ngram_max", "bits"), [(1, 18), (2, 20), (3, 22)])
def test_the_matrix_equals_scikit_learns(ngram_max, bits):
    prepared = [prepare(t) for t in _texts()]
    expected = vectorizer(ngram_max, bits).transform(prepared).tocsr()
    buf, offsets = joined_tokens([_TOKEN.findall(p) for p in prepared])
    got = hashed_ngrams(buf, offsets, ngram_max, bits)
    expected.sort_indices()
    assert got.shape == expected.shape
    assert (got != expected).nnz == 0
    np.testing.assert_array_equal(got.indptr, expected.indptr)


def test_one_pass_for_several_sizes_equals_scikit_learn_at_each():
    """The model hashes once for all its classifiers (1-3-grams at 2**22, 1-2-grams at
    2**20, unigrams at 2**22), and sorts each text's grams once: each matrix is still
    scikit-learn's, its rows in ascending order (the order the fused sums add in), whether a
    smaller size is merged from the larger one's runs (2**20) or sorted (2**12)."""
    prepared = [prepare(t) for t in _texts()]
    buf, offsets = joined_tokens([_TOKEN.findall(p) for p in prepared])
    specs = [(3, 22), (2, 20), (1, 22), (2, 12)]
    got = hashed_ngram_sets(buf, offsets, specs)
    assert list(got) == specs
    for ngram_max, bits in specs:
        expected = vectorizer(ngram_max, bits).transform(prepared).tocsr()
        expected.sort_indices()
        assert (got[ngram_max, bits] != expected).nnz == 0
        np.testing.assert_array_equal(got[ngram_max, bits].indptr, expected.indptr)
        rows = np.split(got[ngram_max, bits].indices, got[ngram_max, bits].indptr[1:-1])
        assert all((np.diff(r) > 0).all() for r in rows)
    with pytest.raises(ValueError, match="1 <= n < 8 words"):
        hashed_ngram_sets(buf, offsets, [(8, 20)])


@pytest.mark.parametrize(
    "text", ["", "a", "ab", "abc", "abcd", "abcde", "not_good", "naïve", "日本語"]
)
def test_murmur3_equals_scikit_learns(text):
    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    assert _murmur3_32(data, 0, len(data)) == murmurhash3_32(text.encode("utf-8"), seed=0)


def test_the_index_of_the_smallest_hash_follows_scikit_learn():
    # abs(-2**31) % n is defined as (2**31 - 1 - (n - 1)) % n in scikit-learn
    assert _index(-(2**31), 2**20) == (2**31 - 1 - (2**20 - 1)) % 2**20
    assert _index(-5, 7) == 5
    assert _index(12, 7) == 5


def test_every_classifier_decides_as_with_scikit_learns_hashing():
    """The blend's inputs come from the compiled hashing; each classifier's log-odds equal
    those from scikit-learn's HashingVectorizer over the same prepared text."""
    from analysis.nlp.sentiment.model import CLASSIFIERS, FEATURES

    models = load_models()
    texts = _texts()
    x = models.features(texts)
    for name in CLASSIFIERS:
        nb = models.classifiers[name]
        expected = nb.decision_from(
            vectorizer(nb.ngram_max, nb.bits).transform([prepare(t) for t in texts]).tocsr()
        )
        if name == "gate":
            got, expected = x[:, FEATURES.index("film_gate")], 1 / (1 + np.exp(-expected))
        else:
            got = x[:, FEATURES.index(f"{name}_logodds")]
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)


def test_the_fast_tokens_and_negation_marks_are_the_reference_ones():
    """``token_lists`` uses a faster token regex, and ``prepare`` a faster negation regex
    where a text has no "n't"; both give what the reference patterns give."""

    from analysis.nlp.sentiment.model import (
        _FAST_TOKEN,
        _NEGATION,
        _mark_scope,
        clean,
        token_lists,
    )

    texts = _texts() + [
        "dogs' tails, rock'n'roll, 'tis, a''b, don't, can't, isn't, __init__ x_y",
        "Nothing NOBODY none neither nor not no never cannot without hardly barely",
        "snot knot anno piano cannon wither barley hard-ly no-one not_x 2no no2",
        "I can't say it wasn't good! Not bad? no. None, nor that",
        "naïve não ñot café—not good",
    ]
    for text in texts:
        lowered = clean(text).lower().replace("\u2019", "'")
        assert prepare(text) == _NEGATION.sub(_mark_scope, lowered), text
        assert _FAST_TOKEN.findall(prepare(text)) == _TOKEN.findall(prepare(text)), text
    assert token_lists(texts) == [_TOKEN.findall(prepare(t)) for t in texts]


APOSTROPHES_AND_MARKS = [
    "dogs' tails, rock'n'roll, 'tis, a''b, don't, it's'' x' 'y '' '",
    "!!a!b?c?! __init__ x_y 9's 1,000 3.5/10 tab\there\nnew line",
    "a'",
    "'a",
    "a'b'c'",
    "''a''b''",
    "a'!",
    "é'a naïve, mixed ascii and not",
]


def test_the_compiled_tokens_are_the_regex_tokens():
    """``model_tokens`` finds an ASCII text's tokens in a compiled loop and the rest by the
    regex: the joined bytes and offsets are those of ``token_lists`` exactly, on real
    reviews and sentences, on apostrophes and marks, and on random strings of the
    characters the token rule turns on (each text alone, as its ASCII or not decides)."""
    from analysis.nlp.sentiment.model import model_tokens, token_lists

    rng = np.random.default_rng(5)
    alphabet = list("ab'! ?_9.\u00e9\n")
    noise = ["".join(rng.choice(alphabet, size=rng.integers(0, 14))) for _ in range(2000)]
    texts = _texts() + APOSTROPHES_AND_MARKS + noise
    assert any(not t.isascii() for t in texts)
    assert any(t.isascii() for t in texts)
    for batch in (texts, [t for t in texts if t.isascii()], [t for t in texts if not t.isascii()]):
        expected, got = joined_tokens(token_lists(batch)), model_tokens(batch)
        np.testing.assert_array_equal(got[0], expected[0])
        np.testing.assert_array_equal(got[1], expected[1])
    assert model_tokens([])[1].tolist() == [0]


def test_joined_groups_are_their_token_lists_chained():
    """A review's tokens built from its sentences' joined tokens are the sentences' token
    lists end to end (empty sentences and empty groups included), and ``merged`` takes
    texts in turn from two sets."""
    from itertools import chain

    from analysis.nlp.sentiment.hashing import joined_groups, merged
    from analysis.nlp.sentiment.model import model_tokens, token_lists

    texts = [*_texts()[:60], "", "!", "...", "", *APOSTROPHES_AND_MARKS]
    lists = token_lists(texts)
    starts, stops = np.array([0, 3, 3, 10, 59, 60]), np.array([3, 3, 10, 59, 64, len(texts)])
    expected = joined_tokens(
        [list(chain.from_iterable(lists[a:b])) for a, b in zip(starts, stops, strict=True)]
    )
    got = joined_groups(model_tokens(texts), starts, stops)
    np.testing.assert_array_equal(got[0], expected[0])
    np.testing.assert_array_equal(got[1], expected[1])
    from_b = np.array([False, True, True, False, False, True])
    a = joined_tokens([lists[i] for i in np.flatnonzero(~from_b)])
    b = joined_tokens([lists[i] for i in np.flatnonzero(from_b)])
    both = merged(from_b, a, b)
    expected = joined_tokens(lists[:6])
    np.testing.assert_array_equal(both[0], expected[0])
    np.testing.assert_array_equal(both[1], expected[1])


@pytest.mark.parametrize("wide", [False, True])
def test_the_fused_sums_equal_the_sparse_products_exactly(wide):
    """``blend_inputs`` sums each text's weights in one pass without a matrix; the log-odds
    and coverage are bit for bit those of the sparse products (float16 weights as shipped,
    or float64 ones as training has them)."""
    from analysis.nlp.sentiment.hashing import hashed_ngram_sets
    from analysis.nlp.sentiment.model import CLASSIFIERS, FEATURES, NBLogit, blend_inputs

    models = load_models()
    classifiers = models.classifiers
    if wide:
        rng = np.random.default_rng(3)
        classifiers = {
            n: NBLogit(
                m.ngram_max,
                m.bits,
                m.nb_ratio.astype(np.float64) + 1e-3,
                rng.normal(size=len(m.coef)),
                m.intercept,
            )
            for n, m in classifiers.items()
        }
    texts = _texts()
    x = blend_inputs(classifiers, models.vocab, texts, vader=np.zeros((len(texts), 4)))
    buf, offsets = joined_tokens([_TOKEN.findall(prepare(t)) for t in texts])
    for name in CLASSIFIERS:
        m = classifiers[name]
        expected = m.decision_from(
            hashed_ngram_sets(buf, offsets, [(m.ngram_max, m.bits)])[m.ngram_max, m.bits]
        )
        if name == "gate":
            expected = 1.0 / (1.0 + np.exp(-expected))
            got = x[:, FEATURES.index("film_gate")]
        else:
            got = x[:, FEATURES.index(f"{name}_logodds")]
        np.testing.assert_array_equal(got, expected)
    unigrams = hashed_ngrams(buf, offsets, 1, classifiers["joint"].bits)
    seen = np.unpackbits(models.vocab)[unigrams.indices]
    per_text = np.add.reduceat(np.append(seen, 0), unigrams.indptr[:-1]) * (
        np.diff(unigrams.indptr) > 0
    )
    n = np.diff(unigrams.indptr)
    np.testing.assert_array_equal(
        x[:, FEATURES.index("vocab_coverage")],
        np.divide(per_text, n, out=np.zeros(len(n)), where=n > 0),
    )
