"""Titles tables (IMDb's title.basics and title.ratings, or any table of ids with names or
ratings and no review text): read row by row with every refusal reported, kept whole in
the store, and joined to the works by id whenever the corpus is assembled or loaded."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from conftest import SEEDS

from analysis.collection import Store
from analysis.errors import InputError
from analysis.ingest.corpus import load_corpus
from analysis.ingest.tables import read_reviews_table
from analysis.views.tables import accounting_rows
from analysis.views.titles import (
    USERS_COLUMNS,
    has_users,
    matching_titles,
    title_rows,
    title_sorts,
    titles_table,
)

BASICS = (
    "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres\n"
    "tt0000101\tmovie\tThe Quiet Harbour\tLe Port tranquille\t0\t1987\t\\N\t101\tDrama\n"
    "tt0000102\ttvEpisode\tPilot\tPilot\t0\t2004\t\\N\t44\tComedy\n"
    "tt0000103\tvideoGame\tHarbour Run\tHarbour Run\t0\t\\N\t\\N\t\\N\tAction\n"
    "\\N\tmovie\tNo Id Here\tNo Id Here\t0\t1999\t\\N\t90\tDrama\n"
    "tt0112682\tmovie\tA Wrong Name\tA Wrong Name\t0\t1995\t\\N\t112\tFantasy\n"
)
RATINGS = (
    "tconst\taverageRating\tnumVotes\n"
    "tt0000101\t6.8\t1,234\n"
    "tt0000102\tn/a\t55\n"
    "tt0000103\t8.9\t80\n"
    "tt0000104\t7.1\t900\n"
    "tt0000105\t-2\t10\n"
    "tt0112682\t7.5\t71234\n"
)
# reviews of the first three titles, by IMDb id only; the third's reviewers talk of a film
REVIEWS = (
    "imdb_id,review\n"
    "tt0000101,A calm film with a lovely score.\n"
    "tt0000102,The pilot episode was sharp and funny.\n"
    "tt0000103,Great film. The controls feel clunky.\n"
)


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _skips(read) -> dict[str, str]:
    return {s["section"]: s["reason"] for s in read.skipped}


def test_a_basics_table_is_read_as_titles_with_every_refusal_reported(tmp_path):
    read = read_reviews_table(_write(tmp_path, "title.basics.tsv", BASICS), "basics")
    t = read.titles.set_index("title_key")
    assert read.reviews.empty
    assert read.works.empty
    assert t.loc["tt0000101", ["title", "original_title", "year", "kind"]].tolist() == [
        "The Quiet Harbour",
        "Le Port tranquille",
        1987,
        "film",
    ]
    assert (t.loc["tt0000102", "kind"], t.loc["tt0000102", "form"]) == ("film", "TV episode")
    assert t.loc["tt0000103", "kind"] == "video_game"
    assert pd.isna(t.loc["tt0000103", "year"])  # \N: no year, not a refused row
    assert t["line"].tolist() == [2, 3, 4, 6]
    skips = _skips(read)
    assert skips["line 5"] == "no title in column 'tconst'"
    assert skips["columns"].endswith(
        "columns not read: isAdult, endYear, runtimeMinutes, genres (no field of a title is "
        "taken from them)"
    )
    assert t["rating"].isna().all()


def test_a_ratings_table_gives_imdb_ratings_with_their_votes(tmp_path):
    read = read_reviews_table(_write(tmp_path, "title.ratings.tsv", RATINGS), "ratings")
    t = read.titles.set_index("title_key")
    assert t.loc[
        "tt0000101", ["rating", "rating_scale", "rating_text", "votes", "platform"]
    ].tolist() == [6.8, 10.0, "6.8", 1234, "imdb"]
    assert pd.isna(t.loc["tt0000102", "rating"])  # kept, without the rating it lacks
    assert t.loc["tt0000102", "votes"] == 55
    assert _skips(read)["line 3 averageRating"] == (
        "averageRating 'n/a' is not a rating on a scale of 10: the title is kept without it"
    )
    assert pd.isna(t.loc["tt0000105", "rating"])
    assert _skips(read)["line 6 averageRating"] == (
        "averageRating '-2' is not a rating on a scale of 10: the title is kept without it"
    )


def test_imdb_ratings_are_out_of_10_even_when_all_are_low(tmp_path):
    """IMDb rates 1-10: a table of flops (every rating under 5) is not read as 5 stars."""
    path = _write(tmp_path, "flops.tsv", "tconst\taverageRating\tnumVotes\ntt0000101\t3.2\t50\n")
    assert read_reviews_table(path, "flops").titles["rating_scale"].tolist() == [10.0]


def test_another_sites_rating_is_kept_but_is_no_imdb_score(tmp_path):
    """TMDB's vote_average beside IMDb ids is TMDB's, not IMDb's: kept, no score, said."""
    path = _write(
        tmp_path,
        "movies_metadata.csv",
        "imdb_id,title,vote_average,vote_count\ntt0000101,The Quiet Harbour,6.1,40\n",
    )
    read = read_reviews_table(path, "tmdb")
    assert read.titles["platform"].isna().all()
    assert read.titles["rating"].tolist() == [6.1]
    assert "shown as no site's score" in _skips(read)["vote_average"]
    corpus = load_corpus([path, _write(tmp_path, "r.csv", REVIEWS)])
    assert corpus.aggregates.empty
    assert corpus.works.set_index("work_id").loc["tt0000101", "title"] == "The Quiet Harbour"


def test_a_table_with_neither_reviews_nor_titles_is_refused_with_both_reasons(tmp_path):
    path = _write(tmp_path, "x.csv", "tconst,isAdult\ntt0000101,0\n")
    with pytest.raises(InputError) as err:
        read_reviews_table(path, "x")
    assert "no review text column" in str(err.value)
    assert "nor a titles table" in str(err.value)


def test_titles_name_and_score_the_works_read_beside_them(tmp_path):
    corpus = load_corpus(
        [
            _write(tmp_path, "title.basics.tsv", BASICS),
            _write(tmp_path, "title.ratings.tsv", RATINGS),
            _write(tmp_path, "reviews.csv", REVIEWS),
            SEEDS,
        ]
    )
    works = corpus.works.set_index("work_id")
    assert works.loc["tt0000101", ["title", "original_title", "year"]].tolist() == [
        "The Quiet Harbour",
        "Le Port tranquille",
        1987,
    ]
    assert (works.loc["tt0000102", "title"], works.loc["tt0000102", "form"]) == (
        "Pilot",
        "TV episode",
    )
    # IMDb's titleType says game, over the reviewers' "film" and "movie"
    assert works.loc["tt0000103", "kind"] == "video_game"
    # a name the page gave is kept: the table's "A Wrong Name" does not replace it
    assert works.loc["the-city-of-lost-children-1995", "title"] == "The City of Lost Children"
    a = corpus.aggregates[corpus.aggregates["document_id"] == "title.ratings"]
    assert sorted(a["work_id"]) == ["the-city-of-lost-children-1995", "tt0000101", "tt0000103"]
    mine = a.set_index("work_id").loc["tt0000101"]
    assert (mine["platform"], mine["metric"], mine["score_100"], mine["n"]) == (
        "imdb",
        "user_rating",
        68.0,
        1234,
    )
    assert mine["ci_low"] < 68.0 < mine["ci_high"]
    assert mine["ci_method"] == "display rounding + distribution-free sampling bound"
    assert mine["quote"] == "6.8/10 from 1,234 votes (titles table, line 2)"
    # the data set's rating beside the pages' is one more capture of IMDb's score: the
    # latest (it has the most votes), and a difference between them is a snapshot's
    conflicts = corpus.conflicts[
        (corpus.conflicts["metric"] == "user_rating")
        & corpus.conflicts[["document_a", "document_b"]].eq("title.ratings").any(axis=1)
    ]
    assert len(conflicts) == 2
    assert set(conflicts["reason"]) == {"snapshot"}
    ours = corpus.aggregates[
        (corpus.aggregates["work_id"] == "the-city-of-lost-children-1995")
        & (corpus.aggregates["metric"] == "user_rating")
    ]
    assert ours.set_index("document_id")["snapshot_rank"]["title.ratings"] == len(ours)
    # every row of each titles table is kept or reported
    acc = corpus.accounting().set_index("path")
    for name, stored, skipped in (("title.basics.tsv", 4, 1), ("title.ratings.tsv", 6, 0)):
        row = acc.loc[str(tmp_path / name)]
        assert row["kind"] == "titles"
        assert (row["rows_read"], row["rows_stored"], row["rows_skipped"]) == (
            stored + skipped,
            stored,
            skipped,
        )


def test_a_titles_table_stored_first_names_the_titles_that_come_later(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    store.ingest([_write(tmp_path, "title.basics.tsv", BASICS)])
    store.ingest([_write(tmp_path, "title.ratings.tsv", RATINGS)])
    assert store.load().corpus.aggregates.empty  # no work yet to be about
    store.ingest([_write(tmp_path, "reviews.csv", REVIEWS)])
    loaded = store.load()
    works = loaded.corpus.works.set_index("work_id")
    assert works.loc["tt0000101", "title"] == "The Quiet Harbour"
    assert works.loc["tt0000103", "kind"] == "video_game"
    assert sorted(loaded.corpus.aggregates["work_id"]) == ["tt0000101", "tt0000103"]
    # the reviews were scored as the game the table says it is: the controls are a theme
    game = loaded.sentences[
        loaded.sentences["review_id"].isin(
            loaded.reviews.loc[loaded.reviews["work_id"] == "tt0000103", "review_id"]
        )
    ]
    assert "controls" in ";".join(game["themes"])
    # the scores are joined on load, never stored (a second load does not double them)
    with duckdb.connect(str(store.path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM aggregates").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM titles").fetchone()[0] == 10
    assert len(store.load().corpus.aggregates) == 2
    acc = loaded.corpus.accounting()
    assert acc.set_index("path").loc[str(tmp_path / "title.ratings.tsv"), "rows_stored"] == 6
    shown = accounting_rows(acc).set_index("File")
    assert shown.loc[str(tmp_path / "title.ratings.tsv"), "Kind"] == "titles table"
    assert shown.loc[str(tmp_path / "reviews.csv"), "Kind"] == "review table"


def test_a_store_without_a_titles_table_is_read_as_it_is(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    store.ingest([SEEDS])
    with duckdb.connect(str(store.path)) as con:  # as the previous version wrote it
        con.execute("DROP TABLE titles")
    loaded = store.load()
    assert loaded.corpus.titles.empty
    assert len(loaded.reviews) == 7
    assert store.db.works()


def test_the_titles_view_shows_the_users_rating_and_sorts_by_it(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    store.ingest(
        [_write(tmp_path, "title.ratings.tsv", RATINGS), _write(tmp_path, "r.csv", REVIEWS)]
    )
    loaded = store.load()
    table = titles_table(loaded)
    # read with the reviews in one batch, the scores are joined on load, not stored
    with duckdb.connect(str(store.path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM aggregates").fetchone()[0] == 0
    assert sorted(loaded.corpus.aggregates["work_id"]) == ["tt0000101", "tt0000103"]
    assert has_users(table)
    shown = title_rows(table, critics=False).set_index("Title")
    assert shown.loc["tt0000101", USERS_COLUMNS[0]] == 68.0
    # with the interval the Overview's tile gives it, and its votes
    (imdb,) = loaded.corpus.aggregates.query("work_id == 'tt0000101'").itertuples()
    assert imdb.ci_low < 68.0 < imdb.ci_high
    assert shown.loc["tt0000101", "Users' interval"] == f"{imdb.ci_low:.1f}–{imdb.ci_high:.1f}"
    assert shown.loc["tt0000101", "Rating from"] == "IMDb, n = 1,234"
    assert "best rated by users" in title_sorts(critics=False)
    best = matching_titles(table, sort="best rated by users")
    assert best["work_id"].tolist() == ["tt0000103", "tt0000101", "tt0000102"]  # unrated last
    worst = matching_titles(table, sort="worst rated by users")
    assert worst["work_id"].tolist() == ["tt0000101", "tt0000103", "tt0000102"]
    unrated = titles_table(load_corpus_scored(tmp_path))
    assert not has_users(unrated)
    assert "best rated by users" not in title_sorts(critics=False, users=has_users(unrated))
    assert not set(USERS_COLUMNS) & set(title_rows(unrated, False, has_users(unrated)).columns)


def load_corpus_scored(tmp_path):
    store = Store(tmp_path / "plain.duckdb")
    store.ingest([tmp_path / "r.csv"])
    return store.load()


def test_the_first_name_given_wins_by_document_then_line(tmp_path):
    """Two tables naming one title differently: the name of the first by document id (the
    file's name), then by line; not whichever file was listed first."""
    names = [
        _write(tmp_path, "b_names.csv", "tconst,primaryTitle\ntt0000101,From B\n"),
        _write(
            tmp_path, "a_names.csv", "tconst,primaryTitle\ntt0000101,From A\ntt0000101,Later A\n"
        ),
    ]
    corpus = load_corpus([*names, _write(tmp_path, "r.csv", REVIEWS)])
    assert corpus.works.set_index("work_id").loc["tt0000101", "title"] == "From A"


def test_reviews_are_rescored_as_the_kind_a_later_titles_table_says(tmp_path):
    """Reviews read as a film's (their words say film) are tagged with the film themes;
    IMDb's titleType then says the title is a game: they are rescored with the game themes
    (the controls are a game's theme, not a film's)."""
    store = Store(tmp_path / "s.duckdb")
    reviews = _write(
        tmp_path, "r.csv", "imdb_id,review\ntt0000103,Great film. The controls feel clunky.\n"
    )
    store.ingest([reviews])

    def themes() -> set[str]:
        sentences = store.load().sentences
        return {t for cell in sentences["themes"] for t in cell.split(";") if t}

    assert "controls" not in themes()
    report = store.ingest([_write(tmp_path, "title.basics.tsv", BASICS)])
    assert report.reviews_rescored == 1
    assert "controls" in themes()
    again = store.ingest([_write(tmp_path, "more.tsv", "tconst\tprimaryTitle\ntt0000103\tOther\n")])
    assert again.reviews_rescored == 0  # named already: nothing changes, nothing rescored


def test_the_group_more_titles_have_comes_first(tmp_path):
    """Critics' scores for the seed film and its two games, users' ratings for four
    titles: the users' columns come first (a screen shows the first few); critics first on
    the seeds alone."""
    from analysis.views.titles import CRITICS_COLUMNS, first_group

    store = Store(tmp_path / "s.duckdb")
    store.ingest([SEEDS])
    seeds_only = titles_table(store.load())
    assert first_group(seeds_only) == "critics"  # one title each: a tie keeps critics first
    more = REVIEWS + "tt0000104,A quiet little documentary.\n"
    store.ingest([_write(tmp_path, "title.ratings.tsv", RATINGS), _write(tmp_path, "r.csv", more)])
    table = titles_table(store.load())
    assert table["critics"].notna().sum() == 3
    assert table["users"].notna().sum() == 4
    assert first_group(table) == "users"
    columns = list(title_rows(table, first=first_group(table)).columns)
    assert columns.index(USERS_COLUMNS[0]) < columns.index(CRITICS_COLUMNS[0])
    columns = list(title_rows(table, first="critics").columns)
    assert columns.index(CRITICS_COLUMNS[0]) < columns.index(USERS_COLUMNS[0])


def test_the_data_page_names_an_upload_by_the_users_file_name(tmp_path):
    """An uploaded file is stored under a hashed name in a temporary folder; the Data
    page's tables name it as the user did, marked as uploaded."""
    from analysis.ingest.tables import upload_file_name
    from analysis.views.tables import document_rows, skipped_rows

    data = BASICS.encode()
    stored = tmp_path / upload_file_name("my titles.tsv", data)
    stored.write_bytes(data)
    corpus = load_corpus([stored, _write(tmp_path, "plain.csv", REVIEWS)])
    files = set(accounting_rows(corpus.accounting())["File"])
    assert files == {"my titles.tsv (uploaded)", str(tmp_path / "plain.csv")}
    assert set(document_rows(corpus.documents)["File"]) == files
    assert "my titles.tsv (uploaded)" in set(skipped_rows(corpus.skipped)["File"])


def test_a_rating_without_its_vote_count_has_no_interval(tmp_path):
    ratings = _write(tmp_path, "r.tsv", "tconst\taverageRating\tnumVotes\ntt0000101\t6.8\t\\N\n")
    corpus = load_corpus([ratings, _write(tmp_path, "reviews.csv", REVIEWS)])
    row = corpus.aggregates.iloc[0]
    assert (row["score_100"], pd.isna(row["n"]), pd.isna(row["ci_low"])) == (68.0, True, True)
    assert row["ci_method"] == "none: the page states no sample size"
    assert row["quote"] == "6.8/10 (titles table, line 2)"


# IMDb's own export of a user's ratings (a watchlist or list export has the same columns)
IMDB_EXPORT = (
    "Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,"
    "Runtime (mins),Year,Genres,Num Votes,Release Date,Directors\n"
    "tt0000101,6,2024-03-05,The Quiet Harbour,Le Port tranquille,"
    'https://www.imdb.com/title/tt0000101,Movie,6.8,101,1987,"Drama, Romance",1234,1987-01-01,X\n'
    "tt0000102,8,2024-03-06,Pilot,Pilot,https://www.imdb.com/title/tt0000102,TV Episode,7.9,"
    "44,2004,Comedy,55,2004-09-01,\n"
    "tt0000107,7,2024-03-07,Some Clip,Some Clip,https://www.imdb.com/title/tt0000107,"
    "Music Video,7.0,4,2001,Music,300,2001-01-01,\n"
    "tt0000108,5,2024-03-08,A Talk Show,A Talk Show,https://www.imdb.com/title/tt0000108,"
    "Podcast Series,6.0,,2019,Talk-Show,20,2019-01-01,\n"
)


def test_an_imdb_ratings_export_is_a_titles_table(tmp_path):
    """IMDb's export (Const, Title, Title Type, IMDb Rating, Num Votes, ...): every title
    named and rated, its music videos and podcasts kept rather than the file refused."""
    read = read_reviews_table(_write(tmp_path, "ratings.csv", IMDB_EXPORT), "export")
    t = read.titles.set_index("title_key")
    assert t.loc["tt0000101", ["title", "original_title", "year", "rating", "votes"]].tolist() == [
        "The Quiet Harbour",
        "Le Port tranquille",
        1987,
        6.8,
        1234,
    ]
    assert t["platform"].eq("imdb").all()
    assert t.loc["tt0000102", "form"] == "TV episode"
    assert t.loc[["tt0000107", "tt0000108"], "kind"].tolist() == ["film", "film"]
    assert "Your Rating, Date Rated, URL" in _skips(read)["columns"]
    corpus = load_corpus([tmp_path / "ratings.csv", _write(tmp_path, "r.csv", REVIEWS)])
    assert corpus.works.set_index("work_id").loc["tt0000102", "title"] == "Pilot"


def test_a_rating_above_its_scale_is_reported_not_scored(tmp_path):
    """11 of IMDb's 10 is no rating: reported and left out (as a score it would be 110 of
    100, which no table may hold), the title kept."""
    ratings = _write(tmp_path, "r.tsv", "tconst\taverageRating\tnumVotes\ntt0000101\t11\t5\n")
    read = read_reviews_table(ratings, "r")
    assert _skips(read)["line 2 averageRating"] == (
        "averageRating '11' is not a rating on a scale of 10: the title is kept without it"
    )
    corpus = load_corpus([ratings, _write(tmp_path, "reviews.csv", REVIEWS)])
    assert corpus.aggregates.empty
    assert (corpus.titles["title_key"] == "tt0000101").any()


def test_a_titles_tables_best_rating_column_is_each_rows_scale(tmp_path):
    """A list merging two sites' ratings (3.9 of 5 beside 7.1 of 10) keeps each row's scale;
    a rating above its row's best is reported and left out."""
    path = _write(
        tmp_path,
        "list.csv",
        "movie_id,title,rating,out_of,votes\n"
        "m1,Alpha,3.9,5,10\n"
        "m2,Beta,7.1,10,12\n"
        "m3,Gamma,8,5,9\n",
    )
    read = read_reviews_table(path, "list")
    t = read.titles.set_index("title_key")
    assert t.loc[["m1", "m2"], ["rating", "rating_scale"]].to_numpy().tolist() == [
        [3.9, 5],
        [7.1, 10],
    ]
    assert pd.isna(t.loc["m3", "rating"])
    assert _skips(read)["line 4 rating"] == (
        "rating '8' is not a rating on a scale of 5: the title is kept without it"
    )


def test_forgetting_a_titles_table_read_with_the_reviews_takes_back_the_names_it_gave(
    tmp_path,
):
    """A titles table ingested in the same batch as the reviews it names (one upload of
    both): the store keeps the works as the review table gave them and joins the titles on
    every load, so taking the titles table out takes its names, kinds and years with it."""
    store = Store(tmp_path / "s.duckdb")
    reviews = _write(
        tmp_path,
        "r.csv",
        "imdb_id,review\ntt0000103,Great film. The controls feel clunky.\n"
        "tt0000101,A quiet film about a harbour.\n",
    )
    store.ingest([reviews, _write(tmp_path, "title.basics.tsv", BASICS)])
    works = store.load().corpus.works.set_index("work_id")
    assert works.loc["tt0000103", ["title", "kind"]].tolist() == ["Harbour Run", "video_game"]
    assert works.loc["tt0000101", ["title", "year"]].tolist() == ["The Quiet Harbour", 1987]
    store.forget(["title.basics"])
    after = store.load()
    works = after.corpus.works.set_index("work_id")
    assert works.loc["tt0000103", ["title", "kind"]].tolist() == ["tt0000103", "film"]
    assert works.loc["tt0000101", "title"] == "tt0000101"
    assert pd.isna(works.loc["tt0000101", "year"])
    assert "controls" not in set(";".join(after.sentences["themes"]).split(";"))


def test_forgetting_a_titles_table_takes_back_its_scores_and_the_kind_it_gave(tmp_path):
    """A titles table removed from the store (``Store.forget``) takes its IMDb ratings with
    it, and the reviews it had made a game's are scored again as the film their words say
    (the controls theme goes); the reviews themselves stay."""
    store = Store(tmp_path / "s.duckdb")
    reviews = _write(
        tmp_path, "r.csv", "imdb_id,review\ntt0000103,Great film. The controls feel clunky.\n"
    )
    store.ingest([reviews])
    store.ingest([_write(tmp_path, "title.basics.tsv", BASICS)])
    store.ingest([_write(tmp_path, "title.ratings.tsv", RATINGS)])
    loaded = store.load()
    assert set(loaded.corpus.aggregates["work_id"]) == {"tt0000103"}  # 8.9 of 10
    assert "controls" in set(";".join(loaded.sentences["themes"]).split(";"))
    ids = set(loaded.corpus.documents["document_id"])
    report = store.forget(["title.basics", "title.ratings"])
    assert report.reviews_rescored == 1
    assert report.rows["titles"] == 4 + 6  # every row of both with an id
    after = store.load()
    assert set(after.corpus.documents["document_id"]) == ids - {"title.basics", "title.ratings"}
    assert after.corpus.aggregates.empty
    assert after.corpus.titles.empty
    assert after.corpus.works.set_index("work_id").loc["tt0000103", "kind"] == "film"
    assert "controls" not in set(";".join(after.sentences["themes"]).split(";"))
    assert len(after.reviews) == 1
    assert not (after.corpus.skipped["document_id"].isin(["title.basics", "title.ratings"])).any()
