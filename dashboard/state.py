"""Caching wrappers around analysis calls (the only place the app caches anything)."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import streamlit as st

from analysis.export import safe_name
from analysis.report import View, build_view
from analysis.scoring import ScoredCorpus, Scorers, retag
from analysis.store import Store, default_db
from analysis.themes import discover_themes, make_theme
from analysis.views import Filters, filter_options, title_choices

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
UPLOAD_DIR = Path(tempfile.gettempdir()) / "reception-dashboard-uploads"


@st.cache_resource(show_spinner="Loading the sentiment model…")
def scorers(themes: tuple[tuple[str, str], ...] = ()) -> Scorers:
    extra = tuple(make_theme(name, terms) for name, terms in themes)
    return Scorers.load(extra_themes=extra)


def store_upload(name: str, data: bytes) -> Path:
    """Write an uploaded file under a name made from its hash (the user's name is only a
    label: it is never used as a path)."""
    UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()[:12]
    path = UPLOAD_DIR / f"upload-{safe_name(Path(name).stem)[:40]}-{digest}.txt"
    if not path.exists():
        path.write_bytes(data)
    return path


def store_key() -> tuple[str, float]:
    """The default store and its last change (so a CLI ingest elsewhere shows up)."""
    store = Store(default_db())
    if not store.exists():
        with st.spinner("First run: creating the store from seeds/ …"):
            store.ingest([SEEDS], scorers=scorers())
    elif _stale(str(store.path), store.path.stat().st_mtime):
        with st.spinner("The sentiment model changed: rescoring the stored reviews …"):
            store.ingest([], scorers=scorers())
    return str(store.path), store.path.stat().st_mtime


@st.cache_resource(show_spinner=False, max_entries=4)
def _stale(path: str, mtime: float) -> bool:  # noqa: ARG001 - mtime is the cache key
    """Whether the store needs rescoring: asked once per version of the file, not per rerun."""
    return Store(path).needs_rescoring(scorers())


# cache_resource, not cache_data: these frames are large and never mutated, and pickling a
# copy per rerun cost seconds and doubled memory on a 100,000-review store.
def ingest_uploads(paths: list[str]) -> None:
    """Put new uploads into the store, with a progress bar while their reviews are scored."""
    store = Store(default_db())
    new = store.new_files(paths)
    if not new:
        return
    bar = st.sidebar.progress(0.0, text="Reading and scoring your files…")
    done = [0]

    def step(n: int) -> None:
        done[0] += n
        bar.progress(min(1.0, done[0] / max(done[0], 1)), text=f"Scored {done[0]:,} reviews…")

    store.ingest(new, scorers=scorers(), progress=step)
    bar.empty()


@st.cache_resource(show_spinner="Reading the store…", max_entries=4)
def scored_corpus(db: tuple[str, float], uploads: tuple[str, ...] = (),
                  themes: tuple[tuple[str, str], ...] = ()) -> ScoredCorpus:  # fmt: skip
    store = Store(db[0])
    scored = store.load(scorers(themes))
    return retag(scored, scorers(themes)) if themes else scored


@st.cache_resource(max_entries=4)
def sidebar_options(db: tuple[str, float], uploads: tuple[str, ...],
                    themes: tuple[tuple[str, str], ...]) -> tuple[dict, dict[str, str]]:  # fmt: skip
    """The filter choices and the title picker's labels, once per corpus (not per rerun)."""
    sc = scored_corpus(db, uploads, themes)
    return filter_options(sc), title_choices(sc.corpus.works)


@st.cache_resource(max_entries=12)  # each view holds filtered frames: bound the memory
def view(db: tuple[str, float], uploads: tuple[str, ...], themes: tuple[tuple[str, str], ...],
         filters: Filters) -> View:  # fmt: skip
    return build_view(scored_corpus(db, uploads, themes), filters)


@st.cache_data(max_entries=8)
def topics(db: tuple[str, float], uploads: tuple[str, ...], themes: tuple[tuple[str, str], ...]):
    sc = scored_corpus(db, uploads, themes)
    texts = sc.sentences["text"]
    return discover_themes(texts.sample(min(len(texts), 20_000), random_state=0).tolist())
