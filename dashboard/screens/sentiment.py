"""Sentiment: score distribution, timeline, helpfulness, VADER vs the model."""

from __future__ import annotations

import streamlit as st

from analysis.measures.bursts import BURST_RULE
from analysis.views.view import empty_note, missing_charts
from dashboard.state import Context
from dashboard.widgets import chart_with_exports, chips, review_columns, table

CHARTS = ("review_scores", "review_timeline", "helpfulness", "vader_vs_model")


def render(ctx: Context) -> None:
    view = ctx.view
    st.header("What do the reviews say?")
    chips(view.meta.filters)
    if view.rows.empty:
        st.info(empty_note("sentiment", ctx.filters, ctx.names()))
        return
    charts, missing = ctx.charts(*CHARTS), missing_charts(view, CHARTS)
    for name in CHARTS:
        if name in charts:
            chart_with_exports(charts[name])
            if name == "review_timeline":
                st.caption(BURST_RULE)
        elif name in missing:
            st.caption(missing[name])
    shown, total = ctx.clash_table()
    st.subheader(f"Reviews where VADER and the model disagree in sign ({total:,})")
    if not total:
        st.caption("On every review shown they agree in sign, or one of them reads neutral.")
    elif total > len(shown):
        st.caption(
            f"The {len(shown)} strongest disagreements (furthest apart on −1 to 1); the "
            "review explorer and the CSV export hold them all."
        )
    if len(shown):
        table(shown, "clash_table", review_columns())
