"""Tables the pages show: reviews, sentences, theme sentences, related titles, conflicts.

Every cell is a plain value (text is never rendered as HTML)."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd
from pandera.typing import DataFrame

from analysis.ingest.corpus import refused_files
from analysis.ingest.tables import NAMED_FIELDS, UNREAD_COLUMNS, table_kind
from analysis.labels import (
    SHARE,
    UNIT,
    document_labels,
    metric_label,
    plain_number,
    platform_label,
    shown_as,
    span,
    uploaded_name,
)
from analysis.nlp.themes import THEME_SEP, explode_themes
from analysis.schema import (
    SENTIMENT_100,
    TABLE_KINDS,
    Aggregates,
    Conflicts,
    Documents,
    Figures,
    Mentions,
    RelatedRows,
    RelatedTitles,
    ReviewRows,
    ScoredReviews,
    SentenceRows,
    Sentences,
    Skipped,
    ThemeSummary,
    Works,
    columns,
)
from analysis.text import excerpt, fold, slug, visible_controls
from analysis.views.filters import label_column, sentiment_100
from analysis.views.titles import one_page, page_slice


def title_choices(works: pd.DataFrame) -> dict[str, str]:
    """Titles by id -> 'Title (year)' for a picker searchable by name or id: films and
    games, each once (a film's game adaptations come with the film, as its family). The
    id follows in brackets where it says something the name does not: an IMDb or a
    table's own id ('Brazil [tt0088846]'), or where two titles would read alike; an id
    made from the name ('brazil-1985') is left out."""
    W = Works
    films = works[works[W.parent_work_id].isna()].drop_duplicates(W.work_id)
    named = {
        w: (f"{t} ({int(y)})" if pd.notna(y) else str(t))
        for w, t, y in zip(films[W.work_id], films[W.title], films[W.year], strict=True)
    }
    titles = dict(zip(films[W.work_id], films[W.title].astype(str), strict=True))
    shared = pd.Series(named).duplicated(keep=False) if named else pd.Series(dtype=bool)
    return {
        w: label
        if titles[w] == w or (w.startswith(slug(titles[w])) and not shared[w])
        else f"{label} [{w}]"
        for w, label in named.items()
    }


def review_table(
    reviews: pd.DataFrame,
    scorer: str,
    names: dict[str, str] | None = None,
    focus: re.Pattern[str] | None = None,
    theme_labels: dict[str, str] | None = None,
) -> DataFrame[ReviewRows]:
    """The review explorer's rows (plain values only: text is never rendered as HTML): the
    title's name (``names``, else its id), an excerpt around ``focus`` (a search term or a
    theme's terms), the reviewer's own rating as written and the themes by their labels
    (``theme_labels``, else their names).

    The rows follow ``ReviewRows``, in its order, and are made from stored reviews that
    were checked when the store was read; the tests check them against the schema for both
    scorers and every kind of filter. pandera is not run here: on every rerun that shows
    reviews it cost 0.015 s of Python alone and 0.07 s under the four-session load test,
    every other session's rerun waiting for it."""
    R = ScoredReviews
    helpful = [
        "" if pd.isna(y) else f"{int(y)} of {int(t)}"
        for y, t in zip(reviews[R.helpful_yes], reviews[R.helpful_total], strict=True)
    ]
    rating = [
        "" if pd.isna(v) else (f"{v:g}/{s:g}" if not pd.isna(s) else f"{v:g}")
        for v, s in zip(reviews[R.rating], reviews[R.rating_scale], strict=True)
    ]
    work = reviews[R.work_id]
    W = ReviewRows  # (what the explorer shows)
    rows = pd.DataFrame(
        {
            # a plain lookup: Series.map builds a Series of the whole mapping on each call
            W.work: [names.get(w, w) for w in work] if names else work,
            W.date: reviews[R.date].fillna(""),
            W.rating: rating,
            W.sentiment: reviews[SENTIMENT_100].round(1)
            if SENTIMENT_100 in reviews
            else sentiment_100(reviews, scorer).round(1),
            W.label: reviews[label_column(scorer)],
            W.themes: _theme_lists(reviews[R.themes], theme_labels),
            W.excerpt: [excerpt(t, focus) for t in reviews[R.text]],
            W.headline: reviews[R.title].fillna("").map(visible_controls),
            W.source: reviews[R.source].map(platform_label),
            W.author: reviews[R.author].fillna("(none)").map(visible_controls),
            W.helpful: helpful,
            W.text_score: reviews[R.text_score_100].round(1),
            W.agreement: reviews[R.agreement],
            W.vader: reviews[R.vader_compound].round(2),
            W.model: reviews[R.model_positive].round(2),
            W.review_id: reviews[R.review_id],
        }
    )
    return rows


def _stars(reviews: pd.DataFrame) -> pd.Series:
    """Each reviewer's own rating as a share of its scale (a review without a scale reads
    as out of 10, as most sources rate)."""
    R = ScoredReviews
    return reviews[R.rating] / reviews[R.rating_scale].fillna(10)


# how the review explorer can order the reviews: None keeps the store's order; else a key
# of the reviews and whether the largest comes first (reviews without the value last)
REVIEW_SORTS: dict[str, tuple[Callable[[pd.DataFrame], pd.Series], bool] | None] = {
    "as stored": None,
    "most positive": (lambda r: r[SENTIMENT_100], True),
    "most negative": (lambda r: r[SENTIMENT_100], False),
    "newest": (lambda r: r[ScoredReviews.date], True),
    "oldest": (lambda r: r[ScoredReviews.date], False),
    "highest rating": (_stars, True),
    "lowest rating": (_stars, False),
    "most helpful votes": (lambda r: r[ScoredReviews.helpful_yes], True),
}


def review_sorts(reviews: pd.DataFrame) -> list[str]:
    """The orders of ``REVIEW_SORTS`` that tell these reviews apart: those whose value at
    least one review has (no "newest" for reviews without dates)."""
    return [
        name
        for name, how in REVIEW_SORTS.items()
        if how is None or bool(how[0](reviews).notna().any())
    ]


def unused_review_columns(reviews: pd.DataFrame) -> list[str]:
    """The review explorer's columns (``ReviewRows``) that no review of ``reviews`` fills:
    no date, no rating, no helpful votes, no headline in the whole set (the IMDb data sets
    have none of the four). Judged on every review shown, not on one page, so that a
    column does not come and go from one page to the next."""
    R, W = ScoredReviews, ReviewRows
    filled = {
        W.date: R.date,
        W.rating: R.rating,
        W.helpful: R.helpful_total,
        W.headline: R.title,
    }
    return [shown for shown, col in filled.items() if not reviews[col].notna().any()]


def page_of_reviews(
    reviews: pd.DataFrame, sort: str = "as stored", page: int = 1, per_page: int = 50
) -> pd.DataFrame:
    """One page of ``reviews`` (which carry ``sentiment_100``, as a view's do) in one of
    ``REVIEW_SORTS``' orders (an unknown name keeps the stored order); ties keep the
    stored order. Only the page's rows are copied, not every review's text."""
    how = REVIEW_SORTS.get(sort)
    if how is None:
        return one_page(reviews, page, per_page)
    key, largest_first = how
    order = (
        key(reviews)
        .reset_index(drop=True)  # positions
        .sort_values(ascending=not largest_first, na_position="last", kind="mergesort")
        .index.to_numpy()
    )
    return reviews.iloc[order[page_slice(len(reviews), page, per_page)]]


def focus_pattern(search: str, themes: tuple, chosen: tuple[str, ...]) -> re.Pattern[str] | None:
    """What an excerpt centres on: the search text (literally), else the chosen themes'
    terms (``themes``: ``Theme`` objects), else nothing."""
    if search.strip():
        return re.compile(re.escape(search.strip()), re.IGNORECASE)
    picked = [t for t in themes if t.name in chosen]
    if picked:
        return re.compile("|".join(f"(?:{t.regex().pattern})" for t in picked), re.IGNORECASE)
    return None


def _mentions_of(sentences: pd.DataFrame) -> pd.DataFrame:
    """``explode_themes`` with each mention's sentence position (``_row``) in ``sentences``."""
    return explode_themes(sentences, extra={"_row": np.arange(len(sentences))})


def _labelled(theme: str, labels: dict[str, str] | None) -> str:
    """A theme as the Themes page names it ('Story / plot'), else by its name."""
    return (labels or {}).get(theme, theme)


def _theme_lists(themes: pd.Series, labels: dict[str, str] | None) -> list[str]:
    """Each ``;``-joined theme list as 'Story / plot, Music / score' (``labels``, else the
    names)."""
    return [
        ", ".join(_labelled(t, labels) for t in str(ts).split(THEME_SEP) if t)
        for ts in themes.fillna("")
    ]


def _theme_verdicts(sentences: pd.DataFrame, labels: dict[str, str] | None = None) -> pd.Series:
    """'Story / plot: negative, Tone / atmosphere: positive' per sentence (what it says
    about each theme; ``labels`` name the themes, else their names)."""
    M = Mentions
    m = _mentions_of(sentences)
    shown = m[M.theme].map(lambda t: _labelled(t, labels))
    said = (shown + ": " + m[M.mention_label]).groupby(m["_row"]).agg(", ".join)
    verdicts = said.reindex(range(len(sentences)), fill_value="")
    return pd.Series(verdicts.to_numpy(), index=sentences.index, dtype=object)


def sentence_table(
    sentences: pd.DataFrame, review_id: str, theme_labels: dict[str, str] | None = None
) -> DataFrame[SentenceRows]:
    """One review's sentences: score, label and what each says about each theme."""
    S, N = Sentences, SentenceRows
    mine = sentences[sentences[S.review_id] == review_id].sort_values(S.sentence_index)
    rows = pd.DataFrame(
        {
            N.number: mine[S.sentence_index] + 1,
            N.sentence: mine[S.text].map(visible_controls),
            N.score: mine[S.sentence_score].round(2),
            N.label: mine[S.label],
            N.themes: _theme_verdicts(mine, theme_labels),
        }
    ).reset_index(drop=True)
    return SentenceRows.validate(rows)


def theme_sentences(
    sentences: pd.DataFrame, theme: str, theme_labels: dict[str, str] | None = None
) -> pd.DataFrame:
    """The sentences that mention ``theme``: what each says about it (the clause's score and
    label), then the whole sentence's score and label; themes by their labels
    (``theme_labels``, else their names)."""
    S, M = Sentences, Mentions
    m = _mentions_of(sentences)
    m = m[m[M.theme] == theme]
    rows = sentences.iloc[m["_row"].to_numpy()]
    return pd.DataFrame(
        {
            "Sentence": rows[S.text].map(visible_controls).to_numpy(),
            f"About {_labelled(theme, theme_labels)}": m[M.mention_label].to_numpy(),
            "Theme score (−1 to 1)": m[M.mention_score].round(2).to_numpy(),
            "Sentence label": rows[S.label].to_numpy(),
            "Sentence score (−1 to 1)": rows[S.sentence_score].round(2).to_numpy(),
            "Themes": _theme_lists(rows[S.themes], theme_labels),
        }
    )


DESCRIBED_BY = 8  # first words of a description that identify a film


def _film_keys(
    title: object, year: object, directors: object, description: object, imdb_id: object = None
) -> list[str]:
    """What tells a related film apart in any snapshot or language; rows sharing any of
    these are one film:

    * its IMDb id, where the page links the film (its saved HTML; a text dump has none);
    * its year and directors ("Micmacs" and "mic macs à tire-larigot": 2009, Jean-Pierre
      Jeunet);
    * the first words of its description, with its directors (a snapshot that lost the
      title and year still describes "A Very Long Engagement" as the other page does);
    * its folded title."""
    people = fold(directors) if isinstance(directors, str) and directors.strip() else ""
    keys = [f"id|{imdb_id}"] if isinstance(imdb_id, str) and imdb_id else []
    if not pd.isna(year) and people:
        keys.append(f"{int(year)}|{people}")
    if isinstance(description, str) and (words := fold(description).split()[:DESCRIBED_BY]):
        keys.append(f"about|{' '.join(words)}|{people}")
    if isinstance(title, str) and fold(title):
        keys.append(f"title|{fold(title)}")
    return keys


def film_names(rel: pd.DataFrame) -> list[str | None]:
    """Each related row's film name, the same for every row of one film (rows sharing a key
    of ``_film_keys``, directly or through another row, never two IMDb ids): the first name
    written with capitals (a page's display form) in document order, else the first; None
    where no row of the film gives a title. Two films of one name are told apart by their
    years ("The Island (2005)", "The Island (2023)")."""
    T = RelatedTitles
    rows = zip(
        *(rel[c] for c in (T.title, T.year, T.directors, T.description, T.imdb_id)), strict=True
    )
    film = list(range(len(rel)))  # union-find over rows
    known: dict[int, str] = {}  # a film's IMDb id, by its root row

    def root(i: int) -> int:
        while film[i] != i:
            film[i] = film[film[i]]
            i = film[i]
        return i

    first: dict[str, int] = {}
    for i, (t, y, d, about, tt) in enumerate(rows):
        if isinstance(tt, str) and tt:
            known[i] = tt
        for key in _film_keys(t, y, d, about, tt):
            a, b = root(i), root(first.setdefault(key, i))
            if a != b and not (a in known and b in known and known[a] != known[b]):
                film[a] = b
                if a in known:
                    known.setdefault(b, known[a])
    chosen: dict[int, str] = {}
    for i, title in enumerate(rel[T.title]):
        f = root(i)
        if isinstance(title, str) and (
            f not in chosen or (chosen[f].islower() and not title.islower())
        ):
            chosen[f] = title
    return _apart_by_year(chosen, [root(i) for i in range(len(rel))], rel[T.year].tolist())


def _apart_by_year(chosen: dict[int, str], films: list[int], years: list) -> list[str | None]:
    """Each row's film name (``chosen``, by film), with the film's year added where another
    film has the same name."""
    year_of: dict[int, int] = {}
    for f, y in zip(films, years, strict=True):
        if not pd.isna(y):
            year_of.setdefault(f, int(y))
    by_name: dict[str, set[int]] = {}
    for f, name in chosen.items():
        by_name.setdefault(fold(name), set()).add(f)
    named = {
        f: f"{name} ({year_of[f]})" if len(by_name[fold(name)]) > 1 and f in year_of else name
        for f, name in chosen.items()
    }
    return [named.get(f) for f in films]


def related_films(related: pd.DataFrame) -> pd.DataFrame:
    """``related_view`` as one row per film: name, year, directors and its rating in each
    snapshot that lists it (this film's own rating on its own row)."""
    out = []
    for (kind, title), g in related.groupby(["kind", "title"], sort=False, dropna=False):
        rated = g[g["rating"].notna()]
        ratings = [
            f"{v:g} on {page}" for v, page in zip(rated["rating"], rated["page"], strict=True)
        ]
        year = g["year"].dropna()
        directors = g["directors"].dropna()
        out.append(
            {
                "Title": title,
                "Year": "" if year.empty else str(int(year.iloc[0])),
                "Directors": "" if directors.empty else directors.iloc[0],
                "IMDb rating in each page": "; ".join(ratings),
                "Pages": int(g["document_id"].nunique()),
                "Kind": kind,
            }
        )
    return pd.DataFrame(
        out, columns=["Title", "Year", "Directors", "IMDb rating in each page", "Pages", "Kind"]
    )


def related_view(
    related: DataFrame[RelatedTitles],
    aggregates: DataFrame[Aggregates],
    documents: pd.DataFrame,
    work_id: str | None = None,
) -> DataFrame[RelatedRows]:
    """Related titles' IMDb ratings beside this film's own, per snapshot document (each
    cited as a reader would: 'IMDb page, 2017-02-17')."""
    A = Aggregates
    pages = document_labels(documents)
    rel = related if work_id is None else related[related["work_id"] == work_id]
    own = aggregates[(aggregates[A.platform] == "imdb") & (aggregates[A.metric] == "user_rating")]
    if work_id is not None:
        own = own[own[A.work_id] == work_id]
    names = film_names(rel)  # one name per film across snapshots and languages
    rows = [
        {
            "title": (
                names[i] if names[i] is not None else f"(title missing) {str(r.description)[:40]}…"
            ),
            "year": r.year,
            "rating": r.rating,
            "document_id": r.document_id,
            "page": pages.get(r.document_id, r.document_id),
            "kind": "related",
            "directors": r.directors,
        }
        for i, r in enumerate(rel.itertuples())
    ]
    rows += [
        {
            "title": "this film",
            "year": None,
            "rating": r.value,
            "document_id": r.document_id,
            "page": pages.get(r.document_id, r.document_id),
            "kind": "this film",
            "directors": None,
        }
        for r in own.itertuples()
    ]
    return pd.DataFrame(rows, columns=columns(RelatedRows))


def work_labels(works: pd.DataFrame, names: dict[str, str] | None = None) -> Callable[[str], str]:
    """A work's label: its name (``names``: 'Title (year)' by id), a game adaptation with
    its platform ('The City of Lost Children — PlayStation game'); the id where nothing
    names it."""
    W, names = Works, names or {}
    games = works[works[W.kind] == "video_game"].drop_duplicates(W.work_id)
    platform = dict(zip(games[W.work_id], games[W.platform_variant].fillna(""), strict=True))
    labels = {w: f"{names.get(w, w)} — {p or 'video'} game" for w, p in platform.items()}
    return lambda work: labels.get(work) or names.get(work, work)


def conflict_table(
    conflicts: pd.DataFrame,
    documents: pd.DataFrame,
    works: pd.DataFrame,
    names: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Conflicts as a reader would want them: the title by name (a game adaptation with its
    platform; only when there are several), the measure by name, each value as written
    next to its page cited as 'IMDb page, 2017-02-17' (no ids), why they differ, and the
    sample sizes."""
    c = conflicts
    pages, title = document_labels(documents), work_labels(works, names)
    shown = pd.DataFrame(
        {
            "Title": [title(w) for w in c[Conflicts.work_id]],
            "Measure": [
                metric_label(a) if a == b else f"{metric_label(a)} vs {metric_label(b)}"
                for a, b in zip(c[Conflicts.metric], c[Conflicts.metric_b], strict=True)
            ],
            "Value A": c[Conflicts.value_a].map(plain_number),
            "Page A": [pages.get(d, d) for d in c[Conflicts.document_a]],
            "Value B": c[Conflicts.value_b].map(plain_number),
            "Page B": [pages.get(d, d) for d in c[Conflicts.document_b]],
            "Why": c[Conflicts.explanation],
            "Sample A": c[Conflicts.n_a].map(_whole),
            "Sample B": c[Conflicts.n_b].map(_whole),
        }
    )
    return _title_if_several(shown, shown["Title"])


PAGE_KINDS = {"table": "review table", "titles": "titles table", "unknown": "not recognised"}


def _kind(kind: object) -> str:
    """A document's kind as shown: 'IMDb page', 'review table'; '' when none."""
    if not isinstance(kind, str):
        return ""
    return PAGE_KINDS.get(kind) or f"{platform_label(kind)} page"


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _file(value: object) -> str:
    """A file as the Data page names it: an upload by the name the user gave it, not the
    place the dashboard stored it ("reviews.csv (uploaded)")."""
    name = uploaded_name(str(value)) if isinstance(value, str) else None
    return f"{name} (uploaded)" if name else _text(value)


def _whole(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{int(value):,}"


def _title_if_several(shown: pd.DataFrame, works: pd.Series) -> pd.DataFrame:
    """``shown`` with its Title column only when ``works`` holds several titles: one title
    (the chosen one) is the page's heading, not a column."""
    return shown if works.nunique() > 1 else shown.drop(columns="Title")


def _shown(frame: pd.DataFrame, columns: dict[str, tuple[str, Callable]]) -> pd.DataFrame:
    """``frame``'s columns under readable headers (header: (column, formatter))."""
    return pd.DataFrame({head: frame[col].map(fmt) for head, (col, fmt) in columns.items()})


def refused_tables(skipped: pd.DataFrame, given: dict[str, str]) -> dict[str, str]:
    """Of the files ``given`` (stored path -> the user's name), the tables refused whole
    (no document: no review text column the reader knows, nor a titles table), which a
    mapping naming their columns may read; stored path -> the user's name."""
    refused = set(refused_files(skipped)[Skipped.path])
    return {p: name for p, name in given.items() if p in refused and table_kind(p) is not None}


def rereadable_tables(
    skipped: pd.DataFrame, documents: pd.DataFrame, given: dict[str, str]
) -> dict[str, str]:
    """Of the files ``given`` (stored path -> the user's name), the review tables read with
    columns no field was read from (their ``UNREAD_COLUMNS`` note), which may be read again
    with other columns named (a titles table's unread columns, IMDb's isAdult or genres,
    are no review's fields); stored path -> the user's name."""
    S, D = Skipped, Documents
    noted = set(skipped.loc[skipped[S.section] == UNREAD_COLUMNS, S.path])
    reviews = set(documents.loc[documents[D.kind] == "table", D.path])
    return {p: name for p, name in given.items() if p in noted & reviews}


NOT_READ = "(none)"  # a column form's choice for a field read from no column


def column_choices(header: list[str], read: dict[str, str]) -> dict[str, tuple[list[str], int]]:
    """What a form naming a table's columns offers for each field of ``NAMED_FIELDS`` (the
    review text is one of the columns; any other may be none of them), and the choice it
    starts from: the column ``read`` says the field is read from now, else the first."""
    out = {}
    for field in NAMED_FIELDS:
        options = header if field == "text" else [NOT_READ, *header]
        now = read.get(field, NOT_READ)
        out[field] = (options, options.index(now) if now in options else 0)
    return out


def form_mapping(chosen: dict[str, str]) -> dict[str, str]:
    """The column mapping a sent form names: "(none)" reads that field from no column
    (mapped to ''), not from one the reader would find by its name."""
    return {field: "" if column == NOT_READ else column for field, column in chosen.items()}


def document_choices(documents: pd.DataFrame) -> dict[str, str]:
    """Each stored document's id and how a picker names it: its file as the Data page
    names it ("reviews.csv (uploaded)") and its kind ("IMDb page", "review table")."""
    D = Documents
    return {
        d: f"{_file(path)} — {_kind(kind)}"
        for d, path, kind in zip(
            documents[D.document_id], documents[D.path], documents[D.kind], strict=True
        )
    }


def accounting_rows(accounting: pd.DataFrame) -> pd.DataFrame:
    """``Corpus.accounting()`` as shown: every file given, read or skipped, and for review
    tables rows read = stored + skipped (blank where a count does not apply)."""
    return _shown(
        accounting,
        {
            "File": ("path", _file),
            "Status": ("status", _text),
            "Kind": ("kind", _kind),
            "Rows read": ("rows_read", _whole),
            "Rows stored": ("rows_stored", _whole),
            "Rows skipped": ("rows_skipped", _whole),
            "Reason": ("reason", _text),
        },
    )


def document_rows(documents: pd.DataFrame) -> pd.DataFrame:
    """The documents read, by file (the ids are the files' names): kind, size (a page's
    characters, a table's rows), date and how it was found, snapshot order and the
    reader's warnings."""
    D = Documents
    unit = documents[D.kind].map(lambda k: "rows" if k in TABLE_KINDS else "characters")
    sized = documents.assign(_size=documents[D.chars].map(_whole) + " " + unit)
    return _shown(
        sized,
        {
            "File": (D.path, _file),
            "Kind": (D.kind, _kind),
            "Size": ("_size", _text),
            "As of": (D.as_of, _text),
            "Dated by": (D.as_of_basis, _text),
            "Snapshot": (D.snapshot_rank, _whole),
            "Warnings": (D.warnings, _text),
        },
    )


def skipped_rows(skipped: pd.DataFrame) -> pd.DataFrame:
    """What was not read, by file and section, with the reason."""
    S = Skipped
    return _shown(
        skipped,
        {"File": (S.path, _file), "Section": (S.section, _text), "Reason": (S.reason, _text)},
    )


def figure_rows(
    figures: pd.DataFrame,
    documents: pd.DataFrame,
    works: pd.DataFrame,
    names: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Figures as shown: what (by name), the value with its unit as people write it
    ('18,000,000 USD', '112 min', '3'), the page it is from and its words; the title only
    when there are several."""
    f, F = figures, Figures
    pages, title = document_labels(documents), work_labels(works, names)
    value = [
        plain_number(v) if u == "count" else f"{plain_number(v)} {u}"
        for v, u in zip(f[F.value], f[F.unit], strict=True)
    ]
    shown = pd.DataFrame(
        {
            "Title": [title(w) for w in f[F.work_id]],
            "Figure": f[F.figure].map(metric_label),
            "Value": value,
            "Page": [pages.get(d, d) for d in f[F.document_id]],  # with its date
            "Quote": f[F.quote],
        }
    )
    return _title_if_several(shown, f[F.work_id])


def topic_rows(topics: pd.DataFrame) -> pd.DataFrame:
    """Discovered topics as shown: name, top terms, example sentences, how many, share."""
    return pd.DataFrame(
        {
            "Topic": topics["topic"],
            "Top terms": topics["terms"],
            "Example sentences": topics["examples"],
            "Sentences": topics["texts"].astype(int),
            "Share": topics["share"] * 100,
        }
    ).pipe(shown_as, {"Share": SHARE})


MEAN_SCORE = "Mean score (−1 to 1)"  # theme_rows' column shown to two decimals


def theme_rows(themes: pd.DataFrame) -> pd.DataFrame:
    """The theme summary as shown: counts, the positive share and its interval as
    percentages, the mean mention score to two decimals (it runs from -1 to 1); the share
    and the score stay numbers (``shown_as``)."""
    T = ThemeSummary
    return pd.DataFrame(
        {
            "Theme": themes[T.label],
            "Mentions": themes[T.mentions].astype(int),
            "Reviews": themes[T.reviews].astype(int),
            "Positive": themes[T.positive].astype(int),
            "Negative": themes[T.negative].astype(int),
            "Neutral": themes[T.neutral].astype(int),
            "Positive share": themes[T.positive_share] * 100,
            "Interval": [
                span(lo, hi, percent=True)
                for lo, hi in zip(themes[T.share_low], themes[T.share_high], strict=True)
            ],
            MEAN_SCORE: themes[T.mean_score],
        }
    ).pipe(shown_as, {"Positive share": SHARE, MEAN_SCORE: UNIT})


def strongest_clashes(reviews: pd.DataFrame, n: int = 50) -> tuple[pd.DataFrame, int]:
    """(the ``n`` reviews where VADER and the model disagree in sign most strongly, how many
    disagree): strength is the distance between the two readings on -1..1."""
    R = ScoredReviews
    # chosen on the score columns and then taken, n rows only: taking every disagreeing
    # review first copied a quarter of a large corpus's text on each rerun
    where = np.flatnonzero((reviews[R.agreement] == "disagree").to_numpy(dtype=bool))
    model = reviews[R.model_positive].to_numpy(dtype=float)[where]
    gap = np.abs((model * 2 - 1) - reviews[R.vader_compound].to_numpy(dtype=float)[where])
    strongest = where[np.argsort(-gap, kind="stable")[:n]]  # ties in the reviews' order
    return reviews.iloc[strongest], len(where)


# the disagreement table: the reviewer's own rating (where given: the arbiter), the two
# readings that disagree, then what to read
CLASH_COLUMNS = (
    ReviewRows.work,
    ReviewRows.rating,
    ReviewRows.vader,
    ReviewRows.model,
    ReviewRows.excerpt,
    ReviewRows.themes,
    ReviewRows.source,
)


def clash_rows(
    clashes: pd.DataFrame,
    scorer: str,
    names: dict[str, str] | None = None,
    theme_labels: dict[str, str] | None = None,
    unused: list[str] | None = None,
    focus: re.Pattern[str] | None = None,
) -> pd.DataFrame:
    """``strongest_clashes``' reviews as the Sentiment page shows them: ``CLASH_COLUMNS``
    of their ``review_table`` rows, less the ``unused`` ones (``unused_review_columns`` of
    the reviews they were chosen from), the excerpts around ``focus`` as the explorer's."""
    rows = review_table(clashes, scorer, names=names, focus=focus, theme_labels=theme_labels)
    return rows[[c for c in CLASH_COLUMNS if c not in (unused or [])]]
