"""Review sentiment and aggregate-score analysis: everything the dashboard shows.

The public API is imported lazily, so ``import analysis.settings`` (or ``python -m analysis
--help``) does not load pandas and the models:

* ``load_corpus(paths)`` -> ``Corpus``: files and folders in, validated tables out;
* ``score_corpus(corpus)`` -> ``ScoredCorpus``: sentences, VADER and model scores, themes;
* ``score_texts(texts)`` -> a ``TextScores`` frame, one row per text;
* ``Store(path)``: the persistent DuckDB collection (ingest, score, load).
"""

from __future__ import annotations

import importlib

_PUBLIC = {
    "Corpus": "analysis.ingest.corpus",
    "load_corpus": "analysis.ingest.corpus",
    "ScoredCorpus": "analysis.scoring.pipeline",
    "score_texts": "analysis.scoring.pipeline",
    "score_corpus": "analysis.scoring.engines",
    "Store": "analysis.collection",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> object:
    if name not in _PUBLIC:
        msg = f"module 'analysis' has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(_PUBLIC[name]), name)


def __dir__() -> list[str]:
    return __all__
