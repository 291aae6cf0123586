"""Overview: the scorecard, critics consensus, every score and snapshot, disagreements."""

from __future__ import annotations

import streamlit as st

from analysis.charts.export import csv_bytes
from analysis.labels import level_text
from analysis.schema import TitleTable
from analysis.views.tables import conflict_table
from analysis.views.titles import (
    first_group,
    has_critics,
    has_users,
    matching_titles,
    one_page,
    pages_of,
    title_rows,
    title_sorts,
)
from analysis.views.view import empty_note
from dashboard.state import Context
from dashboard.widgets import (
    TITLES_PAGE,
    chart_with_exports,
    chips,
    first_page,
    table,
    text_table,
    tiles,
)


def render(ctx: Context) -> None:
    if ctx.many_titles and not ctx.filters.work:
        titles(ctx)
        return
    view = ctx.view
    st.header("How was it received?")
    chips(view.meta.filters)
    if not view.tiles:
        st.info(empty_note("scores", ctx.filters, ctx.names()))
        if view.conflicts.empty:
            return  # nothing below to show either
    tiles(view.tiles)
    for row in view.consensus.itertuples():
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
        corpus = ctx.scored.corpus
        conflicts = conflict_table(view.conflicts, corpus.documents, corpus.works, ctx.names())
        text_table(conflicts, "conflicts_table", wide="Why")


PER_PAGE = 50


def titles(ctx: Context) -> None:
    """No title chosen in a corpus of several: every title, to choose one from."""
    listing, summary = ctx.filtered_titles()
    filtered = ctx.filters.is_set
    st.header("Titles in this collection")
    if filtered:  # the review columns count only the reviews that pass the filters
        chips(ctx.view.meta.filters)
    cols = st.columns(5)
    for col, (label, value) in zip(cols, summary.items(), strict=True):
        col.metric(label, value)
    # in the whole collection, whatever the filters
    critics, users = has_critics(ctx.titles()), has_users(ctx.titles())
    st.caption(
        "Choose a row to make that title the one every page shows (the sidebar's Title "
        f"picker goes back to all titles). Text score: mean of the reviews, 0–100, with its "
        f"{level_text()} interval; Divided: the smaller of the positive and negative shares "
        "over the larger; "
        + (
            "Critics − users: the latest critics' score minus the reviews' text score, with "
            "an interval from both."
            if critics
            else "no title has a published critics' score yet (pages from Rotten Tomatoes, "
            "Metacritic, IMDb or Wikipedia add them), so the critics columns are left out."
        )
        + (
            " Users' rating: the latest published users' score (IMDb's rating, an "
            "audience score) on 0–100; n: the votes or reviews behind a published score, "
            "which give it its interval (none where the page states no n)."
            if users
            else ""
        )
        + (
            " With filters set, the review columns count only the reviews that pass them."
            if filtered
            else ""
        )
    )
    search_col, sort_col, page_col = st.columns([3, 2, 1])
    search = search_col.text_input(
        "Search titles (name or id)",
        key="titles_search",
        max_chars=200,
        on_change=first_page,
        args=(TITLES_PAGE,),
    )
    sorts = title_sorts(critics, users)
    if st.session_state.get("titles_sort", sorts[0]) not in sorts:  # the store changed
        del st.session_state["titles_sort"]
    sort = sort_col.selectbox(
        "Sort by",
        sorts,
        key="titles_sort",
        on_change=first_page,
        args=(TITLES_PAGE,),
    )
    matching = matching_titles(listing, search, sort)
    n_pages = pages_of(matching, PER_PAGE)
    page = page_col.number_input(f"Page (of {n_pages})", 1, n_pages, key=TITLES_PAGE)
    rows = one_page(matching, int(page), PER_PAGE)
    caption_col, export_col = st.columns([3, 1])
    caption_col.caption(f"{len(matching):,} titles match; showing {len(rows):,}.")
    export_col.download_button(
        f"These {len(matching):,} titles (CSV)",
        data=lambda: csv_bytes(matching, ctx.view.titles_meta(len(matching), search).footer()),
        file_name="titles.csv",
        mime="text/csv",
        key="csv_titles",
        on_click="ignore",
    )
    shown = title_rows(rows, critics, users, first_group(ctx.titles()))
    event = table(
        shown,
        "titles_table",
        {  # room for a whole interval ('81.3–93.5', '-20.5 to -8.3'), not a cut one
            **{
                name: st.column_config.TextColumn(width=95)
                for name in ("Interval", "Users' interval", "Critics' interval")
            },
            "Rating from": st.column_config.TextColumn(width=140),
            "Gap interval": st.column_config.TextColumn(width=110),
        },
        height=35 * (min(len(rows), 20) + 1) + 3,
        on_select="rerun",
        selection_mode="single-row",
    )
    chosen = event.selection.rows if event and event.selection else []
    if chosen:
        st.session_state["_choose_work"] = rows[TitleTable.work_id].iloc[chosen[0]]
        st.rerun()
