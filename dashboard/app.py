"""Entry point and router: ``streamlit run dashboard/app.py``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` from any folder
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from analysis.errors import ReceptionError  # noqa: E402
from analysis.views import (  # noqa: E402
    SCORERS,
    STANCES,
    Filters,
    check_theme_input,
    escape_markdown,
    platform_label,
)
from dashboard import pages, state  # noqa: E402

st.set_page_config(page_title="Reception dashboard", page_icon=":material/movie:", layout="wide")


def _init_from_query() -> None:
    """On a session's first run, widget values come from the URL (shareable filtered views)."""
    if st.session_state.get("_initialised"):
        return
    f = Filters.from_query(st.query_params.to_dict())
    st.session_state.update({
        "f_sources": list(f.sources), "f_themes": list(f.themes), "f_labels": list(f.labels),
        "f_scorer": f.scorer, "f_score": (f.score_min, f.score_max), "f_search": f.search,
        "f_helpful": f.min_helpful, "f_work": f.work, "f_from": f.date_from, "f_to": f.date_to,
        "f_stance": f.theme_stance, "_initialised": True, "extra_themes": [],
    })  # fmt: skip


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, date) else None


def _sidebar_filters(opts: dict, names: dict[str, str]) -> Filters:
    sb = st.sidebar
    sb.header("Filters")
    if len(names) > 1:
        ids = ["", *names]
        if st.session_state.get("f_work") not in ids:
            st.session_state["f_work"] = ""
        sb.selectbox("Title", ids, format_func=lambda w: names.get(w, "All titles"), key="f_work")
    sb.radio(
        "Score reviews by", list(SCORERS), format_func=SCORERS.get, key="f_scorer", horizontal=True
    )
    sb.multiselect(
        "Sources",
        opts["sources"],
        format_func=platform_label,
        key="f_sources",
        placeholder="All sources",
    )
    st.session_state["f_themes"] = [
        t for t in st.session_state.get("f_themes", []) if t in opts["themes"]
    ]
    sb.multiselect("Themes", opts["themes"], key="f_themes", placeholder="All themes")
    sb.selectbox(
        "…where the review says about them",
        list(STANCES),
        format_func=STANCES.get,
        key="f_stance",
        help="Judged on the clause around each theme's term, not on the whole review.",
    )
    sb.multiselect(
        "Sentiment label",
        ["positive", "neutral", "negative"],
        key="f_labels",
        placeholder="All labels",
    )
    sb.slider("Sentiment score (0–100)", 0.0, 100.0, key="f_score", step=1.0)
    lo, hi = opts["dates"]
    if lo:
        sb.date_input("Reviews from", value=date.fromisoformat(st.session_state["f_from"]) if st.session_state.get("f_from") else None,
                      min_value=date.fromisoformat(lo), max_value=date.fromisoformat(hi), key="w_from")  # fmt: skip
        sb.date_input("Reviews to", value=date.fromisoformat(st.session_state["f_to"]) if st.session_state.get("f_to") else None,
                      min_value=date.fromisoformat(lo), max_value=date.fromisoformat(hi), key="w_to")  # fmt: skip
    sb.text_input("Text contains", key="f_search", max_chars=200)
    sb.number_input(
        "Minimum helpful votes", 0, max(opts["max_helpful"], 0) or 1000, key="f_helpful"
    )
    score = st.session_state["f_score"]
    return Filters(
        sources=tuple(st.session_state["f_sources"]), themes=tuple(st.session_state["f_themes"]),
        labels=tuple(st.session_state["f_labels"]), scorer=st.session_state["f_scorer"],
        score_min=float(score[0]), score_max=float(score[1]),
        date_from=_iso(st.session_state.get("w_from")) or (st.session_state.get("f_from") if not lo else None),
        date_to=_iso(st.session_state.get("w_to")) or (st.session_state.get("f_to") if not lo else None),
        search=st.session_state["f_search"].strip(), min_helpful=int(st.session_state["f_helpful"]),
        work=st.session_state.get("f_work") or None, theme_stance=st.session_state["f_stance"],
    )  # fmt: skip


def _sidebar_themes() -> None:
    with (
        st.sidebar.expander("Add a theme", expanded=False),
        st.form("add_theme", clear_on_submit=True),
    ):
        name = st.text_input("Theme name", key="new_theme_name", max_chars=60)
        terms = st.text_input("Terms (comma-separated)", key="new_theme_terms", max_chars=2000)
        if st.form_submit_button("Add theme"):
            try:
                check_theme_input(name, terms)
                state.make_theme(name, terms)
            except ReceptionError as exc:
                st.error(str(exc))
            else:
                st.session_state["extra_themes"] = [
                    *st.session_state["extra_themes"],
                    (name, terms),
                ]
    for name, terms in st.session_state["extra_themes"]:
        st.sidebar.text(f"Your theme: {name} — {terms}")


def _sidebar_uploads() -> dict[str, str]:
    """Stored path -> the name the user gave (shown, never used as a path)."""
    files = st.sidebar.file_uploader(
        "Add your own pages (text or HTML saved from a browser)",
        accept_multiple_files=True,
        key="uploads",
    )
    return {str(state.store_upload(f.name, f.getvalue())): f.name for f in files or []}


def main() -> None:
    _init_from_query()
    st.title("Reception dashboard")
    st.caption(
        "Critic aggregates, user reviews, sentiment and themes from the pages you saved — with sources, sample sizes and intervals."
    )
    uploads = _sidebar_uploads()
    paths = tuple(uploads)
    _sidebar_themes()
    themes = tuple(st.session_state["extra_themes"])
    try:
        state.ingest_uploads(list(uploads))
        db = state.store_key()
        scored = state.scored_corpus(db, paths, themes)
    except ReceptionError as exc:
        st.error(escape_markdown(str(exc)))
        st.stop()
    for row in scored.corpus.skipped.itertuples():
        if row.path in uploads and row.section in {"file", "document"}:
            reason = row.reason.replace(f"{row.path}: ", "")
            st.sidebar.warning(
                f"Skipped {escape_markdown(uploads[row.path])}: {escape_markdown(reason)}"
            )
    filters = _sidebar_filters(*state.sidebar_options(db, paths, themes))
    if st.sidebar.button("Reset filters", key="reset"):
        for key in [k for k in st.session_state if k.startswith(("f_", "w_"))]:
            del st.session_state[key]
        st.session_state["_initialised"] = False
        st.query_params.clear()
        st.rerun()
    wanted = filters.to_query()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
    st.session_state.update(
        {
            "_view": state.view(db, paths, themes, filters),
            "_scored": scored,
            "_paths": (db, paths),
            "_themes": themes,
        }
    )
    nav = st.navigation([
        st.Page(pages.overview, title="Overview", icon=":material/leaderboard:", default=True),
        st.Page(pages.sentiment, title="Sentiment", icon=":material/mood:", url_path="sentiment"),
        st.Page(pages.themes, title="Themes", icon=":material/label:", url_path="themes"),
        st.Page(pages.reviews, title="Reviews", icon=":material/reviews:", url_path="reviews"),
        st.Page(pages.compare, title="Compare titles", icon=":material/compare_arrows:", url_path="compare"),
        st.Page(pages.related, title="Related titles", icon=":material/movie:", url_path="related"),
        st.Page(pages.data, title="Data & exports", icon=":material/download:", url_path="data"),
    ])  # fmt: skip
    nav.run()


# Streamlit (and AppTest) run this file as __main__; a worker process that re-imports the
# parent's main module (multiprocessing "spawn", as Dask's LocalCluster does) must not.
if __name__ == "__main__":
    main()
