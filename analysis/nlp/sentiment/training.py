"""``python -m analysis train``: fit the shipped model on the IMDb *train* split only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import diags
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import normalize

from analysis.errors import InputError
from analysis.nlp.sentences import split_sentences
from analysis.nlp.sentiment.model import (
    NBLogit,
    TrainedModels,
    arrays_digest,
    prepare,
    vectorizer,
)

LABELED_COLUMNS = {"split", "label", "rating", "text"}
REVIEW_PARAMS = {"ngram_max": 3, "bits": 22, "C": 64.0}
SENTENCE_PARAMS = {"ngram_max": 2, "bits": 20, "C": 1.0, "min_tokens": 3}
RATING_FOLDS = 3


def read_labeled(path: Path) -> pd.DataFrame:
    """The labelled IMDb reviews, checked for the columns training needs."""
    try:
        df = pd.read_parquet(path)
    except (OSError, ValueError) as exc:
        msg = f"{path}: cannot read as Parquet ({exc})"
        raise InputError(msg) from exc
    missing = LABELED_COLUMNS - set(df.columns)
    if missing:
        msg = f"{path}: missing column(s) {sorted(missing)}; need {sorted(LABELED_COLUMNS)}"
        raise InputError(msg)
    return df


def fit_nblogit(texts: list[str], y: np.ndarray, ngram_max: int, bits: int, C: float) -> NBLogit:
    """NB-weighted logistic regression (Wang & Manning 2012), stored at half precision."""
    x = vectorizer(ngram_max, bits).transform([prepare(t) for t in texts])
    pos = np.asarray(x[y == 1].sum(axis=0)).ravel() + 1.0
    neg = np.asarray(x[y == 0].sum(axis=0)).ravel() + 1.0
    ratio = np.log((pos / pos.sum()) / (neg / neg.sum())).astype(np.float16)
    feats = normalize(x @ diags(ratio.astype(np.float32)))
    clf = LogisticRegression(C=C, solver="liblinear", max_iter=5000, random_state=0).fit(feats, y)
    return NBLogit(
        ngram_max, bits, ratio, clf.coef_.ravel().astype(np.float16), float(clf.intercept_[0])
    )


def _rating_map(
    texts: list[str], y: np.ndarray, stars: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Isotonic map from out-of-fold review scores to mean stars (no review scores itself)."""
    oof = np.zeros(len(texts))
    folds = StratifiedKFold(RATING_FOLDS, shuffle=True, random_state=0)
    p = {k: REVIEW_PARAMS[k] for k in ("ngram_max", "bits", "C")}
    for fit_idx, held_idx in folds.split(texts, y):
        model = fit_nblogit([texts[i] for i in fit_idx], y[fit_idx], **p)
        oof[held_idx] = model.decision([texts[i] for i in held_idx])
    iso = IsotonicRegression(out_of_bounds="clip", y_min=1.0, y_max=10.0).fit(oof, stars)
    return iso.X_thresholds_.astype(np.float64), iso.y_thresholds_.astype(np.float64)


def sentence_examples(
    texts: list[str], y: np.ndarray, min_tokens: int
) -> tuple[list[str], np.ndarray]:
    """Every sentence of every training review, labelled with its review's label."""
    sents, labels = [], []
    for text, label in zip(texts, y, strict=True):
        for s in split_sentences(prepare(text)):
            if len(s.split()) >= min_tokens:
                sents.append(s)
                labels.append(label)
    return sents, np.asarray(labels)


def train_models(labeled: pd.DataFrame, source: str = "") -> TrainedModels:
    """Fit the review, sentence and rating models on ``split == 'train'`` rows."""
    train = labeled[labeled["split"] == "train"]
    if train.empty:
        msg = "no rows with split == 'train' to learn from"
        raise InputError(msg)
    texts = train["text"].astype(str).tolist()
    y = (train["label"] == "pos").to_numpy(dtype=int)
    stars = train["rating"].astype(float).to_numpy()
    p = {k: REVIEW_PARAMS[k] for k in ("ngram_max", "bits", "C")}
    review = fit_nblogit(texts, y, **p)
    rating_x, rating_y = _rating_map(texts, y, stars)
    sents, sent_y = sentence_examples(texts, y, SENTENCE_PARAMS["min_tokens"])
    sp = {k: SENTENCE_PARAMS[k] for k in ("ngram_max", "bits", "C")}
    sentence = fit_nblogit(sents, sent_y, **sp)
    models = TrainedModels(review, sentence, rating_x, rating_y, card={})
    digest = arrays_digest(models.arrays())
    models.card = {
        "version": f"nblr-{digest}",
        "arrays_sha256_12": digest,
        "trained_on": dt.date.today().isoformat(),
        "data": {
            "source": source or "labelled reviews",
            "description": "Large Movie Review Dataset v1.0 (Maas et al., ACL 2011), split == 'train' only",
            "reviews": int(len(train)),
            "sentences": int(len(sents)),
            "label_balance": {"pos": int(y.sum()), "neg": int(len(y) - y.sum())},
        },
        "parameters": {
            "review": REVIEW_PARAMS
            | {
                "features": "binary hashed word n-grams with negation scope marked, NB log-count ratio, L2 norm"
            },
            "sentence": SENTENCE_PARAMS | {"labels": "each sentence takes its review's label"},
            "rating": {
                "method": "isotonic regression of stars on out-of-fold review log-odds",
                "folds": RATING_FOLDS,
            },
            "token_pattern": r"(?u)\b\w[\w']*\b|[!?]",
            "storage": "float16 arrays in sentiment.npz (no pickle)",
        },
    }
    return models
