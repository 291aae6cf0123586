"""One filtered view of a scored corpus: the data every dashboard page and export uses."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import charts
from analysis.export import NamedChart
from analysis.schema import ScoredReviews, Sentences
from analysis.scoring import ScoredCorpus
from analysis.themes import summarise_mentions
from analysis.views import (
    ExportMeta,
    Filters,
    Tile,
    aggregate_points,
    export_meta,
    filter_aggregates,
    filter_reviews,
    filter_sentences,
    related_view,
    scorecard,
    stance_filter,
)


@dataclass
class View:
    """Everything the dashboard shows for one set of filters."""

    filters: Filters
    reviews: pd.DataFrame
    sentences: pd.DataFrame
    aggregates: pd.DataFrame
    points: pd.DataFrame
    themes: pd.DataFrame
    tiles: list[Tile]
    related: pd.DataFrame
    conflicts: pd.DataFrame
    meta: ExportMeta


def build_view(scored: ScoredCorpus, filters: Filters) -> View:
    """Apply the filters to every table and compute what the pages show."""
    corpus = scored.corpus
    reviews = filter_reviews(scored.reviews, filters)
    kept = np.zeros(len(scored.reviews), dtype=bool)
    kept[scored.reviews.index.get_indexer(reviews.index)] = True
    sentences = filter_sentences(scored.sentences, scored.sentence_review_codes, kept, filters)
    if filters.theme_stance:
        said, keys = stance_filter(scored.mentions, len(scored.reviews), filters)
        reviews = reviews[said[scored.reviews.index.get_indexer(reviews.index)]]
        kept &= said
        S = Sentences
        sentences = sentences[
            pd.MultiIndex.from_frame(sentences[[S.review_id, S.sentence_index]]).isin(keys)
        ]
    aggregates = filter_aggregates(corpus.aggregates, filters)
    if filters.work:
        aggregates = aggregates[aggregates["work_id"].str.startswith(filters.work)]
    conflicts = corpus.conflicts
    if filters.work:
        conflicts = conflicts[conflicts["work_id"].str.startswith(filters.work)]
    mentions = scored.mentions
    if not kept.all():
        mentions = mentions[kept[mentions["_code"].to_numpy()]]
    if filters.themes:
        mentions = mentions[mentions["theme"].isin(filters.themes)]
    themes = summarise_mentions(mentions)
    labels = dict(zip(scored.themes["theme"], scored.themes["label"], strict=True))
    themes = themes.assign(label=themes["theme"].map(labels).fillna(themes["theme"]))
    return View(
        filters=filters, reviews=reviews, sentences=sentences, aggregates=aggregates,
        points=aggregate_points(aggregates, corpus.works, corpus.documents), themes=themes,
        tiles=scorecard(aggregates, corpus.works, reviews),
        related=related_view(corpus.related_titles, corpus.aggregates, filters.work),
        conflicts=conflicts,
        meta=export_meta(corpus.documents, filters, len(reviews), scored.model_version),
    )  # fmt: skip


def view_charts(view: View) -> list[NamedChart]:
    """Every chart of the dashboard for this view (empty data gives no chart)."""
    meta, scorer = view.meta, view.filters.scorer
    out = []
    if len(view.points):
        out.append(NamedChart("aggregate_scores", charts.aggregate_chart(view.points, meta)))
    if len(view.reviews):
        r = view.reviews
        out.append(NamedChart("review_scores", charts.score_distribution(r, scorer, meta)))
        if r[ScoredReviews.date].notna().any():
            out.append(NamedChart("review_timeline", charts.timeline_chart(r, scorer, meta)))
        if r[ScoredReviews.helpful_total].fillna(0).gt(0).any():
            out.append(NamedChart("helpfulness", charts.helpfulness_chart(r, scorer, meta)))
        out.append(NamedChart("vader_vs_model", charts.agreement_chart(r, meta)))
    if len(view.themes):
        out.append(NamedChart("themes", charts.theme_chart(view.themes, meta)))
    if (view.related["kind"] == "related").any():
        out.append(NamedChart("related_titles", charts.related_chart(view.related, meta)))
    return out
