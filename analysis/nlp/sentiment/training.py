"""``python -m analysis train``: fit the shipped model on the *train* splits only.

Training data is one or more labelled Parquet files (or a folder of them), each read into
one frame (``read_labeled``): the text, its split, its domain, and what its label says
(positive / negative, neutral for factual sentences and mid-scale ratings, stars where there
are stars). The recipe (``train_models``):

1. a fifth of the train rows (by a hash of the text, so the same every run) is held back;
2. the four classifiers (``model.CLASSIFIERS``) are fitted on the rest;
3. the blend is fitted on the held-back fifth, from the classifiers' readings of texts they
   never saw, each domain weighted equally, so it learns how far to trust each of them;
4. the classifiers are refitted on every train row (the blend keeps its weights), and the
   star map is fitted on the held-back fifth's blend polarity.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import diags
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler, normalize

from analysis.errors import InputError
from analysis.nlp.sentences import split_sentences
from analysis.nlp.sentiment.hashing import hashed_ngrams
from analysis.nlp.sentiment.model import (
    CLASSES,
    CLASSIFIERS,
    FEATURES,
    Blend,
    NBLogit,
    TrainedModels,
    arrays_digest,
    blend_inputs,
    clean,
    logodds,
    model_tokens,
    polarity,
    prepare,
    vectorizer,
)
from analysis.nlp.sentiment.vader import FastVader

POLARITY_PARAMS = {"ngram_max": 3, "bits": 22, "C": 64.0}  # joint and film
SHORT_PARAMS = {"ngram_max": 2, "bits": 20, "C": 1.0}  # objective and gate
HELD_BACK = 5  # one row in five (by text hash) fits the blend
OPINION_SENTENCES = 12_000  # review sentences the objectivity classifier sees as opinion
OPINION_VADER = 0.4  # ... each clearly evaluative by VADER's compound
SHORT_REVIEW_SENTENCES = 4  # reviews this short lend their sentences to the blend
NEUTRAL_WEIGHT = 0.5  # factual sentences' weight in the blend, as a share of one domain's
BLEND_C = 1.0
# Where each shared file comes from and what kind of work its reviews are about.
KNOWN_FILES = {
    "imdb_labeled": ("imdb", "film", "Large Movie Review Dataset v1.0 (Maas et al., ACL 2011)"),
    "steam_reviews": (
        "steam",
        "game",
        "Steam user reviews of 71 games (natmwong/cs4210-final-project)",
    ),
    "amazon_reviews": (
        "amazon",
        "product",
        "Multi-Domain Sentiment Dataset v2.0 (Blitzer et al., ACL 2007)",
    ),
    "metacritic_acnh_user_reviews": (
        "metacritic-game",
        "game",
        "Metacritic user reviews of Animal Crossing: New Horizons (TidyTuesday)",
    ),
    "subjectivity": ("objective", "sentences", "Subjectivity data set v1.0 (Pang & Lee, ACL 2004)"),
}
LABELED = ["source", "domain", "kind", "split", "text", "polarity", "stars10", "subjective"]


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.parquet"))
            out += [p for p in found if p.stem in KNOWN_FILES or p.stem.startswith("imdb_labeled")]
        else:
            out.append(path)
    if not out:
        msg = f"{', '.join(map(str, paths))}: no labelled Parquet files found"
        raise InputError(msg)
    return out


def _stars10(ratings: pd.Series, scale_max: pd.Series | None) -> pd.Series:
    """Ratings on any scale as 1-10 stars (a 0-10 or 1-5 scale mapped linearly)."""
    r = pd.to_numeric(ratings, errors="coerce").astype("float64")
    if r.notna().sum() == 0:
        return r
    hi = (
        pd.to_numeric(scale_max, errors="coerce").astype("float64")
        if scale_max is not None
        else None
    )
    if hi is None or hi.isna().all():
        hi = pd.Series(5.0 if r.max() <= 5 else 10.0, index=r.index)
    lo = 0.0 if (r == 0).any() else 1.0
    return 1.0 + (r - lo) / (hi - lo) * 9.0


def _one_file(path: Path) -> pd.DataFrame:
    try:
        df = pd.read_parquet(path)
    except (OSError, ValueError) as exc:
        msg = f"{path}: cannot read as Parquet ({exc})"
        raise InputError(msg) from exc
    return labeled_frame(df, path.name)


def labeled_frame(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """One labelled table as ``LABELED`` rows; ``name`` (a file name) says its domain."""
    missing = {"split", "text"} - set(df.columns)
    if missing or not ({"label", "rating"} & set(df.columns)):
        msg = f"{name}: need columns split, text and label or rating; missing {sorted(missing) or ['label/rating']}"
        raise InputError(msg)
    stem = Path(name).stem
    domain, kind, _ = KNOWN_FILES.get(stem, (stem, "other", stem))
    if stem.startswith("imdb") and stem not in KNOWN_FILES:  # a sample or copy of it
        domain, kind = "imdb", "film"
    if "kind" in df.columns:
        kind = df["kind"].astype(str)
    label = (
        df["label"].astype("string").str.lower()
        if "label" in df
        else pd.Series(pd.NA, index=df.index, dtype="string")
    )
    stars = (
        _stars10(df["rating"], df.get("scale_max"))
        if "rating" in df
        else pd.Series(np.nan, index=df.index)
    )
    # polarity: 0 negative, 1 neutral, 2 positive; from the label, else from the rating
    pol = label.map({"pos": 2.0, "neg": 0.0, "objective": 1.0}).astype(float)
    stars = stars.astype("float64")
    frac = ((stars - 1.0) / 9.0).to_numpy()
    from_stars = np.where(frac >= 0.66, 2.0, np.where(frac <= 0.4, 0.0, 1.0))
    pol = pol.where(pol.notna() | stars.isna(), pd.Series(from_stars, index=df.index))
    return pd.DataFrame(
        {
            "source": name,
            "domain": domain,
            "kind": kind,
            "split": df["split"].astype(str),
            "text": df["text"].astype(str),
            "polarity": pol,
            "stars10": stars.astype(float),
            "subjective": label.eq("subjective").fillna(False).astype(bool),
        }
    )[LABELED]


def read_labeled(paths: Path | list[Path]) -> pd.DataFrame:
    """Every labelled file (or folder of them) as one frame of ``LABELED`` columns."""
    paths = [paths] if isinstance(paths, Path) else list(paths)
    return pd.concat([_one_file(p) for p in _files(paths)], ignore_index=True)


def fit_nblogit(texts: list[str], y: np.ndarray, ngram_max: int, bits: int, C: float) -> NBLogit:
    """NB-weighted logistic regression (Wang & Manning 2012), stored at half precision.
    A class missing from ``y`` gives a constant classifier."""
    if len(set(y.tolist())) < 2:
        return NBLogit.constant(8.0 if len(y) and y[0] == 1 else -8.0)
    x = vectorizer(ngram_max, bits).transform([prepare(t) for t in texts])
    pos = np.asarray(x[y == 1].sum(axis=0)).ravel() + 1.0
    neg = np.asarray(x[y == 0].sum(axis=0)).ravel() + 1.0
    ratio = np.log((pos / pos.sum()) / (neg / neg.sum())).astype(np.float16)
    feats = normalize(x @ diags(ratio.astype(np.float32)))
    clf = LogisticRegression(C=C, solver="liblinear", max_iter=5000, random_state=0).fit(feats, y)
    return NBLogit(
        ngram_max, bits, ratio, clf.coef_.ravel().astype(np.float16), float(clf.intercept_[0])
    )


def held_back(texts: pd.Series) -> np.ndarray:
    """One text in ``HELD_BACK``, chosen by an MD5 of the text (stable across runs)."""
    return np.array(
        [int(hashlib.md5(t.encode("utf-8")).hexdigest()[:8], 16) % HELD_BACK == 0 for t in texts]
    )


def _opinion_sentences(reviews: pd.DataFrame, n: int) -> list[str]:
    """Up to ``n`` clearly evaluative review sentences (three words or more, VADER's
    |compound| >= ``OPINION_VADER``), the same every run: a review also states facts
    ("It was released in 1995."), which must not be learnt as opinion."""
    out: list[str] = []
    step = max(1, len(reviews) // max(1, n // 3))
    vader = FastVader()
    for text in reviews["text"].iloc[::step]:
        sents = [s for s in split_sentences(clean(text)) if len(s.split()) >= 3]
        if sents:
            compound = vader.scores(sents)[:, 3]
            out += [s for s, c in zip(sents, compound, strict=True) if abs(c) >= OPINION_VADER]
        if len(out) >= n:
            break
    return out[:n]


def short_review_sentences(rows: pd.DataFrame) -> pd.DataFrame:
    """The sentences of short reviews (at most ``SHORT_REVIEW_SENTENCES``) that hold a word
    of sentiment, each labelled with its review's polarity: opinion as single sentences,
    for the blend to learn from (labelled by the reviews, not by a scorer)."""
    reviews = rows[(rows["kind"] != "sentences") & rows["polarity"].isin([0.0, 2.0])]
    out = []
    for row in reviews.itertuples(index=False):
        sents = split_sentences(clean(row.text))
        if 2 <= len(sents) <= SHORT_REVIEW_SENTENCES:
            out += [
                row._replace(text=s, domain="review sentences", stars10=np.nan)
                for s in sents
                if len(s.split()) >= 3
            ]
    found = pd.DataFrame(out, columns=rows.columns)
    if found.empty:
        return found
    # a sentence with no word of sentiment at all ("I bought it in May.") takes no polarity
    # from its review: it would teach the blend that plain statements are opinions
    neutral_share = FastVader().scores(found["text"].tolist())[:, 1]
    return found[neutral_share < 1.0]


def fit_classifiers(rows: pd.DataFrame) -> tuple[dict[str, NBLogit], np.ndarray]:
    """The four classifiers and the vocabulary bitmap from these train rows."""
    reviews = rows[(rows["kind"] != "sentences") & rows["polarity"].isin([0.0, 2.0])]
    y = (reviews["polarity"] == 2.0).to_numpy(int)
    film = (reviews["kind"] == "film").to_numpy()
    texts = reviews["text"].tolist()
    p = POLARITY_PARAMS
    joint = fit_nblogit(texts, y, p["ngram_max"], p["bits"], p["C"])
    film_model = (
        fit_nblogit(
            [t for t, f in zip(texts, film, strict=True) if f],
            y[film],
            p["ngram_max"],
            p["bits"],
            p["C"],
        )
        if film.any() and len(set(y[film].tolist())) == 2
        else joint
    )
    objective = rows[(rows["kind"] == "sentences") & (rows["polarity"] == 1.0)]["text"].tolist()
    opinion = rows[rows["subjective"]]["text"].tolist() + _opinion_sentences(
        reviews, OPINION_SENTENCES
    )
    s = SHORT_PARAMS
    objective_model = fit_nblogit(
        objective + opinion,
        np.r_[np.ones(len(objective), int), np.zeros(len(opinion), int)],
        s["ngram_max"],
        s["bits"],
        s["C"],
    )
    gate = fit_nblogit(texts, film.astype(int), s["ngram_max"], s["bits"], s["C"])
    buf, offsets = model_tokens(texts)
    unigrams = hashed_ngrams(buf, offsets, 1, p["bits"])
    seen = np.bincount(unigrams.indices, minlength=2 ** p["bits"]) >= 2
    classifiers = {"joint": joint, "film": film_model, "objective": objective_model, "gate": gate}
    return {n: classifiers[n] for n in CLASSIFIERS}, np.packbits(seen)


def blend_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows the blend learns from: rated or labelled reviews, factual sentences, and the
    sentences of short reviews."""
    keep = rows["polarity"].notna() & ((rows["kind"] != "sentences") | (rows["polarity"] == 1.0))
    return pd.concat([rows[keep], short_review_sentences(rows)], ignore_index=True)


def fit_blend(x: np.ndarray, y: np.ndarray, domain: np.ndarray) -> Blend:
    """Multinomial logistic regression of class (0, 1, 2) on the features, every domain
    weighted equally; a class with no examples gets probability ~0."""
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    weight = np.ones(len(y))
    names, counts = np.unique(domain, return_counts=True)
    for name, count in zip(names, counts, strict=True):
        weight[domain == name] = len(y) / (len(names) * count)
    weight[y == 1] *= NEUTRAL_WEIGHT
    clf = LogisticRegression(C=BLEND_C, max_iter=5000).fit(
        (x - scaler.mean_) / scale, y, sample_weight=weight
    )
    coef = np.zeros((len(CLASSES), x.shape[1]))
    intercept = np.full(len(CLASSES), -30.0)
    present = [int(c) for c in clf.classes_]
    if len(present) == 2:  # binary: log-odds of the second class against the first
        coef[present[1]] = clf.coef_[0]
        intercept[present[0]], intercept[present[1]] = 0.0, clf.intercept_[0]
    else:
        coef[present] = clf.coef_
        intercept[present] = clf.intercept_
    return Blend(scaler.mean_, scale, coef, intercept)


def train_models(labeled: pd.DataFrame, source: str = "") -> TrainedModels:
    """Fit the classifiers, the blend and the star map on ``split == 'train'`` rows."""
    train = labeled[labeled["split"] == "train"].reset_index(drop=True)
    if train.empty:
        msg = "no rows with split == 'train' to learn from"
        raise InputError(msg)
    back = held_back(train["text"])
    first, vocab = fit_classifiers(train[~back])
    probe = blend_rows(train[back])
    x = blend_inputs(first, vocab, probe["text"].tolist())
    blend = fit_blend(x, probe["polarity"].to_numpy(int), probe["domain"].to_numpy())
    rated = probe["stars10"].notna().to_numpy()
    if rated.sum() >= 2:
        pol = logodds(polarity(blend.proba(x[rated])))
        iso = IsotonicRegression(out_of_bounds="clip", y_min=1.0, y_max=10.0)
        iso.fit(pol, probe["stars10"].to_numpy()[rated])
        rating_x, rating_y = (
            iso.X_thresholds_.astype(np.float64),
            iso.y_thresholds_.astype(np.float64),
        )
    else:
        rating_x, rating_y = np.array([-10.0, 10.0]), np.array([1.0, 10.0])
    classifiers, vocab = fit_classifiers(train)
    models = TrainedModels(classifiers, vocab, blend, rating_x, rating_y, card={})
    digest = arrays_digest(models.arrays())
    models.card = _card(train, back, blend, digest, source)
    return models


def _card(train: pd.DataFrame, back: np.ndarray, blend: Blend, digest: str, source: str) -> dict:
    by_domain = train.groupby("domain")
    data = {
        name: {
            "file": str(g["source"].iloc[0]),
            "description": KNOWN_FILES.get(
                Path(str(g["source"].iloc[0])).stem, ("", "", str(g["source"].iloc[0]))
            )[2],
            "kind": str(g["kind"].iloc[0]),
            "train_rows": int(len(g)),
            "classes": {cls: int((g["polarity"] == i).sum()) for i, cls in enumerate(CLASSES)}
            | {"subjective_unrated": int(g["subjective"].sum())},
            "rated": int(g["stars10"].notna().sum()),
        }
        for name, g in by_domain
    }
    return {
        "version": f"blend-{digest}",
        "arrays_sha256_12": digest,
        "trained_on": dt.date.today().isoformat(),
        "data": {
            "source": source or "labelled reviews",
            "description": "split == 'train' rows only of each file below",
            "train_rows": int(len(train)),
            "held_back_for_blend": int(back.sum()),
            "domains": data,
        },
        "parameters": {
            "classifiers": {
                "joint": POLARITY_PARAMS
                | {"learns": "positive vs negative, reviews of every domain"},
                "film": POLARITY_PARAMS | {"learns": "positive vs negative, film reviews only"},
                "objective": SHORT_PARAMS
                | {
                    "learns": "factual sentences vs opinion (subjective snippets and review sentences)",
                    "opinion_sentences": OPINION_SENTENCES,
                },
                "gate": SHORT_PARAMS | {"learns": "film review vs any other review"},
                "features": "binary hashed word n-grams with negation scope marked, NB log-count ratio, L2 norm",
            },
            "blend": {
                "method": "multinomial logistic regression on standardised features, every domain weighted equally",
                "C": BLEND_C,
                "classes": list(CLASSES),
                "features": list(FEATURES),
                "fitted_on": f"the held-back 1 in {HELD_BACK} train rows (by MD5 of the text), read by classifiers fitted without them",
                "coefficients": {
                    c: dict(zip(FEATURES, np.round(blend.coef[i], 3).tolist(), strict=True))
                    for i, c in enumerate(CLASSES)
                },
            },
            "rating": {
                "method": "isotonic regression of 1-10 stars (any scale mapped linearly) on the blend's polarity log-odds, held-back rows"
            },
            "token_pattern": r"(?u)\b\w[\w']*\b|[!?]",
            "storage": "float16 classifier arrays and float64 blend arrays in sentiment.npz (no pickle)",
        },
    }
