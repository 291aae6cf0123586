"""Every page of the app through AppTest: it renders on the seeds' store without errors and
shows its own content; the Compare and Related pages react to their widgets."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from conftest import FIXTURES, SEEDS
from streamlit.testing.v1 import AppTest

from analysis.collection import Store
from analysis.schema import ReviewRows, SentenceRows
from analysis.views.tables import CLASH_COLUMNS
from dashboard.screens import SCREENS


def _screen(url_path: str, query: dict | None = None) -> None:
    """Run one screen as the app would: the store's key, the URL's filters, ``render``."""
    from analysis.views.filters import Filters
    from dashboard import state
    from dashboard.screens import SCREENS

    key = state.corpus_key((), ())
    screen = next(s for s in SCREENS if s.url_path == url_path)
    screen.render(state.Context(key, Filters.from_query(query or {})))


def _run(url_path: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_function(_screen, default_timeout=180, args=(url_path, query))
    return at.run()


def _frames(at: AppTest) -> list:
    return [d.value for d in at.dataframe]


# what each page shows on the seeds, found by a header and one element of its own
EXPECTED = {
    "overview": ("How was it received?", lambda at: len(at.metric) >= 5),
    "sentiment": ("What do the reviews say?", lambda at: len(at.get("vega_lite_chart")) >= 3),
    "themes": (
        "What do reviewers praise and criticise?",
        lambda at: at.selectbox(key="theme_pick"),
    ),
    "reviews": ("Review explorer", lambda at: SentenceRows.sentence in _frames(at)[-1].columns),
    # the seeds are about one film (and its games): nothing to compare yet, and it says so
    "compare": ("Compare titles", lambda at: "another title" in at.info[0].value),
    "related": ("Related titles", lambda at: "Directors" in _frames(at)[0].columns),
    "data": (
        "Data and exports",
        lambda at: "Accuracy" in _frames(at)[0].columns and "Rows stored" in _frames(at)[1].columns,
    ),
}


def test_every_screen_is_tested():
    assert {s.url_path for s in SCREENS} == set(EXPECTED)


@pytest.mark.parametrize("url_path", list(EXPECTED))
def test_screen_renders_on_the_seeds(url_path):
    at = _run(url_path)
    assert not at.exception, at.exception
    assert not at.error
    header, has_content = EXPECTED[url_path]
    assert at.header[0].value == header
    assert has_content(at)


def test_compare_shows_both_titles_once_two_are_chosen(many_titles, monkeypatch):
    monkeypatch.setenv("RECEPTION_DB", str(many_titles))
    at = _run("compare")
    options = at.multiselect(key="compare_titles").options
    assert len(options) >= 2
    opening = at.multiselect(key="compare_titles").value
    at.multiselect(key="compare_titles").set_value(opening[:2]).run()
    assert not at.exception
    titles = set(_frames(at)[0]["Title"])
    assert len(titles) == 2


def test_related_titles_follow_the_title_filter():
    everything = _frames(_run("related"))[0]
    assert len(everything) > 0
    film = everything["Title"].iloc[0]
    assert film
    none = _run("related", {"work": "no-such-title"})
    assert not none.exception
    assert [i.value for i in none.info] == ["The pages read have no 'More like this' section."]


def test_overview_starts_from_the_titles_table_when_none_is_chosen(many_titles, monkeypatch):
    monkeypatch.setenv("RECEPTION_DB", str(many_titles))
    at = _run("overview")
    assert not at.exception
    assert at.header[0].value == "Titles in this collection"
    table = _frames(at)[0]
    assert {"Title", "Reviews", "Text score", "Interval", "Critics − users"} <= set(table.columns)
    assert len(table) == 50  # one page
    assert list(table["Reviews"]) == sorted(table["Reviews"], reverse=True)
    # numbers, not text: a click on a header sorts 9.4 below 87.4 (as text it came above)
    assert pd.api.types.is_float_dtype(table["Text score"])
    assert pd.api.types.is_float_dtype(table["Positive"])
    assert "The City of Lost Children (1995)" in set(table["Title"])
    assert not at.get("vega_lite_chart")  # no one title's charts or cards
    matching = next(c.value for c in at.caption if c.value.endswith(" titles match; showing 50."))
    n = matching.split(" titles match")[0]
    exports = [b.proto.label for b in at.get("download_button")]
    assert exports == [f"These {n} titles (CSV)"]  # the whole table, not one page
    assert at.number_input(key="titles_page").max >= 2
    at.number_input(key="titles_page").set_value(2).run()
    at.selectbox(key="titles_sort").set_value("best received").run()
    assert at.number_input(key="titles_page").value == 1  # a new order: its first page
    at.number_input(key="titles_page").set_value(2).run()
    at.text_input(key="titles_search").set_value("lost children").run()
    assert at.number_input(key="titles_page").value == 1  # a new search too
    assert _frames(at)[0]["Title"].iloc[0] == "The City of Lost Children (1995)"
    chosen = _run("overview", {"work": "the-city-of-lost-children-1995"})
    assert chosen.header[0].value == "How was it received?"


def test_the_titles_table_counts_the_reviews_that_pass_the_filters(many_titles, monkeypatch):
    from analysis.collection import Store
    from analysis.views.filters import Filters, filter_reviews

    monkeypatch.setenv("RECEPTION_DB", str(many_titles))
    everything = _run("overview")
    at = _run("overview", {"search": "music"})
    assert not at.exception
    assert at.header[0].value == "Titles in this collection"
    assert any(t.value == 'Filters: text contains "music"' for t in at.text)
    scored = Store(many_titles).load()
    passing = filter_reviews(scored.reviews, Filters(search="music"))
    shown = {m.label: m.value for m in at.metric}
    assert shown["Reviews"] == f"{len(passing):,}"
    assert {m.label: m.value for m in everything.metric}["Reviews"] == f"{len(scored.reviews):,}"
    table = _frames(at)[0]
    counts = passing.groupby("work_id").size()
    top = table.iloc[0]
    assert top["Reviews"] == counts.max()  # most matching reviews first
    assert len(passing) < len(scored.reviews)


def test_compare_opens_with_the_most_reviewed_titles(many_titles, monkeypatch):
    monkeypatch.setenv("RECEPTION_DB", str(many_titles))
    at = _run("compare")
    assert not at.exception
    assert len(at.multiselect(key="compare_titles").value) == 3
    assert len(set(_frames(at)[0]["Title"])) == 3


def test_the_chart_code_is_fetched_after_a_page_that_draws_none(many_titles):
    """The Titles table draws no chart, so the app starts without altair and imports it in
    the background once the page is drawn, then scikit-learn for the Themes page's topics
    (a fresh process: this one has both already)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    app = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
    code = (
        "import sys, threading\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({str(app)!r}, default_timeout=180).run()\n"
        "assert not at.exception, at.exception\n"
        "assert at.header[0].value == 'Titles in this collection'\n"
        "for t in threading.enumerate():\n"
        "    if t.name == 'prefetch-charts':\n"
        "        t.join(60)\n"
        "print('altair' in sys.modules, 'analysis.charts.builders' in sys.modules,\n"
        "      'sklearn.decomposition' in sys.modules)\n"
    )
    env = {**os.environ, "RECEPTION_DB": str(many_titles)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.split("\n")[-2] == "True True True"  # and topic discovery's code


def test_whole_number_columns_show_thousands_separators():
    import json

    import pandas as pd

    from dashboard.widgets import counts

    rows = pd.DataFrame({"Theme": ["Story"], "Mentions": [100005], "Share": [0.5]})
    assert {c: v["type_config"]["format"] for c, v in counts(rows).items()} == {
        "Mentions": "localized"
    }
    at = _run("themes")
    config = json.loads(at.dataframe[0].proto.columns)  # the theme table, first on the page
    localized = {
        c for c, v in config.items() if v.get("type_config", {}).get("format") == "localized"
    }
    assert localized == {"Mentions", "Reviews", "Positive", "Negative", "Neutral"}
    assert config["Mean score (−1 to 1)"]["type_config"]["format"] == "%.2f"  # '0.10', not '0.1'
    assert config["Positive share"]["type_config"]["format"] == "%.0f%%"  # a number shown '53%'


def test_the_timings_tool_times_a_real_title_then_the_titles_table(many_titles, monkeypatch):
    """The benchmark's dashboard figures: the first filter series runs on a chosen title's
    Overview (the picker's first option, "All titles", is not a title), the second on the
    Titles table."""
    from dashboard.tools.timings import dashboard_timings

    monkeypatch.setenv("RECEPTION_DB", str(many_titles))
    said: list[str] = []
    figures = dashboard_timings(echo=said.append)
    works = set(Store(many_titles).load().corpus.works["work_id"])
    assert figures["timed_on"] in works
    assert figures["switch_s"] > 0
    assert figures["titles_filter_s"] > 0
    assert "; on the Titles table: " in said[-1]


def test_discovered_topics_say_which_sentences_they_come_from(many_titles, monkeypatch):
    """Topics come from the chosen title's sentences (or every title's), whatever the other
    filters: the page says so, so a theme or text filter is not read into them."""
    monkeypatch.setenv("RECEPTION_DB", str(many_titles))
    at = _run("themes", {"search": "music"})
    assert not at.exception
    assert any("Top terms" in f.columns for f in _frames(at))  # the topics table is there
    said = " ".join(c.value for c in at.caption)
    assert "every title's sentences" in said
    assert "filters do not apply" in said
    chosen = _run("themes", {"work": "the-city-of-lost-children-1995"})  # 7 reviews
    said = " ".join(c.value for c in chosen.caption).replace("\\", "")  # markdown escapes
    assert re.search(r"200 sentences; The City of Lost Children .*(has|have) only \d+\.", said), (
        said
    )


def test_the_sentiment_page_says_which_charts_its_reviews_lack_the_data_for(
    many_titles, private_store, monkeypatch
):
    """IMDb's data set has no dates or votes: the page says why its timeline and
    helpfulness charts are missing instead of leaving them out silently."""
    monkeypatch.setenv("RECEPTION_DB", str(many_titles))
    at = _run("sentiment", {"sources": "imdb_sample.parquet"})
    assert not at.exception
    said = [c.value for c in at.caption]
    assert "None of the 600 reviews shown has a date, so the timeline is left out." in said
    assert any(s.startswith("None of the 600 reviews shown has helpful votes") for s in said)
    assert len(at.get("vega_lite_chart")) == 2  # the scores and VADER vs the model
    monkeypatch.setenv("RECEPTION_DB", str(private_store))
    seeds = _run("sentiment")  # the seeds' store: dates and votes, every chart, no such note
    assert not [c.value for c in seeds.caption if "is left out" in c.value]
    assert not seeds.exception, seeds.exception
    assert len(seeds.get("vega_lite_chart")) == 4


def test_a_rerun_with_the_same_filters_sends_the_charts_without_converting_them_again(
    private_store, monkeypatch
):
    """The page's charts are kept per view, and so are their specs: a rerun that draws
    them again (another widget, a page left and come back to) converts none of them."""
    import altair as alt

    at = _run("sentiment")
    assert len(at.get("vega_lite_chart")) == 4
    converted = []
    to_dict = alt.TopLevelMixin.to_dict

    def counted(self, *args, **kwargs):
        converted.append(type(self).__name__)
        return to_dict(self, *args, **kwargs)

    monkeypatch.setattr(alt.TopLevelMixin, "to_dict", counted)
    again = at.run()
    assert not again.exception, again.exception
    assert len(again.get("vega_lite_chart")) == 4
    assert converted == []
    specs = [json.loads(c.proto.spec) for c in again.get("vega_lite_chart")]
    assert all("title" not in spec and spec["width"] == "container" for spec in specs)


def test_the_review_explorer_sorts_across_its_pages(many_titles, monkeypatch):
    monkeypatch.setenv("RECEPTION_DB", str(many_titles))
    at = _run("reviews")
    assert not at.exception
    picker = at.selectbox(key="review_sort")
    assert picker.options[:3] == ["as stored", "most positive", "most negative"]
    picker.set_value("most negative").run()
    first = _frames(at)[0][ReviewRows.sentiment]
    assert len(first) == 50
    assert first.is_monotonic_increasing
    at.number_input(key="review_page").set_value(13).run()  # the last page of 607 reviews
    last = _frames(at)[0][ReviewRows.sentiment]
    assert len(last) == 7
    assert last.is_monotonic_increasing
    assert first.max() <= last.min()  # the order runs across pages, not within one
    at.selectbox(key="review_sort").set_value("most positive").run()  # a new order...
    assert at.number_input(key="review_page").value == 1  # ...starts from its first page
    assert _frames(at)[0][ReviewRows.sentiment].is_monotonic_decreasing


# a header a reader can read: a word or phrase ("Text score", "VADER (−1 to 1)", "#"), never
# a column's name in code ("text_score", "sentiment_100")
WORDS_HEADER = re.compile(r"#|[A-Z0-9][^_]*")
HASH_ID = re.compile(r"\b\d{3}_[0-9a-f]{16}\b|\b[0-9a-f]{16,}\b")  # a document id, a digest


def _tables_shown(at: AppTest) -> list[tuple[list[str], dict, dict]]:
    """Each table on the page: its headers, its column settings, and its columns' dtypes."""
    return [
        (list(d.value.columns), json.loads(d.proto.columns or "{}"), d.value.dtypes.to_dict())
        for d in at.dataframe
    ]


@pytest.mark.parametrize("url_path", list(EXPECTED))
def test_every_table_reads_as_words_and_fixed_decimals(url_path, many_titles, monkeypatch):
    if url_path == "compare":  # the seeds are one title: nothing to compare
        monkeypatch.setenv("RECEPTION_DB", str(many_titles))
    at = _run(url_path)
    if url_path == "themes":  # the sentences behind a theme, too
        at.selectbox(key="theme_pick").set_value("music").run()
    tables = _tables_shown(at)
    assert tables
    # a missing value is an empty cell, never the word "None" (widgets.table sets it)
    assert all(d.proto.HasField("placeholder") and d.proto.placeholder == "" for d in at.dataframe)
    for frame in _frames(at):  # documents by name and date, never by their ids (a "File"
        # column lists the files given by their own names, whatever those are)
        shown = frame.drop(columns=["File"], errors="ignore").select_dtypes(exclude="number")
        cells = shown.astype(str).to_numpy().ravel()
        assert not [c for c in cells if HASH_ID.search(c)]
    for headers, config, dtypes in tables:
        assert [h for h in headers if not WORDS_HEADER.fullmatch(str(h))] == [], headers
        for column, dtype in dtypes.items():  # "0.0" and "0.10" on screen, never "0" or "0.1"
            assert not pd.api.types.is_bool_dtype(dtype), column  # no "true" / "false"
            if pd.api.types.is_float_dtype(dtype):
                fmt = config.get(column, {}).get("type_config", {}).get("format", "")
                assert re.fullmatch(r"%\+?\.\df(%%)?", fmt), (column, fmt)  # or '+1.5', '53%'


def test_the_disagreement_table_shows_both_readings_that_disagree(many_titles, monkeypatch):
    monkeypatch.setenv("RECEPTION_DB", str(many_titles))  # the IMDb sample's star ratings
    at = _run("sentiment")
    table = _frames(at)[0]  # the page's one table
    # the reviewer's own rating (the arbiter), then the two readings that disagree
    assert list(table.columns[:4]) == ["Title", "Rating", "VADER (−1 to 1)", "Model P(positive)"]
    assert list(table.columns) == list(CLASH_COLUMNS)
    vader, model = table[ReviewRows.vader], table[ReviewRows.model]
    assert len(table) > 0
    assert ((vader > 0) != (model * 2 - 1 > 0)).all()  # opposite signs, row by row


def test_columns_no_review_fills_are_left_out(many_titles, monkeypatch):
    """No seed review states a star rating and no IMDb data set review a date, a headline
    or helpful votes: those columns, empty on every row, are not shown; where some review
    fills one, it is shown on every page of the table."""
    at = _run("sentiment")  # the seeds
    clashes = _frames(at)[0]
    assert ReviewRows.rating not in clashes.columns
    assert list(clashes.columns) == [c for c in CLASH_COLUMNS if c != ReviewRows.rating]
    at = _run("reviews")
    assert ReviewRows.rating not in _frames(at)[0].columns
    assert ReviewRows.date in _frames(at)[0].columns  # the seeds' reviews are dated
    monkeypatch.setenv("RECEPTION_DB", str(many_titles))
    imdb = _run("reviews", {"sources": "imdb_sample.parquet"})  # the IMDb sample alone
    shown = _frames(imdb)[0]
    assert ReviewRows.rating in shown.columns
    assert not {ReviewRows.date, ReviewRows.helpful, ReviewRows.headline} & set(shown.columns)


def test_titles_without_critics_show_no_empty_critics_columns(tmp_path, monkeypatch):
    """A collection of review tables only (no page publishes a score): the Titles table
    leaves out the four critics columns and the orders by them, and says why."""
    db = tmp_path / "users_only.duckdb"
    Store(db).ingest([FIXTURES / "imdb_sample.parquet"])
    monkeypatch.setenv("RECEPTION_DB", str(db))
    at = _run("overview")
    assert not at.exception
    table = _frames(at)[0]
    assert "Title" in table.columns
    assert not {"Critics", "Critics from", "Critics − users", "Gap interval"} & set(table.columns)
    assert "critics above users" not in at.selectbox(key="titles_sort").options
    assert any("critics columns are left out" in c.value for c in at.caption)


def test_a_chart_of_many_pages_counts_its_sources_and_lists_them_on_request(tmp_path, monkeypatch):
    """The seeds and the hand-made pages of other titles: nine documents hold reviews, so
    under the review charts one line counts them by kind and an expander lists them all."""
    db = tmp_path / "pages.duckdb"
    Store(db).ingest([SEEDS, FIXTURES / "pages"])
    monkeypatch.setenv("RECEPTION_DB", str(db))
    at = _run("sentiment")
    assert not at.exception
    said = [c.value.replace("\\", "") for c in at.caption]  # markdown escapes taken off
    notes = [n for n in said if n.startswith("Sources: ")]
    assert notes, said
    assert all(n.startswith("Sources: 9 documents: 4 IMDb pages, 2 ") for n in notes), notes
    listed = [e for e in at.expander if e.label == "The 9 sources of this chart"]
    assert len(listed) == len(notes)
    assert "Rotten Tomatoes page — rt_other.txt" in listed[0].text[0].value.splitlines()


def test_the_data_page_takes_chosen_files_out_of_the_store(tmp_path, monkeypatch):
    """Choosing a file under "Take files out of the store" and sending removes it and its
    reviews from the store, says what went, and leaves the other files."""
    table = tmp_path / "mine.csv"
    table.write_text("movie,review\nAlpha,Lovely and calm.\nBeta,Too slow.\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    Store(db).ingest([SEEDS, table])
    monkeypatch.setenv("RECEPTION_DB", str(db))
    at = _run("data")
    files = next(m for m in at.multiselect if m.label == "Files")
    assert files.options[-1] == f"{table} — review table"  # every stored file, as listed
    files.set_value(["mine"])
    next(b for b in at.button if b.label == "Take them out").click()
    at.run()
    assert not at.exception
    assert at.success[0].value.startswith("Done: removed 1 file: 2 reviews, 0 scores")
    left = Store(db).load()
    assert "mine" not in set(left.corpus.documents["document_id"])
    assert len(left.corpus.documents) == 5  # the seeds
    assert set(left.reviews["work_id"]) == {"the-city-of-lost-children-1995"}


@pytest.mark.parametrize("url_path", ["overview", "sentiment", "reviews", "themes"])
def test_a_store_with_nothing_in_it_says_so_not_that_filters_hide_it(
    url_path, tmp_path, monkeypatch
):
    """Every file taken back out: the pages say nothing is stored yet and how to add files,
    not that the (unset) filters hide what there is."""
    db = tmp_path / "s.duckdb"
    store = Store(db)
    store.ingest([SEEDS])
    store.forget(sorted(store.load().corpus.documents["document_id"]))
    monkeypatch.setenv("RECEPTION_DB", str(db))
    at = _run(url_path)
    assert not at.exception
    (note,) = at.info
    assert note.value.startswith("The files read hold no ")
    assert "match these filters" not in note.value
