"""Saved HTML pages: schema.org structured data first, then the visible text."""

from __future__ import annotations

import pandas as pd
from conftest import FIXTURES

from analysis import load_corpus
from analysis.ingest.html import visible_text

HTML = FIXTURES / "html"


def test_jsonld_movie_rating_and_review():
    c = load_corpus([HTML / "imdb_jsonld.html"])
    assert c.documents["kind"].tolist() == ["imdb"]
    work = c.works.iloc[0]
    assert (work["title"], work["year"], work["imdb_id"]) == ("Delicatessen", 1991, "tt0101700")
    (agg,) = c.aggregates.itertuples()
    assert (agg.platform, agg.metric, agg.value, agg.n, agg.score_100) == (
        "imdb",
        "user_rating",
        7.6,
        79012,
        76.0,
    )
    (review,) = c.reviews.itertuples()
    assert (review.author, review.date, review.rating, review.rating_scale) == (
        "cinephile_42",
        "2004-06-02",
        9.0,
        10.0,
    )
    assert review.title == "Wonderfully odd"
    assert "<b>amazing</b>" in review.text  # kept as text, never as markup


def test_microdata_from_an_unknown_site_keeps_the_review_and_says_why_the_rating_is_not_stored():
    c = load_corpus([HTML / "unknown_site_microdata.html"])
    assert c.reviews["author"].tolist() == ["Lea"]
    assert c.aggregates.empty
    assert "site the ingest does not know" in c.documents["warnings"].item()


def test_visible_text_drops_scripts_and_styles():
    text = visible_text((HTML / "imdb_jsonld.html").read_text(encoding="utf-8"))
    assert "never run" not in text
    assert "color:red" not in text
    assert "ratingValue" not in text
    assert "Delicatessen (1991)" in text


def test_visible_text_keeps_a_rows_cells_apart():
    """A page's source often writes a row's cells with nothing between them: a reader sees
    two cells, not "Directed byJean-Pierre Jeunet"."""
    row = "<table><tr><th>Directed by</th><td>Jean-Pierre Jeunet</td></tr></table>"
    assert "Directed by\tJean-Pierre Jeunet" in visible_text(f"<html><body>{row}</body></html>")


def test_visible_text_of_a_minified_page_keeps_its_parts_on_their_own_lines():
    page = (
        "<html><head><title>Title</title></head><body><nav>Menu</nav><main><figure>Photo"
        "<figcaption>Caption</figcaption></figure><figure>Chart</figure>Text<pre>Pre</pre>"
        "Before<hr>After<aside>Aside</aside>End</main></body></html>"
    )
    lines = [ln.strip() for ln in visible_text(page).splitlines() if ln.strip()]
    assert lines == [
        "Title",
        "Menu",
        "Photo",
        "Caption",
        "Chart",
        "Text",
        "Pre",
        "Before",
        "After",
        "Aside",
        "End",
    ]


def test_a_wikipedia_television_article_in_todays_markup_is_a_series_with_its_year():
    c = load_corpus([HTML / "wikipedia_tv_series.html"])
    assert c.documents["kind"].tolist() == ["wikipedia"]
    (work,) = c.works.itertuples()
    assert (work.title, work.year, work.kind, work.form) == ("Deadwood", 2004, "film", "TV series")
    assert c.aggregates[["platform", "value", "n"]].values.tolist() == [
        ["rotten_tomatoes", 93.0, 41]
    ]


def test_a_browsers_single_file_save_is_read_as_the_page_it_holds():
    """MHTML (Chrome's "Webpage, Single File"): the page inside, quoted-printable decoded,
    its image part passed over; the archive's own URL says which site it is, and its date
    when it was saved."""
    c = load_corpus([HTML / "saved_single_file.mhtml"])
    (doc,) = c.documents.itertuples()
    assert (doc.kind, doc.as_of, doc.as_of_basis) == (
        "imdb",
        "2026-03-14",
        "web archive (MHTML) saved date",
    )
    assert "https://www.imdb.com/title/tt0112682/" in doc.warnings
    (work,) = c.works.itertuples()
    assert (work.title, work.year) == ("The City of Lost Children", 1995)
    assert c.aggregates[["metric", "value", "n"]].values.tolist() == [["user_rating", 7.6, 62000]]


def test_a_web_archive_without_a_page_is_skipped_with_its_reason(tmp_path):
    archive = tmp_path / "pictures.mhtml"
    archive.write_text(
        'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b"\n\n--b\n'
        "Content-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--b--\n"
    )
    c = load_corpus([archive])
    assert c.documents.empty
    (reason,) = c.skipped["reason"]
    assert reason == f"{archive}: a web archive (MHTML) with no HTML page in it"


def test_metacritic_user_reviews_are_read_from_the_markup(tmp_path):
    """A hand-made Metacritic user-reviews page of another game: a long review cut on
    screen (its whole text kept), a short one, one without a score, one without text
    (counted in the page's warnings, not stored)."""

    def review(n, name, date, score, body, ups=None):
        grade = f'<div class="review_grade"><div class="metascore_w user">{score}</div></div>'
        votes = (
            f'<span class="total_ups">{ups[0]}</span> of <span class="total_thumbs">{ups[1]}</span>'
            if ups
            else ""
        )
        return (
            f'<li id="user_review_{n}" class="review user_review"><div class="review_critic">'
            f'<div class="name"><a href="/user/{name}">{name}</a></div><div class="date">{date}</div>'
            f"</div>{grade if score is not None else ''}"
            f'<div class="review_body">{body}</div><div class="review_helpful">{votes}</div></li>'
        )

    cut = (
        '<span class="inline_expand_collapse"><span class="blurb blurb_collapsed">The opening'
        ' hours drag.</span><span class="blurb blurb_expanded">The opening hours drag.<br/>'
        "<br/>Then the world opens up &amp; the music soars.</span>"
        '<span class="blurb_etc">&hellip;</span> <span class="toggle_expand">Expand</span></span>'
    )
    page = tmp_path / "hollow.html"
    page.write_text(
        "<html><head><title>Hollow Knight for PC Reviews - Metacritic</title>"
        '<link rel="canonical" href="https://www.metacritic.com/game/pc/hollow-knight/user-reviews">'
        "</head><body><h1>Hollow Knight</h1>"
        '<div class="metascore_w user large game positive">9.1</div> based on <strong>2,040 Ratings</strong>'
        '<ol class="reviews user_reviews">'
        + review(1, "bugfan", "Mar 3, 2018", 10, cut, ups=(12, 15))
        + review(2, "grumpy", "Apr 1, 2018", 2, "<span>Too hard for me.</span>")
        + review(3, "silent", "Apr 2, 2018", None, "<span>Lovely maps, no score given.</span>")
        + review(4, "nobody", "Apr 3, 2018", 7, "")
        + "</ol></body></html>",
        encoding="utf-8",
    )
    corpus = load_corpus([page])
    r = corpus.reviews
    assert r["author"].tolist() == ["bugfan", "grumpy", "silent"]
    assert (
        r["text"].iloc[0] == "The opening hours drag.\n\nThen the world opens up & the music soars."
    )
    assert r["rating"].iloc[:2].tolist() == [10.0, 2.0]
    assert pd.isna(r["rating"].iloc[2])
    assert r["date"].tolist() == ["2018-03-03", "2018-04-01", "2018-04-02"]
    assert (r["helpful_yes"].iloc[0], r["helpful_total"].iloc[0]) == (12, 15)
    assert pd.isna(r["helpful_total"].iloc[1])
    assert (
        "1 user review(s) listed without text: not stored" in corpus.documents["warnings"].iloc[0]
    )


def test_imdb_review_cards_are_read_from_the_markup(tmp_path):
    """A hand-made IMDb reviews page of another film in the 2024+ card layout: a rated
    review with votes, a spoiler without a rating, a card without text (counted, not
    stored)."""

    def card(author, date, body, rating=None, votes=None, spoiler=False):
        stars = (
            f'<span class="review-rating"><span class="ipc-rating-star--rating">{rating}</span>'
            '<span class="ipc-rating-star--maxRating">/10</span></span>'
            if rating is not None
            else ""
        )
        helpful = (
            f'<div><button class="up-vote-btn"></button></div><span><span title="Helpful">Helpful'
            f"</span><span>•</span><span>{votes[0]}</span></span><div>"
            f'<button class="down-vote-btn"></button></div><span><span>{votes[1]}</span></span>'
            if votes
            else ""
        )
        label = "<div>Spoiler</div>" if spoiler else ""
        text = f'<div class="ipc-html-content-inner-div">{body}</div>' if body else ""
        return (
            f'<article class="user-review-item">{stars}<div data-testid="review-summary"><h3>'
            f"Headline by {author}</h3></div>{label}{text}{helpful}"
            f'<a data-testid="author-link">{author}</a><li class="review-date">{date}</li></article>'
        )

    page = tmp_path / "gattaca_reviews.html"
    page.write_text(
        "<html><head><title>Gattaca (1997) - User reviews - IMDb</title>"
        '<link rel="canonical" href="https://www.imdb.com/title/tt0119177/reviews/"></head><body>'
        + card(
            "vincent", "Oct 24, 1997", "Clean, cold and moving.<br/>A quiet classic.", 9, (120, 8)
        )
        + card("jerome", "Jan 2, 2001", "The swim at the end &amp; what it means.", spoiler=True)
        + card("irene", "Mar 3, 2003", "")
        + "</body></html>",
        encoding="utf-8",
    )
    corpus = load_corpus([page])
    r = corpus.reviews
    assert r["author"].tolist() == ["vincent", "jerome"]
    assert r["text"].tolist() == [
        "Clean, cold and moving.\nA quiet classic.",
        "The swim at the end & what it means.",
    ]
    assert r["rating"].iloc[0] == 9.0
    assert pd.isna(r["rating"].iloc[1])
    assert (r["helpful_yes"].iloc[0], r["helpful_total"].iloc[0]) == (120, 128)
    assert pd.isna(r["helpful_total"].iloc[1])
    assert r["title"].iloc[0] == "Headline by vincent"
    assert r["date"].tolist() == ["1997-10-24", "2001-01-02"]
    warnings = corpus.documents["warnings"].iloc[0]
    assert "1 user review(s) listed without text: not stored" in warnings


def test_rotten_tomatoes_audience_reviews_are_read_and_critics_quotes_are_not(tmp_path):
    """A hand-made Rotten Tomatoes page of another film holding both layouts: a critic's
    quote (not a user review), 2010s bubbles (4.5 stars; no stars; no text) and a 2020s
    list item of two and a half stars."""
    bubble = (
        '<div class="quote_bubble"><div class="review_quote_stretch audience_contents">'
        '<div class="scoreWrapper">{stars}</div><div class="comment">{text}</div></div>'
        '<div class="review_quote_bottom"><span class="date">{date}</span></div>'
        '<div class="review_source media_block"><div class="bold"><a>{who}</a></div></div></div>'
    )
    page = tmp_path / "moon.html"
    page.write_text(
        "<html><head><title>Moon (2009) - Rotten Tomatoes</title>"
        '<link rel="canonical" href="https://www.rottentomatoes.com/m/moon"></head><body>'
        '<div class="quote_bubble"><div class="review_quote">A critic: cool and lonely.</div></div>'
        + bubble.format(
            stars='<span class="small rating stars score45"></span>',
            text="Sam Rockwell, twice, and the score by Clint Mansell.",
            date="June 20, 2009",
            who="Duncan F",
        )
        + bubble.format(
            stars="", text="Slow but it stays with you.", date="July 1, 2009", who="Kay"
        )
        + bubble.format(stars="", text=" ", date="July 2, 2009", who="Blank")
        + '<ul><li class="mop-audience-reviews__review-item"><span class="star-display">'
        '<span class="star-display__filled"></span><span class="star-display__filled"></span>'
        '<span class="star-display__half"></span><span class="star-display__empty"></span></span>'
        '<span class="mop-audience-reviews__review--duration">Aug 3, 2021</span>'
        '<div class="mop-audience-reviews__review--comment">Holds up.</div>'
        '<span class="mop-audience-reviews__review--name">Gerty</span>'
        '<strong class="super-reviewer-badge">Super Reviewer</strong></li></ul>'
        "</body></html>",
        encoding="utf-8",
    )
    corpus = load_corpus([page])
    r = corpus.reviews
    assert r["author"].tolist() == ["Duncan F", "Kay", "Gerty"]  # no critic, no empty one
    assert r["rating"].iloc[0] == 4.5
    assert pd.isna(r["rating"].iloc[1])
    assert r["rating"].iloc[2] == 2.5
    assert r["rating_scale"].iloc[2] == 5.0
    assert r["date"].tolist() == ["2009-06-20", "2009-07-01", "2021-08-03"]
    assert r["badge"].iloc[2] == "Super Reviewer"
    assert "1 user review(s) listed without text" in corpus.documents["warnings"].iloc[0]


def test_imdb_reviews_page_of_2017_to_2023_is_read_from_the_markup(tmp_path):
    """A hand-made IMDb reviews page of another film in the 2017-2023 list layout
    (``div.imdb-user-review``): rating of 10, headline, author, date, text with its line
    breaks, "N out of M found this helpful"; a review without a rating; one without text."""

    def item(author, date, body, rating=None, helpful=None):
        stars = (
            f'<div class="ipl-ratings-bar"><span class="rating-other-user-rating"><svg></svg>'
            f'<span>{rating}</span><span class="point-scale">/10</span></span></div>'
            if rating is not None
            else ""
        )
        votes = f"{helpful} found this helpful. Was this review helpful?" if helpful else ""
        return (
            '<div class="lister-item mode-detail imdb-user-review collapsable">'
            f'<div class="review-container"><div class="lister-item-content">{stars}'
            f'<a href="/review/rw1/" class="title"> A take by {author}\n</a>'
            f'<div class="display-name-date"><span class="display-name-link"><a href="/user/u/">'
            f'{author}</a></span><span class="review-date">{date}</span></div>'
            f'<div class="content"><div class="text show-more__control">{body}</div>'
            f'<div class="actions text-muted">{votes}</div></div></div></div></div>'
        )

    page = tmp_path / "arrival_reviews.html"
    page.write_text(
        "<html><head><title>Arrival (2016) - Arrival (2016) - User Reviews - IMDb</title>"
        '<link rel="canonical" href="https://www.imdb.com/title/tt2543164/reviews"></head><body>'
        + item(
            "louise",
            "11 November 2016",
            "Patient.<br><br>And then it hits you.",
            9,
            "1,204 out of 1,530",
        )
        + item("ian", "2 December 2016", "The heptapods' circles, explained at last.")
        + item("nobody", "3 December 2016", "", 5)
        + "</body></html>",
        encoding="utf-8",
    )
    corpus = load_corpus([page])
    r = corpus.reviews
    assert r["author"].tolist() == ["louise", "ian"]
    assert r["text"].iloc[0] == "Patient.\n\nAnd then it hits you."
    assert r["title"].iloc[0] == "A take by louise"
    assert r["rating"].iloc[0] == 9.0
    assert pd.isna(r["rating"].iloc[1])
    assert (r["helpful_yes"].iloc[0], r["helpful_total"].iloc[0]) == (1204, 1530)
    assert pd.isna(r["helpful_total"].iloc[1])
    assert r["date"].tolist() == ["2016-11-11", "2016-12-02"]
    warnings = corpus.documents["warnings"].iloc[0]
    assert "1 user review(s) listed without text: not stored" in warnings
    assert "no user review found" not in warnings


def test_a_fragment_listing_reviews_without_a_title_says_so_when_skipped(tmp_path):
    """A copied part of a Metacritic reviews page (no <head>, no title): skipped, saying how
    many reviews it lists and what to save instead; a fragment listing none keeps the
    ordinary reason."""
    listing = tmp_path / "copied.html"
    listing.write_text(
        "<div><ol>"
        + "".join(
            f'<li class="review user_review"><div class="name"><a>{who}</a></div>'
            f'<div class="date">Dec 1, 2020</div><div class="review_body"><span>{said}</span>'
            "</div></li>"
            for who, said in (("ann", "Great."), ("bob", "Dull."))
        )
        + "</ol></div>",
        encoding="utf-8",
    )
    plain = tmp_path / "plain.html"
    plain.write_text(
        "<div>" + "<p><span>Nothing about any film here.</span></p>" * 5 + "</div>",
        encoding="utf-8",
    )
    corpus = load_corpus([listing, plain])
    reasons = dict(zip(corpus.skipped["document_id"], corpus.skipped["reason"], strict=True))
    assert reasons["copied"].startswith("lists 2 Metacritic user review(s) but names no title")
    assert reasons["plain"].startswith("not recognised as a page kind")
    assert corpus.reviews.empty
    assert set(corpus.documents["kind"]) == {"unknown"}  # both still listed as documents
