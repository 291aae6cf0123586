"""``load_corpus``: files and folders in, validated tables out, nothing dropped silently."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import lxml.etree
import pandas as pd

from analysis.errors import InputError
from analysis.ids import review_id
from analysis.ingest.detect import MARGIN, detect_kind, looks_like_notes
from analysis.ingest.files import TextFile, check_size, read_text_file
from analysis.ingest.html import looks_like_html, parse_html_page, untitled_reviews
from analysis.ingest.parsers import Parsed, get_parser
from analysis.ingest.parsers.base import site_evidence
from analysis.ingest.tables import TableRead, read_reviews_table, review_ids, table_kind
from analysis.ingest.titles import join_titles
from analysis.ingest.wikitext import is_mediawiki_export, parse_mediawiki_export
from analysis.ingest.works import Located, resolve_works
from analysis.labels import platform_label
from analysis.measures.aggregates import normalise_aggregate
from analysis.measures.conflicts import find_conflicts
from analysis.measures.snapshots import document_ranks, rank_snapshots
from analysis.schema import (
    TABLE_KINDS,
    Aggregates,
    Conflicts,
    Consensus,
    Documents,
    Figures,
    RelatedTitles,
    Reviews,
    Skipped,
    Titles,
    Works,
    empty,
    frame,
)
from analysis.settings import DEFAULT, Settings
from analysis.text import normalise

log = logging.getLogger(__name__)


@dataclass
class Corpus:
    """The tables read from a set of documents (see ``analysis.schema`` for the columns)."""

    documents: pd.DataFrame
    works: pd.DataFrame
    reviews: pd.DataFrame
    aggregates: pd.DataFrame
    consensus: pd.DataFrame
    related_titles: pd.DataFrame
    figures: pd.DataFrame
    conflicts: pd.DataFrame
    skipped: pd.DataFrame
    errors: list[str] = field(default_factory=list)
    # titles tables' rows (``ingest.titles``): all of them as read, or, loaded from a
    # store, those about its works; and how many rows each titles table stored
    titles: pd.DataFrame = field(default_factory=lambda: empty(Titles))
    titles_stored: dict[str, int] = field(default_factory=dict)
    # the works as the files gave them, before the titles tables named them (``works`` is
    # joined): what a store keeps, joining its titles anew on every load, so that a titles
    # table taken out of it takes back the names and kinds it gave; None: ``works``
    works_read: pd.DataFrame | None = None

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in a stable order."""
        names = (
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
        )
        return {name: getattr(self, name) for name in names}

    def adapters(self) -> list[str]:
        """One line per page read: which adapter read it, what said which site it is, and
        how many scores came from it."""
        scores = self.aggregates.groupby("document_id").size() if len(self.aggregates) else {}
        lines = []
        for d in self.documents.itertuples():
            if d.kind in TABLE_KINDS:
                continue
            said = site_evidence(str(d.warnings or "")) or (
                "the visible text" if d.kind != "unknown" else "nothing recognised"
            )
            n = int(scores.get(d.document_id, 0)) if len(scores) else 0
            lines.append(f"{Path(d.path).name}: {d.kind} adapter (site from {said}); {n} score(s)")
        return lines

    def accounting(self) -> pd.DataFrame:
        """One row per file given: read (a document) or skipped (why), and for tables the
        arithmetic ``rows_read == rows_stored + rows_skipped``. Rows dropped as duplicates
        of an earlier file count as skipped in the file they came from."""
        return _accounting(self)

    def summary(self) -> str:
        """A short human-readable account of what was read."""

        def counted(name: str, values: pd.Series) -> str:  # "documents: 5 (imdb 2, ...)"
            parts = ", ".join(f"{k} {v}" for k, v in sorted(Counter(values).items()))
            return f"{name}: {len(values)} ({parts})"

        lines = [
            counted("documents", self.documents[Documents.kind]),
            counted("reviews", self.reviews[Reviews.source]),
            counted("works", self.works[Works.kind]),
            f"aggregates: {len(self.aggregates)}",
            f"conflicts: {len(self.conflicts)}",
            f"skipped: {len(self.skipped)}",
        ]
        return "\n".join(lines)


_DROPPED_ROW = r"(?:line|row) \d+|review .+"  # a skipped section that is a whole row


def refused_files(skipped: pd.DataFrame) -> pd.DataFrame:
    """The skipped report's files refused whole: read as no document (empty, binary, a
    table without a text column), one row each with the reason."""
    S = Skipped
    return skipped[skipped[S.document_id].isna() & (skipped[S.section] == "file")]


def _accounting(corpus: Corpus) -> pd.DataFrame:
    R, S = Reviews, Skipped
    sk = corpus.skipped
    whole = refused_files(sk)
    dropped = sk[sk[S.section].str.fullmatch(_DROPPED_ROW)].groupby(S.path).size()
    stored = corpus.reviews.groupby(R.document_id).size().to_dict()
    for doc, n in corpus.titles_stored.items():  # a titles table's rows are titles, kept
        stored[doc] = stored.get(doc, 0) + n
    rows = []
    for d in corpus.documents.itertuples():
        table = d.kind in TABLE_KINDS
        rows.append(
            {
                "path": d.path,
                "status": "read",
                "kind": d.kind,
                "rows_read": int(d.chars) if table else None,
                "rows_stored": int(stored.get(d.document_id, 0)),
                "rows_skipped": int(dropped.get(d.path, 0)) if table else None,
                "reason": None,
            }
        )
    for r in whole.itertuples():
        rows.append(
            {
                "path": r.path,
                "status": "skipped",
                "kind": None,
                "rows_read": None,
                "rows_stored": 0,
                "rows_skipped": None,
                "reason": r.reason,
            }
        )
    out = pd.DataFrame(
        rows,
        columns=["path", "status", "kind", "rows_read", "rows_stored", "rows_skipped", "reason"],
    )
    return out.astype({"rows_read": "Int64", "rows_skipped": "Int64"})


def review_tables(documents: pd.DataFrame) -> frozenset[str]:
    """The documents that are review tables (their scores are counted from the reviews
    they hold); a titles table's are the site's own, as a page's are."""
    D = Documents
    return frozenset(documents.loc[documents[D.kind] == "table", D.document_id])


def iter_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[str], list[dict]]:
    """Expand folders (recursively, sorted); report missing paths.

    Returns (files, errors, left_out): hidden files and folders inside a folder given (names
    starting with '.', e.g. ``.DS_Store``, ``.git``) are not read, and each is listed in
    ``left_out`` as a ``skipped`` row so that nothing given disappears without a word.
    """
    files: list[Path] = []
    errors: list[str] = []
    left_out: list[dict] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                parts = f.relative_to(p).parts
                hidden = [i for i, part in enumerate(parts) if part.startswith(".")]
                if not hidden:
                    if f.is_file():
                        files.append(f)
                elif hidden[0] == len(parts) - 1:  # the hidden entry itself, not its contents
                    what = "folder" if f.is_dir() else "file"
                    left_out.append(
                        {
                            "path": str(f),
                            "section": "file",
                            "reason": f"{f}: hidden {what} (name starts with '.'), not read",
                        }
                    )
        elif p.is_file():
            files.append(p)
        else:
            errors.append(f"{p}: no such file or folder")
    return files, errors, left_out


@dataclass
class _Doc:
    document_id: str
    file: TextFile
    kind: str
    parsed: Parsed | None
    table: TableRead | None = None


def _read_table(path: Path, doc_id: str, mapping: dict[str, str], settings: Settings) -> _Doc:
    check_size(path, path.stat().st_size, settings, table=True)
    data = path.read_bytes()
    table = read_reviews_table(path, doc_id, mapping, settings)
    tf = TextFile(
        path, "", "binary" if data[:4] == b"PAR1" else "text", hashlib.sha256(data).hexdigest()
    )
    return _Doc(doc_id, tf, "table" if table.titles is None else "titles", None, table)


def _document_id(path: Path, taken: set[str]) -> str:
    base = path.stem or "document"
    doc_id, k = base, 2
    while doc_id in taken:
        doc_id, k = f"{base}-{k}", k + 1
    taken.add(doc_id)
    return doc_id


def _unknown_reason(text: str, counts: dict[str, int], settings: Settings) -> str:
    if looks_like_html(text) and (reason := untitled_reviews(text)):
        return reason
    if looks_like_notes(text):
        return (
            "notes or a README (Markdown headings, tables and lists on most lines), "
            "not a saved web page: nothing read from it"
        )
    return (
        "not recognised as a page kind the ingest knows ("
        + ", ".join(f"{k}: {v} signals" for k, v in counts.items())
        + f"; {settings.detect_min_signals} needed, {MARGIN} more than any other kind)"
    )


def _read_markup(
    path: Path, tf, doc_id: str, settings: Settings, docs: list, skipped: list
) -> bool:
    """A MediaWiki export or a saved HTML page: read into ``docs`` (or ``skipped``);
    False when the file is neither (or the page's markup gave nothing to go on)."""
    if is_mediawiki_export(tf.text):
        try:
            parsed = parse_mediawiki_export(tf.text, str(path), settings)
        except InputError as exc:
            skipped.append(
                {
                    "path": str(path),
                    "document_id": doc_id,
                    "section": "document",
                    "reason": str(exc),
                }
            )
            return True
        docs.append(_Doc(doc_id, tf, "wikipedia", parsed))
        return True
    if not looks_like_html(tf.text):
        return False
    try:
        kind, parsed, _ = parse_html_page(tf.text, detect_kind, get_parser, settings)
    except (ValueError, lxml.etree.ParserError) as exc:
        skipped.append(
            {
                "path": str(path),
                "document_id": doc_id,
                "section": "document",
                "reason": f"{path}: not readable as HTML ({exc})",
            }
        )
        return True
    if parsed is None:
        return False
    docs.append(_Doc(doc_id, tf, kind, parsed))
    return True


def _read_tables(
    paths: list[Path],
    taken: set[str],
    mapping: dict[str, str],
    settings: Settings,
    docs: list[_Doc],
    skipped: list[dict],
) -> None:
    """Review tables into ``docs`` (or ``skipped``), in order, read in two threads (Arrow
    parses and cleans outside the GIL: two IMDb files take 3.9 s instead of 4.9 s)."""
    ids = [_document_id(path, taken) for path in paths]

    def read(path: Path, doc_id: str) -> _Doc | InputError:
        try:
            return _read_table(path, doc_id, mapping, settings)
        except InputError as exc:
            return exc

    if len(paths) == 1:  # no thread for one file: its memory arena outlives the read
        got_all = [read(paths[0], ids[0])]
    else:
        with ThreadPoolExecutor(max_workers=2) as pool:
            got_all = list(pool.map(read, paths, ids))
    for path, got in zip(paths, got_all, strict=True):
        if isinstance(got, InputError):
            skipped.append({"path": str(path), "section": "file", "reason": str(got)})
        else:
            docs.append(got)


def _read_all(
    files: list[Path], settings: Settings, mapping: dict[str, str], taken: set[str]
) -> tuple[list[_Doc], list[dict]]:
    """``taken``: document ids already in use (a store's); each new document gets its
    file's name, or that name with ``-2``, ``-3``, ... where the name is taken."""
    docs: list[_Doc] = []
    skipped: list[dict] = []
    tables = {p for p in files if table_kind(p) is not None}
    run: list[Path] = []  # tabular files in a row, read side by side
    for i, path in enumerate(files):
        if path in tables:
            run.append(path)
            if i + 1 == len(files) or files[i + 1] not in tables:
                _read_tables(run, taken, mapping, settings, docs, skipped)
                run = []
            continue
        try:
            tf = read_text_file(path, settings)
        except InputError as exc:
            skipped.append({"path": str(path), "section": "file", "reason": str(exc)})
            continue
        doc_id = _document_id(path, taken)
        if _read_markup(path, tf, doc_id, settings, docs, skipped):
            continue
        kind, counts = detect_kind(tf.text, settings)
        if kind == "unknown":
            reason = _unknown_reason(tf.text, counts, settings)
            skipped.append(
                {"path": str(path), "document_id": doc_id, "section": "document", "reason": reason}
            )
            docs.append(_Doc(doc_id, tf, kind, None))
            continue
        try:
            parsed = get_parser(kind)(normalise(tf.text), settings)
        except Exception as exc:  # a parser bug must not lose the rest of the batch
            log.exception("parser %s failed on %s", kind, path)
            skipped.append(
                {
                    "path": str(path),
                    "document_id": doc_id,
                    "section": "document",
                    "reason": f"the {kind} parser failed: {type(exc).__name__}: {exc}",
                }
            )
            parsed = None
        docs.append(_Doc(doc_id, tf, kind, parsed))
    return docs, skipped


def load_corpus(
    paths: Iterable[str | Path],
    settings: Settings = DEFAULT,
    mapping: dict[str, str] | None = None,
    known_works: list[dict] | None = None,
    known_documents: Iterable[str] = (),
) -> Corpus:
    """Read documents (saved pages) and review tables from files and folders.

    Every file given ends up in ``documents`` or ``skipped`` (with the reason), and every
    table row is stored or skipped with its line number; paths that do not exist are listed
    in ``Corpus.errors`` too. ``mapping`` names table columns (``{"text": "review_body"}``).
    ``known_documents``: the ids of documents read before (a store's), which new documents
    do not take: two "reviews.html" from two folders, read in two runs, are two documents.
    """
    files, errors, left_out = iter_files(paths)
    skipped = [{"path": e.split(":")[0], "section": "file", "reason": e} for e in errors]
    skipped += left_out
    docs, read_skips = _read_all(files, settings, mapping or {}, set(known_documents))
    skipped += read_skips
    return _assemble(docs, skipped, errors, settings, known_works)


def _assemble(
    docs: list[_Doc],
    skipped: list[dict],
    errors: list[str],
    settings: Settings,
    known_works: list[dict] | None = None,
) -> Corpus:
    parsed = [d for d in docs if d.parsed is not None]
    located = [Located(d.document_id, d.kind, ref) for d in parsed for ref in d.parsed.works]
    work_rows, key_map = resolve_works(located, known_works)
    pages = {d.document_id: platform_label(d.kind) for d in docs}

    def wid(d: _Doc, row: dict) -> str:
        return key_map[(d.document_id, row.get("work", "film"))]

    reviews, aggs, figs, related, consensus = [], [], [], [], []
    seen_reviews: dict[str, str] = {}
    for d in parsed:
        p = d.parsed
        base = {"document_id": d.document_id}
        for name, reason in p.skipped:
            skipped.append(
                {
                    "path": str(d.file.path),
                    "document_id": d.document_id,
                    "section": name,
                    "reason": reason,
                }
            )
        for r in p.reviews:
            row = _review(r, base | {"work_id": wid(d, r)})
            if row["review_id"] in seen_reviews:
                skipped.append(
                    {
                        "path": str(d.file.path),
                        "document_id": d.document_id,
                        "section": f"review by {row['author']}",
                        "reason": f"same review already read from {seen_reviews[row['review_id']]}",
                    }
                )
                continue
            seen_reviews[row["review_id"]] = d.document_id
            reviews.append(row)
        aggs += [
            normalise_aggregate(
                _strip(a) | base | {"work_id": wid(d, a), "as_of": p.as_of}, settings
            )
            for a in p.aggregates
        ]
        figs += [_strip(f) | base | {"work_id": wid(d, f), "as_of": p.as_of} for f in p.figures]
        related += [_strip(r) | base | {"work_id": wid(d, r)} for r in p.related]
        consensus += [_strip(c) | base | {"work_id": wid(d, c)} for c in p.consensus]

    tables = [d for d in docs if d.table is not None]
    # a table's IMDb id joins the page work that has it: its reviews and its counted scores
    by_imdb = {w["imdb_id"]: w["work_id"] for w in work_rows if w.get("imdb_id")}
    for d in tables:
        skipped += d.table.skipped
        aggs += [
            normalise_aggregate(
                a
                | {
                    "document_id": d.document_id,
                    "work_id": by_imdb.get(a["work_id"], a["work_id"]),
                },
                settings,
            )
            for a in d.table.aggregates
        ]
    paths = {d.document_id: str(d.file.path) for d in docs}
    reviews_df = _merge_reviews(
        frame(Reviews, reviews), [d.table for d in tables], by_imdb, skipped, paths
    )
    work_rows = _merge_works(work_rows, [d.table for d in tables])
    titles = [d.table.titles for d in tables if d.table.titles is not None]
    titles = pd.concat(titles, ignore_index=True) if titles else empty(Titles)
    works_read = frame(Works, work_rows)
    works, scores = join_titles(works_read, titles, settings)
    aggs += scores.to_dict("records")
    aggregates = frame(Aggregates, aggs)
    doc_rank = _document_ranks(docs, aggregates, key_map)
    aggregates = aggregates.assign(
        **{Aggregates.snapshot_rank: rank_snapshots(aggregates, doc_rank)}
    )
    aggregates = Aggregates.validate(aggregates)
    figures = frame(Figures, figs)
    documents = frame(Documents, [_document_row(d, doc_rank) for d in docs])
    return Corpus(
        documents=documents,
        works=works,
        reviews=reviews_df,
        aggregates=aggregates,
        consensus=frame(Consensus, consensus),
        related_titles=frame(RelatedTitles, related),
        figures=figures,
        conflicts=find_conflicts(aggregates, figures, pages, review_tables(documents))
        if len(docs) > 1
        else frame(Conflicts, []),
        skipped=frame(Skipped, skipped),
        errors=errors,
        titles=titles,
        titles_stored=titles.groupby(Titles.document_id).size().to_dict(),
        works_read=works_read,
    )


def _merge_reviews(
    pages: pd.DataFrame,
    tables: list[TableRead],
    by_imdb: dict[str, str],
    skipped: list[dict],
    paths: dict[str, str],
) -> pd.DataFrame:
    """Page reviews plus table reviews; a table's IMDb id joins the page work that has it
    (``by_imdb``: IMDb id -> the page work's id)."""
    if not tables:
        return pages
    parts = [pages]
    for t in tables:  # a row's id follows its work: the same review on a page is one review
        work = t.reviews["work_id"].map(lambda w: by_imdb.get(w, w))
        joined = t.reviews.assign(work_id=work)
        moved = (work != t.reviews["work_id"]).to_numpy()
        if moved.any():  # the other rows keep the id the table reader gave them
            ids = joined["review_id"].to_numpy(dtype=object, copy=True)
            ids[moved] = review_ids(joined[moved]).to_numpy(dtype=object)
            joined = joined.assign(review_id=ids)
        parts.append(joined)
    merged = (
        pd.concat([p for p in parts if len(p)], ignore_index=True)
        if any(len(p) for p in parts)
        else pages
    )
    dup = merged["review_id"].duplicated()
    for row in merged[dup].itertuples():
        skipped.append(
            {
                "path": paths.get(row.document_id, row.document_id),
                "document_id": row.document_id,
                "section": f"review {row.review_id}",
                "reason": "same review already read from an earlier file",
            }
        )
    return Reviews.validate(merged[~dup].reset_index(drop=True))


def _merge_works(work_rows: list[dict], tables: list[TableRead]) -> list[dict]:
    known = {w["work_id"] for w in work_rows} | {
        w.get("imdb_id") for w in work_rows if w.get("imdb_id")
    }
    out = list(work_rows)
    for t in tables:
        for w in t.works.to_dict("records"):
            if w["work_id"] not in known:
                known.add(w["work_id"])
                out.append({k: (None if pd.isna(v) else v) for k, v in w.items()})
    return out


def _strip(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "work"}


def _review(r: dict, extra: dict) -> dict:
    row = _strip(r) | extra
    row["review_id"] = review_id(row["work_id"], row.get("author"), row["text"])
    return row


def _document_ranks(docs: list[_Doc], aggregates: pd.DataFrame, key_map: dict) -> dict[str, int]:
    rows = [
        {
            "document_id": d.document_id,
            "kind": d.kind,
            "as_of": d.parsed.as_of,
            "work_id": key_map.get((d.document_id, "film"), ""),
        }
        for d in docs
        if d.parsed is not None
    ]
    frame_ = pd.DataFrame(rows, columns=["document_id", "kind", "as_of", "work_id"])
    return document_ranks(frame_, aggregates)


def _document_row(d: _Doc, ranks: dict[str, int]) -> dict:
    p = d.parsed
    return {
        "document_id": d.document_id,
        "path": str(d.file.path),
        "kind": d.kind,
        "sha256": d.file.sha256,
        "chars": len(d.file.text) if d.table is None else d.table.rows_read,
        "as_of": p.as_of if p else None,
        "as_of_basis": p.as_of_basis if p else None,
        "snapshot_rank": ranks.get(d.document_id),
        "warnings": "; ".join(p.warnings) if p and p.warnings else None,
    }
