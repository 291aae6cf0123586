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
