"""Every input accounted for: a folder of bad files through the API, the CLI and the store
(the dashboard's upload path): each file is a document or a skipped row with a reason, and
for every table ``rows read == rows stored + rows skipped``."""

from __future__ import annotations

import os
import shutil
import time

import pandas as pd
import pytest
from conftest import SEEDS, run_module

from analysis import load_corpus
from analysis.collection import Store

SEED_001 = next(SEEDS.glob("001_*"))
SEED_002 = next(SEEDS.glob("002_*"))

RAGGED_CSV = (
    "text,rating,date,author\n"
    '"Loved it, the score is gorgeous and the sets too.",9,2021-01-02,ann\n'
    ",7,2021-01-03,nobody\n"  # no text
    '"Too, many, fields here but still a review of sorts.",5,2021-01-04,bob,extra\n'  # ragged
    '"A quoted\nnewline inside a perfectly fine review.",8,2021-01-05,cat\n'
    '"Rating far outside any scale, which is odd indeed.",4000,2021-01-06,dan\n'
    '"The date is nonsense but the review is kept anyway.",6,not a date,eve\n'
    '"Loved it, the score is gorgeous and the sets too.",9,2021-01-02,ann\n'  # duplicate
    '"Short row"\n'  # ragged: one field
)
JSONL = (
    '{"text": "A fine film with a lovely score, well worth seeing.", "rating": 8}\n'
    '{"text": "broken line\n'
    '{"text": "Dreadful dubbing ruined an otherwise decent story.", "rating": 3}\n'
)


@pytest.fixture
def messy_folder(tmp_path):
    d = tmp_path / "inbox"
    (d / "nested" / ".git").mkdir(parents=True)
    shutil.copy(SEED_001, d / SEED_001.name)
    shutil.copy(SEED_002, d / "nested" / SEED_002.name)
    (d / "empty.txt").write_bytes(b"")
    (d / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    (d / "archive.zip").write_bytes(b"PK\x03\x04" + bytes(300))
    (d / "utf16.txt").write_bytes(SEED_002.read_text(encoding="utf-8").encode("utf-16"))
    (d / "latin1.txt").write_bytes("Critique de Mossé et Galán: très beau film.\n".encode("cp1252"))
    text = SEED_001.read_text(encoding="utf-8")
    (d / "truncated.txt").write_text(text[: len(text) // 2], encoding="utf-8")
    (d / "one_line.txt").write_text("a long line of nothing much " * 40_000, encoding="utf-8")
    (d / "reviews.csv").write_text(RAGGED_CSV, encoding="utf-8")
    (d / "reviews.jsonl").write_text(JSONL, encoding="utf-8")
    (d / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + bytes(100))
    (d / "nested" / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return d


def _given(folder) -> set[str]:
    """Every entry a user handed over: files, and hidden folders as one entry each."""
    out = set()
    for root, dirs, files in os.walk(folder):
        hidden = [x for x in dirs if x.startswith(".")]
        out |= {os.path.join(root, x) for x in hidden + files}
        dirs[:] = [x for x in dirs if not x.startswith(".")]
    return out


def _check(acc: pd.DataFrame, skipped: pd.DataFrame, folder) -> None:
    assert set(acc["path"]) == _given(folder)
    assert acc["path"].is_unique
    for row in acc[acc["status"] == "skipped"].itertuples():
        assert row.path in row.reason  # the message names the file
    tables = acc[acc["kind"] == "table"].set_index("path")
    assert len(tables) == 2
    for path, row in tables.iterrows():
        assert row.rows_read == row.rows_stored + row.rows_skipped, path
    csv = tables.loc[str(folder / "reviews.csv")]
    assert (csv.rows_read, csv.rows_stored, csv.rows_skipped) == (8, 3, 5)
    reasons = skipped[skipped["path"] == str(folder / "reviews.csv")].set_index("section")["reason"]
    assert reasons["line 3"] == "no review text in column 'text'"
    assert reasons["line 4"] == "5 fields where the header has 4"
    assert reasons["line 7"].startswith("rating outside its scale")
    assert "unparseable date 'not a date'" in reasons["line 8 date"]  # kept, date left blank
    assert reasons["line 9"].startswith("duplicate of an earlier row")
    assert reasons["line 10"] == "1 field where the header has 4"  # after the quoted newline
    jsonl = tables.loc[str(folder / "reviews.jsonl")]
    assert (jsonl.rows_read, jsonl.rows_stored, jsonl.rows_skipped) == (3, 2, 1)


def test_api_accounts_for_every_file_and_row(messy_folder):
    corpus = load_corpus([messy_folder])
    acc = corpus.accounting()
    _check(acc, corpus.skipped, messy_folder)
    status = acc.set_index("path")["status"]
    for name in ("empty.txt", "image.png", "archive.zip", ".DS_Store"):
        assert status[str(messy_folder / name)] == "skipped"
    for name in ("utf16.txt", "latin1.txt", "truncated.txt", "one_line.txt", SEED_001.name):
        assert status[str(messy_folder / name)] == "read"
    kinds = acc.set_index("path")["kind"]
    assert (
        kinds[str(messy_folder / "utf16.txt")]
        == kinds[str(messy_folder / "nested" / SEED_002.name)]
    )
    # the truncated page keeps the reviews before the cut
    assert len(corpus.reviews[corpus.reviews["document_id"].str.startswith("truncated")]) >= 1


def test_store_and_upload_path_account_for_every_file(messy_folder, tmp_path):
    store = Store(tmp_path / "s.duckdb")
    store.ingest([messy_folder])
    loaded = store.load()
    _check(loaded.corpus.accounting(), loaded.corpus.skipped, messy_folder)
    store.ingest([messy_folder])  # again: nothing new, and no skipped row twice
    again = store.load().corpus.skipped
    assert len(again) == len(loaded.corpus.skipped)


def test_cli_prints_the_arithmetic(messy_folder, tmp_path):
    out = run_module("analysis", "ingest", str(messy_folder), "--out", str(tmp_path / "o"))
    assert out.returncode == 0, out.stderr
    assert f"{messy_folder / 'reviews.csv'}: 8 rows read = 3 stored + 5 skipped" in out.stdout
    assert f"skipped: {messy_folder / 'image.png'}" in out.stderr
    assert "Traceback" not in out.stderr
    skipped = pd.read_csv(tmp_path / "o" / "skipped.csv")
    assert str(messy_folder / ".DS_Store") in set(skipped["path"])


def test_a_folder_of_thousands_of_small_files(tmp_path):
    d = tmp_path / "many"
    d.mkdir()
    for i in range(3000):
        (d / f"note_{i:04d}.txt").write_text(f"Note {i}: nothing to see here, a short text.\n")
    (d / "empty_0.txt").write_bytes(b"")
    t0 = time.perf_counter()
    corpus = load_corpus([d])
    seconds = time.perf_counter() - t0
    acc = corpus.accounting()
    assert len(acc) == 3001
    assert set(acc["path"]) == {str(p) for p in d.iterdir()}
    assert (acc["status"] == "skipped").sum() == 1
    assert seconds < 120  # a generous bound: this is a smoke check, not a benchmark
