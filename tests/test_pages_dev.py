"""Real saved pages of other titles and years (public scrapers' fixtures, gzipped copies of
../shared/pages_dev): every verified fact in facts.csv comes through, no aggregate comes from
a page that is not about one title, and the notes file beside them gives nothing."""

from __future__ import annotations

import gzip
import re
import shutil

import pandas as pd
import pytest
from conftest import FIXTURES

from analysis import load_corpus
from analysis.text import fold

DEV = FIXTURES / "pages_dev"
FACTS = pd.read_csv(DEV / "facts.csv")
SYNONYMS = {"critic_average": {"critic_average", "critic_average_rating"}}
# facts judged out of this adapter set's scope, each with its reason (never a silent skip)
OUT_OF_SCOPE: dict[tuple[str, str, str], str] = {}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages_dev")
    for gz in DEV.glob("*.html.gz"):
        with gzip.open(gz, "rb") as src, (folder / gz.name.removesuffix(".gz")).open("wb") as dst:
            shutil.copyfileobj(src, dst)
    shutil.copy(DEV / "INDEX.md", folder / "INDEX.md")
    return folder


@pytest.fixture(scope="module")
def corpus(pages):
    return load_corpus([pages])


def _docs(corpus, name: str) -> set[str]:
    d = corpus.documents
    return set(d.loc[d["path"].map(lambda p: p.endswith("/" + name)), "document_id"])


def _case_id(row) -> str:
    value = "none" if pd.isna(row.value) else f"{row.value:g}"
    return f"{row.file.split('__')[1]}-{row.platform}-{row.metric}-{value}"


def _missed(corpus, fact) -> str | None:
    """Why ``fact`` does not come through ``corpus`` (None when it does)."""
    docs = _docs(corpus, fact.file)
    if not docs:
        return f"{fact.file} was not read as a document"
    a = corpus.aggregates
    mine = a[
        a["document_id"].isin(docs)
        & (a["platform"] == fact.platform)
        & a["metric"].isin(SYNONYMS.get(fact.metric, {fact.metric}))
    ]
    if pd.isna(fact.value):  # a verified absence: nothing may be filled in
        return None if mine.empty else f"filled in: {mine[['metric', 'value']].to_dict('records')}"
    hit = mine[(mine["value"] - fact.value).abs() <= 0.051]
    if hit.empty:
        return f"{fact.value} not among {mine[['value', 'n', 'quote']].to_dict('records')}"
    if not pd.isna(fact.n) and not (hit["n"] == fact.n).any():
        return f"n {fact.n} not among {hit[['value', 'n']].to_dict('records')}"
    return None


def _all_missed(corpus) -> dict[str, str]:
    """Every in-scope fact that does not come through ``corpus``, with why."""
    return {
        _case_id(fact): why
        for fact in FACTS.itertuples()
        if (fact.file, fact.platform, fact.metric) not in OUT_OF_SCOPE
        and (why := _missed(corpus, fact))
    }


@pytest.mark.parametrize("fact", list(FACTS.itertuples()), ids=_case_id)
def test_every_fact_comes_through(corpus, fact):
    key = (fact.file, fact.platform, fact.metric)
    if key in OUT_OF_SCOPE:
        pytest.xfail(OUT_OF_SCOPE[key])
    assert _missed(corpus, fact) is None, _missed(corpus, fact)


def test_every_fact_comes_through_a_minified_copy_of_its_page(pages, tmp_path):
    """The same pages with every run of whitespace between two tags taken out, as a
    minifier writes them ("User Rating:8.9/10(298,638 votes)"): the adapters read what
    the page says, not how its source happens to be laid out."""
    for page in pages.glob("*.html"):
        source = page.read_text(encoding="utf-8", errors="surrogateescape")
        (tmp_path / page.name).write_text(
            re.sub(r">\s+<", "><", source), encoding="utf-8", errors="surrogateescape"
        )
    minified = load_corpus([tmp_path])
    assert not _all_missed(minified), _all_missed(minified)


def test_every_fact_comes_through_the_page_saved_as_a_web_archive(pages, tmp_path):
    """The same pages as a browser's single-file save (MHTML: the page quoted-printable
    inside a MIME archive, made here with the standard library's MIME writer)."""
    from email import charset
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    qp = charset.Charset("utf-8")
    qp.body_encoding = charset.QP
    for page in pages.glob("*.html"):
        raw = page.read_bytes()
        try:
            html = raw.decode("utf-8")
        except UnicodeDecodeError:  # two 2008 pages are in Windows-1252
            html = raw.decode("cp1252")
        archive = MIMEMultipart("related", type="text/html")
        archive["From"] = "<Saved by Blink>"
        archive["Date"] = "Sun, 29 Nov 2026 03:40:00 -0000"
        archive.attach(MIMEText(html, "html", qp))
        (tmp_path / page.name).write_text(archive.as_string(), encoding="utf-8")
    archived = load_corpus([tmp_path])
    read = archived.documents[archived.documents["kind"] != "unknown"]
    # dated by the archive, unless the page inside says when SingleFile saved it
    assert set(read["as_of_basis"]) == {"web archive (MHTML) saved date", "SingleFile saved date"}
    assert not _all_missed(archived), _all_missed(archived)


NEGATIVE = sorted(p.name.removesuffix(".gz") for p in DEV.glob("*-negative.html.gz"))


@pytest.mark.parametrize("name", NEGATIVE)
def test_no_aggregate_from_a_page_not_about_one_title(corpus, name):
    docs = _docs(corpus, name)
    assert corpus.aggregates[corpus.aggregates["document_id"].isin(docs)].empty


@pytest.mark.parametrize("name", NEGATIVE)
def test_a_page_not_about_one_title_names_no_title(pages, name):
    """No work (a search's first hit, a person's bio line, a list's name) joins the
    collection from it, and no row of it is filed under one."""
    alone = load_corpus([pages / name])
    assert alone.works.empty, alone.works[["work_id", "title"]].to_dict("records")
    for table in (alone.reviews, alone.aggregates, alone.figures, alone.consensus):
        assert table.empty


def test_what_a_page_not_about_one_title_held_is_said_not_dropped_silently(pages):
    search = load_corpus([pages / "imdb__search_released_2018__2023-06-search-negative.html"])
    (warnings,) = search.documents["warnings"]
    assert "2 score(s) on it not stored" in warnings
    person = load_corpus([pages / "imdb__mark_hamill__2022-04-person-negative.html"])
    assert "2 figure(s) on it not stored" in person.documents["warnings"].iloc[0]
    # the list page's menu item after "Critics Consensus" is no consensus to drop
    listed = load_corpus([pages / "rottentomatoes__top_movies_2015__2016-01-list-negative.html"])
    assert "consensus" not in listed.documents["warnings"].iloc[0]


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


# each page's work as facts.csv names it: (title, year), a game's platform in brackets
NAMED = FACTS.drop_duplicates("file")[["file", "title", "year"]]
# where the page cannot give what facts.csv says, and why (never a silent skip)
NAME_OUT_OF_SCOPE = {
    "wikipedia__nfl_blitz__2014-02-render.html": "the article is about the NFL Blitz series; "
    "the fact's game, Blitz: The League, is one section of it",
}
YEAR_NOT_ON_PAGE = {"rottentomatoes__mud__2013-07-mobile.html"}  # the mobile page has none


@pytest.mark.parametrize("row", list(NAMED.itertuples()), ids=lambda r: r.file.split("__")[1])
def test_every_page_names_its_work_as_the_page_does(pages, row):
    """A page's work gets the page's own name and year: no site decoration ("Movie
    Reviews, Pictures", "| Audience Reviews", "(TV Series 2011– )"), no status line or
    banner saved with it, the year the page states beside the name."""
    if row.file in NAME_OUT_OF_SCOPE:
        pytest.xfail(NAME_OUT_OF_SCOPE[row.file])
    works = load_corpus([pages / row.file]).works
    named = {
        (fold(t), None if pd.isna(y) else int(y))
        for t, y, p in zip(works["title"], works["year"], works["platform_variant"], strict=True)
        for t in ([t] if pd.isna(p) else [t, f"{t} ({p})"])
    }
    year = None if row.file in YEAR_NOT_ON_PAGE else int(row.year)
    assert (fold(row.title), year) in named, sorted(named)


# what each page says its work is, where it is not a film (IMDb's "(TV Series 2011– )" and
# schema.org's TVSeries / TVEpisode; the 2014 TV-movie page has only its title to say so)
FORMS = {
    "imdb__archer__2022-03-tvseries.html": "TV series",
    "imdb__russian_doll__2022-03-tvseries.html": "TV series",
    "imdb__game_of_thrones__2017-07-tvseries.html": "TV series",
    "imdb__game_of_thrones__2017-07-mobile.html": "TV series",
    "imdb__game_of_thrones__2023-03-singlefile.html": "TV series",
    "imdb__house_charity_case__2022-03-episode.html": "TV episode",
    "imdb__crociati__2014-06-tvmovie.html": "TV movie",
}


@pytest.mark.parametrize(
    ("name", "figure", "value"),
    [
        # each as the page's own data gives it: "budget":{"amount":…}, "runtime":{"seconds":…}
        ("imdb__barbie__2025-07.html", "budget", 100_000_000),
        ("imdb__shrek_2__2024-08.html", "budget", 150_000_000),
        ("imdb__archer__2022-03-tvseries.html", "runtime", 22),
        ("imdb__russian_doll__2022-03-tvseries.html", "runtime", 30),
        ("imdb__house_charity_case__2022-03-episode.html", "runtime", 44),
        ("imdb__game_of_thrones__2023-03-singlefile.html", "runtime", 57),
    ],
)
def test_todays_imdb_pages_give_the_runtime_and_budget_they_show(corpus, name, figure, value):
    """IMDb writes a details row's label and its value in elements with nothing between
    them ("Runtime" then "22 minutes"): read as a browser lays them out, each on its line."""
    figures = corpus.figures
    shown = figures[
        figures["document_id"].isin(_docs(corpus, name)) & (figures["figure"] == figure)
    ]
    assert shown["value"].tolist() == [value]


@pytest.fixture(scope="module")
def as_text(pages, tmp_path_factory):
    """The review sites' and Wikipedia's pages as a user copies them: their visible text, saved
    as .txt (no markup, so no structured data or embedded state to read the scores from)."""
    from analysis.ingest.html import visible_text

    folder = tmp_path_factory.mktemp("as_text")
    sites = ("rottentomatoes", "imdb", "metacritic", "wikipedia")
    for page in [p for site in sites for p in pages.glob(f"{site}__*.html")]:
        source = page.read_text(encoding="utf-8", errors="replace")
        (folder / page.name.replace(".html", ".txt")).write_text(visible_text(source))
    return load_corpus([folder])


@pytest.mark.parametrize(
    ("name", "metric", "value", "n"),
    [
        # 2010: "77" / "%" / "Tomatometer" on lines of their own, "Reviews Counted:203"
        ("rottentomatoes__kick-ass__2010-04.txt", "tomatometer", 77, 203),
        ("rottentomatoes__kick-ass__2010-04.txt", "critic_average_rating", 7.1, 203),
        # 2008: "96 %" just above "Reviews Counted: 47 Fresh: 45 Rotten:2"
        ("rottentomatoes__pulp_fiction__2008-07.txt", "tomatometer", 96, 47),
        ("rottentomatoes__pulp_fiction__2008-07.txt", "fresh_count", 45, None),
        ("rottentomatoes__pulp_fiction__2008-07.txt", "rotten_count", 2, None),
        ("rottentomatoes__waist_deep__2008-09.txt", "tomatometer", 26, 76),
        ("rottentomatoes__waist_deep__2008-09.txt", "critic_average_rating", 4.3, 76),
        # 2013: the numbers alone, their % signs images: "86" above "Average Rating: 7.2/10"
        # and "Reviews Counted: 148", "87" above "liked it"
        ("rottentomatoes__the_conjuring__2013-07.txt", "tomatometer", 86, 148),
        ("rottentomatoes__the_conjuring__2013-07.txt", "audience_score", 87, 50461),
        ("rottentomatoes__the_last_airbender__2013-07.txt", "tomatometer", 6, 175),
        ("rottentomatoes__the_last_airbender__2013-07.txt", "audience_score", 36, 316052),
    ],
)
def test_a_rotten_tomatoes_page_copied_as_text_gives_its_scores_and_counts(
    as_text, name, metric, value, n
):
    a = as_text.aggregates
    (row,) = a[a["document_id"].isin(_docs(as_text, name)) & (a["metric"] == metric)].itertuples()
    assert (row.value, None if pd.isna(row.n) else row.n) == (value, n)


@pytest.mark.parametrize(
    ("name", "metric", "value", "n"),
    [
        ("imdb__pulp_fiction__2008-07-tn15.txt", "user_rating", 8.9, 298638),
        ("imdb__django_unchained__2013-01.txt", "user_rating", 8.7, 43517),
        ("imdb__django_unchained__2013-01.txt", "metascore", 80, 40),
        ("imdb__apocalypse_now__2014-06.txt", "user_rating", 8.5, 341007),
        ("imdb__apocalypse_now__2014-06.txt", "user_reviews_count", 903, None),
        ("imdb__crociati__2014-06-tvmovie.txt", "user_rating", 5.7, 429),
        ("imdb__game_of_thrones__2017-07-tvseries.txt", "user_rating", 9.5, 1178901),
        ("imdb__as_good_as_dead__2024-03.txt", "user_rating", 5.4, 391),
        # the text shows the count rounded ("616K"): n as shown (the exact count is in the
        # page's data, which a text copy does not keep)
        ("imdb__barbie__2025-07.txt", "user_rating", 6.8, 616000),
        ("imdb__barbie__2025-07.txt", "metascore", 80, None),
        ("imdb__star_wars__2022-02.txt", "user_rating", 8.6, 1300000),
        # "based on" / "53" / "Critic Reviews" on lines of their own
        ("metacritic__cyberpunk_2077__2020-12-pc-user-reviews.txt", "metascore", 90, 53),
        ("metacritic__cyberpunk_2077__2020-12-pc-user-reviews.txt", "user_score", 6.5, 8136),
        # an action=render fragment: no "From Wikipedia" line, its references' access
        # dates say what it is
        ("wikipedia__dragon_quest_monsters_joker__2014-02-render.txt", "metascore", 76, None),
    ],
)
def test_a_page_copied_as_text_is_recognised_and_gives_its_scores(as_text, name, metric, value, n):
    docs = _docs(as_text, name)
    site = name.split("__")[0]
    assert set(as_text.documents.set_index("document_id").loc[list(docs), "kind"]) == {site}
    a = as_text.aggregates
    (row,) = a[a["document_id"].isin(docs) & (a["metric"] == metric)].itertuples()
    assert (row.value, None if pd.isna(row.n) else row.n) == (value, n)


def test_a_rotten_tomatoes_page_copied_as_text_is_recognised_and_dated(as_text):
    """Its score card's words say what it is ("Reviews Counted:", "T-Meter Critics"), and
    its heading gives the year the title bar leaves out ("Kick-Ass (2010)")."""
    docs = as_text.documents.set_index("document_id")
    for name in ("kick-ass__2010-04", "pulp_fiction__2008-07", "waist_deep__2008-09"):
        assert docs.loc[f"rottentomatoes__{name}", "kind"] == "rotten_tomatoes"
    years = as_text.works.set_index("title")["year"]
    assert (years["Kick-Ass"], years["Pulp Fiction"], years["Waist Deep"]) == (2010, 1994, 2006)


def test_a_tv_series_an_episode_or_a_tv_movie_is_shown_as_one(corpus):
    """The Titles table's Kind says what the page says the work is; films stay films."""
    from analysis.scoring.engines import score_corpus
    from analysis.views.titles import title_rows, titles_table

    W = corpus.works
    docs = corpus.documents.assign(file=corpus.documents["path"].map(lambda p: p.split("/")[-1]))
    film_of = (
        corpus.aggregates.merge(docs, on="document_id")[["file", "work_id"]]
        .drop_duplicates("file")
        .set_index("file")["work_id"]
    )
    forms = W.set_index("work_id")["form"]
    for file, form in FORMS.items():
        assert forms[film_of[file]] == form, file
    film = film_of["imdb__apocalypse_now__2014-06.html"]
    assert pd.isna(forms[film])
    table = titles_table(score_corpus(corpus, workers=1))
    shown = title_rows(table).set_index(table["work_id"])["Kind"]
    assert shown[film_of["imdb__archer__2022-03-tvseries.html"]] == "TV series"
    assert shown[film_of["imdb__house_charity_case__2022-03-episode.html"]] == "TV episode"
    assert shown[film] == "film"


# each Rotten Tomatoes page's critics consensus as the page marks it up (its start), or
# none: the menu's "Five Favorite Films", "Digital Multiplex" and the news headlines that
# follow the same words were read as the consensus of five of these pages
CONSENSUS = {
    "rottentomatoes__happy_gilmore__2022-07.html": "Those who enjoy Adam Sandler's schtick",
    "rottentomatoes__kick-ass__2010-04.html": "Not for the faint of heart, Kick-Ass takes",
    "rottentomatoes__the_conjuring__2013-07.html": "Extremely well-crafted and gleefully creepy",
    "rottentomatoes__the_last_airbender__2013-07.html": "The Last Airbender squanders",
    "rottentomatoes__waist_deep__2008-09.html": "A well-meaning B-movie",
    "rottentomatoes__planes__2013-07-prerelease.html": None,
    "rottentomatoes__pulp_fiction__2008-07.html": None,
}


@pytest.mark.parametrize(("file", "start"), list(CONSENSUS.items()), ids=lambda v: str(v)[:30])
def test_a_rotten_tomatoes_page_gives_the_consensus_it_marks_up(pages, file, start):
    said = load_corpus([pages / file]).consensus["text"].tolist()
    if start is None:
        assert said == []
    else:
        assert len(said) == 1
        assert said[0].startswith(start)
        assert said[0].endswith(".")


def _related(corpus, name: str) -> pd.DataFrame:
    r = corpus.related_titles
    return r[r["document_id"].isin(_docs(corpus, name))].sort_values("position")


@pytest.mark.parametrize(
    ("name", "n", "first"),
    [
        # the 2021+ app state: id, name, year, rating
        ("imdb__star_wars__2022-02.html", 12, ("tt0080684", "Star Wars: Episode V", 1980, 8.7)),
        ("imdb__barbie__2025-07.html", 12, ("tt3783958", "La La Land", 2016, 8.0)),
        # a page saved as one file, without the state: the poster cards, no year
        (
            "imdb__game_of_thrones__2023-03-singlefile.html",
            12,
            ("tt0903747", "Breaking Bad", None, 9.5),
        ),
        # 2014: the recommendations with their year, rating and director
        ("imdb__apocalypse_now__2014-06.html", 12, ("tt0093058", "Full Metal Jacket", 1987, 8.4)),
        # 2008: names and ids; the ratings were star bars, not numbers
        ("imdb__pulp_fiction__2008-07-tn15.html", 5, ("tt0317248", "Cidade de Deus", None, None)),
    ],
)
def test_more_like_this_is_read_from_real_imdb_pages_with_each_films_id(corpus, name, n, first):
    rel = _related(corpus, name)
    assert len(rel) == n
    assert rel["imdb_id"].str.fullmatch(r"tt\d{7,9}").all()
    assert rel["imdb_id"].is_unique
    top = rel.iloc[0]
    tt, title, year, rating = first
    assert top["imdb_id"] == tt
    assert top["title"].startswith(title)
    assert (pd.isna(top["year"]) and year is None) or top["year"] == year
    assert (pd.isna(top["rating"]) and rating is None) or top["rating"] == rating


def test_a_page_without_more_like_this_gives_no_related_titles(corpus):
    for name in (
        "imdb__house_charity_case__2022-03-episode.html",  # the state's list is empty
        "imdb__mark_hamill__2022-04-person-negative.html",
        "imdb__search_released_2018__2023-06-search-negative.html",
        "imdb__star_wars__2022-04-fullcredits-negative.html",
    ):
        assert _related(corpus, name).empty, name


def test_one_film_in_two_snapshots_is_one_row_joined_by_its_id(pages):
    """Breaking Bad in the 2017 and the 2023 Game of Thrones pages (the 2017 one gives a
    year, the 2023 one does not): one film, with its rating in each page."""
    from analysis.views.tables import related_films, related_view

    got = load_corpus(
        [
            pages / "imdb__game_of_thrones__2017-07-tvseries.html",
            pages / "imdb__game_of_thrones__2023-03-singlefile.html",
        ]
    )
    rows = related_films(related_view(got.related_titles, got.aggregates, got.documents))
    bb = rows[rows["Title"] == "Breaking Bad"]
    assert len(bb) == 1
    assert bb["Pages"].iloc[0] == 2
    assert bb["IMDb rating in each page"].iloc[0].count("9.5 on") == 2
    assert rows["Title"].is_unique


def test_a_metacritic_user_reviews_page_gives_its_reviews_whole(corpus):
    """The 100 user reviews the page lists, each with author, date, score of 10, helpful
    votes and its whole text (the expanded blurb, not the cut one with "Expand")."""
    r = corpus.reviews
    mine = r[
        r["document_id"].isin(
            _docs(corpus, "metacritic__cyberpunk_2077__2020-12-pc-user-reviews.html")
        )
    ]
    assert len(mine) == 100
    assert set(mine["work_id"]) == {"cyberpunk-2077-game-pc"}
    first = mine.iloc[0]
    assert (first["author"], first["date"], first["rating"]) == ("Gnomishninja", "2020-12-11", 4.0)
    assert (first["helpful_yes"], first["helpful_total"]) == (115, 219)
    assert first["text"].startswith("I appreciate how ambitious they were")
    assert "the 3 week delay to better optimize" in first["text"]  # past the cut
    assert not mine["text"].str.contains("Expand|…|<span", regex=True).any()
    assert mine["rating"].between(0, 10).all()
    assert (mine["rating_scale"] == 10).all()


def test_imdb_review_cards_are_read_when_the_page_says_its_title(pages, tmp_path):
    """The saved reviews fragment names no title and stays skipped, saying why; the same
    cards in a page that names its film (as a whole saved reviews page does) give all 35
    reviews, with rating, headline, helpful votes (up of up and down) and a spoiler's text."""
    name = "imdb__the_worlds_end__2025-03-userreviews-fragment.html"
    alone = load_corpus([pages / name])
    assert alone.reviews.empty
    (reason,) = alone.skipped["reason"]
    assert reason.startswith("lists 35 IMDb user review(s) but names no title")
    assert "save the whole reviews page" in reason
    page = tmp_path / "the_worlds_end_reviews.html"
    page.write_text(
        "<html><head><title>The World's End (2013) - User reviews - IMDb</title>"
        '<link rel="canonical" href="https://www.imdb.com/title/tt1213663/reviews/"></head>'
        f"<body>{(pages / name).read_text(encoding='utf-8')}</body></html>",
        encoding="utf-8",
    )
    whole = load_corpus([page])
    r = whole.reviews
    assert len(r) == 35
    assert set(r["work_id"]) == {"the-world-s-end-2013"}
    first = r.iloc[0]
    assert (first["author"], first["date"], first["rating"]) == (
        "ikiru71-220-566499",
        "2013-08-24",
        8.0,
    )
    assert first["title"] == "Another funny, clever, and wild one from Simon Pegg and Edgar Wright"
    assert (first["helpful_yes"], first["helpful_total"]) == (41, 57)
    assert r["rating"].isna().sum() == 4  # four cards carry no rating
    spoiler = r[r["author"] == "zardoz-13"]["text"].iloc[0]
    assert spoiler.startswith('"Shaun of the Dead" writer')  # not the "Spoiler" label
    assert "no user review found" not in whole.documents["warnings"].iloc[0]


@pytest.mark.parametrize(
    ("name", "first"),
    [
        # the 2010s quote bubbles: stars as a class ("score30")
        (
            "rottentomatoes__the_conjuring__2013-07.html",
            ("Matthew Samuel Mirliani", "2013-07-18", 3.0),
        ),
        # before release the bubbles say "not interested", not stars: no rating
        ("rottentomatoes__planes__2013-07-prerelease.html", ("Frisby 2007", "2013-05-22", None)),
        # the 2020s list: stars drawn as filled and half icons
        ("rottentomatoes__happy_gilmore__2022-07.html", ("Albert K", "2012-06-16", 3.5)),
    ],
)
def test_rotten_tomatoes_audience_reviews_come_with_author_date_and_stars(corpus, name, first):
    r = corpus.reviews
    mine = r[r["document_id"].isin(_docs(corpus, name))]
    assert len(mine) == (4 if "gilmore" in name else 2)
    top = mine.iloc[0]
    author, date, stars = first
    assert (top["author"], top["date"]) == (author, date)
    assert (pd.isna(top["rating"]) and stars is None) or (top["rating"], top["rating_scale"]) == (
        stars,
        5.0,
    )
    assert (mine["badge"] == "Super Reviewer").all()
    # what the text said of the reviews it could not read whole is withdrawn
    (warnings,) = corpus.documents.loc[
        corpus.documents["document_id"].isin(_docs(corpus, name)), "warnings"
    ]
    assert "audience review dated" not in str(warnings)
