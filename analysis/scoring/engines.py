"""Where scoring runs: this machine's cores (``local``) or a Dask cluster (``dask``).

Both engines score the same batches with the same function, ``pipeline.score_batch``, and
the same ``ScorerSpec``; each worker process gets its models through ``pipeline.scorers_for``
(inherited from the parent on a forked local worker, loaded once on a Dask worker), so the
two engines' results are equal. A forked local worker inherits the reviews too, is sent
only which rows to score, and sends the scored reviews back without the text the parent
already holds; a Dask worker is sent its partition. Without ``scheduler`` the
Dask engine starts a ``LocalCluster``; with ``scheduler='tcp://host:8786'`` it uses an
existing cluster (whose workers must have this package installed).

``progress(done, total)`` (optional) is called with the reviews finished so far and the
number to score, after each batch.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing as mp
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

import pandas as pd

from analysis.errors import UnknownNameError
from analysis.ingest.corpus import Corpus
from analysis.schema import Reviews, ScoredReviews, Sentences, frame
from analysis.scoring.pipeline import (
    WORK_KIND,
    ScoredCorpus,
    Scorers,
    ScorerSpec,
    remember,
    score_batch,
    work_kinds,
)

ENGINES = ("local", "dask")
Progress = Callable[[int, int], None]
Scored = tuple[pd.DataFrame, pd.DataFrame]


def _spans(n: int, size: int) -> list[tuple[int, int]]:
    """The batches' (start, stop) rows: ``size`` reviews each (one empty batch for none)."""
    return [(i, min(i + size, n)) for i in range(0, n, size)] or [(0, 0)]


def _reporter(progress: Progress | None, total: int) -> Callable[[int], None]:
    """``step(n)``: n more reviews are scored; tells ``progress`` the running total."""
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    return step


def _combine(results: list[Scored]) -> Scored:
    """The batches' frames, one after another (each was validated by its worker)."""
    scored = pd.concat([r[0] for r in results], ignore_index=True)
    sents = pd.concat([r[1] for r in results], ignore_index=True)
    return scored, sents


# The reviews each running local scoring shares with its forked workers, by a token of the
# call: a worker inherits them when it forks and reads its batches from them, so batches
# travel as (token, start, stop), not as pickled frames. Several calls at once (two
# dashboard uploads) each have their own token.
_SHARED: dict[int, pd.DataFrame] = {}
_tokens = itertools.count()


def _score_rows(bounds: tuple[int, int, int], spec: ScorerSpec) -> Scored:
    """``score_batch`` of rows ``start:stop`` of the reviews shared under ``token``, the
    scored reviews without their text: the caller has it already (``_with_text``), and
    sending it back would copy every review's text through a pipe into a second copy."""
    token, start, stop = bounds
    scored, sents = score_batch(_SHARED[token].iloc[start:stop], spec)
    return scored.drop(columns=[Reviews.text]), sents


def _with_text(scored: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """The scored reviews (the batches' rows in order, without text) with each review's
    text back where it was among the reviews' columns, which come first."""
    where = list(reviews.columns).index(Reviews.text)
    scored.insert(where, Reviews.text, reviews[Reviews.text].array)
    return scored


def score_local(
    reviews: pd.DataFrame,
    scorers: Scorers | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Scored:
    """Score reviews in batches on this machine's cores (forked workers inherit the loaded
    models and the reviews; one batch or one worker runs in this process)."""
    spec = remember((scorers or Scorers.load()).ready())
    spans = _spans(len(reviews), spec.settings.chunk_reviews)
    workers = workers or os.cpu_count() or 1
    results: list[Scored] = []
    step = _reporter(progress, len(reviews))
    token = next(_tokens)
    _SHARED[token] = reviews
    bounds = [(token, start, stop) for start, stop in spans]
    if len(spans) == 1 or workers == 1:
        outputs = map(functools.partial(_score_rows, spec=spec), bounds)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork"))
        outputs = pool.map(functools.partial(_score_rows, spec=spec), bounds)
    try:
        for (start, stop), result in zip(spans, outputs, strict=True):
            results.append(result)
            step(stop - start)
    finally:
        _SHARED.pop(token, None)
        if pool is not None:
            pool.shutdown()
    scored, sents = _combine(results)
    return _with_text(scored, reviews), sents


def score_dask(
    reviews: pd.DataFrame,
    scorers: Scorers | None = None,
    scheduler: str | None = None,
    n_workers: int = 2,
    progress: Progress | None = None,
) -> Scored:
    """Score reviews on a Dask cluster (a new LocalCluster unless ``scheduler`` is given)."""
    import dask
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster, as_completed

    spec: ScorerSpec = (scorers or Scorers.load()).spec
    nparts = max(1, -(-len(reviews) // spec.settings.chunk_reviews))
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.from_pandas(reviews.reset_index(drop=True), npartitions=nparts, sort=False)
        tasks = [dask.delayed(score_batch)(p, spec) for p in ddf.to_delayed()]
    cluster = None
    if not scheduler:
        cluster = LocalCluster(
            n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
    try:
        with Client(scheduler or cluster) as client:
            futures = client.compute(tasks)
            order = {f.key: i for i, f in enumerate(futures)}
            results: list = [None] * len(futures)
            step = _reporter(progress, len(reviews))
            for fut in as_completed(futures):
                results[order[fut.key]] = fut.result()
                step(len(results[order[fut.key]][0]))
    finally:
        if cluster is not None:
            cluster.close()
    return _combine(results)


def score_with(
    engine: str,
    reviews: pd.DataFrame,
    scorers: Scorers | None = None,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Scored:
    """Score with the named engine."""
    if engine == "local":
        return score_local(reviews, scorers, workers, progress)
    if engine == "dask":
        return score_dask(reviews, scorers, scheduler, workers or 2, progress)
    msg = f"unknown engine {engine!r}; valid engines: {', '.join(ENGINES)}"
    raise UnknownNameError(msg)


def score_corpus(
    corpus: Corpus,
    scorers: Scorers | None = None,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> ScoredCorpus:
    """Add sentence and review scores and themes to a corpus (``engine``: local or dask)."""
    sc = scorers or Scorers.load()
    if corpus.reviews.empty:
        reviews, sents = frame(ScoredReviews, []), frame(Sentences, [])
    else:
        batch = corpus.reviews.assign(
            **{WORK_KIND: work_kinds(corpus, corpus.reviews[Reviews.work_id])}
        )
        reviews, sents = score_with(
            engine, batch, sc, scheduler=scheduler, workers=workers, progress=progress
        )
    return ScoredCorpus.summarised(corpus, reviews, sents, sc.model_version, sc.themes, sc.settings)
