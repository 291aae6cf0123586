"""The compiled VADER equals vaderSentiment itself: all four scores, to 1e-9, on thousands of
real review sentences and whole reviews, and on a case for every rule the library has."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import FIXTURES
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.nlp.sentences import split_sentences
from analysis.nlp.sentiment.model import prepare
from analysis.nlp.sentiment.vader import FastVader

SAMPLE = pd.read_parquet(FIXTURES / "imdb_sample.parquet")

# one or more texts per rule of the library (names as in vaderSentiment.py)
RULES = {
    "empty and punctuation only": ["", "   ", "!", "?!?", "...", "\t\n"],
    # every character Python's str.split() splits on, leading and trailing runs too
    "whitespace of every kind": [
        "  GOOD  movie  ",
        "\x1cgood\x1dbad\x1esad\x1fhappy\x85great\xa0awful\u1680nice",
        "love\u2000it\u2001love\u2002it\u2003and\u2004the\u2005ending\u2006was\u2007bad",
        "\u2008not\u2009good\u200abut\u2028great\u2029\u202ffun\u205fsad\u3000!",
        "zero\u200bwidth\ufeffis not whitespace: good",
        "\n\r\x0b\x0cterrible\t\t",
    ],
    "emoji rewrite": ["😀 great", "love😀it", "sad 😢😢 ending", "I :) love it :D", "🙂"],
    "ALL CAPS emphasis (is_cap_diff)": [
        "VADER is VERY SMART, handsome, and FUNNY.",
        "GREAT",  # every word in caps: no emphasis
        "GREAT MOVIE, BAD END",
        "it was GOOD",
        "it was NOT good",
    ],
    "boosters and dampeners": [
        "very good",
        "extremely bad",
        "it is VERY good and really really bad",
        "barely good",
        "somewhat sad",
        "the film was so so so good",
        "kinda nice",
        "it is kind of good",
        "it was sort of ok",
        "just enough fun",
    ],
    "negation within three words": [
        "It mayn't be good",  # not in the library's list: negated by its "n't"
        "not good",
        "he didn't like it",
        "it isn't really that good",
        "never was it so bad",
        "uh-uh nope, not nice",
        "it was not the very best film",
        "nothing great happens",
    ],
    "never so / without doubt": [
        "I never so loved a film.",
        "never this good",
        "never been so good",
        "without doubt the best",
        "without any doubt great",
    ],
    "no": [
        "no good",
        "no no no",
        "No, it was not bad at all",
        "no problem or worry",
        "no fun",
        "no way any good",
    ],
    "least": ["at least it was short", "the least bad option", "very least good", "least good"],
    "but (the library changes the first equal score)": [
        "It was not bad, but the ending was awful!!!",
        "good good but bad bad",
        "great, fine, great but awful, awful",
        "but",
        "Hardly good but not horrible but very fine",
        "love hate love but hate love hate",
    ],
    "special idioms": [
        "The kiss of death for this film.",
        "that was the bomb",
        "yeah right, a masterpiece",
        "a soundtrack to die for",
        "the shit, honestly",
        "bad ass action",
        "a beating heart of a story",
        "my bus stop was fine",
        "it was not the kiss of death",
    ],
    "punctuation emphasis": [
        "good!",
        "good!!!!!!",
        "bad??",
        "bad???? really????",
        "what?",
        "sad!!! but happy??",
    ],
}


@pytest.fixture
def fast():
    """A new instance per test: its token table starts empty (and mutation testing sees
    every test as a user of the constructor)."""
    return FastVader()


def _library(texts: list[str]) -> np.ndarray:
    lib = SentimentIntensityAnalyzer()
    scores = [lib.polarity_scores(t) for t in texts]
    return np.array([[s["neg"], s["neu"], s["pos"], s["compound"]] for s in scores])


@pytest.mark.parametrize("rule", list(RULES))
def test_every_rule_equals_the_library(fast, rule):
    texts = RULES[rule]
    np.testing.assert_allclose(fast.scores(texts), _library(texts), rtol=0, atol=1e-9)


def test_thousands_of_real_sentences_and_reviews_equal_the_library(fast):
    reviews = [prepare(t) for t in SAMPLE["text"]]
    sentences = [s for r in reviews for s in split_sentences(r)]
    texts = reviews + sentences
    assert len(texts) > 5000
    np.testing.assert_allclose(fast.scores(texts), _library(texts), rtol=0, atol=1e-9)


def test_polarity_scores_is_the_library_dict(fast):
    text = "VERY GOOD movie, but the END was BAD!!!"
    assert fast.polarity_scores(text) == SentimentIntensityAnalyzer().polarity_scores(text)


def test_the_idiom_window_reaches_three_words_back(fast):
    """'kiss of death' is an idiom of valence -1.5 seen from 'death' three words on; the
    value is vaderSentiment's own (without the idiom the library gives -0.2732)."""
    assert fast.scores(["this is the kiss of death"])[0, 3] == pytest.approx(-0.6124, abs=1e-9)


def test_a_batch_scores_each_text_alone(fast):
    texts = RULES["but (the library changes the first equal score)"] + RULES["no"]
    together = fast.scores(texts)
    one_by_one = np.vstack([fast.scores([t]) for t in texts])
    np.testing.assert_array_equal(together, one_by_one)


def test_a_new_word_twice_in_one_text_keeps_every_other_word_right():
    """Regression: a token first seen twice in one text once took the row of the next new
    token, so that token's lexicon value was lost."""
    texts = ["blorfy blorfy wonderful film", "qwopz qwopz qwopz terrible, horrible acting"]
    np.testing.assert_allclose(FastVader().scores(texts), _library(texts), rtol=0, atol=1e-9)


def test_more_distinct_words_than_the_first_table_holds(fast):
    """The token table grows past its first 1,024 rows without losing a word's features."""
    filler = " ".join(f"w{i:05d}" for i in range(1500))
    texts = [filler + " a truly wonderful, not terrible film", "good " + filler + " bad"]
    np.testing.assert_allclose(fast.scores(texts), _library(texts), rtol=0, atol=1e-9)


def test_vectorised_rounding_is_pythons_round_on_ties_and_near_ties():
    from analysis.nlp.sentiment.vader import round_like_python

    rng = np.random.default_rng(7)
    halves = (np.arange(-2000, 2000) + 0.5) / 1000  # ties at 3 decimals, as floats near them
    values = np.concatenate(
        [
            rng.uniform(-1, 1, 200_000),
            halves,
            np.nextafter(halves, 2),
            np.nextafter(halves, -2),
            (np.arange(-20000, 20000) + 0.5) / 10000,
            [0.0, -0.0, 1.0, -1.0, -0.00049, 0.00049],
        ]
    )
    for digits in (3, 4):
        got = round_like_python(values, digits)
        expected = np.array([round(float(v), digits) for v in values])
        np.testing.assert_array_equal(got, expected)
        np.testing.assert_array_equal(np.signbit(got), np.signbit(expected))
