"""Saved HTML pages: schema.org structured data first, then the visible text."""

from __future__ import annotations

from conftest import FIXTURES

from analysis import load_corpus
from analysis.ingest.html import visible_text

HTML = FIXTURES / "html"


def test_jsonld_movie_rating_and_review():
    c = load_corpus([HTML / "imdb_jsonld.html"])
    assert c.documents["kind"].tolist() == ["imdb"]
    work = c.works.iloc[0]
    assert (work["title"], work["year"], work["imdb_id"]) == ("Delicatessen", 1991, "tt0101700")
    (agg,) = c.aggregates.itertuples()
    assert (agg.platform, agg.metric, agg.value, agg.n, agg.score_100) == (
        "imdb",
        "user_rating",
        7.6,
        79012,
        76.0,
    )
    (review,) = c.reviews.itertuples()
    assert (review.author, review.date, review.rating, review.rating_scale) == (
        "cinephile_42",
        "2004-06-02",
        9.0,
        10.0,
    )
    assert review.title == "Wonderfully odd"
    assert "<b>amazing</b>" in review.text  # kept as text, never as markup


def test_microdata_from_an_unknown_site_keeps_the_review_and_says_why_the_rating_is_not_stored():
    c = load_corpus([HTML / "unknown_site_microdata.html"])
    assert c.reviews["author"].tolist() == ["Lea"]
    assert c.aggregates.empty
    assert "site the ingest does not know" in c.documents["warnings"].item()


def test_visible_text_drops_scripts_and_styles():
    text = visible_text((HTML / "imdb_jsonld.html").read_text(encoding="utf-8"))
    assert "never run" not in text
    assert "color:red" not in text
    assert "ratingValue" not in text
    assert "Delicatessen (1991)" in text
