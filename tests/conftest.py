from __future__ import annotations

from pathlib import Path

import pytest

from analysis import load_corpus

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES = FIXTURES / "pages"
EXPECTED = Path(__file__).resolve().parent / "expected"


@pytest.fixture(scope="session")
def seed_corpus():
    return load_corpus([SEEDS])


def doc_id(corpus, prefix: str) -> str:
    """The document id of the seed whose file name starts with ``prefix`` (e.g. '002')."""
    ids = [d for d in corpus.documents["document_id"] if d.startswith(prefix)]
    assert len(ids) == 1, ids
    return ids[0]
