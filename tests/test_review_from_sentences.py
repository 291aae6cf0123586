"""A review's reading is built from its sentences' tokens where that gives the same tokens
as reading it whole (``parts_read_as_whole``), and its scores are then exactly those of
reading it whole; where it would not, the review is read whole."""

from __future__ import annotations

from itertools import chain

import numpy as np
import pandas as pd
import pytest
from conftest import FIXTURES

from analysis.ingest.corpus import load_corpus
from analysis.nlp.sentences import sentence_spans
from analysis.nlp.sentiment.model import clean, parts_read_as_whole, token_lists
from analysis.nlp.sentiment.vader import FastVader
from analysis.scoring.pipeline import Scorers, read_reviews_and_sentences, read_texts

# as a user's table comes in (``<br />`` made line breaks), and raw, markup and all
SAMPLE = load_corpus([FIXTURES / "imdb_sample.parquet"]).reviews["text"].tolist()
RAW = pd.read_parquet(FIXTURES / "imdb_sample.parquet")["text"].head(100).tolist()
# hand-made reviews for every way a review's sentences can differ from the review
EDGES = [
    "I did not like the acting. The music was great!",
    "It is not a film I would watch again\nGreat score though",
    "one of his servants.His notions prove to be wrong. Not good.",
    'The tag line says "it is not human." Great fun.',
    "Never boring ... Well, never good either",
    "Krull & countless others. Tom &amp; Jerry were better. Really.",
    "[b]Great[/b] game. I loved it.<br />Not bad at all.",
    "ΣΟΦΟΣ ΚΑΙ ΚΑΛΟΣ. It was GREAT. Really GOOD.",
    "Best film ever!!! 😀 Would watch again?? Maybe.",
    "It wasn't good. It wasn’t bad... It was OK I guess",
    "The plot... Expand",
    "   Leading and trailing space.  Two spaces between.   ",
    "No. No! no? Not at all; but kind of good.",
]


def _texts() -> list[str]:
    return SAMPLE + RAW + EDGES


def test_where_the_parts_read_as_the_whole_their_tokens_are_the_wholes():
    fast = FastVader()
    checked = {"tokens": 0, "words": 0}
    for text in _texts():
        spans = sentence_spans(text)
        nesting = parts_read_as_whole(text, spans)
        parts = [text[s:e] for s, e in spans]
        if nesting.tokens:
            checked["tokens"] += 1
            assert list(chain.from_iterable(token_lists(parts))) == token_lists([text])[0], text
        if nesting.words:
            checked["words"] += 1
            words = [fast._no_emoji(clean(p)).split() for p in parts]
            assert list(chain.from_iterable(words)) == fast._no_emoji(clean(text)).split(), text
    # the fast path is the common one on real reviews (else the speed-up is lost)
    assert checked["tokens"] >= 0.95 * len(SAMPLE)
    assert checked["words"] >= 0.85 * len(SAMPLE)


@pytest.mark.parametrize(
    ("text", "spans", "tokens", "words"),
    [
        # a negation scope with no punctuation before the next sentence would run on into it
        ("I do not like it Great fun", [(0, 16), (17, 26)], False, True),
        # ... unless a newline ends it
        ("I do not like it\nGreat fun", [(0, 16), (17, 26)], True, True),
        # a negation before the last punctuation ends there
        ('It is not fun." Great', [(0, 15), (16, 21)], True, True),
        ('It is fun, not." Great', [(0, 16), (17, 22)], True, True),
        ('Fun. It is "not fun Great', [(0, 19), (20, 25)], False, True),
        # glued sentences: the classifiers' tokens split at the period, VADER's words do not
        ("servants.His notions", [(0, 9), (9, 20)], True, False),
        ("servantsHis notions", [(0, 8), (8, 19)], False, False),
        # text outside every span, or between spans, is not whitespace
        ("Good. x Bad.", [(0, 5), (8, 12)], False, False),
        ("Good. Bad. tail", [(0, 5), (6, 10)], False, False),
        # what clean rewrites, and a letter lower-cased by context
        ("Tom &amp; Jerry. Fun.", [(0, 16), (17, 21)], False, False),
        ("Tom & Jerry. Fun.", [(0, 12), (13, 17)], True, True),
        ("ΟΔΟΣ. Fun.", [(0, 5), (6, 10)], False, False),
        ("", [], False, False),
    ],
)
def test_the_rule_for_reading_a_review_from_its_sentences(text, spans, tokens, words):
    nesting = parts_read_as_whole(text, spans)
    assert (nesting.tokens, nesting.words) == (tokens, words)


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("I do not like it Great fun", [(0, 16), (17, 26)]),
        ("servantsHis notions", [(0, 8), (8, 19)]),
    ],
)
def test_where_the_rule_says_no_joining_the_sentences_tokens_would_be_wrong(text, spans):
    parts = [text[s:e] for s, e in spans]
    assert list(chain.from_iterable(token_lists(parts))) != token_lists([text])[0]


def test_where_the_rule_says_no_for_vader_joining_the_sentences_words_would_be_wrong():
    text, spans = "servants.His notions", [(0, 9), (9, 20)]
    assert [w for s, e in spans for w in text[s:e].split()] != text.split()


def test_reviews_read_from_their_sentences_score_as_reviews_read_whole():
    sc = Scorers.load().ready()
    texts = _texts()
    spans = [sentence_spans(t) for t in texts]
    sentence_texts = [t[s:e] for t, found in zip(texts, spans, strict=True) for s, e in found]
    (vader, model), (s_vader, s_model) = read_reviews_and_sentences(
        texts, spans, sentence_texts, sc
    )
    whole_vader, whole_model = read_texts(texts, sc)
    pd.testing.assert_frame_equal(vader, whole_vader, check_exact=True)
    pd.testing.assert_frame_equal(model, whole_model, check_exact=True)
    sv, sm = read_texts(sentence_texts, sc)
    pd.testing.assert_frame_equal(s_vader, sv, check_exact=True)
    pd.testing.assert_frame_equal(s_model, sm, check_exact=True)
    assert np.isfinite(model["model_positive"]).all()
