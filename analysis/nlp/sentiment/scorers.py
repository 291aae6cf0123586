"""Scorers behind one interface (scikit-learn's contract), chosen by name from a registry.

``__init__`` only stores parameters; ``fit`` sets learned state (attributes ending in
``_``) and returns ``self``; ``transform(texts)`` returns one row per text.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from analysis.errors import UnknownNameError
from analysis.nlp.sentiment.model import MODEL_DIR, load_models
from analysis.nlp.sentiment.vader import FastVader
from analysis.schema import SENTIMENT_LABELS
from analysis.settings import DEFAULT, Settings

LABELS = SENTIMENT_LABELS


def band_labels(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """'positive' at or above ``high``, 'negative' at or below ``low``, else 'neutral'."""
    values = np.asarray(values, dtype=float)
    out = np.full(values.shape, "neutral", dtype=object)
    out[values >= high] = "positive"
    out[values <= low] = "negative"
    return out


def vader_labels(compound: np.ndarray, settings: Settings = DEFAULT) -> np.ndarray:
    return band_labels(compound, settings.vader_negative, settings.vader_positive)


def model_labels(p_positive: np.ndarray, settings: Settings = DEFAULT) -> np.ndarray:
    return band_labels(p_positive, settings.model_negative, settings.model_positive)


class VaderScorer(BaseEstimator, TransformerMixin):
    """VADER compound, pos, neu, neg and label for each text."""

    def __init__(self, settings: Settings = DEFAULT):
        self.settings = settings

    def fit(self, X=None, y=None):  # noqa: ARG002 - VADER learns nothing
        self.analyzer_ = FastVader()
        return self

    def transform(self, X) -> pd.DataFrame:
        neg, neu, pos, compound = self.analyzer_.scores([str(t) for t in X]).T
        df = pd.DataFrame(
            {"vader_compound": compound, "vader_pos": pos, "vader_neu": neu, "vader_neg": neg}
        )
        return df.assign(vader_label=vader_labels(df["vader_compound"].to_numpy(), self.settings))


class ModelScorer(BaseEstimator, TransformerMixin):
    """The trained model: P(positive), a 0-100 text score and a label for each text.

    ``level='review'`` uses the review classifier and the star-rating map; ``'sentence'``
    averages the log-odds of the sentence classifier and the review classifier (the sentence
    model knows short, noisy text; the review model knows negation and intensity better; on
    short test reviews the average correlates with stars better than either alone). The text
    score is always the review model's.
    """

    def __init__(
        self, model_dir: Path | None = None, level: str = "review", settings: Settings = DEFAULT
    ):
        self.model_dir = model_dir
        self.level = level
        self.settings = settings

    def fit(self, X=None, y=None):  # noqa: ARG002 - the model is trained by `analysis train`
        if self.level not in {"review", "sentence"}:
            msg = f"level must be 'review' or 'sentence', not {self.level!r}"
            raise UnknownNameError(msg)
        self.models_ = load_models(self.model_dir or MODEL_DIR)
        self.version_ = self.models_.version
        return self

    def transform(self, X) -> pd.DataFrame:
        texts = [str(t) for t in X]
        if self.level == "sentence":  # both classifiers vote: mean of their log-odds
            review_logit, sentence_logit = self.models_.decisions(texts)
            logit = (review_logit + sentence_logit) / 2
        else:
            review_logit = logit = self.models_.review.decision(texts)
        p = 1.0 / (1.0 + np.exp(-logit))
        stars = self.models_.stars(review_logit) if len(texts) else np.zeros(0)
        return pd.DataFrame(
            {
                "model_positive": p,
                "text_score_100": (stars - 1.0) / 9.0 * 100.0,
                "model_stars": stars,
                "model_label": model_labels(p, self.settings),
            }
        )


SCORERS: dict[str, type[BaseEstimator]] = {"vader": VaderScorer, "model": ModelScorer}


def get_scorer(name: str, **params) -> BaseEstimator:
    """A fitted scorer by registry name."""
    try:
        cls = SCORERS[name]
    except KeyError:
        msg = f"unknown scorer {name!r}; valid scorers: {', '.join(sorted(SCORERS))}"
        raise UnknownNameError(msg) from None
    return cls(**params).fit()
