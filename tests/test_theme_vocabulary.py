"""Every theme term earns its place in reviews at large: the committed counts (made by
`python -m analysis theme-terms` over the ~100,000 IMDb reviews of the shared data for film,
the ~52,700 Steam and Metacritic reviews for games) cover exactly each taxonomy's terms, and
each occurs in at least ten reviews."""

from __future__ import annotations

import json

import pytest

from analysis.nlp.themes import (
    TAXONOMIES,
    TERM_COUNTS_PATHS,
    load_taxonomy,
    term_counts,
    term_regexes,
)

MIN_REVIEWS = 10
SOURCES = {
    "film": (["imdb_labeled.parquet", "imdb_unlabeled.parquet"], 90_000),
    "video_game": (["metacritic_acnh_user_reviews.parquet", "steam_reviews.parquet"], 50_000),
}


def _record(kind: str) -> dict:
    return json.loads(TERM_COUNTS_PATHS[kind].read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", sorted(TAXONOMIES))
def test_the_counts_cover_exactly_the_taxonomy(kind):
    counts = _record(kind)["counts"]
    taxonomy = {t.name: set(term_regexes(t)) for t in load_taxonomy(TAXONOMIES[kind])}
    assert {name: set(terms) for name, terms in counts.items()} == taxonomy


@pytest.mark.parametrize("kind", sorted(TAXONOMIES))
def test_every_term_occurs_in_reviews_at_large(kind):
    record = _record(kind)
    sources, at_least = SOURCES[kind]
    assert record["reviews"] > at_least
    assert record["sources"] == sources
    rare = {
        f"{theme}: {term}"
        for theme, terms in record["counts"].items()
        for term, n in terms.items()
        if n < MIN_REVIEWS
    }
    assert rare == set()


def test_term_counts_count_reviews_not_matches():
    (music,) = [t for t in load_taxonomy() if t.name == "music"]
    texts = ["The score, the SCORES and the score.", "No music here?", "Musical numbers", "plain"]
    counts = term_counts(texts, (music,))["music"]
    assert counts["score"] == 1  # one review, however many times
    assert counts["music"] == 2  # "music", and "Musical" (music + -al)
    assert counts["musical"] == 1
    assert counts["soundtrack"] == 0
