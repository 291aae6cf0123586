"""Every table's columns, declared once.

Code refers to columns through these models (``Reviews.text``), never through bare strings.
Dates are ISO strings (``YYYY-MM-DD``, or ``YYYY`` where a page gives only a year) so that
tables round-trip through CSV unchanged. Character spans are offsets into the document's
decoded text (the file as read, before entity decoding), so ``raw[span_start:span_end]``
is the exact source of a row.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

# a document is a site's page, a table of reviews, a titles table (``ingest.titles``) or unknown
KINDS = (
    "wikipedia",
    "moviedb",
    "imdb",
    "rotten_tomatoes",
    "metacritic",
    "table",
    "titles",
    "unknown",
)
TABLE_KINDS = ("table", "titles")  # documents read as tables: rows, not characters
PLATFORMS = ("rotten_tomatoes", "metacritic", "imdb", "gamerankings", "steam")
CONFLICT_REASONS = ("snapshot", "definition", "unexplained")
WORK_KINDS = ("film", "video_game")
# what a film-kind work is, where its page says (IMDb's "(TV Series 2011– )", schema.org's
# TVEpisode, Wikipedia's "(TV series)", Rotten Tomatoes' /tv/show/s01: a season); a film or
# game where none says
WORK_FORMS = (
    "TV series",
    "TV mini-series",
    "TV season",
    "TV episode",
    "TV movie",
    "TV special",
    # the other forms IMDb types a title by (its data sets' titleType, its pages' "(Video
    # 2004)"): film-kind works too
    "TV short",
    "TV pilot",
    "short film",
    "video",
    "music video",
    "podcast series",
    "podcast episode",
)


class _Table(pa.DataFrameModel):
    class Config:
        coerce = True
        strict = True


class Documents(_Table):
    """One row per input document that was read and recognised (or kept as ``unknown``)."""

    document_id: Series[str] = pa.Field(unique=True)
    path: Series[str]
    kind: Series[str] = pa.Field(isin=KINDS)
    sha256: Series[str]
    chars: Series[pd.Int64Dtype] = pa.Field(ge=0)
    as_of: Series[str] = pa.Field(nullable=True)
    as_of_basis: Series[str] = pa.Field(nullable=True)
    snapshot_rank: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    warnings: Series[str] = pa.Field(nullable=True)


class Reviews(_Table):
    """User reviews (never plot summaries, trivia, quotes or critic consensus)."""

    review_id: Series[str] = pa.Field(unique=True)
    work_id: Series[str]
    document_id: Series[str]
    source: Series[str]
    author: Series[str] = pa.Field(nullable=True)
    date: Series[str] = pa.Field(nullable=True)
    title: Series[str] = pa.Field(nullable=True)
    text: Series[str]
    rating: Series[float] = pa.Field(nullable=True)
    rating_scale: Series[float] = pa.Field(nullable=True)
    helpful_yes: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    helpful_total: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    badge: Series[str] = pa.Field(nullable=True)
    span_start: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    span_end: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)


class Aggregates(_Table):
    """Scores and counts published by platforms, one row per document that states them."""

    work_id: Series[str]
    platform: Series[str] = pa.Field(isin=PLATFORMS)
    metric: Series[str]
    value: Series[float]
    scale_max: Series[float] = pa.Field(nullable=True)
    score_100: Series[float] = pa.Field(nullable=True, ge=0, le=100)
    n: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    ci_low: Series[float] = pa.Field(nullable=True)
    ci_high: Series[float] = pa.Field(nullable=True)
    ci_method: Series[str] = pa.Field(nullable=True)
    derived: Series[bool]
    document_id: Series[str]
    as_of: Series[str] = pa.Field(nullable=True)
    snapshot_rank: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    quote: Series[str]


class Works(_Table):
    """Films and video games the documents are about; game variants are separate works."""

    work_id: Series[str] = pa.Field(unique=True)
    title: Series[str]
    original_title: Series[str] = pa.Field(nullable=True)
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    kind: Series[str] = pa.Field(isin=WORK_KINDS)
    platform_variant: Series[str] = pa.Field(nullable=True)
    imdb_id: Series[str] = pa.Field(nullable=True)
    parent_work_id: Series[str] = pa.Field(nullable=True)
    form: Series[str] = pa.Field(nullable=True, isin=WORK_FORMS)


class Titles(_Table):
    """Rows of a titles table (IMDb's title.basics and title.ratings, or any table of ids
    with names or ratings and no review text): stored as read, one row per table row, and
    joined to the works by id whenever the corpus is assembled (``ingest.titles``), so a
    title added after the table still gets its name and rating."""

    title_key: Series[str]  # the work id the row is about: an IMDb id, or a name's slug
    title: Series[str] = pa.Field(nullable=True)
    original_title: Series[str] = pa.Field(nullable=True)
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    kind: Series[str] = pa.Field(nullable=True, isin=WORK_KINDS)
    form: Series[str] = pa.Field(nullable=True, isin=WORK_FORMS)
    rating: Series[float] = pa.Field(nullable=True, ge=0)
    rating_scale: Series[float] = pa.Field(nullable=True, gt=0)
    rating_text: Series[str] = pa.Field(nullable=True)  # as written: its rounding widens CIs
    votes: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    platform: Series[str] = pa.Field(nullable=True, isin=PLATFORMS)  # whose rating it is
    document_id: Series[str]
    line: Series[pd.Int64Dtype] = pa.Field(ge=1)  # the row's line (or row) in its file


class RelatedTitles(_Table):
    """'More like this' entries; a title missing from the page stays empty, never guessed."""

    work_id: Series[str]
    document_id: Series[str]
    position: Series[pd.Int64Dtype] = pa.Field(ge=1)
    imdb_id: Series[str] = pa.Field(nullable=True)  # the film's tt id, where the page links it
    title: Series[str] = pa.Field(nullable=True)
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    genres: Series[str] = pa.Field(nullable=True)
    rating: Series[float] = pa.Field(nullable=True)
    rating_scale: Series[float] = pa.Field(nullable=True)
    description: Series[str] = pa.Field(nullable=True)
    directors: Series[str] = pa.Field(nullable=True)
    stars: Series[str] = pa.Field(nullable=True)


class Figures(_Table):
    """Other numbers a page states about a work (money in its currency, runtime, awards)."""

    work_id: Series[str]
    figure: Series[str]
    value: Series[float]
    unit: Series[str]
    document_id: Series[str]
    as_of: Series[str] = pa.Field(nullable=True)
    quote: Series[str]


class Conflicts(_Table):
    """Pairs of statements about the same work and measure whose values differ."""

    work_id: Series[str]
    table: Series[str] = pa.Field(isin=("aggregates", "figures"))
    metric: Series[str]
    metric_b: Series[str]
    value_a: Series[float]
    value_b: Series[float]
    n_a: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    n_b: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    document_a: Series[str]
    document_b: Series[str]
    as_of_a: Series[str] = pa.Field(nullable=True)
    as_of_b: Series[str] = pa.Field(nullable=True)
    reason: Series[str] = pa.Field(isin=CONFLICT_REASONS)
    explanation: Series[str]


class Consensus(_Table):
    """Critics-consensus blurbs (kept, but not counted as reviews)."""

    work_id: Series[str]
    platform: Series[str]
    text: Series[str]
    document_id: Series[str]


class Skipped(_Table):
    """Every document or section that did not become rows, with the reason."""

    path: Series[str]
    document_id: Series[str] = pa.Field(nullable=True)
    section: Series[str]
    reason: Series[str]


SENTIMENT_LABELS = ("negative", "neutral", "positive")
AGREEMENT = ("agree", "disagree", "one neutral")
# the column a view's reviews add: the chosen scorer's reading on 0-100 (filter_reviews)
SENTIMENT_100 = "sentiment_100"


class Sentences(_Table):
    """Every sentence of every review, scored and tagged; ``start``/``end`` index the review text."""

    review_id: Series[str]
    work_id: Series[str]
    sentence_index: Series[pd.Int64Dtype] = pa.Field(ge=0)
    start: Series[pd.Int64Dtype] = pa.Field(ge=0)
    end: Series[pd.Int64Dtype] = pa.Field(ge=0)
    text: Series[str]
    vader_compound: Series[float] = pa.Field(ge=-1, le=1)
    model_positive: Series[float] = pa.Field(ge=0, le=1)
    sentence_score: Series[float] = pa.Field(ge=-1, le=1)
    label: Series[str] = pa.Field(isin=SENTIMENT_LABELS)
    themes: Series[str] = pa.Field(nullable=True)
    # one entry per theme in ``themes``, same order: the score and label of the clause around
    # that theme's term (what the sentence says about that theme), ';'-joined
    theme_scores: Series[str] = pa.Field(nullable=True)
    theme_labels: Series[str] = pa.Field(nullable=True)


class Mentions(_Table):
    """One row per (sentence, theme): what that sentence says about that theme."""

    review_id: Series[str]
    sentence_index: Series[pd.Int64Dtype] = pa.Field(ge=0)
    theme: Series[str]
    mention_score: Series[float] = pa.Field(ge=-1, le=1)
    mention_label: Series[str] = pa.Field(isin=SENTIMENT_LABELS)


class ScoredReviews(Reviews):
    """Reviews with whole-text and sentence-based scores."""

    vader_compound: Series[float] = pa.Field(ge=-1, le=1)
    vader_pos: Series[float]
    vader_neu: Series[float]
    vader_neg: Series[float]
    vader_label: Series[str] = pa.Field(isin=SENTIMENT_LABELS)
    model_positive: Series[float] = pa.Field(ge=0, le=1)
    model_label: Series[str] = pa.Field(isin=SENTIMENT_LABELS)
    text_score_100: Series[float] = pa.Field(ge=0, le=100)
    n_sentences: Series[pd.Int64Dtype] = pa.Field(ge=0)
    positive_sentences: Series[pd.Int64Dtype] = pa.Field(ge=0)
    negative_sentences: Series[pd.Int64Dtype] = pa.Field(ge=0)
    sentence_mean: Series[float] = pa.Field(nullable=True, ge=-1, le=1)
    agreement: Series[str] = pa.Field(isin=AGREEMENT)
    themes: Series[str] = pa.Field(nullable=True)


class ThemeSummary(_Table):
    """Per theme over a set of sentences."""

    theme: Series[str]
    label: Series[str]
    mentions: Series[pd.Int64Dtype] = pa.Field(ge=0)
    reviews: Series[pd.Int64Dtype] = pa.Field(ge=0)
    positive: Series[pd.Int64Dtype] = pa.Field(ge=0)
    negative: Series[pd.Int64Dtype] = pa.Field(ge=0)
    neutral: Series[pd.Int64Dtype] = pa.Field(ge=0)
    mean_score: Series[float]
    positive_share: Series[float] = pa.Field(ge=0, le=1)
    share_low: Series[float] = pa.Field(ge=0, le=1)
    share_high: Series[float] = pa.Field(ge=0, le=1)


class TextScores(_Table):
    """``score_texts`` output: one row per input text."""

    text: Series[str]
    vader_compound: Series[float] = pa.Field(ge=-1, le=1)
    model_positive: Series[float] = pa.Field(ge=0, le=1)
    text_score_100: Series[float] = pa.Field(ge=0, le=100)
    label: Series[str] = pa.Field(isin=SENTIMENT_LABELS)
    themes: Series[str] = pa.Field(nullable=True)


# ------------------------------------------------------------------ display frames
# Frames made for the pages and charts: declared here too, so that a chart reads columns
# that a producer promised (the producers are checked with pandera's ``check_types``).
class _Display(pa.DataFrameModel):
    class Config:
        coerce = True
        strict = True


class AggregatePoints(_Display):
    """``views.scorecard.aggregate_points``: one published score per snapshot, on 0-100."""

    series: Series[str]
    snapshot: Series[str]
    row: Series[str]
    platform: Series[str] = pa.Field(isin=PLATFORMS)
    work: Series[str]
    score_100: Series[float] = pa.Field(ge=0, le=100)
    ci_low: Series[float] = pa.Field(nullable=True)
    ci_high: Series[float] = pa.Field(nullable=True)
    raw: Series[str]
    n: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    as_of: Series[str] = pa.Field(nullable=True)
    document_id: Series[str]
    page: Series[str]  # the document as a reader cites it ('IMDb page, 2017-02-17')
    quote: Series[str]
    derived: Series[bool]
    ci_method: Series[str] = pa.Field(nullable=True)
    snapshot_rank: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)


class ReviewRows(_Display):
    """``views.tables.review_table``: the review explorer's rows, plain text only, in the
    order shown: what a reader scans first (title, date, rating, score, label, themes)
    before the long excerpt, so they fit on screen without scrolling sideways. Headers read
    as words, as every table on screen does; both scorers' own readings close the row."""

    work: Series[str] = pa.Field(alias="Title")
    date: Series[str] = pa.Field(alias="Date")
    rating: Series[str] = pa.Field(alias="Rating")
    sentiment: Series[float] = pa.Field(ge=0, le=100, alias="Sentiment")
    label: Series[str] = pa.Field(isin=SENTIMENT_LABELS, alias="Label")
    themes: Series[str] = pa.Field(alias="Themes")
    excerpt: Series[str] = pa.Field(alias="Excerpt")
    headline: Series[str] = pa.Field(alias="Headline")
    source: Series[str] = pa.Field(alias="Source")
    author: Series[str] = pa.Field(alias="Author")
    helpful: Series[str] = pa.Field(alias="Helpful")
    text_score: Series[float] = pa.Field(ge=0, le=100, alias="Text score")
    agreement: Series[str] = pa.Field(isin=AGREEMENT, alias="VADER vs model")
    vader: Series[float] = pa.Field(ge=-1, le=1, alias="VADER (−1 to 1)")
    model: Series[float] = pa.Field(ge=0, le=1, alias="Model P(positive)")
    review_id: Series[str]

    class Config:
        ordered = True


class SentenceRows(_Display):
    """``views.tables.sentence_table``: one review's sentences in order, plain text, with
    what each says about each theme."""

    number: Series[pd.Int64Dtype] = pa.Field(ge=1, alias="#")
    sentence: Series[str] = pa.Field(alias="Sentence")
    score: Series[float] = pa.Field(ge=-1, le=1, alias="Score (−1 to 1)")
    label: Series[str] = pa.Field(isin=SENTIMENT_LABELS, alias="Label")
    themes: Series[str] = pa.Field(alias="Themes")

    class Config:
        ordered = True


class RelatedRows(_Display):
    """``views.tables.related_view``: related titles and this film's own rating."""

    title: Series[str]
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    rating: Series[float] = pa.Field(nullable=True)
    document_id: Series[str]
    page: Series[str]  # the document as a reader cites it ('IMDb page, 2017-02-17')
    kind: Series[str] = pa.Field(isin=("related", "this film"))
    directors: Series[str] = pa.Field(nullable=True)


class TitleTable(_Display):
    """``views.titles.titles_table``: one row per title and how it was received."""

    work_id: Series[str] = pa.Field(unique=True)
    title: Series[str]
    kind: Series[str]
    form: Series[str] = pa.Field(nullable=True)  # Works.form: a TV series, an episode, …
    reviews: Series[int] = pa.Field(ge=0)
    text_score: Series[float] = pa.Field(nullable=True)
    score_low: Series[float] = pa.Field(nullable=True)
    score_high: Series[float] = pa.Field(nullable=True)
    positive_share: Series[float] = pa.Field(nullable=True)
    divided: Series[float] = pa.Field(nullable=True)
    critics: Series[float] = pa.Field(nullable=True)
    critics_source: Series[str] = pa.Field(nullable=True)
    critics_n: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)  # its sample size
    critics_low: Series[float] = pa.Field(nullable=True)  # its interval, where it has one
    critics_high: Series[float] = pa.Field(nullable=True)
    # the latest published users' rating (IMDb's, an audience score), on 0-100
    users: Series[float] = pa.Field(nullable=True)
    users_source: Series[str] = pa.Field(nullable=True)
    users_n: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    users_low: Series[float] = pa.Field(nullable=True)
    users_high: Series[float] = pa.Field(nullable=True)
    gap: Series[float] = pa.Field(nullable=True)
    gap_low: Series[float] = pa.Field(nullable=True)
    gap_high: Series[float] = pa.Field(nullable=True)


class CompareScores(_Display):
    """``views.compare.compare_titles`` scores: each title's latest score per measure."""

    title: Series[str]
    measure: Series[str]
    score_100: Series[float] = pa.Field(ge=0, le=100)
    ci_low: Series[float] = pa.Field(nullable=True)
    ci_high: Series[float] = pa.Field(nullable=True)
    n: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)


class ThemeProfile(_Display):
    """``views.compare.compare_titles`` themes: positive share of each theme, per title."""

    title: Series[str]
    theme: Series[str]
    mentions: Series[pd.Int64Dtype] = pa.Field(ge=1)
    positive_share: Series[float] = pa.Field(ge=0, le=1)
    share_low: Series[float] = pa.Field(ge=0, le=1)
    share_high: Series[float] = pa.Field(ge=0, le=1)


TABLES: dict[str, type[_Table]] = {
    "documents": Documents,
    "works": Works,
    "reviews": Reviews,
    "aggregates": Aggregates,
    "consensus": Consensus,
    "related_titles": RelatedTitles,
    "figures": Figures,
    "conflicts": Conflicts,
    "skipped": Skipped,
    "titles": Titles,
}


def columns(model: type[pa.DataFrameModel]) -> list[str]:
    """The declared column names of a table, in order."""
    return list(model.to_schema().columns)


def empty(model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """An empty, schema-valid frame of the given table (a fresh copy: callers may add to it)."""
    return _empty(model).copy()


@functools.cache
def _empty(model: type[pa.DataFrameModel]) -> pd.DataFrame:
    # validated once per table: validating costs 30 ms even with no rows, on every rerun
    return model.validate(pd.DataFrame({c: pd.Series([], dtype=object) for c in columns(model)}))


def prepare(models: Iterable[type[pa.DataFrameModel]]) -> None:
    """Build each table's schema and validate it once on no rows (cached, as ``empty``
    uses). pandera's first schema imports its optional back-ends (``dask.dataframe``, and
    hypothesis where installed): 0.5-0.7 s that ``Store.load`` spends while DuckDB reads."""
    for model in models:
        _empty(model)


def frame(model: type[pa.DataFrameModel], rows: list[dict]) -> pd.DataFrame:
    """Build a validated frame from row dicts; missing keys become nulls."""
    if not rows:
        return empty(model)
    cols = columns(model)
    extra = sorted({k for r in rows for k in r} - set(cols))
    if extra:
        msg = f"{model.__name__} has no column(s) {extra}; declared: {cols}"
        raise KeyError(msg)
    data = pd.DataFrame([{c: r.get(c) for c in cols} for r in rows], columns=cols)
    return model.validate(data)
