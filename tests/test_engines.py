"""The Dask engine gives exactly the local engine's results (2-worker LocalCluster)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from conftest import FIXTURES, SEEDS

from analysis import load_corpus
from analysis.errors import UnknownNameError
from analysis.scoring.engines import score_with
from analysis.scoring.pipeline import Scorers


@pytest.fixture(scope="module")
def sample_reviews():
    corpus = load_corpus([SEEDS, FIXTURES / "imdb_sample.parquet"])
    return corpus.reviews.head(120)


@pytest.mark.dask
def test_dask_equals_local(sample_reviews):
    sc = Scorers.load()
    sc = replace(sc, settings=replace(sc.settings, chunk_reviews=40))  # three partitions
    local = score_with("local", sample_reviews, sc, workers=1)
    dask = score_with("dask", sample_reviews, sc, workers=2)
    pd.testing.assert_frame_equal(local[0], dask[0])
    pd.testing.assert_frame_equal(local[1], dask[1])
    assert len(local[0]) == 120


def test_forked_workers_give_what_one_batch_in_process_gives(sample_reviews):
    """Two forked workers send the scored reviews back without their text, which the main
    process puts back: every column, the text among them, equals one in-process batch's,
    in the same order, also when the reviews' index does not start at 0."""
    from analysis.schema import ScoredReviews, Sentences
    from analysis.scoring.pipeline import score_chunk

    sc = Scorers.load()
    sc = replace(sc, settings=replace(sc.settings, chunk_reviews=40))  # three batches
    reviews = sample_reviews.set_axis(range(500, 500 + len(sample_reviews)))
    scored, sents = score_with("local", reviews, sc, workers=2)
    expected, expected_sents = score_chunk(reviews, sc.ready())
    pd.testing.assert_frame_equal(scored, ScoredReviews.validate(expected))
    pd.testing.assert_frame_equal(sents, Sentences.validate(expected_sents))
    assert scored["text"].tolist() == reviews["text"].tolist()


def test_unknown_engine():
    with pytest.raises(UnknownNameError, match="valid engines: local, dask"):
        score_with("spark", pd.DataFrame())


def test_reading_a_scored_store_never_loads_the_model(tmp_path):
    """The dashboard's cold start: the store's scoring version comes from the model card;
    VADER and the model load on first use (and before the local engine forks)."""
    from analysis.collection import Store
    from analysis.nlp.sentiment.model import load_models
    from analysis.scoring.pipeline import Scorers, ScorerSpec

    fresh = Scorers.load(settings=replace_settings())
    assert fresh._model is None
    assert fresh._vader is None
    assert fresh.model_version == load_models().version
    db = tmp_path / "s.duckdb"
    store = Store(db)
    assert not store.needs_rescoring(fresh)
    assert fresh._model is None
    assert fresh.ready()._model is not None
    assert ScorerSpec(settings=fresh.settings) == fresh.spec


def replace_settings():
    from dataclasses import replace

    from analysis.settings import DEFAULT

    return replace(DEFAULT, chunk_reviews=DEFAULT.chunk_reviews + 1)  # a spec of its own


def test_the_dashboard_reads_a_store_without_scikit_learn_numba_extruct_or_altair(tmp_path):
    """A fresh process that opens the app's modules and loads a scored store (what the
    dashboard's first page does) imports none of the scoring-only libraries: they cost
    1.5 s of a cold start. Scoring imports them when it first needs them; altair (0.25 s)
    comes with the first chart (a store of many titles opens on the Titles table)."""
    import subprocess
    import sys

    from analysis.collection import Store

    db = tmp_path / "s.duckdb"
    Store(db).ingest([SEEDS])
    code = (
        "import sys\n"
        "import dashboard.state, dashboard.sidebar, dashboard.screens\n"
        "from analysis.collection import Store\n"
        "from analysis.scoring.pipeline import Scorers\n"
        f"scored = Store({str(db)!r}).load(Scorers.load())\n"
        "assert len(scored.reviews) > 0 and len(scored.themes) > 0\n"
        "print(sorted(m for m in ('sklearn', 'numba', 'extruct', 'altair') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[-2] == "[]"
