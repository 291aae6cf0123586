"""Chart and table exports (PNG, SVG, standalone HTML, Vega-Lite JSON, CSV), headless."""

from __future__ import annotations

import functools
import io
import json
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

import pandas as pd
import vl_convert as vlc

from analysis.errors import UnknownNameError
from analysis.labels import cited_kind

if TYPE_CHECKING:  # altair is imported where a chart is made (0.25 s of the app's start,
    import altair as alt  # whose first page, the Titles table, draws none)

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
        return safe_html(vlc.vegalite_to_html(spec, bundle=True), spec).encode("utf-8")
    if fmt == "json":
        return json.dumps(spec, indent=2).encode("utf-8")
    msg = f"unknown export format {fmt!r}; valid formats: {', '.join(FORMATS)}"
    raise UnknownNameError(msg)


_SPEC_START = "const spec = "
_SPEC_END = ";\n    const opts = "
_JS_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(value: object) -> str:
    """JSON that is safe inside an HTML ``<script>``: no character of it can close the
    element or start markup (``<``, ``>``, ``&`` and the JS line separators escaped)."""
    return re.sub("[<>&\u2028\u2029]", lambda m: _JS_ESCAPES[m.group()], json.dumps(value))


def safe_html(html: str, spec: dict) -> str:
    """vl-convert's page with the inlined spec re-written by ``script_json``.

    vl-convert writes the spec into a ``<script>`` as plain JSON, so a review containing
    ``</script><img onerror=...>`` would end the script and run as markup when the export
    is opened. The spec is swapped for an escaped copy (the same JSON value)."""
    start = html.find(_SPEC_START)
    end = html.rfind(_SPEC_END)
    if start < 0 or end < start:
        msg = "unexpected HTML from vl-convert: cannot find the chart spec to escape"
        raise RuntimeError(msg)
    start += len(_SPEC_START)
    if json.loads(html[start:end]) != json.loads(json.dumps(spec)):
        msg = "unexpected HTML from vl-convert: the inlined spec is not the chart's"
        raise RuntimeError(msg)
    return html[:start] + script_json(spec) + html[end:]


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

    @functools.cached_property
    def screen(self) -> ScreenChart:
        """How a page shows the chart (``screen_chart``), made once per chart: a page's
        charts are kept per view, and a rerun that draws them again reuses this."""
        return screen_chart(self.chart)

    @functools.cached_property
    def screen_spec(self) -> str:
        """The shown chart's Vega-Lite spec, data included, as JSON text, made once per
        chart. Given the chart itself, Streamlit converted it to a spec and validated that
        against the Vega-Lite schema on every run of the page, a cached chart included (15
        ms a chart); the tests validate every chart the views make. Text, so that each run
        hands Streamlit a dict of its own (it edits the spec it is given).

        Its data sets are named by place (``stable_dataset_names``), not by a hash of
        their rows, so that a filter change that only changes the data leaves the spec
        as it was: the browser then swaps the data into the chart it has, instead of
        compiling and drawing a new one."""
        return json.dumps(stable_dataset_names(self.screen.chart.to_dict(validate=False)))


def stable_dataset_names(spec: dict) -> dict:
    """``spec`` with its named data sets renamed ``table_0``, ``table_1``, ... in the order
    the spec lists them, and every reference to them renamed alike.

    Altair names a data set after a hash of its rows, so a spec changes whenever its data
    does. Streamlit's chart element keeps its drawn chart while the spec stays the same
    and replaces only the data sets whose rows changed; a new spec is compiled and drawn
    from scratch. A data set's name is only ever a whole string of the spec (``data:
    {name: ...}``, a lookup's ``from``), so whole strings equal to one are what is renamed."""
    datasets = spec.get("datasets")
    if not datasets:
        return spec
    names = {old: f"table_{i}" for i, old in enumerate(datasets)}

    def rename(value):
        if isinstance(value, dict):
            return {names.get(k, k): rename(v) for k, v in value.items()}
        if isinstance(value, list):
            return [rename(v) for v in value]
        return names.get(value, value) if isinstance(value, str) else value

    return {
        **{k: rename(v) for k, v in spec.items() if k != "datasets"},
        "datasets": {names[old]: rows for old, rows in datasets.items()},
    }


@dataclass
class ExportMeta:
    sources: list[str]
    filters: list[str]
    n: int
    model_version: str
    confidence_level: float = 0.95
    extra: dict = field(default_factory=dict)
    counted: str = "reviews"  # what n counts

    @property
    def level(self) -> str:
        """The intervals' coverage as people write it: '95%'."""
        return f"{self.confidence_level:.0%}"

    def footer(self, summarise_over: int | None = None) -> list[str]:
        """The provenance lines: every source (three to a line), the filters, n and the
        model. With more than ``summarise_over`` sources, one line counts them by kind
        instead ('41 documents: 14 IMDb pages, …'): what a page shows under a chart, where
        the whole list waits one click away; exports always list them all."""
        if summarise_over is not None and len(self.sources) > summarise_over:
            lines = [f"Sources: {source_summary(self.sources)}"]
        else:
            per_line = 3
            chunks = [
                self.sources[i : i + per_line] for i in range(0, len(self.sources), per_line)
            ] or [["none"]]
            lines = [("Sources: " if i == 0 else "  ") + "; ".join(c) for i, c in enumerate(chunks)]
        lines.append("Filters: " + ("; ".join(self.filters) if self.filters else "none"))
        lines.append(f"n = {self.n:,} {self.counted} · model {self.model_version}")
        return lines

    def as_dict(self) -> dict:
        return asdict(self)


def source_summary(sources: list[str]) -> str:
    """Sources counted by kind, most first: '41 documents: 14 IMDb pages, 12 Rotten
    Tomatoes pages, 2 tables'. A source is cited as ``document_labels`` writes it ('IMDb
    page, 2017-02-17', 'table reviews.csv'), its kind read back by ``cited_kind``."""
    kinds: dict[str, int] = {}
    for label in sources:
        kind = cited_kind(label)
        kinds[kind] = kinds.get(kind, 0) + 1
    counted = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    parts = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in counted)
    return f"{len(sources)} documents: {parts}"


SHOWN_SOURCES = 6  # more than this under a chart are counted by kind, listed on request


@dataclass(frozen=True)
class ScreenChart:
    """A chart as the dashboard draws it: ``chart`` without its title and its export
    metadata (``usermeta``), page-wide; ``title`` and ``note`` (the provenance) are shown
    as text above and under it.

    What is left of the spec is the same from one filter to the next (the titles and the
    metadata are what carry counts and filters), and Streamlit's page swaps only the data
    into a chart whose spec is unchanged instead of compiling and drawing a new one: a
    filter change costs each chart of the page a data swap, not a new chart."""

    chart: alt.TopLevelMixin
    title: str | None
    note: str
    # every source, where the note only counts them (more than SHOWN_SOURCES), else empty
    sources: tuple[str, ...] = ()


def screen_chart(chart: alt.TopLevelMixin) -> ScreenChart:
    """The chart, its title and its provenance note as a page shows them (see
    ``ScreenChart``); exports use the chart itself, subtitle and metadata included."""
    import altair as alt  # see the top

    title = getattr(chart, "title", alt.Undefined)
    text, note, sources = None, "", ()
    if isinstance(title, alt.TitleParams):
        text = title.text if isinstance(title.text, str) else None
        subtitle = title.subtitle if isinstance(title.subtitle, list) else []
        note = " · ".join(line.strip() for line in subtitle)
    elif isinstance(title, str):
        text = title
    usermeta = getattr(chart, "usermeta", alt.Undefined)
    said = usermeta.get("export") if isinstance(usermeta, dict) else None
    if said and len(said["sources"]) > SHOWN_SOURCES:  # count them; list them on request
        note = " · ".join(ExportMeta(**said).footer(summarise_over=SHOWN_SOURCES))
        sources = tuple(said["sources"])
    shown = chart.copy(deep=False)  # properties() will not unset: set the attributes
    shown.title = alt.Undefined
    shown.usermeta = alt.Undefined
    if not isinstance(shown, alt.HConcatChart):  # fill the page; exports keep the fixed size
        shown = shown.properties(
            width="container", autosize=alt.AutoSizeParams(type="fit-x", contains="padding")
        )
    return ScreenChart(shown, text, note, sources)
