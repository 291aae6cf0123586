"""The sidebar filters on a small hand-made table: the URL codec, the chips, and which rows
each filter keeps (expected rows picked by hand)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analysis.views.filters import (
    Filters,
    filter_aggregates,
    filter_options,
    filter_reviews,
    filter_sentences,
    has_theme,
    sentiment_100,
    stance_filter,
)

REVIEWS = pd.DataFrame(
    {
        "review_id": ["r1", "r2", "r3", "r4"],
        "work_id": ["film", "film", "other", "film-game-pc"],
        "source": ["imdb", "rotten_tomatoes", "imdb", "csv"],
        "author": ["Ann", None, "Bob", "Cy"],
        "title": ["Loved the MUSIC", None, "meh", None],
        "text": ["A gorgeous score.", "The plot drags.", "Fine, musical even.", "Dull."],
        "date": ["2001-05-01", None, "2010-01-31", "2010-02-01"],
        "helpful_yes": pd.array([5, None, 0, 12], dtype="Int64"),
        "themes": ["music;visuals", "story", None, "music"],
        "model_positive": [0.9, 0.2, 0.5, 0.1],
        "model_label": ["positive", "negative", "neutral", "negative"],
        "vader_compound": [0.8, -0.6, 0.0, -0.2],
        "vader_label": ["positive", "negative", "positive", "negative"],
    }
)


def _kept(**kw) -> list[str]:
    return filter_reviews(REVIEWS, Filters(**kw))["review_id"].tolist()


# ------------------------------------------------------------------ URL codec
def test_defaults_make_an_empty_query_and_back():
    assert Filters().to_query() == {}
    assert Filters.from_query({}) == Filters()


def test_only_the_changed_fields_go_into_the_query():
    assert Filters(search="x").to_query() == {"search": "x"}
    assert Filters(min_helpful=2, theme_stance="neutral").to_query() == {
        "min_helpful": "2",
        "theme_stance": "neutral",
    }


def test_every_field_round_trips():
    f = Filters(
        sources=("imdb", "rotten_tomatoes"),
        themes=("music",),
        labels=("positive", "neutral"),
        scorer="vader",
        score_min=10.0,
        score_max=90.5,
        date_from="2001-01-01",
        date_to="2011-12-31",
        search="score",
        min_helpful=3,
        work="film",
        theme_stance="negative",
    )
    q = f.to_query()
    assert q["sources"] == "imdb,rotten_tomatoes"
    assert q["score_max"] == "90.5"
    assert q["min_helpful"] == "3"
    assert Filters.from_query(q) == f
    assert Filters.from_query({k: [v] for k, v in q.items()}) == f  # lists: the last value


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"score_min": "banana"}, Filters()),
        ({"score_min": "-1"}, Filters()),
        ({"score_max": "100.1"}, Filters()),
        ({"score_max": "100"}, Filters()),
        ({"score_min": "0"}, Filters()),
        ({"min_helpful": "-4"}, Filters(min_helpful=0)),
        ({"min_helpful": "x"}, Filters()),
        ({"scorer": "spark"}, Filters()),
        ({"theme_stance": "angry"}, Filters()),
        ({"theme_stance": "positive"}, Filters(theme_stance="positive")),
        ({"work": ""}, Filters()),
        ({"date_from": ""}, Filters()),
        ({"themes": "music,,story,"}, Filters(themes=("music", "story"))),
        ({"unknown": "1", "search": "x"}, Filters(search="x")),
        ({"sources": ["imdb", "csv"]}, Filters(sources=("csv",))),
        ({"score_min": "banana", "search": "x"}, Filters(search="x")),  # the rest still read
        ({"score_max": "0"}, Filters(score_max=0.0)),  # the bounds are allowed
        ({"score_min": "100"}, Filters(score_min=100.0)),
        ({"search": ""}, Filters()),
        ({"date_to": ""}, Filters()),
    ],
)
def test_bad_or_odd_values_fall_back(params, expected):
    assert Filters.from_query(params) == expected


def test_chips_say_what_is_filtered():
    assert Filters().chips() == []
    chips = Filters(
        work="film",
        sources=("imdb", "rotten_tomatoes"),
        themes=("story",),
        theme_stance="negative",
        labels=("negative",),
        scorer="vader",
        score_min=20,
        date_to="2010-01-01",
        search="plot",
        min_helpful=2,
    ).chips()
    assert chips == [
        "title: film",
        "sources: IMDb, Rotten Tomatoes",
        "themes: story",
        "says something negative about story",
        "vader label: negative",
        "vader score 20–100",
        "dates … to 2010-01-01",
        'text contains "plot"',
        "≥ 2 helpful votes",
    ]
    assert Filters(theme_stance="positive").chips() == ["says something positive about a theme"]
    several = Filters(
        themes=("story", "music"), labels=("positive", "neutral"), theme_stance="neutral"
    )
    assert several.chips() == [
        "themes: story, music",
        "says something neutral about story, music",
        "model label: positive, neutral",
    ]
    assert several.chips(theme_labels={"story": "Story / plot"})[:2] == [
        "themes: Story / plot, music",
        "says something neutral about Story / plot, music",
    ]
    assert Filters(score_max=99).chips() == ["model score 0–99"]
    assert Filters(date_from="2001-01-01").chips() == ["dates 2001-01-01 to …"]


# ------------------------------------------------------------------ selecting rows
def test_has_theme_matches_whole_names_only():
    themes = pd.Series(["music;visuals", "musical", "story;music", None, "visuals"])
    assert has_theme(themes, ("music",)).tolist() == [True, False, True, False, False]
    assert has_theme(themes, ("visuals", "story")).tolist() == [True, False, True, False, True]


def test_sentiment_on_0_100_for_each_scorer():
    assert sentiment_100(REVIEWS, "model").tolist() == pytest.approx([90, 20, 50, 10])
    assert sentiment_100(REVIEWS, "vader").tolist() == pytest.approx([90, 20, 50, 40])


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({}, ["r1", "r2", "r3", "r4"]),
        ({"work": "film"}, ["r1", "r2"]),
        ({"sources": ("imdb",)}, ["r1", "r3"]),
        ({"themes": ("music",)}, ["r1", "r4"]),
        ({"labels": ("negative",)}, ["r2", "r4"]),
        ({"labels": ("neutral",)}, ["r3"]),
        ({"labels": ("neutral",), "scorer": "vader"}, []),  # VADER's own labels
        ({"labels": ("positive",), "scorer": "vader"}, ["r1", "r3"]),
        ({"score_min": 50.0}, ["r1", "r3"]),
        ({"score_max": 20.0}, ["r2", "r4"]),
        ({"score_min": 35.0, "score_max": 45.0, "scorer": "vader"}, ["r4"]),
        ({"date_from": "2010-01-31"}, ["r3", "r4"]),
        ({"date_to": "2010-01-31"}, ["r1", "r3"]),
        ({"search": "MUSIC"}, ["r1", "r3"]),  # text or title, any case
        ({"search": "bob"}, ["r3"]),  # the author
        ({"min_helpful": 5}, ["r1", "r4"]),
        ({"min_helpful": 13}, []),
        ({"min_helpful": 1}, ["r1", "r4"]),  # no votes is not one vote
        ({"search": "s."}, ["r2"]),  # literal text, not a pattern
    ],
)
def test_each_filter_keeps_the_right_reviews(kw, expected):
    assert _kept(**kw) == expected


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"sources": ("imdb",), "work": "film"}, ["r1"]),
        ({"sources": ("imdb",), "themes": ("music",)}, ["r1"]),
        ({"work": "film", "labels": ("negative",)}, ["r2"]),
        ({"work": "film", "date_from": "2000-01-01"}, ["r1"]),
        ({"sources": ("csv",), "date_to": "2011-01-01"}, ["r4"]),
        ({"work": "film", "search": "music"}, ["r1"]),
        ({"sources": ("imdb",), "min_helpful": 5}, ["r1"]),
        ({"work": "film", "score_min": 50.0}, ["r1"]),
    ],
)
def test_filters_combine(kw, expected):
    """Each filter narrows what the others kept (it never replaces them)."""
    assert _kept(**kw) == expected


def test_filtered_reviews_carry_the_chosen_score():
    out = filter_reviews(REVIEWS, Filters(scorer="vader"))
    assert out["sentiment_100"].tolist() == pytest.approx([90, 20, 50, 40])
    assert "sentiment_100" not in REVIEWS  # the input is not changed


def test_sentences_follow_the_kept_reviews_and_the_themes():
    sentences = pd.DataFrame(
        {"review_id": ["r1", "r1", "r2", "r3"], "themes": ["music", "visuals", "", "music"]}
    )
    codes = np.array([0, 0, 1, 2])
    kept = np.array([True, False, True, True])
    out = filter_sentences(sentences, codes, kept, Filters())
    assert out.index.tolist() == [0, 1, 3]
    out = filter_sentences(sentences, codes, kept, Filters(themes=("music",)))
    assert out.index.tolist() == [0, 3]
    everything = filter_sentences(sentences, codes, np.ones(3, bool), Filters())
    assert everything.index.tolist() == [0, 1, 2, 3]


def test_stance_keeps_reviews_with_such_a_mention_of_the_themes():
    mentions = pd.DataFrame(
        {
            "review_id": ["r1", "r1", "r2", "r3", "r4"],
            "sentence_index": [0, 1, 0, 2, 0],
            "theme": ["music", "story", "story", "music", "story"],
            "mention_label": ["positive", "negative", "negative", "negative", "positive"],
            "_code": [0, 0, 1, 2, 3],
        }
    )
    mask, keys = stance_filter(mentions, 4, Filters(theme_stance="negative", themes=("story",)))
    assert mask.tolist() == [True, True, False, False]
    assert list(keys) == [("r1", 1), ("r2", 0)]
    mask, keys = stance_filter(mentions, 4, Filters(theme_stance="negative"))
    assert mask.tolist() == [True, True, True, False]
    assert list(keys) == [("r1", 1), ("r2", 0), ("r3", 2)]


def test_aggregates_follow_the_source_filter():
    aggs = pd.DataFrame({"platform": ["imdb", "metacritic", "imdb"], "value": [1, 2, 3]})
    assert filter_aggregates(aggs, Filters()).index.tolist() == [0, 1, 2]
    assert filter_aggregates(aggs, Filters(sources=("imdb",))).index.tolist() == [0, 2]


def test_sidebar_options_from_the_corpus():
    scored = SimpleNamespace(
        reviews=REVIEWS,
        corpus=SimpleNamespace(aggregates=pd.DataFrame({"platform": ["metacritic", "imdb"]})),
        theme_labels={"music": "Music", "story": "Story / plot"},
    )
    opts = filter_options(scored)
    assert opts == {
        "sources": ["csv", "imdb", "metacritic", "rotten_tomatoes"],
        "themes": ["music", "story"],
        "theme_labels": {"story": "Story / plot", "music": "Music"},
        "dates": ("2001-05-01", "2010-02-01"),
        "max_helpful": 12,
    }
    empty = SimpleNamespace(
        reviews=REVIEWS.iloc[:0],
        corpus=SimpleNamespace(aggregates=pd.DataFrame({"platform": []})),
        theme_labels={},
    )
    assert filter_options(empty) == {
        "sources": [],
        "themes": [],
        "theme_labels": {},
        "dates": (None, None),
        "max_helpful": 0,
    }
