"""Titles tables joined to the works: names for works known only by an id, and IMDb's
ratings as scores.

A titles table (IMDb's ``title.basics`` and ``title.ratings``, or any table of ids with
names or ratings; ``tables._read_titles``) is kept whole in the ``titles`` table and joined
here, by IMDb id or work id, every time the corpus is assembled or loaded: a title whose
reviews come after the table still gets its name and rating, and a rating is one more
snapshot of IMDb's score beside the pages'.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.measures.aggregates import (
    MEAN_BOUND,
    NO_SAMPLE_SIZE,
    half_unit,
    mean_bounds,
    metric_spec,
)
from analysis.schema import Aggregates, Titles, Works, empty
from analysis.settings import DEFAULT, Settings

T, W = Titles, Works
METRIC = "user_rating"  # the metric a site's rating in a titles table is


def _unnamed(works: pd.DataFrame) -> pd.Series:
    """Works whose title is only their id (a review table's IMDb id, a name's slug)."""
    title = works[W.title]
    return title.isna() | (title == works[W.work_id]) | (title == works[W.imdb_id])


def matched(works: pd.DataFrame, titles: pd.DataFrame) -> pd.DataFrame:
    """The titles rows about the works, each with the ``work_id`` it joins (by the work's
    id, else its IMDb id), in the order read (documents, then lines)."""
    keys = pd.concat(
        [
            pd.Series(works[W.work_id].to_numpy(), index=works[W.work_id].to_numpy()),
            pd.Series(
                works.loc[works[W.imdb_id].notna(), W.work_id].to_numpy(),
                index=works.loc[works[W.imdb_id].notna(), W.imdb_id].to_numpy(),
            ),
        ]
    )
    keys = keys[~keys.index.duplicated()]
    joined = titles.assign(**{W.work_id: titles[T.title_key].map(keys)})
    return joined[joined[W.work_id].notna()].sort_values([T.document_id, T.line], kind="stable")


def join_titles(
    works: pd.DataFrame, titles: pd.DataFrame, settings: Settings = DEFAULT
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The works named by the titles tables (``name_works``) and the titles tables' scores
    of them (``title_scores``), joined once."""
    rows = matched(works, titles)
    if rows.empty:
        return works, empty(Aggregates)
    return name_works(works, rows), title_scores(rows, settings)


def name_works(works: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """``works`` with what the titles tables say of them (``rows``: ``matched``): a work
    known only by its id takes the first name given for it, with its kind and form; any
    work takes a year and an original title it lacks. A name a page or a review table
    gave is never replaced."""
    if rows.empty:
        return works
    out = works.copy()
    ids = out[W.work_id]

    def said(field: str) -> pd.Series:  # each work's first value of a field, by row order
        given = rows.dropna(subset=[field]).drop_duplicates(W.work_id)
        values = ids.map(given.set_index(W.work_id)[field]).astype(object)
        return values.where(values.notna(), None)  # None, not NaN, into text columns

    named = _unnamed(out) & said(T.title).notna()
    out.loc[named, W.title] = said(T.title)[named]
    # the table's kind of title (IMDb's titleType) over the one read off reviews' words;
    # its form with it (a "movie" is no TV form)
    kinded = named & said(T.kind).notna()
    out.loc[kinded, W.kind] = said(T.kind)[kinded]
    out.loc[kinded, W.form] = said(T.form)[kinded]
    for field in (W.year, W.original_title):
        lacking = out[field].isna() & said(field).notna()
        out.loc[lacking, field] = said(field)[lacking]
    same = out[W.original_title] == out[W.title]  # IMDb repeats the title when not foreign
    out.loc[same & named, W.original_title] = None
    return Works.validate(out)


def title_scores(rows: pd.DataFrame, settings: Settings = DEFAULT) -> pd.DataFrame:
    """An aggregate row (``schema.Aggregates``, normalised as ``normalise_aggregate``
    would) per titles row (``matched``) with a site's rating: IMDb's user rating on its
    1-10 scale, with its vote count for the interval; as of no date (the table does not
    say when it was exported). Computed for all rows at once: a titles table rates every
    title of a 14,000-title store (0.35 s one row at a time, of a 3 s start)."""
    A = Aggregates
    rated = rows[rows[T.rating].notna() & rows[T.platform].notna()]
    if rated.empty:
        return empty(Aggregates)
    value = rated[T.rating].to_numpy(dtype=float)
    scale = rated[T.rating_scale].to_numpy(dtype=float)
    votes = rated[T.votes].astype("Int64")
    n = votes.to_numpy(dtype=float, na_value=np.nan)
    rounding = rated[T.rating_text].map(half_unit).to_numpy(dtype=float)
    level = settings.confidence_level
    with np.errstate(invalid="ignore", divide="ignore"):  # no votes: no interval, below
        lo, hi = mean_bounds(value, rounding, scale, n, metric_spec(METRIC).low, level)
    counted = n > 0
    counts = [f" from {v:,} votes" if c else "" for v, c in zip(votes, counted, strict=True)]
    said = rated[T.rating_text] + "/" + rated[T.rating_scale].map("{:g}".format) + counts
    out = pd.DataFrame(
        {
            A.work_id: rated[W.work_id],
            A.platform: rated[T.platform],
            A.metric: METRIC,
            A.value: value,
            A.scale_max: scale,
            A.score_100: np.round(100 * value / scale, 6),
            A.n: votes.where(counted),
            A.ci_low: np.where(counted, np.round(lo, 3), np.nan),
            A.ci_high: np.where(counted, np.round(hi, 3), np.nan),
            A.ci_method: np.where(counted, MEAN_BOUND, NO_SAMPLE_SIZE),
            A.derived: False,
            A.document_id: rated[T.document_id],
            A.as_of: None,
            A.snapshot_rank: pd.NA,
            A.quote: said + " (titles table, line " + rated[T.line].astype(str) + ")",
        }
    )
    return Aggregates.validate(out.reset_index(drop=True))
