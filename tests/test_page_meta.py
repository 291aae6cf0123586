"""Site, page type and embedded scores on hand-made variant pages (other titles, other
numbers, missing parts), so the page adapters are not tuned to the saved pages' bytes."""

from __future__ import annotations

import pytest

from analysis.ingest.detect import detect_kind, looks_like_notes
from analysis.ingest.html import looks_like_html, parse_html_page
from analysis.ingest.page_meta import embedded_scores, page_meta
from analysis.ingest.parsers import get_parser
from analysis.settings import DEFAULT


def _page(head: str, body: str) -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def _read(html: str):
    return parse_html_page(html, detect_kind, get_parser, DEFAULT)


@pytest.mark.parametrize(
    ("head", "site", "page_type"),
    [
        ('<link rel="canonical" href="https://www.imdb.com/title/tt0111111/">', "imdb", "title"),
        (
            '<meta property="og:url" content="https://www.rottentomatoes.com/m/some_film">',
            "rotten_tomatoes",
            "title",
        ),
        (
            '<link rel="canonical" href="https://www.imdb.com/title/tt0111111/reviews">',
            "imdb",
            "critic reviews",
        ),
        (
            '<link rel="canonical" href="https://www.imdb.com/name/nm0000434/">',
            "imdb",
            "not a review page",
        ),
        (
            '<link rel="canonical" href="https://www.imdb.com/find?q=heat">',
            "imdb",
            "not a review page",
        ),
        (
            '<link rel="canonical" href="https://www.metacritic.com/user/someone">',
            "metacritic",
            "not a review page",
        ),
        ("<title>Some Film (2031) - IMDb</title>", "imdb", "title"),
        ("<title>Other Film Movie Reviews - Rotten Tomatoes</title>", "rotten_tomatoes", "title"),
        ('<script>var x = {"wgPageName":"Some_Film"};</script>', "wikipedia", "title"),
        ("<title>My notes</title>", None, "unknown"),
    ],
)
def test_site_and_page_type_from_the_page_itself(head, site, page_type):
    meta = page_meta(_page(head, "<p>text</p>"))
    assert (meta.site, meta.page_type) == (site, page_type)


def test_rotten_tomatoes_score_board_with_other_numbers():
    html = _page(
        '<link rel="canonical" href="https://www.rottentomatoes.com/m/made_up_film">',
        '<score-board audiencescore="42" tomatometerscore="73" rating="R"></score-board>'
        '<script>{"scoreboard":{"tomatometerCount":120,"audienceCount":5321},'
        '"tomatometerScoreAll":{"averageRating":"6.40","likedCount":88}}</script>',
    )
    got = {f["metric"]: (f["value"], f["n"]) for f in embedded_scores(html, "rotten_tomatoes")}
    assert got == {
        "tomatometer": (73.0, 120),
        "audience_score": (42.0, 5321),
        "critic_average_rating": (6.4, 120),
    }


def test_imdb_next_state_metascore_and_json_ld_rating_win_over_rounded_text():
    html = _page(
        '<link rel="canonical" href="https://www.imdb.com/title/tt0999999/">'
        '<script type="application/ld+json">{"@type":"Movie","name":"Made Up","url":'
        '"https://www.imdb.com/title/tt0999999/","aggregateRating":{"@type":"AggregateRating",'
        '"ratingValue":6.3,"ratingCount":48213,"bestRating":10}}</script>',
        "<h1>Made Up</h1><div>IMDb RATING 6.3/10 48K</div>"
        '<script id="__NEXT_DATA__">{"metacritic":{"metascore":{"score":58}}}</script>',
    )
    kind, parsed, _ = _read(html)
    assert kind == "imdb"
    got = {(a["platform"], a["metric"]): (a["value"], a.get("n")) for a in parsed.aggregates}
    assert got[("imdb", "user_rating")] == (6.3, 48213)
    assert got[("metacritic", "metascore")][0] == 58


def test_a_search_page_gives_no_score_even_with_scores_on_it():
    html = _page(
        '<link rel="canonical" href="https://www.imdb.com/search/title/?year=2018">',
        '<div class="lister-item"><span itemprop="ratingValue">7.9</span> 5,000 votes</div>'
        '<script>{"metacritic":{"metascore":{"score":81}}}</script>',
    )
    kind, parsed, _ = _read(html)
    assert kind == "imdb"
    assert parsed.aggregates == []
    assert any("not a page about one title" in w for w in parsed.warnings)


def test_metacritic_classic_scores_with_counts_and_no_profile_scores():
    body = (
        '<div class="metascore_w xlarge game positive"><span>84</span></div>'
        "<span>based on</span> <span>27 Critic Reviews</span>"
        '<div class="metascore_w user large game positive">7.9</div>'
        "<span>based on</span> <strong>1,204 Ratings</strong>"
    )
    got = {
        f["metric"]: (f["value"], f["n"]) for f in embedded_scores(_page("", body), "metacritic")
    }
    assert got == {"metascore": (84.0, 27), "user_score": (7.9, 1204)}
    profile = _page('<link rel="canonical" href="https://www.metacritic.com/user/fan">', body)
    assert _read(profile)[1].aggregates == []


def test_a_notes_file_is_not_a_page_and_weak_evidence_is_no_guess():
    notes = "\n".join(
        ["# Pages I saved", "", "| file | score |", "|---|---|", "| a.html | Metascore 73 |"]
        + [f"- page {i}: Tomatometer 9{i}% critics consensus" for i in range(6)]
    )
    assert looks_like_notes(notes)
    assert detect_kind(notes)[0] == "unknown"
    # one Metacritic word and one Rotten Tomatoes word: no clear margin, no guess
    assert detect_kind("The Metascore was 70.\nThe Tomatometer said 80%.\n")[0] == "unknown"


def test_fragments_of_pages_are_read_as_html():
    fragment = "".join(f"<div><p><span>line {i}</span></p></div>" for i in range(5))
    assert looks_like_html(fragment)
    assert not looks_like_html("Plain text with one <b>bold</b> word.")


@pytest.mark.parametrize(
    ("snippet", "day", "basis"),
    [
        (
            "<!-- saved date: Tue Jan 09 2024 10:11:12 GMT+0100 -->",
            "2024-01-09",
            "SingleFile saved date",
        ),
        (
            "This page was last edited on 3 June 2019, at 17:02.",
            "2019-06-03",
            "'last edited on' line",
        ),
        (
            '<script type="application/ld+json">{"dateModified":"2020-11-30T08:00:00Z"}</script>',
            "2020-11-30",
            "JSON-LD dateModified",
        ),
        ("<p>No date anywhere.</p>", None, None),
    ],
)
def test_the_pages_own_date(snippet, day, basis):
    from analysis.ingest.page_meta import page_date

    assert page_date(_page("", snippet)) == (day, basis)


def test_real_pages_date_themselves(tmp_path):
    import gzip

    from conftest import FIXTURES

    from analysis.ingest.page_meta import page_date

    def read(name: str) -> str:
        return gzip.decompress((FIXTURES / "pages_dev" / f"{name}.gz").read_bytes()).decode(
            "utf-8", "replace"
        )

    assert page_date(read("imdb__pulp_fiction__2008-07-tn15.html"))[0] == "2008-07-29"
    assert page_date(read("imdb__game_of_thrones__2023-03-singlefile.html"))[0] == "2023-03-27"
    assert page_date(read("wikipedia__billy_jack__2014-04.html"))[0] == "2014-04-07"


def test_rotten_tomatoes_2023_score_json_with_counts():
    html = _page(
        '<link rel="canonical" href="https://www.rottentomatoes.com/m/made_up_2024">',
        '<script>{"criticsScore":1,"tomatometerScore":{"state":"fresh","value":88,'
        '"reviewCount":212},"audienceScore":{"state":"upright","value":"91",'
        '"bandedRatingCount":"2,500+","ratingCount":4312}}</script>',
    )
    got = {f["metric"]: (f["value"], f["n"]) for f in embedded_scores(html, "rotten_tomatoes")}
    assert got == {"tomatometer": (88.0, 212), "audience_score": (91.0, 4312)}


def test_metacritic_2023_layout_scores_and_counts():
    body = (
        '<div class="c-siteReviewScore u-flexbox-column c-siteReviewScore_green">'
        "<span>86</span></div><span>Based on 41 Critic Reviews</span>"
        '<div class="c-siteReviewScore c-siteReviewScore_user c-siteReviewScore_medium">'
        "<span>7.2</span></div><span>Based on 903 User Ratings</span>"
    )
    got = {
        f["metric"]: (f["value"], f["n"]) for f in embedded_scores(_page("", body), "metacritic")
    }
    assert got == {"metascore": (86.0, 41), "user_score": (7.2, 903)}


def test_a_structured_review_rated_zero_on_one_to_ten_is_unrated():
    from analysis.ingest.html import structured_data

    html = _page(
        '<script type="application/ld+json">{"@type":"Movie","name":"X","url":'
        '"https://www.imdb.com/title/tt0000001/","review":[{"@type":"Review","reviewBody":'
        '"Fine film.","reviewRating":{"ratingValue":0,"bestRating":10,"worstRating":1}},'
        '{"@type":"Review","reviewBody":"Great film.","reviewRating":{"ratingValue":8,'
        '"bestRating":10,"worstRating":1}}]}</script>',
        "",
    )
    ratings = [r["rating"] for r in structured_data(html, "imdb").reviews]
    assert ratings == [None, 8.0]
