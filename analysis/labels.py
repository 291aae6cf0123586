"""Display names for platforms, metrics, scorers and stances, and number formats: one
vocabulary for the dashboard, the charts and the exports."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.measures.aggregates import METRICS
from analysis.schema import TABLE_KINDS, Documents, ScoredReviews
from analysis.settings import DEFAULT, Settings

PLATFORM_LABELS = {
    "imdb": "IMDb",
    "rotten_tomatoes": "Rotten Tomatoes",
    "metacritic": "Metacritic",
    "gamerankings": "GameRankings",
    "steam": "Steam",
    "moviedb": "Movie database",
    "reviews": "Review text",
}


SCORER_LABELS = {"model": "Model P(positive)", "vader": "VADER compound"}


def sentiment_100(reviews: pd.DataFrame, scorer: str) -> pd.Series:
    """A review's sentiment on 0-100 for the chosen scorer (VADER's -1..1 mapped linearly)."""
    if scorer == "vader":
        return (reviews[ScoredReviews.vader_compound] + 1) * 50
    return reviews[ScoredReviews.model_positive] * 100


STANCES = {
    "": "anything",
    "negative": "something negative",
    "positive": "something positive",
    "neutral": "something neutral",
}


def platform_label(platform: str) -> str:
    """A platform's name ('IMDb'); a file or data set name ('imdb_labeled.parquet') as it is."""
    if platform in PLATFORM_LABELS:
        return PLATFORM_LABELS[platform]
    if "." in platform:
        return platform
    return platform.replace("_", " ").title()


def page_names(documents: pd.DataFrame) -> dict[str, str]:
    """Each document's kind of page as people name it ('IMDb', 'Rotten Tomatoes')."""
    kinds = zip(documents[Documents.document_id], documents[Documents.kind], strict=True)
    return {d: platform_label(k) for d, k in kinds}


# the name ``ingest.tables.upload_file_name`` stores an upload under: the user's name as a
# label, a hash of the bytes, the suffix the file is read by
_UPLOADED = re.compile(r"upload-(?P<stem>[A-Za-z0-9 ()._-]*)-[0-9a-f]{12}(?P<suffix>\..+)")


def uploaded_name(path: Path | str) -> str | None:
    """For a file the dashboard stored from an upload, the name the user gave as the
    stored name keeps it (``source_name``); None for any other file."""
    path = Path(path)
    return source_name(path) if _UPLOADED.fullmatch(path.name) else None


def source_name(path: Path | str) -> str:
    """A file as a reader names it: its file name; for an upload, the name the user gave
    as the stored name keeps it ("reviews.csv", not "upload-reviews-2d711642b726.csv"; a
    page "film.html", though stored as .txt)."""
    path = Path(path)
    m = _UPLOADED.fullmatch(path.name)
    if not m:
        return path.name
    if m["suffix"] == ".txt" and "." in m["stem"]:  # a page, under the name it was given
        return m["stem"]
    return f"{m['stem'] or 'upload'}{m['suffix']}"


_TABLE, _PAGE = "table ", " page"  # how a document is cited: 'table x.csv', 'IMDb page, …'


def cited_kind(label: str) -> str:
    """The kind of document a ``document_labels`` label cites: 'table', or its site's page
    ('IMDb page' of 'IMDb page, 2017-02-17')."""
    return "table" if label.startswith(_TABLE) else label.split(_PAGE, 1)[0] + _PAGE


def document_labels(documents: pd.DataFrame, among: pd.DataFrame | None = None) -> dict[str, str]:
    """Each document as a reader would cite it: 'IMDb page, 2017-02-17', 'Rotten Tomatoes
    page', 'IMDb page (snapshot 2)' for a later undated capture of a site (snapshot 1 is the
    oldest), 'table reviews.csv' for a data set (by its file name, an upload's as the user
    named it; never an id or a stored hash name).

    Labels are told apart ``among`` every document read (default: those given), so that a
    page is cited the same way whichever of its neighbours a chart also cites."""
    if among is not None:
        every = document_labels(among)
        return {d: every[d] for d in documents["document_id"] if d in every}
    out = {}
    for r in documents.itertuples():
        if r.kind in TABLE_KINDS:
            out[r.document_id] = f"{_TABLE}{source_name(str(r.path))}"
            continue
        if isinstance(r.as_of, str):
            when = f", {r.as_of}"
        elif not pd.isna(r.snapshot_rank) and int(r.snapshot_rank) > 1:
            when = f" (snapshot {int(r.snapshot_rank)})"
        else:
            when = ""
        out[r.document_id] = f"{platform_label(r.kind)}{_PAGE}{when}"
    return _told_apart(out, documents)


def _told_apart(labels: dict[str, str], documents: pd.DataFrame) -> dict[str, str]:
    """Labels that two documents share get each one's file name ('IMDb page, 2017 —
    got__2017-07-mobile.html'), and a number where even that is shared: a conflict
    between two pages never reads as a page against itself."""
    paths = dict(zip(documents["document_id"], documents["path"], strict=True))
    shared = pd.Series(labels).duplicated(keep=False)
    out = {
        d: f"{label} — {source_name(str(paths[d]))}" if shared[d] else label
        for d, label in labels.items()
    }
    seen: dict[str, int] = {}
    for d, label in out.items():
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            out[d] = f"{label} ({seen[label]})"
    return out


_WORDS = {"us": "US", "uk": "UK", "imdb": "IMDb"}  # written in capitals in a metric's name


def metric_label(metric: str) -> str:
    """A metric or figure as people name it: 'Tomatometer', 'US gross'."""
    spec = METRICS.get(metric)
    if spec and spec.label:
        return spec.label
    return " ".join(_WORDS.get(w, w) for w in metric.split("_"))


def level_text(settings: Settings = DEFAULT) -> str:
    """The interval coverage as people write it: '95%'."""
    return f"{settings.confidence_level:.0%}"


def progress_text(done: int, total: int, elapsed_s: float, unit: str = "reviews") -> str:
    """'1,200 of 8,000 reviews · 410/s · 17 s left' for a progress bar's label."""
    rate = done / elapsed_s if elapsed_s > 0 else 0.0
    text = f"{done:,} of {total:,} {unit}"
    if rate > 0:
        text += f" · {rate:,.0f}/s · {(total - done) / rate:,.0f} s left"
    return text


def _missing(value: object) -> bool:
    return value is None or value != value  # None or NaN (pd.NA is not used for numbers here)


def pct(share: float, digits: int = 0, empty: str = "") -> str:
    """A share as people write it: 0.5323 -> '53%' (``empty`` when there is none)."""
    return empty if _missing(share) else f"{share:.{digits}%}"


def number(value: float, digits: int = 1, empty: str = "") -> str:
    """A score to ``digits`` decimals: 49.37 -> '49.4' (``empty`` when there is none)."""
    return empty if _missing(value) else f"{value:.{digits}f}"


def plain_number(value: float, empty: str = "") -> str:
    """A published value as people write it: 1738611.0 -> '1,738,611', 7.7 -> '7.7',
    78.6 -> '78.6' (at most two decimals, no trailing zeros)."""
    if _missing(value):
        return empty
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def span(low: float, high: float, percent: bool = False) -> str:
    """An interval as 'low–high' ('49.1–49.6', or '41%–65%'); '' when either end is missing.
    A narrow one gets the decimals that tell its ends apart ('28.7%–29.3%', not '29%–29%')."""
    if _missing(low) or _missing(high):
        return ""
    show, digits = (pct, 0) if percent else (number, 1)
    while digits < 3 and low != high and show(low, digits) == show(high, digits):
        digits += 1
    # a dash between signed ends reads as a subtraction ('-20.5–-8.3'): words between them
    joint = " to " if low < 0 or high < 0 else "–"
    return f"{show(low, digits)}{joint}{show(high, digits)}"


# How a table's number columns read on screen: the columns stay numbers (a click on a
# header sorts 9.4 below 87.4, not above it as text would) and the page shows them in
# these printf formats (Streamlit's NumberColumn), set on the table by ``shown_as``.
SCORE, SIGNED, SHARE = "%.1f", "%+.1f", "%.0f%%"  # 87.4, -14.4 / +10.7, 53% (of 0-100)
UNIT = "%.2f"  # a scorer's own scale, -1 to 1 or 0 to 1: 0.47, -0.12
FORMATS = "formats"  # the DataFrame.attrs key


def shown_as(table: pd.DataFrame, formats: dict[str, str]) -> pd.DataFrame:
    """``table`` with the printf format each of its number columns is shown in (kept in
    ``table.attrs``; a share column holds percentages, 0-100, for ``SHARE``)."""
    unknown = set(formats) - set(table.columns)
    if unknown:
        msg = f"no column(s) {sorted(unknown)} to format; the table has {list(table.columns)}"
        raise KeyError(msg)
    table.attrs[FORMATS] = {**table.attrs.get(FORMATS, {}), **formats}
    return table


def formats_of(table: pd.DataFrame) -> dict[str, str]:
    """The printf formats ``shown_as`` set on a table's columns."""
    return dict(table.attrs.get(FORMATS, {}))
