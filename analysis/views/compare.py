"""Two or more titles side by side."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.charts.export import ExportMeta
from analysis.labels import SCORE, document_labels, shown_as, span
from analysis.measures.intervals import mean_interval, wilson_interval
from analysis.schema import (
    Aggregates,
    CompareScores,
    Documents,
    Mentions,
    ScoredReviews,
    ThemeProfile,
    columns,
)
from analysis.views.scorecard import aggregate_points
from analysis.views.titles import names_of


def compare_meta(scored, work_ids: list[str]) -> ExportMeta:
    """What a comparison's charts and exports say about themselves: the documents the
    compared titles' reviews and scores come from, which titles, the reviews counted (every
    review of each title: the sidebar's filters do not apply to a comparison) and the
    model."""
    R, A, D = ScoredReviews, Aggregates, Documents
    reviews = scored.reviews[scored.reviews[R.work_id].isin(work_ids)]
    aggregates = scored.corpus.aggregates
    used = set(reviews[R.document_id]) | set(
        aggregates.loc[aggregates[A.work_id].isin(work_ids), A.document_id]
    )
    documents = scored.corpus.documents
    cited = document_labels(documents[documents[D.document_id].isin(used)], among=documents)
    names = names_of(scored.corpus.works, work_ids)
    said = [
        "titles compared: " + ", ".join(names[w] for w in work_ids),
        "every review of each title (the sidebar's filters do not apply)",
    ]
    return ExportMeta(
        list(cited.values()),
        said,
        len(reviews),
        scored.model_version,
        scored.settings.confidence_level,
    )


def compare_titles(scored, work_ids: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two or more titles side by side: (scores, theme profiles).

    Scores: each title's latest snapshot of every platform score plus its reviews' mean text
    score (with a t-interval); themes: positive share of each theme's mentions, with Wilson
    intervals, for each title."""
    names = names_of(scored.corpus.works, work_ids)
    level = scored.settings.confidence_level
    points = aggregate_points(
        scored.corpus.aggregates[scored.corpus.aggregates[Aggregates.work_id].isin(work_ids)],
        scored.corpus.works,
    )
    rows = []
    if len(points):
        latest = points.groupby(["work", "series"], sort=False).tail(1)
        for r in latest.itertuples():
            rows.append(
                {
                    "title": r.work,
                    "measure": r.series,
                    "score_100": r.score_100,
                    "ci_low": r.ci_low,
                    "ci_high": r.ci_high,
                    "n": r.n,
                }
            )
    R, M = ScoredReviews, Mentions
    reviews = scored.reviews[scored.reviews[R.work_id].isin(work_ids)]
    for wid, g in reviews.groupby(R.work_id):
        m, lo, hi = mean_interval(g[R.text_score_100].to_numpy(), level)
        rows.append(
            {
                "title": names[wid],
                "measure": "Review text score (model)",
                "score_100": m,
                "ci_low": lo,
                "ci_high": hi,
                "n": len(g),
            }
        )
    scores = CompareScores.validate(pd.DataFrame(rows, columns=columns(CompareScores)))
    mentions = scored.mentions
    codes = (
        scored.reviews[R.work_id].to_numpy()[mentions["_code"].to_numpy()]
        if len(mentions)
        else np.array([])
    )
    mine = mentions.assign(**{R.work_id: codes})
    mine = mine[mine[R.work_id].isin(work_ids)]
    labels = scored.theme_labels  # as the Themes page names them
    prof = []
    for (wid, theme), g in mine.groupby([R.work_id, M.theme]):
        pos = int((g[M.mention_label] == "positive").sum())
        lo, hi = wilson_interval(pos / len(g), len(g), level)
        prof.append(
            {
                "title": names[wid],
                "theme": labels.get(theme, theme),
                "mentions": len(g),
                "positive_share": pos / len(g),
                "share_low": lo,
                "share_high": hi,
            }
        )
    themes = ThemeProfile.validate(pd.DataFrame(prof, columns=columns(ThemeProfile)))
    return scores, themes


def compare_rows(scores: pd.DataFrame) -> pd.DataFrame:
    """The compared scores as shown: one decimal (a number, ``shown_as``), intervals as
    'low–high', the sample size a whole number (the page adds the commas); headers that
    read as words."""
    C = CompareScores
    return pd.DataFrame(
        {
            "Title": scores[C.title],
            "Measure": scores[C.measure],
            "Score (0–100)": scores[C.score_100],
            "Interval": [
                span(a, b) for a, b in zip(scores[C.ci_low], scores[C.ci_high], strict=True)
            ],
            "Sample size": scores[C.n].round().astype("Int64"),
        }
    ).pipe(shown_as, {"Score (0–100)": SCORE})
