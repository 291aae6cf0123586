"""The five seed pages, checked against the results the foundation issue requires."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import EXPECTED, SEEDS, doc_id

from analysis.ingest.files import read_text_file
from analysis.schema import TABLES, Aggregates, Conflicts, Documents, Reviews

FILM = "the-city-of-lost-children-1995"
EXPECTED_REVIEWS = pd.read_csv(EXPECTED / "seed_reviews.csv", dtype=str, keep_default_na=False)
EXPECTED_AGGS = pd.read_csv(EXPECTED / "seed_aggregates.csv", dtype=str, keep_default_na=False)


def test_every_table_matches_its_schema(seed_corpus):
    for name, model in TABLES.items():
        model.validate(getattr(seed_corpus, name))


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [
        ("000", "wikipedia"),
        ("001", "moviedb"),
        ("002", "imdb"),
        ("003", "rotten_tomatoes"),
        ("004", "imdb"),
    ],
)
def test_document_kind_detected_from_content(seed_corpus, prefix, kind):
    docs = seed_corpus.documents.set_index(Documents.document_id)
    assert docs.loc[doc_id(seed_corpus, prefix), Documents.kind] == kind


def test_exactly_the_seven_user_reviews(seed_corpus):
    assert len(seed_corpus.reviews) == 7
    assert set(seed_corpus.reviews[Reviews.work_id]) == {FILM}


@pytest.mark.parametrize(
    "expected", EXPECTED_REVIEWS.to_dict("records"), ids=lambda r: r["doc"] + r["author"]
)
def test_review_row(seed_corpus, expected):
    R = Reviews
    reviews = seed_corpus.reviews
    mine = reviews[reviews[R.document_id] == doc_id(seed_corpus, expected["doc"])]
    if expected["author"]:
        mine = mine[mine[R.author] == expected["author"]]
    assert len(mine) == 1
    row = mine.iloc[0]
    assert row[R.source] == expected["source"]
    for col in (R.date, R.title, R.badge):
        got = "" if pd.isna(row[col]) else row[col]
        assert got == expected[col], col
    for col in (R.helpful_yes, R.helpful_total):
        got = "" if pd.isna(row[col]) else str(int(row[col]))
        assert got == expected[col], col
    assert row[R.text].startswith(expected["text_starts"])
    assert row[R.text].endswith(expected["text_ends"])


def test_review_texts_keep_all_paragraphs_and_decode_entities(seed_corpus):
    R = Reviews
    jeremy = seed_corpus.reviews.set_index(R.author).loc["Jeremy-93", R.text]
    assert jeremy.count("\n\n") == 4  # five paragraphs
    assert "But I'll come back to that." in jeremy
    varekai = seed_corpus.reviews.set_index(R.author).loc["varekai", R.text]
    assert "&" not in varekai
    assert "  " not in varekai
    assert "orphan child.in technical aspects" in varekai


def test_review_spans_point_into_the_source_file(seed_corpus):
    R, D = Reviews, Documents
    paths = seed_corpus.documents.set_index(D.document_id)[D.path]
    for row in seed_corpus.reviews.itertuples():
        raw = read_text_file(SEEDS.parent / paths[row.document_id]).text
        source = raw[row.span_start : row.span_end]
        assert source.split()[0] == row.text.split()[0]
        assert source.split()[-1] == row.text.split()[-1]
    assert R.span_start in seed_corpus.reviews


def test_not_reviews_are_accounted_for(seed_corpus):
    reviews = " ".join(seed_corpus.reviews[Reviews.text])
    assert "Written by grantss" not in reviews
    assert "Ron Perlman doesn't speak French" not in reviews  # trivia
    assert "Not all of its many intriguing ideas" not in reviews  # consensus
    assert "Krank (D. Emilfork), who cannot dream" not in reviews  # synopsis
    sections = set(seed_corpus.skipped["section"])
    assert {"storyline", "trivia", "goofs", "quotes", "synopsis", "plot"} <= sections
    consensus = seed_corpus.consensus
    assert consensus["text"].tolist() == [
        "Not all of its many intriguing ideas are developed, but The City of Lost Children "
        "is an engrossing, disturbing, profoundly memorable experience."
    ]


def _work(seed_corpus, key: str) -> str:
    works = seed_corpus.works
    if key == "film":
        return FILM
    variant = {"game-pc": "PC", "game-playstation": "PlayStation"}[key]
    return works.loc[works["platform_variant"] == variant, "work_id"].item()


def test_aggregates_exactly_as_required(seed_corpus):
    A = Aggregates
    got = seed_corpus.aggregates
    assert len(got) == len(EXPECTED_AGGS)
    for exp in EXPECTED_AGGS.to_dict("records"):
        match = got[
            (got[A.work_id] == _work(seed_corpus, exp["work"]))
            & (got[A.platform] == exp["platform"])
            & (got[A.metric] == exp["metric"])
            & (got[A.document_id] == doc_id(seed_corpus, exp["doc"]))
        ]
        assert len(match) == 1, exp
        row = match.iloc[0]
        assert row[A.value] == pytest.approx(float(exp["value"]))
        assert bool(row[A.derived]) is (exp["derived"] == "True")
        for col in (A.scale_max, A.score_100, A.n):
            if exp[col]:
                assert row[col] == pytest.approx(float(exp[col])), (exp, col)
            else:
                assert pd.isna(row[col]), (exp, col)
        assert row[A.quote]


def test_intervals_on_scores_with_a_sample_size(seed_corpus):
    A = Aggregates
    aggs = seed_corpus.aggregates
    scored = aggs[aggs[A.score_100].notna() & aggs[A.n].notna()]
    assert len(scored) == 4
    assert (scored[A.ci_low] < scored[A.score_100]).all()
    assert (scored[A.ci_high] > scored[A.score_100]).all()
    derived = aggs[aggs[A.derived]].iloc[0]
    assert derived[A.ci_low] == pytest.approx(66.18, abs=0.01)  # Wilson 44/56
    assert derived[A.ci_high] == pytest.approx(87.29, abs=0.01)
    no_n = aggs[(aggs[A.metric] == "metascore")]
    assert no_n[A.ci_low].isna().all()
    assert no_n[A.ci_method].str.contains("no sample size").all()


def test_imdb_snapshots_ordered_by_votes(seed_corpus):
    A, D = Aggregates, Documents
    ratings = seed_corpus.aggregates[seed_corpus.aggregates[A.metric] == "user_rating"]
    ordered = ratings.sort_values(A.snapshot_rank)
    assert ordered[A.value].tolist() == [7.7, 7.6]
    docs = seed_corpus.documents.set_index(D.document_id)
    old = docs.loc[doc_id(seed_corpus, "004")]
    assert old[D.snapshot_rank] == 1
    assert old[D.as_of].startswith("2017")
    assert docs.loc[doc_id(seed_corpus, "002"), D.snapshot_rank] == 2
    meters = seed_corpus.aggregates[seed_corpus.aggregates[A.metric] == "tomatometer"]
    assert meters.sort_values(A.snapshot_rank)[A.n].tolist() == [41, 56]


def test_works_film_and_game_variants(seed_corpus):
    works = seed_corpus.works.set_index("work_id")
    film = works.loc[FILM]
    assert film["title"] == "The City of Lost Children"
    assert film["original_title"].casefold() == "la cité des enfants perdus"
    assert film["year"] == 1995
    assert film["kind"] == "film"
    assert film["imdb_id"] == "tt0112682"
    games = works[works["kind"] == "video_game"]
    assert sorted(games["platform_variant"]) == ["PC", "PlayStation"]
    assert (games["parent_work_id"] == FILM).all()


def test_related_titles_keep_entries_without_title(seed_corpus):
    rel = seed_corpus.related_titles
    readable = rel[rel["document_id"] == doc_id(seed_corpus, "002")]
    assert len(readable) == 12
    untitled = readable[readable["title"].isna()]
    assert len(untitled) == 5
    somme = untitled[untitled["description"].str.contains("Somme")].iloc[0]
    assert somme["directors"] == "Jean-Pierre Jeunet"
    assert somme["rating"] == 7.6
    named = readable.set_index("title")
    assert named.loc["Delicatessen", "rating"] == 7.6
    assert named.loc["Brazil", "year"] == 1985
    flat = rel[rel["document_id"] == doc_id(seed_corpus, "004")].set_index("title")
    assert flat["rating"].to_dict() == {
        "delicatessen": 7.7,
        "mic macs à tire-larigot": 7.2,
        "un long dimanche de fiançailles": 7.7,
        "brazil": 8.0,
    }


def test_figures_with_provenance(seed_corpus):
    figs = seed_corpus.figures

    def get(prefix, figure):
        rows = figs[
            (figs["document_id"] == doc_id(seed_corpus, prefix)) & (figs["figure"] == figure)
        ]
        return rows["value"].item()

    assert get("000", "budget") == 18_000_000
    assert get("002", "budget") == 18_000_000
    assert get("002", "us_gross") == 1_738_611
    assert get("004", "us_gross") == 1_513_028
    assert get("002", "worldwide_gross") == 1_781_465
    assert get("002", "opening_weekend") == 34_348
    assert (get("002", "wins"), get("002", "nominations")) == (3, 12)
    assert (get("004", "wins"), get("004", "nominations")) == (2, 11)
    assert get("000", "runtime") == 112
    assert get("004", "runtime") == 112


@pytest.mark.parametrize(
    ("table", "metric", "values", "reason"),
    [
        ("aggregates", "user_rating", {7.7, 7.6}, "snapshot"),
        ("aggregates", "tomatometer", {78.0, 78.6}, "snapshot"),
        ("figures", "us_gross", {1_738_611, 1_513_028}, "snapshot"),
        ("figures", "wins", {3, 2}, "snapshot"),
        ("figures", "nominations", {12, 11}, "snapshot"),
        ("figures", "box_office", {1_738_611, 1_781_465}, "definition"),
    ],
)
def test_conflicts(seed_corpus, table, metric, values, reason):
    C = Conflicts
    c = seed_corpus.conflicts
    rows = c[(c[C.table] == table) & (c[C.metric] == metric)]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert {row[C.value_a], row[C.value_b]} == values
    assert row[C.reason] == reason
    assert row[C.document_a] != row[C.document_b]


def test_tomatometer_conflict_names_both_sample_sizes(seed_corpus):
    c = seed_corpus.conflicts
    row = c[c[Conflicts.metric] == "tomatometer"].iloc[0]
    assert {row[Conflicts.n_a], row[Conflicts.n_b]} == {41, 56}


def test_equal_statements_are_not_conflicts(seed_corpus):
    c = seed_corpus.conflicts
    assert not (c[Conflicts.metric].isin(["metascore", "budget", "runtime"])).any()
