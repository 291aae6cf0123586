"""The Titles view (a corpus of many titles): one row per title with its reception, names
not ids, search, sort and pages; the Overview starts from it when no title is chosen; Compare
opens with the most-reviewed titles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest
from conftest import FIXTURES, SEEDS

from analysis import load_corpus, score_corpus
from analysis.views.titles import (
    SORTS,
    corpus_summary,
    most_reviewed,
    page_of_titles,
    title_rows,
    titles_table,
)

FILM = "the-city-of-lost-children-1995"


@pytest.fixture(scope="module")
def scored():
    return score_corpus(load_corpus([SEEDS, FIXTURES / "imdb_sample.parquet"]), workers=1)


@pytest.fixture(scope="module")
def table(scored):
    return titles_table(scored)


def test_one_row_per_title_with_its_own_reviews(scored, table):
    assert table["work_id"].is_unique
    counts = scored.reviews.groupby("work_id").size()
    assert (table.set_index("work_id")["reviews"].reindex(counts.index) == counts).all()
    means = scored.reviews.groupby("work_id")["text_score_100"].mean()
    got = table.set_index("work_id")["text_score"].reindex(means.index)
    np.testing.assert_allclose(got, means)
    many = table[table["reviews"] >= 2]
    spread = scored.reviews.groupby("work_id")["text_score_100"].agg(np.ptp)
    alike = spread.reindex(many["work_id"]).to_numpy() == 0  # no interval from alike scores
    assert (many["score_low"].isna().to_numpy() == alike).all()
    sized = many[~alike]
    assert (sized["score_low"] <= sized["text_score"]).all()
    assert (sized["text_score"] <= sized["score_high"]).all()
    assert table["divided"].dropna().between(0, 1).all()
    # no split without two reviews: one cannot disagree with itself
    assert (table["divided"].isna() == (table["reviews"] < 2)).all()
    assert (table["reviews"] == 1).any()  # the IMDb sample's titles of one review
    assert list(table["reviews"]) == sorted(table["reviews"], reverse=True)  # most reviewed first


def test_positive_share_and_divided_follow_the_labels(scored, table):
    row = table.set_index("work_id").loc[FILM]
    labels = scored.reviews.loc[scored.reviews["work_id"] == FILM, "model_label"]
    pos, neg = (labels == "positive").sum(), (labels == "negative").sum()
    assert row["positive_share"] == pos / len(labels)
    assert row["divided"] == (min(pos, neg) / max(pos, neg) if max(pos, neg) else 0.0)


def test_the_critics_score_and_the_gap_with_users(table):
    row = table.set_index("work_id").loc[FILM]
    assert row["critics_source"] == "metacritic metascore"  # the seeds' Metascore 73
    assert row["critics"] == 73
    assert row["gap"] == pytest.approx(73 - row["text_score"])
    assert row["gap_low"] < row["gap"] < row["gap_high"]


def test_the_critics_score_is_the_latest_snapshot_as_on_the_scorecard(scored):
    """Where a title's critics score has snapshots, the Titles table shows the latest, the
    one the Overview's tile shows: the Rotten Tomatoes page's 78.6% of 56 reviews, not
    Wikipedia's older 78% of 41 (before, it showed the oldest). The Metascore, which the
    table prefers, is set aside here so that the Tomatometer is the critics' score."""
    from dataclasses import replace

    from analysis.views.scorecard import aggregate_points, scorecard

    aggs = scored.corpus.aggregates
    no_metascore = replace(
        scored, corpus=replace(scored.corpus, aggregates=aggs[aggs["metric"] != "metascore"])
    )
    row = titles_table(no_metascore).set_index("work_id").loc[FILM]
    assert row["critics_source"] == "rotten_tomatoes tomatometer"
    assert row["critics"] == pytest.approx(78.6)
    tiles = scorecard(aggregate_points(aggs, scored.corpus.works), scored.reviews)
    (tile,) = [t for t in tiles if t.title == "Rotten Tomatoes · Tomatometer"]
    assert (tile.score_100, tile.n) == (pytest.approx(row["critics"]), 56)
    # the tile's interval, shown in the table beside the score
    interval = f"{row['critics_low']:.1f}–{row['critics_high']:.1f}"
    assert tile.interval.endswith(f"interval {interval}")
    shown = title_rows(titles_table(no_metascore)).set_index("Title")
    assert shown.loc["The City of Lost Children (1995)", "Critics' interval"] == interval


def test_titles_are_named_where_a_source_names_them(table):
    named = table.set_index("work_id")["title"]
    assert named[FILM] == "The City of Lost Children (1995)"
    imdb = table[table["work_id"].str.startswith("tt")]
    assert len(imdb) > 100
    assert (imdb["title"] == imdb["work_id"]).all()  # nothing names them: the id stays


def test_search_sort_and_pages(table):
    rows, n, pages = page_of_titles(table, "lost children", "reviews", 1, 10)
    assert n == 3  # the film and its two game adaptations (scores, no reviews)
    assert rows["work_id"].iloc[0] == FILM
    assert set(rows["kind"]) == {"film", "video_game"}
    rows, n, pages = page_of_titles(table, "", "best received", 1, 10)
    assert n == len(table)
    assert pages == -(-len(table) // 10)
    assert len(rows) == 10
    assert list(rows["text_score"]) == sorted(rows["text_score"], reverse=True)
    worst, _, _ = page_of_titles(table, "", "worst received", 1, 10)
    assert worst["text_score"].iloc[0] == table["text_score"].min()
    last, _, _ = page_of_titles(table, "", "reviews", pages + 5, 10)  # clamped to the last
    assert len(last) == len(table) - (pages - 1) * 10
    first_two = pd.concat([page_of_titles(table, "", "title", p, 10)[0] for p in (1, 2)])
    assert first_two["work_id"].is_unique
    assert set(SORTS) >= {"reviews", "best received", "most divided", "critics above users"}


def test_readable_rows_and_summary(scored, table):
    from analysis.labels import formats_of, pct

    shown = title_rows(table.head(20))
    # numbers stay numbers, so that a click on a column header sorts 9.4 below 87.4
    for col in ("Reviews", "Text score", "Positive", "Divided", "Critics", "Critics − users"):
        assert pd.api.types.is_numeric_dtype(shown[col]), col
    formats = formats_of(shown)
    assert formats["Positive"] % shown["Positive"].iloc[0] == pct(table["positive_share"].iloc[0])
    assert {formats["Text score"] % v for v in [49.37, 87.44]} == {"49.4", "87.4"}
    assert formats["Critics − users"] % -14.43 == "-14.4"
    assert formats["Critics − users"] % 10.7 == "+10.7"
    assert set(formats) <= set(shown.columns)
    assert shown["Interval"].str.fullmatch(r"(\d+\.\d+–\d+\.\d+)?").all()
    assert "–" in shown.loc[table.head(20)["work_id"].eq(FILM).to_numpy(), "Interval"].iloc[0]
    summary = corpus_summary(table, scored)
    assert summary["Reviews"] == f"{len(scored.reviews):,}"
    aggregates = scored.corpus.aggregates
    # scores published, not the pages' counts (fresh, rotten, votes) nor the Tomatometer
    # counted from 44 fresh of 56
    counts = aggregates["score_100"].isna()
    assert counts.any()
    assert aggregates["derived"].any()
    # the seeds publish seven: Wikipedia's Tomatometer 78%, Metascore 73 and GameRankings'
    # 60% and 54.5%, IMDb's 7.6 and 7.7, the later IMDb page's Metascore 73
    assert summary["Published scores"] == "7"
    assert summary["Titles"] == f"{len(table):,}"


def test_critics_columns_only_where_the_collection_has_critics(table):
    from analysis.views.titles import CRITICS_COLUMNS, has_critics, title_sorts

    assert has_critics(table)  # the seed pages' Tomatometer, Metascore, IMDb rating
    assert set(CRITICS_COLUMNS) <= set(title_rows(table.head(5)).columns)
    assert title_sorts(True) == list(SORTS)
    users_only = table[table["critics"].isna()]  # the IMDb review tables' titles
    assert len(users_only) > 0
    assert not has_critics(users_only)
    shown = title_rows(users_only.head(5), critics=has_critics(users_only))
    assert not set(CRITICS_COLUMNS) & set(shown.columns)
    assert list(shown.columns[:3]) == ["Title", "Kind", "Reviews"]
    sorts = title_sorts(False)
    assert "critics above users" not in sorts
    assert "users above critics" not in sorts
    assert {"reviews", "best received", "most divided"} <= set(sorts)


def test_compare_opens_with_the_most_reviewed(table):
    choosable = dict.fromkeys(table["work_id"], "")
    top = most_reviewed(table, choosable, 3)
    assert (
        top
        == table.sort_values(["reviews", "title"], ascending=[False, True])["work_id"]
        .head(3)
        .tolist()
    )
    assert most_reviewed(table, {FILM: ""}, 3) == [FILM]


def test_topics_come_from_the_chosen_titles_sentences(scored):
    from analysis.views.view import topic_texts

    film = set(topic_texts(scored, FILM))
    mine = set(scored.sentences.loc[scored.sentences["work_id"] == FILM, "text"])
    assert film == mine
    assert len(topic_texts(scored)) == min(len(scored.sentences), 20_000)
    assert len(topic_texts(scored, limit=50)) == 50
    # the sample is pandas' seeded one, taken directly
    pandas_pick = scored.sentences["text"].sample(50, random_state=0).tolist()
    assert topic_texts(scored, limit=50) == pandas_pick


def test_excerpts_centre_on_the_search_term_or_the_theme():
    import re

    from analysis.text import excerpt

    text = "Opening words. " + "filler " * 60 + "The dubbing is dreadful. " + "more " * 60
    around = excerpt(text, re.compile("dubbing"))
    assert "The dubbing is dreadful." in around
    assert "dubbing" in around[:60]  # where a table cell shows it, a few words in
    assert around.startswith("…")
    assert around.endswith("…")
    assert len(around) <= 202
    assert excerpt(text).startswith("Opening words.")  # no focus: the start
    assert excerpt("Short one.", re.compile("x")) == "Short one."
    assert excerpt("a\u202eb " * 3) == "a[U+202E]b a[U+202E]b a[U+202E]b"  # shown, not obeyed


def test_the_explorer_names_titles_and_sources_and_quotes_around_the_focus(scored):
    from analysis.nlp.themes import load_taxonomy
    from analysis.schema import ReviewRows
    from analysis.views.tables import focus_pattern, review_table
    from analysis.views.titles import title_names

    names = title_names(scored.corpus.works).to_dict()
    rows = review_table(scored.reviews, "model", names=names)
    film = rows[
        rows[ReviewRows.review_id].isin(
            scored.reviews.loc[scored.reviews["work_id"] == FILM, "review_id"]
        )
    ]
    assert set(film[ReviewRows.work]) == {"The City of Lost Children (1995)"}
    # what a reader scans first comes before the long excerpt (on screen without scrolling)
    assert list(rows.columns[:7]) == [
        "Title",
        "Date",
        "Rating",
        "Sentiment",
        "Label",
        "Themes",
        "Excerpt",
    ]
    with pytest.raises(pa.errors.SchemaErrors, match="out-of-order"):  # the schema holds it
        ReviewRows.validate(rows[[*rows.columns[1:], ReviewRows.work]])
    assert "imdb_sample.parquet" in set(rows[ReviewRows.source])  # the file, not "Parquet"
    assert (
        rows.loc[rows[ReviewRows.source] == "imdb_sample.parquet", ReviewRows.rating]
        .str.fullmatch(r"\d+/10")
        .all()
    )
    music = focus_pattern("", load_taxonomy(), ("music",))
    quoted = review_table(scored.reviews, "model", names=names, focus=music)
    assert quoted[ReviewRows.excerpt].str.contains("music|score|soundtrack", case=False).sum() > (
        rows[ReviewRows.excerpt].str.contains("music|score|soundtrack", case=False).sum()
    )
    search = focus_pattern("Badalamenti", (), ())
    assert search.search("ANGELO BADALAMENTI")
    assert focus_pattern("", (), ()) is None
    # ids nothing names stay ids; the schema refuses rows a label outside its set (the
    # tests check the rows against it: review_table does not, on every rerun)
    unnamed = review_table(scored.reviews, "model", names={FILM: "Named"})
    assert set(unnamed[ReviewRows.work]) == {"Named", *(set(scored.reviews["work_id"]) - {FILM})}
    broken = review_table(scored.reviews.assign(model_label="maybe"), "model")
    with pytest.raises(pa.errors.SchemaError, match=ReviewRows.label):
        ReviewRows.validate(broken)


def test_compared_scores_are_readable(scored):
    from analysis.labels import formats_of
    from analysis.views.compare import compare_rows, compare_titles

    scores, _ = compare_titles(scored, [FILM, scored.reviews["work_id"].iloc[-1]])
    shown = compare_rows(scores)
    assert formats_of(shown) == {"Score (0–100)": "%.1f"}
    assert pd.api.types.is_float_dtype(shown["Score (0–100)"])
    assert shown["Interval"].str.fullmatch(r"(\d+\.\d–\d+\.\d)?").all()
    assert pd.api.types.is_integer_dtype(shown["Sample size"])  # the page adds the commas
    assert 62258 in set(shown["Sample size"].dropna())  # the IMDb votes of the seed page


def test_the_strongest_disagreements_first_and_how_many_there_are(scored):
    from analysis.views.tables import strongest_clashes

    shown, total = strongest_clashes(scored.reviews, 5)
    r = scored.reviews
    assert total == (r["agreement"] == "disagree").sum()
    assert len(shown) == min(5, total)
    gaps = ((shown["model_positive"] * 2 - 1) - shown["vader_compound"]).abs().tolist()
    assert gaps == sorted(gaps, reverse=True)
    everyone = r[r["agreement"] == "disagree"]
    all_gaps = ((everyone["model_positive"] * 2 - 1) - everyone["vader_compound"]).abs()
    assert gaps[0] == all_gaps.max()
    # equally strong disagreements keep the reviews' order
    tied = r.assign(agreement="disagree", model_positive=1.0, vader_compound=-0.5)
    first, n = strongest_clashes(tied, 3)
    assert n == len(r)
    assert first["review_id"].tolist() == r["review_id"].head(3).tolist()


def test_the_sidebar_picker_lists_every_title_or_the_most_reviewed(table):
    from analysis.schema import TitleTable as T
    from analysis.views.titles import picker_titles

    choosable = dict.fromkeys(table[T.work_id], "")
    assert picker_titles(table, choosable, limit=len(choosable)) == list(choosable)  # all fit
    by_reviews = table.sort_values([T.reviews, T.title], ascending=[False, True])
    top = by_reviews[by_reviews[T.reviews] > 0][T.work_id].head(2).tolist()
    assert picker_titles(table, choosable, limit=2) == top


def test_disagreements_name_titles_measures_and_pages_not_ids():
    """The Overview's conflicts on the seeds: names, values as written, each page cited as
    a reader would ('IMDb page, 2017-02-17'), no document ids or slugs on screen."""
    from analysis.views.tables import conflict_table
    from analysis.views.titles import title_names

    corpus = load_corpus([SEEDS])
    shown = conflict_table(
        corpus.conflicts, corpus.documents, corpus.works, title_names(corpus.works).to_dict()
    )
    assert len(shown) == len(corpus.conflicts) > 0
    cells = shown.astype(str).to_numpy().ravel().tolist()
    ids = set(corpus.documents["document_id"]) | set(corpus.works["work_id"])
    assert not [c for c in cells if any(i in c for i in ids)]
    rating = shown[shown["Measure"] == "user rating"].iloc[0]
    assert (rating["Value A"], rating["Sample A"]) == ("7.7", "57,532")
    assert {rating["Page A"], rating["Page B"]} == {
        "IMDb page, 2017-02-17",
        "IMDb page (snapshot 2)",
    }
    assert "Title" not in shown  # one title: the page's heading names it
    assert "1,738,611" in shown["Value A"].tolist() + shown["Value B"].tolist()
    assert "two captures of the same IMDb page" in shown["Why"].tolist()
    assert "US gross" in shown["Measure"].tolist()


def test_a_games_disagreement_names_its_platform_and_a_table_its_file():
    """A hand-made conflict between a data set and a page about a game adaptation."""
    from analysis.schema import Conflicts, Documents, Works, frame
    from analysis.views.tables import conflict_table

    docs = frame(
        Documents,
        [
            {
                "document_id": "d1",
                "path": "in/exports/scores.csv",
                "kind": "table",
                "sha256": "a",
                "chars": 9,
            },
            {
                "document_id": "d2",
                "path": "in/p.html",
                "sha256": "b",
                "chars": 9,
                "kind": "metacritic",
                "as_of": "2001-05-01",
            },
        ],
    )
    works = frame(
        Works,
        [
            {"work_id": "f", "title": "Film", "kind": "film"},
            {
                "work_id": "f-game-ps",
                "title": "Film",
                "kind": "video_game",
                "platform_variant": "PlayStation",
                "parent_work_id": "f",
            },
        ],
    )
    row = {
        "work_id": "f-game-ps",
        "table": "aggregates",
        "metric": "game_score",
        "metric_b": "game_score",
    }
    row |= {"value_a": 60.0, "value_b": 54.5, "document_a": "d1", "document_b": "d2"}
    row |= {"reason": "unexplained", "explanation": "different sources"}
    shown = conflict_table(
        frame(Conflicts, [row]), docs, works, {"f": "Film (1995)", "f-game-ps": "Film"}
    )
    got = shown.iloc[0]
    assert "Title" not in shown
    two = frame(Conflicts, [row, row | {"work_id": "f"}])
    titles = conflict_table(two, docs, works, {"f": "Film (1995)", "f-game-ps": "Film"})["Title"]
    assert titles.tolist() == ["Film — PlayStation game", "Film (1995)"]
    assert (got["Value A"], got["Value B"], got["Sample A"]) == ("60", "54.5", "")
    assert (got["Page A"], got["Page B"]) == ("table scores.csv", "Metacritic page, 2001-05-01")
    assert got["Why"] == "different sources"


def test_the_data_pages_tables_are_readable(scored):
    """Every file, document, skipped section and figure as shown: files by name, kinds by
    name, blanks instead of None, values with their units; a chosen title's figures only."""
    from analysis.views.filters import Filters
    from analysis.views.tables import accounting_rows, document_rows, figure_rows, skipped_rows
    from analysis.views.titles import title_names
    from analysis.views.view import build_view

    corpus = scored.corpus
    shown = {
        "accounting": accounting_rows(corpus.accounting()),
        "documents": document_rows(corpus.documents),
        "skipped": skipped_rows(corpus.skipped),
        "figures": figure_rows(corpus.figures, corpus.documents, corpus.works),
    }
    ids = set(corpus.documents["document_id"])
    for name, table in shown.items():
        cells = table.astype(str).to_numpy().ravel().tolist()
        assert not [c for c in cells if c in ("None", "nan", "<NA>") or c in ids], name
        assert all(c[0].isupper() for c in table.columns), name
    sizes = dict(zip(shown["documents"]["Kind"], shown["documents"]["Size"], strict=False))
    assert sizes["review table"] == "600 rows"
    assert sizes["Wikipedia page"].endswith(" characters")
    kinds = set(shown["documents"]["Kind"])
    assert {"Wikipedia page", "IMDb page", "Rotten Tomatoes page", "review table"} <= kinds
    parquet = shown["accounting"][shown["accounting"]["Kind"] == "review table"].iloc[0]
    assert int(parquet["Rows read"].replace(",", "")) == int(
        parquet["Rows stored"].replace(",", "")
    ) + int(parquet["Rows skipped"].replace(",", "") or 0)
    film = build_view(scored, Filters(work=FILM))
    assert set(film.figures["work_id"]) == {FILM}
    figures = figure_rows(
        film.figures, corpus.documents, corpus.works, title_names(corpus.works).to_dict()
    )
    assert "Title" not in figures  # one title
    assert {"18,000,000 USD", "112 min", "3"} <= set(figures["Value"])
    assert {"box office", "US gross", "wins"} <= set(figures["Figure"])
    assert "IMDb page, 2017-02-17" in set(figures["Page"])


@pytest.mark.parametrize(
    ("low", "high", "percent", "shown"),
    [
        (0.41, 0.65, True, "41%–65%"),
        (0.287, 0.293, True, "28.7%–29.3%"),
        (0.2871, 0.2874, True, "28.71%–28.74%"),
        (0.5, 0.5, True, "50%–50%"),
        (49.12, 49.61, False, "49.1–49.6"),
        (49.41, 49.44, False, "49.41–49.44"),
        (float("nan"), 0.5, True, ""),
        (-20.51, -8.32, False, "-20.5 to -8.3"),  # a dash between signed ends reads as minus
        (-3.2, 4.1, False, "-3.2 to 4.1"),
    ],
)
def test_an_interval_shows_the_decimals_that_tell_its_ends_apart(low, high, percent, shown):
    from analysis.labels import span

    assert span(low, high, percent=percent) == shown


def test_the_explorers_name_themes_by_their_labels(scored):
    from analysis.schema import ReviewRows, SentenceRows
    from analysis.views.tables import review_table, sentence_table, theme_sentences

    labels = dict(zip(scored.themes["theme"], scored.themes["label"], strict=True))
    assert labels["story"] == "Story / plot"
    rows = review_table(scored.reviews, "model", theme_labels=labels)
    listed = {t for cell in rows[ReviewRows.themes] for t in cell.split(", ") if t}
    assert "Story / plot" in listed
    assert listed <= set(labels.values())
    rid = scored.reviews.loc[scored.reviews["themes"].str.contains("music"), "review_id"].iloc[0]
    verdicts = sentence_table(scored.sentences, rid, labels)[SentenceRows.themes]
    assert verdicts.str.contains("Music / score: ").any()
    assert not verdicts.str.contains(r"(?:^|, )music: ").any()
    about = theme_sentences(scored.sentences, "music", labels)
    assert "About Music / score" in about.columns
    assert about["Themes"].str.contains("Music / score").all()
    # without labels, the names (what a CSV of the stored table holds)
    assert "story" in {
        t
        for cell in review_table(scored.reviews, "model")[ReviewRows.themes]
        for t in cell.split(", ")
    }


def test_the_explorer_sorts_every_review_not_just_a_page(scored):
    """The chosen order runs over all the reviews that pass the filters, page after page;
    reviews without the value come last; ties keep the stored order."""
    from analysis.views.filters import Filters, filter_reviews
    from analysis.views.tables import REVIEW_SORTS, page_of_reviews, review_sorts

    reviews = filter_reviews(scored.reviews, Filters())
    assert len(reviews) == 607  # the seeds' 7 and the sample's 600: pages of 50

    def whole(sort: str) -> pd.DataFrame:
        pages = [page_of_reviews(reviews, sort, p, 50) for p in range(1, 14)]
        assert all(len(p) == 50 for p in pages[:-1])
        return pd.concat(pages)

    assert whole("as stored")["review_id"].tolist() == reviews["review_id"].tolist()
    worst = whole("most negative")
    assert worst["review_id"].is_unique
    assert len(worst) == len(reviews)
    assert worst["sentiment_100"].is_monotonic_increasing
    best = whole("most positive")["sentiment_100"]
    assert best.is_monotonic_decreasing
    # ties keep the stored order: the stable sort of the same key
    expected = reviews.reset_index(drop=True)["sentiment_100"].sort_values(
        ascending=False, kind="mergesort"
    )
    assert whole("most positive")["review_id"].tolist() == (
        reviews["review_id"].iloc[expected.index].tolist()
    )
    newest = whole("newest")
    dated = newest["date"].notna()
    assert dated.sum() == 6  # six seed reviews have dates: they come first, newest first
    assert dated.iloc[:6].all()
    assert newest["date"].iloc[:6].tolist() == sorted(newest["date"].iloc[:6], reverse=True)
    stars = whole("lowest rating")
    share = stars["rating"] / stars["rating_scale"].fillna(10)
    assert share.dropna().is_monotonic_increasing
    assert share.notna().iloc[: share.notna().sum()].all()  # unrated reviews last
    assert page_of_reviews(reviews, "no such order", 2, 50).equals(reviews.iloc[50:100])
    assert page_of_reviews(reviews, "newest", 99, 50).equals(whole("newest").iloc[600:])
    # only orders that tell the reviews apart are offered
    assert review_sorts(reviews) == list(REVIEW_SORTS)
    undated = reviews[reviews["date"].isna() & reviews["helpful_yes"].isna()]
    assert set(review_sorts(undated)) == set(REVIEW_SORTS) - {
        "newest",
        "oldest",
        "most helpful votes",
    }


def test_the_titles_export_says_what_it_lists_and_from_what(scored, table):
    from analysis.charts.export import csv_bytes
    from analysis.views.filters import Filters
    from analysis.views.titles import matching_titles
    from analysis.views.view import build_view

    view = build_view(scored, Filters(search="music"))
    rows = matching_titles(table, "lost", "reviews")
    meta = view.titles_meta(len(rows), " lost ")
    assert meta.counted == "titles"
    assert meta.n == len(rows) == 3  # the film and its two games
    assert meta.filters == ['text contains "music"', 'title or id contains "lost"']
    assert "table imdb_sample.parquet" in meta.sources  # the reviews' file
    assert any(s.startswith("Rotten Tomatoes page") for s in meta.sources)  # the critics'
    assert view.titles_meta(len(table)).filters == ['text contains "music"']  # no search
    lines = csv_bytes(rows, meta.footer()).decode().splitlines()
    assert lines[0].startswith("# Sources: ")
    assert any(line.startswith("# n = 3 titles · model ") for line in lines)
    assert lines[len(meta.footer())].split(",")[:2] == ["work_id", "title"]


def test_a_games_name_carries_its_platform(scored):
    """Two variants of one game are two names, as the scorecard writes them."""
    from analysis.views.titles import title_names

    works = scored.corpus.works
    names = title_names(works)
    # (the IMDb sample's one review of Donkey Kong Country 3, tt0242420, makes it a game too:
    # its reviewer calls it one; a table gives no platform)
    variants = works[(works["kind"] == "video_game") & works["platform_variant"].notna()]
    assert {names[w] for w in variants["work_id"]} == {
        "The City of Lost Children — PC game",
        "The City of Lost Children — PlayStation game",
    }
    assert names["the-city-of-lost-children-1995"] == "The City of Lost Children (1995)"


def test_two_pages_that_read_alike_are_told_apart_by_file():
    """Two captures of one site on the same date (a mobile and a desktop page) cite as two
    pages, by file name; a label no other page shares stays short."""
    from analysis.labels import document_labels

    docs = pd.DataFrame(
        {
            "document_id": ["a", "b", "c", "d", "e"],
            "kind": ["imdb", "imdb", "rotten_tomatoes", "imdb", "imdb"],
            "path": ["p/got-mobile.html", "p/got.html", "p/rt.html", "x/same.html", "y/same.html"],
            "as_of": ["2017", "2017", None, "2020", "2020"],
            "snapshot_rank": [1, 2, 1, 3, 4],
        }
    )
    labels = document_labels(docs)
    assert labels["a"] == "IMDb page, 2017 — got-mobile.html"
    assert labels["b"] == "IMDb page, 2017 — got.html"
    assert labels["c"] == "Rotten Tomatoes page"
    assert labels["d"] == "IMDb page, 2020 — same.html"
    assert labels["e"] == "IMDb page, 2020 — same.html (2)"
    assert len(set(labels.values())) == len(labels)


def test_uploads_are_cited_by_the_names_the_user_gave_them():
    """An uploaded table, or two uploaded captures of one page told apart, are cited by the
    names the user gave the files, never by the hash names they are stored under."""
    from analysis.ingest.tables import upload_file_name
    from analysis.labels import document_labels

    stored = [
        f"/tmp/up/{upload_file_name(name, data)}"
        for name, data in (
            ("Kritiken 2024.csv", b"r"),
            ("Film - IMDb.html", b"a"),
            ("Film - IMDb (mobile).html", b"b"),
        )
    ]
    docs = pd.DataFrame(
        {
            "document_id": ["t", "a", "b"],
            "kind": ["table", "imdb", "imdb"],
            "path": stored,
            "as_of": [None, "2017", "2017"],
            "snapshot_rank": [1, 1, 2],
        }
    )
    assert document_labels(docs) == {
        "t": "table Kritiken 2024.csv",
        "a": "IMDb page, 2017 — Film - IMDb.html",
        "b": "IMDb page, 2017 — Film - IMDb (mobile).html",
    }


def test_a_page_is_cited_alike_whichever_pages_are_cited_with_it():
    from analysis.labels import document_labels

    docs = pd.DataFrame(
        {
            "document_id": ["a", "b"],
            "kind": ["imdb", "imdb"],
            "path": ["p/mobile.html", "p/desktop.html"],
            "as_of": ["2017", "2017"],
            "snapshot_rank": [1, 2],
        }
    )
    alone = document_labels(docs[docs["document_id"] == "a"], among=docs)
    assert alone == {"a": "IMDb page, 2017 — mobile.html"}
    assert document_labels(docs[docs["document_id"] == "a"]) == {"a": "IMDb page, 2017"}


def test_reviews_that_score_alike_give_no_interval_not_a_point(scored):
    """Two reviews that both max out the model: no interval (a zero-width one would claim
    a certainty two reviews cannot give), in the Titles table and on the scorecard."""
    from analysis.views.scorecard import scorecard
    from analysis.views.titles import title_rows

    r = scored.reviews
    two = r[r["work_id"] == FILM].head(2).assign(text_score_100=91.6)
    table = titles_table(scored, reviews=two)
    row = table.set_index("work_id").loc[FILM]
    assert row["text_score"] == pytest.approx(91.6)
    assert np.isnan(row["score_low"])
    assert np.isnan(row["score_high"])
    shown = title_rows(table)
    assert shown.loc[table["work_id"].eq(FILM).to_numpy(), "Interval"].iloc[0] == ""
    (tile,) = scorecard(pd.DataFrame(columns=["work", "series"]), two)
    assert tile.interval == "no interval: all 2 reviews score 91.6"
    apart = titles_table(scored, reviews=two.assign(text_score_100=[91.6, 80.0]))
    assert apart.set_index("work_id").loc[FILM, "score_low"] < 80.0
    (tile,) = scorecard(
        pd.DataFrame(columns=["work", "series"]), two.assign(text_score_100=[91.6, 80.0])
    )
    assert tile.interval == "95% interval 12.1–100.0"  # Student's t for two reviews
    (tile,) = scorecard(
        pd.DataFrame(columns=["work", "series"]), two.assign(text_score_100=[95.0, 5.0])
    )
    assert tile.interval == (
        "95% interval 0.0–100.0: 2 reviews this far apart are too few to narrow it"
    )


def test_each_published_score_shows_its_sample_size(table):
    """The critics' and users' scores name where they are from and how many votes or
    reviews stand behind them, where the page says (the seeds: IMDb's 62,258 votes; the
    Metascore page gives no count, so none is shown)."""
    from analysis.views.titles import title_rows

    shown = title_rows(table).set_index("Title")
    film = shown.loc["The City of Lost Children (1995)"]
    assert film["Rating from"] == "IMDb, n = 62,258"
    assert film["Critics from"] == "Metacritic Metascore"
