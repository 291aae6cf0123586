"""Data and exports: filtered tables as CSV, every file's accounting, documents, skipped."""

from __future__ import annotations

import streamlit as st

from analysis.charts.export import csv_bytes
from analysis.labels import level_text
from analysis.views.model_note import accuracy_table, model_note
from analysis.views.tables import accounting_rows, document_rows, figure_rows, skipped_rows
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
