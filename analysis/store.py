"""The persistent embedded store (DuckDB): DuckDB I/O only.

Tables are those of ``analysis.schema`` (``STORED``), plus the model and scoring versions
of each review. Reading and deciding what to store happen in ``analysis.collection``; this
module opens the file (waiting while another process holds its lock), creates and migrates
the tables, answers a few questions (which files, reviews and works are stored) and writes
one batch in one transaction.

* DuckDB lets one process write or several read, not both. Readers and writers that find
  the store locked wait for it (``Settings.store_wait_seconds``), so a dashboard reading
  during an ingest sees the state before it or after it, never an error.
* ``write_batch`` first drops whatever another ingest stored in the meantime (the same file
  given to two ingests at once is stored once), and a run killed midway leaves the
  previous state.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from analysis.errors import InputError
from analysis.schema import (
    TABLES,
    Documents,
    Reviews,
    ScoredReviews,
    Sentences,
    Skipped,
    Titles,
    Works,
    columns,
    empty,
)
from analysis.settings import DEFAULT, Settings
from analysis.text import is_in


def default_db() -> Path:
    """``$RECEPTION_DB``, else ``~/.local/share/reception/reception.duckdb``."""
    return Path(
        os.environ.get("RECEPTION_DB")
        or Path.home() / ".local" / "share" / "reception" / "reception.duckdb"
    )


_SQL_TYPES = {"str": "VARCHAR", "Int64": "BIGINT", "float64": "DOUBLE", "bool": "BOOLEAN"}
STORED = {name: model for name, model in TABLES.items() if name not in {"reviews", "conflicts"}}
STORED |= {"reviews": ScoredReviews, "sentences": Sentences}


_EXTRA_COLUMNS = {"reviews": {"model_version": "VARCHAR", "scoring_version": "VARCHAR"}}


def _sql_columns(name: str, model) -> dict[str, str]:
    """A stored table's columns and their SQL types: the schema's, plus the store's own."""
    cols = {
        c: _SQL_TYPES.get(str(spec.dtype), "VARCHAR")
        for c, spec in model.to_schema().columns.items()
    }
    return cols | _EXTRA_COLUMNS.get(name, {})


def _ddl(name: str, model) -> str:
    cols = ", ".join(f'"{c}" {sql}' for c, sql in _sql_columns(name, model).items())
    return f'CREATE TABLE IF NOT EXISTS "{name}" ({cols})'


def _migrate(con: duckdb.DuckDBPyConnection, name: str, model) -> None:
    """Add the columns a newer schema declares to a table an older version created (their
    rows are empty; ``scoring_version`` being empty makes the next ingest rescore them)."""
    have = {r[0] for r in con.execute(f'DESCRIBE "{name}"').fetchall()}
    for col, sql in _sql_columns(name, model).items():
        if col not in have:
            con.execute(f'ALTER TABLE "{name}" ADD COLUMN "{col}" {sql}')


def _declared(name: str, model, table: pa.Table) -> pd.DataFrame:
    """A stored table as a frame with every column the schema declares: a store an older
    version wrote, opened read-only (where ``_migrate`` does not run), lacks the columns
    added since (``works.form``); they read as empty, as ``_migrate`` would add them."""
    frame = table.to_pandas()
    missing = [c for c in _sql_columns(name, model) if c not in frame.columns]
    return frame.assign(**dict.fromkeys(missing)) if missing else frame


def _stale_where(con: duckdb.DuckDBPyConnection, scoring_version: str) -> tuple[str, list] | None:
    """The condition picking reviews scored by another model or pipeline, or None when the
    store predates scoring versions (then every review is stale)."""
    cols = {r[0] for r in con.execute('DESCRIBE "reviews"').fetchall()}
    if "scoring_version" not in cols:
        return None
    return "WHERE scoring_version IS DISTINCT FROM ?", [scoring_version]


def review_columns() -> list[str]:
    return columns(Reviews)


@dataclass
class Batch:
    """What one ingest writes: new documents' tables, skipped rows, and scored reviews
    (replacing the stale ones)."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    left_out: pd.DataFrame | None = None
    stale_ids: list[str] = field(default_factory=list)
    reviews: pd.DataFrame | None = None
    sentences: pd.DataFrame | None = None
    model_version: str = ""
    scoring_version: str = ""


class StoreDB:
    """One DuckDB file holding the whole corpus."""

    def __init__(self, path: Path | str | None = None, settings: Settings = DEFAULT):
        self.path = Path(path) if path else default_db()
        self.settings = settings

    def connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        """A connection; while another process holds the store's lock, wait for it."""
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.settings.store_wait_seconds
        delay = 0.02
        while True:
            try:
                con = duckdb.connect(str(self.path), read_only=read_only)
                break
            except duckdb.IOException as exc:
                locked = "lock" in str(exc).lower()
                if not locked or time.monotonic() >= deadline:
                    why = (
                        "is in use by another process (an ingest?)"
                        if locked
                        else "cannot be opened"
                    )
                    first = str(exc).splitlines()[0][:160]
                    msg = f"{self.path}: the store {why}; try again when it has finished ({first})"
                    raise InputError(msg) from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.25)
        if not read_only:
            for name, model in STORED.items():
                con.execute(_ddl(name, model))
                _migrate(con, name, model)
        return con

    def exists(self) -> bool:
        return self.path.is_file()

    def works(self) -> list[dict]:
        """Stored works as row dicts (nulls as None), as stored (not yet joined to the
        titles tables)."""
        if not self.exists():
            return []
        with self.connect(read_only=True) as con:
            works = _declared("works", Works, con.sql('SELECT * FROM "works"').to_arrow_table())
        return [
            {k: (None if pd.isna(v) else v) for k, v in r.items()} for r in works.to_dict("records")
        ]

    def documents(self) -> pd.DataFrame:
        """The stored documents (``schema.Documents``), by id."""
        if not self.exists():
            return empty(Documents)
        with self.connect(read_only=True) as con:
            sql = 'SELECT * FROM "documents" ORDER BY document_id'
            return _declared("documents", Documents, con.sql(sql).to_arrow_table())

    def _stored(self, table: str, column: str) -> set:
        """Every value of one stored column (none where there is no store yet)."""
        if not self.exists():
            return set()
        with self.connect(read_only=True) as con:
            return _values(con, table, column)

    def titles_about(self, keys: list[str]) -> pd.DataFrame:
        """The stored titles rows about any of ``keys`` (work ids and IMDb ids), in the
        order they were read (document, then line)."""
        if not self.exists():
            return empty(Titles)
        with self.connect(read_only=True) as con:
            if "titles" not in _tables(con):
                return empty(Titles)
            sql = 'SELECT * FROM "titles" WHERE title_key IN (SELECT UNNEST(?)) ORDER BY document_id, line'
            return _declared("titles", Titles, con.sql(sql, params=[keys]).to_arrow_table())

    def reviews_of(self, work_ids: list[str]) -> pd.DataFrame:
        """The stored reviews of these works (``review_columns``)."""
        if not self.exists() or not work_ids:
            return pd.DataFrame(columns=review_columns())
        with self.connect(read_only=True) as con:
            sql = 'SELECT * FROM "reviews" WHERE work_id IN (SELECT UNNEST(?))'
            return con.execute(sql, [work_ids]).df()[review_columns()]

    def titles_stored(self) -> dict[str, int]:
        """How many rows each stored titles table holds (by its document id)."""
        if not self.exists():
            return {}
        with self.connect(read_only=True) as con:
            if "titles" not in _tables(con):  # a store an older version wrote
                return {}
            sql = 'SELECT document_id, count(*) FROM "titles" GROUP BY document_id'
            return dict(con.execute(sql).fetchall())

    def document_ids(self) -> set[str]:
        """The stored documents' ids (a new document takes none of them)."""
        return self._stored("documents", "document_id")

    def known_hashes(self) -> set[str]:
        return self._stored("documents", "sha256")

    def has_stale(self, scoring_version: str) -> bool:
        """Whether any stored review was scored by another model or pipeline."""
        if not self.exists():
            return False
        with self.connect(read_only=True) as con:
            where = _stale_where(con, scoring_version)
            if where is None:
                return True
            sql = f'SELECT count(*) FROM "reviews" {where[0]}'
            return con.execute(sql, where[1]).fetchone()[0] > 0

    def scoring_state(self, scoring_version: str) -> tuple[set[str], pd.DataFrame]:
        """Stored review ids, and the stored reviews scored by another model or pipeline."""
        if not self.exists():
            return set(), pd.DataFrame(columns=review_columns())
        with self.connect(read_only=True) as con:
            ids = _values(con, "reviews", "review_id")
            sql, params = _stale_where(con, scoring_version) or ("", [])
            stale = con.execute(f'SELECT * FROM "reviews" {sql}', params).df()
        return ids, stale[review_columns()]

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection whose statements in the ``with`` block are one transaction: all of
        them or, on any error or interruption, none."""
        with self.connect() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    def write_batch(self, batch: Batch) -> None:
        """Write one batch in one transaction (all of it or none)."""
        with self.transaction() as con:
            self._write(con, batch)

    def _write(self, con: duckdb.DuckDBPyConnection, batch: Batch) -> None:
        if batch.tables:
            tables = _drop_stored_documents(con, batch.tables)
            _refuse_taken_names(con, tables["documents"])
            stored_works = _values(con, "works", "work_id")
            works = tables["works"]
            _insert(con, "documents", tables["documents"])
            _clear_refusals(con, tables["documents"])
            _insert(con, "works", works[~works["work_id"].isin(stored_works)])
            for name in ("aggregates", "consensus", "related_titles", "figures", "titles"):
                _insert(con, name, tables[name])
            _insert_skipped(con, tables["skipped"])
        if batch.left_out is not None:
            _insert_skipped(con, batch.left_out)
        if batch.stale_ids:
            for table in ("reviews", "sentences"):
                sql = f'DELETE FROM "{table}" WHERE review_id IN (SELECT UNNEST(?))'
                con.execute(sql, [batch.stale_ids])
        if batch.reviews is not None:
            # reviews another ingest stored meanwhile are not stored twice
            now = _values(con, "reviews", "review_id")
            fresh = ~is_in(batch.reviews[ScoredReviews.review_id], now)
            scored, sents = batch.reviews, batch.sentences
            if not fresh.all():  # (a copy of a million sentences only when some must go)
                scored = scored[fresh]
                sents = sents[is_in(sents[Sentences.review_id], scored[ScoredReviews.review_id])]
            versions = {
                "model_version": batch.model_version,
                "scoring_version": batch.scoring_version,
            }
            _insert(con, "reviews", scored.assign(**versions))
            _insert(con, "sentences", sents)

    def forget(self, document_ids: list[str], rescore: list[str]) -> dict[str, int]:
        """Remove these documents and every row they gave, in one transaction: their
        reviews with their sentences, scores, consensus, figures, related titles, titles
        rows and skipped notes; then the works no stored row refers to any more. The
        reviews of the works in ``rescore`` are marked for rescoring (the next ingest
        scores them again). How many rows went, by table."""
        gone: dict[str, int] = {}
        with self.transaction() as con:
            have = _tables(con)
            ids = [document_ids]
            sql = 'DELETE FROM "sentences" WHERE review_id IN (SELECT review_id FROM "reviews" WHERE document_id IN (SELECT UNNEST(?)))'
            gone["sentences"] = con.execute(sql, ids).fetchone()[0]
            for table in _DOCUMENT_TABLES:
                if table in have:
                    sql = f'DELETE FROM "{table}" WHERE document_id IN (SELECT UNNEST(?))'
                    gone[table] = con.execute(sql, ids).fetchone()[0]
            # a work kept only as a removed variant's parent goes in the next round
            gone["works"] = 0
            while removed := con.execute(_UNREFERENCED_WORKS).fetchone()[0]:
                gone["works"] += removed
            sql = 'UPDATE "reviews" SET scoring_version = NULL WHERE work_id IN (SELECT UNNEST(?))'
            con.execute(sql, [rescore])
        return gone

    def read_tables(self) -> tuple[dict[str, pd.DataFrame], str | None]:
        """Every stored table as it is (through Arrow: 8x faster than ``.df()`` on a million
        sentences, same dtypes), and the model version of the stored scores. Of the titles
        tables' rows (IMDb's data sets hold millions), those about stored works."""
        with self.connect(read_only=self.exists()) as con:
            have = _tables(con)
            read = {
                name: con.sql(_SELECT.get(name, f'SELECT * FROM "{name}"')).to_arrow_table()
                for name in STORED
                if name in have  # a store an older version wrote has no titles table
            }
            version = con.execute('SELECT any_value(model_version) FROM "reviews"').fetchone()[0]
        read |= {
            name: pa.Table.from_pandas(empty(model), preserve_index=False)
            for name, model in STORED.items()
            if name not in read
        }
        # every table read before any schema is built: building the first one waits for
        # pandera's imports (``schema.prepare``, started beside the reads), and read between
        # two tables that wait held the reads back (0.5 s of a 1.5 s load on the 100k store)
        return {name: _declared(name, STORED[name], t) for name, t in read.items()}, version


# the tables whose rows say which document gave them (``forget``), documents last
_DOCUMENT_TABLES = (
    "reviews",
    "aggregates",
    "consensus",
    "figures",
    "related_titles",
    "titles",
    "skipped",
    "documents",
)
# the works no stored row refers to (a work is kept while a review, score, consensus,
# figure or related title is about it, or another work is its variant)
_UNREFERENCED_WORKS = """
DELETE FROM "works" WHERE work_id NOT IN (
    SELECT work_id FROM "reviews" WHERE work_id IS NOT NULL
    UNION SELECT work_id FROM "aggregates" WHERE work_id IS NOT NULL
    UNION SELECT work_id FROM "consensus" WHERE work_id IS NOT NULL
    UNION SELECT work_id FROM "figures" WHERE work_id IS NOT NULL
    UNION SELECT work_id FROM "related_titles" WHERE work_id IS NOT NULL
    UNION SELECT parent_work_id FROM "works" WHERE parent_work_id IS NOT NULL
)
"""


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The store's table names (a store opened read-only is not migrated: an older
    version's lacks the tables added since)."""
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


# what ``read_tables`` reads of a table other than all of it: of the titles tables' rows,
# those about stored works (by the work's id or its IMDb id)
_TITLES_OF_WORKS = """SELECT * FROM "titles" WHERE title_key IN (
    SELECT work_id FROM "works" UNION SELECT imdb_id FROM "works" WHERE imdb_id IS NOT NULL
) ORDER BY document_id, line"""
_SELECT = {"titles": _TITLES_OF_WORKS}


def _insert(con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame | None) -> None:
    if df is None or df.empty:
        return
    cols = list(con.execute(f'SELECT * FROM "{name}" LIMIT 0').df().columns)
    # handed over as Arrow (what pandas' string columns hold): twice as fast as DuckDB's
    # scan of the DataFrame on a million sentences, with the same nulls
    con.register("incoming", pa.Table.from_pandas(df.reindex(columns=cols), preserve_index=False))
    con.execute(f'INSERT INTO "{name}" SELECT * FROM incoming')
    con.unregister("incoming")


def _clear_refusals(con: duckdb.DuckDBPyConnection, documents: pd.DataFrame) -> None:
    """A file refused before (a table without a text column: no document) and read now (a
    mapping names its text column) is in the tables: its old refusal no longer holds."""
    sql = 'DELETE FROM "skipped" WHERE document_id IS NULL AND path IN (SELECT UNNEST(?))'
    con.execute(sql, [documents[Documents.path].tolist()])


def _insert_skipped(con: duckdb.DuckDBPyConnection, skipped: pd.DataFrame) -> None:
    """Skipped rows not stored yet: a refused file (empty, binary, hidden) has no document
    and is looked at again on each run, but is reported once."""
    S = Skipped
    seen = set(con.execute('SELECT path, section, reason FROM "skipped"').fetchall())
    keys = zip(skipped[S.path], skipped[S.section], skipped[S.reason], strict=True)
    _insert(con, "skipped", skipped[[k not in seen for k in keys]])


def _values(con: duckdb.DuckDBPyConnection, table: str, column: str) -> set:
    """Every value of one column of a stored table, as a set."""
    return {r[0] for r in con.execute(f'SELECT "{column}" FROM "{table}"').fetchall()}


def _refuse_taken_names(con: duckdb.DuckDBPyConnection, documents: pd.DataFrame) -> None:
    """Stop (the transaction rolls back) when a new document's id is stored already: an
    ingest that ran at the same time gave another file of the same name the same free id,
    and two documents of one id would make the store unreadable."""
    stored = _values(con, "documents", "document_id")
    clash = documents[documents["document_id"].isin(stored)]
    if len(clash):
        doc, path = clash.iloc[0][["document_id", "path"]]
        msg = (
            f"{path}: another ingest stored a document named {doc!r} meanwhile; nothing of "
            "this run was stored. Run it again: it names the file anew."
        )
        raise InputError(msg)


def _drop_stored_documents(
    con: duckdb.DuckDBPyConnection, tables: dict[str, pd.DataFrame]
) -> dict[str, pd.DataFrame]:
    """The tables without the documents whose content is already stored (by another ingest
    that ran at the same time)."""
    known = _values(con, "documents", "sha256")
    docs = tables["documents"]
    gone = set(docs.loc[docs["sha256"].isin(known), "document_id"])
    if not gone:
        return tables
    return {
        name: df[~df["document_id"].isin(gone)] if "document_id" in df.columns else df
        for name, df in tables.items()
    }
