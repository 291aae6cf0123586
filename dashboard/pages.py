"""Page bodies, one function each. They read the current view from session state."""

from __future__ import annotations

import streamlit as st

from analysis.export import csv_bytes
from analysis.report import View, view_charts
from analysis.text import visible_controls
from analysis.views import (
    conflict_table,
    escape_markdown,
    review_table,
    sentence_table,
    theme_sentences,
)
from dashboard import state
from dashboard.widgets import chart_with_exports, chips, tiles


def _view() -> View:
    return st.session_state["_view"]


def _charts(view: View) -> dict:
    return {nc.name: nc for nc in view_charts(view)}


def overview() -> None:
    view = _view()
    st.header("How was it received?")
    chips(view.filters.chips())
    if not view.tiles:
        st.info(
            "No scores match these filters. Clear the source filter in the sidebar to see every platform."
        )
    tiles(view.tiles)
    scored = st.session_state["_scored"]
    for row in scored.corpus.consensus.itertuples():
        with st.container(border=True):
            st.caption("Rotten Tomatoes critics consensus (kept apart from user reviews)")
            st.text(row.text)
    charts = _charts(view)
    if "aggregate_scores" in charts:
        st.subheader("Every score and snapshot, on one 0–100 scale")
        st.caption(
            "Snapshots are shown one by one, never averaged. Whiskers: 95% interval where the page states a sample size."
        )
        chart_with_exports(charts["aggregate_scores"])
    st.subheader("Where the sources disagree, and why")
    if view.conflicts.empty:
        st.info("No disagreements between the pages read.")
    else:
        st.dataframe(conflict_table(view.conflicts), hide_index=True, key="conflicts_table")


def sentiment() -> None:
    view = _view()
    st.header("What do the reviews say?")
    chips(view.filters.chips())
    if view.reviews.empty:
        st.info(
            "No reviews match these filters. Widen the score range or clear the theme or text filters."
        )
        return
    charts = _charts(view)
    for name in ("review_scores", "review_timeline", "helpfulness", "vader_vs_model"):
        if name in charts:
            chart_with_exports(charts[name])
    clashes = view.reviews[view.reviews["agreement"] == "disagree"]
    st.subheader(f"Reviews where VADER and the model disagree in sign ({len(clashes)})")
    if len(clashes):
        st.dataframe(
            review_table(clashes, view.filters.scorer).drop(columns=["review_id"]),
            hide_index=True,
            key="clash_table",
        )


def themes() -> None:
    view = _view()
    st.header("What do reviewers praise and criticise?")
    chips(view.filters.chips())
    charts = _charts(view)
    if "themes" not in charts:
        st.info("No theme is mentioned in the sentences that match these filters.")
    else:
        chart_with_exports(charts["themes"])
        st.dataframe(view.themes, hide_index=True, key="theme_table")
        pick = st.selectbox(
            "Read the sentences behind a theme",
            ["(choose a theme)", *view.themes["theme"]],
            key="theme_pick",
        )
        if pick != "(choose a theme)":
            if st.button(f"Filter every view by “{escape_markdown(pick)}”", key="theme_apply"):
                st.session_state["f_themes"] = [pick]
                st.rerun()
            st.caption(
                f"“about {pick}” is the label of the clause around the theme's term; a sentence "
                "can praise one thing and criticise another."
            )
            st.dataframe(
                theme_sentences(view.sentences, pick), hide_index=True, key="theme_sentences"
            )
    topics = state.topics(*st.session_state["_paths"], st.session_state["_themes"])
    st.subheader("Discovered topics")
    if topics.empty:
        st.caption(
            "Topic discovery (TF-IDF + NMF over sentences) needs at least 200 sentences; this corpus has fewer."
        )
    else:
        st.dataframe(topics, hide_index=True, key="topics_table")
        st.caption("Adopt a topic by adding a theme in the sidebar with its terms.")


def reviews() -> None:
    view = _view()
    st.header("Review explorer")
    chips(view.filters.chips())
    if view.reviews.empty:
        st.info("No reviews match these filters. Clear a filter in the sidebar to see more.")
        return
    table = review_table(view.reviews, view.filters.scorer)
    page_size = 50
    pages = max(1, -(-len(table) // page_size))
    page = st.number_input(f"Page (of {pages})", 1, pages, 1, key="review_page") if pages > 1 else 1
    shown = table.iloc[(page - 1) * page_size : page * page_size]
    matches = "1 review matches" if len(table) == 1 else f"{len(table):,} reviews match"
    st.caption(f"{matches}. Select a row to read it sentence by sentence.")
    event = st.dataframe(shown.drop(columns=["review_id"]), hide_index=True, on_select="rerun",
                         selection_mode="single-row", key="review_table")  # fmt: skip
    rows = event.selection.rows if event else []
    rid = shown.iloc[rows[0]]["review_id"] if rows else shown.iloc[0]["review_id"]
    review = view.reviews.set_index("review_id").loc[rid]
    author = review["author"] if isinstance(review["author"], str) else "Anonymous"
    st.subheader(escape_markdown(visible_controls(f"{author} — {review['source']}")))  # inert
    sents = sentence_table(st.session_state["_scored"].sentences, rid)
    colour = {
        "positive": "background-color: #dcfce7",
        "negative": "background-color: #fee2e2",
        "neutral": "",
    }
    styled = sents.style.apply(lambda r: [colour[r["label"]]] * len(r), axis=1)
    st.dataframe(styled, hide_index=True, key="sentence_table",
                 column_config={"score": st.column_config.NumberColumn(format="%.2f"),
                                "sentence": st.column_config.TextColumn(width="large")})  # fmt: skip
    st.caption(
        "Each sentence is shown as plain text, coloured by its score; themes are listed beside it."
    )
    with st.expander("The whole review (plain text)"):
        st.text(visible_controls(review["text"]))


def related() -> None:
    view = _view()
    st.header("Related titles")
    charts = _charts(view)
    if "related_titles" not in charts:
        st.info("The pages read have no 'More like this' section.")
        return
    chart_with_exports(charts["related_titles"])
    st.dataframe(view.related, hide_index=True, key="related_table")


def data() -> None:
    view = _view()
    scored = st.session_state["_scored"]
    st.header("Data and exports")
    st.markdown(
        "**About the data.** Each page you give is read for its reviews, published scores, "
        "related titles and figures; every number keeps the page and exact text it came from. "
        "Scores are put on 0–100 with their sample size and a 95% interval where the page "
        "states a sample size. Sentences are scored by VADER and by a model trained on 25,000 "
        f"labelled IMDb reviews (model `{scored.model_version}`)."
    )
    header = view.meta.footer()
    cols = st.columns(3)
    for col, (name, df) in zip(
        cols,
        (("reviews", view.reviews), ("sentences", view.sentences), ("aggregates", view.aggregates)),
        strict=True,
    ):
        col.download_button(f"Filtered {name} (CSV)", data=lambda d=df: csv_bytes(d, header), file_name=f"{name}.csv",
                            mime="text/csv", key=f"csv_{name}", on_click="ignore")  # fmt: skip
    st.subheader("Every file given")
    st.caption(
        "Each file is read or skipped (with the reason); for review tables, rows read = rows "
        "stored + rows skipped (each skipped row is listed below with its line)."
    )
    st.dataframe(scored.corpus.accounting(), hide_index=True, key="accounting_table")
    st.subheader("Documents read")
    st.dataframe(
        scored.corpus.documents.drop(columns=["sha256"]), hide_index=True, key="documents_table"
    )
    st.subheader("Skipped (with the reason)")
    if scored.corpus.skipped.empty:
        st.caption("Nothing was skipped.")
    else:
        st.dataframe(scored.corpus.skipped, hide_index=True, key="skipped_table")
    st.subheader("Figures")
    st.dataframe(scored.corpus.figures, hide_index=True, key="figures_table")


def compare() -> None:
    from analysis.charts import compare_chart, compare_themes_chart
    from analysis.export import NamedChart
    from analysis.views import compare_titles

    scored = st.session_state["_scored"]
    st.header("Compare titles")
    films = scored.corpus.works[scored.corpus.works["kind"] == "film"]
    if len(films) < 2:
        st.info("Add pages or a review table about another title (sidebar) to compare titles.")
        return
    labels = dict(zip(films["work_id"], films["title"], strict=True))
    picked = st.multiselect("Titles (two or more; type to search by name or id)", list(labels),
                            format_func=lambda w: f"{labels[w]} [{w}]", key="compare_titles",
                            max_selections=6)  # fmt: skip
    if len(picked) < 2:
        st.caption("Choose at least two titles.")
        return
    scores, themes = compare_titles(scored, picked)
    meta = _view().meta
    chart_with_exports(NamedChart("compare_scores", compare_chart(scores, meta)))
    st.dataframe(scores, hide_index=True, key="compare_table")
    if len(themes):
        chart_with_exports(NamedChart("compare_themes", compare_themes_chart(themes, meta)))
