"""Chart and table exports (PNG, SVG, standalone HTML, Vega-Lite JSON, CSV), headless."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass

import altair as alt
import pandas as pd
import vl_convert as vlc

from analysis.errors import UnknownNameError

FORMATS = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "html": "text/html",
    "json": "application/json",
}
PNG_SCALE = 2


def chart_bytes(chart: alt.TopLevelMixin, fmt: str) -> bytes:
    """A chart as file contents. PNG is rendered at 2x scale; HTML embeds its scripts
    (opens offline); JSON is the Vega-Lite spec with the export metadata in ``usermeta``."""
    spec = chart.to_dict()
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=PNG_SCALE)
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec).encode("utf-8")
    if fmt == "html":
        return vlc.vegalite_to_html(spec, bundle=True).encode("utf-8")
    if fmt == "json":
        return json.dumps(spec, indent=2).encode("utf-8")
    msg = f"unknown export format {fmt!r}; valid formats: {', '.join(FORMATS)}"
    raise UnknownNameError(msg)


def csv_bytes(df: pd.DataFrame, header_lines: list[str]) -> bytes:
    """CSV with ``# `` comment lines first (sources, filters, model version)."""
    buf = io.StringIO()
    for line in header_lines:
        buf.write("# " + line.replace("\n", " ") + "\n")
    df.to_csv(buf, index=False)
    return buf.getvalue().encode("utf-8")


@dataclass(frozen=True)
class NamedChart:
    name: str
    chart: alt.TopLevelMixin


def safe_name(name: str) -> str:
    """A file name from a chart name (never from user input)."""
    return re.sub(r"[^a-z0-9_-]+", "_", name.lower()).strip("_") or "chart"
