"""The sidebar: widgets in, ``Filters`` out, kept in sync with the URL; uploads and themes."""

from __future__ import annotations

from datetime import date

import streamlit as st

from analysis.errors import ReceptionError
from analysis.ingest.tables import NAMED_FIELDS, UNREAD_COLUMNS, named_columns
from analysis.labels import SCORER_LABELS, STANCES, platform_label
from analysis.nlp.themes import check_theme_input, make_theme
from analysis.schema import SENTIMENT_LABELS
from analysis.text import escape_markdown
from analysis.views.filters import Filters
from analysis.views.tables import (
    column_choices,
    form_mapping,
    refused_tables,
    rereadable_tables,
)
from dashboard import state
from dashboard.widgets import PAGED, first_page


def init_from_query() -> None:
    """On a session's first run, widget values come from the URL (shareable filtered views)."""
    if st.session_state.get("_initialised"):
        return
    f = Filters.from_query(st.query_params.to_dict())
    st.session_state.update(
        {
            "f_sources": list(f.sources),
            "f_themes": list(f.themes),
            "f_labels": list(f.labels),
            "f_scorer": f.scorer,
            "f_score": (f.score_min, f.score_max),
            "f_search": f.search,
            "f_helpful": f.min_helpful,
            "f_work": f.work,
            "f_from": f.date_from,
            "f_to": f.date_to,
            "f_stance": f.theme_stance,
            "_initialised": True,
            "extra_themes": [],
        }
    )


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, date) else None


def _date_inputs(bounds: tuple[str | None, str | None]) -> tuple[str | None, str | None]:
    """The review date range; without dated reviews, what the URL asked for stays."""
    lo, hi = bounds
    ss = st.session_state
    if not lo:
        return ss.get("f_from"), ss.get("f_to")
    low, high = date.fromisoformat(lo), date.fromisoformat(hi)
    for label, key, wkey in (("Reviews from", "f_from", "w_from"), ("Reviews to", "f_to", "w_to")):
        start = date.fromisoformat(ss[key]) if ss.get(key) else None
        st.sidebar.date_input(label, value=start, min_value=low, max_value=high, key=wkey)
    return _iso(ss.get("w_from")), _iso(ss.get("w_to"))


def filters(opts: dict, names: dict[str, str], listed: list[str]) -> Filters:
    """Every filter widget; returns the filters in force. ``names``: every title's label;
    ``listed``: the titles the picker lists (and the chosen one, wherever it was chosen)."""
    sb, ss = st.sidebar, st.session_state
    sb.header("Filters")
    if "_choose_work" in ss:  # a title chosen on a page (the Titles table) since last run
        ss["f_work"] = ss.pop("_choose_work")
    if len(names) > 1:
        chosen = ss.get("f_work")
        ids = ["", *listed]
        if chosen in names and chosen not in listed:
            ids.append(chosen)
        if chosen not in ids:
            ss["f_work"] = ""
        more = len(names) - len(listed)
        sb.selectbox(
            "Title",
            ids,
            format_func=lambda w: names.get(w, "All titles"),
            key="f_work",
            help=f"The {len(listed):,} most-reviewed titles; the Titles table on Overview "
            f"finds the other {more:,}."
            if more > 0
            else None,
        )
    sb.radio(
        "Score reviews by",
        list(SCORER_LABELS),
        format_func=SCORER_LABELS.get,
        key="f_scorer",
        horizontal=True,
    )
    sb.multiselect(
        "Sources",
        opts["sources"],
        format_func=platform_label,
        key="f_sources",
        placeholder="All sources",
    )
    ss["f_themes"] = [t for t in ss.get("f_themes", []) if t in opts["themes"]]
    sb.multiselect(
        "Themes",
        opts["themes"],
        format_func=lambda name: opts["theme_labels"].get(name, name),
        key="f_themes",
        placeholder="All themes",
    )
    sb.selectbox(
        "…where the review says about them",
        list(STANCES),
        format_func=STANCES.get,
        key="f_stance",
        help="Judged on the clause around each theme's term, not on the whole review.",
    )
    sb.multiselect(
        "Sentiment label", list(SENTIMENT_LABELS)[::-1], key="f_labels", placeholder="All labels"
    )
    sb.slider("Sentiment score (0–100)", 0.0, 100.0, key="f_score", step=1.0, format="%.0f")
    date_from, date_to = _date_inputs(opts["dates"])
    sb.text_input("Text contains", key="f_search", max_chars=200)
    sb.number_input(
        "Minimum helpful votes", 0, max(opts["max_helpful"], 0) or 1000, key="f_helpful"
    )
    score = ss["f_score"]
    return Filters(
        sources=tuple(ss["f_sources"]),
        themes=tuple(ss["f_themes"]),
        labels=tuple(ss["f_labels"]),
        scorer=ss["f_scorer"],
        score_min=float(score[0]),
        score_max=float(score[1]),
        date_from=date_from,
        date_to=date_to,
        search=ss["f_search"].strip(),
        min_helpful=int(ss["f_helpful"]),
        work=ss.get("f_work") or None,
        theme_stance=ss["f_stance"],
    )


def reset_button() -> None:
    if st.sidebar.button("Reset filters", key="reset"):
        for key in [k for k in st.session_state if k.startswith(("f_", "w_"))]:
            del st.session_state[key]
        st.session_state["_initialised"] = False
        st.query_params.clear()
        st.rerun()


def first_pages_on_change(current: Filters) -> None:
    """Other filters, another set of reviews: the paged tables start again from their first
    page (page 40 of the old set would be an arbitrary slice of the new one)."""
    if st.session_state.get("_paged_for", current) != current:
        first_page(*PAGED)
    st.session_state["_paged_for"] = current


def sync_url(current: Filters) -> None:
    """The URL holds the non-default filters, so a view can be shared."""
    wanted = current.to_query()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def themes() -> state.Themes:
    """'Add a theme' form; returns the user's themes (name, terms)."""
    with (
        st.sidebar.expander("Add a theme", expanded=False),
        st.form("add_theme", clear_on_submit=True),
    ):
        name = st.text_input("Theme name", key="new_theme_name", max_chars=60)
        terms = st.text_input("Terms (comma-separated)", key="new_theme_terms", max_chars=2000)
        if st.form_submit_button("Add theme"):
            try:
                check_theme_input(name, terms)
                make_theme(name, terms)
            except ReceptionError as exc:
                st.error(str(exc))
            else:
                st.session_state["extra_themes"] = [
                    *st.session_state["extra_themes"],
                    (name, terms),
                ]
    for name, terms in st.session_state["extra_themes"]:
        st.sidebar.text(f"Your theme: {name} — {terms}")
    return tuple(st.session_state["extra_themes"])


def uploads() -> dict[str, str]:
    """Stored path -> the name the user gave (shown, never used as a path)."""
    files = st.sidebar.file_uploader(
        "Add your own pages (HTML or text saved from a browser) or review tables (CSV, "
        "TSV, JSON, JSON Lines, Parquet; gzipped too)",
        accept_multiple_files=True,
        key=f"uploads_{st.session_state.get(state.UPLOADS_ROUND, 0)}",  # a new key empties it
    )
    return {str(state.store_upload(f.name, f.getvalue())): f.name for f in files or []}


UPLOAD_MAPS = "upload_maps"  # session state: stored path -> field -> column the user named


def upload_mappings() -> dict[str, dict[str, str]]:
    """The columns the user named for refused uploads (``column_forms``)."""
    return st.session_state.get(UPLOAD_MAPS, {})


def column_forms(skipped, documents, given: dict[str, str]) -> None:
    """For each uploaded table that was refused (``refused_tables``; ``given``: stored path
    -> the user's name), an open form naming which of its columns hold the review text and
    the other fields (``NAMED_FIELDS``); for each read with columns left unread
    (``rereadable_tables``), a closed one starting from the columns read. Sent, the table is
    read again with them (the command line's ``--map``), a stored one taken out first."""
    refused = refused_tables(skipped, given)
    for path, name in {**refused, **rereadable_tables(skipped, documents, given)}.items():
        try:
            header = state.upload_columns(path)
        except ReceptionError:
            continue  # not readable as a table at all: its warning says why
        stored = path not in refused
        read = named_columns(header) if stored else {}
        title = f"Read {name} with other columns" if stored else f"Name the columns of {name}"
        with (
            st.sidebar.expander(escape_markdown(title), expanded=not stored),
            st.form(f"columns::{path}", border=False),
        ):
            chosen = {
                field: st.selectbox(
                    NAMED_FIELDS[field], options, index=index, key=f"column::{path}::{field}"
                )
                for field, (options, index) in column_choices(header, read).items()
            }
            if st.form_submit_button("Read it with these columns"):
                named = form_mapping(chosen)
                st.session_state[UPLOAD_MAPS] = {**upload_mappings(), path: named}
                if stored:
                    state.forget_files([path])
                st.rerun()


def skipped_notices(skipped, given: dict[str, str]) -> None:
    """One warning per uploaded file that was not read, and a note per uploaded table with
    columns no field was read from, naming the file by the user's name; a table refused
    whole is pointed to its form (``column_forms``)."""
    refused = refused_tables(skipped, given)
    for row in skipped.itertuples():
        if row.path not in given:
            continue
        reason = escape_markdown(row.reason.replace(f"{row.path}: ", ""))
        if row.section in {"file", "document"}:
            st.sidebar.warning(f"Skipped {escape_markdown(given[row.path])}: {reason}")
            if row.path in refused:
                st.sidebar.caption("Name its columns below to read it.")
        elif row.section == UNREAD_COLUMNS:
            st.sidebar.info(f"{escape_markdown(given[row.path])}: {reason}")
