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


def _reason(a: dict, b: dict, pages: dict[str, str]) -> tuple[str, str]:
    if a["metric"] != b["metric"]:
        return "definition", RELATED_MEASURES[frozenset({a["metric"], b["metric"]})]
    na, nb = a.get("n"), b.get("n")
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


def _pairs(rows: list[dict], pages: dict[str, str], table: str) -> list[dict]:
    out = []
    for a, b in combinations(rows, 2):
        if a["document_id"] == b["document_id"] or _close(a, b):
            continue
        reason, why = _reason(a, b, pages)
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


def find_conflicts(
    aggregates: pd.DataFrame, figures: pd.DataFrame, pages: dict[str, str]
) -> pd.DataFrame:
    """Conflicts between aggregates (same platform and metric) and between figures.
    ``pages``: each document's kind of page as people name it ('IMDb', from
    ``labels.page_names``), which the explanations quote."""
    A, F = Aggregates, Figures
    rows: list[dict] = []
    ordered = aggregates.sort_values([A.snapshot_rank, A.document_id], na_position="last")
    for _, group in ordered.groupby([A.work_id, A.platform, A.metric], sort=True):
        rows += _pairs(_records(group), pages, "aggregates")
    figs = _records(figures.rename(columns={F.figure: "metric"}))
    by_key: dict[tuple, list[dict]] = {}
    for r in figs:
        by_key.setdefault((r["work_id"], r["metric"], r["unit"]), []).append(r)
    for group in by_key.values():
        rows += _pairs(group, pages, "figures")
    for pair in RELATED_MEASURES:
        a_name, b_name = sorted(pair)
        for a in (r for r in figs if r["metric"] == a_name):
            for b in (r for r in figs if r["metric"] == b_name):
                if a["work_id"] == b["work_id"] and a["unit"] == b["unit"]:
                    rows += _pairs([a, b], pages, "figures")
    return frame(Conflicts, rows)
