"""The scorecard: every published score's latest snapshot, and the reviews' own score."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.typing import DataFrame

from analysis.labels import document_labels, level_text, metric_label, platform_label
from analysis.measures.intervals import mean_interval
from analysis.schema import AggregatePoints, Aggregates, ScoredReviews, Works, empty
from analysis.settings import DEFAULT, Settings
from analysis.views.titles import title_names


def raw_form(row: pd.Series) -> str:
    """The score as the page shows it: '7.6/10 (62,258 votes)', '44 of 56 fresh'."""
    A = Aggregates
    v, n, metric = row[A.value], row[A.n], row[A.metric]
    has_n = not pd.isna(n)
    if metric in {"tomatometer", "tomatometer_counted"} and bool(row[A.derived]) and has_n:
        return f"{round(v * n / 100):,} of {int(n):,} fresh"
    if metric == "recommended_counted" and has_n:
        return f"{round(v * n / 100):,} of {int(n):,} recommend"
    if metric in {"tomatometer", "audience_score", "game_score"}:
        return f"{v:g}%" + (f" of {int(n):,}" if has_n else "")
    scale = row[A.scale_max]
    text = f"{v:g}/{scale:g}" if not pd.isna(scale) else f"{v:g}"
    if has_n:
        text += f" ({int(n):,} {'votes' if metric == 'user_rating' else 'reviews'})"
    return text


@pa.check_types
def aggregate_points(
    aggregates: pd.DataFrame,
    works: pd.DataFrame,
    documents: pd.DataFrame | None = None,
) -> DataFrame[AggregatePoints]:
    """Scores (not counts) on 0-100, one row per snapshot, in display order, from a
    corpus's ``Aggregates`` and ``Works`` (validated when the corpus was made, so not again
    on every rerun; the points this returns are checked)."""
    A, W = Aggregates, Works
    scores = aggregates[aggregates[A.score_100].notna()].copy()
    if scores.empty:
        return empty(AggregatePoints)
    titles = works.set_index(W.work_id)
    names = title_names(works)  # 'Title (year)', a game's platform after it
    scores["work"] = scores[A.work_id].map(names).fillna(scores[A.work_id])
    scores["series"] = [
        f"{platform_label(p)} · {metric_label(m)}"
        for p, m in zip(scores[A.platform], scores[A.metric], strict=True)
    ]
    scores["raw"] = scores.apply(raw_form, axis=1)
    scores["snapshot"] = [
        (f"as of {d}" if isinstance(d, str) else f"snapshot {int(r)}")
        for d, r in zip(scores[A.as_of], scores[A.snapshot_rank], strict=True)
    ]
    kinds = (
        {}
        if documents is None
        else dict(zip(documents["document_id"], documents["kind"], strict=True))
    )
    platforms = titles[W.platform_variant].where(titles[W.kind] == "video_game")
    variant = [  # a game's platform, where its page names one
        "" if pd.isna(p) else f" ({p} game)" for p in scores[A.work_id].map(platforms)
    ]
    # each page cited as everywhere else ('IMDb page (snapshot 2)' for a later undated
    # capture), so a row names the page the Sources line and the conflicts table name
    pages = document_labels(documents) if documents is not None else {}
    source = [
        pages.get(d)
        or f"{platform_label(kinds.get(d, 'page'))} page" + (f", {a}" if isinstance(a, str) else "")
        for d, a in zip(scores[A.document_id], scores[A.as_of], strict=True)
    ]
    scores["row"] = [
        f"{s}{v} — {r} · {src}"
        for s, v, r, src in zip(scores["series"], variant, scores["raw"], source, strict=True)
    ]
    scores["page"] = source
    scores = scores.sort_values(["work", "series", A.snapshot_rank])
    keep = [
        "series",
        "snapshot",
        "row",
        A.platform,
        "work",
        A.score_100,
        A.ci_low,
        A.ci_high,
        "raw",
        A.n,
        A.as_of,
        A.document_id,
        "page",
        A.quote,
        A.derived,
        A.ci_method,
        A.snapshot_rank,
    ]
    return scores[keep].rename(columns={A.platform: "platform"}).reset_index(drop=True)


@dataclass
class Tile:
    """One scorecard tile."""

    work: str
    platform: str
    title: str
    score_100: float | None
    raw: str
    n: int | None
    interval: str
    as_of: str
    snapshots: int
    help: str = ""


def scorecard(
    points: pd.DataFrame, reviews: pd.DataFrame, settings: Settings = DEFAULT
) -> list[Tile]:
    """The latest snapshot of every score (``points``, from ``aggregate_points``), plus the
    reviews' own text score."""
    tiles: list[Tile] = []
    for (work, series), g in points.groupby(["work", "series"], sort=False):
        latest = g.iloc[-1]
        ci = (
            f"{level_text(settings)} interval {latest['ci_low']:.1f}–{latest['ci_high']:.1f}"
            if not pd.isna(latest["ci_low"])
            else "no interval: sample size not stated"
        )
        as_of = (
            latest["as_of"]
            if isinstance(latest["as_of"], str)
            else f"snapshot {int(latest['snapshot_rank'])} of {len(g)}"
        )
        tiles.append(
            Tile(
                work,
                latest["platform"],
                series,
                float(latest["score_100"]),
                latest["raw"],
                None if pd.isna(latest["n"]) else int(latest["n"]),
                ci,
                as_of,
                len(g),
                help=f"{latest['ci_method'] or ''}. Source: {latest['page']}. “{latest['quote'][:160]}”",
            )
        )
    if len(reviews):
        m, lo, hi = mean_interval(
            reviews[ScoredReviews.text_score_100].to_numpy(), settings.confidence_level
        )
        ci = (
            f"{level_text(settings)} interval {lo:.1f}–{hi:.1f}"
            + (  # the whole scale: say why, not only the bounds
                f": {len(reviews)} reviews this far apart are too few to narrow it"
                if round(lo, 1) <= 0 and round(hi, 1) >= 100
                else ""
            )
            if not math.isnan(lo)
            else "one review: no interval"
            if len(reviews) == 1
            else f"no interval: all {len(reviews)} reviews score {m:.1f}"
        )
        tiles.append(
            Tile(
                "Reviews shown",
                "reviews",
                "Review text score (model)",
                m,
                f"mean of {len(reviews)} review{'s' if len(reviews) != 1 else ''}",
                len(reviews),
                ci,
                "from the review texts",
                1,
                help="The trained model's 0-100 text score, averaged over the filtered reviews; t-interval of the mean.",
            )
        )
    return tiles
