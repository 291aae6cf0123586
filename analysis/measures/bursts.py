"""Review bursts: weeks when a title got far more reviews than usual and their sentiment
moved away from the title's own (review-bombing when it fell, hype when it rose)."""

from __future__ import annotations

import pandas as pd

MIN_REVIEWS = 5  # a burst week has at least this many reviews ...
VOLUME_RATIO = 3.0  # ... and at least this many times the title's median week ...
SHIFT = 15.0  # ... and a mean score this far (0-100) from the title's mean
BURST_RULE = (
    f"A burst is a week with at least {MIN_REVIEWS} reviews and at least {VOLUME_RATIO:g}× the "
    "title's median weekly volume (over weeks with reviews), whose mean score differs from "
    f"the title's mean by {SHIFT:g} points or more on 0–100: 'review-bombing' when lower, "
    "'hype' when higher."
)
BURST_COLUMNS = [
    "work_id",
    "week",
    "reviews",
    "usual",
    "week_score",
    "title_score",
    "shift",
    "kind",
]


def review_bursts(
    reviews: pd.DataFrame,
    score: pd.Series,
    min_reviews: int = MIN_REVIEWS,
    volume_ratio: float = VOLUME_RATIO,
    shift: float = SHIFT,
) -> pd.DataFrame:
    """The burst weeks of every title in ``reviews`` (``BURST_COLUMNS``); ``score`` is each
    review's score on 0-100 (aligned with ``reviews``). Undated reviews take no part."""
    dated = pd.DataFrame(
        {
            "work_id": reviews["work_id"],
            "date": pd.to_datetime(reviews["date"], errors="coerce"),
            "score": score,
        }
    ).dropna(subset=["date", "score"])
    if dated.empty:
        return pd.DataFrame(columns=BURST_COLUMNS)
    dated["week"] = dated["date"].dt.to_period("W-SUN").dt.start_time
    title_score = dated.groupby("work_id")["score"].mean()
    weeks = (
        dated.groupby(["work_id", "week"])
        .agg(reviews=("score", "size"), week_score=("score", "mean"))
        .reset_index()
    )
    weeks["usual"] = weeks.groupby("work_id")["reviews"].transform("median")
    weeks["title_score"] = weeks["work_id"].map(title_score)
    weeks["shift"] = weeks["week_score"] - weeks["title_score"]
    burst = weeks[
        (weeks["reviews"] >= min_reviews)
        & (weeks["reviews"] >= volume_ratio * weeks["usual"])
        & (weeks["shift"].abs() >= shift)
    ].copy()
    burst["kind"] = burst["shift"].map(lambda s: "review-bombing" if s < 0 else "hype")
    return burst[BURST_COLUMNS].reset_index(drop=True)
