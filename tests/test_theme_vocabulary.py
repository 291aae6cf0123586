"""Every theme term earns its place in reviews at large: the committed counts (made by
`python -m analysis theme-terms` over the ~100,000 IMDb reviews of the shared data) cover
exactly the taxonomy's terms, and each occurs in at least ten reviews."""

from __future__ import annotations

import json

from analysis.nlp.themes import TERM_COUNTS_PATH, load_taxonomy, term_counts, term_regexes

MIN_REVIEWS = 10


def _record() -> dict:
    return json.loads(TERM_COUNTS_PATH.read_text(encoding="utf-8"))


def test_the_counts_cover_exactly_the_taxonomy():
    counts = _record()["counts"]
    taxonomy = {t.name: set(term_regexes(t)) for t in load_taxonomy()}
    assert {name: set(terms) for name, terms in counts.items()} == taxonomy


def test_every_term_occurs_in_reviews_at_large():
    record = _record()
    assert record["reviews"] > 90_000
    assert record["sources"] == ["imdb_labeled.parquet", "imdb_unlabeled.parquet"]
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
