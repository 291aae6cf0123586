"""The Titles view: every title in the corpus with how it was received, one row each.

For a store of thousands of titles this is the starting point: how many reviews each has,
their mean text score with its interval, the share that is positive, how divided the
reviewers are, the latest published score per platform, and the gap between critics and
users (with an interval). Everything is computed in grouped, vectorised steps (no loop
over titles), so 14,000 titles take well under a second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import stdtrit

from analysis.labels import (
    SCORE,
    SHARE,
    SIGNED,
    metric_label,
    number,
    pct,
    platform_label,
    shown_as,
    span,
)
from analysis.schema import Aggregates, ScoredReviews, TitleTable, Works, columns
from analysis.text import is_in

T = TitleTable

# published scores that speak for critics (first found wins), each on 0-100
# a critics' score, in the order the Titles table prefers one (a Tomatometer counted from a
# table's critic reviews only where no published score is there)
CRITIC_METRICS = (
    "metascore",
    "tomatometer",
    "critic_average",
    "game_score",
    "tomatometer_counted",
)

# published scores that speak for users, in the order the Titles table prefers one (IMDb's
# rating, as a titles table gives it for every title, before an audience score)
USER_METRICS = ("user_rating", "audience_score", "user_score", "recommended_counted")


def title_names(works: pd.DataFrame) -> pd.Series:
    """'Title (year)' per work id, a game's platform after it as the scorecard writes it
    ('The City of Lost Children — PC game': one name per variant); the id itself where
    nothing names the work."""
    W = Works
    year = works[W.year]
    title = works[W.title].fillna(works[W.work_id]).astype(str)
    named = title + np.where(year.notna(), " (" + year.astype("Int64").astype(str) + ")", "")
    platform = works[W.platform_variant]
    game = (works[W.kind] == "video_game").to_numpy(bool) & platform.notna().to_numpy(bool)
    named = named + np.where(game, " — " + platform.fillna("").astype(str) + " game", "")
    return pd.Series(named.to_numpy(), index=works[W.work_id].to_numpy()).groupby(level=0).first()


def names_of(works: pd.DataFrame, work_ids) -> dict[str, str]:
    """``title_names`` of these works only (each id that nothing names stays the id)."""
    wanted = list(work_ids)
    named = title_names(works[works[Works.work_id].isin(wanted)])
    return {w: named.get(w, w) for w in wanted}


def _latest(aggregates: pd.DataFrame) -> pd.DataFrame:
    """Each (work, platform, metric)'s latest snapshot: the highest rank (``rank_snapshots``
    numbers them from 1, the oldest), as the scorecard's tiles take it."""
    A = Aggregates
    if aggregates.empty:
        return aggregates
    a = aggregates[aggregates[A.score_100].notna()].copy()
    a["_rank"] = a[A.snapshot_rank].fillna(1).astype(int)
    latest_first = a.sort_values("_rank", ascending=False, kind="stable")
    return latest_first.groupby([A.work_id, A.platform, A.metric], sort=False).head(1)


def _first_of(latest: pd.DataFrame, metrics: tuple[str, ...]) -> pd.DataFrame:
    """Each work's latest score of the first of ``metrics`` it has, by work id (the
    columns of ``Aggregates``; an empty frame with them where no work has one)."""
    A = Aggregates
    rows = latest[latest[A.metric].isin(metrics)]
    order = rows[A.metric].map(metrics.index)
    first = rows.assign(_order=order).sort_values("_order", kind="stable").groupby(A.work_id)
    return first.head(1).set_index(A.work_id).reindex(columns=columns(Aggregates))


def titles_table(scored, reviews: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per title with reviews or published scores (``schema.TitleTable``), most
    reviewed first. ``divided``: the smaller of the positive and negative shares over the
    larger (0 = reviewers agree, 1 = split down the middle; none for a single review).
    ``gap``: critics minus the reviews' mean text score, both on 0-100, with an interval
    from both intervals.
    ``reviews``: the reviews the review columns count (those passing the sidebar's filters;
    all of them by default)."""
    R, A, W = ScoredReviews, Aggregates, Works
    reviews = scored.reviews if reviews is None else reviews
    works = scored.corpus.works
    level = scored.settings.confidence_level
    g = reviews.groupby(R.work_id, sort=False)
    score = g[R.text_score_100]
    n = g.size()
    mean, sd = score.mean(), score.std(ddof=1)
    tq = pd.Series(stdtrit(np.maximum(n - 1, 1), 0.5 + level / 2), index=n.index)
    spread = score.max() - score.min()  # alike: no interval, as ``mean_interval`` says
    half = (tq * sd / np.sqrt(n)).where((n >= 2) & (spread > 0))
    label = reviews[R.model_label]
    pos = (label == "positive").groupby(reviews[R.work_id], sort=False).sum()
    neg = (label == "negative").groupby(reviews[R.work_id], sort=False).sum()
    hi = np.maximum(pos, neg)
    out = pd.DataFrame(
        {
            T.reviews: n,
            T.text_score: mean,
            T.score_low: (mean - half).clip(lower=0),
            T.score_high: (mean + half).clip(upper=100),
            T.positive_share: pos / n,
            # one review cannot disagree with itself: no figure ("0%" read as agreement)
            T.divided: (np.minimum(pos, neg) / hi.where(hi > 0)).fillna(0.0).where(n >= 2),
        }
    )
    latest = _latest(scored.corpus.aggregates)
    critics, users = _first_of(latest, CRITIC_METRICS), _first_of(latest, USER_METRICS)
    ids = pd.Index(sorted(set(out.index) | set(critics.index) | set(users.index)))
    out = out.reindex(ids)
    out[T.reviews] = out[T.reviews].fillna(0).astype(int)
    crit = critics.reindex(ids)
    for score, source, n, (low, high), given in (
        (T.critics, T.critics_source, T.critics_n, (T.critics_low, T.critics_high), crit),
        (T.users, T.users_source, T.users_n, (T.users_low, T.users_high), users.reindex(ids)),
    ):
        out[score] = given[A.score_100]
        out[n] = given[A.n].astype("Int64")
        out[low], out[high] = given[A.ci_low], given[A.ci_high]
        out[source] = (given[A.platform].astype(str) + " " + given[A.metric].astype(str)).where(
            out[score].notna()
        )
    c_low = out[T.critics_low].fillna(out[T.critics])
    c_high = out[T.critics_high].fillna(out[T.critics])
    out[T.gap] = out[T.critics] - out[T.text_score]
    # both intervals' half-widths combined in quadrature (independent samples)
    c_half = (c_high - c_low) / 2
    u_half = (out[T.score_high] - out[T.score_low]) / 2
    gap_half = np.sqrt(c_half**2 + u_half**2)
    out[T.gap_low], out[T.gap_high] = out[T.gap] - gap_half, out[T.gap] + gap_half
    names = title_names(works)
    one = works.drop_duplicates(W.work_id).set_index(W.work_id)
    id_series = pd.Series(ids, index=ids)
    out.insert(0, T.work_id, ids)
    out.insert(1, T.title, id_series.map(names).fillna(id_series).to_numpy())
    out.insert(2, T.kind, id_series.map(one[W.kind]).fillna("film").to_numpy())
    out.insert(3, T.form, id_series.map(one[W.form]).to_numpy())
    out = out.sort_values([T.reviews, T.title], ascending=[False, True], ignore_index=True)
    return TitleTable.validate(out[columns(TitleTable)])


CRITICS_COLUMNS = (
    "Critics",
    "Critics' interval",
    "Critics from",
    "Critics − users",
    "Gap interval",
)
USERS_COLUMNS = ("Users' rating", "Users' interval", "Rating from")


def spans(table: pd.DataFrame, low: str, high: str) -> list[str]:
    """Each row's interval from two of its columns as shown ('49.1–49.6', ``span``)."""
    return [span(a, b) for a, b in zip(table[low], table[high], strict=True)]


def title_rows(
    table: pd.DataFrame, critics: bool = True, users: bool = True, first: str = "critics"
) -> pd.DataFrame:
    """The titles table as shown: names; scores and shares kept numbers, shown to one
    decimal and as percentages (``shown_as``); intervals as 'low–high'. Without
    ``critics`` (no title of the collection has a published critics' score) the four
    critics columns, empty on every row, are left out; without ``users`` (none has a
    published users' rating) the two users' columns. ``first``: which of the two groups
    comes first (``first_group``)."""

    def where_from(column: str, n_column: str, metric: bool) -> list[str]:
        """Each row's "Site metric, n = N" ("IMDb, n = N" without ``metric``: a site has
        one users' rating), the sample size where the page gives one."""
        out = []
        for s, n in zip(table[column], table[n_column], strict=True):
            if not isinstance(s, str):
                out.append("")
                continue
            platform, name = s.split(" ", 1)
            counted = ", counted" if name.endswith("_counted") else ""
            label = platform_label(platform) + (f" {metric_label(name)}" if metric else counted)
            out.append(label if pd.isna(n) else f"{label}, n = {int(n):,}")
        return out

    shown = {
        "Title": table[T.title],
        # what the page says the work is ("TV series", "TV episode"), else film or game
        "Kind": table[T.form].fillna(table[T.kind].map({"film": "film", "video_game": "game"})),
        "Reviews": table[T.reviews].astype(int),
        "Text score": table[T.text_score],
        "Interval": spans(table, T.score_low, T.score_high),
        "Positive": table[T.positive_share] * 100,
        "Divided": table[T.divided] * 100,
    }
    formats = {"Text score": SCORE, "Positive": SHARE, "Divided": SHARE}
    groups = {}
    if users:
        users_from = where_from(T.users_source, T.users_n, metric=False)
        users_span = spans(table, T.users_low, T.users_high)
        groups["users"] = dict(
            zip(USERS_COLUMNS, [table[T.users], users_span, users_from], strict=True)
        )
        formats |= {USERS_COLUMNS[0]: SCORE}
    if critics:
        groups["critics"] = dict(
            zip(
                CRITICS_COLUMNS,
                [
                    table[T.critics],
                    spans(table, T.critics_low, T.critics_high),
                    where_from(T.critics_source, T.critics_n, metric=True),
                    table[T.gap],
                    spans(table, T.gap_low, T.gap_high),
                ],
                strict=True,
            )
        )
        formats |= {"Critics": SCORE, "Critics − users": SIGNED}
    for name in sorted(groups, key=lambda g: g != first):
        shown |= groups[name]
    return shown_as(pd.DataFrame(shown).reset_index(drop=True), formats)


def first_group(table: pd.DataFrame) -> str:
    """Which columns the Titles table shows first, "critics" or "users": those more titles
    of the collection have (a screen shows the first few; a store of IMDb's data sets has a
    users' rating for every title and a critics' score for the few with pages)."""
    return "users" if table[T.users].notna().sum() > table[T.critics].notna().sum() else "critics"


def has_critics(table: pd.DataFrame) -> bool:
    """Whether any title of the titles table has a published critics' score."""
    return bool(table[T.critics].notna().any())


def has_users(table: pd.DataFrame) -> bool:
    """Whether any title of the titles table has a published users' rating."""
    return bool(table[T.users].notna().any())


SORTS = {
    "reviews": (T.reviews, False),
    "best received": (T.text_score, False),
    "worst received": (T.text_score, True),
    "most divided": (T.divided, False),
    "critics above users": (T.gap, False),
    "users above critics": (T.gap, True),
    "best rated by users": (T.users, False),
    "worst rated by users": (T.users, True),
    "title": (T.title, True),
}


CRITICS_SORTS = ("critics above users", "users above critics")
USERS_SORTS = ("best rated by users", "worst rated by users")


def title_sorts(critics: bool = True, users: bool = True) -> list[str]:
    """The orders the Titles table offers (``SORTS``); without ``critics`` (no published
    critics' score in the collection) none that sorts by the critics' gap, without
    ``users`` (no published users' rating) none that sorts by it."""
    return [
        k for k in SORTS if (critics or k not in CRITICS_SORTS) and (users or k not in USERS_SORTS)
    ]


def matching_titles(table: pd.DataFrame, search: str = "", sort: str = "reviews") -> pd.DataFrame:
    """The titles ``search`` matches (name or id, case-insensitive, plain text), sorted by
    one of ``SORTS`` (titles without the value last)."""
    rows = table
    if search.strip():
        needle = search.strip().lower()
        hit = rows[T.title].str.lower().str.contains(needle, regex=False) | rows[
            T.work_id
        ].str.lower().str.contains(needle, regex=False)
        rows = rows[hit]
    column, ascending = SORTS.get(sort, SORTS["reviews"])
    return rows.sort_values(
        [column, T.reviews, T.title],
        ascending=[ascending, False, True],
        na_position="last",
        kind="mergesort",
    )


def pages_of(rows: pd.DataFrame, per_page: int = 50) -> int:
    return _pages(len(rows), per_page)


def _pages(n_rows: int, per_page: int) -> int:
    return max(1, -(-n_rows // per_page))


def page_slice(n_rows: int, page: int = 1, per_page: int = 50) -> slice:
    """The positions of page ``page`` (from 1, clamped to the pages there are) of
    ``n_rows`` rows."""
    page = min(max(1, page), _pages(n_rows, per_page))
    return slice((page - 1) * per_page, page * per_page)


def one_page(rows: pd.DataFrame, page: int = 1, per_page: int = 50) -> pd.DataFrame:
    """Page ``page`` (from 1, clamped to the pages there are) of ``rows``."""
    return rows.iloc[page_slice(len(rows), page, per_page)]


def page_of_titles(
    table: pd.DataFrame, search: str = "", sort: str = "reviews", page: int = 1, per_page: int = 50
) -> tuple[pd.DataFrame, int, int]:
    """(the rows of one page, the number of matching titles, the number of pages)."""
    rows = matching_titles(table, search, sort)
    return one_page(rows, page, per_page), len(rows), pages_of(rows, per_page)


def corpus_summary(
    table: pd.DataFrame, scored, reviews: pd.DataFrame | None = None
) -> dict[str, str]:
    """Headline figures of the corpus, readable (``reviews``: those the figures count, all
    of them by default)."""
    reviews = scored.reviews if reviews is None else reviews
    n = len(reviews)
    positive = (reviews[ScoredReviews.model_label] == "positive").mean() if n else float("nan")
    return {
        "Titles": f"{len(table):,}",
        "Reviews": f"{n:,}",
        "Mean text score": number(reviews[ScoredReviews.text_score_100].mean(), empty="–")
        if n
        else "–",
        "Positive reviews": pct(positive, empty="–"),
        "Published scores": f"{published_scores(scored.corpus.aggregates):,}",
    }


def published_scores(aggregates: pd.DataFrame) -> int:
    """How many scores the pages and tables published (a Tomatometer, a Metascore, an IMDb
    rating): not their counts of reviews or votes, which are no score, nor the shares we
    counted from them (44 fresh of 56 is a derived Tomatometer, not a published one)."""
    A = Aggregates
    return int((aggregates[A.score_100].notna() & ~aggregates[A.derived].astype(bool)).sum())


def most_reviewed(table: pd.DataFrame, choosable: dict[str, str], k: int = 3) -> list[str]:
    """The ``k`` most-reviewed titles among those that can be chosen (the Compare page's
    opening choice)."""
    rows = table[is_in(table[T.work_id], choosable) & (table[T.reviews] > 0)]
    return (
        rows.sort_values([T.reviews, T.title], ascending=[False, True])[T.work_id].head(k).tolist()
    )


PICKER_TITLES = 300  # titles the sidebar's picker lists; the Titles table finds any title


def picker_titles(
    table: pd.DataFrame, choosable: dict[str, str], limit: int = PICKER_TITLES
) -> list[str]:
    """The titles the sidebar's picker lists: every choosable title up to ``limit``, beyond
    that the ``limit`` most-reviewed (a picker of 14,000 titles is sent to each browser on
    every rerun; the searchable Titles table reaches the rest)."""
    if len(choosable) <= limit:
        return list(choosable)
    return most_reviewed(table, choosable, limit)
