"""Uncertainty intervals: Wilson for proportions, Student-t for a mean of scores."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
from scipy.special import stdtrit


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


def mean_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t interval of the mean; no interval (NaN) from fewer than two
    values, or from values that are all alike: the t-interval collapses to a point there
    ("91.6–91.6" from two reviews that both max out the model), certainty two reviews
    cannot give."""
    values = np.asarray(values, dtype=float)
    m = float(values.mean())
    if len(values) < 2 or float(values.max() - values.min()) == 0.0:
        return m, math.nan, math.nan
    half = stdtrit(len(values) - 1, 0.5 + level / 2) * values.std(ddof=1) / math.sqrt(len(values))
    return m, max(0.0, m - half), min(100.0, m + half)
