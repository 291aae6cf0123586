"""Snapshot order: captures of one site's page about one work, oldest first.

Counts only grow (votes, reviews), so where every capture states a sample size the order
follows it; otherwise dated captures go by date; ties fall back to the document id. Both the
corpus (one batch) and the store (every batch so far) rank with these two functions.
"""

from __future__ import annotations

import pandas as pd

from analysis.schema import TABLE_KINDS, Aggregates


def document_ranks(docs: pd.DataFrame, aggregates: pd.DataFrame) -> dict[str, int]:
    """Snapshot order of documents of the same site about the same work (1 = oldest).

    ``docs`` has document_id, kind, as_of and work_id (the page's film). Counts only grow,
    so where every page of a group states a sample size the order follows it; otherwise
    dated pages go by date; ties fall back to the document id. A table (of reviews or of
    titles) is a data set, not a capture of a site's page: it has no snapshot rank (two
    review tables of different games were "snapshots" 1 and 2 of nothing).
    """
    A = Aggregates
    n_by_doc = aggregates.groupby(A.document_id)[A.n].max()
    ranks: dict[str, int] = {}
    pages = docs[~docs["kind"].isin(TABLE_KINDS)]
    for _, g in pages.groupby(["kind", "work_id"], dropna=False):
        n = g["document_id"].map(n_by_doc)
        keys = pd.DataFrame(
            {
                "n": n.astype("float64") if n.notna().all() else 0.0,
                "as_of": g["as_of"] if g["as_of"].notna().all() else "",
                "id": g["document_id"],
            }
        )
        for rank, doc_id in enumerate(keys.sort_values(["n", "as_of", "id"])["id"], start=1):
            ranks[doc_id] = rank
    return ranks


def rank_snapshots(aggregates: pd.DataFrame, doc_rank: dict[str, int]) -> pd.Series:
    """Order of each row among rows of the same work, platform and metric (1 = oldest).

    Counts only grow, so where every row of a group has a sample size the order follows it;
    otherwise dated pages go by date, then by their document's snapshot rank.
    """
    A = Aggregates
    keys = [A.work_id, A.platform, A.metric]
    if aggregates.empty:
        return pd.Series(pd.NA, index=aggregates.index, dtype="Int64")
    grouped = aggregates.groupby(keys, sort=False, dropna=False)
    size = grouped[A.document_id].transform("size")
    all_n = grouped[A.n].transform("count") == size  # every row of its group has an n
    all_dated = grouped[A.as_of].transform("count") == size
    order = pd.DataFrame(
        {
            **{k: aggregates[k] for k in keys},
            "n": aggregates[A.n].astype("float64").where(all_n, 0.0),
            "as_of": aggregates[A.as_of].astype(object).where(all_dated, "").astype(str),
            "doc_rank": aggregates[A.document_id].map(doc_rank).fillna(0).astype(int),
            "doc": aggregates[A.document_id],
        },
        index=aggregates.index,
    ).sort_values([*keys, "n", "as_of", "doc_rank", "doc"], kind="stable")
    ranks = order.groupby(keys, sort=False, dropna=False).cumcount() + 1
    return ranks.reindex(aggregates.index).astype("Int64")
