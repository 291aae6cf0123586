"""Where scoring runs: this machine's cores (``local``) or a Dask cluster (``dask``).

Both engines call the same ``score_chunk`` on the same chunks, so their results are equal.
The Dask engine turns the reviews into a ``dask.dataframe`` whose partitions are scored on
the workers; each worker loads the shipped model once. Without ``scheduler`` it starts a
``LocalCluster``; with ``scheduler='tcp://host:8786'`` it uses an existing cluster (whose
workers must have this package installed).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable

import pandas as pd

from analysis.errors import UnknownNameError
from analysis.schema import ScoredReviews, Sentences
from analysis.scoring import Scorers, score_chunk, score_reviews
from analysis.settings import DEFAULT, Settings
from analysis.themes import Theme

ENGINES = ("local", "dask")


@functools.lru_cache(maxsize=4)
def _worker_scorers(extra: tuple[Theme, ...], settings: Settings) -> Scorers:
    return Scorers.load(extra_themes=extra, settings=settings)


def _score_partition(part: pd.DataFrame, extra: tuple[Theme, ...], settings: Settings):
    return score_chunk(part, _worker_scorers(extra, settings))


def score_with_dask(reviews: pd.DataFrame, scheduler: str | None = None, n_workers: int = 2,
                    extra: tuple[Theme, ...] = (), settings: Settings = DEFAULT,
                    progress: Callable[[int], None] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Score reviews on a Dask cluster (a new LocalCluster unless ``scheduler`` is given)."""
    import dask
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster, as_completed

    nparts = max(1, -(-len(reviews) // settings.chunk_reviews))
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.from_pandas(reviews.reset_index(drop=True), npartitions=nparts, sort=False)
        scored = [dask.delayed(_score_partition)(p, extra, settings) for p in ddf.to_delayed()]
    cluster = None if scheduler else LocalCluster(n_workers=n_workers, threads_per_worker=1,
                                                   processes=True, dashboard_address=":0")  # fmt: skip
    try:
        with Client(scheduler or cluster) as client:
            futures = client.compute(scored)
            order = {f.key: i for i, f in enumerate(futures)}
            results: list = [None] * len(futures)
            for fut in as_completed(futures):
                results[order[fut.key]] = fut.result()
                if progress:
                    progress(len(results[order[fut.key]][0]))
    finally:
        if cluster is not None:
            cluster.close()
    reviews_out = pd.concat(map(operator.itemgetter(0), results), ignore_index=True)
    sentences_out = pd.concat(map(operator.itemgetter(1), results), ignore_index=True)
    return ScoredReviews.validate(reviews_out), Sentences.validate(sentences_out)


def score_with(engine: str, reviews: pd.DataFrame, scorers: Scorers | None = None, *,
               scheduler: str | None = None, workers: int | None = None,
               progress: Callable[[int], None] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Score with the named engine."""
    if engine == "local":
        return score_reviews(reviews, scorers, workers, progress)
    if engine == "dask":
        sc = scorers or Scorers.load()
        return score_with_dask(
            reviews, scheduler, workers or 2, tuple(sc.tagger.extra), sc.settings, progress
        )
    msg = f"unknown engine {engine!r}; valid engines: {', '.join(ENGINES)}"
    raise UnknownNameError(msg)
