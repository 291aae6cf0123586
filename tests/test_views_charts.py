"""Dashboard logic without Streamlit: filters, tiles, chart specs and exports."""

from __future__ import annotations

import json
import re
import struct

import numpy as np
import pandas as pd
import pytest
from conftest import doc_id

from analysis.charts.builders import related_chart
from analysis.charts.export import chart_bytes, csv_bytes
from analysis.scoring.engines import score_corpus
from analysis.views.filters import Filters, filter_reviews
from analysis.views.view import build_view, view_charts


@pytest.fixture(scope="module")
def scored(seed_corpus):
    return score_corpus(seed_corpus, workers=1)


@pytest.fixture(scope="module")
def view(scored):
    return build_view(scored, Filters())


@pytest.fixture(scope="module")
def charts(view):
    return {nc.name: nc.chart for nc in view_charts(view)}


def test_filters_round_trip_through_the_query_string():
    f = Filters(
        sources=("imdb", "rotten_tomatoes"),
        themes=("music",),
        labels=("positive",),
        scorer="vader",
        score_min=10,
        score_max=90,
        date_from="2003-01-01",
        search="dub",
        min_helpful=5,
    )
    q = f.to_query()
    assert all(isinstance(v, str) for v in q.values())
    assert Filters.from_query(q) == f
    assert Filters().to_query() == {}


@pytest.mark.parametrize(
    "params",
    [
        {"score_min": "abc"},
        {"score_max": "400"},
        {"scorer": "bert"},
        {"min_helpful": "x"},
        {"nonsense": "1"},
    ],
)
def test_bad_query_values_fall_back_to_defaults(params):
    assert Filters.from_query(params) == Filters()


def test_chips_name_every_filter():
    chips = Filters(themes=("music",), search="<b>x</b>", min_helpful=3).chips()
    assert chips == ["themes: music", 'text contains "<b>x</b>"', "≥ 3 helpful votes"]


def test_theme_filter_changes_the_reviews(scored):
    everything = filter_reviews(scored.reviews, Filters())
    dubbing = filter_reviews(scored.reviews, Filters(themes=("language",)))
    assert len(everything) == 7
    assert 0 < len(dubbing) < 7
    assert dubbing["themes"].str.contains("language").all()


def test_a_view_makes_what_only_some_pages_show_on_first_use(scored):
    """A page that shows reviews only (Sentiment) does not pay for the theme summary, the
    scorecard, the related titles or the sentences; each is made once, when first read."""
    from analysis.nlp.themes import summarise_mentions

    view = build_view(scored, Filters(themes=("music",)))
    later = {"sentences", "themes", "points", "tiles", "related"}
    assert not later & set(vars(view))
    assert len(view.reviews) > 0
    assert view.meta.n == len(view.reviews)
    themes = view.themes
    assert set(vars(view)) & later == {"themes"}
    assert view.themes is themes  # kept, not made again
    music = scored.mentions[scored.mentions["theme"] == "music"]
    expected = summarise_mentions(music)
    assert themes["theme"].tolist() == expected["theme"].tolist() == ["music"]
    assert themes["mentions"].tolist() == expected["mentions"].tolist()
    assert view.tiles
    assert "points" in vars(view)  # the tiles are made from the points


@pytest.mark.parametrize(
    ("filters", "authors"),
    [
        (Filters(search="DUBBING"), {"Jeremy-93"}),
        (Filters(search="(x"), set()),  # literal text, not a regex
        (Filters(min_helpful=50), {"Jeremy-93"}),
        (Filters(date_from="2015-01-01"), {"Kyle M", "Robert B", "Sylvester K"}),
        (Filters(sources=("imdb",)), {"Jeremy-93", "varekai"}),
    ],
)
def test_review_filters(scored, filters, authors):
    assert set(filter_reviews(scored.reviews, filters)["author"]) == authors


def test_theme_filter_narrows_sentences_too(scored):
    v = build_view(scored, Filters(themes=("music",)))
    assert len(v.sentences) > 0
    assert v.sentences["themes"].str.contains("music").all()
    assert set(v.themes["theme"]) >= {"music"}


def test_snapshots_in_order_and_never_blended(view):
    p = view.points
    imdb = p[p["series"] == "IMDb · user rating"]
    assert imdb["raw"].tolist() == ["7.7/10 (57,532 votes)", "7.6/10 (62,258 votes)"]
    meter = p[p["series"] == "Rotten Tomatoes · Tomatometer"]
    assert meter["raw"].tolist() == ["78% of 41", "44 of 56 fresh"]
    assert not p["series"].str.contains("average", case=False).any()
    assert p["row"].is_unique
    # each row names its page as the Sources line does: the undated capture by its rank
    pages = sorted(r.rsplit(" · ", 1)[1] for r in imdb["row"])
    assert pages == ["IMDb page (snapshot 2)", "IMDb page, 2017-02-17"]


def test_scorecard_tiles(view):
    tiles = {(t.work, t.title): t for t in view.tiles}
    film = "The City of Lost Children (1995)"
    imdb = tiles[(film, "IMDb · user rating")]
    assert (imdb.score_100, imdb.raw, imdb.n) == (76.0, "7.6/10 (62,258 votes)", 62258)
    assert imdb.as_of == "snapshot 2 of 2"
    meter = tiles[(film, "Rotten Tomatoes · Tomatometer")]
    assert meter.raw == "44 of 56 fresh"
    assert meter.interval == "95% interval 66.2–87.3"
    games = [t for t in view.tiles if "game" in t.work]
    assert {t.raw for t in games} == {"60%", "54.5%"}
    text = [t for t in view.tiles if t.platform == "reviews"][0]
    assert text.raw == "mean of 7 reviews"
    assert 0 <= text.score_100 <= 100


def test_aggregate_chart_spec_has_intervals(charts):
    spec = charts["aggregate_scores"].to_dict()
    marks = {
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]: layer
        for layer in spec["layer"]
    }
    rule = marks["rule"]["encoding"]
    assert rule["x"]["field"] == "ci_low"
    assert rule["x2"]["field"] == "ci_high"
    point = marks["point"]["encoding"]
    assert point["x"] == {
        "field": "score_100",
        "type": "quantitative",
        "scale": {"domain": [0, 100]},
    }
    assert point["color"]["field"] == "platform_name"
    assert point["color"]["type"] == "nominal"


def test_theme_chart_is_diverging_with_share_interval(charts):
    spec = charts["themes"].to_dict()
    bars, share = spec["hconcat"]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["field"] == "count"
    values = spec["datasets"][bars["data"]["name"]]
    assert any(v["count"] < 0 for v in values)
    assert any(v["count"] > 0 for v in values)
    # whole mentions, negative ones counted outward: the axis labels the size, not the sign
    axis = bars["encoding"]["x"]["axis"]
    assert axis["tickMinStep"] == 1
    assert "abs(datum.value)" in axis["labelExpr"]
    rule = share["layer"][0]["encoding"]
    assert rule["x"]["field"] == "share_low"
    assert rule["x2"]["field"] == "share_high"


def test_every_chart_carries_export_metadata(charts, scored):
    assert set(charts) == {
        "aggregate_scores",
        "review_scores",
        "review_timeline",
        "helpfulness",
        "vader_vs_model",
        "themes",
        "related_titles",
    }
    for name, chart in charts.items():
        spec = chart.to_dict()
        meta = spec["usermeta"]["export"]
        assert meta["model_version"] == scored.model_version
        assert "IMDb page, 2017-02-17" in meta["sources"]  # human: the site and the date
        assert not any(re.search(r"[0-9a-f]{16}", s) for s in meta["sources"])  # no hash ids
        assert any(line.startswith("Sources:") for line in spec["title"]["subtitle"])
        if name == "related_titles":  # the IMDb pages that list films, and those films
            assert set(meta["sources"]) == {"IMDb page, 2017-02-17", "IMDb page (snapshot 2)"}
            assert (meta["n"], meta["counted"]) == (12, "related films")
            continue
        assert "Rotten Tomatoes page" in meta["sources"]
        if name == "aggregate_scores":  # the published scores drawn, from the pages with them
            points = build_view(scored, Filters()).points
            assert (meta["n"], meta["counted"]) == (len(points), "aggregate scores")
            continue
        assert (meta["n"], meta["counted"]) == (7, "reviews")


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_exports_in_every_format(charts):
    chart = charts["themes"]
    width, _ = _png_size(chart_bytes(chart, "png"))
    assert width >= 2 * (320 + 220)  # two panels at 2x scale
    svg = chart_bytes(chart, "svg").decode()
    assert svg.lstrip().startswith("<svg")
    assert "Sources:" in svg
    html = chart_bytes(chart, "html").decode()
    assert "<script" in html
    assert 'src="http' not in html
    spec = json.loads(chart_bytes(chart, "json"))
    assert spec["usermeta"]["export"]["filters"] == []


def test_csv_export_names_sources_and_model(view):
    data = csv_bytes(view.reviews, view.meta.footer()).decode()
    lines = data.splitlines()
    assert lines[0].startswith("# Sources:")
    assert any(ln.startswith("# n = 7") for ln in lines)


def test_a_page_says_which_review_charts_have_no_data(scored, view):
    from analysis.views.view import MISSING_DATA, missing_charts

    names = list(MISSING_DATA)
    assert missing_charts(view, names) == {}  # dated reviews, and two with votes
    one = build_view(scored, Filters(sources=("moviedb",)))  # one review: no date, no votes
    assert len(one.reviews) == 1
    assert missing_charts(one, names) == {
        "review_timeline": "The review shown has no date, so the timeline is left out.",
        "helpfulness": "The review shown has no helpful votes, so the helpfulness chart is left out.",
    }
    assert not {nc.name for nc in view_charts(one)} & set(names)  # indeed left out
    assert missing_charts(one, ["helpfulness"]).keys() == {"helpfulness"}  # only those asked
    rt = build_view(scored, Filters(sources=("rotten_tomatoes",)))  # dated, never voted on
    assert missing_charts(rt, names) == {
        "helpfulness": f"None of the {len(rt.reviews)} reviews shown has helpful votes, so the "
        "helpfulness chart is left out."
    }
    nothing = build_view(scored, Filters(search="no review says this"))
    assert missing_charts(nothing, names) == {}  # no reviews: the page says so once


def test_a_review_chart_is_left_out_when_few_of_the_reviews_shown_have_its_data(many_titles):
    """The seeds' dated reviews among 600 undated IMDb ones: fewer than 20 and under a
    tenth of the reviews shown, so no timeline of six points over 607 reviews; the page
    says how many have dates and what to choose. One title's reviews, all dated, draw it."""
    import dataclasses

    from analysis.collection import Store
    from analysis.views.view import CHART_MIN_ROWS, missing_charts

    scored = Store(many_titles).load()
    every = build_view(scored, Filters())
    dated = int(every.reviews["date"].notna().sum())
    assert 0 < dated < CHART_MIN_ROWS
    assert dated < 0.1 * len(every.reviews)
    names = {nc.name for nc in view_charts(every, ("review_timeline", "review_scores"))}
    assert names == {"review_scores"}
    said = missing_charts(every, ["review_timeline"])["review_timeline"]
    assert said.startswith(f"Only {dated} of the {len(every.reviews):,} reviews shown have dates")
    assert "Choose a title or a source whose reviews have dates." in said
    film = build_view(scored, Filters(work="the-city-of-lost-children-1995"))
    assert {nc.name for nc in view_charts(film, ("review_timeline",))} == {"review_timeline"}
    assert missing_charts(film, ["review_timeline"]) == {}
    # twenty dated reviews are enough, however many are not
    many = scored.reviews.copy()
    undated = many.index[many["date"].isna()][: CHART_MIN_ROWS - dated]
    many.loc[undated, "date"] = "2020-01-01"
    enough = build_view(dataclasses.replace(scored, reviews=many), Filters())
    assert int(enough.reviews["date"].notna().sum()) == CHART_MIN_ROWS
    assert {nc.name for nc in view_charts(enough, ("review_timeline",))} == {"review_timeline"}


def test_empty_filters_give_no_review_charts(scored):
    v = build_view(scored, Filters(search="no review says this"))
    names = {nc.name for nc in view_charts(v)}
    assert "review_scores" not in names
    assert "aggregate_scores" in names


@pytest.mark.parametrize(
    "text",
    ["[x](javascript:alert(1))", "<script>alert(1)</script>", "**bold** _it_ `code` # h", "a\\b"],
)
def test_escape_markdown_leaves_no_active_markup(text):
    from analysis.text import escape_markdown

    out = escape_markdown(text)
    for ch in "[]()<>*_`#":
        assert all(out[i - 1] == "\\" for i, c in enumerate(out) if c == ch)


@pytest.mark.parametrize("copies", [1, 500])  # each review drawn; binned past MAX_POINTS
def test_a_long_source_name_is_drawn_whole(scored, copies):
    """A data set's file name labels its row and its legend entry whole: Vega cuts a label
    at 180 px (160 in a legend), which made "metacritic_acnh_user_reviews.parquet" into
    "metacritic_acnh_user_r…"; the limit follows the longest name (about 7 px a
    character), and short names keep Vega's own."""
    from analysis.charts import builders as charts

    long_name = "metacritic_acnh_user_reviews.parquet"
    reviews = scored.reviews.assign(
        source=long_name, helpful_total=4, helpful_yes=3, date="2020-03-20"
    )
    reviews = pd.concat([reviews] * copies, ignore_index=True)
    dist = charts.score_distribution(reviews).to_dict()
    assert dist["encoding"]["y"]["axis"]["labelLimit"] >= 7 * len(long_name)
    for chart in (charts.timeline_chart(reviews), charts.helpfulness_chart(reviews)):
        legend = chart.to_dict()["encoding"]["color"]["legend"]
        assert legend["labelLimit"] >= 7 * len(long_name)
    short = charts.score_distribution(scored.reviews.assign(source="imdb")).to_dict()
    assert short["encoding"]["y"]["axis"]["labelLimit"] == 180


def test_large_corpora_send_aggregates_not_every_review(scored):
    from analysis.charts import builders as charts

    big = pd.concat([scored.reviews] * 500, ignore_index=True)  # 3,500 reviews
    assert len(big) > charts.MAX_POINTS
    for chart in (
        charts.score_distribution(big),
        charts.timeline_chart(big),
        charts.agreement_chart(big),
        charts.helpfulness_chart(big),
    ):
        spec = chart.to_dict()
        rows = sum(len(v) for v in spec["datasets"].values())
        assert rows <= charts.MAX_POINTS
    binned = charts.score_distribution(big).to_dict()
    counts = next(iter(binned["datasets"].values()))
    assert sum(r["reviews"] for r in counts) == len(big)
    # coloured by each source's share, so a source of few reviews shows beside a large one
    assert binned["encoding"]["color"]["field"] == "share"
    by_source = pd.DataFrame(counts).groupby("source")["share"].sum()
    assert np.allclose(by_source, 1.0)
    few = pd.concat([big, scored.reviews.head(1).assign(source="a_few")], ignore_index=True)
    cells = pd.DataFrame(next(iter(charts.score_distribution(few).to_dict()["datasets"].values())))
    assert cells.loc[cells["source"] == "a_few", "share"].tolist() == [1.0]


@pytest.mark.parametrize("scorer", ["model", "vader"])
def test_the_score_axis_has_about_ten_labels_none_over_another(scored, scorer):
    """Both forms of the score distribution (a dot per review, binned counts) ask Vega for
    about ten score labels and to drop any that would overlap: at the chart's 560 px the
    default step of 0.05 ran "0.00" into "0.05"."""
    from analysis.charts import builders as charts

    big = pd.concat([scored.reviews] * 500, ignore_index=True)
    for reviews in (scored.reviews, big):
        axis = charts.score_distribution(reviews, scorer).to_dict()["encoding"]["x"]["axis"]
        assert axis["tickCount"] == 10
        assert axis["labelOverlap"] is True


def test_a_large_corpus_compares_vader_and_the_model_over_every_review(scored):
    """Above MAX_POINTS the agreement chart bins every review (no sample) and counts each
    kind of disagreement from the labels; below it, one point per review."""
    from analysis.charts import builders as charts

    small = charts.agreement_chart(scored.reviews).to_dict()
    assert len(next(iter(small["datasets"].values()))) == len(scored.reviews)
    n = int((scored.reviews["agreement"] == "disagree").sum())
    assert f"disagree: {n} of {len(scored.reviews)} reviews" in small["title"]["text"]

    big = pd.concat([scored.reviews] * 500, ignore_index=True)
    big = big.assign(vader_compound=np.resize([-1.0, -0.05, 0.0, 0.42, 1.0], len(big)))
    spec = charts.agreement_chart(big).to_dict()
    by_rows = {len(v): v for v in spec["datasets"].values()}
    cells = max(by_rows.values(), key=len)
    assert len(cells) <= 400
    assert sum(c["reviews"] for c in cells) == len(big)  # every review, none sampled
    # a review's cell holds its scores (the top edge and 1.0 fall in the last cell)
    for c in cells:
        assert -1 <= c["vader_from"] < c["vader_to"] <= 1
        assert 0 <= c["model_from"] < c["model_to"] <= 1
    at_one = sum(c["reviews"] for c in cells if c["vader_to"] == 1)
    assert at_one == int((big["vader_compound"] >= 0.9).sum())
    at_zero = sum(c["reviews"] for c in cells if abs(c["vader_from"]) < 1e-9)
    assert at_zero == int(big["vader_compound"].between(0, 0.1, inclusive="left").sum())
    notes = [r["note"] for v in spec["datasets"].values() for r in v if "note" in r]
    for vader, model in (("positive", "negative"), ("negative", "positive")):
        n = int(((big["vader_label"] == vader) & (big["model_label"] == model)).sum())
        assert f"VADER {vader}, model {model}:\n{n:,}" in " ".join(notes)
    disagree = int((big["agreement"] == "disagree").sum())
    assert f"disagree: {disagree:,} of {len(big):,} reviews" in spec["title"]["text"]


def test_compare_two_titles():
    from conftest import PAGES, SEEDS

    from analysis import load_corpus
    from analysis.charts import builders as charts
    from analysis.views.compare import compare_titles

    scored2 = score_corpus(
        load_corpus([SEEDS, PAGES / "rt_other.txt", PAGES / "imdb_flat_other.txt"]), workers=1
    )
    scores, themes = compare_titles(scored2, ["the-city-of-lost-children-1995", "dark-city-1998"])
    assert set(scores["title"]) == {"The City of Lost Children (1995)", "Dark City (1998)"}
    dark = scores[scores["title"] == "Dark City (1998)"].set_index("measure")
    assert dark.loc["Rotten Tomatoes · Tomatometer", "score_100"] == 79.0
    assert dark.loc["IMDb · user rating", "score_100"] == 76.0
    assert set(themes["title"]) == {"The City of Lost Children (1995)", "Dark City (1998)"}
    labels = dict(zip(scored2.themes["theme"], scored2.themes["label"], strict=True))
    assert set(themes["theme"]) <= set(labels.values())  # named as the Themes page names them
    assert "Story / plot" in set(themes["theme"])
    assert "Review text score (model)" in set(dark.index)
    assert (
        (themes["share_low"] <= themes["positive_share"])
        & (themes["positive_share"] <= themes["share_high"])
    ).all()
    spec = charts.compare_chart(scores).to_dict()
    assert spec["layer"][0]["encoding"]["x2"]["field"] == "ci_high"
    # shares get ten ticks at most, and no label over another: "95%" ran into "100%"
    share_axis = charts.compare_themes_chart(themes).to_dict()["layer"][0]["encoding"]["x"]["axis"]
    assert share_axis == {
        "format": "%",
        "labelOverlap": True,
        "labelSeparation": 6,
        "tickCount": 10,
    }
    # what the comparison's exports say: its own titles, reviews and documents, not the
    # whole view's
    from analysis.views.compare import compare_meta

    picked = ["the-city-of-lost-children-1995", "dark-city-1998"]
    meta = compare_meta(scored2, picked)
    assert meta.n == scored2.reviews["work_id"].isin(picked).sum()
    assert meta.filters[0] == (
        "titles compared: The City of Lost Children (1995), Dark City (1998)"
    )
    assert "do not apply" in meta.filters[1]
    dark = compare_meta(scored2, ["dark-city-1998"])
    assert dark.n == (scored2.reviews["work_id"] == "dark-city-1998").sum() < meta.n
    assert 0 < len(dark.sources) < len(meta.sources)  # only the pages about Dark City
    assert set(dark.sources) <= set(meta.sources)


def test_title_choices_name_and_id(scored):
    """A picker label is the name; the id follows only where it says something the name
    does not (an IMDb or a table's own id) or where two titles would read alike."""
    from analysis.views.tables import title_choices

    assert title_choices(scored.corpus.works) == {
        "the-city-of-lost-children-1995": "The City of Lost Children (1995)"
    }
    works = pd.DataFrame(
        {
            "work_id": ["tt0088846", "b0001", "heat", "heat-2", "tt0113277"],
            "title": ["Brazil", "Brazil (DVD)", "Heat", "Heat", "tt0113277"],
            "year": [1985, None, None, None, None],
            "parent_work_id": [None] * 5,
        }
    )
    assert title_choices(works) == {
        "tt0088846": "Brazil (1985) [tt0088846]",
        "b0001": "Brazil (DVD) [b0001]",
        "heat": "Heat [heat]",
        "heat-2": "Heat [heat-2]",
        "tt0113277": "tt0113277",
    }


def test_reviews_that_dislike_the_story(scored):
    from analysis.views.view import build_view

    f = Filters(themes=("story",), theme_stance="negative")
    v = build_view(scored, f)
    m = scored.mentions
    expected = set(m[(m["theme"] == "story") & (m["mention_label"] == "negative")]["review_id"])
    assert set(v.reviews["review_id"]) == expected
    assert "Kyle M" in set(v.reviews["author"])
    # the sentences shown are the ones that say it
    assert v.sentences["text"].str.contains("warping and confounding narrative").any()
    assert not v.sentences["text"].str.contains("Badalamenti").any()
    assert Filters.from_query(f.to_query()) == f
    assert "says something negative about story" in f.chips()
    assert Filters.from_query({"theme_stance": "<script>"}).theme_stance == ""
    # praise of the story is another set of reviews
    praise = build_view(scored, Filters(themes=("story",), theme_stance="positive"))
    assert set(praise.reviews["review_id"]) != expected


def test_theme_sentences_show_what_each_says_about_the_theme(scored):
    from analysis.schema import SentenceRows
    from analysis.views.tables import sentence_table, theme_sentences

    t = theme_sentences(scored.sentences, "language")
    dub = t[t["Sentence"].str.contains("English dubbing frankly")].iloc[0]
    assert dub["About language"] == "negative"
    # each column is its own reading: the sentence's label, and the label of the clause
    # about the theme (they differ wherever a sentence praises one thing, blames another)
    m = scored.mentions[scored.mentions["theme"] == "language"]
    s = scored.sentences.set_index(["review_id", "sentence_index"])["label"]
    mention = m.set_index(["review_id", "sentence_index"])["mention_label"]
    assert sorted(t["About language"]) == sorted(mention)
    assert sorted(t["Sentence label"]) == sorted(s.loc[mention.index])
    assert t["Themes"].str.contains("language").all()
    rid = scored.reviews.set_index("author").loc["Kyle M", "review_id"]
    table = sentence_table(scored.sentences, rid)
    assert table[SentenceRows.themes].str.contains("story: negative").any()


def test_a_review_chart_cites_the_documents_its_reviews_come_from(scored, seed_corpus):
    """Not every document read: the Wikipedia seed holds no review, so the review charts
    and exports do not cite it (the published-scores chart, drawing its figures, does);
    a chosen title's reviews cite only their own pages."""
    view = build_view(scored, Filters())
    wikipedia = doc_id(seed_corpus, "000")
    assert wikipedia not in set(scored.reviews["document_id"])
    assert "Wikipedia page" not in view.meta.sources
    assert "Wikipedia page" in view.aggregates_meta.sources
    assert len(view.meta.sources) == scored.reviews["document_id"].nunique()
    rt = view.reviews[view.reviews["source"] == "rotten_tomatoes"]
    only_rt = build_view(scored, Filters(sources=("rotten_tomatoes",)))
    assert len(only_rt.reviews) == len(rt) > 0
    assert only_rt.meta.sources == ["Rotten Tomatoes page"]
    nothing = build_view(scored, Filters(search="no review says this: qzxv"))
    assert nothing.meta.sources == []
    assert nothing.meta.footer()[0] == "Sources: none"


def test_under_a_chart_many_sources_are_counted_by_kind_and_listed_on_request():
    from analysis.charts.export import SHOWN_SOURCES, ExportMeta, screen_chart, source_summary

    many = [f"IMDb page, 20{y:02d}" for y in range(10)] + ["Rotten Tomatoes page"] * 2
    many += ["table reviews.csv", "Metacritic page (snapshot 2)"]
    assert source_summary(many) == (
        "14 documents: 10 IMDb pages, 2 Rotten Tomatoes pages, 1 Metacritic page, 1 table"
    )
    meta = ExportMeta(many, ["title: Barbie (2023)"], 23, "m-1")
    assert meta.footer()[0].startswith("Sources: IMDb page, 2000; IMDb page, 2001")
    assert len(meta.footer()) == 7  # five lines of sources, filters, n and model
    short = meta.footer(summarise_over=SHOWN_SOURCES)
    assert short == [
        "Sources: " + source_summary(many),
        "Filters: title: Barbie (2023)",
        "n = 23 reviews · model m-1",
    ]
    assert meta.footer(summarise_over=len(many)) == meta.footer()  # few enough: all listed

    import altair as alt

    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    titled = chart.properties(
        title=alt.TitleParams("Scores", subtitle=meta.footer()),
        usermeta={"export": meta.as_dict()},
    )
    shown = screen_chart(titled)
    assert shown.note == " · ".join(short)
    assert shown.sources == tuple(many)  # the page lists them one click away
    few = ExportMeta(many[:SHOWN_SOURCES], [], 3, "m-1")
    shown = screen_chart(
        chart.properties(
            title=alt.TitleParams("Scores", subtitle=few.footer()),
            usermeta={"export": few.as_dict()},
        )
    )
    assert shown.sources == ()
    assert shown.note == " · ".join(s.strip() for s in few.footer())


def test_on_screen_a_chart_keeps_its_title_and_shows_its_provenance_as_a_note(scored):
    from analysis.charts.export import screen_chart
    from analysis.views.view import build_view, view_charts

    (nc,) = view_charts(build_view(scored, Filters()), ("aggregate_scores",))
    shown = screen_chart(nc.chart)
    assert shown.title == nc.chart.title.text
    assert shown.note.startswith("Sources: ")
    assert "IMDb page, 2017-02-17" in shown.note
    assert f"model {scored.model_version}" in shown.note
    assert shown.note == " · ".join(s.strip() for s in nc.chart.title.subtitle)  # all of it
    spec = shown.chart.to_dict()
    assert "title" not in spec  # shown as text above the chart, the note under it
    assert "usermeta" not in spec
    assert spec["width"] == "container"  # the page's width, where exports keep theirs
    assert "usermeta" in nc.chart.to_dict()  # the chart itself (the exports') keeps it all
    assert nc.chart.to_dict()["title"]["subtitle"]


def _sent_without_data(nc) -> tuple[str, dict]:
    """What the page is sent for a chart, as Streamlit splits it: the spec it compares
    with the one before (to keep the drawn chart or draw a new one), and the data sets."""
    spec = json.loads(nc.screen_spec)
    datasets = spec.pop("datasets")
    return json.dumps(spec), datasets


# (the timeline's spec follows its data by design: its colours list the sources shown, and
# burst weeks add a layer)
@pytest.mark.parametrize("name", ["review_scores", "vader_vs_model"])
def test_a_filter_change_leaves_the_on_screen_spec_alone_and_changes_only_its_data(scored, name):
    """Titles and export metadata carry the counts and the filters: on screen they are text
    around the chart, and its data sets are named by place, not by a hash of their rows.
    So another text filter changes the chart's data and not one character of its spec,
    and the page swaps the data instead of drawing a new chart."""
    from analysis.views.view import build_view, view_charts

    def shown(filters):
        (nc,) = view_charts(build_view(scored, filters), (name,))
        return nc, *_sent_without_data(nc)

    everything, spec_all, data_all = shown(Filters())
    some, spec_some, data_some = shown(Filters(search="music"))
    assert everything.chart.to_dict() != some.chart.to_dict()  # the exports differ...
    assert data_all != data_some  # ...and so does the data
    assert list(data_all) == list(data_some)  # under the same names
    assert spec_all == spec_some


def test_data_sets_named_by_place_draw_the_chart_their_hashed_names_draw(scored):
    """Renaming a chart's data sets changes nothing it draws, and no new name is one that
    Vega-Lite gives the data it derives (``data_0``, ``source_0``, ...)."""
    import vl_convert as vlc

    from analysis.charts.export import stable_dataset_names

    film = "the-city-of-lost-children-1995"
    charts = view_charts(build_view(scored, Filters(work=film)))
    assert {"themes", "aggregate_scores"} <= {nc.name for nc in charts}  # several data sets
    for nc in charts:
        hashed = nc.screen.chart.to_dict()
        named = stable_dataset_names(hashed)
        assert vlc.vegalite_to_svg(named) == vlc.vegalite_to_svg(hashed), nc.name
        vega_names = [d["name"] for d in vlc.vegalite_to_vega(named)["data"]]
        assert len(vega_names) == len(set(vega_names)), nc.name


def test_the_spec_a_page_sends_is_the_shown_chart_validated_here_and_made_once(scored, monkeypatch):
    """The page is sent each chart's spec unvalidated (``NamedChart.screen_spec``): here
    every chart of a title's view and of the whole corpus is checked against the
    Vega-Lite schema, and the spec is made once, not on every run of the page."""
    import altair as alt

    from analysis.charts.export import stable_dataset_names
    from analysis.views.view import build_view, view_charts

    film = "the-city-of-lost-children-1995"
    charts = [
        *view_charts(build_view(scored, Filters(work=film))),
        *view_charts(build_view(scored, Filters(search="music"))),
    ]
    assert len({nc.name for nc in charts}) >= 6
    for nc in charts:
        sent = json.loads(nc.screen_spec)
        checked = nc.screen.chart.to_dict(validate=True)  # the schema's check
        assert sent == stable_dataset_names(checked), nc.name
        assert "title" not in sent  # the shown chart, not the export's

    def converted_again(*args, **kwargs):
        raise AssertionError("the chart was converted to a spec again")

    monkeypatch.setattr(alt.TopLevelMixin, "to_dict", converted_again)
    assert all(json.loads(nc.screen_spec) for nc in charts)


def test_the_score_and_related_charts_cite_their_pages_and_their_filters_only(scored):
    """The review filters do not change a published score or which films a page lists, so
    those charts' exports name only the filters that choose them (title; sources for the
    scores), cite only the pages they draw from, and count what they draw."""
    film = "the-city-of-lost-children-1995"
    view = build_view(scored, Filters(work=film, search="music", sources=("imdb",)))
    meta = view.related_meta
    assert meta.filters == ["title: The City of Lost Children (1995)"]
    assert meta.n == 12
    assert "n = 12 related films · model" in meta.footer()[-1]
    assert build_view(scored, Filters(search="music")).related_meta.filters == []
    # the published scores keep the title and sources filters, not the review filters
    scores = view.scores_meta
    assert scores.filters == ["title: The City of Lost Children (1995)", "sources: IMDb"]
    assert scores.n == len(view.points) > 0
    assert all(s.startswith("IMDb page") for s in scores.sources)
    # the aggregates export: the same provenance, counting its rows
    rows = view.aggregates_meta
    assert (rows.filters, rows.sources) == (scores.filters, scores.sources)
    assert (rows.n, rows.counted) == (len(view.aggregates), "aggregate scores and counts")


def test_related_titles_are_one_row_per_film_across_snapshots_and_languages(scored):
    from analysis.views.tables import related_films
    from analysis.views.view import build_view

    related = build_view(scored, Filters()).related
    films = related_films(related)
    assert films["Title"].is_unique
    micmacs = films[films["Title"] == "Micmacs"].iloc[0]
    assert micmacs["Pages"] == 2  # the 2017 page calls it "mic macs à tire-larigot"
    assert not films["Title"].str.contains("mic macs", case=False).any()
    # the second snapshot lost this film's title and year; its description and director
    # are those of the 2017 page's "un long dimanche de fiançailles"
    engagement = films[films["Title"] == "un long dimanche de fiançailles"].iloc[0]
    assert (engagement["Pages"], engagement["Year"]) == (2, "2004")
    assert not films["Title"].str.startswith("(title missing) Tells").any()
    brazil = films[films["Title"] == "Brazil"].iloc[0]
    assert (
        brazil["IMDb rating in each page"]
        == "7.9 on IMDb page (snapshot 2); 8 on IMDb page, 2017-02-17"
    )
    own = films[films["Kind"] == "this film"].iloc[0]
    assert (
        own["IMDb rating in each page"]
        == "7.6 on IMDb page (snapshot 2); 7.7 on IMDb page, 2017-02-17"
    )
    # the chart tells the snapshots apart by the pages' names, not their ids
    spec = related_chart(related).to_dict()
    bars = spec["layer"][0]["encoding"]
    assert bars["color"]["field"] == bars["yOffset"]["field"] == "page"
    assert set(related["page"]) == {"IMDb page (snapshot 2)", "IMDb page, 2017-02-17"}


def test_the_consensus_belongs_to_the_chosen_title(scored):
    from analysis.views.view import build_view

    assert len(build_view(scored, Filters()).consensus) == 1
    assert len(build_view(scored, Filters(work="the-city-of-lost-children-1995")).consensus) == 1
    assert build_view(scored, Filters(work="tt0369053")).consensus.empty


def test_the_timeline_flags_burst_weeks_and_says_how_many():
    from analysis.charts.builders import timeline_chart

    days = pd.date_range("2024-01-01", periods=12, freq="W-MON")
    rows = [(d, 0.7) for d in days[:10] for _ in range(2)] + [(days[10], 0.15)] * 12
    reviews = pd.DataFrame(
        {
            "work_id": "w",
            "date": [d.strftime("%Y-%m-%d") for d, _ in rows],
            "model_positive": [p for _, p in rows],
            "vader_compound": 0.0,
            "source": "imdb",
            "author": [f"a{i}" for i in range(len(rows))],
        }
    )
    spec = timeline_chart(reviews, "model").to_dict()
    assert "1 burst week flagged" in spec["title"]["text"]
    flags = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert len(flags) == 1
    (data,) = [v for k, v in spec["datasets"].items() if k == flags[0]["data"]["name"]]
    assert [(d["kind"], d["reviews"]) for d in data] == [("review-bombing", 12)]
    calm = timeline_chart(reviews[reviews["model_positive"] > 0.5], "model").to_dict()
    assert "burst" not in calm["title"]["text"]


def test_the_timeline_and_helpfulness_legends_list_only_the_sources_they_chart():
    """A source whose reviews have no dates (or no votes) has no point on the chart, so it
    is not in the chart's legend either."""
    from analysis.charts.builders import helpfulness_chart, timeline_chart

    reviews = pd.DataFrame(
        {
            "work_id": "w",
            "date": ["2024-01-01", "2024-02-01", None, None],
            "model_positive": [0.9, 0.2, 0.6, 0.4],
            "vader_compound": 0.0,
            "source": ["imdb", "imdb", "rotten_tomatoes", "metacritic"],
            "author": ["a", "b", "c", "d"],
            "helpful_yes": [None, None, 3, 1],
            "helpful_total": [None, None, 4, 2],
        }
    )

    def legend(chart) -> list[str]:
        spec = chart.to_dict()
        return (spec.get("layer") or [spec])[0]["encoding"]["color"]["scale"]["domain"]

    assert legend(timeline_chart(reviews, "model")) == ["IMDb"]
    assert legend(helpfulness_chart(reviews, "model")) == ["Metacritic", "Rotten Tomatoes"]


def test_the_chosen_title_is_named_in_the_chips_and_the_exports(scored):
    from analysis.views.view import build_view

    v = build_view(scored, Filters(work="the-city-of-lost-children-1995"))
    assert "title: The City of Lost Children (1995)" in v.meta.filters
    assert build_view(scored, Filters(work="tt404")).meta.filters == ["title: tt404"]


def test_related_rows_are_joined_through_any_shared_key():
    from analysis.views.tables import film_names

    nan = float("nan")
    rel = pd.DataFrame(
        {
            "imdb_id": [None] * 5,  # no page linked an id: the other keys join the rows
            "title": ["un long dimanche", nan, nan, "Alien Resurrection", nan],
            "year": [2004, None, None, 1997, None],
            "directors": ["jean-pierre jeunet", "Jean-Pierre Jeunet", "Jean-Pierre Jeunet"]
            + ["Jean-Pierre Jeunet", "Someone Else"],
            "description": [
                "tells the story of a young woman's search",
                "Tells the story of a young woman's relentless search for her fiancé.",
                None,
                "200 years after her death, Ellen Ripley is revived.",
                "Tells the story of a young woman's relentless search for her fiancé.",
            ],
        }
    ).astype({"year": "Int64"})
    names = film_names(rel)
    assert names[:2] == ["un long dimanche"] * 2  # same description and director
    assert names[2] is None  # nothing to join on: never guessed
    assert names[3] == "Alien Resurrection"
    assert names[4] is None  # the same words by another director: another film


def test_the_filters_written_into_views_and_exports_name_themes_by_label(scored):
    from analysis.views.view import build_view

    meta = build_view(scored, Filters(themes=("story",), theme_stance="negative")).meta
    assert meta.filters[:2] == [
        "themes: Story / plot",
        "says something negative about Story / plot",
    ]
    assert "Filters: themes: Story / plot" in "\n".join(meta.footer())


def _tooltip_fields(spec) -> set[str]:
    """Every field a chart's tooltips show, wherever in the spec they are."""
    found: set[str] = set()
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "tooltip":
                items = value if isinstance(value, list) else [value]
                found |= {i.get("field") for i in items if isinstance(i, dict)}
            else:
                found |= _tooltip_fields(value)
    elif isinstance(spec, list):
        for item in spec:
            found |= _tooltip_fields(item)
    return found


def test_no_tooltip_or_tile_names_a_page_by_its_id(charts, view):
    """A hover names the page as the Sources line does ('IMDb page, 2017-02-17'), never by
    its document id; so does a score tile's help."""
    import re

    for name, chart in charts.items():
        assert "document_id" not in _tooltip_fields(chart.to_dict()), name
    assert "page" in _tooltip_fields(charts["aggregate_scores"].to_dict())
    helps = " ".join(t.help for t in view.tiles)
    assert "Source: Wikipedia page" in helps
    assert not re.search(r"\b\d{3}_[0-9a-f]{16}\b", helps)


def test_charts_are_built_from_channel_objects_not_shorthand_strings(scored, monkeypatch):
    """Every encoding is an ``alt.X(...)``-style object: a shorthand string ("score:Q")
    makes Altair look its channel class up in the whole Vega-Lite schema, about 12 ms an
    encoding here, on every rerun of a page (0.07 s of each filter change's 0.25 s)."""
    from altair.utils.schemapi import SchemaBase

    from analysis.charts import builders as charts
    from analysis.views.compare import compare_titles

    looked_up: list[str] = []
    original = SchemaBase.from_dict.__func__

    def from_dict(cls, *args, **kwargs):
        looked_up.append(cls.__name__)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(SchemaBase, "from_dict", classmethod(from_dict))
    big = pd.concat([scored.reviews] * 500, ignore_index=True)  # the binned forms
    view = build_view(scored, Filters())
    built = {nc.name: nc.screen for nc in view_charts(view)}  # as built and as shown
    assert {"aggregate_scores", "review_scores", "vader_vs_model", "themes"} <= set(built)
    for reviews in (scored.reviews, big):
        charts.score_distribution(reviews)
        charts.timeline_chart(reviews)
        charts.agreement_chart(reviews)
        charts.helpfulness_chart(reviews)
    scores, themes = compare_titles(scored, ["the-city-of-lost-children-1995"])
    charts.compare_chart(scores)
    charts.compare_themes_chart(themes)
    assert looked_up == []


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(search="music"), Filters(themes=("music",), theme_stance="positive")],
)
def test_a_view_keeps_its_reviews_text_apart_and_adds_it_to_the_rows_it_shows(scored, filters):
    """The charts and counts use the reviews shown without their text (``View.rows``); the
    text is taken for the rows a page shows (``add_text``) and for ``View.reviews``, which
    is every column of the filtered reviews, in their stored order."""
    view = build_view(scored, filters)
    assert "text" not in view.rows.columns
    expected = filter_reviews(scored.reviews, filters)
    if filters.theme_stance:
        expected = expected[expected["review_id"].isin(view.rows["review_id"])]
    assert len(view.rows) == len(expected) > 0
    pd.testing.assert_frame_equal(view.reviews, expected)
    backwards = view.rows.iloc[::-1].head(3)
    texts = dict(zip(scored.reviews["review_id"], scored.reviews["text"], strict=True))
    added = view.add_text(backwards)
    assert added["review_id"].tolist() == backwards["review_id"].tolist()
    assert added["text"].tolist() == [texts[r] for r in backwards["review_id"]]
    assert list(added.columns) == list(expected.columns)


def test_the_disagreement_table_shows_the_excerpt_around_the_search_text(scored):
    """As the explorer does: a word the reviewer wrote far into the review is in the
    excerpt the Sentiment page's disagreement table shows when the user searched for it."""
    from analysis.views.tables import clash_rows, focus_pattern

    view = build_view(scored, Filters())
    longest = view.rows.loc[[view.reviews["text"].str.len().idxmax()]]
    text = view.add_text(longest)["text"].iloc[0]
    word = max(re.findall(r"[A-Za-z]{6,}", text[-300:]), key=len)
    assert word.lower() not in text[:400].lower()  # far into the review
    focus = focus_pattern(word, (), ())
    plain = clash_rows(view.add_text(longest), "model")["Excerpt"].iloc[0]
    around = clash_rows(view.add_text(longest), "model", focus=focus)["Excerpt"].iloc[0]
    assert word.lower() not in plain.lower()
    assert word.lower() in around.lower()


@pytest.mark.parametrize("scorer", ["model", "vader"])
@pytest.mark.parametrize(
    "filters",
    [{}, {"search": "music"}, {"themes": ("music",)}, {"labels": ("positive",)}],
    ids=["none", "search", "theme", "label"],
)
def test_review_rows_follow_their_schema_as_made(scored, scorer, filters):
    """The explorer's and the disagreement table's rows are not validated when made (a
    rerun's cost); here they are: valid, and exactly what validating would give (no type
    coerced, no column moved)."""
    from analysis.schema import ReviewRows
    from analysis.views.tables import focus_pattern, review_table

    view = build_view(scored, Filters(scorer=scorer, **filters))
    focus = focus_pattern(view.filters.search, (), ())
    rows = review_table(view.add_text(view.rows), scorer, focus=focus)
    assert len(rows) == len(view.rows) > 0
    pd.testing.assert_frame_equal(rows, ReviewRows.validate(rows.copy()))


def test_every_view_gives_its_intervals_at_the_level_the_corpus_was_scored_with(
    seed_corpus, scored
):
    """A corpus scored with ``Settings(confidence_level=0.8)`` is shown with 80% intervals
    everywhere: the themes of a view, what its exports say, the Titles table and a
    comparison; none of them falls back to the default 95%."""
    from analysis.measures.intervals import wilson_interval
    from analysis.schema import TitleTable
    from analysis.scoring.pipeline import Scorers
    from analysis.settings import Settings
    from analysis.views.compare import compare_meta, compare_titles
    from analysis.views.titles import titles_table

    narrow = score_corpus(seed_corpus, Scorers.load(settings=Settings(confidence_level=0.8)), 1)
    film = "the-city-of-lost-children-1995"
    wide_view, narrow_view = (build_view(s, Filters(work=film)) for s in (scored, narrow))
    assert (wide_view.meta.confidence_level, narrow_view.meta.confidence_level) == (0.95, 0.8)
    for nc in view_charts(narrow_view, ("themes", "aggregate_scores")):  # charts with intervals
        said = json.dumps(nc.chart.to_dict())
        assert "80% interval" in said, nc.name
        assert "95%" not in said, nc.name
    themes = narrow_view.themes
    pairs = zip(themes.positive, themes.mentions, strict=True)
    expected = np.array([wilson_interval(p / n, n, 0.8) for p, n in pairs])
    assert themes[["share_low", "share_high"]].to_numpy() == pytest.approx(expected)
    assert (
        themes.share_high - themes.share_low
        < wide_view.themes.share_high - wide_view.themes.share_low
    ).all()

    def width(table, low, high):
        return (table[high] - table[low]).dropna()

    wide_titles, narrow_titles = titles_table(scored), titles_table(narrow)
    T = TitleTable
    assert (
        width(narrow_titles, T.score_low, T.score_high)
        < width(wide_titles, T.score_low, T.score_high)
    ).all()
    assert compare_meta(narrow, [film]).confidence_level == 0.8
    wide, tight = (compare_titles(s, [film]) for s in (scored, narrow))
    text = [s[s.measure.str.startswith("Review text score")] for s in (wide[0], tight[0])]
    assert len(text[0]) == 1  # (the published scores' intervals are made as pages are read)
    assert (width(text[1], "ci_low", "ci_high") < width(text[0], "ci_low", "ci_high")).all()
    assert (
        width(tight[1], "share_low", "share_high") < width(wide[1], "share_low", "share_high")
    ).all()


def test_the_timeline_names_the_year_on_every_label_when_it_spans_years():
    """Reviews over three years: each date label names its year ("Feb 2009"); Vega-Lite's
    own labels named it only on January ticks, which ticks two months apart skipped,
    leaving "February ... December February" with no year on screen. Within one year the
    labels stay Vega-Lite's."""
    from analysis.charts.builders import timeline_chart

    def axis(dates) -> dict:
        reviews = pd.DataFrame(
            {
                "work_id": "w",
                "date": dates,
                "model_positive": 0.5,
                "vader_compound": 0.0,
                "source": "imdb",
                "author": [f"a{i}" for i in range(len(dates))],
            }
        )
        return timeline_chart(reviews, "model").to_dict()["encoding"]["x"].get("axis", {})

    assert axis(["2008-02-13", "2009-06-01", "2011-02-20"])["format"] == "%b %Y"
    assert "format" not in axis(["2024-01-01", "2024-06-01", "2024-12-31"])


def test_an_empty_page_blames_the_filters_only_when_a_filter_holds_something_back():
    """Nothing to show: with a filter in force (other than the title) the filters are named;
    with a title chosen, that title has none (its name shown as text, not markdown); with
    no filter at all, nothing is stored yet and the note says how to add files."""
    from analysis.views.filters import Filters
    from analysis.views.view import empty_note

    assert empty_note("sentiment", Filters(search="zzz")).startswith(
        "No reviews match these filters."
    )
    names = {"w1": "Alpha *bold* (1999)"}
    assert empty_note("sentiment", Filters(work="w1"), names) == (
        "Alpha \\*bold\\* \\(1999\\) has no reviews in the files read."
    )
    assert empty_note("sentiment", Filters(work="w1", labels=("positive",)), names).startswith(
        "No reviews match these filters."
    )
    nothing = empty_note("scores", Filters())
    assert nothing.startswith("The files read hold no published scores or reviews yet.")
    assert "Upload" in nothing


def test_no_topics_says_how_many_sentences_there_were(scored):
    """Topic discovery needs 200 sentences: where it has fewer, the note counts them for the
    chosen title (named as text, not markdown) or for the whole store (none yet in an empty
    one); with enough sentences and still no topic, it says that."""
    import dataclasses

    from analysis.views.view import topic_texts, topics_note

    work = "the-city-of-lost-children-1995"
    n = len(topic_texts(scored, work, limit=10**9))
    assert 0 < n < 200  # the seeds' few reviews
    names = {work: "The *City* (1995)"}
    assert topics_note(scored, work, names) == (
        "Topic discovery (NMF over words and two-word phrases of the sentences) needs at "
        f"least 200 sentences; The \\*City\\* \\(1995\\) and its adaptations have only {n}."
    )  # the seeds' film and its video game
    game = "the-city-of-lost-children-1995-game-playstation"  # no adaptation of its own
    assert len(topic_texts(scored, game, limit=10**9)) == 0
    said = topics_note(scored, game, {}).replace("\\", "")  # markdown escapes
    assert said.endswith(f"200 sentences; {game} has none.")
    everything = len(scored.sentences)
    assert topics_note(scored, None, names).endswith(
        f"200 sentences; the files read hold only {everything:,}."
    )
    empty = dataclasses.replace(scored, sentences=scored.sentences.iloc[:0])
    nothing = topics_note(empty, None, names)
    assert nothing.endswith("200 sentences; the files read hold none yet.")
    many = dataclasses.replace(
        scored, sentences=pd.concat([scored.sentences] * (200 // everything + 1))
    )
    assert topics_note(many, None, names).endswith(
        "found no topic that stands out in these sentences."
    )
