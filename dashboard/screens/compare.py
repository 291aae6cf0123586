"""Compare titles: scores and theme profiles side by side, with intervals."""

from __future__ import annotations

import streamlit as st

from analysis.charts.export import NamedChart
from analysis.views.compare import compare_meta, compare_rows, compare_titles
from analysis.views.titles import most_reviewed
from dashboard.state import Context
from dashboard.widgets import chart_with_exports, table


def render(ctx: Context) -> None:
    from analysis.charts.builders import compare_chart, compare_themes_chart  # altair: on use

    scored = ctx.scored
    st.header("Compare titles")
    labels = ctx.title_choices()
    if len(labels) < 2:
        st.info("Add pages or a review table about another title (sidebar) to compare titles.")
        return
    if "compare_titles" not in st.session_state:  # opens with the most-reviewed titles
        st.session_state["compare_titles"] = most_reviewed(ctx.titles(), labels, 3)
    picked = st.multiselect(
        "Titles (two or more; type to search by name or id)",
        list(labels),
        format_func=labels.get,
        key="compare_titles",
        max_selections=6,
    )
    if len(picked) < 2:
        st.caption("Choose at least two titles.")
        return
    st.caption("Every review of each title: the sidebar's filters do not apply here.")
    scores, themes = compare_titles(scored, picked)
    meta = compare_meta(scored, picked)
    chart_with_exports(NamedChart("compare_scores", compare_chart(scores, meta)))
    table(compare_rows(scores), "compare_table")
    if len(themes):
        chart_with_exports(NamedChart("compare_themes", compare_themes_chart(themes, meta)))
