"""The store under faults, with real processes: an ingest killed with SIGKILL midway, two
ingests of the same file at once, and a reader while an ingest writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest
from conftest import FIXTURES, ROOT, SEEDS

from analysis import load_corpus
from analysis.collection import Store

SAMPLE = FIXTURES / "imdb_sample.parquet"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="SIGKILL and fork are POSIX"),
]


@pytest.fixture(scope="module")
def sample_reviews() -> int:
    return len(load_corpus([SAMPLE]).reviews)


def _ingest(db, *paths, out) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "analysis",
        "score",
        *map(str, paths),
        "--db",
        str(db),
        "--out",
        str(out),
    ]
    return subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _check_consistent(db) -> int:
    """The store opens, has no duplicate, every review has its document and its sentences;
    returns the number of reviews. The app's own reader must load it too."""
    with duckdb.connect(str(db), read_only=True) as con:
        reviews = con.execute('SELECT review_id, n_sentences FROM "reviews"').df()
        assert reviews["review_id"].is_unique
        n_sentences = con.execute('SELECT count(*) FROM "sentences"').fetchone()[0]
        assert n_sentences == reviews["n_sentences"].sum()
        assert con.execute('SELECT count(*) = count(DISTINCT sha256) FROM "documents"').fetchone()[
            0
        ]
        orphans = con.execute(
            'SELECT count(*) FROM "reviews" WHERE document_id NOT IN (SELECT document_id FROM "documents")'
        ).fetchone()[0]
        assert orphans == 0
    assert len(Store(db).load().reviews) == len(reviews)
    return len(reviews)


def _kill_when(proc: subprocess.Popen, ready) -> bool:
    """SIGKILL ``proc`` as soon as ``ready()``; False if it finished first."""
    while proc.poll() is None:
        if ready():
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.001)
    return False


@pytest.mark.parametrize("moment", ["while scoring", "while writing"])
def test_an_ingest_killed_midway_leaves_a_consistent_store(tmp_path, sample_reviews, moment):
    db = tmp_path / "store.duckdb"
    Store(db).ingest([SEEDS])
    before = _check_consistent(db)
    wal = db.with_name(db.name + ".wal")
    mtime = db.stat().st_mtime_ns
    started = time.monotonic()
    if moment == "while scoring":  # the model is loaded and the reviews are being scored

        def ready():
            return time.monotonic() - started > 4.0
    else:  # the final transaction has started to touch the files

        def ready():
            return wal.exists() or db.stat().st_mtime_ns != mtime

    proc = _ingest(db, SAMPLE, out=tmp_path / "out")
    killed = _kill_when(proc, ready)
    assert killed, f"the ingest finished before it could be killed ({moment})"
    after_kill = _check_consistent(db)
    assert after_kill in {before, before + sample_reviews}  # all of it or none of it
    # the same ingest again completes it, with no duplicates
    rerun = _ingest(db, SAMPLE, out=tmp_path / "out")
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read()
    assert _check_consistent(db) == before + sample_reviews


def test_two_ingests_of_the_same_file_at_once_store_it_once(tmp_path, sample_reviews):
    db = tmp_path / "store.duckdb"
    procs = [_ingest(db, SAMPLE, out=tmp_path / f"out{i}") for i in range(2)]
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read()
    assert _check_consistent(db) == sample_reviews
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute('SELECT count(*) FROM "documents"').fetchone()[0] == 1


def test_a_reader_during_an_ingest_sees_the_old_or_the_new_state(tmp_path, sample_reviews):
    db = tmp_path / "store.duckdb"
    Store(db).ingest([SEEDS])
    before = len(Store(db).load().reviews)
    proc = _ingest(db, SAMPLE, out=tmp_path / "out")
    seen = []
    while proc.poll() is None:
        seen.append(len(Store(db).load().reviews))  # never raises: waits out the write lock
    assert proc.wait() == 0, proc.stderr.read()
    seen.append(len(Store(db).load().reviews))
    assert len(seen) >= 2
    assert set(seen) <= {before, before + sample_reviews}
    assert seen[0] == before
    assert seen[-1] == before + sample_reviews
