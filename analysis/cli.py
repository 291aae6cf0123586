"""Command line: ``python -m analysis COMMAND`` (see ``--help``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from analysis.corpus import Corpus, load_corpus
from analysis.errors import ReceptionError

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
    for error in corpus.errors:
        typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
    typer.echo(corpus.summary())
    for row in corpus.skipped.itertuples():
        if row.section in {"file", "document"} and row.reason not in corpus.errors:
            typer.secho(f"skipped: {row.reason}", fg=typer.colors.YELLOW, err=True)


@app.command()
def ingest(paths: Paths, out: OutDir = Path("out")) -> None:
    """Read pages into tidy tables and write them as CSV."""
    try:
        corpus = load_corpus(paths)
    except ReceptionError as exc:
        typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2) from None
    write_tables(corpus.tables(), out)
    _report(corpus)
    typer.echo(f"tables written to {out}/")
    if corpus.errors:
        raise typer.Exit(1)


def main() -> None:
    app()
