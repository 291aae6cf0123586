"""The sidebar's filters (with their URL-query codec) and how they select rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from analysis.labels import SCORER_LABELS, platform_label, sentiment_100
from analysis.schema import (
    SENTIMENT_100,
    SENTIMENT_LABELS,
    Aggregates,
    Mentions,
    ScoredReviews,
    Sentences,
)
from analysis.text import contains_ignoring_case


@dataclass(frozen=True)
class Filters:
    """Every sidebar filter; round-trips through URL query parameters."""

    sources: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    scorer: str = "model"
    score_min: float = 0.0
    score_max: float = 100.0
    date_from: str | None = None
    date_to: str | None = None
    search: str = ""
    min_helpful: int = 0
    work: str | None = None
    # keep reviews whose mention of the chosen themes (any theme if none chosen) is labelled
    # this way: "negative" + themes=("story",) = reviews that dislike the story
    theme_stance: str = ""

    _LISTS = ("sources", "themes", "labels")

    def to_query(self) -> dict[str, str]:
        """Only the non-default filters, as strings (lists comma-joined)."""
        default = Filters()
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value == getattr(default, f.name):
                continue
            out[f.name] = ",".join(value) if f.name in self._LISTS else str(value)
        return out

    @classmethod
    def from_query(cls, params: dict) -> Filters:
        """Filters from query parameters; unknown keys are ignored, bad values fall back."""
        kw: dict = {}
        for f in fields(cls):
            if f.name not in params:
                continue
            raw = params[f.name]
            raw = raw[-1] if isinstance(raw, list) else str(raw)
            try:
                kw[f.name] = _parse_field(f.name, raw)
            except (TypeError, ValueError):
                continue
        if kw.get("theme_stance") not in (None, *SENTIMENT_LABELS):
            kw.pop("theme_stance")
        filters = cls(**kw)
        return filters if filters.scorer in SCORER_LABELS else cls(**(kw | {"scorer": "model"}))

    @property
    def is_set(self) -> bool:
        """Whether any filter is in force (anything ``chips`` would list)."""
        return bool(self.chips())

    def chips(
        self, names: dict[str, str] | None = None, theme_labels: dict[str, str] | None = None
    ) -> list[str]:
        """Human-readable chips for the filters in force (the title by its name when
        ``names`` has it, each theme by its label when ``theme_labels`` has it)."""
        themes = ", ".join((theme_labels or {}).get(t, t) for t in self.themes)
        chips = []
        if self.work:
            chips.append(f"title: {(names or {}).get(self.work, self.work)}")
        if self.sources:
            chips.append("sources: " + ", ".join(platform_label(s) for s in self.sources))
        if self.themes:
            chips.append("themes: " + themes)
        if self.theme_stance:
            chips.append(f"says something {self.theme_stance} about " + (themes or "a theme"))
        if self.labels:
            chips.append(f"{self.scorer} label: " + ", ".join(self.labels))
        if (self.score_min, self.score_max) != (0.0, 100.0):
            chips.append(f"{self.scorer} score {self.score_min:g}–{self.score_max:g}")
        if self.date_from or self.date_to:
            chips.append(f"dates {self.date_from or '…'} to {self.date_to or '…'}")
        if self.search:
            chips.append(f'text contains "{self.search}"')
        if self.min_helpful:
            chips.append(f"≥ {self.min_helpful} helpful votes")
        return chips


def _parse_field(name: str, raw: str) -> object:
    if name in Filters._LISTS:
        return tuple(v for v in raw.split(",") if v)
    if name in {"score_min", "score_max"}:
        value = float(raw)
        if not 0 <= value <= 100:
            msg = f"{name} out of 0-100"
            raise ValueError(msg)
        return value
    if name == "min_helpful":
        return max(0, int(raw))
    return raw or None if name in {"date_from", "date_to", "work"} else raw


def has_theme(themes: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    """True where a ';'-joined theme list holds any of ``wanted`` (vectorised)."""
    alternatives = "|".join(re.escape(t) for t in wanted)
    return themes.fillna("").str.contains(rf"(?:^|;)(?:{alternatives})(?:;|$)", regex=True)


def label_column(scorer: str) -> str:
    return ScoredReviews.vader_label if scorer == "vader" else ScoredReviews.model_label


def filter_reviews(
    reviews: pd.DataFrame, filters: Filters, without: tuple[str, ...] = ()
) -> pd.DataFrame:
    """The reviews that pass every filter, with ``sentiment_100`` for the chosen scorer,
    less the columns ``without`` (still searched: a view leaves the text out, and copying
    a third of 100,000 reviews' text took half of a filter change's time)."""
    df = reviews.assign(**{SENTIMENT_100: sentiment_100(reviews, filters.scorer)})
    keep = passing(df, filters)
    if without:  # the columns chosen first: only the others' rows are copied
        df = df[[c for c in df.columns if c not in without]]
    return df[keep]


def passing(df: pd.DataFrame, filters: Filters) -> pd.Series:
    """Which reviews (carrying ``sentiment_100``) pass every filter."""
    R = ScoredReviews
    keep = pd.Series(True, index=df.index)
    if filters.work:
        keep &= df[R.work_id] == filters.work
    if filters.sources:
        keep &= df[R.source].isin(filters.sources)
    if filters.themes:
        keep &= has_theme(df[R.themes], filters.themes)
    if filters.labels:
        keep &= df[label_column(filters.scorer)].isin(filters.labels)
    keep &= df[SENTIMENT_100].between(filters.score_min, filters.score_max)
    if filters.date_from:
        keep &= df[R.date].fillna("") >= filters.date_from
    if filters.date_to:
        keep &= df[R.date].fillna("9999") <= filters.date_to
    if filters.search:  # in the text, title or author, ignoring case (vectorised in Arrow)
        found = np.zeros(len(df), dtype=bool)
        for col in (R.text, R.title, R.author):
            found |= contains_ignoring_case(df[col], filters.search)
        keep &= found
    if filters.min_helpful:
        keep &= df[R.helpful_yes].fillna(-1) >= filters.min_helpful
    return keep


def filter_sentences(
    sentences: pd.DataFrame, review_codes: np.ndarray, kept: np.ndarray, filters: Filters
) -> pd.DataFrame:
    """Sentences of the kept reviews; with a theme filter, only sentences of those themes.

    ``review_codes`` gives each sentence's review position and ``kept`` which reviews passed
    (a lookup, not a string join: fast on a million sentences)."""
    S = Sentences
    out = sentences if kept.all() else sentences[kept[review_codes]]
    if filters.themes:
        out = out[has_theme(out[S.themes], filters.themes)]
    return out


def stance_filter(
    mentions: pd.DataFrame, n_reviews: int, filters: Filters
) -> tuple[np.ndarray, pd.MultiIndex]:
    """Reviews (a mask over positions ``_code``) and sentences ((review_id, sentence_index))
    with a mention of the filtered themes labelled ``filters.theme_stance``."""
    M = Mentions
    sel = mentions[M.mention_label] == filters.theme_stance
    if filters.themes:
        sel &= mentions[M.theme].isin(filters.themes)
    hits = mentions[sel]
    mask = np.zeros(n_reviews, dtype=bool)
    mask[hits["_code"].to_numpy()] = True
    return mask, pd.MultiIndex.from_frame(hits[[M.review_id, M.sentence_index]])


def filter_aggregates(aggregates: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    A = Aggregates
    out = aggregates
    if filters.sources:
        out = out[out[A.platform].isin(filters.sources)]
    return out


def filter_options(scored) -> dict[str, list]:
    """Choices for the sidebar widgets."""
    r, a = scored.reviews, scored.corpus.aggregates
    dates = r[ScoredReviews.date].dropna()
    return {
        # distinct values first (Arrow's hash): iterating 100k values in Python took 0.2 s
        "sources": sorted(
            set(r[ScoredReviews.source].unique()) | set(a[Aggregates.platform].unique())
        ),
        "themes": list(scored.theme_labels),
        # how the Themes page names each (the filter's values stay names: they go in the URL)
        "theme_labels": scored.theme_labels,
        "dates": (dates.min(), dates.max()) if len(dates) else (None, None),
        "max_helpful": int(r[ScoredReviews.helpful_yes].max())
        if r[ScoredReviews.helpful_yes].notna().any()
        else 0,
    }
