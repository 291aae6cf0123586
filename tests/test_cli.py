from __future__ import annotations

import subprocess
import sys

import pandas as pd
from conftest import ROOT, SEEDS


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)  # fmt: skip


def test_ingest_writes_one_csv_per_table_and_a_summary(tmp_path):
    result = _run("ingest", str(SEEDS), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "documents: 5 (imdb 2, moviedb 1, rotten_tomatoes 1, wikipedia 1)" in result.stdout
    assert "reviews: 7 (imdb 2, moviedb 1, rotten_tomatoes 4)" in result.stdout
    names = {p.stem for p in tmp_path.glob("*.csv")}
    assert names == {"documents", "works", "reviews", "aggregates", "consensus",
                     "related_titles", "figures", "conflicts", "skipped"}  # fmt: skip
    reviews = pd.read_csv(tmp_path / "reviews.csv")
    assert sorted(reviews["author"].dropna()) == ["Jeremy-93", "Jim H", "Kyle M", "Robert B",
                                                  "Sylvester K", "varekai"]  # fmt: skip


def test_ingest_bad_path_exits_nonzero_with_one_line(tmp_path):
    result = _run("ingest", str(SEEDS), str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    lines = [ln for ln in result.stderr.splitlines() if "nope.txt" in ln]
    assert lines == [f"error: {tmp_path / 'nope.txt'}: no such file or folder"]
    assert "Traceback" not in result.stderr
