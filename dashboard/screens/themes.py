"""Themes: praise and criticism per theme, the sentences behind each, discovered topics."""

from __future__ import annotations

import streamlit as st

from analysis.text import escape_markdown
from analysis.views.tables import theme_rows, theme_sentences, topic_rows
from analysis.views.view import empty_note, topics_caption, topics_note
from dashboard.state import Context
from dashboard.widgets import chart_with_exports, chips, decimals, table

NO_PICK = "(choose a theme)"


def render(ctx: Context) -> None:
    view = ctx.view
    st.header("What do reviewers praise and criticise?")
    chips(view.meta.filters)
    charts = ctx.charts("themes")
    if "themes" not in charts:
        st.info(empty_note("themes", ctx.filters, ctx.names()))
    else:
        chart_with_exports(charts["themes"])
        rows = theme_rows(view.themes)
        table(rows, "theme_table")
        labels = ctx.theme_labels()
        pick = st.selectbox(
            "Read the sentences behind a theme",
            [NO_PICK, *view.themes["theme"]],
            format_func=lambda name: labels.get(name, name),
            key="theme_pick",
        )
        if pick != NO_PICK:
            shown = escape_markdown(labels.get(pick, pick))  # a user's theme names its label
            if st.button(f"Filter every view by “{shown}”", key="theme_apply"):
                st.session_state["f_themes"] = [pick]
                st.rerun()
            st.caption(
                f"“About {shown}” is the label of the clause around the theme's term; a "
                "sentence can praise one thing and criticise another."
            )
            said = theme_sentences(view.sentences, pick, labels)
            table(said, "theme_sentences", decimals(said))
    topics = ctx.topics()
    st.subheader("Discovered topics")
    if topics.empty:
        st.caption(topics_note(ctx.scored, ctx.filters.work, ctx.names()))
    else:
        shown = topic_rows(topics)
        table(shown, "topics_table")
        st.caption(topics_caption(ctx.filters.work))
