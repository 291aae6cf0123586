"""Data and exports: filtered tables as CSV, every file's accounting, documents, skipped."""

from __future__ import annotations

import streamlit as st

from analysis.charts.export import csv_bytes
from analysis.labels import level_text
from analysis.views.model_note import accuracy_table, model_note
from analysis.views.tables import (
    accounting_rows,
    document_choices,
    document_rows,
    figure_rows,
    skipped_rows,
)
from dashboard import state
from dashboard.state import Context
from dashboard.widgets import table, text_table


def render(ctx: Context) -> None:
    view, scored = ctx.view, ctx.scored
    st.header("Data and exports")
    st.markdown(
        "**About the data.** Each page you give is read for its reviews, published scores, "
        "related titles and figures; every number keeps the page and exact text it came from. "
        f"Scores are put on 0–100 with their sample size and a {level_text()} interval where the "
        "page states a sample size."
    )
    st.markdown(model_note(scored.model_version))
    accuracy = accuracy_table(scored.model_version)
    if accuracy is None:
        st.caption(
            "No stored evaluation for this model (run: python -m analysis evaluate --write)."
        )
    else:
        table(accuracy, "accuracy_table", height=35 * (len(accuracy) + 1) + 3)
    tables = (  # each file says what it holds: the published figures ignore review filters
        ("reviews", view.reviews, view.meta),
        ("sentences", view.sentences, view.meta),
        ("aggregates", view.aggregates, view.aggregates_meta),
    )
    for col, (name, df, meta) in zip(st.columns(3), tables, strict=True):
        col.download_button(
            f"Filtered {name} (CSV)",
            data=lambda d=df, m=meta: csv_bytes(d, m.footer()),
            file_name=f"{name}.csv",
            mime="text/csv",
            key=f"csv_{name}",
            on_click="ignore",
        )
    st.subheader("Every file given")
    st.caption(
        "Each file is read or skipped (with the reason); for tables, rows read = rows "
        "stored + rows skipped (each skipped row is listed below with its line)."
    )
    corpus = scored.corpus
    table(accounting_rows(corpus.accounting()), "accounting_table")
    st.subheader("Documents read")
    table(document_rows(corpus.documents), "documents_table")
    forget_form(corpus.documents, ctx.key.uploads)
    st.subheader("Skipped (with the reason)")
    if corpus.skipped.empty:
        st.caption("Nothing was skipped.")
    else:
        table(skipped_rows(corpus.skipped), "skipped_table")
    st.subheader("Figures")
    if view.figures.empty:
        st.caption("The pages read state no other figures (money, runtime, awards) here.")
    else:
        figures = figure_rows(view.figures, corpus.documents, corpus.works, ctx.names())
        text_table(figures, "figures_table", wide="Quote")


FORGOT = "_forgot"  # session state: what the last removal did, shown once


def forget_form(documents, uploads) -> None:
    """A form taking chosen documents back out of the store (``Store.forget``)."""
    choices = document_choices(documents)
    if done := st.session_state.pop(FORGOT, None):  # what the last removal did
        st.success(done)
    with st.expander("Take files out of the store"), st.form("forget_form", border=False):
        st.caption(
            "Their reviews, scores, titles rows and notes go, with the titles no file left is "
            "about; every other file stays as it is. To read an uploaded table with other "
            "columns, use its form in the sidebar instead."
        )
        chosen = st.multiselect(
            "Files", list(choices), format_func=choices.get, placeholder="Choose files"
        )
        if st.form_submit_button("Take them out") and chosen:
            report = state.forget(chosen, uploads)
            st.session_state[FORGOT] = f"Done: {report}."
            st.rerun()
