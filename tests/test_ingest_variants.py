"""Hand-made pages of other titles, numbers, locales and layouts: the parsers are not tuned
to the five seeds."""

from __future__ import annotations

import pytest
from conftest import PAGES, SEEDS

from analysis import load_corpus
from analysis.ingest.detect import detect_kind, signal_counts
from analysis.ingest.parsers import get_parser
from analysis.schema import TABLES
from analysis.text import normalise


@pytest.fixture(scope="module")
def variants():
    return load_corpus([PAGES])


def _parse(name: str):
    text = (PAGES / name).read_text(encoding="utf-8")
    kind, _ = detect_kind(text)
    return kind, get_parser(kind)(normalise(text))


def _aggs(parsed) -> dict[str, dict]:
    return {f"{a['platform']}:{a['metric']}": a for a in parsed.aggregates}


def test_variant_tables_are_schema_valid(variants):
    for name, model in TABLES.items():
        model.validate(getattr(variants, name))


def test_every_variant_file_is_accounted_for(variants):
    files = {p.stem for p in PAGES.iterdir()}
    assert set(variants.documents["document_id"]) == files
    unknown = variants.documents[variants.documents["kind"] == "unknown"]["document_id"].tolist()
    assert unknown == ["unknown_recipe"]
    skipped = variants.skipped[variants.skipped["section"] == "document"]
    assert skipped["document_id"].tolist() == ["unknown_recipe"]
    assert "not recognised" in skipped["reason"].item()


def test_imdb_readable_with_decimal_comma_and_space_thousands():
    kind, p = _parse("imdb_readable_other.txt")
    assert kind == "imdb"
    a = _aggs(p)
    assert a["imdb:user_rating"]["value"] == 8.1
    assert a["imdb:user_rating"]["n"] == 1_204_377
    assert a["imdb:user_reviews_count"]["value"] == 1532
    assert a["imdb:critic_reviews_count"]["value"] == 310
    assert (p.works[0].title, p.works[0].year) == ("Brazil", 1985)
    assert [r["author"] for r in p.reviews] == ["film_fan_77", "grumpy-critic"]
    assert [r["title"] for r in p.reviews] == ["Gilliam's masterpiece", "Too long, too loud"]
    assert [(r["helpful_yes"], r["helpful_total"]) for r in p.reviews] == [(120, 140), (5, 30)]
    assert p.reviews[1]["text"].endswith("Two hours felt like four.")
    figures = {f["figure"]: f["value"] for f in p.figures}
    assert figures == {
        "budget": 15e6,
        "us_gross": 9_929_135,
        "worldwide_gross": 9_929_135,
        "wins": 8,
        "nominations": 9,
    }
    assert p.related == []  # section absent: nothing invented


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("User Rating: 8.9/10 (298,638 votes)", {"user_rating": (8.9, 298638)}),
        # a minified page: what spaces the markup held between its elements are gone
        ("User Rating:8.9/10(298,638 votes)", {"user_rating": (8.9, 298638)}),
        # 2013-2014: "Ratings:" before the rating, the voters after it; the reviews' count
        # comes from its own link then
        (
            "Ratings: 8.5/10 from 341,007 users\nSee all 903 user reviews",
            {"user_rating": (8.5, 341007), "user_reviews_count": (903, None)},
        ),
        # 2020s, copied as text: the Metascore and its word with nothing between them;
        # 2013: its count after the star box's reviews
        (
            "IMDb RATING\n9.2/10\n2.1M\n80Metascore",
            {"user_rating": (9.2, 2100000), "metascore": (80, None)},
        ),
        (
            "Metascore: 80/100\nReviews: 246 user | 120 critic | 40 from Metacritic.com",
            {"metascore": (80, 40)},
        ),
        (
            "9.5/10\n1,178,901\n880 user238 critic",
            {
                "user_rating": (9.5, 1178901),
                "user_reviews_count": (880, None),
                "critic_reviews_count": (238, None),
            },
        ),
    ],
)
def test_imdb_rating_header_with_or_without_the_spaces_between_its_parts(header, expected):
    p = get_parser("imdb")(normalise(f"Pulp Fiction (1994)\n\n{header}\n"))
    assert {a["metric"]: (a["value"], a.get("n")) for a in p.aggregates} == expected


@pytest.mark.parametrize(
    ("kind", "line"),
    [
        # IMDb's title page: its own widgets and star lines
        ("imdb", "YOUR RATING"),
        ("imdb", "Top cast"),
        ("imdb", "Ratings: 8.7/10 from 43,517 users"),
        ("imdb", "8.9/10 (298,638 votes)"),
        ("imdb", "Register or login to rate this title"),
        ("imdb", "Top 250: #6"),
        # Rotten Tomatoes' 2008-2013 score card and its mobile site
        ("rotten_tomatoes", "Reviews Counted: 76"),
        ("rotten_tomatoes", "T-Meter Critics"),
        ("rotten_tomatoes", "98% of critics liked it"),
        ("rotten_tomatoes", "Rotten:56"),
        # a Wikipedia reference list's access dates
        ("wikipedia", "Retrieved 2008-11-03."),
        ("wikipedia", "Retrieved April 7, 2014."),
        ("wikipedia", "Retrieved 7 April 2014."),
    ],
)
def test_a_sites_own_words_are_evidence_of_it(kind, line):
    assert signal_counts(f"Moon\n\n{line}\n")[kind] == 1


def test_imdb_flattened_other_title():
    kind, p = _parse("imdb_flat_other.txt")
    assert kind == "imdb"
    a = _aggs(p)
    assert (a["imdb:user_rating"]["value"], a["imdb:user_rating"]["n"]) == (7.6, 201_345)
    assert a["metacritic:metascore"]["value"] == 66
    assert p.as_of == "2012"
    assert "copyright" in p.as_of_basis
    (review,) = p.reviews
    assert (review["author"], review["date"], review["title"]) == (
        "noirlover",
        "1998-03-02",
        "a noir puzzle box",
    )
    assert review["text"].endswith("i loved every minute of it.")
    assert {f["figure"]: f["value"] for f in p.figures}["runtime"] == 100


def test_rotten_tomatoes_with_published_tomatometer_and_audience_score():
    kind, p = _parse("rt_other.txt")
    assert kind == "rotten_tomatoes"
    a = _aggs(p)
    meter = a["rotten_tomatoes:tomatometer"]
    assert (meter["value"], meter["n"], meter["derived"]) == (79.0, 87, False)
    assert a["rotten_tomatoes:audience_score"]["value"] == 86
    assert a["rotten_tomatoes:audience_score"]["n"] == 120_344
    assert a["rotten_tomatoes:critic_average_rating"]["value"] == 7.1
    assert p.consensus[0]["text"].startswith("Stylish and dark")
    first, second = p.reviews
    assert (first["author"], first["badge"], first["rating"], first["rating_scale"]) == (
        "Ana P",
        "Super Reviewer",
        4.5,
        5.0,
    )
    assert first["text"].startswith("A stunning, moody film")
    assert (second["author"], second["badge"], second["date"]) == ("Tom W", None, "2013-03-11")


def test_rotten_tomatoes_consensus_is_a_sentence_not_a_menu_item_or_a_headline():
    """A saved page's menu lists "Critics Consensus" above "Five Favorite Films", and its
    news list has "Critics Consensus: Kick-Ass Is Certified Fresh": the consensus is the
    first sentence that follows those words."""
    from analysis.ingest.parsers.rotten_tomatoes import parse_rotten_tomatoes

    text = (
        "Heat (1995) - Rotten Tomatoes\nNews\nCritics Consensus\nFive Favorite Films\n"
        "Tomatometer 87%\nCritics Consensus: Heat Is Certified Fresh\n"
        "critics consensus\nMichael Mann's epic is a heist film of rare patience and scale.\n"
    )
    said = parse_rotten_tomatoes(normalise(text)).consensus
    assert [c["text"] for c in said] == [
        "Michael Mann's epic is a heist film of rare patience and scale."
    ]
    menu_only = "Heat - Rotten Tomatoes\nCritics Consensus\nDigital Multiplex\nTomatometer 87%\n"
    assert parse_rotten_tomatoes(normalise(menu_only)).consensus == []


@pytest.mark.parametrize(
    "markup",
    [
        '<p id="consensus"><span>Consensus:</span> A taut, patient <em>heist</em> epic.</p>',
        '<div class="tomato_consensus"><p class="critic_consensus">A taut, patient heist '
        "epic.</p></div>",
        '<p><span data-qa="critics-consensus">A taut, patient heist epic.</span></p>',
    ],
)
def test_a_saved_rotten_tomatoes_page_gives_its_marked_up_consensus(tmp_path, markup):
    """Each era's markup of the consensus (2008-10, 2013, 2020s), on a page whose menu and
    news also say "Critics Consensus": the marked one is read, never the menu's next item."""
    page = (
        "<html><head><title>Heat (1995) - Rotten Tomatoes</title>"
        '<link rel="canonical" href="https://www.rottentomatoes.com/m/heat_1995"/></head><body>'
        '<ul><li><a href="/critics-consensus/">Critics Consensus</a></li>'
        '<li><a href="/five-favorite-films/">Five Favorite Films</a></li></ul>'
        "<h1>Heat</h1><p>Tomatometer 87%</p>" + markup + '<ul><li><a href="/news/1">'
        "Critics Consensus: <em>Heat</em> Is Certified Fresh</a></li></ul></body></html>"
    )
    path = tmp_path / "heat.html"
    path.write_text(page, encoding="utf-8")
    corpus = load_corpus([path])
    assert corpus.documents["kind"].tolist() == ["rotten_tomatoes"]
    assert corpus.consensus["text"].tolist() == ["A taut, patient heist epic."]


@pytest.mark.parametrize(
    ("card", "expected"),
    [
        # the mobile site's one line per score
        (
            "98% of critics liked it\n\n85% of users liked it",
            {"tomatometer": (98, None), "audience_score": (85, None)},
        ),
        # 2008-2013: the number, its sign and the word apart; the counts after colons
        (
            "    26    %\n\nTomatometer\n\nReviews Counted: 76\n\nFresh: 20\n\nRotten:56",
            {
                "tomatometer": (26, 76),
                "critic_reviews_count": (76, None),
                "fresh_count": (20, None),
                "rotten_count": (56, None),
            },
        ),
        # no Tomatometer written: derived from the counts, and said to be
        ("Reviews Counted: 40\nFresh: 30 | Rotten: 10", {"tomatometer": (75.0, 40)}),
    ],
)
def test_rotten_tomatoes_score_cards_of_other_eras(card, expected):
    p = get_parser("rotten_tomatoes")(normalise(f"Moon (2009) - Rotten Tomatoes\n\n{card}\n"))
    got = {a["metric"]: (a["value"], a.get("n")) for a in p.aggregates}
    assert {m: got.get(m) for m in expected} == expected


def test_rotten_tomatoes_missing_counts_warns():
    text = "Some Film (2001)\n\nCritics Consensus\n\nFine.\n\nAudience Score\n\nUser Ratings: 12"
    p = get_parser("rotten_tomatoes")(normalise(text))
    assert not any(a["metric"] == "tomatometer" for a in p.aggregates)
    assert any("Tomatometer" in w for w in p.warnings)
    assert any("audience reviews" in w for w in p.warnings)


def test_wikipedia_other_wording():
    kind, p = _parse("wiki_other.txt")
    assert kind == "wikipedia"
    a = _aggs(p)
    assert (a["rotten_tomatoes:tomatometer"]["value"], a["rotten_tomatoes:tomatometer"]["n"]) == (
        98,
        56,
    )
    assert a["rotten_tomatoes:critic_average_rating"]["value"] == 8.8
    assert (a["metacritic:metascore"]["value"], a["metacritic:metascore"]["n"]) == (84, 12)
    assert (p.works[0].title, p.works[0].year) == ("Brazil", 1985)
    assert {f["figure"]: f["value"] for f in p.figures} == {
        "budget": 15e6,
        "box_office": 9.9e6,
        "runtime": 142,
    }


@pytest.mark.parametrize(
    ("sentence", "value", "n"),
    [
        ("The film holds a 91% rating on Rotten Tomatoes based on 33 reviews.", 91, 33),
        (
            "Rotten Tomatoes reports that 64% of 120 critics gave the film a positive review.",
            64,
            120,
        ),
        ("On Rotten Tomatoes, it has an approval rating of 45% based on 1,204 reviews.", 45, 1204),
        (
            "Review aggregator Rotten Tomatoes gives the film a score of 72,5 % based on 40 reviews.",
            72.5,
            40,
        ),
    ],
)
def test_wikipedia_rotten_tomatoes_phrasings(sentence, value, n):
    text = f"Film X\n\nDirected by Someone\nRunning time 90 minutes\n\nFilm X is a 2001 film.[1]\n\n{sentence}[2]\n"
    p = get_parser("wikipedia")(normalise(text))
    (meter,) = [a for a in p.aggregates if a["metric"] == "tomatometer"]
    assert meter["value"] == value
    assert meter.get("n") == n


def test_wikipedia_counts_phrasing_is_derived():
    text = (
        "Film Y\n\nFilm Y is a 1999 film.[1] Rotten Tomatoes reports that 30 out of 40 critics "
        "gave the film a positive review.[2]"
    )
    p = get_parser("wikipedia")(normalise(text))
    (meter,) = [a for a in p.aggregates if a["metric"] == "tomatometer"]
    assert meter["derived"] is True
    assert meter["value"] == 75.0
    assert meter["n"] == 40


def test_wikipedia_without_reception_warns_and_keeps_what_it_has():
    kind, p = _parse("wiki_no_reception.txt")
    assert kind == "wikipedia"
    assert p.aggregates == []
    assert any("no reception scores" in w for w in p.warnings)
    assert p.works[0].original_title == "Micmacs à tire-larigot"
    assert {f["figure"] for f in p.figures} == {"box_office", "runtime"}


def test_wikipedia_unread_score_sentence_is_reported():
    text = "Film Z\n\nFilm Z is a 2003 film.[1]\n\nRotten Tomatoes lists it with a rosy 9 of 10 glow.[2]\n"
    p = get_parser("wikipedia")(normalise(text))
    assert p.aggregates == []
    assert any("rotten tomatoes" in reason for _, reason in p.skipped)


def test_a_wikipedia_television_article_is_television_though_its_title_does_not_say_so(
    variants,
):
    """Most series' articles are titled by the name alone ("Deadwood"): the infobox and the
    lead say what it is, and the infobox's run gives the year."""
    kind, p = _parse("wiki_tv_series.txt")
    assert kind == "wikipedia"
    (work,) = p.works
    assert (work.title, work.year, work.kind, work.form) == ("Deadwood", 2004, "film", "TV series")
    row = variants.works.set_index("work_id").loc["deadwood-2004"]
    assert (row["title"], row["year"], row["form"]) == ("Deadwood", 2004, "TV series")
    a = _aggs(p)
    assert (a["rotten_tomatoes:tomatometer"]["value"], a["metacritic:metascore"]["value"]) == (
        93,
        79,
    )


@pytest.mark.parametrize(
    ("lead", "form"),
    [
        ("X is an American Western television series created by Y.", "TV series"),
        ("X was a British sitcom that aired on BBC One.", "TV series"),
        ("X is a 2008 British miniseries directed by Y.", "TV mini-series"),
        ("X is a 2019 historical drama limited series.", "TV mini-series"),
        ('"X" is the third episode of the eighth season of the HBO series Y.', "TV episode"),
        ("X is a 1990 American television film directed by Y.", "TV movie"),
        # a film about, or based on, television is a film; so is anything a later sentence
        # names: only the lead's own noun counts
        ("X is a 2005 American comedy film based on the television series Y.", None),
        ("X is a 1998 documentary about the television series Y.", None),
        ("X is a 1995 fantasy film. Its sequel is a television series.", None),
    ],
)
def test_wikipedia_lead_sentence_names_the_television_form(lead, form):
    p = get_parser("wikipedia")(normalise(f"X\n\nDirected by Someone\n\n{lead}[1]\n"))
    assert p.works[0].form == form


@pytest.mark.parametrize(
    ("infobox", "form", "year"),
    [
        (
            "No. of episodes\t140\nOriginal network\tFX\nOriginal release\tSeptember 17, 2009",
            "TV series",
            2009,
        ),
        # today's infobox: a "Release" heading (no year), then the run under "Release"
        (
            "No. of seasons\t3\n\nRelease\n\nOriginal network\tHBO\n\nRelease\tMarch 21, 2004 – 2006",
            "TV series",
            2004,
        ),
        (
            "No. of series\t4\nOriginal channel\tBBC Two\nOriginal run\t3 May 2001 – 2003",
            "TV series",
            2001,
        ),
        ("Directed by\tY\nRelease dates\t12 May 1995", None, 1995),
    ],
)
def test_wikipedia_infobox_counts_episodes_and_gives_the_run(infobox, form, year):
    """Where the lead does not say (an "adult animated spy comedy"), an infobox that counts
    seasons or episodes makes it a series; its run, or a film's release, gives the year."""
    text = f"X\n{infobox}\n\nX is an adult animated spy comedy created by Y.[1]\n"
    (work,) = get_parser("wikipedia")(normalise(text)).works
    assert (work.form, work.year) == (form, year)


def test_moviedb_other_title():
    kind, p = _parse("moviedb_other.txt")
    assert kind == "moviedb"
    assert (p.works[0].title, p.works[0].year, p.works[0].imdb_id) == (
        "Delicatessen",
        1991,
        "tt0101700",
    )
    (review,) = p.reviews
    assert review["text"].startswith("I laughed more")
    assert ("synopsis", "plot synopsis, not a review") in p.skipped


def test_metacritic_page():
    kind, p = _parse("metacritic_other.txt")
    assert kind == "metacritic"
    a = _aggs(p)
    assert (a["metacritic:metascore"]["value"], a["metacritic:metascore"]["n"]) == (69, 31)
    assert (a["metacritic:user_score"]["value"], a["metacritic:user_score"]["n"]) == (8.6, 1088)
    assert [(r["author"], r["rating"]) for r in p.reviews] == [("JaneD", 10.0), ("MarkT", 4.0)]
    assert p.works[0].title == "Amélie"


def test_metacritic_counts_with_their_words_on_lines_of_their_own():
    """A copy of the page's text puts "based on", the number and "Critic Reviews" (or
    "Ratings") on lines of their own."""
    text = (
        "Amélie Reviews - Metacritic\n\nMetascore\n\n69\n\nbased on\n\n   31\n   Critic Reviews"
        "\n\nUser Score\n\n8.6\n\nUniversal acclaim- based on\n1,088\nRatings\n"
    )
    a = {
        r["metric"]: (r["value"], r.get("n"))
        for r in get_parser("metacritic")(normalise(text)).aggregates
    }
    assert (a["metascore"], a["user_score"]) == ((69, 31), (8.6, 1088))


def test_variant_works_are_merged_across_sites(variants):
    works = variants.works.set_index("work_id")
    assert {
        "brazil-1985",
        "dark-city-1998",
        "delicatessen-1991",
        "micmacs-2009",
        "amelie-2001",
        "deadwood-2004",
    } == set(works.index)
    brazil_docs = set(variants.aggregates.query("work_id == 'brazil-1985'")["document_id"])
    assert brazil_docs == {"imdb_readable_other", "wiki_other"}


def test_rounded_amounts_are_not_conflicts(variants):
    # "$9.9 million" (Wikipedia) agrees with $9,929,135 (IMDb) within its displayed rounding
    assert variants.conflicts.empty


def test_min_review_chars_reaches_the_movie_database_parser():
    """The setting, not a constant in the parser, decides which paragraphs are reviews."""
    from analysis.settings import Settings

    default = load_corpus([SEEDS / "001_6fde17da6973d7b4.txt"])
    assert (default.reviews["source"] == "moviedb").sum() == 1
    longest = int(default.reviews["text"].str.len().max())
    strict = load_corpus(
        [SEEDS / "001_6fde17da6973d7b4.txt"], Settings(min_review_chars=longest + 1)
    )
    assert (strict.reviews["source"] == "moviedb").sum() == 0


def test_related_titles_from_the_text_of_a_saved_2010s_imdb_page():
    """The text of a 2010-2016 IMDb page: the rating widget one star a line, a certificate
    before the genres, directors and stars running over lines after their commas."""
    from analysis.ingest.parsers.imdb import related_titles

    stars = "\n".join(str(n) for n in range(1, 11))
    entry = (
        "\n0\nNext »\n\n{0}\n({1})\n\n{2}{3}\n\n" + stars + "\n\n{4}/10\nX\n\n"
        "{5}\n\nDirector:\n{6}\n\nStars:\n{7}\n"
    )
    films = [  # title, year, certificate line, genres, rating, outline, directors, stars
        ("The Red Shoes", 1948, "Certificate: U\n\n", "Drama\n|\nMusic", "8.1")
        + ("A young ballet dancer is torn between the man she loves and her pursuit.",)
        + ("Michael Powell,\nEmeric Pressburger", "Anton Walbrook,\nMarius Goring,\nMoira Shearer"),
        ("A Matter of Life and Death", 1946, "", "Drama", "7,9")
        + ("A British airman cheats death and must argue for his life.",)
        + ("Michael Powell", "David Niven"),
    ]
    text = (
        "Black Narcissus (1947)\n\nPeople who liked this also liked...\n\n◄ Prev 6\nNext 6 ►\n"
        + "".join(entry.format(*film) for film in films)
        + "\nEdit\n\nCast\n\nDeborah Kerr ... Sister Clodagh\n"
    )
    shoes, life = related_titles(text)
    assert (shoes["title"], shoes["year"], shoes["genres"]) == (
        "The Red Shoes",
        1948,
        "Drama | Music",
    )
    assert shoes["rating"] == 8.1
    assert shoes["directors"] == "Michael Powell, Emeric Pressburger"
    assert shoes["stars"] == "Anton Walbrook, Marius Goring, Moira Shearer"
    assert shoes["description"].startswith("A young ballet dancer")
    assert (life["title"], life["year"], life["rating"]) == (
        "A Matter of Life and Death",
        1946,
        7.9,
    )
    assert life["directors"] == "Michael Powell"
    assert life["stars"] == "David Niven"
