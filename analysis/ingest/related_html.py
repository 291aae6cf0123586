"""IMDb's "More like this" from a saved page's own markup or app state, each film with its
IMDb id (``tt…``): what joins one film across snapshots and languages.

IMDb has drawn the section four ways; each reader takes one, the most precise first:

* the Next.js app state (2021+): ``moreLikeThisTitles`` in ``__NEXT_DATA__``, with the
  year, genres, rating and vote count of each film;
* the rendered poster cards (2021+, also in pages saved as one file without the state):
  ``data-testid="MoreLikeThis"``, the title and rating of each;
* the 2010-2016 recommendations (``rec_overview``): title, year, genres, rating and votes,
  outline, directors and stars;
* the 2008 "Recommendations" table (``table.recs``): titles only; its ratings were drawn
  as star bars, not written, and stay empty.

The text reader (``parsers.imdb.related_titles``) stays for plain-text dumps, which carry
no ids."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

import lxml.html

from analysis.ingest.markup import first_text, has_class

_ID = re.compile(r"/title/(tt\d{7,9})\b")
_RATED = re.compile(r"(?P<r>\d{1,2}(?:\.\d)?)\s*/\s*10\b")


def _rating(value: object) -> float | None:
    """An IMDb rating on its 1-10 scale, None when absent or not one."""
    try:
        rating = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return rating if 1 <= rating <= 10 else None


def _row(position: int, imdb_id: str | None, title: str | None, **known) -> dict:
    rating = _rating(known.pop("rating", None))
    return {
        "work": "film",
        "position": position,
        "imdb_id": imdb_id,
        "title": title,
        "rating": rating,
        "rating_scale": 10.0 if rating is not None else None,
    } | {k: v for k, v in known.items() if v not in (None, "")}


def _found(data: object, key: str) -> Iterator[object]:
    """Every value stored under ``key`` anywhere in parsed JSON, in document order."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if key in item:
                yield item[key]
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def _get(node: object, *path: str) -> object:
    for step in path:
        node = node.get(step) if isinstance(node, dict) else None
    return node


def _next_state(doc: lxml.html.HtmlElement) -> list[dict]:
    """2021+: the films of ``moreLikeThisTitles`` in the page's Next.js state."""
    for script in doc.xpath('//script[@id="__NEXT_DATA__"]/text()'):
        try:
            state = json.loads(script)
        except ValueError:
            continue
        for titles in _found(state, "moreLikeThisTitles"):
            nodes = [_get(e, "node") for e in (_get(titles, "edges") or [])]
            nodes = [n for n in nodes if isinstance(n, dict) and n.get("id")]
            if nodes:
                return [_state_row(i, n) for i, n in enumerate(nodes, 1)]
    return []


def _state_row(position: int, node: dict) -> dict:
    genres = [_get(g, "genre", "text") for g in (_get(node, "titleGenres", "genres") or [])]
    return _row(
        position,
        node["id"],
        _get(node, "titleText", "text") or _get(node, "originalTitleText", "text"),
        year=_get(node, "releaseYear", "year"),
        genres=" | ".join(g for g in genres if isinstance(g, str)) or None,
        rating=_get(node, "ratingsSummary", "aggregateRating"),
    )


def _poster_cards(doc: lxml.html.HtmlElement) -> list[dict]:
    """2021+ as rendered: the poster cards of the ``MoreLikeThis`` section."""
    rows = []
    for section in doc.xpath('//*[@data-testid="MoreLikeThis"]')[:1]:
        for card in section.xpath(f".//*[{has_class('ipc-poster-card')}]"):
            link = next(
                (m for h in card.xpath(".//a/@href") if (m := _ID.search(h))),
                None,
            )
            title = first_text(card.xpath('.//*[@data-testid="title"]')) or first_text(
                card.xpath(".//img/@alt")
            )
            if link is None and title is None:
                continue
            rating = first_text(card.xpath(f".//*[{has_class('ipc-rating-star--imdb')}]"))
            rows.append(
                _row(
                    len(rows) + 1,
                    link.group(1) if link else None,
                    title,
                    rating=(re.match(r"\d{1,2}(?:\.\d)?", rating or "") or [None])[0],
                )
            )
    return rows


def _rec_overviews(doc: lxml.html.HtmlElement) -> list[dict]:
    """2010-2016: each ``rec_overview`` (its ``data-tconst`` the film's id)."""
    rows = []
    for rec in doc.xpath(f"//*[{has_class('rec_overview')}][@data-tconst]"):
        year = re.search(
            r"\d{4}",
            first_text(rec.xpath(f".//*[{has_class('rec-title')}]//*[{has_class('nobr')}]")) or "",
        )
        genres = first_text(rec.xpath(f".//*[{has_class('rec-cert-genre')}]"))
        rated = rec.xpath(f".//*[{has_class('rating-list')}]/@title")
        m = _RATED.search(rated[0]) if rated else None
        people = {
            key: re.sub(r"^\s*(?:directors?|stars?)\s*:\s*", "", text, flags=re.I) or None
            for key, cls in (("directors", "rec-director"), ("stars", "rec-actor"))
            if (text := first_text(rec.xpath(f".//*[{has_class(cls)}]")))
        }
        rows.append(
            _row(
                len(rows) + 1,
                rec.get("data-tconst"),
                first_text(rec.xpath(f".//*[{has_class('rec-title')}]//b"))
                or first_text(rec.xpath(f".//*[{has_class('rec-title')}]//a")),
                year=int(year.group(0)) if year else None,
                genres=re.sub(r"^certificate:\s*\S+\s*", "", genres or "", flags=re.I) or None,
                rating=m.group("r") if m else None,
                description=first_text(rec.xpath(f".//*[{has_class('rec-outline')}]")),
                **people,
            )
        )
    return rows


def _recs_table(doc: lxml.html.HtmlElement) -> list[dict]:
    """2008: the titles row of the "Recommendations" table (``table.recs``)."""
    rows = []
    for table in doc.xpath(f"//table[{has_class('recs')}]")[:1]:
        for a in table.xpath(".//a[@href]"):
            m, title = _ID.search(a.get("href")), first_text([a])
            if m and title and title != "-":
                rows.append(_row(len(rows) + 1, m.group(1), title))
    return rows


READERS: tuple[Callable[[lxml.html.HtmlElement], list[dict]], ...] = (
    _next_state,
    _poster_cards,
    _rec_overviews,
    _recs_table,
)


def imdb_related(doc: lxml.html.HtmlElement) -> list[dict]:
    """The page's "More like this" films in page order (``RelatedTitles`` rows less the
    page's own keys), from the first reader that finds any; [] when the page has none."""
    for reader in READERS:
        rows = reader(doc)
        if rows:
            return rows
    return []
