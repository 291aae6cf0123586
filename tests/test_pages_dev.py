"""Real saved pages of other titles and years (public scrapers' fixtures, gzipped copies of
../shared/pages_dev): every verified fact in facts.csv comes through, no aggregate comes from
a page that is not about one title, and the notes file beside them gives nothing."""

from __future__ import annotations

import gzip
import shutil

import pandas as pd
import pytest
from conftest import FIXTURES

from analysis import load_corpus

DEV = FIXTURES / "pages_dev"
FACTS = pd.read_csv(DEV / "facts.csv")
SYNONYMS = {"critic_average": {"critic_average", "critic_average_rating"}}
# facts judged out of this adapter set's scope, each with its reason (never a silent skip)
OUT_OF_SCOPE: dict[tuple[str, str, str], str] = {}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages_dev")
    for gz in DEV.glob("*.html.gz"):
        with gzip.open(gz, "rb") as src, (folder / gz.name.removesuffix(".gz")).open("wb") as dst:
            shutil.copyfileobj(src, dst)
    shutil.copy(DEV / "INDEX.md", folder / "INDEX.md")
    return load_corpus([folder])


def _docs(corpus, name: str) -> set[str]:
    d = corpus.documents
    return set(d.loc[d["path"].map(lambda p: p.endswith("/" + name)), "document_id"])


def _case_id(row) -> str:
    value = "none" if pd.isna(row.value) else f"{row.value:g}"
    return f"{row.file.split('__')[1]}-{row.platform}-{row.metric}-{value}"


@pytest.mark.parametrize("fact", list(FACTS.itertuples()), ids=_case_id)
def test_every_fact_comes_through(corpus, fact):
    key = (fact.file, fact.platform, fact.metric)
    if key in OUT_OF_SCOPE:
        pytest.xfail(OUT_OF_SCOPE[key])
    docs = _docs(corpus, fact.file)
    assert docs, f"{fact.file} was not read as a document"
    a = corpus.aggregates
    mine = a[
        a["document_id"].isin(docs)
        & (a["platform"] == fact.platform)
        & a["metric"].isin(SYNONYMS.get(fact.metric, {fact.metric}))
    ]
    if pd.isna(fact.value):  # a verified absence: nothing may be filled in
        assert mine.empty, mine[["metric", "value", "quote"]].to_dict("records")
        return
    hit = mine[(mine["value"] - fact.value).abs() <= 0.051]
    assert len(hit), (fact.value, mine[["value", "n", "quote"]].to_dict("records"))
    if not pd.isna(fact.n):
        assert (hit["n"] == fact.n).any(), (fact.n, hit[["value", "n", "quote"]].to_dict("records"))


NEGATIVE = sorted(p.name.removesuffix(".gz") for p in DEV.glob("*-negative.html.gz"))


@pytest.mark.parametrize("name", NEGATIVE)
def test_no_aggregate_from_a_page_not_about_one_title(corpus, name):
    docs = _docs(corpus, name)
    assert corpus.aggregates[corpus.aggregates["document_id"].isin(docs)].empty


def test_the_notes_file_beside_the_pages_gives_nothing(corpus):
    docs = _docs(corpus, "INDEX.md")
    assert corpus.aggregates[corpus.aggregates["document_id"].isin(docs)].empty
    (reason,) = corpus.skipped.loc[corpus.skipped["path"].str.endswith("INDEX.md"), "reason"]
    assert reason.startswith("notes or a README")


def test_each_page_says_which_adapter_read_it_and_why(corpus):
    lines = {line.split(":")[0]: line for line in corpus.adapters()}
    assert "imdb adapter (site from canonical link" in lines["imdb__star_wars__2022-02.html"]
    assert (
        "rotten_tomatoes adapter (site from <title>"
        in lines["rottentomatoes__pulp_fiction__2008-07.html"]
    )
    assert (
        "wikipedia adapter (site from MediaWiki"
        in lines["wikipedia__the_last_waltz__2014-03-render.html"]
    )
    assert (
        "moviedb adapter (site from its app state"
        in lines["30nama__6_underground__2024-03-fa-locale.html"]
    )


def test_exact_counts_beat_the_rounded_display_and_the_difference_is_noted(corpus):
    docs = _docs(corpus, "imdb__star_wars__2022-02.html")
    a = corpus.aggregates
    rating = a[a["document_id"].isin(docs) & (a["metric"] == "user_rating")]
    assert rating["n"].tolist() == [1306770]  # JSON-LD, not the hero's "1.3M"
    warnings = corpus.documents.loc[corpus.documents["document_id"].isin(docs), "warnings"]
    assert "kept the data's (exact beats rounded)" in warnings.iloc[0]
