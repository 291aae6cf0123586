"""The persistent embedded store (DuckDB): documents, reviews with scores, sentences,
aggregates with every snapshot, kept across runs.

* Ingest is idempotent: a file whose content hash is stored is not read again, a review
  whose id is stored is not stored or scored again; aggregates of new pages are added, so
  snapshots accumulate.
* Scores are recomputed only for reviews scored by another model version.
* Each ingest is one transaction: a run killed midway leaves the previous state.
* DuckDB lets one process write or several read, not both. An ingest reads and scores
  without holding the store and takes the write lock only for its final transaction, in
  which it checks again what another ingest stored meanwhile (the same file given to two
  ingests at once is stored once). Readers and writers that find the store locked wait for
  it (``Settings.store_wait_seconds``), so a dashboard reading during an ingest sees the
  state before it or after it, never an error.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analysis.aggregates import rank_snapshots
from analysis.conflicts import find_conflicts
from analysis.corpus import Corpus, document_ranks, iter_files, load_corpus
from analysis.errors import InputError
from analysis.schema import (
    TABLES,
    Aggregates,
    Documents,
    Reviews,
    ScoredReviews,
    Sentences,
    Skipped,
    columns,
)
from analysis.scoring import ScoredCorpus, Scorers
from analysis.settings import DEFAULT, Settings
from analysis.themes import theme_summary


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


def _stale_where(con: duckdb.DuckDBPyConnection, sc: Scorers) -> tuple[str, list] | None:
    """The condition picking reviews scored by another model or pipeline, or None when the
    store predates scoring versions (then every review is stale)."""
    cols = {r[0] for r in con.execute('DESCRIBE "reviews"').fetchall()}
    if "scoring_version" not in cols:
        return None
    return "WHERE scoring_version IS DISTINCT FROM ?", [sc.scoring_version]


@dataclass
class IngestReport:
    files_new: int
    files_known: int
    reviews_new: int
    reviews_rescored: int
    seconds: float

    def __str__(self) -> str:
        return (f"files: {self.files_new} new, {self.files_known} already stored; reviews: "
                f"{self.reviews_new} new, {self.reviews_rescored} rescored; {self.seconds:.1f} s")  # fmt: skip


class Store:
    """A DuckDB file holding the whole corpus."""

    def __init__(self, path: Path | str | None = None, settings: Settings = DEFAULT):
        self.path = Path(path) if path else default_db()
        self.settings = settings

    def _connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
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
                    msg = (f"{self.path}: the store {why}; try again when it has finished "
                           f"({str(exc).splitlines()[0][:160]})")  # fmt: skip
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

    def _works(self) -> list[dict]:
        if not self.exists():
            return []
        with self._connect(read_only=True) as con:
            works = con.execute('SELECT * FROM "works"').df()
        return [
            {k: (None if pd.isna(v) else v) for k, v in r.items()} for r in works.to_dict("records")
        ]

    def new_files(self, paths) -> list[Path]:
        """The files under ``paths`` whose content is not stored yet (by content hash)."""
        files, _, _ = iter_files(paths)
        known = self.known_hashes()
        return [f for f in files if hashlib.sha256(f.read_bytes()).hexdigest() not in known]

    def needs_rescoring(self, scorers: Scorers) -> bool:
        """True when stored reviews were scored by another model or pipeline (or an older
        version of this program made the store): the next ``ingest`` rescores them."""
        if not self.exists():
            return False
        with self._connect(read_only=True) as con:
            where = _stale_where(con, scorers)
            if where is None:
                return True
            return (
                con.execute(f'SELECT count(*) FROM "reviews" {where[0]}', where[1]).fetchone()[0]
                > 0
            )

    def known_hashes(self) -> set[str]:
        if not self.exists():
            return set()
        with self._connect(read_only=True) as con:
            return {r[0] for r in con.execute('SELECT sha256 FROM "documents"').fetchall()}

    def _scoring_state(self, sc: Scorers) -> tuple[set[str], pd.DataFrame]:
        """Stored review ids, and the stored reviews scored by another model or pipeline."""
        if not self.exists():
            return set(), pd.DataFrame(columns=_review_columns())
        with self._connect(read_only=True) as con:
            ids = {r[0] for r in con.execute('SELECT review_id FROM "reviews"').fetchall()}
            sql, params = _stale_where(con, sc) or ("", [])
            stale = con.execute(f'SELECT * FROM "reviews" {sql}', params).df()
        return ids, stale[_review_columns()]

    def ingest(self, paths, mapping: dict | None = None, scorers: Scorers | None = None,
               engine: str = "local", progress=None) -> IngestReport:  # fmt: skip
        """Add new files' rows, score new reviews, rescore reviews of an older model.

        Reading and scoring happen without the store's lock; the writes are one transaction
        that first drops whatever another ingest stored in the meantime.
        """
        from analysis.engines import score_with

        t0 = time.perf_counter()
        files, _, left_out = iter_files(paths)
        new_files = self.new_files(files)
        corpus = None
        if new_files:
            corpus = load_corpus(new_files, self.settings, mapping, known_works=self._works())
        sc = scorers or Scorers.load(settings=self.settings)
        stored_ids, stale = self._scoring_state(sc)
        new_reviews = pd.DataFrame(columns=_review_columns())
        if corpus is not None:
            new_reviews = corpus.reviews[~corpus.reviews["review_id"].isin(stored_ids)]
        parts = [p[_review_columns()] for p in (new_reviews, stale) if len(p)]
        scored = sents = None
        if parts:
            to_score = Reviews.validate(pd.concat(parts, ignore_index=True))
            scored, sents = score_with(engine, to_score, sc, progress=progress)
        with self._connect() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                if corpus is not None:
                    corpus = _drop_stored_documents(con, corpus)
                    self._append(con, corpus)
                self._insert_skipped(con, pd.DataFrame(left_out, columns=columns(Skipped)))
                stale_ids = stale["review_id"].tolist()
                if stale_ids:
                    for table in ("reviews", "sentences"):
                        con.execute(f'DELETE FROM "{table}" WHERE review_id IN (SELECT UNNEST(?))',
                                    [stale_ids])  # fmt: skip
                if scored is not None:
                    # reviews another ingest stored meanwhile are not stored twice
                    now = {r[0] for r in con.execute('SELECT review_id FROM "reviews"').fetchall()}
                    scored = scored[~scored["review_id"].isin(now)]
                    sents = sents[sents["review_id"].isin(scored["review_id"])]
                    self._insert(con, "reviews", scored.assign(
                        model_version=sc.model_version, scoring_version=sc.scoring_version))  # fmt: skip
                    self._insert(con, "sentences", sents)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return IngestReport(len(new_files), len(files) - len(new_files), len(new_reviews),
                            len(stale), time.perf_counter() - t0)  # fmt: skip

    def _insert(self, con, name: str, df: pd.DataFrame) -> None:
        if df is None or df.empty:
            return
        cols = [c for c in con.execute(f'SELECT * FROM "{name}" LIMIT 0').df().columns]
        frame = df.reindex(columns=cols)
        con.register("incoming", frame)
        con.execute(f'INSERT INTO "{name}" SELECT * FROM incoming')
        con.unregister("incoming")

    def _append(self, con, corpus: Corpus) -> None:
        stored_works = {r[0] for r in con.execute('SELECT work_id FROM "works"').fetchall()}
        self._insert(con, "documents", corpus.documents)
        self._insert(con, "works", corpus.works[~corpus.works["work_id"].isin(stored_works)])
        for name in ("aggregates", "consensus", "related_titles", "figures"):
            self._insert(con, name, getattr(corpus, name))
        self._insert_skipped(con, corpus.skipped)

    def _insert_skipped(self, con, skipped: pd.DataFrame) -> None:
        """Skipped rows not stored yet: a refused file (empty, binary, hidden) has no
        document and is looked at again on each run, but is reported once."""
        seen = set(con.execute('SELECT path, section, reason FROM "skipped"').fetchall())
        fresh = [(p, s, r) not in seen for p, s, r in
                 zip(skipped["path"], skipped["section"], skipped["reason"], strict=True)]  # fmt: skip
        self._insert(con, "skipped", skipped[fresh])

    def load(self, scorers: Scorers | None = None) -> ScoredCorpus:
        """Everything stored, with snapshot ranks and conflicts recomputed across all runs."""
        with self._connect(read_only=self.exists()) as con:
            # through Arrow: 8x faster than .df() on a million sentences, same dtypes
            t = {name: con.sql(f'SELECT * FROM "{name}"').to_arrow_table().to_pandas()
                 for name in STORED}  # fmt: skip
            version = con.execute('SELECT any_value(model_version) FROM "reviews"').fetchone()[0]
        docs = Documents.validate(t["documents"])
        aggs = Aggregates.validate(t["aggregates"])
        film = pd.concat(
            [aggs[["document_id", "work_id"]], t["reviews"][["document_id", "work_id"]]]
        )
        film = film[~film["work_id"].str.contains("-game-", regex=False)].drop_duplicates(
            "document_id"
        )
        ranks = document_ranks(docs.merge(film, on="document_id", how="left"), aggs)
        docs = docs.assign(snapshot_rank=docs["document_id"].map(ranks).astype("Int64"))
        aggs = aggs.assign(snapshot_rank=rank_snapshots(aggs, ranks))
        kinds = dict(zip(docs["document_id"], docs["kind"], strict=True))
        conflicts = find_conflicts(aggs, TABLES["figures"].validate(t["figures"]), kinds)
        corpus = Corpus(
            documents=docs, works=TABLES["works"].validate(t["works"]),
            reviews=t["reviews"].reindex(columns=_review_columns()), aggregates=aggs,
            consensus=TABLES["consensus"].validate(t["consensus"]),
            related_titles=TABLES["related_titles"].validate(t["related_titles"]),
            figures=TABLES["figures"].validate(t["figures"]), conflicts=conflicts,
            skipped=Skipped.validate(t["skipped"]),
        )  # fmt: skip
        reviews = ScoredReviews.validate(
            t["reviews"].drop(columns=["model_version", "scoring_version"])
        )
        sentences = Sentences.validate(t["sentences"])
        sc_settings = scorers.settings if scorers else self.settings
        themes = theme_summary(sentences, scorers.tagger.themes_ if scorers else None, sc_settings)
        return ScoredCorpus(corpus, reviews, sentences, themes, version or "none")


def _drop_stored_documents(con, corpus: Corpus) -> Corpus:
    """The corpus without the documents whose content is already stored (by another ingest
    that ran at the same time)."""
    known = {r[0] for r in con.execute('SELECT sha256 FROM "documents"').fetchall()}
    gone = set(corpus.documents.loc[corpus.documents["sha256"].isin(known), "document_id"])
    if not gone:
        return corpus
    keep = {
        name: df[~df["document_id"].isin(gone)]
        for name, df in corpus.tables().items()
        if "document_id" in df.columns
    }
    return dataclasses.replace(corpus, **keep)


def _review_columns() -> list[str]:
    return columns(Reviews)
