"""The DuckDB store: idempotent ingest, accumulating snapshots, rescoring, atomic writes."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import textwrap

import duckdb
import pytest
from conftest import FIXTURES, SEEDS

from analysis import store as store_db
from analysis.collection import Store
from analysis.errors import InputError
from analysis.settings import Settings

SEED = {p.name[:3]: p for p in SEEDS.iterdir()}


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "corpus.duckdb")


def test_ingest_is_idempotent(store):
    first = store.ingest([SEEDS])
    assert (first.files_new, first.reviews_new) == (5, 7)
    again = store.ingest([SEEDS])
    assert (again.files_new, again.files_known, again.reviews_new, again.reviews_rescored) == (
        0,
        5,
        0,
        0,
    )
    loaded = store.load()
    assert len(loaded.reviews) == 7
    assert loaded.reviews["review_id"].is_unique
    assert len(loaded.sentences) == loaded.reviews["n_sentences"].sum()


def test_reviews_stored_meanwhile_are_not_stored_twice(store, tmp_path):
    """A batch whose reviews another ingest stored first (two ingests of one file at once)
    stores only the others, each with its sentences, and none twice; a batch with nothing
    stored yet is stored whole."""
    store.ingest([SEEDS])
    stored, _ = store.db.read_tables()
    reviews = stored["reviews"].drop(columns=["model_version", "scoring_version"])
    sentences = stored["sentences"]

    def batch(rows):
        mine = sentences[sentences["review_id"].isin(rows["review_id"])]
        return store_db.Batch(reviews=rows, sentences=mine, model_version="m", scoring_version="s")

    other = Store(tmp_path / "other.duckdb")
    other.db.write_batch(batch(reviews.iloc[:3]))
    other.db.write_batch(batch(reviews.iloc[1:]))  # two of these are stored already
    written, _ = other.db.read_tables()
    assert sorted(written["reviews"]["review_id"]) == sorted(reviews["review_id"])
    assert written["reviews"]["review_id"].is_unique
    assert len(written["sentences"]) == len(sentences)
    key = ["review_id", "sentence_index"]
    assert not written["sentences"].duplicated(key).any()


def test_files_of_one_name_from_two_ingests_are_two_documents(store, tmp_path):
    """Pages are often saved under one name ("reviews.html") in different folders. Read in
    one run they were told apart; read in two runs they were both stored as ``page`` and
    the store could no longer be loaded. A later one gets a name of its own, and each
    page's rows stay with it."""
    from analysis.ingest.corpus import load_corpus

    folders = {"first": "002", "second": "003", "third": "004"}
    for folder, seed in folders.items():
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "page.txt").write_bytes(SEED[seed].read_bytes())
        store.ingest([tmp_path / folder])
    loaded = store.load()  # (it raised here)
    docs = loaded.corpus.documents.set_index("path")["document_id"]
    ids = [docs[str(tmp_path / f / "page.txt")] for f in folders]
    assert ids == ["page", "page-2", "page-3"]
    for doc, seed in zip(ids, folders.values(), strict=True):  # each page's rows are its own
        alone = load_corpus([SEED[seed]])
        for table in ("documents", "aggregates", "reviews"):
            stored = getattr(loaded.corpus, table)
            mine = stored[stored["document_id"] == doc]
            assert len(mine) == len(getattr(alone, table)), (doc, table)
        kind = loaded.corpus.documents.set_index("document_id").loc[doc, "kind"]
        assert kind == alone.documents["kind"].iloc[0]


def test_a_document_name_stored_meanwhile_is_refused_with_a_message(store, tmp_path):
    """Two ingests at once can both pick the next free name; the second to write finds it
    taken, and stops with a message instead of storing a store that cannot be loaded."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page.txt").write_bytes(SEED["001"].read_bytes())
    store.ingest([tmp_path / "a"])
    from analysis.ingest.corpus import load_corpus

    other = load_corpus([SEED["002"]])  # read as the other ingest read it...
    tables = other.tables()
    renamed = {  # ...with the name the first one has stored meanwhile
        name: df.replace({"document_id": {SEED["002"].stem: "page"}})
        if "document_id" in df.columns
        else df
        for name, df in tables.items()
    }
    with pytest.raises(InputError, match="named 'page' meanwhile"):
        store.db.write_batch(store_db.Batch(tables=renamed))
    assert len(store.load().corpus.documents) == 1


def test_snapshots_accumulate_across_runs(store):
    store.ingest([SEED["004"]])  # the 2017 IMDb page first
    store.ingest([SEED["002"], SEED["000"], SEED["003"]])
    a = store.load().corpus.aggregates
    imdb = a[a["metric"] == "user_rating"].sort_values("snapshot_rank")
    assert imdb["value"].tolist() == [7.7, 7.6]  # ordered by votes, whatever the ingest order
    meters = a[a["metric"] == "tomatometer"].sort_values("snapshot_rank")
    assert meters["n"].tolist() == [41, 56]
    conflicts = store.load().corpus.conflicts
    assert {"user_rating", "tomatometer"} <= set(conflicts["metric"])


def test_reviews_of_another_model_version_are_rescored(store):
    store.ingest([SEEDS])
    with duckdb.connect(str(store.path)) as con:
        con.execute("UPDATE reviews SET scoring_version = 'old/x' WHERE author = 'varekai'")
    report = store.ingest([SEEDS])
    assert (report.reviews_new, report.reviews_rescored) == (0, 1)
    loaded = store.load()
    assert len(loaded.reviews) == 7
    assert len(loaded.sentences) == loaded.reviews["n_sentences"].sum()


def test_a_store_from_an_older_version_is_migrated_and_rescored(store):
    from analysis.scoring.pipeline import Scorers

    store.ingest([SEEDS])
    with duckdb.connect(str(store.path)) as con:  # what the store looked like before mentions
        for col in ("theme_scores", "theme_labels"):
            con.execute(f"ALTER TABLE sentences DROP COLUMN {col}")
        con.execute("ALTER TABLE reviews DROP COLUMN scoring_version")
    scorers = Scorers.load()
    assert store.needs_rescoring(scorers)
    report = store.ingest([], scorers=scorers)
    assert (report.files_new, report.reviews_new, report.reviews_rescored) == (0, 0, 7)
    assert not store.needs_rescoring(scorers)
    loaded = store.load()
    assert len(loaded.sentences) == loaded.reviews["n_sentences"].sum()
    tagged = loaded.sentences[loaded.sentences["themes"] != ""]
    assert (tagged["themes"].str.count(";") == tagged["theme_labels"].str.count(";")).all()


def test_a_store_without_a_newer_column_is_read_as_it_is(store):
    """A store the previous version wrote has no ``works.form``: the dashboard opens it
    read-only (no migration runs) and gets the column, empty; the next ingest adds it."""
    store.ingest([SEEDS])
    with duckdb.connect(str(store.path)) as con:
        con.execute("ALTER TABLE works DROP COLUMN form")
    loaded = store.load()
    assert "form" in loaded.corpus.works.columns
    assert loaded.corpus.works["form"].isna().all()
    assert len(loaded.reviews) == 7
    store.ingest([FIXTURES / "pages" / "imdb_flat_other.txt"])  # a write migrates the table
    with duckdb.connect(str(store.path), read_only=True) as con:
        assert "form" in {r[0] for r in con.execute("DESCRIBE works").fetchall()}


def test_a_failed_ingest_leaves_the_previous_state(store, monkeypatch):
    store.ingest([SEED["000"]])
    before = store.load()

    def boom(con, name, df):
        if name == "sentences":
            raise RuntimeError("disk full")
        return original(con, name, df)

    original = store_db._insert
    monkeypatch.setattr(store_db, "_insert", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        store.ingest([SEED["002"]])
    monkeypatch.setattr(store_db, "_insert", original)
    after = store.load()
    assert len(after.corpus.documents) == len(before.corpus.documents)
    assert len(after.reviews) == len(before.reviews)
    assert store.ingest([SEED["002"]]).reviews_new == 1  # the retry completes it


def test_the_report_says_how_long_each_step_took(store):
    first = store.ingest([SEEDS])
    assert list(first.phases) == ["reading", "scoring", "writing"]
    assert all(s > 0 for s in first.phases.values())
    assert sum(first.phases.values()) <= first.seconds
    assert "; " in str(first)
    assert str(first).endswith(
        "(" + ", ".join(f"{k} {v:.1f} s" for k, v in first.phases.items()) + ")"
    )
    again = store.ingest([SEEDS])  # nothing new: nothing read or scored
    assert list(again.phases) == ["writing"]


def test_tables_go_into_the_store(store):
    report = store.ingest([FIXTURES / "imdb_sample.parquet"])
    assert report.reviews_new == 600
    assert store.load().corpus.documents["kind"].tolist() == ["table"]


def test_stored_works_not_in_a_new_batch_are_left_alone(store):
    store.ingest([SEEDS])
    report = store.ingest([FIXTURES / "pages" / "rt_other.txt"])
    assert report.files_new == 1
    works = set(store.load().corpus.works["work_id"])
    assert {"the-city-of-lost-children-1995", "dark-city-1998"} <= works


@contextlib.contextmanager
def _lock_held(path, seconds: float):
    """Another process holding the store's write lock for ``seconds`` (or until the end)."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, time
            con = duckdb.connect({str(path)!r})
            print("locked", flush=True)
            time.sleep({seconds})
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def test_a_store_held_by_another_process_gives_a_clear_message(store, tmp_path):
    store.ingest([SEED["000"]])
    with _lock_held(store.path, 30):
        impatient = Store(store.path, Settings(store_wait_seconds=1.0))
        with pytest.raises(InputError, match="in use by another process"):
            impatient.ingest([SEED["002"]])
    assert store.ingest([SEED["002"]]).reviews_new == 1


def test_a_locked_store_is_waited_for_not_failed(store):
    store.ingest([SEED["000"]])
    with _lock_held(store.path, 2):
        assert len(store.load().reviews) == 0  # waits for the holder, then reads
        assert store.ingest([SEED["002"]]).reviews_new == 1


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE sentences SET label = 'bogus' WHERE sentence_index = "
        "(SELECT max(sentence_index) FROM sentences)",
        "UPDATE reviews SET text_score_100 = 250",
    ],
)
def test_a_stored_table_with_values_outside_its_schema_is_refused_on_load(store, tamper):
    """Loading checks the big tables' types in full and their values at both ends (they
    were validated in full before being written): a tampered end row is caught, and the
    message names the store and the table instead of a traceback."""
    store.ingest([SEEDS])
    with duckdb.connect(str(store.path)) as con:
        con.execute(tamper)
    table = tamper.split()[1]
    with pytest.raises(InputError, match=rf"corpus.duckdb: the stored {table} table is not as"):
        store.load()


def test_a_store_with_two_documents_of_one_id_says_to_build_a_new_one(store, tmp_path):
    """What earlier versions stored for two files of one name read in two ingests: two
    documents of one id, whose rows cannot be told apart. Loading it says so, and what to
    do, naming the store."""
    for folder, seed in (("a", "001"), ("b", "002")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "page.txt").write_bytes(SEED[seed].read_bytes())
        store.ingest([tmp_path / folder])
    with duckdb.connect(str(store.path)) as con:  # as those versions stored them
        con.execute("UPDATE documents SET document_id = 'page'")
    with pytest.raises(InputError) as caught:
        store.load()
    said = str(caught.value)
    assert said.startswith(f"{store.path}: the stored documents table")
    assert "two documents have the id 'page'" in said
    assert "python -m analysis ingest FILES --db NEW_STORE" in said


def test_a_refused_table_read_later_with_a_mapping_is_no_longer_reported_refused(store, tmp_path):
    """A table refused for want of a text column is not stored, so it can be read again
    with a mapping; once it is, its old refusal goes from the report (it would say the file
    was skipped while its reviews are in the tables). Another file's refusal stays."""
    table = tmp_path / "de.csv"
    table.write_text("Film,Kommentar\nAlpha,Wunderbar.\nBeta,Langweilig.\n", encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_text("Film,Notiz\nGamma,Gut.\n", encoding="utf-8")
    store.ingest([table, other])
    refused = store.load().corpus.skipped
    assert set(refused.loc[refused["section"] == "file", "path"]) == {str(table), str(other)}
    report = store.ingest([table], mapping={"text": "Kommentar"})
    assert report.reviews_new == 2
    skipped = store.load().corpus.skipped
    assert skipped.loc[skipped["section"] == "file", "path"].tolist() == [str(other)]


def test_a_forgotten_file_takes_its_rows_and_only_its_works_with_it(store, tmp_path):
    """Removing a review table from the store takes its reviews, their sentences, its
    notes and the works only it was about; the pages' works and rows stay, and the
    accounting still balances for the files left."""
    table = tmp_path / "mine.csv"
    table.write_text(
        "movie,year,review,stars,extra\nAlpha,2001,Lovely and calm.,4,x\n"
        "The City of Lost Children,1995,Strange and wonderful.,5,y\n",
        encoding="utf-8",
    )
    store.ingest([SEEDS, table])
    before = store.load()
    assert "alpha-2001" in set(before.corpus.works["work_id"])
    report = store.forget(["mine"])
    assert (report.rows["documents"], report.rows["reviews"]) == (1, 2)
    assert report.rows["works"] == 1  # Alpha; the film the pages are about stays
    after = store.load()
    assert set(after.corpus.documents["document_id"]) == set(
        before.corpus.documents["document_id"]
    ) - {"mine"}
    assert len(after.reviews) == len(before.reviews) - 2
    assert set(after.sentences["review_id"]) == set(after.reviews["review_id"])
    assert set(after.corpus.works["work_id"]) == set(before.corpus.works["work_id"]) - {
        "alpha-2001"
    }
    assert "mine" not in set(after.corpus.skipped["document_id"].dropna())  # its note went
    assert len(after.corpus.aggregates) == len(before.corpus.aggregates)
    acc = after.corpus.accounting()
    assert str(table) not in set(acc["path"])
    with pytest.raises(InputError, match="no stored document 'mine'"):
        store.forget(["mine"])


def test_forgetting_every_file_leaves_no_work_behind(store):
    """The seeds' film is kept while its game versions name it as their parent; once the
    pages that gave all three are gone, so are all three (not the film alone left over),
    and the empty store still loads."""
    store.ingest([SEEDS])
    ids = sorted(store.load().corpus.documents["document_id"])
    report = store.forget(ids)
    assert report.rows["works"] == 3
    empty = store.load()
    assert empty.corpus.works.empty
    assert empty.reviews.empty
    assert empty.sentences.empty
