"""``Store``: a persistent collection of pages and reviews, kept in the DuckDB store.

* Ingest is idempotent: a file whose content hash is stored is not read again, a review
  whose id is stored is not stored or scored again; aggregates of new pages are added, so
  snapshots accumulate.
* Scores are recomputed only for reviews scored by another model or pipeline version.
* An ingest reads and scores without holding the store and writes one transaction
  (``StoreDB.write_batch``), so a killed ingest leaves the previous state.
* ``load`` reads everything back and recomputes snapshot ranks and conflicts across all the
  batches, with the same functions a single ``load_corpus`` uses.
"""

from __future__ import annotations

import functools
import hashlib
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.ingest.corpus import Corpus, iter_files, load_corpus, review_tables
from analysis.ingest.tables import table_kind, unread_notes
from analysis.ingest.titles import join_titles, matched, name_works
from analysis.labels import page_names
from analysis.measures.conflicts import find_conflicts
from analysis.measures.snapshots import document_ranks, rank_snapshots
from analysis.nlp.themes import DEFAULT_KIND
from analysis.schema import (
    TABLES,
    Aggregates,
    Documents,
    Reviews,
    ScoredReviews,
    Sentences,
    Skipped,
    Titles,
    Works,
    columns,
    frame,
    prepare,
)
from analysis.scoring.engines import Progress, score_with
from analysis.scoring.pipeline import WORK_KIND, ScoredCorpus, Scorers
from analysis.settings import DEFAULT, Settings
from analysis.store import Batch, StoreDB, default_db, review_columns
from analysis.text import is_in

__all__ = ["ForgetReport", "IngestReport", "Store", "default_db"]


@dataclass
class IngestReport:
    files_new: int
    files_known: int
    reviews_new: int
    reviews_rescored: int
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)  # seconds per step that ran
    # what the run did not do that a user may have meant: a mapping that did not apply to
    # tables stored before, the columns of new tables that no field was read from
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        steps = ", ".join(f"{name} {s:.1f} s" for name, s in self.phases.items())
        return (
            f"files: {self.files_new} new, {self.files_known} already stored; reviews: "
            f"{self.reviews_new} new, {self.reviews_rescored} rescored; {self.seconds:.1f} s"
            + (f" ({steps})" if steps else "")
        )


@dataclass
class ForgetReport:
    """What ``Store.forget`` removed (rows by table, and the files the removed documents
    were read from) and rescored."""

    rows: dict[str, int]
    reviews_rescored: int
    seconds: float
    paths: frozenset[str] = frozenset()

    def __str__(self) -> str:
        def n(table: str, one: str, many: str) -> str:
            count = self.rows.get(table, 0)
            return f"{count:,} {one if count == 1 else many}"

        return (
            f"removed {n('documents', 'file', 'files')}: {n('reviews', 'review', 'reviews')}, "
            f"{n('aggregates', 'score', 'scores')}, {n('titles', 'titles row', 'titles rows')} "
            f"and {n('works', 'title', 'titles')} no other file is about; "
            f"{self.reviews_rescored:,} reviews rescored ({self.seconds:.1f} s)"
        )


class Store:
    """The whole corpus in one DuckDB file: ingest files into it, load it back."""

    def __init__(self, path: Path | str | None = None, settings: Settings = DEFAULT):
        self.db = StoreDB(path, settings)
        self.settings = settings

    @property
    def path(self) -> Path:
        return self.db.path

    def exists(self) -> bool:
        return self.db.exists()

    def known_hashes(self) -> set[str]:
        return self.db.known_hashes()

    def new_files(self, paths) -> list[Path]:
        """The files under ``paths`` whose content is not stored yet (by content hash)."""
        files, _, _ = iter_files(paths)
        if not files:
            return []
        known = self.db.known_hashes()
        return [f for f in files if hashlib.sha256(f.read_bytes()).hexdigest() not in known]

    def needs_rescoring(self, scorers: Scorers) -> bool:
        """True when stored reviews were scored by another model or pipeline (or an older
        version of this program made the store): the next ``ingest`` rescores them."""
        return self.db.has_stale(scorers.scoring_version)

    def ingest(
        self,
        paths,
        mapping: dict | None = None,
        scorers: Scorers | None = None,
        engine: str = "local",
        progress: Progress | None = None,
    ) -> IngestReport:
        """Add new files' rows, score new reviews, rescore reviews of an older model."""
        t0 = time.perf_counter()
        phases: dict[str, float] = {}
        files, _, left_out = iter_files(paths)
        new_files = self.new_files(files)
        stored_works = self.db.works()
        corpus = None
        if new_files:
            corpus = load_corpus(
                new_files,
                self.settings,
                mapping,
                known_works=stored_works,
                known_documents=self.db.document_ids(),
            )
            phases["reading"] = time.perf_counter() - t0
        sc = scorers or Scorers.load(settings=self.settings)
        stored_ids, stale = self.db.scoring_state(sc.scoring_version)
        kinds, rekinded = self._kinds(stored_works, corpus)
        if rekinded:  # a new titles table says what they are: their themes are read anew
            again = self.db.reviews_of(rekinded)
            again = again[~is_in(again[Reviews.review_id], stale[Reviews.review_id])]
            stale = pd.concat([p for p in (stale, again) if len(p)] or [stale], ignore_index=True)
        new_reviews = pd.DataFrame(columns=review_columns())
        if corpus is not None:
            new_reviews = corpus.reviews[~is_in(corpus.reviews[Reviews.review_id], stored_ids)]
        batch = Batch(
            tables=_to_store(corpus) if corpus is not None else {},
            left_out=pd.DataFrame(left_out, columns=columns(Skipped)),
            stale_ids=stale[Reviews.review_id].tolist(),
            model_version=sc.model_version,
            scoring_version=sc.scoring_version,
        )
        parts = [p[review_columns()] for p in (new_reviews, stale) if len(p)]
        if parts:
            to_score = Reviews.validate(pd.concat(parts, ignore_index=True))
            to_score[WORK_KIND] = to_score[Reviews.work_id].map(kinds).fillna(DEFAULT_KIND)
            t1 = time.perf_counter()
            batch.reviews, batch.sentences = score_with(engine, to_score, sc, progress=progress)
            phases["scoring"] = time.perf_counter() - t1
        t1 = time.perf_counter()
        self.db.write_batch(batch)
        phases["writing"] = time.perf_counter() - t1
        return IngestReport(
            len(new_files),
            len(files) - len(new_files),
            len(new_reviews),
            len(stale),
            time.perf_counter() - t0,
            phases,
            (_unmapped(files, new_files) if mapping else [])
            + (unread_notes(corpus.skipped) if corpus is not None else []),
        )

    def forget(
        self,
        document_ids: list[str],
        scorers: Scorers | None = None,
        progress: Progress | None = None,
    ) -> ForgetReport:
        """Remove stored documents (by id) and every row they gave (``StoreDB.forget``);
        works a removed titles table gave another kind are scored again as the kind they
        have without it. ``InputError`` naming any id that is not stored."""
        t0 = time.perf_counter()
        D = Documents
        docs = self.db.documents()
        unknown = sorted(set(document_ids) - set(docs[D.document_id]))
        if unknown:
            msg = (
                f"{self.path}: no stored document {', '.join(map(repr, unknown))}; the stored "
                "ones are listed by `python -m analysis documents --db STORE`"
            )
            raise InputError(msg)
        paths = frozenset(docs.loc[docs[D.document_id].isin(document_ids), D.path])
        stored = frame(Works, self.db.works())
        titles = self._titles_about(stored)
        kept = titles[~titles[Titles.document_id].isin(document_ids)]
        rekinded = _kinds_changed(_kinds_of(stored, titles), _kinds_of(stored, kept))
        gone = self.db.forget(list(document_ids), rekinded)
        rescored = self.ingest([], scorers=scorers, progress=progress).reviews_rescored
        return ForgetReport(gone, rescored, time.perf_counter() - t0, paths)

    def forget_files(
        self, paths: list[str], scorers: Scorers | None = None, progress: Progress | None = None
    ) -> ForgetReport | None:
        """``forget`` the documents read from these files (None where none was stored), so
        that the next ingest reads the files again."""
        D = Documents
        docs = self.db.documents()
        ids = docs.loc[docs[D.path].isin(paths), D.document_id].tolist()
        return self.forget(ids, scorers=scorers, progress=progress) if ids else None

    def _kinds(
        self, stored_works: list[dict], corpus: Corpus | None
    ) -> tuple[dict[str, str], list[str]]:
        """Each work's kind as the store will show it once this batch is in (the stored
        and new works, joined to every titles table, stored and new: ``ingest.titles``),
        which its reviews are scored as; and the stored works whose kind the new titles
        tables change (their reviews were scored as the other kind)."""
        W = Works
        stored = frame(Works, stored_works)
        works = stored
        if corpus is not None:
            new = corpus.works[~is_in(corpus.works[W.work_id], stored[W.work_id])]
            works = Works.validate(pd.concat([stored, new], ignore_index=True))
        earlier = self._titles_about(works)
        new_titles = corpus.titles if corpus is not None else earlier.iloc[:0]
        after = _kinds_of(works, pd.concat([earlier, new_titles], ignore_index=True))
        if new_titles.empty:
            return after.to_dict(), []
        return after.to_dict(), _kinds_changed(_kinds_of(stored, earlier), after)

    def _titles_about(self, works: pd.DataFrame) -> pd.DataFrame:
        """The stored titles rows about these works (by work id or IMDb id)."""
        W = Works
        return self.db.titles_about([*works[W.work_id], *works[W.imdb_id].dropna()])

    def load(self, scorers: Scorers | None = None) -> ScoredCorpus:
        """Everything stored, with snapshot ranks and conflicts recomputed across all runs."""
        with ThreadPoolExecutor(1) as pool:
            # pandera's first schema imports its optional back-ends (0.5-0.7 s of Python):
            # done while DuckDB reads, which releases the GIL
            prepared = pool.submit(prepare, LOADED)
            t, version = self.db.read_tables()
            prepared.result()
        D, A = Documents, Aggregates
        titles_stored = self.db.titles_stored()
        valid = functools.partial(_valid, self.path, t)
        docs = valid("documents")
        titles = valid("titles")
        works, scores = join_titles(valid("works"), titles, self.settings)
        aggs = valid("aggregates")
        if len(scores):
            aggs = Aggregates.validate(pd.concat([aggs, scores], ignore_index=True))
        figures = valid("figures")
        ranks = document_ranks(_documents_with_film(docs, aggs, t["reviews"], works), aggs)
        docs = docs.assign(**{D.snapshot_rank: docs[D.document_id].map(ranks).astype("Int64")})
        aggs = aggs.assign(**{A.snapshot_rank: rank_snapshots(aggs, ranks)})
        corpus = Corpus(
            documents=docs,
            works=works,
            reviews=t["reviews"].reindex(columns=review_columns()),
            aggregates=aggs,
            consensus=valid("consensus"),
            related_titles=valid("related_titles"),
            figures=figures,
            conflicts=find_conflicts(
                aggs,
                figures,
                page_names(docs),
                review_tables(docs),
            ),
            skipped=valid("skipped"),
            titles=titles,
            titles_stored=titles_stored,
        )
        # the two big tables were validated batch by batch before they were written: here
        # every column's presence and type is checked, and the values of the first and
        # last rows (a full pass over a million sentences cost half a second per start),
        # in place: the frames are this function's own, and pandera's defensive copy of
        # 100k reviews' text cost a quarter of a second
        edges = {"head": LOAD_CHECKED_ROWS, "tail": LOAD_CHECKED_ROWS, "inplace": True}
        t["reviews"] = t["reviews"].drop(columns=["model_version", "scoring_version"])
        reviews = valid("reviews", ScoredReviews, **edges)
        sentences = valid("sentences", Sentences, **edges)
        return ScoredCorpus.summarised(
            corpus,
            reviews,
            sentences,
            version or "none",
            scorers.themes if scorers else None,
            scorers.settings if scorers else self.settings,
        )


def _kinds_of(works: pd.DataFrame, titles: pd.DataFrame) -> pd.Series:
    """Each work's kind once joined to these titles rows (``ingest.titles``), by work id."""
    return name_works(works, matched(works, titles)).set_index(Works.work_id)[Works.kind]


def _kinds_changed(before: pd.Series, after: pd.Series) -> list[str]:
    """The works (of ``before``) whose kind ``after`` differs from it."""
    return before.index[before != after.reindex(before.index)].tolist()


def _to_store(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """The tables a batch stores: the corpus's, less what its titles tables gave (the
    scores, and the names, kinds and years of works), which every load joins anew to the
    works stored then (``ingest.titles``): the works as the files gave them."""
    tables = corpus.tables()
    aggs = tables["aggregates"]
    from_titles = is_in(aggs[Aggregates.document_id], corpus.titles_stored)
    works = corpus.works if corpus.works_read is None else corpus.works_read
    return tables | {"aggregates": aggs[~from_titles], "works": works}


def _unmapped(files: list[Path], new_files: list[Path]) -> list[str]:
    """A column mapping given with review tables that are stored already: they are not read
    again (a file is read once, by its content), so the mapping did not apply to them."""
    new = set(new_files)
    known = [f for f in files if f not in new and table_kind(f) is not None]
    if not known:
        return []
    more = f" and {len(known) - 3} more" if len(known) > 3 else ""
    return [
        f"the column mapping did not apply to {len(known)} review table(s) stored before "
        f"({', '.join(f.name for f in known[:3])}{more}): a file is read once, by its "
        "content. To read them with this mapping, ingest them into a new store."
    ]


def _valid(path: Path, tables: dict[str, pd.DataFrame], name: str, model=None, **checks):
    """A stored table checked against its schema (``model``, else the table's own), or an
    ``InputError`` that names the store, the table and what is wrong in it: a store another
    version wrote, or one edited by hand, gets a message instead of a traceback."""
    import pandera.errors

    model = model or TABLES[name]
    try:
        return model.validate(tables[name], **checks)
    except (pandera.errors.SchemaError, pandera.errors.SchemaErrors) as exc:
        what = str(exc).splitlines()[0].rstrip(":")
        if name == "documents" and "document_id" in what and "duplicate" in what:
            ids = tables[name]["document_id"]
            what = (
                f"two documents have the id {ids[ids.duplicated()].iloc[0]!r} (earlier "
                "versions gave files of one name, read in two ingests, one id), and their "
                "rows cannot be told apart"
            )
        msg = (
            f"{path}: the stored {name} table is not as this version reads it: {what}. "
            "Build a new store from your files: python -m analysis ingest FILES --db NEW_STORE"
        )
        raise InputError(msg) from exc


# the tables load validates, their schemas built while the store is read
LOADED = (*TABLES.values(), ScoredReviews, Sentences)
LOAD_CHECKED_ROWS = 2000  # rows at each end of a big stored table whose values load checks


def _documents_with_film(
    docs: pd.DataFrame, aggs: pd.DataFrame, reviews: pd.DataFrame, works: pd.DataFrame
) -> pd.DataFrame:
    """Each document with the film it is about (its first film work among its aggregates
    and reviews; a game variant is not the page's film), as ``document_ranks`` wants."""
    W, A = Works, Aggregates
    films = set(works.loc[works[W.kind] == "film", W.work_id])
    keys = [A.document_id, A.work_id]  # the same names in the reviews and documents tables
    pairs = pd.concat([aggs[keys], reviews[keys]])
    film = pairs[is_in(pairs[A.work_id], films)].drop_duplicates(A.document_id)
    return docs.merge(film, on=A.document_id, how="left")
