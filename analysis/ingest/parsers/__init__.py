"""Page parsers, chosen by detected kind from a registry."""

from __future__ import annotations

from collections.abc import Callable

from analysis.errors import UnknownNameError
from analysis.ingest.parsers.base import Parsed, WorkRef
from analysis.ingest.parsers.imdb import parse_imdb
from analysis.ingest.parsers.metacritic import parse_metacritic
from analysis.ingest.parsers.moviedb import parse_moviedb
from analysis.ingest.parsers.rotten_tomatoes import parse_rotten_tomatoes
from analysis.ingest.parsers.wikipedia import parse_wikipedia
from analysis.settings import Settings
from analysis.text import NormText

# a parser reads a page's normalised text with the settings (thresholds) in force
Parser = Callable[[NormText, Settings], Parsed]

PARSERS: dict[str, Parser] = {
    "imdb": parse_imdb,
    "rotten_tomatoes": parse_rotten_tomatoes,
    "metacritic": parse_metacritic,
    "moviedb": parse_moviedb,
    "wikipedia": parse_wikipedia,
}


def get_parser(kind: str) -> Parser:
    """The parser registered for a page kind."""
    try:
        return PARSERS[kind]
    except KeyError:
        msg = f"no parser for page kind {kind!r}; known kinds: {', '.join(sorted(PARSERS))}"
        raise UnknownNameError(msg) from None


__all__ = ["PARSERS", "Parsed", "WorkRef", "get_parser"]
