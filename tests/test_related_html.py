"""IMDb's "More like this" read from hand-made pages in each of IMDb's layouts (other
titles, other numbers, entries missing parts, broken state), and films joined by id."""

from __future__ import annotations

import json

import lxml.html
import pandas as pd

from analysis import load_corpus
from analysis.ingest.related_html import imdb_related


def _state(*nodes: dict) -> str:
    data = {
        "props": {
            "pageProps": {"x": {"moreLikeThisTitles": {"edges": [{"node": n} for n in nodes]}}}
        }
    }
    return f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'


AMELIE = {
    "id": "tt0211915",
    "titleText": {"text": "Amélie"},
    "releaseYear": {"year": 2001},
    "ratingsSummary": {"aggregateRating": 8.3, "voteCount": 800123},
    "titleGenres": {"genres": [{"genre": {"text": "Comedy"}}, {"genre": {"text": "Romance"}}]},
}
UNRATED = {"id": "tt9999990", "titleText": {"text": "Not Out Yet"}, "ratingsSummary": None}

CARDS = """<section data-testid="MoreLikeThis"><div class="ipc-poster-card ipc-poster-card--base">
<img alt="Brazil"><a href="/title/tt0088846/?ref_=tt_sims_tt_i_1"></a>
<span class="ipc-rating-star ipc-rating-star--imdb">7.8</span>
<a href="/title/tt0088846/?ref_=tt_sims_tt_t_1"><span data-testid="title">Brazil</span></a></div>
<div class="ipc-poster-card"><a href="https://www.imdb.com/title/tt0114746/"><span data-testid="title">
12 Monkeys</span></a><span class="ipc-rating-star--imdb">8.0<span>/10</span></span></div>
<div class="ipc-poster-card"><span data-testid="title">No Link Here</span></div></section>"""

RECS_2014 = """<div class="rec_overviews"><div class="rec_overview" data-tconst="tt0120616">
<div class="rec-title"><a href="/title/tt0120616/"><b>The Mummy</b></a> <span class="nobr">(1999)</span></div>
<div class="rec-cert-genre rec-elipsis"> Adventure <span class="ghost">|</span> Fantasy </div>
<div class="rating rating-list" title="Users rated this 7.0/10 (300,120 votes) - click stars to rate"></div>
<div class="rec-outline"><p> An American serving in the French Foreign Legion... </p></div>
<div class="rec-director rec-ellipsis"><b>Director:</b> Stephen Sommers </div>
<div class="rec-actor rec-ellipsis"><span><b>Stars:</b> Brendan Fraser,
Rachel Weisz</span></div></div>
<div class="rec_overview" data-tconst="tt0000001"><div class="rec-title"><b>Carmencita</b></div></div></div>"""

RECS_2008 = """<h3>Recommendations</h3><table class="recs"><tr class="poster">
<td><a href="http://www.imdb.com/title/tt0084787/"><img alt="-"></a></td>
<td><a href="http://www.imdb.com/title/tt0083658/"><img alt="-"></a></td></tr>
<tr><td><a href="http://www.imdb.com/title/tt0084787/">The Thing</a></td>
<td><a href="http://www.imdb.com/title/tt0083658/">Blade Runner</a></td></tr>
<tr class="rating"><td><small>IMDb User Rating:</small><div class="tinystarbar"><div style="width: 81px;"></div></div></td></tr>
</table>"""


def _read(body: str) -> list[dict]:
    return imdb_related(lxml.html.fromstring(f"<html><body>{body}</body></html>"))


def test_the_app_state_gives_id_name_year_genres_and_rating():
    rows = _read(_state(AMELIE, UNRATED) + CARDS)  # the state wins over the cards
    assert [r["imdb_id"] for r in rows] == ["tt0211915", "tt9999990"]
    amelie, unrated = rows
    assert (amelie["title"], amelie["year"], amelie["rating"]) == ("Amélie", 2001, 8.3)
    assert amelie["genres"] == "Comedy | Romance"
    assert amelie["rating_scale"] == 10.0
    assert unrated["rating"] is None
    assert unrated["rating_scale"] is None
    assert "year" not in unrated


def test_broken_or_empty_state_falls_back_to_the_poster_cards():
    broken = '<script id="__NEXT_DATA__" type="application/json">{"props": </script>'
    for state in (broken, _state()):
        rows = _read(state + CARDS)
        assert [(r["imdb_id"], r["title"], r["rating"]) for r in rows] == [
            ("tt0088846", "Brazil", 7.8),
            ("tt0114746", "12 Monkeys", 8.0),
            (None, "No Link Here", None),  # kept, its id left empty
        ]
        assert [r["position"] for r in rows] == [1, 2, 3]


def test_the_2014_recommendations_give_year_rating_outline_and_people():
    mummy, carmencita = _read(RECS_2014)
    assert mummy["imdb_id"] == "tt0120616"
    assert (mummy["title"], mummy["year"], mummy["rating"]) == ("The Mummy", 1999, 7.0)
    assert mummy["genres"] == "Adventure | Fantasy"
    assert mummy["description"].startswith("An American serving")
    assert mummy["directors"] == "Stephen Sommers"
    assert mummy["stars"] == "Brendan Fraser, Rachel Weisz"
    assert carmencita == {
        "work": "film",
        "position": 2,
        "imdb_id": "tt0000001",
        "title": "Carmencita",
        "rating": None,
        "rating_scale": None,
    }


def test_the_2008_table_gives_names_and_ids_and_no_rating_from_a_star_bar():
    rows = _read(RECS_2008)
    assert [(r["imdb_id"], r["title"], r["rating"]) for r in rows] == [
        ("tt0084787", "The Thing", None),
        ("tt0083658", "Blade Runner", None),
    ]


def test_a_page_without_the_section_gives_nothing():
    assert _read("<h2>More like this</h2><p>Nothing here.</p>") == []
    assert _read(_state()) == []


def test_a_saved_imdb_page_stores_its_related_films_with_their_ids(tmp_path):
    page = tmp_path / "brazil_2023.html"
    page.write_text(
        "<html><head><title>Brazil (1985) - IMDb</title>"
        '<link rel="canonical" href="https://www.imdb.com/title/tt0088846/">'
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Movie",'
        '"url":"https://www.imdb.com/title/tt0088846/","name":"Brazil",'
        '"aggregateRating":{"@type":"AggregateRating","ratingCount":210345,"ratingValue":7.8}}'
        f"</script></head><body><h1>Brazil</h1>{_state(AMELIE, UNRATED)}"
        "<h3>More like this</h3></body></html>",
        encoding="utf-8",
    )
    corpus = load_corpus([page])
    rel = corpus.related_titles
    assert rel["imdb_id"].tolist() == ["tt0211915", "tt9999990"]
    assert rel["title"].tolist() == ["Amélie", "Not Out Yet"]
    assert rel["rating"].iloc[0] == 8.3
    assert pd.isna(rel["rating"].iloc[1])
    assert set(rel["work_id"]) == set(corpus.works["work_id"])  # filed under the page's film


def test_rows_of_two_films_of_one_name_stay_apart_and_are_named_by_year():
    from analysis.views.tables import film_names

    rel = pd.DataFrame(
        {
            "imdb_id": ["tt0399201", "tt21853596", None, "tt0399201"],
            "title": ["The Island", "The Island", "the island", None],
            "year": [2005, 2023, None, 2005],
            "directors": [None, None, None, None],
            "description": [None, None, None, None],
        }
    ).astype({"year": "Int64"})
    names = film_names(rel)
    assert names[0] == "The Island (2005)"
    assert names[1] == "The Island (2023)"
    assert names[3] == "The Island (2005)"  # the same id: the same film, though untitled
    assert names[2] in {"The Island (2005)", "The Island (2023)"}  # joined by its title
