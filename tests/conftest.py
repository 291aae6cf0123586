from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import load_corpus

ROOT = Path(__file__).resolve().parents[1]


def run_module(module: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """``python -m module args`` from the repository root, its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES = FIXTURES / "pages"
EXPECTED = Path(__file__).resolve().parent / "expected"


@pytest.fixture(scope="session")
def many_titles(tmp_path_factory):
    """A store with the seeds and 600 IMDb reviews of other films (read, never written, by
    the tests that use it)."""
    from analysis.collection import Store

    db = tmp_path_factory.mktemp("many") / "many.duckdb"
    Store(db).ingest([SEEDS, FIXTURES / "imdb_sample.parquet"])
    return db


@pytest.fixture(scope="session", autouse=True)
def private_store(tmp_path_factory):
    """The app's default store lives in a fresh temporary folder during tests."""
    path = tmp_path_factory.mktemp("store") / "reception.duckdb"
    old = os.environ.get("RECEPTION_DB")
    os.environ["RECEPTION_DB"] = str(path)
    yield path
    if old is None:
        os.environ.pop("RECEPTION_DB", None)
    else:
        os.environ["RECEPTION_DB"] = old


@pytest.fixture(scope="session")
def seed_corpus():
    return load_corpus([SEEDS])


def doc_id(corpus, prefix: str) -> str:
    """The document id of the seed whose file name starts with ``prefix`` (e.g. '002')."""
    ids = [d for d in corpus.documents["document_id"] if d.startswith(prefix)]
    assert len(ids) == 1, ids
    return ids[0]


LETTERBOXD = (  # the header and shape of Letterboxd's reviews.csv export
    "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
    "2024-03-02,The City of Lost Children,1995,https://boxd.it/a1,4.5,,"
    '"A strange, beautiful film; the score and the sets are unforgettable.",,2024-03-01\n'
    "2024-03-09,Amélie,2001,https://boxd.it/a2,3,Yes,"
    '"Charming, though a little too sweet on a second watch.",,2024-03-08\n'
    "2024-03-10,Amélie,2001,https://boxd.it/a3,4,,"
    '"Paris as a fairy tale, and the film knows it.",,2024-03-10\n'
)
