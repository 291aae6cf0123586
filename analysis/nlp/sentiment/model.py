"""The trained text model: hashed n-gram classifiers and a learned blend with VADER.

Stored as plain arrays (``.npz``, loaded with ``allow_pickle=False``) plus a JSON file of
settings, so loading runs no code from the file. Four naive-Bayes-weighted logistic
regressions read the text (Wang & Manning 2012):

- ``joint``: positive vs negative, trained on the reviews of every domain (film, game,
  product);
- ``film``: the same, trained on film reviews only (it knows film vocabulary best);
- ``objective``: factual sentences (plot summaries) vs opinion;
- ``gate``: how much a text reads like a film review.

A small multinomial logistic regression, the **blend**, turns their log-odds, VADER's
compound/pos/neg/neu, the text's length and how much of it the vocabulary covers into
P(negative), P(neutral), P(positive). It is fitted on held-out texts the classifiers never
saw, so it learns where they are out of their depth (short posts, unfamiliar vocabulary)
and leans on VADER there. A monotone map turns the blend's polarity into the 1-10 stars
that rated training reviews gave.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from analysis.errors import InputError

if TYPE_CHECKING:  # scikit-learn, SciPy and the compiled hashing load when the model is used,
    # not when a dashboard that only reads a scored store imports this module (1.3 s)
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import HashingVectorizer

MODEL_DIR = Path(__file__).resolve().parents[2] / "models"
TOKEN_PATTERN = r"(?u)\b\w[\w']*\b|[!?]"
CLASSES = ("negative", "neutral", "positive")
CLASSIFIERS = ("joint", "film", "objective", "gate")
FEATURES = (
    "joint_logodds",
    "film_logodds",
    "objective_logodds",
    "film_gate",
    "joint_x_gate",
    "film_x_gate",
    "vader_compound",
    "vader_pos",
    "vader_neg",
    "vader_neu",
    "log_chars",
    "vocab_coverage",
    "joint_x_log_chars",
)
_BR = re.compile(r"<br\s*/?>", re.I)
# Markup users paste into reviews: Steam's BBCode and a scraper's "... Expand" tail.
_BBCODE = re.compile(
    r"\[/?(?:h[1-6]|b|i|u|s|strike|spoiler|list|olist|\*|quote|code|url|img|table|tr|td|th|"
    r"noparse|hr)(?:=[^\]]*)?\]",
    re.I,
)
_EXPAND = re.compile(r"(?:\u2026|\.\.\.)\s*Expand\s*$")

_SCOPE_ENDS = ".,:;!?()"  # a negation's scope runs to the first of these (or a line break)
_SCOPE = rf"(?P<scope>[^{re.escape(_SCOPE_ENDS)}\n]*)"
_NEGATION = re.compile(
    r"\b(?P<neg>not|no|never|cannot|nothing|nobody|none|neither|nor|without|hardly|barely|"
    rf"[a-z]+n't)\b{_SCOPE}"
)
# the same matches where a text holds no "n't" (most do not), found faster: the regex
# starts with the negation words' first letters; "(?<!\w.)" after the first letter is the
# "\b" before it
_NOT_AFTER_WORD = r"(?<!\w.)"
_NEGATION_NO_NT = re.compile(
    rf"(?P<neg>n{_NOT_AFTER_WORD}(?:ot|o|ever|othing|obody|one|either|or)|"
    rf"c{_NOT_AFTER_WORD}annot|w{_NOT_AFTER_WORD}ithout|h{_NOT_AFTER_WORD}ardly|"
    rf"b{_NOT_AFTER_WORD}arely)\b{_SCOPE}"
)
_WORD_START = re.compile(r"\b(?=[a-z0-9])")


def _mark_scope(m: re.Match[str]) -> str:
    return m.group("neg") + _WORD_START.sub("not_", m.group("scope"))


def clean(text: str) -> str:
    """The text as a reader sees it: ``<br />`` and BBCode as spaces, entities decoded,
    a trailing "... Expand" dropped (what VADER reads too)."""
    if "<" in text:
        text = _BR.sub(" ", text)
    if "&" in text:
        text = unescape(text)
    if "[" in text:
        text = _BBCODE.sub(" ", text)
    if "Expand" in text:
        text = _EXPAND.sub("", text)
    return text


def prepare(text: str) -> str:
    """What the classifiers read: ``clean`` text in lower case, every word after a negation
    (up to the next punctuation) marked ``not_`` (Pang et al. 2002), so "not good" and
    "good" are different features even for a one-line snippet."""
    lowered = clean(text).lower().replace("\u2019", "'")
    return (_NEGATION if "n't" in lowered else _NEGATION_NO_NT).sub(_mark_scope, lowered)


def vectorizer(ngram_max: int, bits: int) -> HashingVectorizer:
    """The stateless featuriser training uses (``hashed_ngrams`` gives the same matrix)."""
    from sklearn.feature_extraction.text import HashingVectorizer  # noqa: PLC0415 - see top

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
# the same tokens, found faster: a word run ending in a word character is what "\w[\w']*\b"
# matches from a word's start
_FAST_TOKEN = re.compile(r"[!?]|\w+(?:'+\w+)*")


def token_lists(texts: list[str]) -> list[list[str]]:
    """What the classifiers read: each text prepared and tokenised (``TOKEN_PATTERN``)."""
    findall = _FAST_TOKEN.findall
    return [findall(prepare(t)) for t in texts]


# texts' tokens joined by spaces: one UTF-8 buffer and each text's (start, end) offsets
Joined = tuple[np.ndarray, np.ndarray]


def model_tokens(texts: list[str]) -> Joined:
    """What the classifiers read, joined for hashing: ``joined_tokens(token_lists(texts))``,
    with the tokens of every ASCII text (nearly all) found by a compiled loop instead of a
    Python string per token (a tenth of a review's scoring)."""
    from analysis.nlp.sentiment.hashing import (  # noqa: PLC0415 - see top
        ascii_tokens,
        joined_tokens,
        merged,
    )

    prepared = [prepare(t) for t in texts]
    plain = np.fromiter((p.isascii() for p in prepared), bool, len(prepared))
    if plain.all():
        return ascii_tokens(prepared)
    findall = _FAST_TOKEN.findall
    return merged(
        ~plain,
        ascii_tokens([p for p, a in zip(prepared, plain, strict=True) if a]),
        joined_tokens([findall(p) for p, a in zip(prepared, plain, strict=True) if not a]),
    )


class Nesting(NamedTuple):
    """Whether a text read whole gives exactly its parts' tokens read in turn."""

    tokens: bool  # the classifiers' tokens (``token_lists``)
    words: bool  # VADER's words (a whitespace split)


def _scope_closed(part: str) -> bool:
    """No negation scope runs past the end of ``part``: it ends where a scope ends, or no
    negation word follows its last scope-ending character."""
    tail = part
    for i in range(len(part) - 1, -1, -1):
        if part[i] in _SCOPE_ENDS:
            tail = part[i + 1 :]
            break
    return not tail or _NEGATION.search(tail.lower().replace("\u2019", "'")) is None


def parts_read_as_whole(text: str, spans: list[tuple[int, int]]) -> Nesting:
    """Whether reading ``text`` whole gives exactly the tokens of reading each span (its
    sentences) in turn, for the classifiers and for VADER, so that a review's reading can
    be built from its sentences' tokens (the same tokens, so the same scores).

    Both need ``clean`` to leave the text and every span as they are, no letter whose
    lower case depends on its context (capital sigma), and nothing but whitespace outside
    the spans. The classifiers' tokens never join two spans when a span ends in
    punctuation or whitespace follows it, and no negation scope may run on from one span
    into the next. VADER's words (a whitespace split) need whitespace between spans."""
    no = Nesting(tokens=False, words=False)
    if not spans or "\u03a3" in text:  # capital sigma: its lower case depends on what follows
        return no
    if clean(text) != text or any(clean(text[s:e]) != text[s:e] for s, e in spans):
        return no
    if text[: spans[0][0]].strip() or text[spans[-1][1] :].strip():
        return no
    tokens = words = True
    for (start, end), (nxt, _) in zip(spans, spans[1:], strict=False):
        gap = text[end:nxt]
        if gap.strip():
            return no
        last = text[end - 1]
        if not gap:
            words = False
            if last.isalnum() or last in "_'":
                return no
        if "\n" not in gap and last not in _SCOPE_ENDS and not _scope_closed(text[start:end]):
            tokens = False
    return Nesting(tokens=tokens, words=words)


@dataclass
class NBLogit:
    """A naive-Bayes-weighted linear classifier over hashed binary n-grams."""

    ngram_max: int
    bits: int
    nb_ratio: np.ndarray  # log-count ratio per hashed feature
    coef: np.ndarray
    intercept: float

    # for binary features the weighted, L2-normalised dot product is
    # sum(ratio * coef) / sqrt(sum(ratio ** 2)) over the text's n-grams: two sums over the
    # text's features (``decision_from``, or ``blend_inputs`` without a matrix), with the
    # ratio as float32 (or float16, as stored) and the products in float64

    @property
    def ratio32(self) -> np.ndarray:
        ratio = self.nb_ratio
        return ratio if ratio.dtype in (np.float16, np.float32) else ratio.astype(np.float32)

    @functools.cached_property
    def _ratio_coef(self) -> np.ndarray:
        return np.multiply(self.ratio32, self.coef, dtype=np.float64)

    @functools.cached_property
    def _ratio_sq(self) -> np.ndarray:
        return np.multiply(self.ratio32, self.ratio32, dtype=np.float64)

    def decision_from(self, x: csr_matrix) -> np.ndarray:
        """Log-odds from binary hashed features of this classifier's size: the NB-weighted,
        L2-normalised features (as training builds them) times ``coef``, plus the intercept,
        without building the weighted matrix."""
        return self.decision_from_sums(x @ self._ratio_coef, x @ self._ratio_sq)

    def decision_from_sums(self, dot: np.ndarray, norm_sq: np.ndarray) -> np.ndarray:
        """Log-odds from each text's sum of ratio * coef and of ratio ** 2."""
        norm = np.sqrt(norm_sq)
        return np.divide(dot, norm, out=np.zeros_like(dot), where=norm > 0) + self.intercept

    @classmethod
    def constant(cls, logodds: float, bits: int = 4) -> NBLogit:
        """A classifier that says the same for every text (a class training never saw)."""
        n = 2**bits
        return cls(1, bits, np.zeros(n, np.float16), np.zeros(n, np.float16), float(logodds))


@dataclass
class Blend:
    """Multinomial logistic regression over ``FEATURES`` (standardised) -> P(class)."""

    mean: np.ndarray  # (k,)
    scale: np.ndarray  # (k,)
    coef: np.ndarray  # (3, k), rows in CLASSES order
    intercept: np.ndarray  # (3,)

    def proba(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


def polarity(proba: np.ndarray) -> np.ndarray:
    """P(positive) + half P(neutral): >= 0.5 exactly when positive outweighs negative."""
    return proba[:, 2] + 0.5 * proba[:, 1]


def logodds(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(p / (1 - p))


@dataclass
class Prediction:
    """The model's reading of a batch of texts."""

    proba: np.ndarray  # (n, 3): P(negative), P(neutral), P(positive)
    stars: np.ndarray  # expected 1-10 stars

    @property
    def positive(self) -> np.ndarray:
        return polarity(self.proba)

    @property
    def score(self) -> np.ndarray:
        """P(positive) - P(negative), in [-1, 1]."""
        return self.proba[:, 2] - self.proba[:, 0]

    @property
    def labels(self) -> np.ndarray:
        return np.asarray(CLASSES, dtype=object)[self.proba.argmax(axis=1)]


@dataclass
class Fused:
    """The classifiers' weights laid end to end, for ``hashed_sums`` (one pass over each
    text's n-grams for all of them), and the vocabulary's bits unpacked."""

    specs: list[tuple[int, int]]  # (ngram_max, bits) of each hashing the classifiers use
    weights: tuple[np.ndarray, ...]  # spec_of, start_of, ratio, coef (CLASSIFIERS order)
    vocab_spec: int  # the unigram spec that vocabulary coverage reads
    vocab_bits: np.ndarray  # uint8, 1 where a unigram bucket was seen in training


def _laid_end_to_end(parts: list[np.ndarray], dtype) -> np.ndarray:
    """``np.concatenate(parts).astype(dtype)``, converting while copying (no intermediate)."""
    out = np.empty(sum(p.size for p in parts), dtype=dtype)
    np.concatenate(parts, out=out, casting="same_kind")
    return out


def fuse(classifiers: dict[str, NBLogit], vocab: np.ndarray) -> Fused:
    models = [classifiers[n] for n in CLASSIFIERS]
    unigram = (1, classifiers["joint"].bits)
    specs = list(dict.fromkeys([*((m.ngram_max, m.bits) for m in models), unigram]))
    sizes = [2**m.bits for m in models]
    start_of = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    wide = any(m.coef.dtype == np.float64 for m in models)  # keep float64 weights exact
    coef = _laid_end_to_end([m.coef for m in models], np.float64 if wide else np.float32)
    return Fused(
        specs=specs,
        weights=(
            np.array([specs.index((m.ngram_max, m.bits)) for m in models], dtype=np.int64),
            start_of,
            _laid_end_to_end([m.ratio32 for m in models], np.float32),
            coef,
        ),
        vocab_spec=specs.index(unigram),
        vocab_bits=np.unpackbits(vocab),
    )


def vader_readings(texts: list[str], analyzer=None) -> np.ndarray:
    """VADER's (neg, neu, pos, compound) of each text's ``clean`` form, as the blend reads it."""
    if analyzer is None:
        from analysis.nlp.sentiment.vader import FastVader  # noqa: PLC0415 - heavy, rare

        analyzer = FastVader()
    return analyzer.scores([clean(t) for t in texts])


def blend_inputs(
    classifiers: dict[str, NBLogit],
    vocab: np.ndarray,
    texts: list[str],
    vader: np.ndarray | None = None,
    tokens: Joined | None = None,
    fused: Fused | None = None,
) -> np.ndarray:
    """The blend's inputs (``FEATURES``) for each text, from one tokenisation: what the
    classifiers (``CLASSIFIERS``) and VADER read, length, and vocabulary coverage (``vocab``:
    packed bits of the unigram buckets seen in training).

    ``vader``: each text's VADER (neg, neu, pos, compound) if already computed on the
    ``clean`` text; computed here otherwise. ``tokens``: the texts' ``model_tokens`` if
    already known. ``fused``: ``fuse(classifiers, vocab)`` if already built."""
    from analysis.nlp.sentiment.hashing import hashed_sums  # noqa: PLC0415

    if vader is None:
        vader = vader_readings(texts)
    buf, offsets = model_tokens(texts) if tokens is None else tokens
    fused = fused or fuse(classifiers, vocab)
    dots, norms, counted, seen = hashed_sums(
        buf, offsets, fused.specs, fused.weights, fused.vocab_spec, fused.vocab_bits
    )
    logit = {
        name: classifiers[name].decision_from_sums(dots[:, c], norms[:, c])
        for c, name in enumerate(CLASSIFIERS)
    }
    coverage = np.divide(seen, counted, out=np.zeros(len(texts)), where=counted > 0)
    gate = 1.0 / (1.0 + np.exp(-logit["gate"]))
    log_chars = np.log1p(np.fromiter((len(t) for t in texts), float, len(texts)))
    neg, neu, pos, compound = np.asarray(vader, dtype=np.float64).reshape(-1, 4).T
    j, f = logit["joint"], logit["film"]
    return np.column_stack(
        [
            j,
            f,
            logit["objective"],
            gate,
            j * gate,
            f * gate,
            compound,
            pos,
            neg,
            neu,
            log_chars,
            coverage,
            j * log_chars,
        ]
    )


@dataclass
class TrainedModels:
    """Everything ``python -m analysis train`` produces."""

    classifiers: dict[str, NBLogit]  # CLASSIFIERS
    vocab: np.ndarray  # packed bits: unigram buckets (joint's size) seen in training
    blend: Blend
    rating_x: np.ndarray  # blend polarity log-odds ...
    rating_y: np.ndarray  # ... and the mean star rating at each (isotonic, increasing)
    card: dict

    @property
    def version(self) -> str:
        return self.card["version"]

    def features(
        self,
        texts: list[str],
        vader: np.ndarray | None = None,
        tokens: Joined | None = None,
    ) -> np.ndarray:
        """The blend's inputs for each text (``blend_inputs``)."""
        return blend_inputs(self.classifiers, self.vocab, texts, vader, tokens, self.fused)

    @functools.cached_property
    def fused(self) -> Fused:
        """The classifiers' weights end to end (built once, on first use)."""
        return fuse(self.classifiers, self.vocab)

    def predict(
        self,
        texts: list[str],
        vader: np.ndarray | None = None,
        tokens: Joined | None = None,
    ) -> Prediction:
        if not texts:
            return Prediction(np.zeros((0, 3)), np.zeros(0))
        return self.predict_from(self.features(texts, vader, tokens))

    def predict_from(self, x: np.ndarray) -> Prediction:
        """The reading of texts whose blend inputs (``features``) are already computed."""
        proba = self.blend.proba(x)
        return Prediction(proba, self.stars(logodds(polarity(proba))))

    def stars(self, decision: np.ndarray) -> np.ndarray:
        """Expected star rating (1-10) for blend polarity log-odds."""
        return np.interp(decision, self.rating_x, self.rating_y)

    def arrays(self) -> dict[str, np.ndarray]:
        out = {}
        for name, m in self.classifiers.items():
            out[f"{name}_nb_ratio"] = m.nb_ratio.astype(np.float16)
            out[f"{name}_coef"] = m.coef.astype(np.float16)
            out[f"{name}_meta"] = np.array([m.ngram_max, m.bits, m.intercept], dtype=np.float64)
        out["vocab"] = self.vocab.astype(np.uint8)
        b = self.blend
        for part in ("mean", "scale", "coef", "intercept"):
            out[f"blend_{part}"] = np.asarray(getattr(b, part), dtype=np.float64)
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
    # deflated: 24 MB instead of 42 MB, under the repository's 30 MB limit for a tracked
    # file (inflating it costs 0.15 s of a scoring run's start-up)
    np.savez_compressed(npz, **models.arrays())
    card.write_text(json.dumps(models.card, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return [npz, card]


def _nb(arrays, name: str) -> NBLogit:
    ngram_max, bits, intercept = arrays[f"{name}_meta"]
    return NBLogit(
        int(ngram_max),
        int(bits),
        arrays[f"{name}_nb_ratio"],  # float16, as stored (exact in any wider type)
        arrays[f"{name}_coef"],
        float(intercept),
    )


def read_model_card(directory: Path = MODEL_DIR) -> dict:
    """The model card (what the model was trained on, its settings and version), read
    without loading the arrays."""
    card_path = directory / "model_card.json"
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        msg = (
            f"{directory}: no readable model card here (run: python -m analysis train --data PATH)"
        )
        raise InputError(msg) from exc
    return card


def model_card_version(directory: Path = MODEL_DIR) -> str:
    """The version the model card states, read without loading the arrays."""
    try:
        return read_model_card(directory)["version"]
    except KeyError as exc:
        msg = (
            f"{directory}: the model card states no version (rebuild with python -m analysis train)"
        )
        raise InputError(msg) from exc


def load_models(directory: Path = MODEL_DIR) -> TrainedModels:
    """Load the shipped (or a rebuilt) model; never unpickles anything."""
    npz, card_path = directory / "sentiment.npz", directory / "model_card.json"
    if not npz.is_file() or not card_path.is_file():
        msg = f"{directory}: no trained model here (run: python -m analysis train --data PATH)"
        raise InputError(msg)
    with np.load(npz, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    card = read_model_card(directory)
    if card.get("arrays_sha256_12") != arrays_digest(arrays):
        msg = f"{npz}: contents do not match its model card (rebuild with python -m analysis train)"
        raise InputError(msg)
    missing = [n for n in CLASSIFIERS if f"{n}_meta" not in arrays] + [
        k for k in ("vocab", "blend_coef") if k not in arrays
    ]
    if missing:
        msg = f"{npz}: an older model format (no {', '.join(missing)}); rebuild with python -m analysis train"
        raise InputError(msg)
    return TrainedModels(
        classifiers={n: _nb(arrays, n) for n in CLASSIFIERS},
        vocab=arrays["vocab"],
        blend=Blend(*(arrays[f"blend_{p}"] for p in ("mean", "scale", "coef", "intercept"))),
        rating_x=arrays["rating_x"],
        rating_y=arrays["rating_y"],
        card=card,
    )
