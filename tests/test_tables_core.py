"""The review-table reader on small hand-made files: every column it recognises, every
row it refuses (with the exact reason and line), and the messages for unusable files."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.ingest.tables import _rating_scale, _ratings, parse_mapping, read_reviews_table


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
        "line 4 rating": "rating 'x' in column 'rating' is not a rating in a form we read (7, "
        "7/10, 4 out of 5, 80%, B+, ★★★½): the review is stored without a rating",
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
        "Words.,good,fay\n",
    )
    rows = table.reviews.set_index("author")
    assert rows.loc[["ann", "bob", "cat", "dan"], "rating"].tolist() == [3.5, 8.0, 4.0, 2.0]
    assert rows.loc[["ann", "bob", "cat", "dan"], "rating_scale"].tolist() == [4, 10, 5, 5]
    assert pd.isna(rows.loc["fay", "rating"])  # no number: kept, without a rating
    assert _skips(table)["line 6"] == (
        "rating outside the scale 0-4 its row gives it ('8/10', a best-rating column)"
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
        "bad --map entry 'colour=red': use FIELD=COLUMN (or FIELD= to read the field from no "
        "column) with FIELD one of "
        "text, rating, best_rating, date, author, work, headline, helpful_yes, helpful_total, source, "
        "review_id, verdict, recommended, kind, year, work_name, average, votes, "
        "original_title, rating_scale"
    )
    for scale in ("abc", "0", "-5"):  # the best rating: a number above 0
        with pytest.raises(InputError) as err:
            parse_mapping(f"text=a,rating_scale={scale}")
        assert str(err.value) == (
            f"bad --map entry 'rating_scale={scale}': rating_scale is the best rating, a number "
            "above 0"
        )
    with pytest.raises(InputError) as err:  # a review's text comes from some column
        parse_mapping("text=")
    assert str(err.value) == (
        "bad --map entry 'text=': a review's text is read from a column (text=COLUMN)"
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
    assert (
        "looked for text, review, review_text, content, body, comment, review_body, review_content;"
        in str(err.value)
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


def test_rotten_tomatoes_critic_reviews_are_read_with_letter_grades(tmp_path):
    """Rotten Tomatoes' critic reviews as Kaggle's export has them (review_content,
    critic_name, rotten_tomatoes_link, review_score as fractions or letter grades): the
    text, critic and film are read, a letter grade is Metacritic's number of 100, and the
    columns no field takes are named in the report. Before, the file was refused."""
    table = _read(
        tmp_path,
        "rotten_tomatoes_critic_reviews.csv",
        "rotten_tomatoes_link,critic_name,top_critic,publisher_name,review_type,"
        "review_score,review_date,review_content\n"
        "m/0814255,Andrew L. Urban,False,Urban Cinefile,Fresh,,2010-02-06,A fantasy romp.\n"
        "m/0814255,Ben McEachen,False,Sunday Mail,Rotten,3.5/5,2010-02-09,Hard to predict.\n"
        "m/0878835,Ethan Alter,True,Hollywood Reporter,Rotten,C,2010-02-10,Dull.\n"
        "m/0878835,Ann Hornaday,True,Washington Post,Fresh,B+,2010-02-11,A charmer.\n"
        "m/0878835,Joe Critic,False,Blog,Fresh,A-,2010-02-12,Lovely.\n",
    )
    rows = table.reviews.set_index("author")
    assert len(rows) == 5
    assert rows.loc["Andrew L. Urban", "text"] == "A fantasy romp."
    assert rows["work_id"].tolist() == ["m-0814255"] * 2 + ["m-0878835"] * 3
    assert rows.loc["Ethan Alter", "date"] == "2010-02-10"
    grades = rows.loc[["Ethan Alter", "Ann Hornaday", "Joe Critic"]]
    assert grades["rating"].tolist() == [50.0, 83.0, 91.0]
    assert grades["rating_scale"].tolist() == [100.0] * 3
    assert rows.loc["Ben McEachen", ["rating", "rating_scale"]].tolist() == [3.5, 5.0]
    assert pd.isna(rows.loc["Andrew L. Urban", "rating"])  # no score given: none invented
    assert _skips(table)["columns"] == (
        f"{tmp_path / 'rotten_tomatoes_critic_reviews.csv'}: columns not read: top_critic, "
        "publisher_name (no field of a review is taken from them)"
    )
    # review_type: each film's share of Fresh, counted into an aggregate with exact counts
    counted = {a["work_id"]: a for a in table.aggregates}
    assert counted["m-0814255"] | {"quote": ""} == {
        "work_id": "m-0814255",
        "platform": "rotten_tomatoes",
        "metric": "tomatometer_counted",
        "value": pytest.approx(100 * 1 / 2),
        "scale_max": 100.0,
        "n": 2,
        "fresh": 1,
        "derived": True,
        "as_of": "2010-02-09",
        "quote": "",
    }
    assert counted["m-0878835"]["quote"] == (
        "2 of 3 critic reviews marked Fresh (review_type in rotten_tomatoes_critic_reviews.csv)"
    )


def test_a_verdict_column_counts_only_fresh_and_rotten(tmp_path):
    """A verdict cell that is neither Fresh nor Rotten keeps its review, is reported and
    not counted; a column named like a verdict that never says either is not one (listed
    as not read, no aggregate)."""
    table = _read(
        tmp_path,
        "v.csv",
        "text,author,movie,review_type\n"
        "Good.,a,Amelie,FRESH\nBad.,b,Amelie,rotten\nHm.,c,Amelie,Certified\nOk.,d,Amelie,\n",
    )
    assert len(table.reviews) == 4
    ((row),) = table.aggregates
    assert (row["n"], row["fresh"]) == (2, 1)
    assert _skips(table)["line 4 review_type"] == (
        "review_type 'Certified' is neither Fresh nor Rotten: the review is stored, not "
        "counted in the table's Tomatometer"
    )
    other = _read(tmp_path, "w.csv", "text,author,review_type\nGood.,a,long\nBad.,b,short\n")
    assert other.aggregates == []
    assert "columns not read: review_type (" in _skips(other)["columns"]


def test_letter_grades_take_metacritics_conversion():
    """The published conversion's fixed points (Metacritic: A and A+ are 100, B+ 83, B- 67,
    C 50, F 0), and only grades as critics write them (capitals)."""
    cells = pd.Series(["A+", "A", "B+", "B-", "C", "F", "b+", "B +", "7"])
    ratings, scales = _ratings(cells)
    assert ratings[:6].tolist() == [100.0, 100.0, 83.0, 67.0, 50.0, 0.0]
    assert scales[:6].tolist() == [100.0] * 6
    assert ratings[6:8].isna().all()  # not a grade as written: reported, stored without
    assert (ratings[8], pd.isna(scales[8])) == (7.0, True)  # a plain number: the column's scale


def test_amazon_review_data_reads_stars_dates_and_vote_pairs(tmp_path):
    """Amazon's review data (McAuley), JSON lines: the 2014 files give ``overall`` stars,
    ``unixReviewTime`` and ``helpful: [helpful, of all]``; the 2018 files ``vote`` as text
    with thousands separators. Before: no rating, no date, and every helpful pair reported."""
    lines = [
        {
            "reviewerID": "A1",
            "asin": "0000031852",
            "reviewerName": "Ann",
            "helpful": [2, 3],
            "reviewText": "Lovely tutu.",
            "overall": 5.0,
            "summary": "Great",
            "unixReviewTime": 1297468800,
            "reviewTime": "02 12, 2011",
        },
        {
            "reviewerID": "A2",
            "asin": "0000031852",
            "reviewerName": "Bob",
            "helpful": [0, 0],
            "reviewText": "Fell apart.",
            "overall": 1.0,
            "summary": "Bad",
            "unixReviewTime": 1358553600,
            "reviewTime": "01 19, 2013",
        },
    ]
    old = _read(tmp_path, "old.jsonl", "\n".join(json.dumps(x) for x in lines))
    r = old.reviews.set_index("author")
    assert r["rating"].tolist() == [5.0, 1.0]
    assert r["rating_scale"].tolist() == [5.0, 5.0]
    assert r["date"].tolist() == ["2011-02-12", "2013-01-19"]
    assert r["helpful_yes"].tolist() == [2, 0]
    assert r["helpful_total"].tolist() == [2 + 1, 0]
    assert r["title"].tolist() == ["Great", "Bad"]
    assert r["work_id"].tolist() == ["0000031852"] * 2
    new_lines = [
        {
            "overall": 4.0,
            "reviewTime": "09 13, 2009",
            "asin": "B0001",
            "reviewerName": "Cy",
            "reviewText": "Good.",
            "vote": "1,234",
        },
        {
            "overall": 2.0,
            "reviewTime": "11 2, 2012",
            "asin": "B0001",
            "reviewerName": "Di",
            "reviewText": "Meh.",
        },
    ]
    new = _read(tmp_path, "new.jsonl", "\n".join(json.dumps(x) for x in new_lines))
    r = new.reviews.set_index("author")
    assert r["date"].tolist() == ["2009-09-13", "2012-11-02"]  # month first: "09 13, 2009"
    assert r.loc["Cy", "helpful_yes"] == 1234
    assert pd.isna(r.loc["Di", "helpful_yes"])
    assert not [s for s in new.skipped if s["section"] != "columns"]


def test_a_column_of_numeric_dates_is_read_in_one_order(tmp_path):
    """Dates in numbers: a day over 12 in the column decides day first (for every row,
    01/02/2010 then being 1 February), a second number over 12 month first, and where
    both occur, the order more cells show; where no cell tells, dots read day first and
    slashes month first; a year first is unambiguous."""

    def dates(cells):
        body = "".join(f"Review {i}.,x{i},{c}\n" for i, c in enumerate(cells))
        return _read(tmp_path, "d.csv", "text,author,date\n" + body).reviews["date"].tolist()

    assert dates(["13/09/2009", "01/02/2010"]) == ["2009-09-13", "2010-02-01"]
    assert dates(["09/13/2009", "01/02/2010"]) == ["2009-09-13", "2010-01-02"]
    assert dates(["01.02.2010"]) == ["2010-02-01"]
    assert dates(["01/02/2010"]) == ["2010-01-02"]
    assert dates(["2009/09/13 10:15"]) == ["2009-09-13"]
    mixed = _read(
        tmp_path,
        "m.csv",
        "text,author,date\nOne.,a,13/01/2010\nTwo.,b,14/01/2010\nThree.,c,01/13/2010\n",
    )
    assert mixed.reviews["date"].tolist()[:2] == ["2010-01-13", "2010-01-14"]
    assert pd.isna(mixed.reviews["date"].tolist()[2])  # against the column's order: reported
    assert _skips(mixed)["line 4 date"].startswith("unparseable date '01/13/2010'")


def test_a_game_tables_platform_is_not_its_source(tmp_path):
    """Metacritic's user comments (Kaggle: Title, Platform, Userscore, Comment, Username,
    and an unnamed index column): Userscore is the rating, and Platform (the reviewer's
    machine) is not the review's source, which stays the file; both unread columns are
    named."""
    table = _read(
        tmp_path,
        "metacritic_game_user_comments.csv",
        ",Title,Platform,Userscore,Comment,Username\n"
        "0,Ocarina of Time,Nintendo64,10,Superb gameplay and music.,Sir\n"
        "1,Ocarina of Time,Nintendo64,3,Clunky controls in this game.,Kai\n",
    )
    r = table.reviews.set_index("author")
    assert r["rating"].tolist() == [10.0, 3.0]
    assert r["rating_scale"].tolist() == [10.0, 10.0]
    assert set(r["source"]) == {"metacritic_game_user_comments.csv"}
    assert "columns not read: (unnamed), Platform (" in _skips(table)["columns"]


REVIEWS_AS_OBJECTS = [
    {"asin": "B0001", "reviewerName": "Ann", "reviewText": "A wonderful film.", "overall": 5},
    {"asin": "B0001", "reviewerName": "Bob", "reviewText": "Boring story.", "overall": 2},
]


def _authors(table) -> list[str]:
    return table.reviews["author"].tolist()


def test_a_json_file_is_read_as_an_array_an_object_holding_one_or_json_lines(tmp_path):
    """``.json`` files of reviews come in three shapes: an array of objects, an object
    with one array of objects (Steam's review API: nested authors flattened, so
    ``author.steamid`` is the author), and JSON lines named ``.json`` (Amazon's review
    data). Before, each was refused as an unknown page kind."""
    array = _read(tmp_path, "a.json", json.dumps(REVIEWS_AS_OBJECTS))
    assert _authors(array) == ["Ann", "Bob"]
    assert array.reviews["rating"].tolist() == [5.0, 2.0]
    lines = _read(tmp_path, "l.json", "\n".join(json.dumps(r) for r in REVIEWS_AS_OBJECTS))
    assert _authors(lines) == ["Ann", "Bob"]
    steam = {
        "success": 1,
        "query_summary": {"num_reviews": 2},
        "reviews": [
            {
                "author": {"steamid": "7656", "playtime_forever": 90},
                "review": "Great game!",
                "timestamp_created": 1600000000,
                "votes_up": 3,
            },
            {
                "author": {"steamid": "7657", "playtime_forever": 5},
                "review": "Refunded.",
                "timestamp_created": 1600086400,
                "votes_up": 0,
            },
            "not a review",
        ],
        "cursor": "AoJ4",
    }
    api = _read(tmp_path, "steam.json", json.dumps(steam))
    assert _authors(api) == ["7656", "7657"]
    assert api.reviews["date"].tolist() == ["2020-09-13", "2020-09-14"]
    assert api.reviews["helpful_yes"].tolist() == [3, 0]
    assert _skips(api)["item 3"] == "a JSON value that is not an object"
    assert api.rows_read == 3
    assert "author_playtime_forever" in _skips(api)["columns"]
    # the object's other values are every row's, named, not dropped unsaid
    assert "file_success, file_cursor, file_query_summary_num_reviews" in _skips(api)["columns"]


def test_the_values_around_a_json_list_of_reviews_can_be_read_as_fields(tmp_path):
    """TMDB's reviews of one film: {"id": 550, "results": [...]}. The film's id is the
    file's, so every review carries it as file_id, which --map reads as the work."""
    tmdb = {
        "id": 550,
        "page": 1,
        "results": [
            {"author": "Ann", "content": "Sharp and angry.", "author_details": {"rating": 8.0}},
            {"author": "Bob", "content": "Overrated.", "author_details": {"rating": None}},
        ],
        "total_pages": 1,
    }
    plain = _read(tmp_path, "550.json", json.dumps(tmdb))
    assert set(plain.reviews["work_id"]) == {"unknown"}
    assert "file_id, file_page, file_total_pages" in _skips(plain)["columns"]
    mapped = _read(
        tmp_path,
        "550.json",
        json.dumps(tmdb),
        parse_mapping("work=file_id,rating=author_details_rating"),
    )
    assert mapped.reviews["work_id"].tolist() == ["550", "550"]
    assert mapped.reviews["rating"].tolist()[0] == 8.0


def test_a_json_file_without_reviews_is_refused_with_what_it_holds(tmp_path):
    with pytest.raises(InputError) as err:
        _read(tmp_path, "cfg.json", json.dumps({"name": "x", "items": [1, 2]}))
    assert str(err.value) == (
        f"{tmp_path / 'cfg.json'}: a JSON object without one list of reviews to read (keys: "
        "name, items); give an array of review objects, or JSON lines"
    )
    with pytest.raises(InputError, match=r"cut\.json: not valid JSON \("):
        _read(tmp_path, "cut.json", '[{"text": "A cut')


def test_gzipped_tables_are_read_and_their_size_is_limited_once_decompressed(tmp_path):
    """Data sets ship compressed (Amazon's ``reviews_Movies.json.gz``, ``.csv.gz``): read
    as the table inside. The table limit applies to the decompressed bytes, so a small
    archive of a huge file is refused; a file that is not gzip inside says so."""
    import gzip

    from analysis.settings import Settings

    body = "\n".join(json.dumps(r) for r in REVIEWS_AS_OBJECTS)
    (tmp_path / "r.json.gz").write_bytes(gzip.compress(body.encode("utf-8")))
    assert _authors(read_reviews_table(tmp_path / "r.json.gz", "d")) == ["Ann", "Bob"]
    csv_text = "text,rating,author\n" + "A fine film indeed.,4,x\n" * 1 + "Poor.,1,y\n"
    (tmp_path / "r.csv.gz").write_bytes(gzip.compress(csv_text.encode("utf-8")))
    assert _authors(read_reviews_table(tmp_path / "r.csv.gz", "d")) == ["x", "y"]
    tight = Settings(max_table_bytes=len(csv_text) - 1)
    with pytest.raises(InputError, match="over the .*-byte limit for a review table once decomp"):
        read_reviews_table(tmp_path / "r.csv.gz", "d", settings=tight)
    (tmp_path / "fake.csv.gz").write_text(csv_text)
    with pytest.raises(InputError, match=r"fake\.csv\.gz: cannot decompress as gzip"):
        read_reviews_table(tmp_path / "fake.csv.gz", "d")


def test_which_file_names_are_review_tables():
    from analysis.ingest.tables import table_kind, upload_file_name

    kinds = {
        n: table_kind(n)
        for n in (
            "a.csv",
            "b.CSV.GZ",
            "c.json",
            "d.jsonl.gz",
            "e.parquet",
            "f.parquet.gz",
            "g.tar.gz",
            "h.html",
            "i.txt",
            "j.2020.tsv",
        )
    }
    assert kinds == {
        "a.csv": "csv",
        "b.CSV.GZ": "csv",
        "c.json": "json",
        "d.jsonl.gz": "jsonl",
        "e.parquet": "parquet",
        "f.parquet.gz": None,
        "g.tar.gz": None,
        "h.html": None,
        "i.txt": None,
        "j.2020.tsv": "tsv",
    }
    assert upload_file_name("Movies.JSON.gz", b"x").endswith(".json.gz")
    assert upload_file_name("Movies.JSON.gz", b"x").startswith("upload-Movies-")
    assert upload_file_name("site.tar.gz", b"x").endswith(".txt")


def test_an_upload_is_named_as_the_user_named_it():
    """An uploaded file's source name is the name the user gave, as far as a safe file name
    holds it: case and spaces kept, accents dropped, a page's own suffix kept though it is
    stored as .txt; same bytes under two names are two stored files."""
    from analysis.ingest.tables import upload_file_name
    from analysis.labels import uploaded_name

    def shown(name: str) -> str | None:
        return uploaded_name(upload_file_name(name, b"some bytes"))

    assert shown("Bewertungen 2024.csv") == "Bewertungen 2024.csv"
    assert shown("Kritiken für Amélie.CSV") == "Kritiken fur Amelie.csv"
    assert shown("v1.2 final.tsv") == "v1.2 final.tsv"
    assert shown("The Film - IMDb.html") == "The Film - IMDb.html"
    assert upload_file_name("The Film - IMDb.html", b"x").endswith(".txt")  # read by content
    assert shown("notes") == "notes.txt"
    assert shown("Straße.csv") == "Stra_e.csv"  # no base letter: one "_"
    assert shown("映画.csv") == "upload.csv"  # nothing left of the name
    assert shown("..\\..\\x.csv") == "x.csv"
    assert upload_file_name("A.csv", b"x") != upload_file_name("a.csv", b"x")


def test_ratings_written_out_as_scraped_pages_show_them(tmp_path):
    """Scraped tables keep ratings as the page wrote them: Amazon's "4.0 out of 5 stars",
    a percentage, Letterboxd's star glyphs ("★★★½", or "★★☆☆☆" with its empty stars):
    each is its value of its own scale; a cell of none of these is reported."""
    table = _read(
        tmp_path,
        "scraped.csv",
        "text,rating,author\n"
        "Fine.,4.0 out of 5 stars,a\nGood.,80%,b\nOk.,★★★½,c\nMeh.,★★☆☆☆,d\n"
        "Hm.,1 of 4,e\nNo.,☆☆,f\n",
    )
    r = table.reviews.set_index("author")
    got = {a: (r.loc[a, "rating"], r.loc[a, "rating_scale"]) for a in "abcde"}
    assert got == {
        "a": (4.0, 5.0),
        "b": (80.0, 100.0),
        "c": (3.5, 5.0),
        "d": (2.0, 5.0),
        "e": (1.0, 4.0),
    }
    assert pd.isna(r.loc["f", "rating"])
    assert _skips(table)["line 7 rating"].startswith("rating '☆☆' in column 'rating' is not")


def test_steams_voted_up_is_counted_into_a_share_recommending_each_game(tmp_path):
    """Steam's reviews (its API's JSON, or a CSV of them) say whether each reviewer
    recommends the game (``voted_up``): counted per game into a Steam aggregate, the share
    recommending it, with the exact counts; a cell that says neither is reported and not
    counted."""
    table = _read(
        tmp_path,
        "steam.csv",
        "app_id,app_name,review,voted_up,timestamp_created\n"
        "1030830,Mafia II,Great story and music.,True,1600000000\n"
        "1030830,Mafia II,Crashes all the time.,False,1600086400\n"
        "1030830,Mafia II,Fun driving.,true,1600172800\n"
        "1030830,Mafia II,Hm.,maybe,1600259200\n"
        "620,Portal 2,A masterpiece.,1,1500000000\n",
    )
    shares = {a["work_id"]: a for a in table.aggregates}
    mafia = shares[table.reviews["work_id"].iloc[0]]
    assert (mafia["platform"], mafia["metric"], mafia["n"], mafia["fresh"]) == (
        "steam",
        "recommended_counted",
        3,
        2,
    )
    assert mafia["value"] == pytest.approx(200 / 3)
    assert mafia["as_of"] == "2020-09-15"  # the latest review counted, not the "maybe"
    assert mafia["quote"] == "2 of 3 reviews recommending it (voted_up in steam.csv)"
    assert _skips(table)["line 5 voted_up"] == (
        "voted_up 'maybe' is neither a yes nor a no: the review is stored, not counted in "
        "the table's % recommended"
    )
    assert len(table.reviews) == 5


def test_a_counted_share_is_a_scorecard_tile_with_its_counts():
    """On the Overview a counted share shows as its counts ("2 of 3 recommend"), on Steam's
    row, with the Wilson interval from the exact counts."""
    from analysis.measures.aggregates import normalise_aggregate
    from analysis.views.scorecard import aggregate_points, scorecard

    row = normalise_aggregate(
        {
            "work_id": "g",
            "platform": "steam",
            "metric": "recommended_counted",
            "value": 200 / 3,
            "scale_max": 100.0,
            "n": 3,
            "fresh": 2,
            "derived": True,
            "as_of": "2020-09-16",
            "quote": "2 of 3 reviews recommending it (voted_up in steam.csv)",
            "document_id": "steam",
        }
    )
    aggs = pd.DataFrame([row | {"snapshot_rank": 1}])
    from analysis.schema import Works, frame

    works = frame(Works, [{"work_id": "g", "title": "Mafia II", "kind": "video_game"}])
    points = aggregate_points(aggs, works)
    (tile,) = scorecard(points, pd.DataFrame({"work_id": [], "text_score_100": []}))
    assert tile.title == "Steam · counted % recommended"
    assert tile.raw == "2 of 3 recommend"
    assert tile.interval.startswith("95% interval 20.8–93.9")


def test_a_label_column_counts_as_recommendations_only_when_mapped(tmp_path):
    """A column called ``label`` is not read as recommendations by itself (it may be a
    sentiment annotation, as the IMDb data set's is); ``--map recommended=label`` makes it
    one, and its pos/neg then count, as the Steam data set writes them."""
    body = "title,text,label\nMafia II,Great game.,pos\nMafia II,Bad game.,neg\nMafia II,Fun.,pos\n"
    plain = _read(tmp_path, "s.csv", body)
    assert plain.aggregates == []
    assert "columns not read: label (" in _skips(plain)["columns"]
    mapped = _read(tmp_path, "s.csv", body, parse_mapping("recommended=label"))
    ((share),) = mapped.aggregates
    assert (share["platform"], share["n"], share["fresh"]) == ("steam", 3, 2)
    assert "columns" not in _skips(mapped)


def test_the_csv_reader_keeps_only_the_columns_asked_for_and_names_them_all():
    """A table's columns no field reads are not held (IMDb's title.basics has nine, four
    read, over millions of rows); the whole header stays, for the note on unread columns."""
    from analysis.ingest.tables import HEADER, _read_delimited

    skipped: list[dict] = []
    frame = _read_delimited("a,b,c\n1,2,3\n4,5,6\n", ",", "t.csv", skipped, keep=lambda h: {"b"})
    assert list(frame.columns) == ["b", "_line"]
    assert frame["b"].tolist() == ["2", "5"]
    assert frame.attrs[HEADER] == ["a", "b", "c"]
    everything = _read_delimited("a,b,c\n1,2,3\n", ",", "t.csv", skipped)
    assert list(everything.columns) == ["a", "b", "c", "_line"]


def test_every_line_ending_ends_a_line_and_reads_as_one_inside_quotes():
    """Windows (\\r\\n), old Mac (\\r) and Unix (\\n) endings each end a line (line numbers
    count them), and a quoted value's line break reads as "\\n" whichever it was written."""
    from analysis.ingest.tables import _read_delimited

    text = 'text,n\r\n"one\r\ntwo",1\rthree,2\nfour,3'
    frame = _read_delimited(text, ",", "t.csv", [])
    assert frame["text"].tolist() == ["one\ntwo", "three", "four"]
    assert frame["_line"].tolist() == [3, 4, 5]


def test_a_count_too_big_for_a_count_is_reported_not_a_crash(tmp_path):
    """99999999999999999999 helpful votes (or votes of a title) is past what a 64-bit count
    holds: before, it wrapped negative and stopped the whole read; now the cell is
    reported and the row kept without it."""
    table = _read(tmp_path, "r.csv", "review,helpful_votes\nGood film.,99999999999999999999\n")
    assert table.reviews["helpful_yes"].isna().all()
    assert _skips(table)["line 2 helpful_votes"] == (
        "helpful_votes '99999999999999999999' is not a count: the review is stored without it"
    )
    titles = _read(
        tmp_path, "t.csv", "tconst,averageRating,numVotes\ntt0000101,7.0,99999999999999999999\n"
    )
    assert titles.titles["votes"].isna().all()
    assert titles.titles["rating"].tolist() == [7.0]


def test_more_helpful_votes_than_votes_keeps_the_helpful_count_only(tmp_path):
    table = _read(
        tmp_path, "r.csv", "review,helpful_votes,total_votes\nGood film.,5,2\nFair film.,2,5\n"
    )
    assert table.reviews["helpful_yes"].tolist() == [5, 2]
    assert table.reviews["helpful_total"].isna().tolist() == [True, False]
    assert _skips(table)["line 2 total_votes"] == (
        "5 helpful of 2 votes in all: the review is stored without the total"
    )


def test_each_rows_best_rating_is_its_scale(tmp_path):
    """Rows rated on different scales (4 of 5 beside 8 of 10, as a table merging two sites
    holds them) each keep their own; a blank best rating takes the table's scale, one that
    is not a number above 0 is reported, and a rating above its row's best is out of it."""
    table = _read(
        tmp_path,
        "mixed.csv",
        "author,review,rating,scale_max\n"
        "ann,Loved it.,4,5\n"
        "bob,Good film.,8,10\n"
        "cat,Boring.,2,\n"
        "dan,Great.,9,abc\n"
        "eve,Awful.,7,5\n"
        "fay,Okay.,3/4,10\n"
        "gus,Meh.,6,0\n",
    )
    rows = table.reviews.set_index("author")
    got = rows.loc[["ann", "bob", "cat", "dan", "fay", "gus"], ["rating", "rating_scale"]]
    assert got.to_numpy().tolist() == [[4, 5], [8, 10], [2, 10], [9, 10], [3, 4], [6, 10]]
    assert "eve" not in rows.index
    skips = _skips(table)
    assert skips["line 5 scale_max"] == (
        "best rating 'abc' in column 'scale_max' is not a number above 0: the rating is read "
        "on the table's scale"
    )
    assert skips["line 6"] == (
        "rating outside the scale 0-5 its row gives it ('8/10', a best-rating column)"
    )
    assert "line 8 scale_max" in skips  # 0 is no best rating either
    assert "columns" not in skips  # scale_max is read


def test_a_json_list_of_schema_org_reviews_is_read_whole(tmp_path):
    """Scrapers write schema.org's Review objects: the reviewed item's name, the rating's
    value and best rating, the date published and the author's name are all read."""
    reviews = [
        {
            "@type": "Review",
            "itemReviewed": {"@type": "Movie", "name": "Delicatessen"},
            "author": {"@type": "Person", "name": "ann"},
            "datePublished": "2021-05-04",
            "name": "A feast",
            "reviewBody": "Inventive and strange.",
            "reviewRating": {"@type": "Rating", "ratingValue": 4, "bestRating": 5},
        },
        {
            "@type": "Review",
            "itemReviewed": {"@type": "Movie", "name": "Delicatessen"},
            "author": {"@type": "Person", "name": "bob"},
            "datePublished": "2021-06-01",
            "reviewBody": "Too odd for me.",
            "reviewRating": {"@type": "Rating", "ratingValue": 3, "bestRating": 10},
        },
    ]
    table = _read(tmp_path, "reviews.json", json.dumps(reviews))
    r = table.reviews.set_index("author")
    assert r.loc["ann", ["rating", "rating_scale", "date"]].tolist() == [4, 5, "2021-05-04"]
    assert r.loc["bob", ["rating", "rating_scale", "date"]].tolist() == [3, 10, "2021-06-01"]
    assert table.works["title"].tolist() == ["Delicatessen"]


def test_a_tables_columns_are_listed_as_it_writes_them(tmp_path):
    """What a form offers for naming a refused table's columns: a CSV's header as written,
    a JSON file's keys flattened with '_', a Parquet file's columns; a page is no table."""
    from analysis.ingest.tables import table_columns

    csv_path = tmp_path / "de.csv"
    csv_path.write_text("Film,Kommentar,Sterne\nAlpha,Gut.,4\n", encoding="utf-8")
    assert table_columns(csv_path) == ["Film", "Kommentar", "Sterne"]
    json_path = tmp_path / "r.json"
    json_path.write_text(json.dumps([{"body": {"de": "Gut."}, "n": 1}]), encoding="utf-8")
    assert sorted(table_columns(json_path)) == ["body_de", "n"]
    pq = tmp_path / "r.parquet"
    pd.DataFrame({"Kommentar": ["Gut."], "Sterne": [4]}).to_parquet(pq)
    assert table_columns(pq) == ["Kommentar", "Sterne"]
    page = tmp_path / "page.txt"
    page.write_text("A page.", encoding="utf-8")
    with pytest.raises(InputError, match="not a review table"):
        table_columns(page)


def test_a_large_csvs_columns_are_read_from_its_first_lines(tmp_path, monkeypatch):
    """A CSV's or TSV's header is read from its first mebibyte, as the whole-file reader
    reads it (quoted names, a byte-order mark, Windows-1252, gzip): the rest of a large
    file is never read. A header that goes on past those bytes, or a file of one line,
    is read whole."""
    import gzip

    from analysis.ingest import tables
    from analysis.ingest.tables import HEAD_BYTES, table_columns

    row = 'Alpha,"Gut, sehr gut.",4\n'
    body = row * (3 * HEAD_BYTES // len(row))  # three mebibytes of rows
    files = {
        "q.csv": ('Film,"Kommentar, kurz",Sterne\n' + body).encode(),
        "bom.csv": b"\xef\xbb\xbfFilm,Kommentar\n" + body.encode(),
        "cp.csv": "Film,Bewertung für\n".encode("cp1252") + body.encode() + "é\n".encode("cp1252"),
        "t.tsv": ("Film\tKommentar\n" + "A\tGut.\n" * 10).encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "z.csv.gz").write_bytes(gzip.compress(files["q.csv"]))
    (tmp_path / "one.csv").write_text("Film,Kommentar\n", encoding="utf-8")
    # the whole-file reader's answer, for each
    whole = {n: table_columns(tmp_path / n) for n in [*files, "z.csv.gz"]}
    assert whole["q.csv"] == ["Film", "Kommentar, kurz", "Sterne"]
    assert whole["bom.csv"] == ["Film", "Kommentar"]
    assert whole["cp.csv"] == ["Film", "Bewertung für"]
    assert whole["t.tsv"] == ["Film", "Kommentar"]
    assert whole["z.csv.gz"] == whole["q.csv"]
    calls = []
    real = tables.read_raw_table
    monkeypatch.setattr(tables, "read_raw_table", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert {n: table_columns(tmp_path / n) for n in whole} == whole
    assert calls == []  # none read whole
    assert table_columns(tmp_path / "one.csv") == ["Film", "Kommentar"]
    assert len(calls) == 1  # one line: nothing after the header to show it ended


def test_only_uploaded_tables_refused_whole_are_offered_a_column_form():
    from analysis.views.tables import refused_tables

    skipped = pd.DataFrame(
        {
            "path": [
                "/u/a.csv",
                "/u/b.txt",
                "/u/c.csv",
                "/u/d.csv",
                "/elsewhere/e.csv",
                "/u/f.csv",
            ],
            "document_id": [None, None, "c", None, None, "f"],  # f: read, as document f
            "section": ["file", "file", "line 3", "columns", "file", "file"],
            "reason": ["no review text column"] * 6,
        }
    )
    uploads = ["/u/a.csv", "/u/b.txt", "/u/c.csv", "/u/d.csv", "/u/f.csv"]
    given = {p: p.rsplit("/", 1)[1] for p in uploads}
    assert refused_tables(skipped, given) == {"/u/a.csv": "a.csv"}


def test_a_form_starts_from_the_columns_read_and_offers_rereading_tables_with_unread_ones():
    from analysis.ingest.tables import named_columns
    from analysis.views.tables import document_choices, rereadable_tables

    header = ["Film", "content", "created_at", "author", "author_details_rating"]
    assert named_columns(header) == {
        "work": "Film",
        "text": "content",
        "date": "created_at",
        "author": "author",
    }
    paths = ["/u/a.json", "/u/b.txt", "/u/c.csv", "/u/title.basics.tsv"]
    skipped = pd.DataFrame(
        {
            "path": paths,
            "document_id": ["a", "b", "c", "basics"],
            "section": ["columns", "columns", "line 2", "columns"],
            "reason": ["columns not read: author_details_rating"] * 4,
        }
    )
    stored = pd.DataFrame({"path": paths, "kind": ["table", "imdb", "table", "titles"]})
    given = {p: p.rsplit("/", 1)[1] for p in paths}
    # a page's notes and a titles table's unread columns (isAdult) are no review's fields
    assert rereadable_tables(skipped, stored, given) == {"/u/a.json": "a.json"}
    docs = pd.DataFrame(
        {
            "document_id": ["upload-r-0123456789ab", "003_rt"],
            "path": ["/tmp/up/upload-r-0123456789ab.csv", "seeds/003_rt.txt"],
            "kind": ["table", "rotten_tomatoes"],
        }
    )
    assert document_choices(docs) == {
        "upload-r-0123456789ab": "r.csv (uploaded) — review table",
        "003_rt": "seeds/003_rt.txt — Rotten Tomatoes page",
    }


def test_a_column_form_offers_every_column_and_none_but_for_the_text():
    from analysis.views.tables import column_choices, form_mapping

    header = ["content", "author_details_rating", "file_id"]
    choices = column_choices(header, {"text": "content", "date": "gone"})
    assert choices["text"] == (header, 0)  # the text is always one of the columns
    assert choices["rating"] == (["(none)", *header], 0)
    assert choices["date"] == (["(none)", *header], 0)  # a column no longer there: none
    chosen = {"text": "content", "rating": "author_details_rating", "work": "(none)"}
    assert form_mapping(chosen) == {
        "text": "content",
        "rating": "author_details_rating",
        "work": "",
    }
