"""Scorers, the shipped model, training, evaluation and the benchmark (no ../shared needed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import FIXTURES

from analysis.errors import InputError, UnknownNameError
from analysis.nlp.sentiment.evaluate import evaluate
from analysis.nlp.sentiment.model import CLASSIFIERS, MODEL_DIR, load_models, save_models
from analysis.nlp.sentiment.scorers import SCORERS, get_scorer
from analysis.nlp.sentiment.training import labeled_frame, train_models

SAMPLE = labeled_frame(pd.read_parquet(FIXTURES / "imdb_sample.parquet"), "imdb_sample.parquet")


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
    # Small enough to track (the repository takes no file over 30 MB) and no larger than the
    # arrays' own bytes: half-precision classifier weights, nothing pickled or doubled.
    assert total < 30_000_000
    with np.load(MODEL_DIR / "sentiment.npz", allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    assert all(a.dtype != object for a in arrays.values())
    weights = [f"{n}_{part}" for n in CLASSIFIERS for part in ("coef", "nb_ratio")]
    assert all(arrays[k].dtype == np.float16 for k in weights)
    assert total < 1.01 * sum(a.nbytes for a in arrays.values()) + 20_000
    card = models.card
    assert card["version"].startswith("blend-")
    domains = card["data"]["domains"]
    assert domains["imdb"]["train_rows"] == 25_000  # the whole train split, nothing else
    assert {"imdb", "steam", "amazon", "metacritic-game", "objective"} <= set(domains)
    assert "train" in card["data"]["description"]
    assert set(card["parameters"]["blend"]["coefficients"]) == {"negative", "neutral", "positive"}


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
    table = evaluate(SAMPLE, models).set_index(["domain", "scorer"])
    vader_row, blend_row = table.loc[("imdb", "VADER")], table.loc[("imdb", "blend (shipped)")]
    assert blend_row["texts"] == (SAMPLE["split"] == "test").sum()
    assert blend_row["accuracy"] > vader_row["accuracy"] + 0.1
    assert blend_row["accuracy"] > 0.85
    assert blend_row["mae_stars"] < vader_row["mae_stars"]
    assert blend_row["mae_stars"] < 2.0
    assert table.loc[("all", "blend (shipped)"), "accuracy"] == blend_row["accuracy"]


def test_rating_map_is_monotone_and_within_stars(models):
    assert np.all(np.diff(models.rating_y) >= 0)
    assert models.rating_y.min() >= 1
    assert models.rating_y.max() <= 10
    low, high = models.stars(np.array([-10.0, 10.0]))
    assert low < 3
    assert high > 8


def test_negation_changes_the_sentence_score():
    scorer = get_scorer("model")
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
    acc = ((a.predict(list(test["text"])).positive >= 0.5) == (test["polarity"] == 2.0)).mean()
    assert acc > 0.7  # 300 training reviews already beat chance by far
    save_models(a, tmp_path)
    assert load_models(tmp_path).version == a.version


def test_labelled_files_of_any_scale_become_one_frame(tmp_path):
    """Stars on a 1-5 or 0-10 scale map onto 1-10; labels win over ratings; mid-scale is
    neutral; objective sentences are neutral and subjective ones unrated."""
    pd.DataFrame({"split": ["train"] * 4, "text": list("abcd"), "rating": [1, 3, 4, 5]}).to_parquet(
        tmp_path / "amazon_reviews.parquet"
    )
    pd.DataFrame(
        {
            "split": ["train"] * 3,
            "text": list("efg"),
            "label": ["pos", None, "neg"],
            "rating": [10, 5, 0],
            "scale_max": [10, 10, 10],
        }
    ).to_parquet(tmp_path / "metacritic_acnh_user_reviews.parquet")
    pd.DataFrame(
        {"split": ["train"] * 2, "text": ["h", "i"], "label": ["objective", "subjective"]}
    ).to_parquet(tmp_path / "subjectivity.parquet")
    from analysis.nlp.sentiment.training import read_labeled

    df = read_labeled(tmp_path).set_index("text")
    assert df.loc[list("abcd"), "polarity"].tolist() == [0.0, 1.0, 2.0, 2.0]
    assert df.loc[list("abcd"), "stars10"].tolist() == [1.0, 5.5, 7.75, 10.0]
    assert df.loc[list("efg"), "polarity"].tolist() == [2.0, 1.0, 0.0]
    assert df.loc[list("efg"), "stars10"].tolist() == [10.0, 5.5, 1.0]
    assert df.loc["h", "polarity"] == 1.0
    assert np.isnan(df.loc["i", "polarity"])
    assert df.loc["i", "subjective"]
    assert set(df["kind"]) == {"product", "game", "sentences"}


def test_training_needs_train_rows():
    with pytest.raises(InputError, match="split == 'train'"):
        train_models(SAMPLE[SAMPLE["split"] == "test"])


def test_clean_removes_markup_users_paste_and_keeps_the_words():
    from analysis.nlp.sentiment.model import clean, prepare

    assert clean("Great<br /><br />fun &amp; cheap") == "Great  fun & cheap"
    assert clean("[h1]Verdict[/h1] [b]Buy it[/b] [url=http://x]here[/url]").split() == [
        "Verdict",
        "Buy",
        "it",
        "here",
    ]
    assert clean("Lovely island life and … Expand") == "Lovely island life and "
    assert clean("Expand your island. [citation] a [1]") == "Expand your island. [citation] a [1]"
    assert prepare("It is not good, but fun") == "it is not not_good, but fun"


def test_the_shipped_evaluation_is_this_models_and_meets_the_targets(models):
    """The table the Data page shows was measured on this model version, and says so."""
    from analysis.nlp.sentiment.evaluate import shipped_evaluation
    from analysis.views.model_note import accuracy_table, model_note

    table = shipped_evaluation(models.version).set_index(["domain", "scorer"])
    blend = table.xs("blend (shipped)", level="scorer")
    vader = table.xs("VADER", level="scorer")
    assert blend.loc["imdb", "accuracy"] >= 0.917
    assert blend.loc["steam", "accuracy"] >= 0.89
    assert blend.loc["amazon", "accuracy"] >= 0.90
    assert blend.loc["amazon", "macro_f1"] >= 0.87
    assert blend.loc["metacritic-game", "accuracy"] >= 0.85
    assert blend.loc["objective", "neutral_share"] >= 0.60
    two_way = blend["accuracy"].dropna().index
    assert (blend.loc[two_way, "accuracy"] > vader.loc[two_way, "accuracy"]).all()
    assert shipped_evaluation("blend-000000000000") is None  # another model: no table
    shown = accuracy_table(models.version)
    assert len(shown) == len(table)
    assert shown["Accuracy"].str.fullmatch(r"\d+\.\d%|–").all()
    assert models.version in model_note(models.version)
    assert "25,000" in model_note(models.version)
