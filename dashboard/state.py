"""Caching wrappers around analysis calls (the only place the app caches anything)."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import streamlit as st

from analysis import load_corpus
from analysis.export import safe_name
from analysis.report import View, build_view
from analysis.scoring import ScoredCorpus, Scorers, score_corpus
from analysis.themes import discover_themes, make_theme
from analysis.views import Filters

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


@st.cache_data(show_spinner="Reading and scoring the pages…", max_entries=8)
def scored_corpus(paths: tuple[str, ...], themes: tuple[tuple[str, str], ...] = ()) -> ScoredCorpus:
    return score_corpus(load_corpus(paths), scorers(themes), workers=1)


@st.cache_data(max_entries=64)
def view(paths: tuple[str, ...], themes: tuple[tuple[str, str], ...], filters: Filters) -> View:
    return build_view(scored_corpus(paths, themes), filters)


@st.cache_data(max_entries=8)
def topics(paths: tuple[str, ...], themes: tuple[tuple[str, str], ...]):
    sc = scored_corpus(paths, themes)
    return discover_themes(sc.sentences["text"].tolist())
