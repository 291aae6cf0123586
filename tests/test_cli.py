from __future__ import annotations

import re
import subprocess

import pandas as pd
import pytest
from conftest import SEEDS, run_module


def _run(*args: str) -> subprocess.CompletedProcess:
    return run_module("analysis", *args)


def test_ingest_writes_one_csv_per_table_and_a_summary(tmp_path):
    result = _run("ingest", str(SEEDS), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "documents: 5 (imdb 2, moviedb 1, rotten_tomatoes 1, wikipedia 1)" in result.stdout
    assert "reviews: 7 (imdb 2, moviedb 1, rotten_tomatoes 4)" in result.stdout
    names = {p.stem for p in tmp_path.glob("*.csv")}
    assert names == {
        "documents",
        "works",
        "reviews",
        "aggregates",
        "consensus",
        "related_titles",
        "figures",
        "conflicts",
        "skipped",
        "titles",
    }
    reviews = pd.read_csv(tmp_path / "reviews.csv")
    assert sorted(reviews["author"].dropna()) == [
        "Jeremy-93",
        "Jim H",
        "Kyle M",
        "Robert B",
        "Sylvester K",
        "varekai",
    ]


def test_ingest_bad_path_exits_nonzero_with_one_line(tmp_path):
    result = _run("ingest", str(SEEDS), str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    lines = [ln for ln in result.stderr.splitlines() if "nope.txt" in ln]
    assert lines == [f"error: {tmp_path / 'nope.txt'}: no such file or folder"]
    assert "Traceback" not in result.stderr


def test_a_mapping_given_for_a_table_stored_before_says_it_did_not_apply(tmp_path):
    """A stored file is not read again, so a column mapping given on a later run cannot
    change its rows: the run says so (and which files), instead of ignoring it silently;
    a new file read with the mapping gets no such note."""
    table = tmp_path / "reviews.csv"
    table.write_text(
        "movie,review_body,stars\n"
        'Amelie,"A lovely film with a wonderful score and great acting.",5\n'
        'Amelie,"Dull and far too long, I was bored the whole time.",1\n'
    )
    db, out = str(tmp_path / "s.duckdb"), str(tmp_path / "out")
    first = _run("ingest", str(table), "--db", db, "--out", out)
    assert first.returncode == 0, first.stderr
    assert "note:" not in first.stderr  # no mapping given
    again = _run("ingest", str(table), "--db", db, "--out", out, "--map", "text=review_body")
    assert again.returncode == 0, again.stderr
    assert "files: 0 new, 1 already stored" in again.stdout
    notes = [ln for ln in again.stderr.splitlines() if ln.startswith("note:")]
    assert notes == [
        "note: the column mapping did not apply to 1 review table(s) stored before "
        "(reviews.csv): a file is read once, by its content. To read them with this "
        "mapping, ingest them into a new store."
    ]
    fresh = _run(
        "ingest",
        str(table),
        "--db",
        str(tmp_path / "new.duckdb"),
        "--out",
        out,
        "--map",
        "text=review_body",
    )
    assert fresh.returncode == 0, fresh.stderr
    assert "note:" not in fresh.stderr


def test_score_writes_sentences_and_theme_summary(tmp_path):
    result = _run("score", str(SEEDS), "--out", str(tmp_path), "--workers", "1")
    assert result.returncode == 0, result.stderr
    sentences = pd.read_csv(tmp_path / "sentences.csv")
    reviews = pd.read_csv(tmp_path / "reviews.csv")
    assert set(sentences["review_id"]) == set(reviews["review_id"])
    assert {"vader_compound", "model_positive", "text_score_100", "agreement"} <= set(
        reviews.columns
    )
    assert "music" in set(pd.read_csv(tmp_path / "theme_summary.csv")["theme"])
    assert "model blend-" in result.stdout


@pytest.mark.slow
def test_evaluate_and_benchmark_print_their_figures():
    from conftest import FIXTURES

    data = str(FIXTURES / "imdb_sample.parquet")
    ev = _run("evaluate", "--data", data)
    assert ev.returncode == 0, ev.stderr
    assert "VADER" in ev.stdout
    blend = [line for line in ev.stdout.splitlines() if "blend (shipped)" in line]
    assert len(blend) == 2  # the imdb domain and all domains
    assert blend[0].split()[:1] == ["imdb"]
    assert "300" in blend[0].split()
    bench = _run("benchmark", "--data", data, "--limit", "120")
    assert bench.returncode == 0, bench.stderr
    out = bench.stdout
    assert "120 reviews" in out
    # every ratio parses, and its verdict agrees with the number and the target printed
    ratios = re.findall(r"ratio [^:]+: ([\d.]+) \(target >= ([\d.]+): (met|NOT met)\)", out)
    assert len(ratios) == 2, out
    for value, target, verdict in ratios:
        assert float(value) > 0
        assert verdict == ("met" if float(value) >= float(target) else "NOT met")
    assert [t for _, t, _ in ratios] == ["10", "3"]
    diff = re.search(r"max \|difference\| from vaderSentiment ([\d.e+-]+)", out)
    assert diff
    assert float(diff.group(1)) <= 1e-9
    rates = [float(r.replace(",", "")) for r in re.findall(r"\(([\d,]+) reviews/s\)", out)]
    assert len(rates) == 3
    assert all(r > 0 for r in rates)
    assert re.search(r"peak memory: main process [\d,]+ MB", out)


def test_train_refuses_a_file_without_the_columns(tmp_path):
    bad = tmp_path / "bad.parquet"
    pd.DataFrame({"text": ["x"]}).to_parquet(bad)
    result = _run("train", "--data", str(bad), "--out", str(tmp_path / "m"))
    assert result.returncode == 2
    assert "bad.parquet: need columns split, text and label or rating" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_export_charts_writes_one_png_per_chart(tmp_path):
    result = _run("export-charts", str(SEEDS), "--out", str(tmp_path), "--format", "png")
    assert result.returncode == 0, result.stderr
    pngs = sorted(p.name for p in tmp_path.glob("*.png"))
    assert pngs == sorted(
        f"{n}.png"
        for n in (
            "aggregate_scores",
            "review_scores",
            "review_timeline",
            "helpfulness",
            "vader_vs_model",
            "themes",
            "related_titles",
        )
    )
    assert all((tmp_path / p).read_bytes()[:4] == b"\x89PNG" for p in pngs)
    bad = _run("export-charts", str(SEEDS), "--out", str(tmp_path), "--format", "gif")
    assert bad.returncode == 2
    assert "valid formats: png, svg, html, json" in bad.stderr


@pytest.mark.dask
def test_score_with_the_dask_engine(tmp_path):
    result = _run("score", str(SEEDS), "--out", str(tmp_path), "--engine", "dask", "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(tmp_path / "reviews.csv")) == 7


def test_the_scale_benchmark_prints_its_steps_and_the_machine_speed(tmp_path, monkeypatch):
    """The scale figures come with where the time went and a plain VADER loop timed in the
    same run, so a figure from a slow phase of the machine can be read as one."""
    from conftest import FIXTURES

    from analysis import benchmark

    monkeypatch.setattr(benchmark, "dashboard_timings", lambda db, echo: {})
    lines: list[str] = []
    out = benchmark.run_scale_benchmark(
        [FIXTURES / "imdb_sample.parquet"], tmp_path / "s.duckdb", echo=lines.append
    )
    assert list(out["phases"]) == ["reading", "scoring", "writing"]
    first = next(line for line in lines if line.startswith("first ingest + score"))
    assert "(reading " in first
    assert ", scoring " in first
    speed = next(line for line in lines if line.startswith("this run's machine speed"))
    found = re.search(
        r"reads ([\d,]+) reviews/s on ([\d,]+) of the stored reviews .* ran at ([\d.]+)x that; "
        r"the 60 s target is ([\d.]+)x",
        speed,
    )
    assert found, speed
    rate, n, ran, target = found.groups()
    assert int(n.replace(",", "")) == 600  # every stored review: fewer than the 2,000 cap
    assert float(rate.replace(",", "")) == pytest.approx(out["plain_vader_rate"], abs=1)
    assert float(ran) == pytest.approx(600 / out["first_s"] / out["plain_vader_rate"], abs=0.01)
    assert float(target) == pytest.approx(600 / 60 / out["plain_vader_rate"], abs=0.01)


def test_a_tables_unread_columns_are_named_once_on_reading(tmp_path):
    """Columns that no field is read from are named as the table is read, with and
    without a store, so a user sees that "Platform" or "verified" was not taken; a later
    run that finds the file stored (not read again) does not repeat it."""
    table = tmp_path / "games.csv"
    table.write_text(
        "Title,Platform,Userscore,Comment\n"
        "Ocarina of Time,Nintendo64,10,Superb gameplay and music in this game.\n"
        "Ocarina of Time,Nintendo64,3,Clunky controls; I never liked this game.\n"
    )
    note = (
        f"note: {table}: columns not read: Platform (no field of a review is taken from "
        "them): --map FIELD=COLUMN reads one as a field"
    )
    plain = _run("ingest", str(table), "--out", str(tmp_path / "out"))
    assert plain.returncode == 0, plain.stderr
    assert note in plain.stderr.splitlines()
    db = str(tmp_path / "s.duckdb")
    first = _run("ingest", str(table), "--db", db, "--out", str(tmp_path / "o1"))
    assert first.returncode == 0, first.stderr
    assert note in first.stderr.splitlines()
    again = _run("ingest", str(table), "--db", db, "--out", str(tmp_path / "o2"))
    assert "note:" not in again.stderr
    skipped = pd.read_csv(tmp_path / "o2" / "skipped.csv")
    assert skipped.loc[skipped["section"] == "columns", "reason"].tolist() == [
        note.removeprefix("note: ").removesuffix(": --map FIELD=COLUMN reads one as a field")
    ]


def test_max_table_mb_raises_the_limit_for_review_tables(tmp_path):
    """``--max-table-mb`` is the route the size message names: a table over the limit
    given is refused with that message; given a higher limit it is read."""
    line = "A film review long enough to count as one and fine.,7,{}\n"
    table = tmp_path / "big.csv"
    table.write_text("text,rating,author\n" + "".join(line.format(i) for i in range(24_000)))
    assert 1_000_000 < table.stat().st_size < 2_000_000
    small = _run("ingest", str(table), "--out", str(tmp_path / "a"), "--max-table-mb", "1")
    assert "over the 1,000,000-byte limit for a review table (raise it with --max-table-mb" in (
        small.stderr
    )
    assert "reviews: 0" in small.stdout
    big = _run("ingest", str(table), "--out", str(tmp_path / "b"), "--max-table-mb", "2")
    assert big.returncode == 0, big.stderr
    assert "reviews: 24000 (big.csv 24000)" in big.stdout
    bad = _run("ingest", str(table), "--out", str(tmp_path / "c"), "--max-table-mb", "0")
    assert bad.returncode == 2


def test_documents_lists_a_stores_files_and_forget_removes_one(tmp_path):
    table = tmp_path / "mine.csv"
    table.write_text("movie,review\nAlpha,Lovely and calm.\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert _run("ingest", str(table), "--db", str(db), "--out", str(tmp_path / "o")).returncode == 0
    listed = _run("documents", "--db", str(db))
    assert listed.returncode == 0
    assert listed.stdout.splitlines() == [f"mine\ttable\t1\t{table}", f"1 documents in {db}"]
    gone = _run("forget", "mine", "--db", str(db))
    assert gone.returncode == 0
    assert "removed 1 file: 1 review, 0 scores, 0 titles rows and 1 title no other" in gone.stdout
    assert _run("documents", "--db", str(db)).stdout.splitlines() == [f"0 documents in {db}"]
    unknown = _run("forget", "mine", "--db", str(db))
    assert unknown.returncode == 2
    assert "no stored document 'mine'" in unknown.stderr
    assert _run("documents", "--db", str(tmp_path / "none.duckdb")).returncode == 2
