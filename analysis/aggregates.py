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

import math
from dataclasses import dataclass
from statistics import NormalDist

import pandas as pd

from analysis.schema import Aggregates
from analysis.settings import DEFAULT, Settings


@dataclass(frozen=True)
class MetricSpec:
    kind: str  # "proportion", "mean" or "count"
    low: float = 0.0  # lowest possible value, for means
    label: str = ""


METRICS: dict[str, MetricSpec] = {
    "tomatometer": MetricSpec("proportion", label="Tomatometer"),
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


def z_value(level: float) -> float:
    """Two-sided normal quantile for a confidence level (1.96 for 0.95)."""
    return NormalDist().inv_cdf(0.5 + level / 2)


def wilson_interval(p: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``p`` observed in ``n`` trials."""
    if n <= 0:
        msg = f"Wilson interval needs n > 0, got {n}"
        raise ValueError(msg)
    p = min(max(p, 0.0), 1.0)
    z = z_value(level)
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def _half_unit(value_text: str | None) -> float:
    """Half the last displayed digit: '7.6' -> 0.05, '78' -> 0.5; 0 when not shown rounded."""
    if not value_text:
        return 0.0
    text = value_text.replace(",", ".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10.0**-decimals


def score_interval(
    row: dict, settings: Settings = DEFAULT
) -> tuple[float | None, float | None, str]:
    """(ci_low, ci_high, method) on the 0-100 scale for one aggregate row."""
    spec = metric_spec(row["metric"])
    n, scale = row.get("n"), row.get("scale_max")
    if spec.kind == "count" or not scale:
        return None, None, None
    if not n:
        return None, None, "none: the page states no sample size"
    level = settings.confidence_level
    if spec.kind == "proportion":
        if row.get("fresh") is not None:
            lo, hi = wilson_interval(row["fresh"] / n, n, level)
            return 100 * lo, 100 * hi, "Wilson from exact counts"
        half = _half_unit(row.get("value_text")) / scale
        p = row["value"] / scale
        lo, _ = wilson_interval(p - half, n, level)
        _, hi = wilson_interval(p + half, n, level)
        return 100 * lo, 100 * hi, "Wilson, widened for display rounding"
    mean, low = row["value"], spec.low
    sd_max = math.sqrt(max((scale - mean) * (mean - low), 0.0))
    half = _half_unit(row.get("value_text")) + z_value(level) * sd_max / math.sqrt(n)
    to100 = 100 / scale
    lo, hi = max(low, mean - half) * to100, min(scale, mean + half) * to100
    return lo, hi, "display rounding + distribution-free sampling bound"


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


def rank_snapshots(aggregates: pd.DataFrame, doc_rank: dict[str, int]) -> pd.Series:
    """Order of each row among rows of the same work, platform and metric (1 = oldest).

    Counts only grow, so where every row of a group has a sample size the order follows it;
    otherwise dated pages go by date, then by their document's snapshot rank.
    """
    A = Aggregates
    ranks = pd.Series(pd.NA, index=aggregates.index, dtype="Int64")
    for _, group in aggregates.groupby([A.work_id, A.platform, A.metric], sort=False):
        all_n = group[A.n].notna().all()
        all_dated = group[A.as_of].notna().all()
        keys = {
            idx: (
                int(r[A.n]) if all_n else 0,
                str(r[A.as_of]) if all_dated else "",
                doc_rank.get(r[A.document_id], 0),
                r[A.document_id],
            )
            for idx, r in group.iterrows()
        }
        for rank, idx in enumerate(sorted(keys, key=keys.__getitem__), start=1):
            ranks[idx] = rank
    return ranks
