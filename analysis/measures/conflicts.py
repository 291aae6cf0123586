"""Find statements about the same work and measure that disagree, and say why."""

from __future__ import annotations

import re
from itertools import combinations

import pandas as pd

from analysis.schema import Aggregates, Conflicts, Figures, frame

# Different measures that users compare anyway; a difference between them is 'definition'.
RELATED_MEASURES = {
    frozenset({"box_office", "worldwide_gross"}): (
        "an infobox 'box office' total and a worldwide gross are compiled differently"
    ),
}


# Different aggregate metrics of one platform that measure the same thing; a difference
# between them is 'definition'.
RELATED_AGGREGATES = {
    frozenset({"tomatometer", "tomatometer_counted"}): (
        "the Tomatometer the site published, against the share of a review table's critic "
        "reviews marked Fresh: the table is its own selection of reviews"
    ),
}


_RELATED = RELATED_MEASURES | RELATED_AGGREGATES  # either kind, for the explanation

_ROUNDED = re.compile(r"\d(?:[.,](?P<dec>\d+))?\s?(?P<mult>million|billion|thousand)", re.I)
_MULT = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def _tolerance(row: dict) -> float:
    """Half the last displayed digit of a rounded amount ('$9.9 million' -> 50,000)."""
    m = _ROUNDED.search(str(row.get("quote") or ""))
    if not m:
        return 0.0
    decimals = len(m.group("dec") or "")
    return 0.5 * 10.0**-decimals * _MULT[m.group("mult").lower()]


def _close(a: dict, b: dict) -> bool:
    """Equal within float noise, or within the rounding either page displays."""
    va, vb = a["value"], b["value"]
    tol = max(1e-9 * max(1.0, abs(va), abs(vb)), _tolerance(a), _tolerance(b))
    return abs(va - vb) <= tol


def _reason(
    a: dict, b: dict, pages: dict[str, str], tables: frozenset[str] = frozenset()
) -> tuple[str, str]:
    if a["metric"] != b["metric"]:
        return "definition", _RELATED[frozenset({a["metric"], b["metric"]})]
    na, nb = a.get("n"), b.get("n")
    if {a["document_id"], b["document_id"]} & tables:  # counted by us, not a capture
        sizes = " vs ".join(f"{int(r['n']):,}" if pd.notna(r.get("n")) else "?" for r in (a, b))
        return (
            "definition",
            f"counted from the reviews review tables hold ({sizes}): each table is its own "
            "selection of reviews, not a capture of a page",
        )
    if pd.notna(na) and pd.notna(nb) and na != nb:
        return (
            "snapshot",
            f"sample sizes differ ({int(na):,} vs {int(nb):,}): pages from different times",
        )
    if pd.notna(a.get("as_of")) and pd.notna(b.get("as_of")) and a["as_of"] != b["as_of"]:
        return "snapshot", f"pages dated {a['as_of']} and {b['as_of']}"
    if pages.get(a["document_id"]) == pages.get(b["document_id"]):
        return "snapshot", f"two captures of the same {pages.get(a['document_id'])} page"
    if bool(a.get("derived")) != bool(b.get("derived")):
        return "definition", "one value is derived from counts, the other is published"
    return "unexplained", "different sources, no date or sample size to tell them apart"


def _pairs(
    rows: list[dict], pages: dict[str, str], table: str, tables: frozenset[str] = frozenset()
) -> list[dict]:
    out = []
    for a, b in combinations(rows, 2):
        if a["document_id"] == b["document_id"] or _close(a, b):
            continue
        reason, why = _reason(a, b, pages, tables)
        out.append(
            {
                "work_id": a["work_id"],
                "table": table,
                "metric": a["metric"],
                "metric_b": b["metric"],
                "value_a": a["value"],
                "value_b": b["value"],
                "n_a": a.get("n"),
                "n_b": b.get("n"),
                "document_a": a["document_id"],
                "document_b": b["document_id"],
                "as_of_a": a.get("as_of"),
                "as_of_b": b.get("as_of"),
                "reason": reason,
                "explanation": why,
            }
        )
    return out


def _records(df: pd.DataFrame) -> list[dict]:
    return [{k: (None if pd.isna(v) else v) for k, v in r.items()} for r in df.to_dict("records")]


def _related(records: list[dict], related: dict, same: tuple[str, ...]) -> list[list[dict]]:
    """Pairs of records of two related measures (``related``'s keys) that agree on the
    ``same`` fields (the work and its unit or platform)."""
    out = []
    for pair in related:
        a_name, b_name = sorted(pair)
        for a in (r for r in records if r["metric"] == a_name):
            out += [
                [a, b] for b in records if b["metric"] == b_name and all(a[k] == b[k] for k in same)
            ]
    return out


def find_conflicts(
    aggregates: pd.DataFrame,
    figures: pd.DataFrame,
    pages: dict[str, str],
    tables: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """Conflicts between aggregates (same platform and metric, or related metrics) and
    between figures. ``pages``: each document's kind of page as people name it ('IMDb',
    from ``labels.page_names``), which the explanations quote; ``tables``: the documents
    that are review tables, whose aggregates are counted from their own reviews."""
    A, F = Aggregates, Figures
    rows: list[dict] = []
    keys = [A.work_id, A.platform, A.metric]
    # a measure stated once cannot conflict: only those stated twice or more are paired
    # (an IMDb titles table gives one rating to each of thousands of works)
    stated = aggregates[aggregates.duplicated(keys, keep=False)]
    ordered = stated.sort_values([A.snapshot_rank, A.document_id], na_position="last")
    for _, group in ordered.groupby(keys, sort=True):
        rows += _pairs(_records(group), pages, "aggregates", tables)
    aggs = _records(aggregates[aggregates[A.metric].isin(set().union(*RELATED_AGGREGATES))])
    for pair in _related(aggs, RELATED_AGGREGATES, ("work_id", "platform")):
        rows += _pairs(pair, pages, "aggregates", tables)
    figs = _records(figures.rename(columns={F.figure: "metric"}))
    by_key: dict[tuple, list[dict]] = {}
    for r in figs:
        by_key.setdefault((r["work_id"], r["metric"], r["unit"]), []).append(r)
    for group in by_key.values():
        rows += _pairs(group, pages, "figures")
    for pair in _related(figs, RELATED_MEASURES, ("work_id", "unit")):
        rows += _pairs(pair, pages, "figures")
    return frame(Conflicts, rows)
