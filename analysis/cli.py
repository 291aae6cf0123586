"""Command line: ``python -m analysis COMMAND`` (see ``--help``)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from analysis.errors import InputError, ReceptionError, UnknownNameError

if TYPE_CHECKING:  # the CLI imports pandas and the models only when a command needs them
    from collections.abc import Callable, Iterator

    from analysis.ingest.corpus import Corpus

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Review sentiment and aggregate scores from saved review pages.",
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Review sentiment and aggregate scores from saved review pages."""


Paths = Annotated[list[Path], typer.Argument(help="Files or folders of saved pages.")]
OutDir = Annotated[Path, typer.Option("--out", help="Folder to write one CSV per table into.")]
DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help="Keep the corpus in this DuckDB store (added to, never re-read)."),
]
TableMbOpt = Annotated[
    int | None,
    typer.Option(
        "--max-table-mb",
        min=1,
        help="Read review tables up to this many megabytes (default 2,000; a table is read "
        "whole, in about ten times its size of memory).",
    ),
]


def _settings(max_table_mb: int | None):
    """The settings a command reads files with: the defaults, a table size limit given."""
    from analysis.settings import DEFAULT, Settings

    if max_table_mb is None:
        return DEFAULT
    return Settings(max_table_bytes=max_table_mb * 1_000_000)


MapOpt = Annotated[
    str | None,
    typer.Option("--map", help="Table columns, e.g. text=review_body,rating=stars,rating_scale=5."),
]


@contextmanager
def progress_bar(desc: str, disable: bool = False) -> Iterator[Callable[[int, int], None]]:
    """A tqdm bar fed by the engines' ``progress(done, total)``: it knows its total, so it
    shows the rate and the time left."""
    from tqdm import tqdm

    with tqdm(unit="review", desc=desc, disable=disable) as bar:

        def update(done: int, total: int) -> None:
            if bar.total != total:
                bar.total = total
                bar.refresh()
            bar.update(done - bar.n)

        yield update


def write_tables(tables: dict, out: Path) -> list[Path]:
    """Write each table as ``NAME.csv`` into ``out`` (created if missing)."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        path = out / f"{name}.csv"
        df.to_csv(path, index=False)
        written.append(path)
    return written


def _report(corpus: Corpus) -> None:
    from analysis.ingest.tables import unread_notes
    from analysis.schema import TABLE_KINDS

    for error in corpus.errors:
        typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
    typer.echo(corpus.summary())
    acc = corpus.accounting()
    for row in acc[acc["kind"].isin(TABLE_KINDS)].itertuples():
        typer.echo(
            f"{row.path}: {row.rows_read:,} rows read = {row.rows_stored:,} stored + "
            f"{row.rows_skipped:,} skipped (reasons in skipped.csv)"
        )
    for line in corpus.adapters():
        typer.echo(line)
    for row in corpus.skipped.itertuples():
        if row.section in {"file", "document"} and row.reason not in corpus.errors:
            typer.secho(f"skipped: {row.reason}", fg=typer.colors.YELLOW, err=True)
    for note in unread_notes(corpus.skipped):
        typer.secho(f"note: {note}", fg=typer.colors.YELLOW, err=True)


def _ingest_into_store(
    paths: list[Path],
    db: Path,
    mapping: dict,
    out: Path | None,
    engine: str = "local",
    settings=None,
) -> None:
    from analysis.collection import Store
    from analysis.settings import DEFAULT

    store = Store(db, settings or DEFAULT)
    try:
        with progress_bar("scoring new reviews") as progress:
            report = store.ingest(paths, mapping, engine=engine, progress=progress)
        scored = store.load()
    except ReceptionError as exc:
        raise _fail(exc) from None
    typer.echo(f"store {db}: {report}")
    for note in report.notes:
        typer.secho(f"note: {note}", fg=typer.colors.YELLOW, err=True)
    typer.echo(scored.corpus.summary())
    if out is not None:
        write_tables(scored.tables(), out)
        typer.echo(f"tables written to {out}/")
    missing = [p for p in paths if not Path(p).exists()]
    for p in missing:
        typer.secho(f"error: {p}: no such file or folder", fg=typer.colors.RED, err=True)
    if missing:
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: Paths,
    out: OutDir = Path("out"),
    mapping: MapOpt = None,
    db: DbOpt = None,
    max_table_mb: TableMbOpt = None,
) -> None:
    """Read pages and review tables into tidy tables and write them as CSV."""
    from analysis.ingest.corpus import load_corpus
    from analysis.ingest.tables import parse_mapping

    settings = _settings(max_table_mb)
    if db is not None:
        _ingest_into_store(paths, db, parse_mapping(mapping), out, settings=settings)
        return
    try:
        corpus = load_corpus(paths, settings, mapping=parse_mapping(mapping))
    except ReceptionError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    write_tables(corpus.tables(), out)
    _report(corpus)
    typer.echo(f"tables written to {out}/")
    if corpus.errors:
        raise typer.Exit(1)


StoreOpt = Annotated[Path, typer.Option("--db", help="The DuckDB store.")]


@app.command()
def documents(db: StoreOpt) -> None:
    """List the store's documents: id, kind, size and the file each was read from."""
    from analysis.collection import Store

    if not db.exists():
        raise _fail(InputError(f"{db}: no such store"))
    try:
        docs = Store(db).db.documents()
    except ReceptionError as exc:
        raise _fail(exc) from None
    for d in docs.itertuples():
        typer.echo(f"{d.document_id}\t{d.kind}\t{d.chars:,}\t{d.path}")
    typer.echo(f"{len(docs):,} documents in {db}")


@app.command()
def forget(
    document_ids: Annotated[
        list[str], typer.Argument(help="Ids of stored documents (as `documents` lists them).")
    ],
    db: StoreOpt,
) -> None:
    """Remove documents from the store with every row they gave (reviews, scores, titles
    rows, notes), and the works no other document is about; reviews whose work's kind a
    removed titles table had set are scored again."""
    from analysis.collection import Store

    if not db.exists():
        raise _fail(InputError(f"{db}: no such store"))
    try:
        with progress_bar("rescoring") as progress:
            report = Store(db).forget(document_ids, progress=progress)
    except ReceptionError as exc:
        raise _fail(exc) from None
    typer.echo(f"store {db}: {report}")


TrainData = Annotated[
    list[Path],
    typer.Option(
        "--data",
        help="Labelled Parquet files, or a folder of them (repeat for several); "
        "train splits only are learnt from.",
    ),
]


@app.command()
def train(
    data: TrainData,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the artefacts.")] = None,
) -> None:
    """Rebuild the shipped sentiment model from the train splits (deterministic)."""
    from analysis.nlp.sentiment.model import MODEL_DIR, save_models
    from analysis.nlp.sentiment.training import read_labeled, train_models

    try:
        labeled = read_labeled(data)
        models = train_models(labeled, source=", ".join(p.name for p in data))
    except ReceptionError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    for path in save_models(models, out or MODEL_DIR):
        typer.echo(f"wrote {path} ({path.stat().st_size:,} bytes)")
    typer.echo(f"model version {models.version}")


def _fail(exc: ReceptionError) -> typer.Exit:
    typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
    return typer.Exit(2)


@app.command()
def score(
    paths: Paths,
    out: OutDir = Path("out"),
    workers: Annotated[int | None, typer.Option(help="Processes or Dask workers.")] = None,
    mapping: MapOpt = None,
    engine: Annotated[str, typer.Option(help="local (this machine's cores) or dask.")] = "local",
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")
    ] = None,
    db: DbOpt = None,
    max_table_mb: TableMbOpt = None,
) -> None:
    """Ingest pages and tables, score every review and sentence, tag themes; write CSVs."""
    from analysis.ingest.corpus import load_corpus
    from analysis.ingest.tables import parse_mapping
    from analysis.scoring.engines import score_corpus

    settings = _settings(max_table_mb)
    if db is not None:
        _ingest_into_store(paths, db, parse_mapping(mapping), out, engine, settings)
        return
    try:
        corpus = load_corpus(paths, settings, mapping=parse_mapping(mapping))
        with progress_bar(f"scoring ({engine})", disable=len(corpus.reviews) < 1000) as progress:
            scored = score_corpus(
                corpus, workers=workers, engine=engine, scheduler=scheduler, progress=progress
            )
    except ReceptionError as exc:
        raise _fail(exc) from None
    write_tables(scored.tables(), out)
    _report(corpus)
    typer.echo(
        f"sentences: {len(scored.sentences)}; themes: {len(scored.themes)}; model {scored.model_version}"
    )
    typer.echo(f"tables written to {out}/")
    if corpus.errors:
        raise typer.Exit(1)


DataOpt = Annotated[Path, typer.Option("--data", help="Labelled reviews (Parquet).")]
LimitOpt = Annotated[int | None, typer.Option(help="Use only this many rows (quick runs).")]


@app.command()
def evaluate(
    data: TrainData,
    limit: Annotated[
        int | None, typer.Option(help="At most this many test rows per domain (quick runs).")
    ] = None,
    write: Annotated[
        bool, typer.Option(help="Keep the table next to the model, for the dashboard.")
    ] = False,
) -> None:
    """VADER, the joint classifier and the shipped blend per domain, on the test splits."""
    from analysis.nlp.sentiment.evaluate import evaluate as run_eval
    from analysis.nlp.sentiment.evaluate import format_table, write_evaluation
    from analysis.nlp.sentiment.model import load_models
    from analysis.nlp.sentiment.training import read_labeled

    try:
        labeled = read_labeled(data)
        models = load_models()
        table = run_eval(labeled, models, limit)
    except ReceptionError as exc:
        raise _fail(exc) from None
    typer.echo(format_table(table))
    if write:
        typer.echo(f"wrote {write_evaluation(table, models.version)}")


@app.command()
def benchmark(
    data: DataOpt,
    limit: LimitOpt = None,
    scale: Annotated[
        bool, typer.Option("--scale", help="Store + dashboard benchmark instead.")
    ] = False,
    extra: Annotated[
        list[Path] | None, typer.Option("--also", help="More files for --scale.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Whole pipeline vs a plain vaderSentiment loop on the same reviews; prints figures.

    With --scale: ingest+score DATA (and --also files) into a fresh store, run it again,
    time the dashboard's cold start and filter changes, and report size and memory."""
    from analysis.benchmark import run_benchmark, run_scale_benchmark
    from analysis.nlp.sentiment.training import read_labeled

    if scale:
        run_scale_benchmark([data, *(extra or [])], db, echo=typer.echo)
        return
    try:
        read_labeled(data)  # the same checks evaluate makes: a clear message for a wrong file
        run_benchmark(data, limit, echo=typer.echo)
    except ReceptionError as exc:
        raise _fail(exc) from None


@app.command("theme-terms")
def theme_terms(
    data: Annotated[
        list[Path], typer.Argument(help="Review tables (Parquet, CSV...) to count in.")
    ],
    out: Annotated[Path | None, typer.Option("--out", help="Write the counts here (JSON).")] = None,
    min_reviews: Annotated[int, typer.Option(help="Reviews a term must occur in.")] = 10,
    kind: Annotated[str, typer.Option(help="Whose taxonomy: film or video_game.")] = "film",
) -> None:
    """Count in how many reviews each theme term occurs; list the terms under the minimum.

    A term earns its place in the taxonomy by occurring in reviews at large, not only in the
    seed pages. The counts are kept next to the taxonomy and a test checks them."""
    import json

    from analysis.ingest.corpus import load_corpus
    from analysis.nlp.themes import TAXONOMIES, TERM_COUNTS_PATHS, load_taxonomy, term_counts

    if kind not in TAXONOMIES:
        raise _fail(UnknownNameError(f"unknown kind {kind!r}; valid: {', '.join(TAXONOMIES)}"))
    try:
        corpus = load_corpus(data)
    except ReceptionError as exc:
        raise _fail(exc) from None
    texts = corpus.reviews["text"].tolist()
    counts = term_counts(texts, load_taxonomy(TAXONOMIES[kind]))
    rare = [(th, t, n) for th, terms in counts.items() for t, n in terms.items() if n < min_reviews]
    typer.echo(f"{len(texts):,} reviews; {sum(map(len, counts.values()))} terms")
    for theme, term, n in rare:
        typer.echo(f"under {min_reviews} reviews: {theme}: {term!r} ({n})")
    record = {"reviews": len(texts), "sources": sorted(p.name for p in data), "counts": counts}
    target = out or TERM_COUNTS_PATHS[kind]
    target.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    typer.echo(f"wrote {target}")


@app.command("export-charts")
def export_charts(
    paths: Paths,
    out: OutDir = Path("charts"),
    fmt: Annotated[str, typer.Option("--format", help="png, svg, html or json.")] = "png",
) -> None:
    """Write every dashboard chart for these pages, headless (same charts as the app)."""
    from analysis.charts.export import FORMATS, chart_bytes
    from analysis.ingest.corpus import load_corpus
    from analysis.scoring.engines import score_corpus
    from analysis.views.filters import Filters
    from analysis.views.view import build_view, view_charts

    if fmt not in FORMATS:
        typer.secho(
            f"error: unknown format {fmt!r}; valid formats: {', '.join(FORMATS)}",
            fg=typer.colors.RED,
            err=True,
        )
        raise typer.Exit(2)
    try:
        corpus = load_corpus(paths)
        charts = view_charts(build_view(score_corpus(corpus), Filters()))
    except ReceptionError as exc:
        raise _fail(exc) from None
    out.mkdir(parents=True, exist_ok=True)
    for nc in charts:
        path = out / f"{nc.name}.{fmt}"
        path.write_bytes(chart_bytes(nc.chart, fmt))
        typer.echo(f"wrote {path} ({path.stat().st_size:,} bytes)")
    if corpus.errors:
        raise typer.Exit(1)


def main() -> None:
    app()
