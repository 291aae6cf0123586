"""Overview: the scorecard, critics consensus, every score and snapshot, disagreements."""

from __future__ import annotations

import streamlit as st

from analysis.labels import level_text
from analysis.views.tables import conflict_table
from dashboard.state import Context
from dashboard.widgets import chart_with_exports, chips, tiles


def render(ctx: Context) -> None:
    view = ctx.view
    st.header("How was it received?")
    chips(view.filters.chips())
    if not view.tiles:
        st.info(
            "No scores match these filters. Clear the source filter in the sidebar to see every platform."
        )
    tiles(view.tiles)
    for row in ctx.scored.corpus.consensus.itertuples():
        with st.container(border=True):
            st.caption("Rotten Tomatoes critics consensus (kept apart from user reviews)")
            st.text(row.text)
    charts = ctx.charts("aggregate_scores")
    if "aggregate_scores" in charts:
        st.subheader("Every score and snapshot, on one 0–100 scale")
        st.caption(
            f"Snapshots are shown one by one, never averaged. Whiskers: {level_text()} interval "
            "where the page states a sample size."
        )
        chart_with_exports(charts["aggregate_scores"])
    st.subheader("Where the sources disagree, and why")
    if view.conflicts.empty:
        st.info("No disagreements between the pages read.")
    else:
        st.dataframe(conflict_table(view.conflicts), hide_index=True, key="conflicts_table")
