"""``python -m analysis evaluate``: VADER and the model side by side on the IMDb test split."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import pearsonr, spearmanr
from sklearn.metrics import accuracy_score, f1_score, mean_absolute_error

from analysis.nlp.sentences import sentence_spans
from analysis.nlp.sentiment.model import TrainedModels, prepare
from analysis.nlp.sentiment.vader import FastVader
from analysis.settings import DEFAULT, Settings


@dataclass
class Row:
    name: str
    accuracy: float
    macro_f1: float
    mae_stars: float
    spearman: float
    short_pearson: float
    reviews_per_s: float


def vader_stars(compound: np.ndarray) -> np.ndarray:
    """VADER's compound mapped linearly onto 1-10 stars (for a like-for-like MAE)."""
    return 1.0 + 4.5 * (np.asarray(compound) + 1.0)


def held_out_split(labeled: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    test = labeled[labeled["split"] == "test"]
    if limit and limit < len(test):
        test = test.sample(limit, random_state=0)
    return test


def evaluate(
    labeled: pd.DataFrame,
    models: TrainedModels,
    limit: int | None = None,
    settings: Settings = DEFAULT,
) -> list[Row]:
    """Metrics for VADER and the model on ``split == 'test'`` (optionally a fixed sample)."""
    test = held_out_split(labeled, limit)
    texts = [prepare(t) for t in test["text"]]  # both read the same cleaned text
    y = (test["label"] == "pos").to_numpy()
    stars = test["rating"].astype(float).to_numpy()
    short = np.array([len(sentence_spans(t)) <= 3 for t in texts])

    vader = FastVader()
    t0 = time.perf_counter()
    compound = vader.scores(texts)[:, 3]
    vader_rate = len(texts) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    logit = models.review.decision(list(test["text"]))
    model_rate = len(texts) / (time.perf_counter() - t0)
    model_stars = models.stars(logit)

    def row(name: str, pred: np.ndarray, est: np.ndarray, score: np.ndarray, rate: float) -> Row:
        r = pearsonr(score[short], stars[short])[0] if short.sum() > 2 else float("nan")
        return Row(
            name,
            accuracy_score(y, pred),
            f1_score(y, pred, average="macro"),
            mean_absolute_error(stars, est),
            spearmanr(stars, est)[0],
            r,
            rate,
        )

    return [
        row(
            "VADER",
            compound >= settings.vader_positive,
            vader_stars(compound),
            compound,
            vader_rate,
        ),
        row(f"model {models.version}", logit > 0, model_stars, logit, model_rate),
    ]


def format_rows(rows: list[Row], n: int) -> str:
    head = f"IMDb test split, {n:,} reviews (train split never seen)\n"
    cols = f"{'scorer':<24}{'accuracy':>9}{'macro-F1':>10}{'MAE stars':>11}{'Spearman':>10}{'r short':>9}{'reviews/s':>11}"
    lines = [head, cols, "-" * len(cols)]
    for r in rows:
        lines.append(
            f"{r.name:<24}{r.accuracy:>9.2%}{r.macro_f1:>10.4f}{r.mae_stars:>11.3f}"
            f"{r.spearman:>10.3f}{r.short_pearson:>9.3f}{r.reviews_per_s:>11,.0f}"
        )
    lines.append("r short: Pearson r of score with stars on test reviews of at most 3 sentences.")
    lines.append("Targets: accuracy >= 91.5%, rating MAE <= 1.45 stars.")
    return "\n".join(lines)
