"""Review explorer: the filtered reviews, and one review sentence by sentence."""

from __future__ import annotations

import streamlit as st

from analysis.labels import UNIT, platform_label
from analysis.schema import ReviewRows, ScoredReviews, SentenceRows
from analysis.text import escape_markdown, visible_controls
from analysis.views.tables import (
    page_of_reviews,
    review_sorts,
    review_table,
    sentence_table,
)
from analysis.views.titles import pages_of
from analysis.views.view import empty_note
from dashboard.state import Context
from dashboard.widgets import REVIEW_PAGE, chips, first_page, review_columns, table

PAGE_SIZE = 50
COLOURS = {
    "positive": "background-color: #dcfce7",
    "negative": "background-color: #fee2e2",
    "neutral": "",
}


def render(ctx: Context) -> None:
    view = ctx.view
    R = ScoredReviews
    st.header("Review explorer")
    chips(view.meta.filters)
    if view.rows.empty:
        st.info(empty_note("reviews", ctx.filters, ctx.names()))
        return
    f = view.filters
    total = len(view.rows)
    pages = pages_of(view.rows, PAGE_SIZE)
    sort_col, page_col = st.columns([3, 1])
    sort = sort_col.selectbox(
        "Sort by",
        review_sorts(view.rows),
        key="review_sort",
        on_change=first_page,
        args=(REVIEW_PAGE,),
    )
    page = (
        page_col.number_input(f"Page (of {pages})", 1, pages, 1, key=REVIEW_PAGE)
        if pages > 1
        else 1
    )
    focus = ctx.focus()
    shown = review_table(
        view.add_text(page_of_reviews(view.rows, sort, int(page), PAGE_SIZE)),
        f.scorer,
        names=ctx.names(),
        focus=focus,
        theme_labels=ctx.theme_labels(),
    )
    matches = "1 review matches" if total == 1 else f"{total:,} reviews match"
    around = (
        " Excerpts are taken around the search text or the chosen themes' words."
        if focus is not None
        else ""
    )
    st.caption(f"{matches}. Select a row to read it sentence by sentence.{around}")
    event = table(
        shown.drop(columns=[ReviewRows.review_id, *view.unfilled_columns]),
        "review_table",
        review_columns(),
        on_select="rerun",
        selection_mode="single-row",
    )
    rows = event.selection.rows if event else []
    rid = shown.iloc[rows[0] if rows else 0][ReviewRows.review_id]
    review = view.review(rid)
    author = review[R.author] if isinstance(review[R.author], str) else "Anonymous"
    st.subheader(
        escape_markdown(visible_controls(f"{author} — {platform_label(review[R.source])}"))
    )  # inert
    sents = sentence_table(ctx.scored.sentences, rid, ctx.theme_labels())
    N = SentenceRows
    styled = sents.style.apply(lambda r: [COLOURS[r[N.label]]] * len(r), axis=1)
    table(
        styled,
        "sentence_table",
        {
            N.score: st.column_config.NumberColumn(
                format=UNIT,
                help="The model's P(positive) − P(negative). The label is the likeliest of "
                "negative, neutral and positive, so a score near 0 can carry any of them.",
            ),
            N.sentence: st.column_config.TextColumn(width="large"),
        },
    )
    st.caption(
        "Each sentence is shown as plain text, coloured by its score; themes are listed beside it."
    )
    with st.expander("The whole review (plain text)"):
        st.text(visible_controls(review[R.text]))
