"""User reviews from a saved page's own markup, where the page lists them without schema.org
data and its visible text runs them together or loses them:

* Metacritic's user-reviews page (2010s-2020 layout, one ``li.user_review`` per review):
  author, date, score of 10, the whole text (the expanded blurb, not the cut one), helpful
  votes ("115 of 219 users found this helpful");
* IMDb's user reviews on a title's reviews page: the 2024+ cards (``article.user-review-item``:
  author, date, rating of 10, headline, text (a spoiler's too, without its "Spoiler"
  label), helpful votes up and down: "Helpful • 41", "16") and the 2017-2023 list
  (``div.imdb-user-review``: the same, helpful votes as "45 out of 55 found this helpful");
* Rotten Tomatoes' audience reviews on a film's page: the 2010s quote bubbles
  (``.audience_contents``, stars as a ``score35`` class) and the 2020s list
  (``li.mop-audience-reviews__review-item``, stars drawn as filled and half icons): author,
  date, stars of 5, text and the "Super Reviewer" badge. The critics' quotes beside them
  are not user reviews and are not read here.

A review without text is not stored and is counted in the page's warnings."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

import lxml.html

from analysis.ingest.markup import first_text, has_class
from analysis.text import parse_count, parse_date


def _body(node: lxml.html.HtmlElement) -> str:
    """A review's text with its line breaks: the expanded blurb where the page cut it, else
    the whole body."""
    body = node.xpath(f".//*[{has_class('review_body')}]")
    if not body:
        return ""
    expanded = body[0].xpath(f".//*[{has_class('blurb_expanded')}]")
    return _lines(expanded[0] if expanded else body[0])


def _count(node: lxml.html.HtmlElement, cls: str) -> int | None:
    found = first_text(node.xpath(f".//*[{has_class(cls)}]"))
    return parse_count(found) if found else None


def _lines(node: lxml.html.HtmlElement) -> str:
    """A node's text with its ``<br>`` as line breaks, spaces collapsed within lines."""
    node = copy.deepcopy(node)  # the page stays as it was
    for br in node.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in node.text_content().split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _listed(
    doc: lxml.html.HtmlElement,
    items: str,
    text_of: Callable[[lxml.html.HtmlElement], str],
    row_of: Callable[[lxml.html.HtmlElement, str], dict],
) -> tuple[list[dict], int]:
    """(a row for each review the XPath ``items`` finds that has text, how many had none)."""
    rows, empty = [], 0
    for item in doc.xpath(items):
        text = text_of(item)
        if text:
            rows.append(row_of(item, text))
        else:
            empty += 1
    return rows, empty


def _first(cls: str) -> Callable[[lxml.html.HtmlElement], str]:
    """The text (``_lines``) of an item's first element of class ``cls`` ("" when none)."""

    def text_of(item: lxml.html.HtmlElement) -> str:
        found = item.xpath(f".//*[{has_class(cls)}]")
        return _lines(found[0]) if found else ""

    return text_of


def _review(source: str, text: str, *, author, date, rating, scale: float, lowest: float, **more):
    """A user review row of the page's subject (a game's key is "film" too); its rating kept
    where it lies on its scale (``lowest`` to ``scale``), else none, and so no scale."""
    ok = rating is not None and lowest <= rating <= scale
    return {
        "work": "film",
        "text": text,
        "source": source,
        "author": author,
        "date": parse_date(date or ""),
        "rating": rating if ok else None,
        "rating_scale": scale if ok else None,
    } | more


def _whole(text: str | None) -> float | None:
    """A score written as a whole number ("8", "10"), None otherwise."""
    return float(text) if text and re.fullmatch(r"\d{1,2}", text) else None


def _metacritic_row(li: lxml.html.HtmlElement, text: str) -> dict:
    score = first_text(
        li.xpath(f".//*[{has_class('review_grade')}]//*[{has_class('metascore_w')}]")
    )
    ups, total = _count(li, "total_ups"), _count(li, "total_thumbs")
    return _review(
        "metacritic",
        text,
        author=first_text(li.xpath(f".//*[{has_class('name')}]")),
        date=first_text(li.xpath(f".//*[{has_class('date')}]")),
        rating=_whole(score),
        scale=10.0,
        lowest=0.0,
        helpful_yes=ups if total is not None else None,
        helpful_total=total if ups is not None else None,
    )


def metacritic_user_reviews(doc: lxml.html.HtmlElement) -> tuple[list[dict], int]:
    """(the user reviews listed on a Metacritic page, how many listed ones had no text)."""
    return _listed(doc, f"//*[{has_class('user_review')}]", _body, _metacritic_row)


def _number(text: str | None) -> int | None:
    return parse_count(text) if text and re.fullmatch(r"[\d,.]+[KkMm]?", text) else None


def _card_votes(card: lxml.html.HtmlElement) -> tuple[int | None, int | None]:
    """2024+: "Helpful • 41" then the down votes ("16"): (41, 57)."""
    up = card.xpath(".//*[@title='Helpful']/following-sibling::span[last()]")
    down = card.xpath(f".//*[{has_class('down-vote-btn')}]/parent::*/following-sibling::span[1]")
    ups, downs = _number(first_text(up)), _number(first_text(down))
    if ups is None or downs is None:
        return None, None
    return ups, ups + downs


_FOUND_HELPFUL = re.compile(r"([\d,]+)\s+out\s+of\s+([\d,]+)\s+found\s+this\s+helpful", re.I)


def _list_votes(item: lxml.html.HtmlElement) -> tuple[int | None, int | None]:
    """2017-2023: "45 out of 55 found this helpful": (45, 55)."""
    votes = _FOUND_HELPFUL.search(first_text(item.xpath(f".//*[{has_class('actions')}]")) or "")
    return (parse_count(votes.group(1)), parse_count(votes.group(2))) if votes else (None, None)


# IMDb's two layouts of a reviews page: where each field is, and how its votes are written
_IMDB_LAYOUTS = {
    "cards": (  # 2024+: article.user-review-item
        {
            "author": ".//*[@data-testid='author-link']",
            "date": f".//*[{has_class('review-date')}]",
            "stars": f".//*[{has_class('review-rating')}]//*[{has_class('ipc-rating-star--rating')}]",
            "title": ".//*[@data-testid='review-summary']//h3",
        },
        _card_votes,
    ),
    "list": (  # 2017-2023: div.imdb-user-review
        {
            "author": f".//*[{has_class('display-name-link')}]",
            "date": f".//*[{has_class('review-date')}]",
            "stars": f".//*[{has_class('rating-other-user-rating')}]/span",
            "title": f".//a[{has_class('title')}]",
        },
        _list_votes,
    ),
}


def _imdb_row(layout: str) -> Callable[[lxml.html.HtmlElement, str], dict]:
    """A reader of one review of an IMDb ``layout`` (``_IMDB_LAYOUTS``): rating of 10."""
    paths, votes = _IMDB_LAYOUTS[layout]

    def row(item: lxml.html.HtmlElement, text: str) -> dict:
        got = {field: first_text(item.xpath(path)) for field, path in paths.items()}
        yes, total = votes(item)
        return _review(
            "imdb",
            text,
            author=got["author"],
            date=got["date"],
            rating=_whole(got["stars"]),
            scale=10.0,
            lowest=1.0,
            title=got["title"],
            helpful_yes=yes,
            helpful_total=total,
        )

    return row


def imdb_user_reviews(doc: lxml.html.HtmlElement) -> tuple[list[dict], int]:
    """(the user reviews listed on an IMDb page, how many had no text): the 2024+ cards,
    then the 2017-2023 list."""
    cards = f"//*[{has_class('user-review-item')}]"
    rows, empty = _listed(doc, cards, _first("ipc-html-content-inner-div"), _imdb_row("cards"))
    listed = f"//*[{has_class('imdb-user-review')}]"
    more, more_empty = _listed(doc, listed, _first("show-more__control"), _imdb_row("list"))
    return rows + more, empty + more_empty


def _audience_row(text: str, author, date, stars: float | None, badge) -> dict:
    """An audience review: stars of 5, in halves (none drawn is no rating)."""
    return _review(
        "rotten_tomatoes",
        text,
        author=author,
        date=date,
        rating=stars,
        scale=5.0,
        lowest=0.5,
        badge=badge,
    )


def _bubble_row(bubble: lxml.html.HtmlElement, text: str) -> dict:
    """2010s: a quote bubble holding an ``.audience_contents`` quote."""
    score = bubble.xpath(f".//*[{has_class('stars')}]/@class")
    m = re.search(r"\bscore(\d{1,2})\b", score[0]) if score else None
    return _audience_row(
        text,
        first_text(bubble.xpath(f".//*[{has_class('review_source')}]//*[{has_class('bold')}]")),
        first_text(bubble.xpath(f".//*[{has_class('date')}]")),
        int(m.group(1)) / 10 if m else None,
        first_text(bubble.xpath(f".//*[{has_class('superreviewer')}]")),
    )


_MOP = "mop-audience-reviews__review"  # the 2020s list's class prefix


def _list_row(li: lxml.html.HtmlElement, text: str) -> dict:
    """2020s: an ``li.mop-audience-reviews__review-item``, its stars drawn as icons."""
    full = len(li.xpath(f".//*[{has_class('star-display__filled')}]"))
    half = len(li.xpath(f".//*[{has_class('star-display__half')}]"))
    return _audience_row(
        text,
        first_text(li.xpath(f".//*[{has_class(_MOP + '--name')}]")),
        first_text(li.xpath(f".//*[{has_class(_MOP + '--duration')}]")),
        full + half / 2 if li.xpath(f".//*[{has_class('star-display')}]") else None,
        first_text(li.xpath(f".//*[{has_class('super-reviewer-badge')}]")),
    )


def rotten_tomatoes_audience_reviews(doc: lxml.html.HtmlElement) -> tuple[list[dict], int]:
    """(the audience reviews a Rotten Tomatoes film page shows, how many had no text)."""
    bubbles = f"//*[{has_class('quote_bubble')}][.//*[{has_class('audience_contents')}]]"
    rows, empty = _listed(doc, bubbles, _first("comment"), _bubble_row)
    listed = f"//*[{has_class(_MOP + '-item')}]"
    more, more_empty = _listed(doc, listed, _first(_MOP + "--comment"), _list_row)
    return rows + more, empty + more_empty


SITE_READERS = {
    "imdb": imdb_user_reviews,
    "metacritic": metacritic_user_reviews,
    "rotten_tomatoes": rotten_tomatoes_audience_reviews,
}


def listed_reviews(doc: lxml.html.HtmlElement) -> dict[str, tuple[list[dict], int]]:
    """Each site's user reviews the page's markup lists (``SITE_READERS``): the rows and
    how many listed reviews had no text."""
    return {site: read(doc) for site, read in SITE_READERS.items()}
