"""Scorers, the shipped model, training, evaluation and the benchmark (no ../shared needed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import FIXTURES

from analysis.errors import InputError, UnknownNameError
from analysis.nlp.sentiment.evaluate import evaluate
from analysis.nlp.sentiment.model import MODEL_DIR, load_models, save_models
from analysis.nlp.sentiment.scorers import SCORERS, get_scorer
from analysis.nlp.sentiment.training import train_models

SAMPLE = pd.read_parquet(FIXTURES / "imdb_sample.parquet")


@pytest.fixture(scope="module")
def models():
    return load_models()


@pytest.mark.parametrize("name", sorted(SCORERS))
def test_scorer_conformance(name):
    """scikit-learn-style contract: output fits, input unchanged, deterministic, empty->empty."""
    scorer = get_scorer(name)
    texts = ["A wonderful, moving film.", "Dull and far too long.", "It opens in Paris."]
    before = list(texts)
    out = scorer.transform(texts)
    assert texts == before
    assert len(out) == 3
    assert out.notna().all().all()
    pd.testing.assert_frame_equal(out, scorer.transform(texts))
    assert len(scorer.transform([])) == 0
    label = [c for c in out.columns if c.endswith("_label")][0]
    assert out[label].tolist()[0] == "positive"
    assert out[label].tolist()[1] == "negative"


def test_unknown_scorer_lists_valid_names():
    with pytest.raises(UnknownNameError, match="valid scorers: model, vader"):
        get_scorer("bert")


def test_shipped_model_is_small_safe_and_described(models):
    total = sum(p.stat().st_size for p in MODEL_DIR.iterdir())
    assert total < 25_000_000
    card = models.card
    assert card["version"].startswith("nblr-")
    assert card["data"]["reviews"] == 25_000  # the whole train split, nothing else
    assert "train" in card["data"]["description"]
    with np.load(MODEL_DIR / "sentiment.npz", allow_pickle=False) as data:
        assert all(data[k].dtype != object for k in data.files)


def test_tampered_model_is_refused(tmp_path, models):
    save_models(models, tmp_path)
    card = (
        (tmp_path / "model_card.json")
        .read_text()
        .replace(models.card["arrays_sha256_12"], "0" * 12)
    )
    (tmp_path / "model_card.json").write_text(card)
    with pytest.raises(InputError, match="do not match its model card"):
        load_models(tmp_path)
    with pytest.raises(InputError, match="no trained model here"):
        load_models(tmp_path / "nowhere")


def test_model_beats_vader_on_held_out_sample(models):
    vader_row, model_row = evaluate(SAMPLE, models)
    assert model_row.accuracy > vader_row.accuracy + 0.1
    assert model_row.accuracy > 0.85
    assert model_row.mae_stars < vader_row.mae_stars
    assert model_row.mae_stars < 2.0


def test_rating_map_is_monotone_and_within_stars(models):
    assert np.all(np.diff(models.rating_y) >= 0)
    assert models.rating_y.min() >= 1
    assert models.rating_y.max() <= 10
    low, high = models.stars(np.array([-10.0, 10.0]))
    assert low < 3
    assert high > 8


def test_negation_changes_the_sentence_score():
    scorer = get_scorer("model", level="sentence")
    good, not_good, bad, not_bad = scorer.transform(
        ["It is good.", "It is not good.", "It is bad.", "It is not bad."]
    )["model_positive"]
    assert good > 0.6 > 0.4 > not_good
    assert bad < not_bad


@pytest.mark.slow
def test_training_is_deterministic_and_learns(tmp_path):
    small = SAMPLE.copy()
    a = train_models(small, source="sample")
    b = train_models(small, source="sample")
    assert a.card["arrays_sha256_12"] == b.card["arrays_sha256_12"]
    test = small[small["split"] == "test"]
    acc = ((a.review.decision(list(test["text"])) > 0) == (test["label"] == "pos")).mean()
    assert acc > 0.7  # 300 training reviews already beat chance by far
    save_models(a, tmp_path)
    assert load_models(tmp_path).version == a.version


def test_training_needs_train_rows():
    with pytest.raises(InputError, match="split == 'train'"):
        train_models(SAMPLE[SAMPLE["split"] == "test"])
