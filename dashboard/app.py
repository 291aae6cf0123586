"""Entry point and router: ``streamlit run dashboard/app.py``."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` from any folder
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from analysis.errors import ReceptionError  # noqa: E402
from analysis.text import escape_markdown  # noqa: E402
from dashboard import sidebar, state  # noqa: E402
from dashboard.screens import SCREENS  # noqa: E402

# read once, not on every rerun (st.html would open the file each time it is given a path)
STYLE = "<style>" + Path(__file__).with_name("app.css").read_text(encoding="utf-8") + "</style>"


def main() -> None:
    st.set_page_config(
        page_title="Reception dashboard", page_icon=":material/movie:", layout="wide"
    )
    sidebar.init_from_query()
    st.html(STYLE)  # style only: Streamlit adds it outside the page's layout
    st.title("Reception dashboard")
    st.caption(
        "Critic aggregates, user reviews, sentiment and themes from the pages you saved — "
        "with sources, sample sizes and intervals."
    )
    given = sidebar.uploads()
    themes = sidebar.themes()
    try:
        state.ingest_uploads(list(given), sidebar.upload_mappings())
        key = state.corpus_key(given, themes)
        scored = state.scored_corpus(key)
    except ReceptionError as exc:
        st.error(escape_markdown(str(exc)))
        st.stop()
    sidebar.skipped_notices(scored.corpus.skipped, given)
    sidebar.column_forms(scored.corpus.skipped, scored.corpus.documents, given)
    filters = sidebar.filters(*state.sidebar_options(key))
    sidebar.reset_button()
    sidebar.sync_url(filters)
    sidebar.first_pages_on_change(filters)
    ctx = state.Context(key, filters)
    pages = [
        st.Page(
            partial(s.render, ctx), title=s.title, icon=s.icon, url_path=s.url_path, default=i == 0
        )
        for i, s in enumerate(SCREENS)
    ]
    st.navigation(pages).run()
    state.prefetch_charts()


# Streamlit (and AppTest) run this file as __main__; a worker process that re-imports the
# parent's main module (multiprocessing "spawn", as Dask's LocalCluster does) must not.
if __name__ == "__main__":
    main()
