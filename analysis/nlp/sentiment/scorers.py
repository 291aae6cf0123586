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
from analysis.nlp.sentiment.model import MODEL_DIR, Joined, clean, load_models
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


class VaderScorer(BaseEstimator, TransformerMixin):
    """VADER compound, pos, neu, neg and label for each text (read as ``clean`` text:
    no ``<br />``, BBCode or HTML entities)."""

    def __init__(self, settings: Settings = DEFAULT):
        self.settings = settings

    def fit(self, X=None, y=None):  # noqa: ARG002 - VADER learns nothing
        self.analyzer_ = FastVader()
        return self

    def _frame(self, scores: np.ndarray) -> pd.DataFrame:
        neg, neu, pos, compound = scores.T
        df = pd.DataFrame(
            {"vader_compound": compound, "vader_pos": pos, "vader_neu": neu, "vader_neg": neg}
        )
        return df.assign(vader_label=vader_labels(df["vader_compound"].to_numpy(), self.settings))

    def transform(self, X) -> pd.DataFrame:
        return self._frame(self.analyzer_.scores([clean(str(t)) for t in X]))

    def transform_with_wholes(
        self, parts: list[str], bounds: np.ndarray
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(each part's reading, each whole's reading), a whole ``g`` being parts
        ``bounds[g]`` to ``bounds[g + 1]`` read in turn (``FastVader.raw_scores_with_wholes``:
        exact where ``reads_as_its_parts`` holds for the whole)."""
        parts_raw, wholes_raw = self.analyzer_.raw_scores_with_wholes(
            [clean(str(t)) for t in parts], bounds
        )
        rounded = self.analyzer_.rounded
        return self._frame(rounded(parts_raw)), self._frame(rounded(wholes_raw))


class ModelScorer(BaseEstimator, TransformerMixin):
    """The trained model (``model.py``): the blend of four classifiers and VADER.

    For each text: P(positive) as a two-way reading (P(positive) + P(neutral) / 2, at or
    above 0.5 when positive outweighs negative), its score P(positive) - P(negative) in
    [-1, 1], the three-way label (the most likely of negative / neutral / positive), and a
    0-100 text score from the expected star rating.
    """

    def __init__(self, model_dir: Path | None = None, settings: Settings = DEFAULT):
        self.model_dir = model_dir
        self.settings = settings

    def fit(self, X=None, y=None):  # noqa: ARG002 - the model is trained by `analysis train`
        self.models_ = load_models(self.model_dir or MODEL_DIR)
        _ = self.models_.fused  # built now, before any worker forks: shared, not copied
        self.version_ = self.models_.version
        return self

    def transform(
        self, X, vader: np.ndarray | None = None, tokens: Joined | None = None
    ) -> pd.DataFrame:
        """``vader``: each text's VADER (neg, neu, pos, compound) when already computed;
        ``tokens``: the texts' ``model_tokens`` when already known."""
        texts = [str(t) for t in X]
        pred = self.models_.predict(texts, vader, tokens)
        return pd.DataFrame(
            {
                "model_positive": pred.positive,
                "model_score": pred.score,
                "text_score_100": (pred.stars - 1.0) / 9.0 * 100.0,
                "model_stars": pred.stars,
                "model_label": pred.labels,
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
