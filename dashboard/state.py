"""Caching wrappers around analysis calls (the only place the app caches anything).

Everything is keyed by one ``CorpusKey`` (the store file and its last change, the uploads,
the user's themes), so a page asks ``Context`` for the scored corpus, the filtered view or
the charts it shows, and each is computed once per corpus and filters.
"""

from __future__ import annotations

import importlib
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import streamlit as st

from analysis.charts.export import NamedChart
from analysis.collection import ForgetReport, Store, default_db
from analysis.ingest.tables import table_columns, upload_file_name
from analysis.labels import progress_text
from analysis.nlp.themes import discover_themes, make_theme, warm_topic_discovery
from analysis.scoring.pipeline import ScoredCorpus, Scorers, retag
from analysis.views.filters import Filters, filter_options
from analysis.views.tables import clash_rows, focus_pattern, title_choices
from analysis.views.titles import corpus_summary, picker_titles, title_names, titles_table
from analysis.views.view import View, build_view, topic_texts, view_charts

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
UPLOAD_DIR = Path(tempfile.gettempdir()) / "reception-dashboard-uploads"

Themes = tuple[tuple[str, str], ...]


class CorpusKey(NamedTuple):
    """What the scored corpus depends on: the store (path, last change), uploads, themes."""

    db: str
    mtime: float
    uploads: tuple[str, ...] = ()
    themes: Themes = ()


@st.cache_resource(show_spinner="Loading the sentiment model…")
def scorers(themes: Themes = ()) -> Scorers:
    extra = tuple(make_theme(name, terms) for name, terms in themes)
    return Scorers.load(extra_themes=extra)


def store_upload(name: str, data: bytes) -> Path:
    """Write an uploaded file under a name made from its hash (the user's name is only a
    label: it is never used as a path)."""
    UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    path = UPLOAD_DIR / upload_file_name(name, data)
    if not path.exists():
        path.write_bytes(data)
    return path


def corpus_key(uploads: Iterable[str], themes: Themes) -> CorpusKey:
    """The default store's key; creates it from seeds/ on first run and rescores it when the
    model changed (asked once per version of the file, not per rerun)."""
    store = Store(default_db())
    if not store.exists():
        with st.spinner("First run: creating the store from seeds/ …"):
            store.ingest([SEEDS], scorers=scorers())
    elif _stale(str(store.path), store.path.stat().st_mtime):
        with st.spinner("The sentiment model changed: rescoring the stored reviews …"):
            store.ingest([], scorers=scorers())
    return CorpusKey(str(store.path), store.path.stat().st_mtime, tuple(uploads), themes)


@st.cache_resource(show_spinner=False, max_entries=4)
def _stale(path: str, mtime: float) -> bool:  # noqa: ARG001 - mtime is the cache key
    return Store(path).needs_rescoring(scorers())


UPLOADS_ROUND = "uploads_round"  # session state: bumped to empty the uploader


def forget(document_ids: list[str], uploads: Iterable[str]) -> ForgetReport:
    """Take these documents back out of the store (``Store.forget``). An upload among them
    still in the uploader (``uploads``: its files' stored paths) would be read again on
    the next run: the uploader is emptied (the other uploads in it are in the store)."""
    with st.spinner("Taking the files out of the store…"):
        report = Store(default_db()).forget(document_ids, scorers=scorers())
    if report.paths & set(uploads):
        st.session_state[UPLOADS_ROUND] = st.session_state.get(UPLOADS_ROUND, 0) + 1
    return report


def forget_files(paths: list[str]) -> None:
    """Take the documents read from these files back out of the store, so that the next
    run reads the files again (with other columns named); the uploader keeps them."""
    with st.spinner("Taking the files out of the store…"):
        Store(default_db()).forget_files(paths, scorers=scorers())


@st.cache_data(max_entries=16, show_spinner=False)
def upload_columns(path: str) -> list[str]:
    """An uploaded table's column names (``table_columns``), read once: an upload's stored
    name holds a hash of its bytes, so the path stands for the content."""
    return table_columns(Path(path))


def ingest_uploads(paths: list[str], mappings: dict[str, dict[str, str]] | None = None) -> None:
    """Put new uploads into the store, with a progress bar that knows its total. Without
    uploads nothing is opened. ``mappings``: for a table refused before, the columns the
    user named for it (stored path -> field -> column), read with them alone."""
    if not paths:
        return
    store = Store(default_db())
    new = store.new_files(paths)
    if not new:
        return
    bar = st.sidebar.progress(0.0, text="Reading your files…")
    started = time.perf_counter()

    def step(done: int, total: int) -> None:
        text = progress_text(done, total, time.perf_counter() - started)
        bar.progress(done / total if total else 1.0, text=f"Scoring: {text}")

    mappings = mappings or {}
    plain = [p for p in new if str(p) not in mappings]
    if plain:
        store.ingest(plain, scorers=scorers(), progress=step)
    for path in new:  # one mapping per table: each names its own columns
        if str(path) in mappings:
            store.ingest([path], mapping=mappings[str(path)], scorers=scorers(), progress=step)
    bar.empty()


# cache_resource, not cache_data: these frames are large and never mutated, and pickling a
# copy per rerun cost seconds and doubled memory on a 100,000-review store.
@st.cache_resource(show_spinner="Reading the store…", max_entries=4)
def scored_corpus(key: CorpusKey) -> ScoredCorpus:
    scored = Store(key.db).load(scorers(key.themes))
    return retag(scored, scorers(key.themes)) if key.themes else scored


@st.cache_resource(show_spinner="Reading the filter choices…", max_entries=4)
def sidebar_options(key: CorpusKey) -> tuple[dict, dict[str, str], list[str]]:
    """The filter choices, every title's picker label and the titles the picker lists,
    once per corpus (not per rerun)."""
    sc = scored_corpus(key)
    choices = title_choices(sc.corpus.works)
    return filter_options(sc), choices, picker_titles(titles(key), choices)


# each view holds filtered frames: bound the memory
@st.cache_resource(show_spinner="Applying the filters…", max_entries=12)
def view(key: CorpusKey, filters: Filters) -> View:
    return build_view(scored_corpus(key), filters)


@st.cache_resource(show_spinner="Drawing the charts…", max_entries=24)
def charts(key: CorpusKey, filters: Filters, names: tuple[str, ...]) -> dict[str, NamedChart]:
    """The charts one page shows, built once per view (not every chart for every page)."""
    return {nc.name: nc for nc in view_charts(view(key, filters), names)}


@st.cache_data(show_spinner="Discovering topics in the sentences…", max_entries=8)
def topics(key: CorpusKey, work: str | None = None):
    """Topics of the chosen title's sentences (its family: a film and its games), or of all."""
    return discover_themes(topic_texts(scored_corpus(key), work))


@st.cache_resource(show_spinner="Summarising every title…", max_entries=4)
def titles(key: CorpusKey):
    return titles_table(scored_corpus(key))


@st.cache_resource(show_spinner="Counting the reviews that pass the filters…", max_entries=8)
def filtered_titles(key: CorpusKey, filters: Filters) -> tuple[pd.DataFrame, dict[str, str]]:
    """The Titles table and its headline figures, counting only the reviews that pass the
    filters (every review when none is set)."""
    scored = scored_corpus(key)
    reviews = view(key, filters).rows if filters.is_set else None
    table = titles(key) if reviews is None else titles_table(scored, reviews=reviews)
    return table, corpus_summary(table, scored, reviews)


def theme_labels(key: CorpusKey) -> dict[str, str]:
    """Each theme's label by name ('story' -> 'Story / plot'): the sidebar's, made once."""
    return sidebar_options(key)[0]["theme_labels"]


@st.cache_resource(show_spinner=False, max_entries=12)
def clash_table(key: CorpusKey, filters: Filters) -> tuple[pd.DataFrame, int]:
    """The Sentiment page's disagreement table (``clash_rows`` of the view's strongest
    ``clashes``) and how many reviews disagree, once per view: 0.04 s that every rerun of
    the page spent on the 100k store, the view itself cached."""
    shown = view(key, filters)
    clashes, total = shown.clashes
    rows = clash_rows(
        clashes,
        filters.scorer,
        names=names(key),
        theme_labels=theme_labels(key),
        unused=shown.unfilled_columns,
        focus=focus(key, filters),
    )
    return rows, total


def focus(key: CorpusKey, filters: Filters):
    """What the review tables' excerpts centre on (``focus_pattern``): the search text, else
    the chosen themes' terms (built-in and the user's), else nothing."""
    return focus_pattern(filters.search, scorers(key.themes).themes, filters.themes)


@st.cache_resource(show_spinner=False, max_entries=4)
def names(key: CorpusKey) -> dict[str, str]:
    return title_names(scored_corpus(key).corpus.works).to_dict()


CHART_CODE = "analysis.charts.builders"
PREFETCH_THREAD = "prefetch-charts"


def _prefetch() -> None:
    importlib.import_module(CHART_CODE)
    warm_topic_discovery()  # after the charts: a chosen title's page needs those first


def prefetch_charts() -> None:
    """Import the chart code (altair, 0.25 s), then what topic discovery uses (scikit-learn,
    VADER's lexicon: 1-1.3 s of the Themes page's first visit), in a background thread once
    a run has drawn its page: a store of many titles opens on the Titles table, which draws
    no chart, and the first title a user picks, or the first visit to Themes, then does not
    wait for the imports (once per process)."""
    with _PREFETCHING:
        if _PREFETCHED.is_set():
            return
        _PREFETCHED.set()
    threading.Thread(target=_prefetch, name=PREFETCH_THREAD, daemon=True).start()


# once per process, whichever page came first (a title's page imports the chart code
# itself: the topic code is still to fetch)
_PREFETCHING = threading.Lock()
_PREFETCHED = threading.Event()


@dataclass(frozen=True)
class Context:
    """What a page needs: the corpus key and the filters; the rest comes from the caches."""

    key: CorpusKey
    filters: Filters

    @property
    def scored(self) -> ScoredCorpus:
        return scored_corpus(self.key)

    @property
    def view(self) -> View:
        return view(self.key, self.filters)

    def charts(self, *names: str) -> dict[str, NamedChart]:
        return charts(self.key, self.filters, names)

    def topics(self):
        return topics(self.key, self.filters.work)

    def titles(self):
        return titles(self.key)

    def filtered_titles(self) -> tuple[pd.DataFrame, dict[str, str]]:
        """The Titles table and its headline figures for the reviews that pass the
        sidebar's filters."""
        return filtered_titles(self.key, self.filters)

    def clash_table(self) -> tuple[pd.DataFrame, int]:
        """The strongest VADER/model disagreements as the Sentiment page shows them, and
        how many reviews disagree (``clash_table``)."""
        return clash_table(self.key, self.filters)

    def names(self) -> dict[str, str]:
        """Every title's name by id ('Title (year)'; the id where nothing names it)."""
        return names(self.key)

    def theme_labels(self) -> dict[str, str]:
        """Each theme's label by name ('story' -> 'Story / plot'), as the Themes page shows."""
        return theme_labels(self.key)

    def focus(self):
        """What the review tables' excerpts centre on (``focus``)."""
        return focus(self.key, self.filters)

    def title_choices(self) -> dict[str, str]:
        """Every choosable title's picker label by id (computed once per corpus)."""
        return sidebar_options(self.key)[1]

    @property
    def many_titles(self) -> bool:
        """More than one title to choose from (the Titles table is then the start)."""
        return len(self.title_choices()) > 1
