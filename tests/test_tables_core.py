"""The review-table reader on small hand-made files: every column it recognises, every
row it refuses (with the exact reason and line), and the messages for unusable files."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.ingest.tables import _rating_scale, parse_mapping, read_reviews_table


def _read(tmp_path, name: str, content: str | bytes, mapping: dict | None = None):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return read_reviews_table(path, "doc", mapping or {})


def _skips(table) -> dict[str, str]:
    return {s["section"]: s["reason"] for s in table.skipped}


def test_every_recognised_column(tmp_path):
    table = _read(
        tmp_path,
        "r.csv",
        "review_text,stars,created,username,movie,summary,site\n"
        "A fine film.,4,2020-03-01,ann,Amélie,Lovely,letterboxd\n"
        "Too long.,2,,bob,tt0211915,Meh,\n"
        "Zero stars from me.,0,2021-01-01,cat,tt0211915,,letterboxd\n"
        "No film named.,3,2021-01-02,dan,,,\n",
    )
    r = table.reviews
    assert r["text"].tolist() == [
        "A fine film.",
        "Too long.",
        "Zero stars from me.",
        "No film named.",
    ]
    assert r["rating"].tolist() == [4.0, 2.0, 0.0, 3.0]  # 0 is a rating, not a missing one
    assert r["rating_scale"].tolist() == [5.0, 5.0, 5.0, 5.0]
    assert r["date"].fillna("").tolist() == ["2020-03-01", "", "2021-01-01", "2021-01-02"]
    assert r["author"].tolist() == ["ann", "bob", "cat", "dan"]
    assert r["title"].fillna("(none)").tolist() == ["Lovely", "Meh", "(none)", "(none)"]
    assert r["source"].tolist() == ["letterboxd", "r.csv", "letterboxd", "r.csv"]  # empty: the file
    assert r["work_id"].tolist() == ["amelie", "tt0211915", "tt0211915", "unknown"]
    assert r["document_id"].unique().tolist() == ["doc"]
    works = table.works.set_index("work_id")
    assert works.loc["tt0211915", "imdb_id"] == "tt0211915"
    assert pd.isna(works.loc["amelie", "imdb_id"])
    assert table.rows_read == 4
    assert table.skipped == []


def test_only_a_text_column(tmp_path):
    table = _read(tmp_path, "r.csv", 'comment\nNice.\n\n"Good, really."\n')
    r = table.reviews
    assert r["text"].tolist() == ["Nice.", "Good, really."]  # the blank line is no row
    assert r["work_id"].tolist() == ["unknown", "unknown"]
    assert r["rating"].isna().all()
    assert r["rating_scale"].isna().all()
    assert r["source"].tolist() == ["r.csv", "r.csv"]
    assert r["date"].isna().all()
    assert r["title"].isna().all()


def test_refused_rows_and_their_reasons(tmp_path):
    table = _read(
        tmp_path,
        "r.csv",
        "text,rating,date,author\n"
        "Good.,9,2020-01-01,ann\n"  # line 2: kept
        ",7,,bob\n"  # line 3: no text
        "Odd.,x,,cat\n"  # line 4: kept without a rating (not a number)
        "Big.,11,,dan\n"  # line 5: out of the 10 scale
        "Bad date.,8,someday,eve\n"  # line 6: kept without a date
        "Good.,9,2020-01-01,ann\n"  # line 7: duplicate
        "one field\n"  # line 8: ragged
        "a,b,c,d,e\n"  # line 9: ragged
        "Top.,10,,fay\n",  # line 10: kept (the top of the scale)
    )
    assert table.reviews["author"].tolist() == ["ann", "cat", "eve", "fay"]
    assert table.reviews["date"].fillna("").tolist() == ["2020-01-01", "", "", ""]
    assert table.reviews["rating"].isna().tolist() == [False, True, False, False]
    assert _skips(table) == {
        "line 3": "no review text in column 'text'",
        "line 4 rating": "rating 'x' in column 'rating' is not a number or a fraction (7/10): "
        "the review is stored without a rating",
        "line 5": "rating outside its scale 0-10 (set it with --map rating_scale=N)",
        "line 6 date": "unparseable date 'someday': the review is stored without a date",
        "line 7": "duplicate of an earlier row (same work, author and text)",
        "line 8": "1 field where the header has 4",
        "line 9": "5 fields where the header has 4",
    }
    assert {s["path"] for s in table.skipped} == {str(tmp_path / "r.csv")}
    row_level = [s for s in table.skipped if s["section"] in {"line 3", "line 6 date", "line 7"}]
    assert {s["document_id"] for s in row_level} == {"doc"}
    assert table.rows_read == 9
    # the rows kept without a date or a rating are in both
    assert len(table.reviews) + len(table.skipped) - 2 == table.rows_read


def test_a_rating_written_as_a_fraction_carries_its_own_scale(tmp_path):
    """Critics' scores are often fractions ("3.5/4", "8/10"): each keeps its own scale, the
    plain numbers take the scale inferred from the plain numbers, and a fraction above its
    own scale is out of it."""
    table = _read(
        tmp_path,
        "critics.csv",
        "text,rating,author\n"
        "Sharp.,3.5/4,ann\n"
        "Fine.,8 / 10,bob\n"
        "Plain.,4,cat\n"
        "Plainer.,2,dan\n"
        "Odd.,5/4,eve\n"
        "Words.,B+,fay\n",
    )
    rows = table.reviews.set_index("author")
    assert rows.loc[["ann", "bob", "cat", "dan"], "rating"].tolist() == [3.5, 8.0, 4.0, 2.0]
    assert rows.loc[["ann", "bob", "cat", "dan"], "rating_scale"].tolist() == [4, 10, 5, 5]
    assert pd.isna(rows.loc["fay", "rating"])  # a letter grade: kept, without a rating
    assert _skips(table)["line 6"] == (
        "rating outside its scale 0-4 (set it with --map rating_scale=N)"
    )
    assert "eve" not in rows.index


def test_an_export_with_camel_case_columns_and_unix_times_is_read_whole(tmp_path):
    """Column names match whatever their case and separators ("ProductId" is product_id,
    "Review Text" is review_text), and a Unix time in seconds or milliseconds is a date:
    the shape of Amazon's Fine Food reviews (Kaggle), which read before as one "unknown"
    product, with no author, votes or dates."""
    table = _read(
        tmp_path,
        "Reviews.csv",
        "Id,ProductId,UserId,ProfileName,HelpfulnessNumerator,HelpfulnessDenominator,Score,"
        "Time,Summary,Text\n"
        "1,B001E4KFG0,A3SGXH7AUHU8GW,delmartian,1,1,5,1303862400,Good Quality,Great food.\n"
        "2,B00813GRG4,A1D87F6ZCVE5NK,dll pa,0,0,1,1346976000000,Not as Advertised,Bad.\n",
    )
    rows = table.reviews.set_index("author")
    assert sorted(table.reviews["work_id"]) == ["b001e4kfg0", "b00813grg4"]
    assert rows.loc["delmartian", "date"] == "2011-04-27"
    assert rows.loc["dll pa", "date"] == "2012-09-07"  # milliseconds
    assert rows.loc["delmartian", ["helpful_yes", "helpful_total"]].tolist() == [1, 1]
    assert rows.loc["delmartian", "title"] == "Good Quality"
    assert rows["rating_scale"].tolist() == [5.0, 5.0]
    spaced = _read(tmp_path, "s.csv", "Review Text,Star Rating\nLovely.,4\n")
    assert spaced.reviews[["text", "rating"]].values.tolist() == [["Lovely.", 4.0]]


def test_an_unreadable_csv_line_is_skipped_and_the_rest_read(tmp_path):
    huge = "x" * 140_000  # over the csv module's field limit
    table = _read(tmp_path, "r.csv", f"text,author\nFirst.,ann\n{huge},bob\nThird.,cat\n")
    assert table.reviews["author"].tolist() == ["ann", "cat"]
    (skip,) = table.skipped
    assert skip["section"] == "line 3"
    assert skip["reason"].startswith("not readable (field larger than field limit")
    assert skip["path"] == str(tmp_path / "r.csv")


@pytest.mark.parametrize(("name", "kind"), [("r.csv", "CSV"), ("r.tsv", "TSV")])
def test_an_unreadable_header_is_one_clear_error(tmp_path, name, kind):
    with pytest.raises(InputError) as err:
        _read(tmp_path, name, "x" * 140_000 + "\nrow\n")
    assert str(err.value).startswith(
        f"{tmp_path / name}: the header line is not readable as {kind}"
    )


def test_tsv(tmp_path):
    table = _read(tmp_path, "r.tsv", "text\trating\nTabs, and commas.\t3\n")
    assert table.reviews["text"].tolist() == ["Tabs, and commas."]
    assert table.reviews["rating_scale"].tolist() == [5.0]


def test_json_lines(tmp_path):
    lines = [
        json.dumps({"text": "Lovely.", "rating": 5}),
        "{not json",
        json.dumps(["a", "list"]),
        "",
        json.dumps({"text": "Awful.", "rating": 1}),
        json.dumps({"text": "", "rating": 3}),  # line 6: read, then refused for its text
    ]
    table = _read(tmp_path, "r.jsonl", "\n".join(lines) + "\n")
    assert table.reviews["text"].tolist() == ["Lovely.", "Awful."]
    skips = _skips(table)
    assert skips["line 2"].startswith("not valid JSON")
    assert skips["line 3"] == "a JSON value that is not an object"
    assert skips["line 6"] == "no review text in column 'text'"  # its own line number
    assert set(skips) == {"line 2", "line 3", "line 6"}
    assert table.rows_read == 5


def test_a_json_lines_file_with_no_object_has_no_text_column(tmp_path):
    with pytest.raises(InputError, match="no review text column"):
        _read(tmp_path, "r.jsonl", "[1]\n{bad\n")


def test_an_empty_csv(tmp_path):
    with pytest.raises(InputError, match="no review text column"):
        _read(tmp_path, "r.csv", "")


def test_a_file_that_is_not_parquet(tmp_path):
    with pytest.raises(InputError) as err:
        _read(tmp_path, "r.parquet", b"PAR1 but not really")
    assert str(err.value).startswith(f"{tmp_path / 'r.parquet'}: cannot read as Parquet")


def test_undecodable_bytes_name_the_file(tmp_path):
    with pytest.raises(InputError) as err:
        _read(tmp_path, "r.csv", bytes(range(128, 256)) * 50)
    assert str(err.value).startswith(str(tmp_path / "r.csv"))


def test_the_mapping(tmp_path):
    assert parse_mapping("text=body, rating = stars,rating_scale=5") == {
        "text": "body",
        "rating": "stars",
        "rating_scale": "5",
    }
    assert parse_mapping("text=a=b") == {"text": "a=b"}  # the first '=' splits
    assert parse_mapping("") == {}
    with pytest.raises(InputError) as err:
        parse_mapping("colour=red")
    assert str(err.value) == (
        "bad --map entry 'colour=red': use FIELD=COLUMN with FIELD one of "
        "text, rating, date, author, work, headline, helpful_yes, helpful_total, source, "
        "review_id, kind, year, work_name, rating_scale"
    )
    mapped = parse_mapping("text=words,rating=pts,rating_scale=100")
    table = _read(tmp_path, "r.csv", "words,pts\nGood.,7\nFine.,8\n", mapped)
    assert table.reviews["rating_scale"].tolist() == [100.0, 100.0]  # given, not inferred (10)
    with pytest.raises(InputError) as err:
        _read(tmp_path, "r.csv", "words,pts\nGood.,70\n", {"text": "nope"})
    assert str(err.value) == (
        f"{tmp_path / 'r.csv'}: --map names column 'nope', which is not in the file (columns: words, pts)"
    )
    with pytest.raises(InputError) as err:
        _read(tmp_path, "r.csv", "words,pts\nGood.,70\n")
    assert "looked for text, review, review_text, content, body, comment, review_body;" in str(
        err.value
    )


@pytest.mark.parametrize(
    ("ratings", "scale"),
    [
        ([0, 0, 1, 5], 5.0),  # zeros belong to the 0-5 scale
        ([1, 2, 3, 4, 5, 42], 5.0),  # a stray value among stars
        ([1, 2, 6, 9, 10], 10.0),
        ([7, 55, 80, 100], 100.0),
        ([500, 600, 700], 100.0),  # nothing fits: 0-100, and the rows are out of scale
        ([], None),
    ],
)
def test_rating_scale_inference(ratings, scale):
    assert _rating_scale(pd.Series(ratings, dtype=float), None) == scale


def test_out_of_every_scale_says_0_to_100(tmp_path):
    table = _read(tmp_path, "r.csv", "text,rating\nA.,500\nB.,600\n")
    assert set(_skips(table).values()) == {
        "rating outside its scale 0-100 (set it with --map rating_scale=N)"
    }
