"""Property tests through the whole reader: random bytes, cuts, splices and noise of the
fixture tables and pages never raise anything but the project's own error, every file is
accounted for, every table's rows add up, and cutting a seed page after a review keeps
every review before the cut."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import pytest
from conftest import FIXTURES, SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import load_corpus
from analysis.errors import InputError
from analysis.ingest.tables import read_reviews_table, table_kind

pytestmark = pytest.mark.slow

fast = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = (".csv", ".tsv", ".jsonl", ".json", ".csv.gz", ".parquet", ".html", ".txt")
SAMPLES = [
    (".csv", (FIXTURES / "tables" / "messy.csv").read_bytes()),
    (".csv", (FIXTURES / "tables" / "hostile.csv").read_bytes()),
    (".jsonl", (FIXTURES / "tables" / "reviews.jsonl").read_bytes()),
    (".html", (FIXTURES / "html" / "imdb_jsonld.html").read_bytes()),
    (".html", (FIXTURES / "html" / "unknown_site_microdata.html").read_bytes()),
    (".parquet", (FIXTURES / "imdb_sample.parquet").read_bytes()[:200_000]),
]


def _load(suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"input{suffix}"
        path.write_bytes(data)
        corpus = load_corpus([path])  # validates every table against its schema
        acc = corpus.accounting()
        assert acc["path"].tolist() == [str(path)]
        tables = acc[acc["kind"] == "table"]
        assert (tables["rows_read"] == tables["rows_stored"] + tables["rows_skipped"]).all()
        if table_kind(path) is not None:
            with contextlib.suppress(InputError):  # the project's own error, with a message
                read_reviews_table(path, "input")


@fast
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=3000))
def test_random_bytes_as_any_kind_of_file(suffix, data):
    _load(suffix, data)


@fast
@given(suffix=st.sampled_from(SUFFIXES), text=st.text(max_size=2000))
def test_random_text_as_any_kind_of_file(suffix, text):
    _load(suffix, text.encode("utf-8"))


@fast
@given(sample=st.sampled_from(SAMPLES), a=st.integers(0, 20_000), b=st.integers(0, 20_000))
def test_cuts_and_splices_of_tables_and_html(sample, a, b):
    suffix, data = sample
    lo, hi = sorted((a, b))
    _load(suffix, data[:lo] + data[hi:])
    _load(suffix, data[lo:hi])


@fast
@given(sample=st.sampled_from(SAMPLES), noise=st.binary(max_size=200), at=st.integers(0, 20_000))
def test_byte_noise_in_tables_and_html(sample, noise, at):
    suffix, data = sample
    _load(suffix, data[:at] + noise + data[at:])


# ------------------------------------------------------------------ cuts after a review
SEED_PAGES = {p: load_corpus([p]).reviews for p in sorted(SEEDS.iterdir())}
WITH_REVIEWS = [(p, r) for p, r in SEED_PAGES.items() if len(r)]


@settings(max_examples=40, deadline=None)
@given(pick=st.sampled_from(WITH_REVIEWS), k=st.integers(0, 10), extra=st.integers(0, 400))
def test_cutting_a_page_after_a_review_keeps_the_reviews_before_it(pick, k, extra):
    path, reviews = pick
    reviews = reviews.sort_values("span_start").reset_index(drop=True)
    k = k % len(reviews)
    text = path.read_text(encoding="utf-8")
    limit = int(reviews.loc[k + 1, "span_start"]) if k + 1 < len(reviews) else len(text)
    # a review's entry runs to the end of its text's line and the line after it (a site may
    # put the author there, as Rotten Tomatoes does); the cut falls after that
    end = int(reviews.loc[k, "span_end"])
    for _ in range(2):
        nl = text.find("\n", end)
        end = len(text) if nl < 0 else nl + 1
    cut = text[: max(min(end + extra, limit), int(reviews.loc[k, "span_end"]))]
    with tempfile.TemporaryDirectory() as d:
        cut_path = Path(d) / path.name
        cut_path.write_text(cut, encoding="utf-8")
        kept = load_corpus([cut_path]).reviews
    key = ["author", "date", "title", "text"]  # each earlier review whole, nothing added
    before = set(map(tuple, reviews.loc[:k, key].fillna("").to_numpy()))
    assert before <= set(map(tuple, kept[key].fillna("").to_numpy()))
