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
