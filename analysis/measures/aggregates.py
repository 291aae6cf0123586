"""Scores on one 0-100 scale, with sample sizes and uncertainty intervals.

Interval methods (all at ``Settings.confidence_level``):

* proportions (Tomatometer, audience score) with a known n: Wilson score interval; when the
  page shows a rounded percentage the interval is widened by half its last displayed digit;
* mean ratings (IMDb 1-10) with a vote count: the displayed value's rounding (half its last
  digit) plus a sampling bound that assumes nothing about the rating distribution except
  its range (Bhatia-Davis: variance <= (max - mean)(mean - min)); a conservative interval;
* scores whose sample size the page does not state (Metascore without a critic count,
  GameRankings): no interval, and ``ci_method`` says why.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.measures.intervals import wilson_interval, z_value
from analysis.settings import DEFAULT, Settings


@dataclass(frozen=True)
class MetricSpec:
    kind: str  # "proportion", "mean" or "count"
    low: float = 0.0  # lowest possible value, for means
    label: str = ""


METRICS: dict[str, MetricSpec] = {
    "tomatometer": MetricSpec("proportion", label="Tomatometer"),
    # the share of a review table's critic reviews marked Fresh: counted by us, not published
    "tomatometer_counted": MetricSpec("proportion", label="counted Tomatometer"),
    # the share of a review table's reviews recommending the work (Steam's voted_up)
    "recommended_counted": MetricSpec("proportion", label="counted % recommended"),
    "audience_score": MetricSpec("proportion", label="audience score"),
    "metascore": MetricSpec("mean", 0.0, "Metascore"),
    "game_score": MetricSpec("mean", 0.0, "game score"),
    "user_rating": MetricSpec("mean", 1.0, "user rating"),
    "user_score": MetricSpec("mean", 0.0, "user score"),
    "critic_average_rating": MetricSpec("mean", 0.0, "critics' average rating"),
}
COUNT = MetricSpec("count")


def metric_spec(metric: str) -> MetricSpec:
    """How a metric is interpreted; unknown metrics are counts (no 0-100 score)."""
    return METRICS.get(metric, COUNT)


def half_unit(value_text: str | None) -> float:
    """Half the last displayed digit: '7.6' -> 0.05, '78' -> 0.5; 0 when not shown rounded."""
    if not value_text:
        return 0.0
    text = value_text.replace(",", ".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10.0**-decimals


NO_SAMPLE_SIZE = "none: the page states no sample size"
MEAN_BOUND = "display rounding + distribution-free sampling bound"


def mean_bounds(mean, rounding, scale, n, low: float, level: float):
    """A mean rating's interval on 0-100 (``MEAN_BOUND``): half its last displayed digit
    (``rounding``) plus a sampling bound from the largest variance its range allows
    (Bhatia-Davis), kept within the scale; on numbers or numpy arrays alike."""
    sd_max = np.sqrt(np.maximum((scale - mean) * (mean - low), 0.0))
    half = rounding + z_value(level) * sd_max / np.sqrt(n)
    to100 = 100 / scale
    return np.maximum(low, mean - half) * to100, np.minimum(scale, mean + half) * to100


def score_interval(
    row: dict, settings: Settings = DEFAULT
) -> tuple[float | None, float | None, str]:
    """(ci_low, ci_high, method) on the 0-100 scale for one aggregate row."""
    spec = metric_spec(row["metric"])
    n, scale = row.get("n"), row.get("scale_max")
    if spec.kind == "count" or not scale:
        return None, None, None
    if not n:
        return None, None, NO_SAMPLE_SIZE
    level = settings.confidence_level
    if spec.kind == "proportion":
        if row.get("fresh") is not None:
            lo, hi = wilson_interval(row["fresh"] / n, n, level)
            return 100 * lo, 100 * hi, "Wilson from exact counts"
        half = half_unit(row.get("value_text")) / scale
        p = row["value"] / scale
        lo, _ = wilson_interval(p - half, n, level)
        _, hi = wilson_interval(p + half, n, level)
        return 100 * lo, 100 * hi, "Wilson, widened for display rounding"
    lo, hi = mean_bounds(row["value"], half_unit(row.get("value_text")), scale, n, spec.low, level)
    return float(lo), float(hi), MEAN_BOUND


def normalise_aggregate(row: dict, settings: Settings = DEFAULT) -> dict:
    """Add score_100 and the interval to a parsed aggregate row; drop parser-only keys."""
    spec = metric_spec(row["metric"])
    out = {k: v for k, v in row.items() if k not in {"value_text", "fresh"}}
    scale = row.get("scale_max")
    out["score_100"] = (
        round(100 * row["value"] / scale, 6) if spec.kind != "count" and scale else None
    )
    lo, hi, method = score_interval(row, settings)
    out["ci_low"] = None if lo is None else round(lo, 3)
    out["ci_high"] = None if hi is None else round(hi, 3)
    out["ci_method"] = method
    return out
