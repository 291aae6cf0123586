"""Pure chart builders: tidy frame in, ``alt.Chart`` out (no Streamlit here).

Every builder types its encodings explicitly and takes an optional ``meta`` whose lines are
shown under the title and stored in the spec's ``usermeta``, so an exported chart names its
sources, filters, n and model version.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
from pandera.typing import DataFrame

from analysis.charts.export import ExportMeta
from analysis.labels import level_text, platform_label, sentiment_100
from analysis.measures.bursts import review_bursts
from analysis.schema import (
    AggregatePoints,
    CompareScores,
    RelatedRows,
    ScoredReviews,
    ThemeProfile,
    ThemeSummary,
)
from analysis.text import visible_controls

PLATFORM_COLORS = {
    "imdb": "#c58f00",
    "rotten_tomatoes": "#d6361f",
    "metacritic": "#3b7d4f",
    "gamerankings": "#6b5bb8",
    "steam": "#2a475e",
    "moviedb": "#4a7fb5",
    "reviews": "#2f5d8a",
}
LABEL_COLORS = {"negative": "#c2410c", "neutral": "#9ca3af", "positive": "#15803d"}
THEME = "reception"


@alt.theme.register(THEME, enable=True)
def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": "Helvetica, Arial, sans-serif",
            "view": {"stroke": None},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "gridColor": "#e5e7eb",
                "domainColor": "#9ca3af",
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "title": {
                "fontSize": 15,
                "anchor": "start",
                "subtitleFontSize": 11,
                "subtitleColor": "#4b5563",
            },
        }
    }


def _platform_scale(platforms) -> alt.Scale:
    """Colours keyed by display name (legends show 'Rotten Tomatoes', not 'rotten_tomatoes')."""
    domain = sorted(set(platforms))
    return alt.Scale(
        domain=[platform_label(p) for p in domain],
        range=[PLATFORM_COLORS.get(p, "#6b7280") for p in domain],
    )


def _level(meta: ExportMeta | None) -> str:
    """The intervals' coverage for axis titles: the export's own, else the default setting."""
    return meta.level if meta else level_text()


def _titled(chart, title: str, meta: ExportMeta | None):
    params = alt.TitleParams(text=title, subtitle=meta.footer() if meta else [], anchor="start")
    chart = chart.properties(title=params)
    if meta:
        chart = chart.properties(usermeta={"export": meta.as_dict()})
    return chart


def aggregate_chart(
    points: DataFrame[AggregatePoints], meta: ExportMeta | None = None
) -> alt.LayerChart:
    """Every score and snapshot on 0-100 with its interval whisker, coloured by platform."""
    data = points.assign(
        platform_name=points["platform"].map(platform_label),
        how=np.where(points["derived"].astype(bool), "computed from counts", "as published"),
        # the value's label sits past the whisker's end, never on the line
        label_x=points["ci_high"].fillna(points["score_100"]),
    )
    order = list(dict.fromkeys(data["row"]))
    y = alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=480))
    color = alt.Color("platform_name:N", scale=_platform_scale(data["platform"]), title="Platform")
    tooltip = [
        alt.Tooltip("work:N", title="Work"),
        alt.Tooltip("raw:N", title="As published"),
        alt.Tooltip("score_100:Q", title="0–100", format=".1f"),
        alt.Tooltip("n:Q", title="n", format=","),
        alt.Tooltip("ci_low:Q", title=f"{_level(meta)} low", format=".1f"),
        alt.Tooltip("ci_high:Q", title=f"{_level(meta)} high", format=".1f"),
        alt.Tooltip("snapshot:N", title="Snapshot"),
        alt.Tooltip("page:N", title="Page"),
        alt.Tooltip("quote:N", title="Source text"),
    ]
    base = alt.Chart(data).encode(y=y)
    whiskers = base.mark_rule(strokeWidth=2).encode(
        x=alt.X(
            "ci_low:Q",
            scale=alt.Scale(domain=[0, 100]),
            title=f"Score on 0–100 ({_level(meta)} interval where n is known)",
        ),
        x2=alt.X2("ci_high:Q"),
        color=color,
    )
    dots = base.mark_point(filled=True, size=90).encode(
        x=alt.X("score_100:Q", scale=alt.Scale(domain=[0, 100])),
        color=color,
        shape=alt.Shape("how:N", title="Score"),
        tooltip=tooltip,
    )
    labels = base.mark_text(align="left", dx=7, fontSize=11, color="#374151").encode(
        x=alt.X("label_x:Q"), text=alt.Text("score_100:Q", format=".1f")
    )
    chart = alt.layer(whiskers, dots, labels).properties(width=560, height=alt.Step(26))
    return _titled(chart, "Aggregate scores by platform and snapshot", meta)


def _score_field(scorer: str) -> tuple[str, str, list[float]]:
    if scorer == "vader":
        return "vader_compound", "VADER compound (−1 to 1)", [-1, 1]
    return "model_positive", "Model P(positive) (0 to 1)", [0, 1]


MAX_POINTS = 2_000  # above this, charts draw binned counts or a fixed sample, never every review


def _marks(df: pd.DataFrame, *cols: str) -> pd.DataFrame:
    """Only the columns a chart encodes (the browser and the exports get no review text),
    with bidirectional overrides in user text made visible (``visible_controls``)."""
    out = df[[c for c in dict.fromkeys(cols) if c in df.columns]]
    if "author" in out.columns:
        out = out.assign(author=out["author"].map(visible_controls))
    return out


# a score axis of about ten labels ("0.0, 0.1, ..." or "-1.0, -0.8, ..."), none drawn over
# another: at 560 px Vega's default step of 0.05 ran "0.00" into "0.05" at the ends
_SCORE_AXIS = alt.Axis(tickCount=10, labelOverlap=True, labelSeparation=6)


def _label_limit(names: pd.Series) -> int:
    """How wide a source's label may be drawn: as the longest name needs (about 7 px a
    character, within 180-420 px). At Vega's defaults (180 px on an axis, 160 in a
    legend) "metacritic_acnh_user_reviews.parquet" was cut to "metacritic_acnh_user_r…"."""
    longest = int(names.astype(str).str.len().max()) if len(names) else 0
    return min(420, max(180, 7 * longest))


def _source_axis(names: pd.Series) -> alt.Axis:
    return alt.Axis(labelLimit=_label_limit(names))


def _source_legend(names: pd.Series) -> alt.Legend:
    return alt.Legend(labelLimit=_label_limit(names))


def _binned_distribution(
    reviews: pd.DataFrame, field: str, title: str, domain: list[float]
) -> alt.Chart:
    """Counts per score bin and source: what a large corpus sends to the browser. A cell's
    colour is its share of its source's reviews, so each row shows that source's spread
    however many reviews it has: coloured by count, the seeds' two IMDb reviews beside
    35,000 from a data set were two white cells."""
    edges = np.linspace(domain[0], domain[1], 41)
    binned = reviews.assign(
        bin=pd.cut(reviews[field], edges, include_lowest=True, labels=edges[:-1])
    )
    counts = binned.groupby(["source", "bin"], observed=True).size().reset_index(name="reviews")
    counts = counts.assign(
        bin=counts["bin"].astype(float),
        bin_end=counts["bin"].astype(float) + (edges[1] - edges[0]),
        source_name=counts["source"].map(platform_label),
        share=counts["reviews"] / counts.groupby("source")["reviews"].transform("sum"),
    )
    return (
        alt.Chart(counts)
        .mark_rect()
        .encode(
            x=alt.X("bin:Q", scale=alt.Scale(domain=domain), title=title, axis=_SCORE_AXIS),
            x2=alt.X2("bin_end:Q"),
            y=alt.Y("source_name:N", title=None, axis=_source_axis(counts["source_name"])),
            color=alt.Color(
                "share:Q",
                scale=alt.Scale(scheme="blues", domainMin=0),
                title="Share of the source's reviews",
                legend=alt.Legend(format=".0%", gradientLength=280, labelOverlap=True),
            ),
            tooltip=[
                alt.Tooltip("source_name:N", title="Source"),
                alt.Tooltip("bin:Q", format=".2f", title="From"),
                alt.Tooltip("reviews:Q", format=","),
                alt.Tooltip("share:Q", format=".1%", title="Share of the source's reviews"),
            ],
        )
        .properties(width=560, height=alt.Step(44))
    )


def score_distribution(
    reviews: DataFrame[ScoredReviews], scorer: str = "model", meta: ExportMeta | None = None
) -> alt.Chart:
    """Each review's score as a dot, one row per source, coloured by the scorer's label
    (binned counts when there are more than ``MAX_POINTS`` reviews)."""
    field, title, domain = _score_field(scorer)
    if len(reviews) > MAX_POINTS:
        chart = _binned_distribution(reviews, field, title, domain)
        name = title.split(" (")[0]
        return _titled(
            chart, f"Review scores by source — {name} ({len(reviews):,} reviews, binned)", meta
        )
    label = "vader_label" if scorer == "vader" else "model_label"
    data = _marks(
        reviews.assign(source_name=reviews["source"].map(platform_label)),
        field,
        "source_name",
        label,
        "author",
        "date",
        "text_score_100",
    )
    chart = (
        alt.Chart(data)
        .mark_circle(size=110, opacity=0.6)
        .encode(
            x=alt.X(f"{field}:Q", scale=alt.Scale(domain=domain), title=title, axis=_SCORE_AXIS),
            y=alt.Y("source_name:N", title=None, axis=_source_axis(data["source_name"])),
            color=alt.Color(
                f"{label}:N",
                scale=alt.Scale(domain=list(LABEL_COLORS), range=list(LABEL_COLORS.values())),
                title="Label",
            ),
            tooltip=[
                alt.Tooltip("author:N"),
                alt.Tooltip("date:N"),
                alt.Tooltip(f"{field}:Q", format=".2f"),
                alt.Tooltip("text_score_100:Q", title="Text score", format=".1f"),
            ],
        )
        .properties(width=560, height=alt.Step(44))
    )
    return _titled(chart, f"Review scores by source — {title.split(' (')[0]}", meta)


def timeline_chart(
    reviews: DataFrame[ScoredReviews], scorer: str = "model", meta: ExportMeta | None = None
) -> alt.Chart:
    """Review dates against their score; undated reviews are left out (and counted in the title)."""
    field, title, domain = _score_field(scorer)
    dated = reviews[reviews["date"].notna()].assign(
        source_name=lambda d: d["source"].map(platform_label)
    )
    sources = _platform_scale(dated["source"])  # the legend lists the sources charted
    if len(dated) > MAX_POINTS:  # one point per source and month: mean score
        dated = (
            dated.assign(date=dated["date"].str[:7] + "-01")
            .groupby(["source", "source_name", "date"])
            .agg(**{field: (field, "mean")})
            .reset_index()
        )
    dated = _marks(dated, field, "source_name", "date", "author")
    # over more than one calendar year every label names its year: Vega-Lite's own labels
    # name it only on a January tick, and ticks two months apart may never fall on one
    years = dated["date"].astype(str).str[:4].nunique()
    axis = alt.Axis(format="%b %Y", labelOverlap=True) if years > 1 else alt.Axis()
    chart = (
        alt.Chart(dated)
        .mark_circle(size=120)
        .encode(
            x=alt.X("date:T", title="Review date", axis=axis),
            y=alt.Y(f"{field}:Q", scale=alt.Scale(domain=domain), title=title),
            color=alt.Color(
                "source_name:N",
                scale=sources,
                title="Source",
                legend=_source_legend(dated["source_name"]),
            ),
            tooltip=[
                alt.Tooltip("author:N"),
                alt.Tooltip("date:T"),
                alt.Tooltip(f"{field}:Q", format=".2f"),
            ],
        )
        .properties(width=560, height=240)
    )
    bursts = review_bursts(reviews, sentiment_100(reviews, scorer))
    if len(bursts):  # the rule is stated under the chart (``bursts.BURST_RULE``)
        marks = bursts.assign(week=bursts["week"].dt.strftime("%Y-%m-%d"))
        flags = (
            alt.Chart(marks)
            .mark_rule(strokeWidth=3, opacity=0.55)
            .encode(
                x=alt.X("week:T"),
                color=alt.Color(
                    "kind:N",
                    scale=alt.Scale(
                        domain=["review-bombing", "hype"], range=["#b91c1c", "#d97706"]
                    ),
                    title="Burst",
                ),
                tooltip=[
                    alt.Tooltip("week:T", title="Week of"),
                    alt.Tooltip("kind:N", title="Burst"),
                    alt.Tooltip("reviews:Q", title="Reviews that week"),
                    alt.Tooltip("usual:Q", title="Usual week", format=".0f"),
                    alt.Tooltip("shift:Q", title="Score shift (0–100)", format="+.1f"),
                ],
            )
        )
        chart = alt.layer(chart, flags).resolve_scale(color="independent")
    left_out = int(reviews["date"].isna().sum())
    note = (
        f" ({left_out} undated review{'s' if left_out != 1 else ''} not shown)" if left_out else ""
    )
    flagged = (
        f"; {len(bursts)} burst week{'s' if len(bursts) != 1 else ''} flagged"
        if len(bursts)
        else ""
    )
    return _titled(chart, f"Review dates{note}{flagged}", meta)


def helpfulness_chart(
    reviews: DataFrame[ScoredReviews], scorer: str = "model", meta: ExportMeta | None = None
) -> alt.Chart:
    """Share of readers who found a review helpful against its score; size = votes."""
    field, title, domain = _score_field(scorer)
    voted = reviews[reviews["helpful_total"].fillna(0) > 0]
    if len(voted) > MAX_POINTS:
        voted = voted.sample(
            MAX_POINTS, random_state=0
        )  # a fixed sample; the title gives the count
    voted = voted.assign(
        helpful_share=voted["helpful_yes"] / voted["helpful_total"],
        source_name=voted["source"].map(platform_label),
    )
    scale = _platform_scale(voted["source"])
    voted = _marks(
        voted, field, "helpful_share", "helpful_total", "helpful_yes", "source_name", "author"
    )
    chart = (
        alt.Chart(voted)
        .mark_circle(opacity=0.8)
        .encode(
            x=alt.X(f"{field}:Q", scale=alt.Scale(domain=domain), title=title),
            y=alt.Y(
                "helpful_share:Q",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", tickCount=10, labelOverlap=True, labelSeparation=6),
                title="Found helpful",
            ),
            size=alt.Size("helpful_total:Q", title="Votes"),
            color=alt.Color(
                "source_name:N",
                scale=scale,
                title="Source",
                legend=_source_legend(voted["source_name"]),
            ),
            tooltip=[
                alt.Tooltip("author:N"),
                alt.Tooltip("helpful_yes:Q"),
                alt.Tooltip("helpful_total:Q"),
            ],
        )
        .properties(width=560, height=240)
    )
    return _titled(chart, f"Helpfulness vs score ({len(voted)} reviews with votes)", meta)


AGREEMENT_COLORS = {"agree": "#15803d", "one neutral": "#9ca3af", "disagree": "#c2410c"}
# a disagreement's two kinds, by (VADER's label, the model's), and where each is written:
# inside its quadrant, clear of the densest edge cells
_CLASHES = {
    ("negative", "positive"): ("VADER negative, model positive", -0.88, 0.93, "left", "top"),
    ("positive", "negative"): ("VADER positive, model negative", 0.88, 0.16, "right", "bottom"),
}


AGREEMENT_BINS = 20  # cells per axis: 0.1 of VADER's -1..1, 0.05 of the model's 0..1


def _binned_agreement(reviews: pd.DataFrame) -> alt.LayerChart:
    """Every review in 0.1 x 0.05 cells of VADER compound by model P(positive), shaded by
    count, with the quadrants' borders and the two kinds of disagreement counted in their
    corners (from the labels, as the table of disagreements counts them)."""
    R, last = ScoredReviews, AGREEMENT_BINS - 1
    x_edges, y_edges = np.linspace(-1, 1, AGREEMENT_BINS + 1), np.linspace(0, 1, AGREEMENT_BINS + 1)
    xi = np.clip(np.searchsorted(x_edges, reviews[R.vader_compound], side="right") - 1, 0, last)
    yi = np.clip(np.searchsorted(y_edges, reviews[R.model_positive], side="right") - 1, 0, last)
    cells = pd.DataFrame({"xi": xi, "yi": yi}).value_counts().rename("reviews").reset_index()
    cells = cells.assign(
        vader_from=x_edges[cells["xi"]],
        vader_to=x_edges[cells["xi"] + 1],
        model_from=y_edges[cells["yi"]],
        model_to=y_edges[cells["yi"] + 1],
    ).drop(columns=["xi", "yi"])
    x = alt.X("vader_from:Q", scale=alt.Scale(domain=[-1, 1]), title="VADER compound")
    y = alt.Y("model_from:Q", scale=alt.Scale(domain=[0, 1]), title="Model P(positive)")
    heat = (
        alt.Chart(cells)
        .mark_rect()
        .encode(
            x=x,
            x2=alt.X2("vader_to:Q"),
            y=y,
            y2=alt.Y2("model_to:Q"),
            color=alt.Color(
                "reviews:Q", scale=alt.Scale(type="log", scheme="blues"), title="Reviews"
            ),
            tooltip=[
                alt.Tooltip("vader_from:Q", title="VADER from", format=".1f"),
                alt.Tooltip("vader_to:Q", title="VADER to", format=".1f"),
                alt.Tooltip("model_from:Q", title="Model from", format=".2f"),
                alt.Tooltip("model_to:Q", title="Model to", format=".2f"),
                alt.Tooltip("reviews:Q", format=","),
            ],
        )
    )
    rule = {"color": "#6b7280", "strokeDash": [4, 3]}  # VADER's sign, the model's midpoint
    layers = [
        heat,
        alt.Chart(pd.DataFrame({"vader_from": [0.0]}))
        .mark_rule(**rule)
        .encode(x=alt.X("vader_from:Q")),
        alt.Chart(pd.DataFrame({"model_from": [0.5]}))
        .mark_rule(**rule)
        .encode(y=alt.Y("model_from:Q")),
    ]
    n = len(reviews)
    for (vader, model), (name, cx, cy, align, baseline) in _CLASHES.items():
        count = int(((reviews[R.vader_label] == vader) & (reviews[R.model_label] == model)).sum())
        note = pd.DataFrame(
            {
                "vader_from": [cx],
                "model_from": [cy],
                "note": [f"{name}:\n{count:,} ({count / n:.1%})"],  # two lines: stays in its half
            }
        )
        layers.append(
            alt.Chart(note)
            .mark_text(
                align=align,
                baseline=baseline,
                lineBreak="\n",
                fontSize=11,
                fontWeight="bold",
                color=AGREEMENT_COLORS["disagree"],
            )
            .encode(x=alt.X("vader_from:Q"), y=alt.Y("model_from:Q"), text=alt.Text("note:N"))
        )
    return alt.layer(*layers).properties(width=420, height=300)


def agreement_chart(reviews: DataFrame[ScoredReviews], meta: ExportMeta | None = None) -> alt.Chart:
    """VADER against the model for every review; where they disagree in sign stands out.
    Above ``MAX_POINTS`` reviews, every review binned into cells (``_binned_agreement``)."""
    disagree = int((reviews[ScoredReviews.agreement] == "disagree").sum())
    title = (
        f"Where VADER and the model disagree: {disagree:,} of {len(reviews):,} reviews "
        f"({disagree / max(len(reviews), 1):.1%})"
    )
    if len(reviews) > MAX_POINTS:
        return _titled(_binned_agreement(reviews), f"{title}, binned", meta)
    shown = _marks(reviews, "vader_compound", "model_positive", "agreement", "author", "source")
    chart = (
        alt.Chart(shown)
        .mark_circle(size=110)
        .encode(
            x=alt.X("vader_compound:Q", scale=alt.Scale(domain=[-1, 1]), title="VADER compound"),
            y=alt.Y("model_positive:Q", scale=alt.Scale(domain=[0, 1]), title="Model P(positive)"),
            color=alt.Color(
                "agreement:N",
                scale=alt.Scale(
                    domain=list(AGREEMENT_COLORS), range=list(AGREEMENT_COLORS.values())
                ),
                title="VADER vs model",
            ),
            tooltip=[
                alt.Tooltip("author:N"),
                alt.Tooltip("source:N"),
                alt.Tooltip("vader_compound:Q", format=".2f"),
                alt.Tooltip("model_positive:Q", format=".2f"),
            ],
        )
        .properties(width=420, height=300)
    )
    return _titled(chart, title, meta)


def theme_chart(
    summary: DataFrame[ThemeSummary], meta: ExportMeta | None = None
) -> alt.HConcatChart:
    """Diverging bars of negative/positive mentions per theme, and the positive share's interval."""
    long = pd.concat(
        [
            summary.assign(polarity="negative", count=-summary["negative"]),
            summary.assign(polarity="positive", count=summary["positive"]),
        ]
    )
    order = summary.sort_values("mentions", ascending=False)["label"].tolist()
    y = alt.Y("label:N", sort=order, title=None)
    bars = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X(
                "count:Q",
                title="Negative ← theme mentions → positive",
                # whole mentions, counted outward on both sides ('4 2 0 2 4', '60,000')
                axis=alt.Axis(tickMinStep=1, labelExpr="format(abs(datum.value), ',')"),
            ),
            y=y,
            color=alt.Color(
                "polarity:N",
                scale=alt.Scale(
                    domain=["negative", "positive"],
                    range=[LABEL_COLORS["negative"], LABEL_COLORS["positive"]],
                ),
                title=None,
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Theme"),
                alt.Tooltip("polarity:N"),
                alt.Tooltip("mentions:Q"),
            ],
        )
        .properties(width=320, height=alt.Step(24))
    )
    share_base = alt.Chart(summary).encode(y=alt.Y("label:N", sort=order, title=None, axis=None))
    share = alt.layer(
        share_base.mark_rule(strokeWidth=2, color="#6b7280").encode(
            x=alt.X(
                "share_low:Q",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", tickCount=10, labelOverlap=True, labelSeparation=6),
                title=f"Positive share ({_level(meta)} interval)",
            ),
            x2=alt.X2("share_high:Q"),
        ),
        share_base.mark_point(filled=True, size=70, color="#111827").encode(
            x=alt.X("positive_share:Q"),
            tooltip=[
                alt.Tooltip("label:N"),
                alt.Tooltip("positive_share:Q", format=".0%"),
                alt.Tooltip("share_low:Q", format=".0%"),
                alt.Tooltip("share_high:Q", format=".0%"),
                alt.Tooltip("mentions:Q"),
            ],
        ),
    ).properties(width=220, height=alt.Step(24))
    return _titled(alt.hconcat(bars, share), "What reviewers praise and criticise, by theme", meta)


def related_chart(
    related: DataFrame[RelatedRows], meta: ExportMeta | None = None
) -> alt.LayerChart:
    """Related titles' IMDb ratings as bars, this film's rating per snapshot as rules."""
    others = related[related[RelatedRows.kind] == "related"]
    own = related[related[RelatedRows.kind] == "this film"]
    bars = (
        alt.Chart(others)
        .mark_bar()
        .encode(
            x=alt.X("rating:Q", scale=alt.Scale(domain=[0, 10]), title="IMDb rating /10"),
            y=alt.Y("title:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            yOffset=alt.YOffset("page:N"),
            color=alt.Color(
                "page:N",
                title="Page (snapshot)",
                scale=alt.Scale(range=["#9ca3af", "#4b5563", "#cbd5e1"]),
            ),
            tooltip=[
                alt.Tooltip("title:N"),
                alt.Tooltip("rating:Q"),
                alt.Tooltip("directors:N"),
                alt.Tooltip("page:N"),
            ],
        )
    )
    rules = (
        alt.Chart(own)
        .mark_rule(color=PLATFORM_COLORS["imdb"], strokeWidth=2, strokeDash=[5, 3])
        .encode(
            x=alt.X("rating:Q"),
            tooltip=[alt.Tooltip("rating:Q", title="This film"), alt.Tooltip("page:N")],
        )
    )
    chart = alt.layer(bars, rules).properties(width=480, height=alt.Step(20))
    return _titled(chart, "More like this: IMDb ratings (dashed: this film, per snapshot)", meta)


def compare_chart(
    scores: DataFrame[CompareScores], meta: ExportMeta | None = None
) -> alt.LayerChart:
    """Titles side by side on every measure (0-100), with intervals where known."""
    base = alt.Chart(scores).encode(
        y=alt.Y("measure:N", title=None, axis=alt.Axis(labelLimit=300)),
        yOffset=alt.YOffset("title:N"),
        color=alt.Color("title:N", title="Title"),
    )
    chart = alt.layer(
        base.mark_rule(strokeWidth=2).encode(
            x=alt.X(
                "ci_low:Q",
                scale=alt.Scale(domain=[0, 100]),
                title=f"Score on 0–100 ({_level(meta)} interval)",
            ),
            x2=alt.X2("ci_high:Q"),
        ),
        base.mark_point(filled=True, size=80).encode(
            x=alt.X("score_100:Q"),
            tooltip=[
                alt.Tooltip("title:N"),
                alt.Tooltip("measure:N"),
                alt.Tooltip("score_100:Q", format=".1f"),
                alt.Tooltip("n:Q", format=","),
            ],
        ),
    ).properties(width=560, height=alt.Step(36))
    return _titled(chart, "Titles compared", meta)


def compare_themes_chart(
    themes: DataFrame[ThemeProfile], meta: ExportMeta | None = None
) -> alt.LayerChart:
    """Positive share of each theme's mentions, per title, with Wilson intervals."""
    base = alt.Chart(themes).encode(
        y=alt.Y("theme:N", title=None),
        yOffset=alt.YOffset("title:N"),
        color=alt.Color("title:N", title="Title"),
    )
    chart = alt.layer(
        base.mark_rule(strokeWidth=2).encode(
            x=alt.X(
                "share_low:Q",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", tickCount=10, labelOverlap=True, labelSeparation=6),
                title=f"Positive share ({_level(meta)} interval)",
            ),
            x2=alt.X2("share_high:Q"),
        ),
        base.mark_point(filled=True, size=60).encode(
            x=alt.X("positive_share:Q"),
            tooltip=[
                alt.Tooltip("title:N"),
                alt.Tooltip("theme:N"),
                alt.Tooltip("positive_share:Q", format=".0%"),
                alt.Tooltip("mentions:Q"),
            ],
        ),
    ).properties(width=560, height=alt.Step(30))
    return _titled(chart, "Theme profiles compared", meta)
