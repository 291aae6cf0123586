"""Review tables: recognised columns, mapping, scales, and every row accounted for."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import FIXTURES, SEEDS

from analysis import load_corpus
from analysis.errors import InputError
from analysis.ingest.tables import UNREAD_COLUMNS, parse_mapping, read_reviews_table

TABLES = FIXTURES / "tables"
MESSY_MAP = "text=review_body,rating=stars,date=when,author=user,work=movie"


def test_messy_csv_every_row_accounted_for():
    read = read_reviews_table(TABLES / "messy.csv", "messy", parse_mapping(MESSY_MAP))
    dropped = [s for s in read.skipped if not s["section"].endswith(("date", "rating"))]
    assert read.rows_read == 8
    assert len(read.reviews) + len(dropped) == read.rows_read
    reasons = {s["section"]: s["reason"] for s in read.skipped}
    assert reasons["line 4"] == "no review text in column 'review_body'"
    assert reasons["line 7"] == "6 fields where the header has 5"
    assert reasons["line 8"].startswith("rating outside its scale 0-5")
    assert reasons["line 9"].startswith("duplicate of an earlier row")
    assert reasons["line 10 rating"] == (
        "rating 'x' in column 'stars' is not a rating in a form we read (7, 7/10, 4 out of 5, "
        "80%, B+, ★★★½): the review is stored without a rating"
    )
    assert "unparseable date 'not a date'" in reasons["line 6 date"]


def test_messy_csv_values_are_cleaned():
    r = read_reviews_table(
        TABLES / "messy.csv", "messy", parse_mapping(MESSY_MAP)
    ).reviews.set_index("author")
    assert (
        r.loc["ann", "text"] == "Loved it. The score is gorgeous\nand the sets too."
    )  # <br /> cleaned
    assert r.loc["dan", "text"] == "A quoted\nnewline review, quite fine."  # quoted newline kept
    assert pd.isna(r.loc["dan", "date"])
    assert r.loc["bob", "date"] == "2021-03-03"
    assert (r["rating_scale"].dropna() == 5).all()
    assert pd.isna(r.loc["gil", "rating"])  # "x": kept, without a rating
    assert set(r["work_id"]) == {"amelie", "delicatessen"}


def test_common_column_names_need_no_mapping(tmp_path):
    path = tmp_path / "reviews.tsv"
    path.write_text(
        "review\tscore\tuser\ttitle_id\nGreat!\t80\tx\ttt0000001\nBad.\t20\ty\ttt0000001\n",
        encoding="utf-8",
    )
    r = read_reviews_table(path, "t").reviews
    assert r["rating_scale"].tolist() == [100.0, 100.0]
    assert r["work_id"].tolist() == ["tt0000001", "tt0000001"]


def test_missing_text_column_is_one_clear_error(tmp_path):
    path = tmp_path / "no_text.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    corpus = load_corpus([path])
    (row,) = corpus.skipped.itertuples()
    assert "no_text.csv: no review text column" in row.reason
    assert "--map text=COLUMN" in row.reason


@pytest.mark.parametrize("spec", ["text", "text=", "colour=red", "rating_scale="])
def test_bad_mapping(spec):
    with pytest.raises(InputError, match="bad --map entry"):
        parse_mapping(spec)


def test_an_empty_mapping_reads_the_field_from_no_column(tmp_path):
    """``--map rating=`` leaves the rating unread though the table has a column the reader
    would take for it (the dashboard's "(none)"), on the command line too: the reviews are
    stored without ratings, and the column is named as not read."""
    from typer.testing import CliRunner

    from analysis.cli import app
    from analysis.collection import Store

    path = tmp_path / "r.csv"
    path.write_text("review,score\nLoved it.,3\nHated it.,1\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert parse_mapping("rating=,author=") == {"rating": "", "author": ""}
    run = CliRunner().invoke(app, ["ingest", str(path), "--db", str(db), "--map", "rating="])
    assert run.exit_code == 0, run.output
    corpus = Store(db).load().corpus
    reviews = corpus.reviews
    assert len(reviews) == 2
    assert reviews["rating"].isna().all()
    unread = corpus.skipped.loc[corpus.skipped["section"] == UNREAD_COLUMNS, "reason"]
    assert unread.str.contains("score").any(), corpus.skipped
    read_by_default = load_corpus([path]).reviews
    assert read_by_default["rating"].notna().all()  # without the mapping "score" is read


def test_jsonl_with_broken_lines_joins_the_page_work():
    corpus = load_corpus([TABLES / "reviews.jsonl", SEEDS])
    table = corpus.reviews[corpus.reviews["document_id"] == "reviews"]
    assert len(table) == 2
    # the table's IMDb id tt0112682 is the film the seed pages describe
    assert set(table["work_id"]) == {"the-city-of-lost-children-1995"}
    lines = corpus.skipped[corpus.skipped["path"].str.endswith("reviews.jsonl")]
    assert lines["section"].tolist() == ["line 2", "line 4"]


def test_imdb_sample_parquet_loads_as_is():
    corpus = load_corpus([FIXTURES / "imdb_sample.parquet"])
    rows_left_out = corpus.skipped[corpus.skipped["section"] != UNREAD_COLUMNS]
    assert len(corpus.reviews) + len(rows_left_out) == 600
    (unread,) = corpus.skipped.loc[corpus.skipped["section"] == UNREAD_COLUMNS, "reason"]
    assert "columns not read: split, label (" in unread  # the data set's own, not a review's
    assert "<br" not in " ".join(corpus.reviews["text"])
    assert corpus.reviews["rating_scale"].eq(10).all()
    assert corpus.documents["kind"].tolist() == ["table"]


def test_a_review_in_a_page_and_in_a_table_export_is_one_review(tmp_path):
    """One id recipe (work, author, words): the seed IMDb review by Jeremy-93, exported to
    a CSV with the film's IMDb id and re-spaced, is the same review, listed as skipped."""
    pages = load_corpus([SEEDS])
    page_review = pages.reviews[pages.reviews["author"] == "Jeremy-93"].iloc[0]
    export = pd.DataFrame(
        {
            "title_id": ["tt0112682", "tt0112682"],
            "author": ["Jeremy-93", "Someone else"],
            "text": ["  " + page_review["text"].replace(" ", "  ") + "\n", page_review["text"]],
            "rating": [None, None],
        }
    )
    export.to_csv(tmp_path / "export.csv", index=False)
    both = load_corpus([SEEDS, tmp_path / "export.csv"])
    assert len(both.reviews) == len(pages.reviews) + 1  # Jeremy-93's is not stored twice
    again = both.skipped[both.skipped["reason"] == "same review already read from an earlier file"]
    assert again["path"].tolist() == [str(tmp_path / "export.csv")]
    other = both.reviews[both.reviews["author"] == "Someone else"]
    assert other["work_id"].tolist() == [page_review["work_id"]]  # joined by IMDb id


def test_parquet_bad_rows_are_each_accounted_for(tmp_path):
    """A Parquet file with an empty text, a missing text, a rating that is not a number, one
    out of scale and a duplicate: rows read = stored + skipped, each skip with its row."""
    rows = pd.DataFrame(
        {
            "text": [
                "A gorgeous film with a lovely score.",  # row 1: stored
                "",  # row 2: empty text
                None,  # row 3: no text
                "The plot drags and the dubbing grates.",  # row 4: stored, without a rating
                "Out of scale, but a fine review otherwise.",  # row 5: rating 42 on a 10 scale
                "A gorgeous film with a lovely score.",  # row 6: duplicate of row 1
                "Dull, long and forgettable.",  # row 7: stored
            ],
            "rating": ["9", "7", "8", "x", "42", "9", "2"],
            "author": ["ann", "bob", "cat", "dan", "eve", "ann", "fay"],
            "title_id": ["tt0112682"] * 7,
        }
    )
    path = tmp_path / "reviews.parquet"
    rows.to_parquet(path)
    corpus = load_corpus([path])
    assert corpus.reviews["author"].tolist() == ["ann", "dan", "fay"]
    assert corpus.reviews["rating_scale"].fillna(0).tolist() == [10.0, 0, 10.0]
    skipped = corpus.skipped.set_index("section")["reason"].to_dict()
    assert set(skipped) == {"row 2", "row 3", "row 4 rating", "row 5", "row 6"}
    assert skipped["row 2"] == skipped["row 3"] == "no review text in column 'text'"
    assert skipped["row 4 rating"].startswith(
        "rating 'x' in column 'rating' is not a rating in a form"
    )
    assert skipped["row 5"].startswith("rating outside its scale 0-10")
    assert skipped["row 6"].startswith("duplicate of an earlier row")
    acc = corpus.accounting().iloc[0]
    assert (acc["rows_read"], acc["rows_stored"], acc["rows_skipped"]) == (7, 3, 4)


def test_a_works_kind_is_its_rows_most_common_kind_ties_to_the_first_in_order():
    import pandas as pd

    from analysis.ingest.tables import _most_common

    frame = pd.DataFrame(
        {
            "work_id": ["a", "a", "a", "b", "b", "c"],
            "_kind": ["video_game", "film", "video_game", "video_game", "film", "film"],
        }
    )
    assert _most_common(frame, "work_id", "_kind").to_dict() == {
        "a": "video_game",
        "b": "film",
        "c": "film",
    }


def test_a_tables_review_ids_are_the_one_recipes():
    """``review_ids`` (a whole table at once) gives each row ``ids.review_id``."""
    from analysis.ids import review_id
    from analysis.ingest.tables import review_ids

    works = ["tt0112682", "tt0112682", "the-film", "tt0112682"]
    authors = ["Jeremy-93", None, "Ünïcode Name", "Jeremy-93"]
    texts = ["  Great\u3000film ", "Great film", "Straße\tIS\nbig", "great FILM"]
    frame = pd.DataFrame({"work_id": works, "author": authors, "text": texts})
    expected = [review_id(*row) for row in zip(works, authors, texts, strict=True)]
    assert review_ids(frame).tolist() == expected
    assert expected[0] == expected[3] != expected[1]  # spacing and case folded, author kept


def _read(tmp_path, name: str, text: str, spec: str | None = None):
    """A table written to ``name`` and read back (``spec``: a ``--map`` string)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_reviews_table(path, name.split(".")[0], parse_mapping(spec))


def _titles(read) -> dict[str, str]:
    return read.works.set_index("work_id")["title"].to_dict()


def test_a_name_column_beside_an_id_column_names_the_work(tmp_path):
    """A table with an id column (title_id, imdb_id) and a name column (movie, game, title):
    the work keeps its id and takes its name; a column that changes within a work is each
    review's own title (a headline), not the work's name; ``--map work_name=`` says which."""
    games = _read(
        tmp_path,
        "games.jsonl",
        '{"game": "Hades", "title_id": "g-1", "review_body": "Great music.", "stars": 5}\n'
        '{"game": "Hades", "title_id": "g-1", "review_body": "Repetitive.", "stars": 2}\n'
        '{"game": "", "title_id": "g-2", "review_body": "Fine.", "stars": 3}\n',
    )
    assert _titles(games) == {"g-1": "Hades", "g-2": "g-2"}  # a blank name keeps the id

    films = _read(
        tmp_path,
        "films.csv",
        "imdb_id,title,review\n"
        "tt0211915,Amélie,Lovely.\ntt0211915,Amelie,Sweet.\ntt0211915,Amélie,Odd.\n"
        "tt0101700,Delicatessen,Dark.\ntt0101700,Delicatessen,Funny.\n",
    )
    assert _titles(films) == {"tt0211915": "Amélie", "tt0101700": "Delicatessen"}  # 1st spelling
    assert films.reviews["title"].isna().all()  # the name is not a review's headline

    text = (
        "title_id,title,review\n"
        "tt0211915,Loved it,Lovely.\ntt0211915,Too sweet,Sweet.\ntt0101700,Odd,Dark.\n"
    )
    headlines = _read(tmp_path, "headlines.csv", text)
    assert _titles(headlines) == {"tt0211915": "tt0211915", "tt0101700": "tt0101700"}
    assert headlines.reviews["title"].tolist() == ["Loved it", "Too sweet", "Odd"]
    mapped = _read(tmp_path, "headlines.csv", text, "work_name=title")
    assert set(_titles(mapped).values()) == {"Loved it", "Odd"}  # the user's word wins

    # a name in the work column itself is the name, and a "title" beside it is left alone
    named = _read(tmp_path, "named.csv", "movie,title,review\nAmélie,Loved it,Lovely.\n")
    assert list(_titles(named).values()) == ["Amélie"]


def test_common_export_layouts_need_no_mapping(tmp_path):
    """An Amazon-style export (product_id, product_title, review_headline, star_rating,
    helpful_votes / total_votes) and a Steam-style one (app_id, app_name, review_text):
    ids key the works, names name them, votes are counted; a cell that is not a count is
    reported and its review stored without it."""
    amazon = _read(
        tmp_path,
        "amazon.tsv",
        "customer_id\treview_id\tproduct_id\tproduct_title\tstar_rating\thelpful_votes\t"
        "total_votes\treview_headline\treview_body\treview_date\n"
        "c1\tr1\tB0001\tBrazil (DVD)\t5\t3\t4\tGreat\tA fine film.\t2015-08-31\n"
        "c2\tr2\tB0001\tBrazil (DVD)\t2\tmany\t-1\tMeh\tToo long.\t2015-09-01\n",
    )
    r = amazon.reviews
    assert r["work_id"].tolist() == ["b0001", "b0001"]
    assert _titles(amazon) == {"b0001": "Brazil (DVD)"}
    assert r["title"].tolist() == ["Great", "Meh"]
    assert r["author"].tolist() == ["c1", "c2"]
    assert r["helpful_yes"].tolist()[0] == 3
    assert r["helpful_total"].tolist()[0] == 4
    assert r[["helpful_yes", "helpful_total"]].iloc[1].isna().all()
    reasons = {s["section"]: s["reason"] for s in amazon.skipped}
    assert reasons["line 3 helpful_votes"].startswith("helpful_votes 'many' is not a count")
    assert "line 3 total_votes" in reasons

    steam = _read(
        tmp_path,
        "steam.csv",
        "app_id,app_name,review_text,review_score,review_votes\n"
        "1145360,Hades,Great music.,1,0\n1145360,Hades,Repetitive.,-1,0\n",
    )
    assert _titles(steam) == {"1145360": "Hades"}


CRITICS = "title_id,critic_name,review_type,review_date,review_content\n" + "".join(
    f"tt0112682,Critic {i},{'Fresh' if i < 5 else 'Rotten'},2016-0{1 + i % 9}-1{i},"
    f"{'A dazzling and inventive fantasy' if i < 5 else 'Striking but cold and muddled'} ({i}).\n"
    for i in range(10)
)


def test_a_critic_tables_fresh_share_stands_beside_the_published_tomatometer(tmp_path):
    """Critic reviews with Fresh/Rotten verdicts, of the seeds' film (by its IMDb id), give
    a Tomatometer counted from them (5 of 10, Wilson interval, as of the latest review),
    kept apart from the pages' published ones (another series, not a snapshot of theirs),
    and the disagreement is explained as a different selection of reviews; the same from
    a store, whose load finds the conflicts again."""
    from analysis.collection import Store

    (tmp_path / "critics.csv").write_text(CRITICS, encoding="utf-8")
    corpus = load_corpus([SEEDS, tmp_path / "critics.csv"])
    a = corpus.aggregates
    counted = a[a["metric"] == "tomatometer_counted"]
    assert counted[["work_id", "value", "n", "as_of", "snapshot_rank"]].values.tolist() == [
        ["the-city-of-lost-children-1995", 50.0, 10, "2016-09-18", 1]
    ]
    assert counted["ci_method"].tolist() == ["Wilson from exact counts"]
    published = a[a["metric"] == "tomatometer"].sort_values("snapshot_rank")
    assert published["n"].tolist() == [41, 56]  # their ranks untouched by the table's
    c = corpus.conflicts
    pairs = c[c["metric_b"] == "tomatometer_counted"]
    assert sorted(pairs["n_a"].astype(int)) == [41, 56]
    assert set(pairs["reason"]) == {"definition"}
    assert set(pairs["explanation"]) == {
        "the Tomatometer the site published, against the share of a review table's critic "
        "reviews marked Fresh: the table is its own selection of reviews"
    }
    store = Store(tmp_path / "s.duckdb")
    store.ingest([SEEDS, tmp_path / "critics.csv"])
    loaded = store.load().corpus
    stored = loaded.conflicts
    assert len(stored[stored["metric_b"] == "tomatometer_counted"]) == 2
    la = loaded.aggregates
    assert la[la["metric"] == "tomatometer_counted"]["n"].tolist() == [10]


def test_two_critic_tables_counts_are_two_selections_not_snapshots(tmp_path):
    """Two tables' counted Tomatometers of one film differ because each holds its own
    reviews, not because one is later: the explanation says so, read directly and from a
    store (whose load recomputes the conflicts)."""
    from analysis.collection import Store

    (tmp_path / "a.csv").write_text(CRITICS, encoding="utf-8")
    other = CRITICS.replace("Critic ", "Reviewer ").splitlines()
    (tmp_path / "b.csv").write_text("\n".join(other[:5]) + "\n", encoding="utf-8")  # 4, Fresh
    why = (
        "counted from the reviews review tables hold (4 vs 10): each table is its own "
        "selection of reviews, not a capture of a page"
    )
    direct = load_corpus([tmp_path / "a.csv", tmp_path / "b.csv"]).conflicts
    assert direct[["reason", "explanation"]].values.tolist() == [["definition", why]]
    store = Store(tmp_path / "s.duckdb")
    store.ingest([tmp_path / "a.csv", tmp_path / "b.csv"])
    stored = store.load().corpus.conflicts
    assert stored[["reason", "explanation"]].values.tolist() == [["definition", why]]


def test_a_title_known_only_from_critic_reviews_has_their_counted_score_as_critics():
    """In the Titles table a counted Tomatometer speaks for critics only where no published
    score does: the critic table's own film gets it; the seeds' film keeps its Metascore."""
    import tempfile
    from pathlib import Path

    from analysis import score_corpus
    from analysis.views.titles import titles_table

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "critics.csv"
        path.write_text(CRITICS.replace("tt0112682", "tt0000042"), encoding="utf-8")
        scored = score_corpus(load_corpus([SEEDS, path]), workers=1)
    table = titles_table(scored).set_index("work_id")
    assert table.loc["tt0000042", ["critics", "critics_source"]].tolist() == [
        50.0,
        "rotten_tomatoes tomatometer_counted",
    ]
    assert table.loc["the-city-of-lost-children-1995", "critics_source"] == "metacritic metascore"
