"""What the dashboard shows, computed without Streamlit: filters, tiles, tidy chart data."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, fields

import numpy as np
import pandas as pd
from scipy.stats import t as student_t

from analysis.aggregates import METRICS
from analysis.errors import InputError
from analysis.schema import SENTIMENT_LABELS, Aggregates, Mentions, ScoredReviews, Sentences, Works
from analysis.settings import DEFAULT, Settings
from analysis.text import fold, visible_controls
from analysis.themes import THEME_SEP, explode_themes

PLATFORM_LABELS = {
    "imdb": "IMDb", "rotten_tomatoes": "Rotten Tomatoes", "metacritic": "Metacritic",
    "gamerankings": "GameRankings", "moviedb": "Movie database", "reviews": "Review text",
}  # fmt: skip
SCORERS = {"model": "Model P(positive)", "vader": "VADER compound"}
STANCES = {"": "anything", "negative": "something negative", "positive": "something positive",
           "neutral": "something neutral"}  # fmt: skip


def platform_label(platform: str) -> str:
    return PLATFORM_LABELS.get(platform, platform.replace("_", " ").title())


def metric_label(metric: str) -> str:
    spec = METRICS.get(metric)
    return spec.label if spec and spec.label else metric.replace("_", " ")


# ------------------------------------------------------------------ filters
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
        return filters if filters.scorer in SCORERS else cls(**(kw | {"scorer": "model"}))

    def chips(self) -> list[str]:
        """Human-readable chips for the filters in force."""
        chips = []
        if self.work:
            chips.append(f"title: {self.work}")
        if self.sources:
            chips.append("sources: " + ", ".join(platform_label(s) for s in self.sources))
        if self.themes:
            chips.append("themes: " + ", ".join(self.themes))
        if self.theme_stance:
            chips.append(
                f"says something {self.theme_stance} about " + (", ".join(self.themes) or "a theme")
            )
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


def sentiment_100(reviews: pd.DataFrame, scorer: str) -> pd.Series:
    """A review's sentiment on 0-100 for the chosen scorer (VADER's -1..1 mapped linearly)."""
    if scorer == "vader":
        return (reviews[ScoredReviews.vader_compound] + 1) * 50
    return reviews[ScoredReviews.model_positive] * 100


def label_column(scorer: str) -> str:
    return ScoredReviews.vader_label if scorer == "vader" else ScoredReviews.model_label


def filter_reviews(reviews: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The reviews that pass every filter, with ``sentiment_100`` for the chosen scorer."""
    R = ScoredReviews
    df = reviews.assign(sentiment_100=sentiment_100(reviews, filters.scorer))
    keep = pd.Series(True, index=df.index)
    if filters.work:
        keep &= df[R.work_id] == filters.work
    if filters.sources:
        keep &= df[R.source].isin(filters.sources)
    if filters.themes:
        keep &= has_theme(df[R.themes], filters.themes)
    if filters.labels:
        keep &= df[label_column(filters.scorer)].isin(filters.labels)
    keep &= df["sentiment_100"].between(filters.score_min, filters.score_max)
    if filters.date_from:
        keep &= df[R.date].fillna("") >= filters.date_from
    if filters.date_to:
        keep &= df[R.date].fillna("9999") <= filters.date_to
    if filters.search:  # in the text, title or author, ignoring case (vectorised in Arrow)
        found = pd.Series(False, index=df.index)
        for col in (R.text, R.title, R.author):
            found |= (
                df[col]
                .astype("string[pyarrow]")
                .str.contains(filters.search, case=False, regex=False)
                .fillna(False)
            )
        keep &= found
    if filters.min_helpful:
        keep &= df[R.helpful_yes].fillna(-1) >= filters.min_helpful
    return df[keep]


def filter_sentences(sentences: pd.DataFrame, review_codes: np.ndarray, kept: np.ndarray,
                     filters: Filters) -> pd.DataFrame:  # fmt: skip
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


def title_choices(works: pd.DataFrame) -> dict[str, str]:
    """Films by id -> 'Title (year) [id]' for a picker searchable by name or id."""
    W = Works
    films = works[works[W.kind] == "film"]
    return {
        w: (f"{t} ({int(y)})" if pd.notna(y) else str(t)) + ("" if str(t) == w else f" [{w}]")
        for w, t, y in zip(films[W.work_id], films[W.title], films[W.year], strict=True)
    }


def filter_options(scored) -> dict[str, list]:
    """Choices for the sidebar widgets."""
    r, a = scored.reviews, scored.corpus.aggregates
    dates = r[ScoredReviews.date].dropna()
    return {
        "sources": sorted(set(r[ScoredReviews.source]) | set(a[Aggregates.platform])),
        "themes": sorted(scored.themes["theme"]) if len(scored.themes) else [],
        "dates": (dates.min(), dates.max()) if len(dates) else (None, None),
        "max_helpful": int(r[ScoredReviews.helpful_yes].max())
        if r[ScoredReviews.helpful_yes].notna().any()
        else 0,
    }


# ------------------------------------------------------------------ aggregates
def raw_form(row: pd.Series) -> str:
    """The score as the page shows it: '7.6/10 (62,258 votes)', '44 of 56 fresh'."""
    A = Aggregates
    v, n, metric = row[A.value], row[A.n], row[A.metric]
    has_n = not pd.isna(n)
    if metric == "tomatometer" and bool(row[A.derived]) and has_n:
        return f"{round(v * n / 100):,} of {int(n):,} fresh"
    if metric in {"tomatometer", "audience_score", "game_score"}:
        return f"{v:g}%" + (f" of {int(n):,}" if has_n else "")
    scale = row[A.scale_max]
    text = f"{v:g}/{scale:g}" if not pd.isna(scale) else f"{v:g}"
    if has_n:
        text += f" ({int(n):,} {'votes' if metric == 'user_rating' else 'reviews'})"
    return text


def aggregate_points(
    aggregates: pd.DataFrame, works: pd.DataFrame, documents: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Scores (not counts) on 0-100, one row per snapshot, in display order."""
    A, W = Aggregates, Works
    scores = aggregates[aggregates[A.score_100].notna()].copy()
    if scores.empty:
        return pd.DataFrame(columns=["series", "snapshot", "row", "platform", "work", "score_100",
                                     "ci_low", "ci_high", "raw", "n", "as_of", "document_id",
                                     "quote", "derived", "ci_method"])  # fmt: skip
    titles = works.set_index(W.work_id)

    def work_name(wid: str) -> str:
        if wid not in titles.index:
            return wid
        w = titles.loc[wid]
        base = f"{w[W.title]}" + (f" ({int(w[W.year])})" if not pd.isna(w[W.year]) else "")
        return base + (f" — {w[W.platform_variant]} game" if w[W.kind] == "video_game" else "")

    scores["work"] = scores[A.work_id].map(work_name)
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
    variant = [
        "" if k == "film" else f" ({titles.loc[w, W.platform_variant]} game)"
        for w, k in zip(
            scores[A.work_id], scores[A.work_id].map(titles[W.kind]).fillna("film"), strict=True
        )
    ]
    source = [
        f"{platform_label(kinds.get(d, 'page'))} page" + (f", {a}" if isinstance(a, str) else "")
        for d, a in zip(scores[A.document_id], scores[A.as_of], strict=True)
    ]
    scores["row"] = [
        f"{s}{v} — {r} · {src}"
        for s, v, r, src in zip(scores["series"], variant, scores["raw"], source, strict=True)
    ]
    scores = scores.sort_values(["work", "series", A.snapshot_rank])
    keep = ["series", "snapshot", "row", A.platform, "work", A.score_100, A.ci_low, A.ci_high, "raw",
            A.n, A.as_of, A.document_id, A.quote, A.derived, A.ci_method, A.snapshot_rank]  # fmt: skip
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


def mean_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t interval of the mean."""
    values = np.asarray(values, dtype=float)
    m = float(values.mean())
    if len(values) < 2:
        return m, math.nan, math.nan
    half = (
        student_t.ppf(0.5 + level / 2, len(values) - 1)
        * values.std(ddof=1)
        / math.sqrt(len(values))
    )
    return m, max(0.0, m - half), min(100.0, m + half)


def scorecard(aggregates: pd.DataFrame, works: pd.DataFrame, reviews: pd.DataFrame,
              settings: Settings = DEFAULT) -> list[Tile]:  # fmt: skip
    """The latest snapshot of every score, plus the reviews' own text score."""
    points = aggregate_points(aggregates, works)
    tiles: list[Tile] = []
    for (work, series), g in points.groupby(["work", "series"], sort=False):
        latest = g.iloc[-1]
        ci = (f"95% interval {latest['ci_low']:.1f}–{latest['ci_high']:.1f}" if not pd.isna(latest["ci_low"])
              else "no interval: sample size not stated")  # fmt: skip
        as_of = (
            latest["as_of"]
            if isinstance(latest["as_of"], str)
            else f"snapshot {int(latest['snapshot_rank'])} of {len(g)}"
        )
        tiles.append(Tile(work, latest["platform"], series, float(latest["score_100"]), latest["raw"],
                          None if pd.isna(latest["n"]) else int(latest["n"]), ci, as_of, len(g),
                          help=f"{latest['ci_method'] or ''}. Source: {latest['document_id']}. “{latest['quote'][:160]}”"))  # fmt: skip
    if len(reviews):
        m, lo, hi = mean_interval(
            reviews[ScoredReviews.text_score_100].to_numpy(), settings.confidence_level
        )
        ci = f"95% interval {lo:.1f}–{hi:.1f}" if not math.isnan(lo) else "one review: no interval"
        tiles.append(Tile("Reviews shown", "reviews", "Review text score (model)", m,
                          f"mean of {len(reviews)} review{'s' if len(reviews) != 1 else ''}", len(reviews), ci, "from the review texts", 1,
                          help="The trained model's 0-100 text score, averaged over the filtered reviews; t-interval of the mean."))  # fmt: skip
    return tiles


# ------------------------------------------------------------------ export metadata
@dataclass
class ExportMeta:
    sources: list[str]
    filters: list[str]
    n: int
    model_version: str
    extra: dict = field(default_factory=dict)

    def footer(self) -> list[str]:
        per_line = 3
        chunks = [
            self.sources[i : i + per_line] for i in range(0, len(self.sources), per_line)
        ] or [["none"]]
        lines = [("Sources: " if i == 0 else "  ") + "; ".join(c) for i, c in enumerate(chunks)]
        lines.append("Filters: " + ("; ".join(self.filters) if self.filters else "none"))
        lines.append(f"n = {self.n:,} · model {self.model_version}")
        return lines

    def as_dict(self) -> dict:
        return asdict(self)


def export_meta(
    documents: pd.DataFrame, filters: Filters, n: int, model_version: str
) -> ExportMeta:
    """What an exported chart must say about itself: sources and dates, filters, n, model."""
    docs = [
        f"{r.kind} {r.document_id}" + (f" (as of {r.as_of})" if isinstance(r.as_of, str) else
                                        f" (snapshot {int(r.snapshot_rank)})" if not pd.isna(r.snapshot_rank) else "")
        for r in documents.itertuples()
        if r.kind != "unknown"
    ]  # fmt: skip
    return ExportMeta(docs, filters.chips(), n, model_version)


def review_table(reviews: pd.DataFrame, scorer: str) -> pd.DataFrame:
    """The review explorer's rows (plain values only: text is never rendered as HTML)."""
    R = ScoredReviews
    helpful = [
        "" if pd.isna(y) else f"{int(y)} of {int(t)}"
        for y, t in zip(reviews[R.helpful_yes], reviews[R.helpful_total], strict=True)
    ]
    return pd.DataFrame({
        "source": reviews[R.source].map(platform_label), "author": reviews[R.author].fillna("(none)").map(visible_controls),
        "date": reviews[R.date].fillna(""), "title": reviews[R.title].fillna("").map(visible_controls), "helpful": helpful,
        "sentiment": reviews["sentiment_100"].round(1) if "sentiment_100" in reviews else sentiment_100(reviews, scorer).round(1),
        "label": reviews[label_column(scorer)], "text score": reviews[R.text_score_100].round(1),
        "VADER vs model": reviews[R.agreement], "themes": reviews[R.themes].fillna("").str.replace(";", ", "),
        "review_id": reviews[R.review_id],
    })  # fmt: skip


def _mentions_of(sentences: pd.DataFrame) -> pd.DataFrame:
    """``explode_themes`` with each mention's sentence position (``_row``) in ``sentences``."""
    return explode_themes(sentences, extra={"_row": np.arange(len(sentences))})


def _theme_verdicts(sentences: pd.DataFrame) -> pd.Series:
    """'story: negative, tone: positive' per sentence (what it says about each theme)."""
    M = Mentions
    m = _mentions_of(sentences)
    said = (m[M.theme] + ": " + m[M.mention_label]).groupby(m["_row"]).agg(", ".join)
    verdicts = said.reindex(range(len(sentences)), fill_value="")
    return pd.Series(verdicts.to_numpy(), index=sentences.index, dtype=object)


def sentence_table(sentences: pd.DataFrame, review_id: str) -> pd.DataFrame:
    S = Sentences
    mine = sentences[sentences[S.review_id] == review_id].sort_values(S.sentence_index)
    return pd.DataFrame({
        "#": mine[S.sentence_index] + 1, "sentence": mine[S.text].map(visible_controls), "score": mine[S.sentence_score].round(2),
        "label": mine[S.label], "themes": _theme_verdicts(mine),
    }).reset_index(drop=True)  # fmt: skip


def theme_sentences(sentences: pd.DataFrame, theme: str) -> pd.DataFrame:
    """The sentences that mention ``theme``: what each says about it (the clause's score and
    label), then the whole sentence's score and label."""
    S, M = Sentences, Mentions
    m = _mentions_of(sentences)
    m = m[m[M.theme] == theme]
    rows = sentences.iloc[m["_row"].to_numpy()]
    return pd.DataFrame({
        "sentence": rows[S.text].map(visible_controls).to_numpy(), f"about {theme}": m[M.mention_label].to_numpy(),
        "theme score": m[M.mention_score].round(2).to_numpy(),
        "sentence label": rows[S.label].to_numpy(), "sentence score": rows[S.sentence_score].round(2).to_numpy(),
        "themes": rows[S.themes].str.replace(THEME_SEP, ", ").to_numpy(),
    })  # fmt: skip


def related_view(
    related: pd.DataFrame, aggregates: pd.DataFrame, work_id: str | None = None
) -> pd.DataFrame:
    """Related titles' IMDb ratings beside this film's own, per snapshot document."""
    A = Aggregates
    rel = related if work_id is None else related[related["work_id"] == work_id]
    own = aggregates[(aggregates[A.platform] == "imdb") & (aggregates[A.metric] == "user_rating")]
    if work_id is not None:
        own = own[own[A.work_id] == work_id]
    cased = {
        fold(t): t for t in rel["title"].dropna() if not t.islower()
    }  # one name per film across snapshots
    rows = [{"title": (cased.get(fold(r.title), r.title) if isinstance(r.title, str) else f"(title missing) {str(r.description)[:40]}…"),
             "year": r.year, "rating": r.rating, "document_id": r.document_id, "kind": "related",
             "directors": r.directors} for r in rel.itertuples()]  # fmt: skip
    rows += [{"title": "this film", "year": None, "rating": r.value, "document_id": r.document_id,
              "kind": "this film", "directors": None} for r in own.itertuples()]  # fmt: skip
    return pd.DataFrame(
        rows, columns=["title", "year", "rating", "document_id", "kind", "directors"]
    )


def check_theme_input(name: str, terms: str) -> None:
    """Validate a sidebar theme before building it (raises InputError with the reason)."""
    if len(name) > 60 or len(terms) > 2000:
        msg = "a theme name is at most 60 characters and its terms at most 2,000"
        raise InputError(msg)


def conflict_table(conflicts: pd.DataFrame) -> pd.DataFrame:
    """Conflicts in reading order: what, both values, why, then where from."""
    c = conflicts
    return pd.DataFrame({
        "work": c["work_id"], "measure": c["metric"].where(c["metric"] == c["metric_b"], c["metric"] + " vs " + c["metric_b"]),
        "value A": c["value_a"], "value B": c["value_b"], "reason": c["reason"], "why": c["explanation"],
        "n A": c["n_a"], "n B": c["n_b"], "page A": c["document_a"], "page B": c["document_b"],
        "as of A": c["as_of_a"], "as of B": c["as_of_b"],
    })  # fmt: skip


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """User text made inert for Streamlit's markdown (every special character escaped)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def compare_titles(
    scored, work_ids: list[str], settings: Settings = DEFAULT
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two or more titles side by side: (scores, theme profiles).

    Scores: each title's latest snapshot of every platform score plus its reviews' mean text
    score (with a t-interval); themes: positive share of each theme's mentions, with Wilson
    intervals, for each title."""
    from analysis.aggregates import wilson_interval

    works = scored.corpus.works.set_index("work_id")

    def name(w: str) -> str:  # the same names aggregate_points gives
        if w not in works.index:
            return w
        year = works.loc[w, "year"]
        return f"{works.loc[w, 'title']}" + (f" ({int(year)})" if pd.notna(year) else "")

    names = {w: name(w) for w in work_ids}
    points = aggregate_points(
        scored.corpus.aggregates[scored.corpus.aggregates["work_id"].isin(work_ids)],
        scored.corpus.works,
    )
    rows = []
    if len(points):
        latest = points.groupby(["work", "series"], sort=False).tail(1)
        for r in latest.itertuples():
            rows.append({"title": r.work, "measure": r.series, "score_100": r.score_100,
                         "ci_low": r.ci_low, "ci_high": r.ci_high, "n": r.n})  # fmt: skip
    reviews = scored.reviews[scored.reviews["work_id"].isin(work_ids)]
    for wid, g in reviews.groupby("work_id"):
        m, lo, hi = mean_interval(g["text_score_100"].to_numpy(), settings.confidence_level)
        rows.append({"title": names[wid], "measure": "Review text score (model)", "score_100": m,
                     "ci_low": lo, "ci_high": hi, "n": len(g)})  # fmt: skip
    scores = pd.DataFrame(rows, columns=["title", "measure", "score_100", "ci_low", "ci_high", "n"])
    mentions = scored.mentions
    codes = (
        scored.reviews["work_id"].to_numpy()[mentions["_code"].to_numpy()]
        if len(mentions)
        else np.array([])
    )
    mine = mentions.assign(work_id=codes)
    mine = mine[mine["work_id"].isin(work_ids)]
    prof = []
    for (wid, theme), g in mine.groupby(["work_id", "theme"]):
        pos = int((g[Mentions.mention_label] == "positive").sum())
        lo, hi = wilson_interval(pos / len(g), len(g), settings.confidence_level)
        prof.append({"title": names[wid], "theme": theme, "mentions": len(g), "positive_share": pos / len(g),
                     "share_low": lo, "share_high": hi})  # fmt: skip
    themes = pd.DataFrame(
        prof, columns=["title", "theme", "mentions", "positive_share", "share_low", "share_high"]
    )
    return scores, themes
