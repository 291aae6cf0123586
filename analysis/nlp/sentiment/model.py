"""The trained text model: hashed n-grams, naive-Bayes-weighted logistic regression.

Stored as plain arrays (``.npz``, loaded with ``allow_pickle=False``) plus a JSON file of
settings, so loading runs no code from the file. Two classifiers share the format: one for
whole reviews (word 1-3-grams), one for single sentences (word 1-2-grams, trained on the
sentences of the training reviews with their review's label), and a monotone map from the
review classifier's score to the 1-10 star scale.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from analysis.errors import InputError
from analysis.nlp.sentiment.hashing import hashed_ngrams, joined_tokens

MODEL_DIR = Path(__file__).resolve().parents[2] / "models"
TOKEN_PATTERN = r"(?u)\b\w[\w']*\b|[!?]"
_BR = re.compile(r"<br\s*/?>", re.I)


_NEGATION = re.compile(
    r"\b(?P<neg>not|no|never|cannot|nothing|nobody|none|neither|nor|without|hardly|barely|"
    r"[a-z]+n't)\b(?P<scope>[^.,:;!?()\n]*)"
)
_WORD_START = re.compile(r"\b(?=[a-z0-9])")


def _mark_scope(m: re.Match[str]) -> str:
    return m.group("neg") + _WORD_START.sub("not_", m.group("scope"))


def prepare(text: str) -> str:
    """What the model reads: ``<br />`` as a space, entities decoded, lower case, and every
    word after a negation (up to the next punctuation) marked ``not_`` (Pang et al. 2002),
    so "not good" and "good" are different features even for a one-line snippet."""
    lowered = unescape(_BR.sub(" ", text)).lower().replace("\u2019", "'")
    return _NEGATION.sub(_mark_scope, lowered)


def vectorizer(ngram_max: int, bits: int) -> HashingVectorizer:
    """The stateless featuriser both training and scoring use."""
    return HashingVectorizer(
        ngram_range=(1, ngram_max),
        n_features=2**bits,
        alternate_sign=False,
        norm=None,
        binary=True,
        lowercase=False,
        preprocessor=None,
        token_pattern=TOKEN_PATTERN,
        dtype=np.float32,
    )


_TOKEN = re.compile(TOKEN_PATTERN)


def model_tokens(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """What the classifiers read: each text prepared and tokenised, joined for hashing."""
    return joined_tokens([_TOKEN.findall(prepare(t)) for t in texts])


@dataclass
class NBLogit:
    """A naive-Bayes-weighted linear classifier over hashed binary n-grams."""

    ngram_max: int
    bits: int
    nb_ratio: np.ndarray  # log-count ratio per hashed feature
    coef: np.ndarray
    intercept: float

    def __post_init__(self) -> None:
        self._ratio32 = np.asarray(self.nb_ratio, dtype=np.float32)
        self._coef64 = np.asarray(self.coef, dtype=np.float64)

    def features(self, texts: list[str]) -> csr_matrix:
        buf, offsets = model_tokens(texts)
        return self.weighted(hashed_ngrams(buf, offsets, self.ngram_max, self.bits))

    def weighted(self, x: csr_matrix) -> csr_matrix:
        """Binary features scaled by each n-gram's NB ratio, L2-normalised."""
        x = x.copy()
        x.data = x.data * self._ratio32[x.indices]
        return normalize(x)

    def decision(self, texts: list[str]) -> np.ndarray:
        """Log-odds of 'positive' for each text (0 for a text with no known word)."""
        if not texts:
            return np.zeros(0)
        return self.features(texts) @ self._coef64 + self.intercept

    def decision_from(self, x: csr_matrix) -> np.ndarray:
        """Log-odds from binary hashed features of this classifier's size."""
        return self.weighted(x) @ self._coef64 + self.intercept

    def probability(self, texts: list[str]) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.decision(texts)))


@dataclass
class TrainedModels:
    """Everything ``python -m analysis train`` produces."""

    review: NBLogit
    sentence: NBLogit
    rating_x: np.ndarray  # review decision values ...
    rating_y: np.ndarray  # ... and the mean star rating at each (isotonic, increasing)
    card: dict

    @property
    def version(self) -> str:
        return self.card["version"]

    def decisions(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(review, sentence) log-odds of each text from one tokenisation (each classifier
        hashes its own n-grams of the same tokens)."""
        r, s = self.review, self.sentence
        if not texts:
            return np.zeros(0), np.zeros(0)
        buf, offsets = model_tokens(texts)
        x_review = hashed_ngrams(buf, offsets, r.ngram_max, r.bits)
        x_sentence = hashed_ngrams(buf, offsets, s.ngram_max, s.bits)
        return r.decision_from(x_review), s.decision_from(x_sentence)

    def stars(self, decision: np.ndarray) -> np.ndarray:
        """Expected star rating (1-10) for review decision values."""
        return np.interp(decision, self.rating_x, self.rating_y)

    def arrays(self) -> dict[str, np.ndarray]:
        out = {}
        for name, m in (("review", self.review), ("sentence", self.sentence)):
            out[f"{name}_nb_ratio"] = m.nb_ratio.astype(np.float16)
            out[f"{name}_coef"] = m.coef.astype(np.float16)
            out[f"{name}_meta"] = np.array([m.ngram_max, m.bits, m.intercept], dtype=np.float64)
        out["rating_x"] = self.rating_x.astype(np.float64)
        out["rating_y"] = self.rating_y.astype(np.float64)
        return out


def arrays_digest(arrays: dict[str, np.ndarray]) -> str:
    h = hashlib.sha256()
    for name in sorted(arrays):
        h.update(name.encode())
        h.update(np.ascontiguousarray(arrays[name]).tobytes())
    return h.hexdigest()[:12]


def save_models(models: TrainedModels, directory: Path = MODEL_DIR) -> list[Path]:
    """Write ``sentiment.npz`` and ``model_card.json``; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    npz, card = directory / "sentiment.npz", directory / "model_card.json"
    np.savez_compressed(npz, **models.arrays())
    card.write_text(json.dumps(models.card, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return [npz, card]


def _nb(arrays, name: str) -> NBLogit:
    ngram_max, bits, intercept = arrays[f"{name}_meta"]
    return NBLogit(
        int(ngram_max),
        int(bits),
        arrays[f"{name}_nb_ratio"].astype(np.float32),
        arrays[f"{name}_coef"].astype(np.float32),
        float(intercept),
    )


def load_models(directory: Path = MODEL_DIR) -> TrainedModels:
    """Load the shipped (or a rebuilt) model; never unpickles anything."""
    npz, card_path = directory / "sentiment.npz", directory / "model_card.json"
    if not npz.is_file() or not card_path.is_file():
        msg = f"{directory}: no trained model here (run: python -m analysis train --data PATH)"
        raise InputError(msg)
    with np.load(npz, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    card = json.loads(card_path.read_text(encoding="utf-8"))
    if card.get("arrays_sha256_12") != arrays_digest(arrays):
        msg = f"{npz}: contents do not match its model card (rebuild with python -m analysis train)"
        raise InputError(msg)
    return TrainedModels(
        review=_nb(arrays, "review"),
        sentence=_nb(arrays, "sentence"),
        rating_x=arrays["rating_x"],
        rating_y=arrays["rating_y"],
        card=card,
    )
