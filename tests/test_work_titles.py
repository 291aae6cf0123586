"""A work's name as pages give it: the site's decoration comes off, what it says (year,
platform) is kept, and what is no name (a status line, a banner, a site's name) is refused.
The real pages of other titles are checked in ``test_pages_dev``; these are hand-made."""

from __future__ import annotations

import pytest

from analysis.ingest.parsers import get_parser
from analysis.ingest.work_titles import (
    Name,
    clean_title,
    metacritic_game,
    page_names,
    tv_page_form,
)
from analysis.text import normalise


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Brazil (1985) - IMDb", Name("Brazil", 1985)),
        ("Amélie (2001) ⭐ 8.3 | Comedy, Romance", Name("Amélie", 2001)),
        ("Twin Peaks (TV Series 1990–1991) - IMDb", Name("Twin Peaks", 1990, form="TV series")),
        ("Lost (TV Series 2004– )   - IMDb", Name("Lost", 2004, form="TV series")),
        (
            '"Lost" Pilot: Part 1 (TV Episode 2004) - IMDb',
            Name("Lost: Pilot: Part 1", 2004, form="TV episode"),
        ),
        ("Heat (TV Movie 1972)", Name("Heat", 1972, form="TV movie")),
        ("Chernobyl (TV Mini Series 2019)", Name("Chernobyl", 2019, form="TV mini-series")),
        ("Sherlock (TV series) - Wikipedia", Name("Sherlock", form="TV series")),
        # IMDb's forms that are no television show's: a short, a direct-to-video film
        ("The Bench (Short 2014) - IMDb", Name("The Bench", 2014, form="short film")),
        ("Bambi II (Video 2006) - IMDb", Name("Bambi II", 2006, form="video")),
        ("Luxo Jr. (TV Short 1986)", Name("Luxo Jr.", 1986, form="TV short")),
        ("Halo 3 (Video Game 2007) - IMDb", Name("Halo 3", 2007)),  # a game: its kind says
        ("Rotten Tomatoes: Brazil Movie Reviews, Pictures", Name("Brazil")),
        ("Alien Movie Reviews, Pictures - Rotten Tomatoes", Name("Alien")),
        ("Dune: Part Two | Audience Reviews | Rotten Tomatoes", Name("Dune: Part Two")),
        ("Heat - Rotten Tomatoes", Name("Heat")),
        (
            "Read User Reviews and Submit your own for Hades on Switch - Metacritic",
            Name("Hades", None, "Switch"),
        ),
        ("Brazil (1985 film) - Wikipedia, the free encyclopedia", Name("Brazil", 1985)),
        ("Solaris (film)", Name("Solaris")),
        # a year that is part of the name stays in it
        ("Death Race 2000", Name("Death Race 2000")),
        ("Blade Runner 2049 (2017) - IMDb", Name("Blade Runner 2049", 2017)),
        ("Mission: Impossible", Name("Mission: Impossible")),
        ("The Page Turner (2006) - IMDb", Name("The Page Turner", 2006)),  # not a banner
        ("The List", Name("The List")),
        ("Star Wars: Episode IV - A New Hope", Name("Star Wars: Episode IV - A New Hope")),
        # no name at all
        ("HTTP/1.1 200 OK", None),
        ("RottenTomatoes Mobile", None),
        ("IMDb", None),
        ("Home (2015) - IMDb", Name("Home", 2015)),  # a film's name, not a page's
        ("This article is about the 1985 film. For other uses, see Brazil (disambiguation).", None),
        ("This article needs additional citations for verification.", None),
        ("The neutrality of this article is disputed.", None),
        ("", None),
        (None, None),
        ("x" * 200, None),
    ],
)
def test_a_pages_name_without_its_decoration(raw, name):
    assert clean_title(raw) == name


def test_a_bare_year_is_the_year_only_where_the_site_writes_it_so():
    assert clean_title("6 Underground 2019", bare_year=True) == Name("6 Underground", 2019)
    assert clean_title("6 Underground 2019") == Name("6 Underground 2019")
    assert clean_title("1917", bare_year=True) == Name("1917")  # the whole name


def test_a_metacritic_game_url_names_the_platform():
    assert metacritic_game(["https://www.metacritic.com/game/pc/hades/user-reviews"]) == (
        True,
        "PC",
    )
    assert metacritic_game(["https://www.metacritic.com/game/hades/"]) == (True, None)
    assert metacritic_game(["https://www.metacritic.com/movie/heat"]) == (False, None)
    assert metacritic_game(["https://example.com/game/pc/hades"]) == (False, None)


@pytest.mark.parametrize(
    ("urls", "form"),
    [
        (["https://www.rottentomatoes.com/tv/deadwood"], "TV series"),
        (["https://www.rottentomatoes.com/tv/deadwood/s01"], "TV season"),
        (["https://www.rottentomatoes.com/tv/game_of_thrones/s08/e03"], "TV episode"),
        (["https://www.metacritic.com/tv/deadwood/"], "TV series"),
        (["https://www.metacritic.com/tv/deadwood/season-1/critic-reviews"], "TV season"),
        (["rottentomatoes.com/tv/the-wire/s01/e01"], "TV episode"),
        (["https://www.rottentomatoes.com/m/moon"], None),
        (["https://www.metacritic.com/movie/heat"], None),
        (["https://example.com/tv/deadwood"], None),
        # the page's own URL decides, not a later one it links to
        (["https://www.rottentomatoes.com/m/moon", "https://www.rottentomatoes.com/tv/x"], None),
        (["https://example.com/x", "https://www.metacritic.com/tv/x"], "TV series"),
    ],
)
def test_a_tv_url_on_rotten_tomatoes_or_metacritic_gives_the_form(urls, form):
    assert tv_page_form(urls) == form


def test_a_rotten_tomatoes_season_page_is_a_tv_season(tmp_path):
    from analysis import load_corpus

    page = tmp_path / "deadwood_s01.html"
    page.write_text(
        "<html><head><title>Deadwood: Season 1 - Rotten Tomatoes</title>"
        '<link rel="canonical" href="https://www.rottentomatoes.com/tv/deadwood/s01"></head>'
        "<body><h1>Deadwood: Season 1</h1><p>Tomatometer 93%</p>"
        "<p>Audience Score 95% User Ratings: 12,345</p></body></html>",
        encoding="utf-8",
    )
    (work,) = load_corpus([page]).works.itertuples()
    assert (work.title, work.kind, work.form) == ("Deadwood: Season 1", "film", "TV season")


def test_an_html_pages_names_come_from_its_metadata():
    html = (
        "<html><head><title>HTTP/1.0 200 OK</title>"
        '<meta property="og:title" content="Heat (1995) ⭐ 8.3 | Crime"></head>'
        "<body><h1>Heat (1995)</h1><h1>Cast</h1></body></html>"
    )
    assert page_names(html) == [Name("Heat", 1995), Name("Cast")]
    assert page_names("") == []


HEAT = (
    "This article is about the 1978 film. For the album, see Heat (album).\n"
    "Heat\nDirected by\nMichael Mann\nRelease dates\nDecember 15, 1995\n"
    "Running time\n170 minutes\n"
    "Heat was a crime film written and directed by Michael Mann.\n"
    "Reception\nOn Rotten Tomatoes the film holds an approval rating of 83%.\n"
)
HADES = (
    "This article needs additional citations for verification.\n"
    "Hades\nDeveloper(s)\nSupergiant Games\nPlatform(s)\nNintendo Switch\n"
    "Release date(s)\nSeptember 17, 2020\n"
    "Hades is a roguelike action game developed by Supergiant Games.\n"
)


@pytest.mark.parametrize(
    ("text", "work"),
    [
        (HEAT, ("Heat", 1995, "film")),  # past the hatnote; the infobox's release year
        (HADES, ("Hades", 2020, "video_game")),  # past the banner; developers and platforms
        (HADES.replace("Developer(s)", "Directed by"), ("Hades", 2020, "film")),  # a director
    ],
    ids=["film", "game", "directed"],
)
def test_a_wikipedia_article_without_a_dated_lead_is_named_by_its_infobox(text, work):
    ref = get_parser("wikipedia")(normalise(text)).works[0]
    assert (ref.title, ref.year, ref.kind) == work


def test_every_documents_work_is_named_without_decoration_when_works_are_merged():
    """Text pages too (not only HTML): a decorated name joins the same film named plainly,
    its "(1985)" read as the year; a status line names nothing."""
    from analysis.ingest.parsers.base import WorkRef
    from analysis.ingest.works import Located, resolve_works

    rows, key_map = resolve_works(
        [
            Located("a", "imdb", WorkRef("film", "Brazil (1985) - IMDb")),
            Located("b", "wikipedia", WorkRef("film", "Brazil", year=1985)),
            Located("c", "rotten_tomatoes", WorkRef("film", "HTTP/1.0 200 OK")),
        ]
    )
    by_id = {r["work_id"]: r for r in rows}
    assert key_map[("a", "film")] == key_map[("b", "film")] == "brazil-1985"
    assert (by_id["brazil-1985"]["title"], by_id["brazil-1985"]["year"]) == ("Brazil", 1985)
    assert by_id[key_map[("c", "film")]]["title"] == "untitled"


def test_a_stored_work_named_with_its_decoration_is_joined_by_a_plain_name():
    """A store written by an older build keeps "Django Unchained (2012)"; a new page naming
    "Django Unchained" (2012) joins that work and keeps its id."""
    from analysis.ingest.parsers.base import WorkRef
    from analysis.ingest.works import Located, resolve_works

    stored = [
        {
            "work_id": "django-unchained-2012-2012",
            "title": "Django Unchained (2012)",
            "year": 2012,
            "kind": "film",
        }
    ]
    new = [Located("p", "rotten_tomatoes", WorkRef("film", "Django Unchained", year=2012))]
    rows, key_map = resolve_works(new, stored)
    assert key_map[("p", "film")] == "django-unchained-2012-2012"
    assert [r["title"] for r in rows] == ["Django Unchained"]


def test_a_new_page_is_compared_only_with_the_works_it_could_be(monkeypatch):
    """In a store of thousands of titles a new page's film is compared with the stored
    works sharing its name or IMDb id, not with every one (nor they with each other), and
    still joins the one it is."""
    from analysis.ingest import works
    from analysis.ingest.parsers.base import WorkRef
    from analysis.ingest.works import Located, resolve_works

    stored = [
        {"work_id": f"tt{i:07d}", "title": f"Film {i}", "kind": "film", "imdb_id": f"tt{i:07d}"}
        for i in range(2000)
    ] + [{"work_id": "brazil-1985", "title": "Brazil", "year": 1985, "kind": "film"}]
    calls = []
    same = works._same_work
    monkeypatch.setattr(works, "_same_work", lambda a, b: calls.append(1) or same(a, b))
    new = [
        Located("p", "imdb", WorkRef("film", "Film 7", imdb_id="tt0000007")),
        Located("q", "wikipedia", WorkRef("film", "Brazil", year=1985)),
    ]
    rows, key_map = resolve_works(new, stored)
    assert key_map[("p", "film")] == "tt0000007"
    assert key_map[("q", "film")] == "brazil-1985"
    assert len(calls) <= 4
