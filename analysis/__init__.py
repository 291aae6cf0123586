"""Review sentiment and aggregate-score analysis: everything the dashboard shows."""

from analysis.corpus import Corpus, load_corpus

__all__ = ["Corpus", "load_corpus"]
