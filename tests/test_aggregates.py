from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.measures.aggregates import normalise_aggregate
from analysis.measures.intervals import wilson_interval, z_value


def test_z_for_95_percent():
    assert z_value(0.95) == pytest.approx(1.959964, abs=1e-6)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [  # reference values from the closed-form Wilson interval (z = 1.96)
        (44, 56, 0.6618, 0.8729),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (50, 100, 0.4038, 0.5962),
    ],
)
def test_wilson_reference_values(successes, n, low, high):
    lo, hi = wilson_interval(successes / n, n)
    assert lo == pytest.approx(low, abs=1e-4)
    assert hi == pytest.approx(high, abs=1e-4)


@given(st.integers(1, 10_000), st.floats(0, 1))
def test_wilson_contains_p_and_stays_in_unit_interval(n, p):
    lo, hi = wilson_interval(p, n)
    assert 0 <= lo <= p + 1e-12
    assert p - 1e-12 <= hi <= 1


def test_wilson_rejects_empty_sample():
    with pytest.raises(ValueError, match="n > 0"):
        wilson_interval(0.5, 0)


def test_rounded_percentage_widens_the_interval():
    exact = normalise_aggregate(
        {"metric": "tomatometer", "value": 78.0, "n": 41, "scale_max": 100.0}
    )
    rounded = normalise_aggregate(
        {"metric": "tomatometer", "value": 78.0, "n": 41, "scale_max": 100.0, "value_text": "78"}
    )
    assert rounded["ci_low"] < exact["ci_low"]
    assert rounded["ci_high"] > exact["ci_high"]


def test_mean_rating_interval_covers_display_rounding_and_sampling():
    row = normalise_aggregate(
        {"metric": "user_rating", "value": 7.6, "n": 62258, "scale_max": 10.0, "value_text": "7.6"}
    )
    assert row["score_100"] == 76.0
    half = 0.05 + 1.959964 * math.sqrt((10 - 7.6) * (7.6 - 1)) / math.sqrt(62258)
    assert row["ci_low"] == pytest.approx(100 * (7.6 - half) / 10, abs=1e-3)
    assert row["ci_high"] == pytest.approx(100 * (7.6 + half) / 10, abs=1e-3)


def test_counts_have_no_score_and_no_interval():
    row = normalise_aggregate({"metric": "fresh_count", "value": 44})
    assert row["score_100"] is None
    assert row["ci_low"] is None
    assert row["ci_method"] is None


@pytest.mark.parametrize(
    ("value", "scale", "expected"), [(7.6, 10, 76), (54.5, 100, 54.5), (3.5, 5, 70)]
)
def test_scores_on_0_to_100(value, scale, expected):
    row = normalise_aggregate({"metric": "user_score", "value": value, "scale_max": float(scale)})
    assert row["score_100"] == pytest.approx(expected)
