"""The Streamlit app through AppTest: it runs on the seeds, and its widgets take effect."""

from __future__ import annotations

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "dashboard" / "app.py")


def _run(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def _reviews_shown(at: AppTest) -> str:
    return [t.value for t in at.text if "mean of" in t.value][0].split("\n")[0]


@pytest.fixture(scope="module")
def app():
    return _run()


def test_app_runs_on_the_seeds_without_errors(app):
    assert not app.exception
    assert not app.error
    labels = [m.label for m in app.metric]
    assert {"IMDb · user rating", "Rotten Tomatoes · Tomatometer", "Metacritic · Metascore"} <= set(
        labels
    )
    assert labels.count("GameRankings · game score") == 2
    assert _reviews_shown(app) == "mean of 7 reviews"
    assert app.title[0].value == "Reception dashboard"


def test_theme_filter_changes_the_review_count():
    at = _run()
    at.multiselect(key="f_themes").set_value(["language"]).run()
    assert not at.exception
    shown = _reviews_shown(at)
    assert shown != "mean of 7 reviews"
    assert shown.startswith("mean of")
    assert at.query_params["themes"] in ("language", ["language"])
    assert "Language / dubbing / subtitles" in at.multiselect(key="f_themes").options


def test_adding_a_theme_applies_at_once():
    at = _run()
    at.text_input(key="new_theme_name").input("Clones")
    at.text_input(key="new_theme_terms").input("clone, Dominique Pinon")
    [b for b in at.button if b.label == "Add theme"][0].click().run()
    assert not at.exception
    assert "Clones" in at.multiselect(key="f_themes").options  # shown by its label
    at.multiselect(key="f_themes").set_value(["clones"]).run()  # chosen by its name
    assert not at.exception
    assert at.query_params["themes"] in ("clones", ["clones"])
    assert any("Your theme: Clones" in t.value for t in at.sidebar.text)


def test_query_string_round_trips():
    at = _run({"sources": "imdb", "search": "dubbing", "scorer": "vader"})
    assert not at.exception
    assert at.multiselect(key="f_sources").value == ["imdb"]
    assert at.text_input(key="f_search").value == "dubbing"
    assert at.radio(key="f_scorer").value == "vader"
    assert _reviews_shown(at) == "mean of 1 review"
    at.text_input(key="f_search").input("").run()
    assert "search" not in at.query_params
    assert at.query_params["sources"] in ("imdb", ["imdb"])


def test_hostile_query_values_do_not_break_the_app():
    at = _run({"score_min": "banana", "themes": "<script>alert(1)</script>", "min_helpful": "-4"})
    assert not at.exception
    assert _reviews_shown(at) == "mean of 7 reviews"


def test_other_filters_start_the_paged_tables_from_their_first_page(many_titles, monkeypatch):
    monkeypatch.setenv("RECEPTION_DB", str(many_titles))
    at = _run()  # many titles, none chosen: the Titles table, in pages
    at.number_input(key="titles_page").set_value(2).run()
    at.run()  # a rerun with the same filters stays where it is
    assert at.number_input(key="titles_page").value == 2
    at.multiselect(key="f_labels").set_value(["positive"]).run()
    assert not at.exception
    assert at.number_input(key="titles_page").value == 1


def test_the_titles_view_names_and_rates_titles_from_imdbs_data_sets(tmp_path, monkeypatch):
    """A store of IMDb reviews known only by their ids, plus IMDb's title.basics and
    title.ratings: the Titles view lists them by name, with IMDb's rating first (more titles
    have one than a critics' score), and sorts by it."""
    import pandas as pd
    from conftest import FIXTURES, SEEDS

    from analysis.collection import Store

    sample = pd.read_parquet(FIXTURES / "imdb_sample.parquet")
    ids = sample["title_id"].value_counts().index[:5].tolist()
    (tmp_path / "title.basics.tsv").write_text(
        "tconst\ttitleType\tprimaryTitle\tstartYear\n"
        + "".join(f"{t}\tmovie\tNamed Film {i}\t199{i}\n" for i, t in enumerate(ids)),
        encoding="utf-8",
    )
    (tmp_path / "title.ratings.tsv").write_text(
        "tconst\taverageRating\tnumVotes\n"
        + "".join(f"{t}\t{5 + i}.5\t{100 * (i + 1)}\n" for i, t in enumerate(ids)),
        encoding="utf-8",
    )
    db = tmp_path / "s.duckdb"
    Store(db).ingest(
        [
            SEEDS,
            FIXTURES / "imdb_sample.parquet",
            tmp_path / "title.basics.tsv",
            tmp_path / "title.ratings.tsv",
        ]
    )
    monkeypatch.setenv("RECEPTION_DB", str(db))
    at = _run()
    assert not at.exception
    shown = at.dataframe(key="titles_table").value
    columns = list(shown.columns)
    assert columns.index("Users' rating") < columns.index("Critics")
    assert {f"Named Film {i} (199{i})" for i in range(5)} <= set(shown["Title"])
    at.selectbox(key="titles_sort").set_value("best rated by users").run()
    best = at.dataframe(key="titles_table").value
    assert best["Title"].iloc[0] == "Named Film 4 (1994)"  # 9.5, the best rated
    assert best["Users' rating"].iloc[0] == 95.0
