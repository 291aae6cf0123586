"""Reusable UI pieces: a chart with its export buttons, scorecard tiles, chips."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from analysis.charts.export import FORMATS, NamedChart, chart_bytes
from analysis.labels import SCORE, UNIT, formats_of
from analysis.schema import ReviewRows
from analysis.text import escape_markdown


def counts(table) -> dict:
    """Column settings that show a table's whole-number columns with thousands separators
    ("100,005"), still sorting as numbers."""
    return {
        c: st.column_config.NumberColumn(format="localized")
        for c in table.columns
        if pd.api.types.is_integer_dtype(table[c])
    }


def numbers(table) -> dict:
    """Column settings for a table's number columns: whole numbers with thousands
    separators (``counts``), the others in the printf format the table declares
    (``analysis.labels.shown_as``: '87.4', '53%')."""
    return counts(table) | {
        c: st.column_config.NumberColumn(format=fmt) for c, fmt in formats_of(table).items()
    }


def decimals(table, places: int = 2) -> dict:
    """Column settings that show a table's fractional columns with ``places`` decimals
    ("0.10", not "0.1")."""
    return {
        c: st.column_config.NumberColumn(format=f"%.{places}f")
        for c in table.columns
        if pd.api.types.is_float_dtype(table[c])
    }


def table(data, key: str, column_config: dict | None = None, **kwargs):
    """A table as every page shows one (``st.dataframe``): no index column; number columns
    as ``numbers`` sets them, then the caller's ``column_config``; a missing value an empty
    cell, not the word "None". Returns what ``st.dataframe`` returns (a row selection)."""
    frame = data.data if isinstance(data, Styler) else data  # a Styler shows its frame
    config = numbers(frame) | (column_config or {})
    return st.dataframe(
        data, hide_index=True, key=key, column_config=config, placeholder="", **kwargs
    )


def text_table(data, key: str, wide: str) -> None:
    """A table of plain text (never HTML), its ``wide`` column given the room."""
    table(data, key, {wide: st.column_config.TextColumn(width="large")})


REVIEW_PAGE, TITLES_PAGE = "review_page", "titles_page"  # the paged tables' page numbers
PAGED = (REVIEW_PAGE, TITLES_PAGE)


def first_page(*keys: str) -> None:
    """Start the paged tables ``keys`` again from their first page (a callback for the
    widgets that choose another order or search, and for a filter change)."""
    for key in keys:
        st.session_state[key] = 1


def review_columns() -> dict:
    """Column settings for review rows (``ReviewRows``): the excerpt gets the room, the
    theme list a medium column (cut short on screen, whole on hover), so that both show;
    scores to one decimal on 0-100 and two on the scorers' own scales ("0.0", not "0")."""
    W = ReviewRows
    return {
        W.themes: st.column_config.TextColumn(width="medium"),
        W.excerpt: st.column_config.TextColumn(width="large"),
        W.sentiment: st.column_config.NumberColumn(
            format=SCORE, help="The chosen scorer's reading on 0-100 (sidebar: Score reviews by)"
        ),
        W.text_score: st.column_config.NumberColumn(
            format=SCORE, help="The model's star estimate on 0-100"
        ),
        W.vader: st.column_config.NumberColumn(format=UNIT),
        W.model: st.column_config.NumberColumn(format=UNIT),
    }


def chart_with_exports(nc: NamedChart) -> None:
    """Render a chart and offer it as PNG (2x), SVG, standalone HTML and Vega-Lite JSON.

    The files are made only when a button is pressed (deferred data)."""
    shown = nc.screen
    if shown.title:  # plain text: a title can name a user's film
        st.markdown(f"**{escape_markdown(shown.title)}**")
    # the spec made once per chart (``NamedChart.screen_spec``), not on every run
    st.vega_lite_chart(
        spec=json.loads(nc.screen_spec), theme=None, key=f"chart_{nc.name}", width="stretch"
    )
    if shown.note:
        st.caption(escape_markdown(shown.note))
    if shown.sources:  # the note counted them: the list itself, plain text, on request
        with st.expander(f"The {len(shown.sources)} sources of this chart"):
            st.text("\n".join(shown.sources))
    cols = st.columns(len(FORMATS) + 2)
    for col, (fmt, mime) in zip(cols, FORMATS.items(), strict=False):
        col.download_button(
            f"{fmt.upper()}",
            data=lambda c=nc.chart, f=fmt: chart_bytes(c, f),
            file_name=f"{nc.name}.{fmt}",
            mime=mime,
            key=f"dl_{nc.name}_{fmt}",
            on_click="ignore",
            icon=":material/download:",
        )


def tiles(tiles_list, per_row: int = 3) -> None:
    """Scorecard tiles grouped by work (film and game apart): 0-100 value, the published
    form, n, interval and as-of."""
    works = list(dict.fromkeys(t.work for t in tiles_list))
    for work in works:
        st.text(
            work if work != "Reviews shown" else "The reviews themselves"
        )  # plain: titles come from user pages
        group = [t for t in tiles_list if t.work == work]
        for start in range(0, len(group), per_row):
            cols = st.columns(per_row)
            for col, tile in zip(cols, group[start : start + per_row], strict=False):
                with col.container(border=True):
                    value = f"{tile.score_100:.1f}" if tile.score_100 is not None else "—"
                    st.metric(escape_markdown(tile.title), value, help=escape_markdown(tile.help))
                    st.text(f"{tile.raw}\n{tile.interval}\n{tile.as_of}")


def chips(chip_list: list[str]) -> None:
    """The filters in force, as plain text (user text is never rendered as markdown)."""
    if chip_list:
        st.text("Filters: " + "  ·  ".join(chip_list))
    else:
        st.text("Filters: none (showing everything)")
