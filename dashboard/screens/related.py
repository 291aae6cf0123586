"""Related titles: 'More like this' entries beside this film's own rating."""

from __future__ import annotations

import streamlit as st

from analysis.views.tables import related_films
from dashboard.state import Context
from dashboard.widgets import chart_with_exports, table


def render(ctx: Context) -> None:
    st.header("Related titles")
    charts = ctx.charts("related_titles")
    if "related_titles" not in charts:
        st.info("The pages read have no 'More like this' section.")
        return
    chart_with_exports(charts["related_titles"])
    table(related_films(ctx.view.related), "related_table")
