"""``python -m analysis benchmark``: the whole pipeline against a plain VADER loop."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.ingest.corpus import load_corpus
from analysis.nlp.sentiment.vader import FastVader
from analysis.schema import Reviews
from analysis.scoring.engines import score_local
from analysis.scoring.pipeline import Scorers


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest child, in MB."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def _cpu_s() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its finished children."""
    me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def _verdict(value: float, target: float) -> str:
    return f"(target >= {target:g}: {'met' if value >= target else 'NOT met'})"


def run_benchmark(data: Path, limit: int | None = None, echo=print) -> dict:
    """Time a plain vaderSentiment loop, the compiled VADER and the whole pipeline on the
    same texts, in this run and on this machine; print the figures and the ratios.

    The reviews come through the ordinary table reader (``<br />`` cleaned, exact duplicate
    rows left out), so every loop sees what a user's corpus would hold."""
    reviews = load_corpus([data]).reviews
    if limit:
        reviews = reviews.head(limit)
    texts = reviews[Reviews.text].tolist()
    cores = os.cpu_count() or 1
    echo(f"{len(texts):,} reviews, {sum(map(len, texts)) / 1e6:.1f} M characters, {cores} cores")

    reference, vader_s = plain_vader(texts)
    echo(
        f"plain vaderSentiment loop (one core): {vader_s:.1f} s ({len(texts) / vader_s:,.0f} reviews/s)"
    )

    t0 = time.perf_counter()
    fast = FastVader()
    exact = fast.scores(texts)
    fast_s = time.perf_counter() - t0
    ref = np.array([[r["neg"], r["neu"], r["pos"], r["compound"]] for r in reference])
    diff = float(np.abs(ref - exact).max()) if len(texts) else 0.0
    fast_ratio = vader_s / fast_s
    echo(
        f"compiled VADER (one core, start-up included): {fast_s:.2f} s "
        f"({len(texts) / fast_s:,.0f} reviews/s); max |difference| from vaderSentiment {diff:.1e}"
    )
    echo(f"ratio compiled/plain VADER: {fast_ratio:.1f} {_verdict(fast_ratio, 10)}")

    t0 = time.perf_counter()
    scorers = Scorers.load().ready()
    load_s = time.perf_counter() - t0
    cpu0 = _cpu_s()
    _, sents = score_local(reviews, scorers)
    pipe_s = time.perf_counter() - t0
    main_cpu, workers_cpu = (b - a for a, b in zip(cpu0, _cpu_s(), strict=True))
    echo(
        f"whole pipeline ({cores} workers: sentences, VADER per sentence and review, model, "
        f"themes, clauses): {pipe_s:.1f} s ({len(texts) / pipe_s:,.0f} reviews/s), "
        f"{len(sents):,} sentences; of that, loading VADER and the model {load_s:.2f} s; "
        f"CPU: workers {workers_cpu:.1f} s, main process {main_cpu:.2f} s"
    )
    ratio = vader_s / pipe_s
    echo(f"ratio pipeline/plain-VADER throughput: {ratio:.2f} {_verdict(ratio, 3)}")
    me, kid = peak_rss_mb()
    echo(f"peak memory: main process {me:,.0f} MB, largest worker {kid:,.0f} MB (target < 2 GB)")
    return {
        "reviews": len(texts),
        "vader_s": vader_s,
        "fast_vader_s": fast_s,
        "fast_vader_ratio": fast_ratio,
        "fast_vader_max_diff": diff,
        "pipeline_s": pipe_s,
        "ratio": ratio,
        "peak_main_mb": me,
        "peak_worker_mb": kid,
    }


def dashboard_timings(db: Path, echo=print) -> dict:
    """The app's cold start and filter-change timings on this store, measured by the
    dashboard's own tool in a child process (the analysis layer never imports the UI)."""
    cmd = [sys.executable, "-m", "dashboard.tools.timings", "--db", str(db), "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        echo(f"dashboard timings unavailable: {(done.stderr or done.stdout).strip()[-300:]}")
        return {}
    for line in lines[:-1]:
        echo(line)
    return json.loads(lines[-1])


def run_scale_benchmark(paths: list, db: Path | None = None, echo=print) -> dict:
    """First ingest+score, a second run on the same files, dashboard timings, size, memory."""
    import tempfile

    from analysis.collection import Store

    db = Path(db) if db else Path(tempfile.mkdtemp()) / "scale.duckdb"
    store = Store(db)
    t0 = time.perf_counter()
    first = store.ingest(paths)
    first_s = time.perf_counter() - t0
    echo(
        f"first ingest + score: {first_s:.1f} s ({first.reviews_new / first_s:,.0f} reviews/s) — {first}"
    )
    t0 = time.perf_counter()
    second = store.ingest(paths)
    second_s = time.perf_counter() - t0
    echo(
        f"second run on the same files: {second_s:.2f} s ({100 * second_s / first_s:.1f}% of the first; target < 5%) — {second}"
    )
    size_mb = db.stat().st_size / 1e6
    echo(f"store size on disk: {size_mb:,.0f} MB")
    plain_rate, n_plain = _plain_vader_rate(store)
    echo(
        f"this run's machine speed: a plain vaderSentiment loop reads {plain_rate:,.0f} reviews/s "
        f"on {n_plain:,} of the stored reviews (one core); the first ingest + score ran at "
        f"{first.reviews_new / first_s / plain_rate:.2f}x that; the 60 s target is "
        f"{first.reviews_new / 60 / plain_rate:.2f}x at this speed"
    )
    timings = dashboard_timings(db, echo)
    me, kid = peak_rss_mb()
    echo(
        f"peak memory: main process {me:,.0f} MB, largest worker {kid:,.0f} MB (target < 2 GB; the dashboard timing child included)"
    )
    return {
        "first_s": first_s,
        "phases": first.phases,
        "second_s": second_s,
        "size_mb": size_mb,
        "plain_vader_rate": plain_rate,
        **timings,
        "peak_mb": me,
    }


REFERENCE_REVIEWS = 2_000  # reviews a scale run times a plain VADER loop on


def _plain_vader_rate(store) -> tuple[float, int]:
    """(reviews per second, reviews read) of a plain vaderSentiment loop over at most the
    first ``REFERENCE_REVIEWS`` stored reviews by id: this machine's speed during this run
    (it drifts between runs), so a scale figure can be read against it."""
    with store.db.connect(read_only=True) as con:
        texts = [
            row[0]
            for row in con.execute(
                f"SELECT {Reviews.text} FROM reviews ORDER BY {Reviews.review_id} LIMIT ?",
                [REFERENCE_REVIEWS],
            ).fetchall()
        ]
    _, seconds = plain_vader(texts)
    return len(texts) / max(seconds, 1e-9), len(texts)


def plain_vader(texts: list[str]) -> tuple[list[dict], float]:
    """The baseline every speed figure is measured against: vaderSentiment's scores of
    ``texts`` in a plain loop on one core, and the seconds it took."""
    plain = SentimentIntensityAnalyzer()
    t0 = time.perf_counter()
    scores = [plain.polarity_scores(t) for t in texts]
    return scores, time.perf_counter() - t0
