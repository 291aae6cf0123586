"""``python -m analysis evaluate``: VADER, the joint classifier alone and the shipped blend,
per domain and overall, on each labelled file's *test* split.

Rows are compared on what each file's labels allow: accuracy and macro-F1 on the texts
labelled positive or negative; three-way macro-F1 where the file also has neutral texts
(mid-scale ratings, factual sentences); the share of factual sentences labelled neutral;
MAE against 1-10 stars and Pearson r with stars where there are stars (with the label
otherwise). The table is also written next to the model (``EVALUATION_PATH``) so that the
dashboard can show it without the data.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.nlp.sentiment.model import (
    CLASSES,
    FEATURES,
    MODEL_DIR,
    TrainedModels,
    vader_readings,
)

EVALUATION_PATH = MODEL_DIR / "evaluation.json"
EVALUATION_COLUMNS = [
    "domain",
    "scorer",
    "texts",
    "accuracy",
    "macro_f1",
    "macro_f1_3way",
    "neutral_share",
    "mae_stars",
    "pearson_r",
    "texts_per_s",
]
SCORERS = ("VADER", "model (joint classifier)", "blend (shipped)")
# What the shipped scorer must reach (issue 12): accuracy, macro-F1, neutral share.
TARGETS = {
    "steam": "accuracy >= 89%",
    "amazon": "accuracy >= 90%, macro-F1 >= 0.87",
    "metacritic-game": "accuracy >= 85%",
    "imdb": "accuracy >= 91.7%",
    "objective": ">= 60% labelled neutral",
}


def vader_stars(compound: np.ndarray) -> np.ndarray:
    """VADER's compound mapped linearly onto 1-10 stars (for a like-for-like MAE)."""
    return 1.0 + 4.5 * (np.asarray(compound) + 1.0)


def held_out_split(labeled: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """Each domain's test rows (at most ``limit`` per domain, a fixed sample)."""
    test = labeled[labeled["split"] == "test"]
    if limit:
        test = test.groupby("domain", group_keys=False).apply(
            lambda g: g.sample(min(limit, len(g)), random_state=0)
        )
    return test


def _metrics(
    polarity: np.ndarray,
    stars: np.ndarray,
    p_positive: np.ndarray,
    labels: np.ndarray,
    predicted_stars: np.ndarray | None,
) -> dict[str, float]:
    # SciPy's and scikit-learn's metrics are imported here, not with the module: the
    # dashboard reads the stored evaluation (``shipped_evaluation``) without them
    from scipy.stats import pearsonr  # noqa: PLC0415
    from sklearn.metrics import accuracy_score, f1_score, mean_absolute_error  # noqa: PLC0415

    two = np.isin(polarity, [0.0, 2.0])
    out = dict.fromkeys(EVALUATION_COLUMNS[3:-1], float("nan"))
    if two.any():
        y, pred = polarity[two] == 2.0, p_positive[two] >= 0.5
        out["accuracy"] = accuracy_score(y, pred)
        out["macro_f1"] = f1_score(y, pred, average="macro")
    neutral = polarity == 1.0
    if neutral.any() and labels is not None:
        out["neutral_share"] = float((labels[neutral] == "neutral").mean())
        if two.any():
            known = ~np.isnan(polarity)
            truth = np.asarray(CLASSES, dtype=object)[polarity[known].astype(int)]
            out["macro_f1_3way"] = f1_score(truth, labels[known], average="macro")
    rated = ~np.isnan(stars)
    if rated.sum() > 2:
        if predicted_stars is not None:
            out["mae_stars"] = mean_absolute_error(stars[rated], predicted_stars[rated])
        out["pearson_r"] = pearsonr(p_positive[rated], stars[rated])[0]
    elif two.sum() > 2:
        out["pearson_r"] = pearsonr(p_positive[two], polarity[two])[0]
    return out


def evaluate(
    labeled: pd.DataFrame, models: TrainedModels, limit: int | None = None
) -> pd.DataFrame:
    """One row per (domain, scorer) and per scorer over all domains (``EVALUATION_COLUMNS``)."""
    from analysis.nlp.sentiment.scorers import vader_labels  # noqa: PLC0415 - see _metrics
    from analysis.nlp.sentiment.vader import FastVader  # noqa: PLC0415

    test = held_out_split(labeled, limit)
    vader = FastVader()
    rows, pooled = [], {s: [] for s in SCORERS}
    for domain, g in test.groupby("domain", sort=True):
        texts = g["text"].astype(str).tolist()
        pol, stars = g["polarity"].to_numpy(float), g["stars10"].to_numpy(float)
        t0 = time.perf_counter()
        v = vader_readings(texts, vader)
        t_vader = time.perf_counter() - t0
        t0 = time.perf_counter()
        x = models.features(texts, v)
        pred = models.predict_from(x)
        t_blend = time.perf_counter() - t0 + t_vader
        joint_p = 1.0 / (1.0 + np.exp(-x[:, FEATURES.index("joint_logodds")]))
        compound = v[:, 3]
        readings = {
            SCORERS[0]: (
                (compound + 1) / 2,
                vader_labels(compound),
                vader_stars(compound),
                t_vader,
            ),
            SCORERS[1]: (joint_p, None, None, float("nan")),
            SCORERS[2]: (pred.positive, pred.labels, pred.stars, t_blend),
        }
        for scorer, (p, labels, est, seconds) in readings.items():
            m = _metrics(pol, stars, p, labels, est)
            rate = len(texts) / seconds if seconds == seconds and seconds > 0 else float("nan")
            rows.append(
                {"domain": domain, "scorer": scorer, "texts": len(texts)}
                | m
                | {"texts_per_s": rate}
            )
            pooled[scorer].append((pol, stars, p, labels, est))
    for scorer, parts in pooled.items():
        if not parts:
            continue
        pol, stars, p = (np.concatenate([q[i] for q in parts]) for i in range(3))
        labels = None if parts[0][3] is None else np.concatenate([q[3] for q in parts])
        est = None if parts[0][4] is None else np.concatenate([q[4] for q in parts])
        m = _metrics(pol, stars, p, labels, est)
        rows.append(
            {"domain": "all", "scorer": scorer, "texts": len(pol)}
            | m
            | {"texts_per_s": float("nan")}
        )
    return pd.DataFrame(rows, columns=EVALUATION_COLUMNS)


def _cell(value: float, kind: str) -> str:
    if value != value:  # NaN
        return "–"
    return {"pct": f"{value:.1%}", "f": f"{value:.3f}", "n": f"{value:,.0f}"}[kind]


def format_table(table: pd.DataFrame) -> str:
    """The evaluation as plain text, one line per (domain, scorer), and the targets."""
    head = f"{'domain':<17}{'scorer':<26}{'texts':>7}{'acc':>8}{'F1':>7}{'F1 3-way':>9}{'neutral':>9}{'MAE':>7}{'r':>7}{'texts/s':>9}"
    lines = [
        "Each file's test split (the train split is never seen by the model)",
        head,
        "-" * len(head),
    ]
    for r in table.itertuples(index=False):
        lines.append(
            f"{r.domain:<17}{r.scorer:<26}{r.texts:>7,}{_cell(r.accuracy, 'pct'):>8}"
            f"{_cell(r.macro_f1, 'f'):>7}{_cell(r.macro_f1_3way, 'f'):>9}"
            f"{_cell(r.neutral_share, 'pct'):>9}{_cell(r.mae_stars, 'f'):>7}"
            f"{_cell(r.pearson_r, 'f'):>7}{_cell(r.texts_per_s, 'n'):>9}"
        )
    lines.append(
        "acc / F1: positive vs negative texts; F1 3-way: with neutral texts; neutral: share of "
        "neutral texts labelled neutral; MAE: against 1-10 stars; r: Pearson r with stars "
        "(with the label where there are none)."
    )
    lines.append("Targets for the blend: " + "; ".join(f"{d} {t}" for d, t in TARGETS.items()))
    return "\n".join(lines)


def write_evaluation(table: pd.DataFrame, version: str, path: Path = EVALUATION_PATH) -> Path:
    """Keep the table next to the model it measured (JSON, NaN as null)."""
    records = json.loads(table.to_json(orient="records"))
    path.write_text(
        json.dumps({"model_version": version, "rows": records}, indent=1) + "\n", encoding="utf-8"
    )
    return path


def shipped_evaluation(version: str, path: Path = EVALUATION_PATH) -> pd.DataFrame | None:
    """The stored evaluation of this model version, or None when there is none for it."""
    if not path.is_file():
        return None
    stored = json.loads(path.read_text(encoding="utf-8"))
    if stored.get("model_version") != version:
        return None
    return pd.DataFrame(stored["rows"], columns=EVALUATION_COLUMNS)
